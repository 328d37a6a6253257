//! `/teachers`: full- and part-time teachers (专兼职教师) and their qualification under Art. 13.
//!
//! [`require_schedulable`] is the one check every feature that assigns a teacher (class
//! sessions) calls: an unqualified teacher is refused with 422 `teacher_not_qualified`, naming
//! each unmet rule of Art. 13.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::ProblemCode;
use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    Teacher, TeacherDto, TeacherProfile, TeacherRequest, UpdateTeacherRequest,
};
use cebase_domain::teacher::Employment;
use cebase_store::{ConnectionTrait, StoreError, begin_write, people, teachers};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{
    PageParams, SyncParams, commit, created, record_audit, unknown_reference, validated,
};
use crate::state::AppState;

const RESOURCE: MasterResource = MasterResource::Teachers;

/// Loads teacher `id` for scheduling. `field` is the request field that names the teacher
/// (e.g. `sessions[2].teacher_id`). Refuses with 422 `validation_failed` (`not_found`) when there
/// is no such teacher, and with 422 `teacher_not_qualified` — one field error per unmet rule,
/// each citing Art. 13 — when the teacher is not qualified.
pub async fn require_schedulable(
    db: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
) -> Result<Teacher, ApiError> {
    let teacher = match teachers::find(db, id).await {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            return Err(ApiError::validation(unknown_reference(field, "teacher")));
        }
        Err(e) => return Err(e.into()),
    };
    match teacher.qualification().require(field) {
        Ok(()) => Ok(teacher),
        Err(errors) => Err(ApiError::RuleViolated {
            code: ProblemCode::TeacherNotQualified,
            detail: format!(
                "{} is not qualified to teach under Art. 13: {}",
                teacher.person_name,
                errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            errors,
        }),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct TeacherListParams {
    pub person_id: Option<Uuid>,
    pub employment: Option<Employment>,
    /// Only teachers who are (`true`) or are not (`false`) qualified under Art. 13.
    pub qualified: Option<bool>,
}

/// List teachers in creation order, each with its qualification. A teacher sees only their own
/// record.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(TeacherListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<TeacherDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and teachers only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/teachers")]
pub async fn list_teachers(
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<TeacherListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let page = page.synced()?;
    let filter = teachers::TeacherFilter {
        person_id: params.person_id,
        employment: params.employment,
        qualified: params.qualified,
    };
    let (items, next_cursor) = teachers::list(&state.db, &filter, visibility, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(Teacher::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// Register a person as a teacher (staff, admin). The attestation counts once its evidence is
/// verified (`POST /teachers/{id}/verify-evidence`).
#[utoipa::path(tag = "teachers", security(("bearer" = [])), request_body = TeacherRequest, responses(
    (status = 201, body = TeacherDto, headers(("Location" = String, description = "the new teacher"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "teacher_exists: the person already has a teacher record", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. an unknown person_id", body = Problem, content_type = "application/problem+json"),
))]
#[post("/teachers")]
pub async fn create_teacher(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<TeacherRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let TeacherRequest { person_id, profile } = body.into_inner();
    // Nothing is ever deleted, so a reference checked before the write transaction stays valid.
    let missing = (!people::exists(&state.db, person_id).await?)
        .then(|| unknown_reference("person_id", "person"));
    let profile = validated(TeacherProfile::try_from(profile), missing)?;
    let txn = begin_write(&state.db).await?;
    let teacher = teachers::create(&txn, person_id, profile).await?;
    record_audit(
        &txn,
        &auth,
        "teacher.create",
        "teacher",
        teacher.id,
        None,
        Some(teacher.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/teachers/{}", teacher.id),
        &teacher.to_dto(),
    ))
}

/// One teacher with its qualification and, when unqualified, every unmet rule of Art. 13.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = TeacherDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and teachers only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another teacher's record, for a teacher)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/teachers/{id}")]
pub async fn get_teacher(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let teacher = teachers::find(&state.db, id.into_inner()).await?;
    access::ensure_visible(visibility, &teacher)?;
    Ok(HttpResponse::Ok().json(teacher.to_dto()))
}

/// Replace a teacher's profile (staff, admin; send the `version` you read). Withdrawing the
/// attestation drops an earlier evidence verification.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateTeacherRequest, responses(
    (status = 200, body = TeacherDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/teachers/{id}")]
pub async fn update_teacher(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateTeacherRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let id = id.into_inner();
    let UpdateTeacherRequest { profile, version } = body.into_inner();
    let profile = TeacherProfile::try_from(profile).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let before = teachers::find(&txn, id).await?;
    let evidence = before.evidence_after_update(&profile);
    let after = teachers::update(&txn, id, Some(version), &profile, evidence).await?;
    record_audit(
        &txn,
        &auth,
        "teacher.update",
        "teacher",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}

/// Record that staff verified the evidence of the teacher's leader/backbone attestation
/// (staff, admin); from now on the attestation counts for Art. 13.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = TeacherDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "not_attested: there is no attestation whose evidence could be verified", body = Problem, content_type = "application/problem+json"),
))]
#[post("/teachers/{id}/verify-evidence")]
pub async fn verify_evidence(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let id = id.into_inner();
    let txn = begin_write(&state.db).await?;
    let before = teachers::find(&txn, id).await?;
    let evidence =
        before
            .verify_evidence(auth.id(), Utc::now())
            .map_err(|e| ApiError::Problem {
                code: ProblemCode::NotAttested,
                detail: e.to_string(),
            })?;
    // The record was read in this (serialised) write transaction: no version check needed.
    let after = teachers::update(&txn, id, None, &before.profile, Some(evidence)).await?;
    record_audit(
        &txn,
        &auth,
        "teacher.verify_evidence",
        "teacher",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}
