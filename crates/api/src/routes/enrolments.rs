//! Enrolments: `/classes/{id}/enrolments` (list, enrol one), `/classes/{id}/enrolments/bulk`
//! (enrol many, all or nothing), `/enrolments/{id}` (read, withdraw) and `/me/enrolments` (the
//! caller's own).
//!
//! Every enrolment runs in one `begin_write` transaction that re-reads the class, decides by
//! the access policy (`cebase_domain::access::enrolment_source`), takes the seats with the
//! store's conditional update and writes the rows and their audit entries — so the capacity is
//! never exceeded, even by concurrent requests, and a refused request leaves nothing behind.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::access::EnrolmentRefusal;
use cebase_domain::access::TrainingResource;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    BulkEnrolRequest, BulkEnrolmentResponse, BulkItemRefusal, BulkRefusal, EnrolRequest, Enrolment,
    EnrolmentDto, EnrolmentStatus, check_bulk_size, plan_enrolment, review_bulk,
};
use cebase_store::enrolments::{self, EnrolmentFilter, NewEnrolment};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{DatabaseTransaction, begin_write, classes, people};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, commit, created, record_audit};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct EnrolmentListParams {
    /// `enrolled` (holding a seat) or `withdrawn`.
    pub status: Option<EnrolmentStatus>,
}

/// Audits each written enrolment: `enrolment.create` for a new row, `enrolment.reactivate`
/// (with the withdrawn state as `before`) for an earlier one enrolled again.
async fn audit_enrolments(
    txn: &DatabaseTransaction,
    auth: &AuthUser,
    written: &[Enrolment],
    earlier: &HashMap<Uuid, Enrolment>,
) -> Result<(), ApiError> {
    for e in written {
        let before = earlier.get(&e.person_id);
        record_audit(
            txn,
            auth,
            if before.is_some() {
                "enrolment.reactivate"
            } else {
                "enrolment.create"
            },
            "enrolment",
            e.id,
            before.map(Enrolment::audit_snapshot),
            Some(e.audit_snapshot()),
        )
        .await?;
    }
    Ok(())
}

fn page_of(items: &[Enrolment], next_cursor: Option<String>) -> Page<EnrolmentDto> {
    Page {
        items: items.iter().map(Enrolment::to_dto).collect(),
        next_cursor,
    }
}

/// The enrolments of a class in enrolment order. Staff and admin see all, the class's teachers
/// all, organisation contacts those of their organisation's people, trainees their own.
#[utoipa::path(tag = "enrolments", security(("bearer" = [])), params(("id" = Uuid, Path), EnrolmentListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<EnrolmentDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers see no enrolments", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/enrolments")]
pub async fn list_class_enrolments(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    params: web::Query<EnrolmentListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let (visibility, _) =
        access::training_visibility(&state.db, &auth, TrainingResource::Enrolments).await?;
    let (class, _) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    let page = page.synced()?;
    let filter = EnrolmentFilter {
        class_id: Some(class.id),
        person_id: None,
        status: params.status,
    };
    let (items, next_cursor) = enrolments::list(&state.db, &filter, visibility, &page).await?;
    Ok(HttpResponse::Ok().json(page_of(&items, next_cursor)))
}

/// Enrol one person while the class is planned or open: a trainee themselves (class open to
/// enrolment, and opened), an organisation contact a person their organisation employs (class
/// open to enrolment or commissioned by their organisation), staff and admin anyone. A person
/// who withdrew earlier is enrolled again on the same enrolment record.
#[utoipa::path(tag = "enrolments", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = EnrolRequest, responses(
    (status = 201, body = EnrolmentDto, headers(("Location" = String, description = "the enrolment"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: the caller may not enrol this person in this class (an unknown person looks the same, except to staff and admin)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "class_full, already_enrolled, enrolment_closed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: person_id not_found (staff and admin)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/enrolments")]
pub async fn enrol(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<EnrolRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_enrolment_role(&auth)?;
    let (class, caller) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    let person = access::person_to_enrol(&state.db, &auth, body.person_id).await?;
    let txn = begin_write(&state.db).await?;
    // Re-read in the serialised write: the status and seats as they are now.
    let class = classes::find(&txn, class.id).await?;
    let source = access::enrolment_source(&auth, &caller, &class, &person)
        .map_err(access::enrolment_refused)?;
    let earlier = enrolments::of_people(&txn, class.id, &[person.id]).await?;
    let plan = plan_enrolment(earlier.get(&person.id)).map_err(access::enrolment_conflict)?;
    let written = enrolments::enrol(
        &txn,
        class.id,
        &[NewEnrolment {
            person_id: person.id,
            plan,
            source,
        }],
        auth.id(),
    )
    .await?;
    audit_enrolments(&txn, &auth, &written, &earlier).await?;
    commit(txn).await?;
    let enrolment = written
        .first()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("enrolment not returned")))?;
    Ok(created(
        format!("/api/v1/enrolments/{}", enrolment.id),
        &enrolment.to_dto(),
    ))
}

/// Enrol several people at once, all or nothing (organisation contacts, staff, admin). Each
/// person is checked as a single enrolment would be; if any cannot be enrolled nothing is
/// written and every refused item is listed in `errors` (`person_ids[i]`, the person, why:
/// `not_found`, `not_enrollable`, `duplicate`, `already_enrolled`, `class_full`).
#[utoipa::path(tag = "enrolments", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = BulkEnrolRequest, responses(
    (status = 201, body = BulkEnrolmentResponse),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: the caller's roles enrol no one", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "enrolment_closed; class_full (a concurrent enrolment took the seats)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "bulk_rejected: nothing written, `errors` names every refused item; validation_failed: 1–500 person_ids", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/enrolments/bulk")]
