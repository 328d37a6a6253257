//! Enrolments: the use cases behind `/classes/{id}/enrolments`, `/enrolments/{id}` and
//! `/me/enrolments`.
//!
//! Every enrolment runs in one `begin_write` transaction that re-reads the class, decides by
//! the access policy (`cebase_domain::access::enrolment_source`), takes the seats with the
//! store's conditional update and writes the rows and their audit entries — so the capacity is
//! never exceeded, even by concurrent requests, and a refused request leaves nothing behind.

use std::collections::HashMap;

use cebase_domain::ProblemCode;
use cebase_domain::access::TrainingResource;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    BulkEnrolRequest, BulkEnrolmentResponse, BulkItemRefusal, EnrolRequest, Enrolment,
    EnrolmentDto, EnrolmentStatus, check_bulk_person, check_bulk_size, plan_enrolment, review_bulk,
};
use cebase_store::enrolments::{self, EnrolmentFilter, NewEnrolment};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{DatabaseTransaction, begin_write, classes, people};
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::paging::Paging;

/// Audits each written enrolment: `enrolment.create` for a new row, `enrolment.reactivate`
/// (with the withdrawn state as `before`) for an earlier one enrolled again.
async fn audit_enrolments(
    txn: &DatabaseTransaction,
    auth: &AuthUser,
    written: &[Enrolment],
    earlier: &HashMap<Uuid, Enrolment>,
) -> Result<(), ApiError> {
    for e in written {
        let before = earlier.get(&e.person_id);
        record_audit(
            txn,
            auth,
            if before.is_some() {
                "enrolment.reactivate"
            } else {
                "enrolment.create"
            },
            "enrolment",
            e.id,
            before.map(Enrolment::audit_snapshot),
            Some(e.audit_snapshot()),
        )
        .await?;
    }
    Ok(())
}

fn page_of(items: &[Enrolment], next_cursor: Option<String>) -> Page<EnrolmentDto> {
    Page {
        items: items.iter().map(Enrolment::to_dto).collect(),
        next_cursor,
    }
}

/// The enrolments of a class the caller may see, those within the caller's scope, in
/// enrolment order.
pub async fn list_of_class(
    ctx: &Ctx,
    class_id: Uuid,
    status: Option<EnrolmentStatus>,
    page: Paging,
) -> Result<Page<EnrolmentDto>, ApiError> {
    let (visibility, _) =
        access::training_visibility(ctx.db(), &ctx.caller, TrainingResource::Enrolments).await?;
    let (class, _) = access::visible_class(ctx.db(), &ctx.caller, class_id).await?;
    let page = page.synced()?;
    let filter = EnrolmentFilter {
        class_id: Some(class.id),
        person_id: None,
        status,
    };
    let (items, next_cursor) = enrolments::list(ctx.db(), &filter, visibility, &page).await?;
    Ok(page_of(&items, next_cursor))
}

/// Enrols one person while the class is planned or open, as the access policy allows; a person
/// who withdrew earlier is enrolled again on the same row.
pub async fn enrol(
    ctx: &Ctx,
    class_id: Uuid,
    request: EnrolRequest,
) -> Result<EnrolmentDto, ApiError> {
    let auth = &ctx.caller;
    access::require_enrolment_role(auth)?;
    let (class, caller) = access::visible_class(ctx.db(), auth, class_id).await?;
    let person = access::person_to_enrol(ctx.db(), auth, request.person_id).await?;
    let txn = begin_write(ctx.db()).await?;
    // Re-read in the serialised write: the status and seats as they are now.
    let class = classes::find(&txn, class.id).await?;
    let source = access::enrolment_source(auth, &caller, &class, &person)
        .map_err(access::enrolment_refused)?;
    let earlier = enrolments::of_people(&txn, class.id, &[person.id]).await?;
    let plan = plan_enrolment(earlier.get(&person.id)).map_err(access::enrolment_conflict)?;
    let written = enrolments::enrol(
        &txn,
        class.id,
        &[NewEnrolment {
            person_id: person.id,
            plan,
            source,
        }],
        auth.id(),
    )
    .await?;
    audit_enrolments(&txn, auth, &written, &earlier).await?;
    commit(txn).await?;
    let enrolment = written
        .first()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("enrolment not returned")))?;
    Ok(enrolment.to_dto())
}

