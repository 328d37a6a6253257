//! `/person-registrations`: organisation contacts' requests to put colleagues on file (filed by
//! their `POST /people`), and staff's decisions (`crate::app::person_registrations`).

use actix_web::{HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::master::{DecideRegistrationRequest, PersonRegistrationDto, RegistrationStatus};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams};

#[derive(Debug, Deserialize, IntoParams)]
pub struct RegistrationListParams {
    /// Only registrations in this status (e.g. `pending`: staff's queue).
    pub status: Option<RegistrationStatus>,
}

/// List person registrations in filing order: staff and admin every one (full ID numbers, and
/// while pending `on_file`: who already has the document), an organisation contact their
/// organisation's (masked, never `on_file`).
#[utoipa::path(tag = "people", security(("bearer" = [])), params(RegistrationListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<PersonRegistrationDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and organisation contacts (with an organisation) only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/person-registrations")]
pub async fn list_registrations(
    ctx: Ctx,
    params: web::Query<RegistrationListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let page = app::person_registrations::list(&ctx, params.into_inner().status, page).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// One person registration (another organisation's is 404 to a contact).
#[utoipa::path(tag = "people", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = PersonRegistrationDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and organisation contacts (with an organisation) only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another organisation's registration)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/person-registrations/{id}")]
pub async fn get_registration(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let registration = app::person_registrations::get(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(registration))
}

/// Decide a pending registration (staff, admin; send the `version` you read). `approve` puts the
/// person on file employed by the registering organisation — a new person, or the one already on
/// file with the document (shown as `on_file`), whose employer is then recorded; `reject` needs a
/// `reason`, which the contact reads.
#[utoipa::path(tag = "people", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = DecideRegistrationRequest, responses(
    (status = 200, body = PersonRegistrationDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "registration_decided, version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (reason required to reject)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/person-registrations/{id}/decision")]
pub async fn decide_registration(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<DecideRegistrationRequest>,
) -> Result<HttpResponse, ApiError> {
    let registration =
        app::person_registrations::decide(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(registration))
}
