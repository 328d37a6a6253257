//! The training-needs survey: `/needs` (organisation contacts, trainees and staff submit; each
//! sees their own — staff see all), `/needs/summary` (staff: grouped by topic and field) and
//! `/needs/{id}/plan-item` (staff turn a need into an item of a draft annual plan, through the
//! plans store, in one audited transaction).

use actix_web::{HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::plans::PlanItemDto;
use cebase_domain::reports::{NeedDto, NeedRequest, NeedSummaryDto, NeedToPlanItemRequest};
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, created};

/// Training needs in creation order: staff and admin see all; an organisation contact their
/// organisation's and their own; a trainee their own.
#[utoipa::path(tag = "needs", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Page<NeedDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, reviewers", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs")]
pub async fn list_needs(ctx: Ctx, page: Paging) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::needs::list(&ctx, page).await?))
}

/// Submit a training need: topic, field, head count, preferred period, optional category and
/// notes. An organisation contact submits for their organisation, a trainee for themselves,
/// staff on anyone's behalf.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NeedRequest, responses(
    (status = 201, body = NeedDto, headers(("Location" = String, description = "the need"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, reviewers; an organisation contact or trainee without a linked person", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: topic, field required/length; head_count range; preferred_end before_start; notes length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs")]
pub async fn create_need(ctx: Ctx, body: Json<NeedRequest>) -> Result<HttpResponse, ApiError> {
    let v = app::needs::create(&ctx, body.into_inner()).await?;
    Ok(created(format!("/api/v1/needs/{}", v.id), &v))
}

/// Every need grouped by topic and by field (case-insensitive), largest head count first, with
/// the preferred periods' span and how many are not yet in a plan (staff, admin).
#[utoipa::path(tag = "needs", security(("bearer" = [])), responses(
    (status = 200, body = NeedSummaryDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs/summary")]
pub async fn need_summary(ctx: Ctx) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::needs::summary(&ctx).await?))
}

/// One need (as `GET /needs` scopes them).
#[utoipa::path(tag = "needs", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = NeedDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs/{id}")]
pub async fn get_need(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::needs::get(&ctx, id.into_inner()).await?))
}

/// Turn a need into an item of a draft annual plan (staff, admin): the body is the plan and the
/// item (the SPA pre-fills title, head count and period from the need). The item is added
/// through the plans store and the need linked to it in one transaction; a need becomes at most
/// one item.
#[utoipa::path(tag = "needs", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = NeedToPlanItemRequest, responses(
    (status = 201, body = PlanItemDto, headers(("Location" = String, description = "the new plan item"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such need", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "need_already_planned; plan_not_editable: the plan is not a draft", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: plan_id not_found; the item's fields as for POST /plans/{id}/items", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs/{id}/plan-item")]
pub async fn need_to_plan_item(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<NeedToPlanItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let v = app::needs::to_plan_item(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/plans/{}/items/{}", v.0, v.1.id),
        &v.1,
    ))
}
