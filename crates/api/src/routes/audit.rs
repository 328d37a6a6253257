//! `/audit`: reading and verifying the hash-chained audit trail (Art. 10).

use actix_web::{HttpResponse, get, web};
use cebase_domain::dto::{AuditEntryDto, AuditVerificationDto, Page};
use cebase_domain::{Problem, Role};
use cebase_store::audit::{self, AuditFilter};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::paging::Paging;
use crate::routes::PageParams;
use crate::state::AppState;

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
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<AuditListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    page.refuse_sync()?;
    let limit = page.limit();
    let cursor = page.after(audit::decode_cursor)?;
    let filter = AuditFilter {
        entity_type: params.entity_type.clone(),
        entity_id: params.entity_id.clone(),
        actor_id: params.actor_id,
        action: params.action.clone(),
        from: params.from,
        to: params.to,
    };
    let page = audit::list(&state.db, &filter, limit, cursor).await?;
    Ok(HttpResponse::Ok().json(page))
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
pub async fn verify_audit(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let report = crate::audit_checkpoint::verify(&state.db, &state.settings)
        .await
        .map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok().json(crate::audit_checkpoint::to_dto(&report)))
}
