//! `/partners`: agreements for industry–university–research cooperation (产学研合作, Art. 22).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    PartnerDto, PartnerKind, PartnerRequest, PartnerStatus, UpdatePartnerRequest,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::partners::PartnerFilter;
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct PartnerListParams {
    pub organisation_id: Option<Uuid>,
    pub kind: Option<PartnerKind>,
    pub status: Option<PartnerStatus>,
}

/// List partner agreements in creation order (staff, admin).
#[utoipa::path(tag = "partners", security(("bearer" = [])), params(PartnerListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<PartnerDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/partners")]
pub async fn list_partners(
    ctx: Ctx,
    params: web::Query<PartnerListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = PartnerFilter {
        organisation_id: params.organisation_id,
        kind: params.kind,
        status: params.status,
    };
    Ok(HttpResponse::Ok().json(app::partners::list(&ctx, filter, page).await?))
}

/// Record a partner agreement (staff, admin).
#[utoipa::path(tag = "partners", security(("bearer" = [])), request_body = PartnerRequest, responses(
    (status = 201, body = PartnerDto, headers(("Location" = String, description = "the new agreement"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. an unknown organisation_id or an end before the start", body = Problem, content_type = "application/problem+json"),
))]
#[post("/partners")]
pub async fn create_partner(
    ctx: Ctx,
    body: Json<PartnerRequest>,
) -> Result<HttpResponse, ApiError> {
    let partner = app::partners::create(&ctx, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/partners/{}", partner.id),
        &partner,
    ))
}

/// One partner agreement (staff, admin).
#[utoipa::path(tag = "partners", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = PartnerDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/partners/{id}")]
pub async fn get_partner(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::partners::get(&ctx, id.into_inner()).await?))
}

/// Replace a partner agreement (staff, admin; send the `version` you read).
#[utoipa::path(tag = "partners", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdatePartnerRequest, responses(
    (status = 200, body = PartnerDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/partners/{id}")]
pub async fn update_partner(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdatePartnerRequest>,
) -> Result<HttpResponse, ApiError> {
    let partner = app::partners::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(partner))
}
