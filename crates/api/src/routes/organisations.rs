//! `/organisations`: employers and commissioning bodies (单位), identified by their unified social
//! credit code (GB 32100-2015).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    Organisation, OrganisationData, OrganisationDto, OrganisationKind, OrganisationRequest,
    UpdateOrganisationRequest,
};
use cebase_store::{begin_write, organisations};
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

const RESOURCE: MasterResource = MasterResource::Organisations;

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
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<OrganisationListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let page = page.synced()?;
    let params = params.into_inner();
    let filter = organisations::OrganisationFilter {
        q: params.q,
        kind: params.kind,
        credit_code: params.credit_code,
    };
    let (items, next_cursor) = organisations::list(&state.db, &filter, visibility, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(Organisation::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<OrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let data = OrganisationData::try_from(body.into_inner()).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let org = organisations::create(&txn, data).await?;
    record_audit(
        &txn,
        &auth,
        "organisation.create",
        "organisation",
        org.id,
        None,
        Some(org.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/organisations/{}", org.id),
        &org.to_dto(),
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
pub async fn get_organisation(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let org = organisations::find(&state.db, id.into_inner()).await?;
    access::ensure_visible(visibility, &org)?;
    Ok(HttpResponse::Ok().json(org.to_dto()))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateOrganisationRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let id = id.into_inner();
    let UpdateOrganisationRequest {
        organisation,
        version,
    } = body.into_inner();
    let data = OrganisationData::try_from(organisation).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let before = organisations::find(&txn, id).await?;
    let after = organisations::update(&txn, id, version, data).await?;
    record_audit(
        &txn,
        &auth,
        "organisation.update",
        "organisation",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}
