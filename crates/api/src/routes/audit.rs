//! `/audit`: reading and verifying the hash-chained audit trail (Art. 10).

use actix_web::{HttpResponse, get, web};
use cebase_domain::Problem;
use cebase_domain::dto::{AuditEntryDto, AuditVerificationDto, Page};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::audit::AuditFilter;
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::paging::Paging;
use crate::routes::PageParams;

#[derive(Debug, Deserialize, IntoParams)]
pub struct AuditListParams {
    /// e.g. `user`.
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor_id: Option<Uuid>,
    /// e.g. `user.create`.
    pub action: Option<String>,
    /// Entries at or after this instant (RFC 3339).
    pub from: Option<DateTime<Utc>>,
    /// Entries before this instant (RFC 3339).
    pub to: Option<DateTime<Utc>>,
}

/// Audit entries, newest first.
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(AuditListParams, PageParams), responses(
    (status = 200, body = Page<AuditEntryDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audit")]
pub async fn list_audit(
    ctx: Ctx,
    params: web::Query<AuditListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = AuditFilter {
        entity_type: params.entity_type,
        entity_id: params.entity_id,
        actor_id: params.actor_id,
        action: params.action,
        from: params.from,
        to: params.to,
    };
    Ok(HttpResponse::Ok().json(app::audit::list(&ctx, filter, page).await?))
}

/// Recompute the whole chain and report the first entry that does not match, then check it
/// against the signed checkpoints (`CEBASE_AUDIT_CHECKPOINT_FILE`): `valid` is false when an
/// entry no longer carries the hash a checkpoint signed or the checkpoint file is not
/// trustworthy.
#[utoipa::path(tag = "audit", security(("bearer" = [])), responses(
    (status = 200, body = AuditVerificationDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
))]
#[get("/audit/verify")]
pub async fn verify_audit(ctx: Ctx) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::audit::verify(&ctx).await?))
}
