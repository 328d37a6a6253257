//! `/partners`: agreements for industry–university–research cooperation (产学研合作, Art. 22).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    Partner, PartnerData, PartnerDto, PartnerKind, PartnerRequest, PartnerStatus,
    UpdatePartnerRequest,
};
use cebase_store::{ConnectionTrait, begin_write, organisations, partners};
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

const RESOURCE: MasterResource = MasterResource::Partners;

#[derive(Debug, Deserialize, IntoParams)]
pub struct PartnerListParams {
    pub organisation_id: Option<Uuid>,
    pub kind: Option<PartnerKind>,
    pub status: Option<PartnerStatus>,
}

/// Parses a request and checks that its organisation exists, naming every failing field.
/// (Nothing is ever deleted, so a reference checked before the write transaction stays valid.)
async fn parse(
    db: &impl ConnectionTrait,
    request: PartnerRequest,
) -> Result<PartnerData, ApiError> {
    let missing = (!organisations::exists(db, request.organisation_id).await?)
        .then(|| unknown_reference("organisation_id", "organisation"));
    validated(PartnerData::try_from(request), missing)
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
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<PartnerListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let page = page.synced()?;
    let filter = partners::PartnerFilter {
        organisation_id: params.organisation_id,
        kind: params.kind,
        status: params.status,
    };
    let (items, next_cursor) = partners::list(&state.db, &filter, visibility, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(Partner::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<PartnerRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let data = parse(&state.db, body.into_inner()).await?;
    let txn = begin_write(&state.db).await?;
    let partner = partners::create(&txn, data).await?;
    record_audit(
        &txn,
        &auth,
        "partner.create",
        "partner",
        partner.id,
        None,
        Some(partner.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/partners/{}", partner.id),
        &partner.to_dto(),
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
pub async fn get_partner(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let partner = partners::find(&state.db, id.into_inner()).await?;
    access::ensure_visible(visibility, &partner)?;
    Ok(HttpResponse::Ok().json(partner.to_dto()))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdatePartnerRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let id = id.into_inner();
    let UpdatePartnerRequest { partner, version } = body.into_inner();
    let data = parse(&state.db, partner).await?;
    let txn = begin_write(&state.db).await?;
    let before = partners::find(&txn, id).await?;
    let after = partners::update(&txn, id, version, data).await?;
    record_audit(
        &txn,
        &auth,
        "partner.update",
        "partner",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}