/// Enrols several people at once, all or nothing: each checked as a single enrolment would be
/// ([`check_bulk_person`]), the request as a whole by [`review_bulk`].
pub async fn enrol_bulk(
    ctx: &Ctx,
    class_id: Uuid,
    request: BulkEnrolRequest,
) -> Result<BulkEnrolmentResponse, ApiError> {
    let auth = &ctx.caller;
    access::require_enrolment_role(auth)?;
    let person_ids = request.person_ids;
    check_bulk_size(&person_ids).map_err(ApiError::validation)?;
    let (class, caller) = access::visible_class(ctx.db(), auth, class_id).await?;
    let txn = begin_write(ctx.db()).await?;
    let class = classes::find(&txn, class.id).await?;
    let found = people::find_many(&txn, &person_ids).await?;
    let earlier = enrolments::of_people(&txn, class.id, &person_ids).await?;
    let enrols_anyone = access::enrols_anyone(auth);
    let mut checks = Vec::with_capacity(person_ids.len());
    let mut planned = HashMap::new();
    for person_id in &person_ids {
        let source = found
            .get(person_id)
            .map(|person| access::enrolment_source(auth, &caller, &class, person));
        let check = check_bulk_person(source, enrols_anyone, earlier.get(person_id))
            .map_err(access::enrolment_refused)?;
        checks.push(check.map(|(source, plan)| {
            planned.entry(*person_id).or_insert(NewEnrolment {
                person_id: *person_id,
                plan,
                source,
            });
        }));
    }
    if let Err(refused) = review_bulk(&person_ids, &checks, class.seats_left()) {
        return Err(bulk_rejected(&refused, person_ids.len()));
    }
    let items: Vec<NewEnrolment> = person_ids
        .iter()
        .filter_map(|p| planned.get(p).copied())
        .collect();
    let written = enrolments::enrol(&txn, class.id, &items, auth.id()).await?;
    audit_enrolments(&txn, auth, &written, &earlier).await?;
    commit(txn).await?;
    Ok(BulkEnrolmentResponse {
        items: written.iter().map(Enrolment::to_dto).collect(),
    })
}

fn bulk_rejected(refused: &[BulkItemRefusal], total: usize) -> ApiError {
    ApiError::RuleViolated {
        code: ProblemCode::BulkRejected,
        detail: format!(
            "{} of {total} people cannot be enrolled, so nobody was; see errors",
            refused.len()
        ),
        errors: refused.iter().map(|r| r.to_field_error()).collect(),
    }
}

/// One enrolment within the caller's scope (404 outside it).
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<EnrolmentDto, ApiError> {
    let (visibility, _) =
        access::training_visibility(ctx.db(), &ctx.caller, TrainingResource::Enrolments).await?;
    let enrolment = enrolments::find_visible(ctx.db(), id, visibility).await?;
    Ok(enrolment.to_dto())
}

/// Withdraws an enrolment before the class starts, freeing its seat.
pub async fn withdraw(ctx: &Ctx, id: Uuid) -> Result<EnrolmentDto, ApiError> {
    let auth = &ctx.caller;
    let (visibility, caller) =
        access::training_visibility(ctx.db(), auth, TrainingResource::Enrolments).await?;
    let seen = enrolments::find_visible(ctx.db(), id, visibility).await?;
    let person = people::find(ctx.db(), seen.person_id).await?;
    access::require_withdrawal_right(auth, &caller, &person)?;
    let txn = begin_write(ctx.db()).await?;
    let before = enrolments::find(&txn, id).await?;
    let class = classes::find(&txn, before.class_id).await?;
    before
        .check_withdrawal(class.status)
        .map_err(access::enrolment_conflict)?;
    let after = enrolments::withdraw(&txn, id, auth.id()).await?;
    record_audit(
        &txn,
        auth,
        "enrolment.withdraw",
        "enrolment",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(after.to_dto())
}

/// The caller's own enrolments in every class (none when no person is linked to the account).
pub async fn mine(
    ctx: &Ctx,
    status: Option<EnrolmentStatus>,
    page: Paging,
) -> Result<Page<EnrolmentDto>, ApiError> {
    let page = page.synced()?;
    let Some(me) = people::find_by_user(ctx.db(), ctx.caller.id()).await? else {
        return Ok(page_of(&[], None));
    };
    let filter = EnrolmentFilter {
        class_id: None,
        person_id: Some(me.id),
        status,
    };
    let (items, next_cursor) =
        enrolments::list(ctx.db(), &filter, TrainingVisibility::All, &page).await?;
    Ok(page_of(&items, next_cursor))
}
