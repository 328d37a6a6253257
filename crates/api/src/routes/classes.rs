//! `/classes`: training classes (培训班, 研修班, 进修班 …; Art. 5, 11, 12) and their lifecycle
//! (`POST /classes/{id}/transitions`).
//!
//! Everyone who may see a class reads it (staff, admin, finance and reviewers all classes;
//! trainees and organisation contacts classes open to enrolment and their own; teachers the
//! classes they teach); only staff and admin change classes. The handlers extract, call
//! `app::classes` and respond.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    ClassDto, ClassKind, ClassRequest, ClassTransitionRequest, UpdateClassRequest,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::classes::ClassListFilter;
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct ClassListParams {
    /// Substring of the title.
    pub q: Option<String>,
    pub kind: Option<ClassKind>,
    pub status: Option<ClassStatus>,
    /// Classes commissioned by this organisation.
    pub organisation_id: Option<Uuid>,
    pub open_enrolment: Option<bool>,
}

/// List classes in creation order. Staff, admin, finance and reviewers see every class;
/// trainees classes open to enrolment and those they are enrolled in; organisation contacts
/// classes open to enrolment, commissioned by their organisation or with its people enrolled;
/// teachers the classes they teach.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(ClassListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<ClassDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes")]
pub async fn list_classes(
    ctx: Ctx,
    params: web::Query<ClassListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = ClassListFilter {
        q: params.q,
        kind: params.kind,
        status: params.status,
        organisation_id: params.organisation_id,
        open_enrolment: params.open_enrolment,
    };
    let page = app::classes::list(&ctx, filter, page).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Create a class (staff, admin). It starts `planned`, with an empty schedule.
#[utoipa::path(tag = "classes", security(("bearer" = [])), request_body = ClassRequest, responses(
    (status = 201, body = ClassDto, headers(("Location" = String, description = "the new class"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. end_date before start_date, capacity below 1, an unknown commissioning organisation", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes")]
pub async fn create_class(ctx: Ctx, body: Json<ClassRequest>) -> Result<HttpResponse, ApiError> {
    let class = app::classes::create(&ctx, body.into_inner()).await?;
    Ok(created(format!("/api/v1/classes/{}", class.id), &class))
}

/// One class, with its seat count, schedule size and the lifecycle actions allowed now.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClassDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope, e.g. another teacher's)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}")]
pub async fn get_class(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let class = app::classes::get(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(class))
}

/// Replace a class's details (staff, admin; send the `version` you read). Possible until the
/// class is completed or cancelled; the capacity cannot drop below the number enrolled, and the
/// dates must still hold every scheduled session.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateClassRequest, responses(
    (status = 200, body = ClassDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict; class_not_editable (completed, reported or cancelled)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, including capacity below_enrolled and start_date/end_date sessions_outside", body = Problem, content_type = "application/problem+json"),
))]
#[put("/classes/{id}")]
pub async fn update_class(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdateClassRequest>,
) -> Result<HttpResponse, ApiError> {
    let class = app::classes::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(class))
}

/// Move a class through its lifecycle (staff, admin): `open` (planned → open), `start`
/// (open → in_progress), `complete` (in_progress → completed), `cancel` (planned, open or in
/// progress → cancelled; needs a `reason`). Completing evaluates every active enrolment against
/// the completion rules (attendance rate, assessments passed), stores each outcome with its
/// reasons (`GET /classes/{id}/completion`) and writes a learning record for every completed
/// enrolment — all in one transaction with the state change.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ClassTransitionRequest, responses(
    (status = 200, body = ClassDto),
    (status = 400, description = "invalid_json, e.g. an action this endpoint does not offer", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "transition_not_allowed: the detail names the class's state and the actions allowed from it", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: reason required (cancel) or too long", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/transitions")]
pub async fn transition_class(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<ClassTransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let class = app::classes::transition(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(class))
}
