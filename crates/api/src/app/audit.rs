//! The hash-chained audit trail (Art. 10): reading it and verifying it against the signed
//! checkpoints (admin).

use cebase_domain::Role;
use cebase_domain::dto::{AuditEntryDto, AuditVerificationDto, Page};
use cebase_store::audit;

use super::Ctx;
use crate::error::ApiError;
use crate::paging::Paging;

/// Filters of the audit list.
pub use cebase_store::audit::AuditFilter;

/// Audit entries, newest first (admin).
pub async fn list(
    ctx: &Ctx,
    filter: AuditFilter,
    page: Paging,
) -> Result<Page<AuditEntryDto>, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    page.refuse_sync()?;
    let limit = page.limit();
    let cursor = page.after(audit::decode_cursor)?;
    Ok(audit::list(ctx.db(), &filter, limit, cursor).await?)
}

/// Recomputes the chain and checks it against the signed checkpoints (admin).
pub async fn verify(ctx: &Ctx) -> Result<AuditVerificationDto, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    let report = crate::audit_checkpoint::verify(ctx.db(), ctx.settings())
        .await
        .map_err(ApiError::Internal)?;
    Ok(crate::audit_checkpoint::to_dto(&report))
}
