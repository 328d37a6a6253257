//! Person registrations (`cebase_domain::master::PersonRegistration`): an organisation contact's
//! request to put a colleague on file, and staff's decision on it.
//!
//! A contact's answer is the same whether the document is new, on file in their organisation or
//! on file elsewhere: a pending registration. Only staff see who is on file, and only a staff
//! decision creates the person or records them as employed by the contact's organisation — so a
//! contact can neither probe for documents nor move someone between organisations.

use cebase_domain::ProblemCode;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    DecideRegistrationRequest, Decision, IdVisibility, PersonData, PersonRegistration,
    PersonRegistrationDto, RegistrationStatus,
};
use cebase_store::person_registrations::{self, Decided};
use cebase_store::{begin_write, people};
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::access::{self, RegistrationReader};
use crate::error::ApiError;
use crate::paging::Paging;

/// The registration as the caller may see it: staff with the full number and, while pending,
/// who is on file with it; a contact masked.
async fn shown(ctx: &Ctx, r: &PersonRegistration) -> Result<PersonRegistrationDto, ApiError> {
    let visibility = access::id_visibility(&ctx.caller);
    let on_file = if visibility == IdVisibility::Full && r.status == RegistrationStatus::Pending {
        people::find_by_document(ctx.db(), &r.person.document)
            .await?
            .map(|p| cebase_domain::imports::OnFile {
                id: p.id,
                name: p.data.name.as_ref().to_owned(),
                employer_id: p.data.employer_id,
            })
    } else {
        None
    };
    Ok(r.to_dto(visibility, on_file))
}

/// Files a contact's registration of `person` (already checked by
/// `access::person_registration`: employed by their organisation, no account). Filing the same
/// document again while one is pending answers the pending one.
pub(super) async fn file(ctx: &Ctx, person: PersonData) -> Result<PersonRegistrationDto, ApiError> {
    let organisation = person
        .employer_id
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a registration without employer")))?;
    let txn = begin_write(ctx.db()).await?;
    let registration =
        match person_registrations::find_pending(&txn, organisation, &person.document).await? {
            Some(pending) => pending,
            None => {
                let filed =
                    person_registrations::create(&txn, organisation, ctx.caller.id(), &person)
                        .await?;
                record_audit(
                    &txn,
                    &ctx.caller,
                    "person_registration.create",
                    "person_registration",
                    filed.id,
                    None,
                    Some(filed.audit_snapshot()),
                )
                .await?;
                filed
            }
        };
    commit(txn).await?;
    Ok(registration.to_dto(IdVisibility::Masked, None))
}

/// Registrations the caller may see, in filing order: staff and admin every one, a contact their
/// organisation's.
pub async fn list(
    ctx: &Ctx,
    status: Option<RegistrationStatus>,
    page: Paging,
) -> Result<Page<PersonRegistrationDto>, ApiError> {
    let reader = access::registration_reader(ctx.db(), &ctx.caller).await?;
    let page = page.synced()?;
    let organisation = match reader {
        RegistrationReader::All => None,
        RegistrationReader::Organisation(org) => Some(org),
    };
    let (items, next_cursor) =
        person_registrations::list(ctx.db(), organisation, status, &page).await?;
    let mut shown_items = Vec::with_capacity(items.len());
    for r in &items {
        shown_items.push(shown(ctx, r).await?);
    }
    Ok(Page {
        items: shown_items,
        next_cursor,
    })
}

/// One registration the caller may see (404 for another organisation's).
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<PersonRegistrationDto, ApiError> {
    let reader = access::registration_reader(ctx.db(), &ctx.caller).await?;
    let registration = person_registrations::find(ctx.db(), id).await?;
    if let RegistrationReader::Organisation(org) = reader
        && registration.organisation_id != org
    {
        return Err(ApiError::NotFound);
    }
    shown(ctx, &registration).await
}

/// Staff's decision. Approving puts the person on file employed by the registering
/// organisation: a new person, or the one on file with the document, whose employer is then
/// recorded (both audited as changes of the person). Rejecting records the reason.
pub async fn decide(
    ctx: &Ctx,
    id: Uuid,
    request: DecideRegistrationRequest,
) -> Result<PersonRegistrationDto, ApiError> {
    access::require_registration_decider(&ctx.caller)?;
    let decision = Decision::try_from(&request).map_err(ApiError::Validation)?;
    let now = ctx.clock.now();
    let txn = begin_write(ctx.db()).await?;
    let before = person_registrations::find(&txn, id).await?;
    if before.status != RegistrationStatus::Pending {
        return Err(ApiError::Problem {
            code: ProblemCode::RegistrationDecided,
            detail: format!("the registration was already {}", before.status),
        });
    }
    let decided = match decision {
        Decision::Reject(reason) => Decided {
            status: RegistrationStatus::Rejected,
            person_id: None,
            reason: Some(reason.as_ref().to_owned()),
            decided_by: ctx.caller.id(),
            decided_at: now,
        },
        Decision::Approve => {
            let person_id = match people::find_by_document(&txn, &before.person.document).await? {
                Some(on_file) if on_file.data.employer_id == Some(before.organisation_id) => {
                    on_file.id
                }
                Some(on_file) => {
                    let moved =
                        people::set_employer(&txn, on_file.id, before.organisation_id).await?;
                    record_audit(
                        &txn,
                        &ctx.caller,
                        "person.update",
                        "person",
                        on_file.id,
                        Some(on_file.audit_snapshot()),
                        Some(moved.audit_snapshot()),
                    )
                    .await?;
                    on_file.id
                }
                None => {
                    let person = people::create(&txn, before.person.clone()).await?;
                    record_audit(
                        &txn,
                        &ctx.caller,
                        "person.create",
                        "person",
                        person.id,
                        None,
                        Some(person.audit_snapshot()),
                    )
                    .await?;
                    person.id
                }
            };
            Decided {
                status: RegistrationStatus::Approved,
                person_id: Some(person_id),
                reason: None,
                decided_by: ctx.caller.id(),
                decided_at: now,
            }
        }
    };
    let action = match decided.status {
        RegistrationStatus::Approved => "person_registration.approve",
        _ => "person_registration.reject",
    };
    let after = person_registrations::decide(&txn, id, request.version, decided).await?;
    record_audit(
        &txn,
        &ctx.caller,
        action,
        "person_registration",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    shown(ctx, &after).await
}
