//! People (专业技术人员): the use cases behind `/people`.
//!
//! Identity document numbers are sensitive personal information: every list masks them, and a
//! single read shows them in full only to staff and admin (`cebase_domain::access`). Staff and
//! admin register people directly; an organisation contact files a registration instead
//! ([`super::person_registrations`]), so that their answer never tells whether a document is on
//! file.

use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    IdVisibility, PersonData, PersonDto, PersonRegistrationDto, PersonRequest, UpdatePersonRequest,
};
use cebase_store::{ConnectionTrait, StoreError, organisations, people, users};
use uuid::Uuid;

use super::{Ctx, create_audited, unknown_reference, update_audited, validated};
use crate::access;
use crate::error::ApiError;
use crate::paging::Paging;

const RESOURCE: MasterResource = MasterResource::People;

/// Filters of the people list.
pub use cebase_store::people::PeopleFilter;

/// Parses a request and checks its employer and account exist, naming every failing field.
/// (Nothing is ever deleted, so a reference checked before the write transaction stays valid.)
pub(super) async fn parse(
    db: &impl ConnectionTrait,
    request: PersonRequest,
) -> Result<PersonData, ApiError> {
    let employer_missing = match request.employer_id {
        Some(org) if !organisations::exists(db, org).await? => {
            Some(unknown_reference("employer_id", "organisation"))
        }
        _ => None,
    };
    let user_missing = match request.user_id {
        Some(user) => match users::find(db, user).await {
            Ok(_) => None,
            Err(StoreError::NotFound) => Some(unknown_reference("user_id", "user account")),
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    validated(
        PersonData::try_from(request),
        employer_missing.into_iter().chain(user_missing),
    )
}

/// People the caller may see, in creation order, ID numbers masked. Looking a number up reveals
/// whether it is on file: only for those who may see numbers.
pub async fn list(
    ctx: &Ctx,
    filter: PeopleFilter,
    page: Paging,
) -> Result<Page<PersonDto>, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    if filter.id_number.is_some() && access::id_visibility(&ctx.caller) != IdVisibility::Full {
        return Err(ApiError::forbidden());
    }
    let page = page.synced()?;
    let (items, next_cursor) = people::list(ctx.db(), &filter, visibility, &page).await?;
    Ok(Page {
        items: items
            .iter()
            .map(|p| p.to_dto(IdVisibility::Masked))
            .collect(),
        next_cursor,
    })
}

/// What registering a person did.
pub enum Registered {
    /// Staff or admin: the person is on file.
    Person(PersonDto),
    /// An organisation contact: a registration waits for staff.
    Registration(PersonRegistrationDto),
}

/// Registers a person: staff and admin directly; an organisation contact by filing a
/// registration for their own organisation (`access::person_registration` decides who and as
/// whose employee).
pub async fn register(ctx: &Ctx, request: PersonRequest) -> Result<Registered, ApiError> {
    let request = access::person_registration(ctx.db(), &ctx.caller, request).await?;
    let data = parse(ctx.db(), request).await?;
    if !access::registers_directly(&ctx.caller) {
        return super::person_registrations::file(ctx, data)
            .await
            .map(Registered::Registration);
    }
    let person = create_audited(ctx, async |txn| people::create(txn, data).await).await?;
    Ok(Registered::Person(
        person.to_dto(access::id_visibility(&ctx.caller)),
    ))
}

/// One person the caller may see; the number in full for staff and admin.
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<PersonDto, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let person = people::find(ctx.db(), id).await?;
    access::ensure_visible(visibility, &person)?;
    Ok(person.to_dto(access::id_visibility(&ctx.caller)))
}

/// Replaces a person (staff, admin) at the version the caller read.
pub async fn update(
    ctx: &Ctx,
    id: Uuid,
    request: UpdatePersonRequest,
) -> Result<PersonDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let UpdatePersonRequest { person, version } = request;
    let data = parse(ctx.db(), person).await?;
    let after = update_audited(
        ctx,
        async |txn| people::find(txn, id).await,
        async |txn, _| people::update(txn, id, version, data).await,
    )
    .await?;
    Ok(after.to_dto(access::id_visibility(&ctx.caller)))
}
