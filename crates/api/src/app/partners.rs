//! Partner agreements for industry–university–research cooperation (产学研合作, Art. 22): the use
//! cases behind `/partners`.

use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    Partner, PartnerData, PartnerDto, PartnerRequest, UpdatePartnerRequest,
};
use cebase_store::{ConnectionTrait, organisations, partners};
use uuid::Uuid;

use super::{Ctx, create_audited, unknown_reference, update_audited, validated};
use crate::access;
use crate::error::ApiError;
use crate::paging::Paging;

const RESOURCE: MasterResource = MasterResource::Partners;

/// Filters of the partner list.
pub use cebase_store::partners::PartnerFilter;

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

/// Partner agreements in creation order (staff, admin).
pub async fn list(
    ctx: &Ctx,
    filter: PartnerFilter,
    page: Paging,
) -> Result<Page<PartnerDto>, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let page = page.synced()?;
    let (items, next_cursor) = partners::list(ctx.db(), &filter, visibility, &page).await?;
    Ok(Page {
        items: items.iter().map(Partner::to_dto).collect(),
        next_cursor,
    })
}

/// Records a partner agreement (staff, admin).
pub async fn create(ctx: &Ctx, request: PartnerRequest) -> Result<PartnerDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let data = parse(ctx.db(), request).await?;
    let partner = create_audited(ctx, async |txn| partners::create(txn, data).await).await?;
    Ok(partner.to_dto())
}

/// One partner agreement (staff, admin).
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<PartnerDto, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let partner = partners::find(ctx.db(), id).await?;
    access::ensure_visible(visibility, &partner)?;
    Ok(partner.to_dto())
}

/// Replaces a partner agreement (staff, admin) at the version the caller read.
pub async fn update(
    ctx: &Ctx,
    id: Uuid,
    request: UpdatePartnerRequest,
) -> Result<PartnerDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let UpdatePartnerRequest { partner, version } = request;
    let data = parse(ctx.db(), partner).await?;
    let after = update_audited(
        ctx,
        async |txn| partners::find(txn, id).await,
        async |txn, _| partners::update(txn, id, version, data).await,
    )
    .await?;
    Ok(after.to_dto())
}
