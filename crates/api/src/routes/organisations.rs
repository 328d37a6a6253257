//! `/organisations`: employers and commissioning bodies (单位), identified by their unified social
//! credit code (GB 32100-2015).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    OrganisationDto, OrganisationKind, OrganisationRequest, UpdateOrganisationRequest,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::organisations::OrganisationFilter;
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct OrganisationListParams {
    /// Substring of the name.
    pub q: Option<String>,
    pub kind: Option<OrganisationKind>,
    /// Exact unified social credit code.
    pub credit_code: Option<String>,
}

/// List organisations in creation order. Organisation contacts see only their own organisation.
#[utoipa::path(tag = "organisations", security(("bearer" = [])), params(OrganisationListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<OrganisationDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: not for teachers and trainees", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organisations")]
pub async fn list_organisations(
    ctx: Ctx,
    params: web::Query<OrganisationListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = OrganisationFilter {
        q: params.q,
        kind: params.kind,
        credit_code: params.credit_code,
    };
    Ok(HttpResponse::Ok().json(app::organisations::list(&ctx, filter, page).await?))
}

/// Create an organisation (staff, admin).
#[utoipa::path(tag = "organisations", security(("bearer" = [])), request_body = OrganisationRequest, responses(
    (status = 201, body = OrganisationDto, headers(("Location" = String, description = "the new organisation"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "credit_code_taken", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. a credit code failing GB 32100-2015", body = Problem, content_type = "application/problem+json"),
))]
#[post("/organisations")]
pub async fn create_organisation(
    ctx: Ctx,
    body: Json<OrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let organisation = app::organisations::create(&ctx, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/organisations/{}", organisation.id),
        &organisation,
    ))
}

/// One organisation.
#[utoipa::path(tag = "organisations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = OrganisationDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: not for teachers and trainees", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also for another organisation than an organisation contact's own)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organisations/{id}")]
pub async fn get_organisation(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::organisations::get(&ctx, id.into_inner()).await?))
}

/// Replace an organisation (staff, admin; optimistic concurrency: send the `version` you read).
#[utoipa::path(tag = "organisations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateOrganisationRequest, responses(
    (status = 200, body = OrganisationDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict, credit_code_taken", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/organisations/{id}")]
pub async fn update_organisation(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    let organisation = app::organisations::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(organisation))
}
