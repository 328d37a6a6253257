//! `/people`: professional and technical personnel (专业技术人员) with their identity documents.
//!
//! Identity document numbers are sensitive personal information: every list masks them, and a
//! single read shows them in full only to staff and admin (`cebase_domain::access`).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::master::{PersonDto, PersonRegistrationDto, PersonRequest, UpdatePersonRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::people::{PeopleFilter, Registered};
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

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
    ctx: Ctx,
    params: web::Query<PeopleListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = PeopleFilter {
        q: params.q,
        id_number: params.id_number,
        organisation_id: params.organisation_id,
        user_id: params.user_id,
    };
    Ok(HttpResponse::Ok().json(app::people::list(&ctx, filter, page).await?))
}

/// Register a person. Staff and admin put them on file at once (201, the full ID number). An
/// organisation contact files a **registration** for staff to decide (202, the number masked):
/// the answer is the same whether the document is new or already on file — a contact can neither
/// probe for documents nor move someone employed elsewhere. Their person is employed by their own
/// organisation (`employer_id` may be left out; another one is `employer_id:
/// not_own_organisation`; no `user_id`: `not_permitted`). Filing a document that is pending
/// already answers that registration.
#[utoipa::path(tag = "people", security(("bearer" = [])), request_body = PersonRequest, responses(
    (status = 201, description = "staff, admin: the person", body = PersonDto, headers(("Location" = String, description = "the new person"))),
    (status = 202, description = "organisation contact: the registration, pending", body = PersonRegistrationDto, headers(("Location" = String, description = "the registration"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and organisation contacts (with an organisation) only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "staff, admin: person_duplicate (same document kind and number), user_already_linked", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. an ID number failing GB 11643-1999; for an organisation contact employer_id not_own_organisation, user_id not_permitted", body = Problem, content_type = "application/problem+json"),
))]
#[post("/people")]
pub async fn create_person(ctx: Ctx, body: Json<PersonRequest>) -> Result<HttpResponse, ApiError> {
    Ok(
        match app::people::register(&ctx, body.into_inner()).await? {
            Registered::Person(person) => created(format!("/api/v1/people/{}", person.id), &person),
            Registered::Registration(registration) => HttpResponse::Accepted()
                .insert_header((
                    "Location",
                    format!("/api/v1/person-registrations/{}", registration.id),
                ))
                .json(registration),
        },
    )
}

/// One person. The ID number is in full for staff and admin, masked for everyone else.
#[utoipa::path(tag = "people", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = PersonDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also for a person outside the caller's own scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people/{id}")]
pub async fn get_person(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::people::get(&ctx, id.into_inner()).await?))
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdatePersonRequest>,
) -> Result<HttpResponse, ApiError> {
    let person = app::people::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(person))
}
