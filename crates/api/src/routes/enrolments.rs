//! Enrolments: `/classes/{id}/enrolments` (list, enrol one), `/classes/{id}/enrolments/bulk`
//! (enrol many, all or nothing), `/enrolments/{id}` (read, withdraw) and `/me/enrolments` (the
//! caller's own).
//!
//! The handlers extract, call `app::enrolments` and respond; there every enrolment runs in one
//! `begin_write` transaction, so the capacity is never exceeded, even by concurrent requests,
//! and a refused request leaves nothing behind.

use actix_web::{HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    BulkEnrolRequest, BulkEnrolmentResponse, EnrolRequest, EnrolmentDto, EnrolmentStatus,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct EnrolmentListParams {
    /// `enrolled` (holding a seat) or `withdrawn`.
    pub status: Option<EnrolmentStatus>,
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    params: web::Query<EnrolmentListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let page = app::enrolments::list_of_class(&ctx, id.into_inner(), params.status, page).await?;
    Ok(HttpResponse::Ok().json(page))
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<EnrolRequest>,
) -> Result<HttpResponse, ApiError> {
    let enrolment = app::enrolments::enrol(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/enrolments/{}", enrolment.id),
        &enrolment,
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<BulkEnrolRequest>,
) -> Result<HttpResponse, ApiError> {
    let written = app::enrolments::enrol_bulk(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(written))
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
pub async fn get_enrolment(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let enrolment = app::enrolments::get(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(enrolment))
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
pub async fn withdraw(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let enrolment = app::enrolments::withdraw(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(enrolment))
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
    ctx: Ctx,
    params: web::Query<EnrolmentListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let page = app::enrolments::mine(&ctx, params.status, page).await?;
    Ok(HttpResponse::Ok().json(page))
}
