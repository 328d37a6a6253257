//! Organisations (单位): employers and commissioning bodies, identified by their unified social
//! credit code (GB 32100-2015). The use cases behind `/organisations`.

use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    Organisation, OrganisationData, OrganisationDto, OrganisationRequest, UpdateOrganisationRequest,
};
use cebase_store::organisations;
use uuid::Uuid;

use super::{Ctx, create_audited, update_audited};
use crate::access;
use crate::error::ApiError;
use crate::paging::Paging;

const RESOURCE: MasterResource = MasterResource::Organisations;

/// Filters of the organisation list.
pub use cebase_store::organisations::OrganisationFilter;

/// Organisations the caller may see (an organisation contact their own), in creation order.
pub async fn list(
    ctx: &Ctx,
    filter: OrganisationFilter,
    page: Paging,
) -> Result<Page<OrganisationDto>, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let page = page.synced()?;
    let (items, next_cursor) = organisations::list(ctx.db(), &filter, visibility, &page).await?;
    Ok(Page {
        items: items.iter().map(Organisation::to_dto).collect(),
        next_cursor,
    })
}

/// Creates an organisation (staff, admin).
pub async fn create(ctx: &Ctx, request: OrganisationRequest) -> Result<OrganisationDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let data = OrganisationData::try_from(request).map_err(ApiError::Validation)?;
    let org = create_audited(ctx, async |txn| organisations::create(txn, data).await).await?;
    Ok(org.to_dto())
}

/// One organisation the caller may see.
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<OrganisationDto, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let org = organisations::find(ctx.db(), id).await?;
    access::ensure_visible(visibility, &org)?;
    Ok(org.to_dto())
}

/// Replaces an organisation (staff, admin) at the version the caller read.
pub async fn update(
    ctx: &Ctx,
    id: Uuid,
    request: UpdateOrganisationRequest,
) -> Result<OrganisationDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let UpdateOrganisationRequest {
        organisation,
        version,
    } = request;
    let data = OrganisationData::try_from(organisation).map_err(ApiError::Validation)?;
    let after = update_audited(
        ctx,
        async |txn| organisations::find(txn, id).await,
        async |txn, _| organisations::update(txn, id, version, data).await,
    )
    .await?;
    Ok(after.to_dto())
}