pub async fn enrol_bulk(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<BulkEnrolRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_enrolment_role(&auth)?;
    let person_ids = body.into_inner().person_ids;
    check_bulk_size(&person_ids).map_err(ApiError::validation)?;
    let (class, caller) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    let txn = begin_write(&state.db).await?;
    let class = classes::find(&txn, class.id).await?;
    let found = people::find_many(&txn, &person_ids).await?;
    let earlier = enrolments::of_people(&txn, class.id, &person_ids).await?;
    let mut checks = Vec::with_capacity(person_ids.len());
    let mut planned = HashMap::new();
    for person_id in &person_ids {
        let Some(person) = found.get(person_id) else {
            checks.push(Err(if access::enrols_anyone(&auth) {
                BulkRefusal::NotFound
            } else {
                BulkRefusal::NotEnrollable
            }));
            continue;
        };
        let check = match access::enrolment_source(&auth, &caller, &class, person) {
            Ok(source) => match plan_enrolment(earlier.get(person_id)) {
                Ok(plan) => {
                    planned.entry(*person_id).or_insert(NewEnrolment {
                        person_id: *person_id,
                        plan,
                        source,
                    });
                    Ok(())
                }
                Err(_) => Err(BulkRefusal::AlreadyEnrolled),
            },
            Err(EnrolmentRefusal::NotPermitted) => Err(BulkRefusal::NotEnrollable),
            // Closed for one is closed for all: the class itself refuses.
            Err(refusal) => return Err(access::enrolment_refused(refusal)),
        };
        checks.push(check);
    }
    if let Err(refused) = review_bulk(&person_ids, &checks, class.seats_left()) {
        return Err(bulk_rejected(&refused, person_ids.len()));
    }
    let items: Vec<NewEnrolment> = person_ids
        .iter()
        .filter_map(|p| planned.get(p).copied())
        .collect();
    let written = enrolments::enrol(&txn, class.id, &items, auth.id()).await?;
    audit_enrolments(&txn, &auth, &written, &earlier).await?;
    commit(txn).await?;
    Ok(HttpResponse::Created().json(BulkEnrolmentResponse {
        items: written.iter().map(Enrolment::to_dto).collect(),
    }))
}

fn bulk_rejected(refused: &[BulkItemRefusal], total: usize) -> ApiError {
    ApiError::RuleViolated {
        code: ProblemCode::BulkRejected,
        detail: format!(
            "{} of {total} people cannot be enrolled, so nobody was; see errors",
            refused.len()
        ),
        errors: refused.iter().map(|r| r.to_field_error()).collect(),
    }
}

/// One enrolment (staff and admin any; the class's teachers, the person's organisation
/// contacts and the trainee themselves theirs).
#[utoipa::path(tag = "enrolments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = EnrolmentDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also an enrolment outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/enrolments/{id}")]
pub async fn get_enrolment(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (visibility, _) =
        access::training_visibility(&state.db, &auth, TrainingResource::Enrolments).await?;
    let enrolment = enrolments::find_visible(&state.db, id.into_inner(), visibility).await?;
    Ok(HttpResponse::Ok().json(enrolment.to_dto()))
}

/// Withdraw an enrolment before the class starts, freeing its seat (staff, admin, the trainee
/// themselves, a contact of the person's employer).
#[utoipa::path(tag = "enrolments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = EnrolmentDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: e.g. a teacher of the class, or finance", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also an enrolment outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "already_withdrawn; enrolment_closed (the class has started, ended or was cancelled)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/enrolments/{id}/withdraw")]
pub async fn withdraw(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (visibility, caller) =
        access::training_visibility(&state.db, &auth, TrainingResource::Enrolments).await?;
    let id = id.into_inner();
    let seen = enrolments::find_visible(&state.db, id, visibility).await?;
    let person = people::find(&state.db, seen.person_id).await?;
    access::require_withdrawal_right(&auth, &caller, &person)?;
    let txn = begin_write(&state.db).await?;
    let before = enrolments::find(&txn, id).await?;
    let class = classes::find(&txn, before.class_id).await?;
    before
        .check_withdrawal(class.status)
        .map_err(access::enrolment_conflict)?;
    let after = enrolments::withdraw(&txn, id, auth.id()).await?;
    record_audit(
        &txn,
        &auth,
        "enrolment.withdraw",
        "enrolment",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}

/// The caller's own enrolments, in every class, in enrolment order (empty when no person is
/// linked to the account). This is how trainees see their classes.
#[utoipa::path(tag = "me", security(("bearer" = [])), params(EnrolmentListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<EnrolmentDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me/enrolments")]
pub async fn my_enrolments(
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<EnrolmentListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let page = page.synced()?;
    let Some(me) = people::find_by_user(&state.db, auth.id()).await? else {
        return Ok(HttpResponse::Ok().json(page_of(&[], None)));
    };
    let filter = EnrolmentFilter {
        class_id: None,
        person_id: Some(me.id),
        status: params.status,
    };
    let (items, next_cursor) =
        enrolments::list(&state.db, &filter, TrainingVisibility::All, &page).await?;
    Ok(HttpResponse::Ok().json(page_of(&items, next_cursor)))
}
