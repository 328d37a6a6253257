//! `/people`: professional and technical personnel (专业技术人员) with their identity documents.
//!
//! Identity document numbers are sensitive personal information: every list masks them, and a
//! single read shows them in full only to staff and admin (`cebase_domain::access`).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    IdVisibility, PersonData, PersonDto, PersonRequest, UpdatePersonRequest,
};
use cebase_store::{ConnectionTrait, StoreError, begin_write, organisations, people, users};
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

const RESOURCE: MasterResource = MasterResource::People;

#[derive(Debug, Deserialize, IntoParams)]
pub struct PeopleListParams {
    /// Substring of the name.
    pub q: Option<String>,
    /// Exact identity document number (staff and admin only; the answer is still masked).
    pub id_number: Option<String>,
    /// People employed by this organisation.
    pub organisation_id: Option<Uuid>,
    /// The person linked to this login account.
    pub user_id: Option<Uuid>,
}

/// Parses a request and checks its employer and account exist, naming every failing field.
/// (Nothing is ever deleted, so a reference checked before the write transaction stays valid.)
async fn parse(db: &impl ConnectionTrait, request: PersonRequest) -> Result<PersonData, ApiError> {
    let employer_missing = match request.employer_id {
        Some(org) if !organisations::exists(db, org).await? => {
            Some(unknown_reference("employer_id", "organisation"))
        }
        _ => None,
    };
    let user_missing = match request.user_id {
        Some(user) => match users::find(db, user).await {
            Ok(_) => None,
            Err(StoreError::NotFound) => Some(unknown_reference("user_id", "user account")),
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    validated(
        PersonData::try_from(request),
        employer_missing.into_iter().chain(user_missing),
    )
}

/// List people in creation order, ID numbers masked. Staff and admin see everyone, an
/// organisation contact the people their organisation employs, a trainee or teacher themselves.
#[utoipa::path(tag = "people", security(("bearer" = [])), params(PeopleListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<PersonDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers, or an id_number lookup by anyone but staff and admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people")]
pub async fn list_people(
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<PeopleListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let params = params.into_inner();
    // Looking a number up reveals whether it is on file: only for those who may see numbers.
    if params.id_number.is_some() && access::id_visibility(&auth) != IdVisibility::Full {
        return Err(ApiError::forbidden());
    }
    let page = page.synced()?;
    let filter = people::PeopleFilter {
        q: params.q,
        id_number: params.id_number,
        organisation_id: params.organisation_id,
        user_id: params.user_id,
    };
    let (items, next_cursor) = people::list(&state.db, &filter, visibility, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items
            .iter()
            .map(|p| p.to_dto(IdVisibility::Masked))
            .collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// Register a person: staff and admin anyone (answered with the full ID number); an
/// organisation contact a person employed by their own organisation (`employer_id` may be left
/// out and is then their organisation; another one is `employer_id: not_own_organisation`; no
/// `user_id`: `not_permitted`), answered with the ID number masked.
#[utoipa::path(tag = "people", security(("bearer" = [])), request_body = PersonRequest, responses(
    (status = 201, body = PersonDto, headers(("Location" = String, description = "the new person"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and organisation contacts (with an organisation) only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "person_duplicate (same document kind and number), user_already_linked", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. an ID number failing GB 11643-1999; for an organisation contact employer_id not_own_organisation, user_id not_permitted", body = Problem, content_type = "application/problem+json"),
))]
#[post("/people")]
pub async fn create_person(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<PersonRequest>,
) -> Result<HttpResponse, ApiError> {
    let request = access::person_registration(&state.db, &auth, body.into_inner()).await?;
    let data = parse(&state.db, request).await?;
    let txn = begin_write(&state.db).await?;
    let person = people::create(&txn, data).await?;
    record_audit(
        &txn,
        &auth,
        "person.create",
        "person",
        person.id,
        None,
        Some(person.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/people/{}", person.id),
        &person.to_dto(access::id_visibility(&auth)),
    ))
}

/// One person. The ID number is in full for staff and admin, masked for everyone else.
#[utoipa::path(tag = "people", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = PersonDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also for a person outside the caller's own scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people/{id}")]
pub async fn get_person(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let person = people::find(&state.db, id.into_inner()).await?;
    access::ensure_visible(visibility, &person)?;
    Ok(HttpResponse::Ok().json(person.to_dto(access::id_visibility(&auth))))
}

/// Replace a person (staff, admin; send the `version` you read).
#[utoipa::path(tag = "people", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdatePersonRequest, responses(
    (status = 200, body = PersonDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict, person_duplicate, user_already_linked", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/people/{id}")]
pub async fn update_person(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdatePersonRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let id = id.into_inner();
    let UpdatePersonRequest { person, version } = body.into_inner();
    let data = parse(&state.db, person).await?;
    let txn = begin_write(&state.db).await?;
    let before = people::find(&txn, id).await?;
    let after = people::update(&txn, id, version, data).await?;
    record_audit(
        &txn,
        &auth,
        "person.update",
        "person",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto(access::id_visibility(&auth))))
}
