//! Training classes (Art. 5, 11, 12): the use cases behind `/classes` and their lifecycle.
//! Everyone who may see a class reads it (the access policy's visibility); only staff and admin
//! change classes. Every write is audited in its `begin_write` transaction.

use cebase_domain::ProblemCode;
use cebase_domain::access::TrainingResource;
use cebase_domain::class::{ClassStatus, TransitionAction};
use cebase_domain::dto::Page;
use cebase_domain::training::{
    ClassData, ClassDto, ClassKind, ClassRequest, ClassTransitionRequest, ClassUpdateError,
    TrainingClass, TransitionRefusal, UpdateClassRequest,
};
use cebase_store::{ConnectionTrait, begin_write, classes, organisations, plans, sessions};
use uuid::Uuid;

use super::completion;
use super::{Ctx, commit, record_audit, unknown_reference, validated};
use crate::access;
use crate::error::ApiError;
use crate::paging::Paging;

/// The filters of the class list.
#[derive(Debug, Default)]
pub struct ClassListFilter {
    /// Substring of the title.
    pub q: Option<String>,
    pub kind: Option<ClassKind>,
    pub status: Option<ClassStatus>,
    pub organisation_id: Option<Uuid>,
    pub open_enrolment: Option<bool>,
}

/// Parses a request and checks that its commissioning organisation and plan item exist, naming
/// every failing field. (Nothing is ever deleted, so a reference checked before the write stays
/// valid.)
async fn parse(db: &impl ConnectionTrait, request: ClassRequest) -> Result<ClassData, ApiError> {
    let missing = match request.commissioning_organisation_id {
        Some(org) if !organisations::exists(db, org).await? => Some(unknown_reference(
            "commissioning_organisation_id",
            "organisation",
        )),
        _ => None,
    };
    let missing_item = match request.plan_item_id {
        Some(Some(item)) if !plans::item_exists(db, item).await? => {
            Some(unknown_reference("plan_item_id", "plan item"))
        }
        _ => None,
    };
    validated(
        ClassData::try_from(request),
        missing.into_iter().chain(missing_item),
    )
}

/// The 409 answer to changing a class that is history.
pub(crate) fn not_editable(status: ClassStatus, what: &str) -> ApiError {
    ApiError::Problem {
        code: ProblemCode::ClassNotEditable,
        detail: format!("{what} of a class that is {status} can no longer change"),
    }
}

/// The classes the caller may see, in creation order.
pub async fn list(
    ctx: &Ctx,
    filter: ClassListFilter,
    page: Paging,
) -> Result<Page<ClassDto>, ApiError> {
    let (visibility, _) =
        access::training_visibility(ctx.db(), &ctx.caller, TrainingResource::Classes).await?;
    let page = page.synced()?;
    let filter = classes::ClassFilter {
        q: filter.q,
        kind: filter.kind,
        status: filter.status,
        organisation_id: filter.organisation_id,
        open_enrolment: filter.open_enrolment,
    };
    let (items, next_cursor) = classes::list(ctx.db(), &filter, visibility, &page).await?;
    Ok(Page {
        items: items.iter().map(TrainingClass::to_dto).collect(),
        next_cursor,
    })
}

/// Creates a class (staff, admin), `planned`, with an empty schedule.
pub async fn create(ctx: &Ctx, request: ClassRequest) -> Result<ClassDto, ApiError> {
    access::require_class_management(&ctx.caller)?;
    let data = parse(ctx.db(), request).await?;
    let txn = begin_write(ctx.db()).await?;
    let class = classes::create(&txn, data).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "class.create",
        "class",
        class.id,
        None,
        Some(class.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(class.to_dto())
}

/// One class the caller may see (404 outside their scope).
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<ClassDto, ApiError> {
    let (class, _) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    Ok(class.to_dto())
}

/// Replaces a class's details (staff, admin) with the `version` read.
pub async fn update(
    ctx: &Ctx,
    id: Uuid,
    request: UpdateClassRequest,
) -> Result<ClassDto, ApiError> {
    access::require_class_management(&ctx.caller)?;
    let UpdateClassRequest { class, version } = request;
    let plan_item_sent = class.plan_item_id.is_some();
    let data = parse(ctx.db(), class).await?;
    let txn = begin_write(ctx.db()).await?;
    let before = classes::find(&txn, id).await?;
    let data = before.updated_data(data, plan_item_sent);
    let scheduled = sessions::date_range(&txn, id).await?;
    before.check_update(&data, scheduled).map_err(|e| match e {
        ClassUpdateError::NotEditable(status) => not_editable(status, "the details"),
        ClassUpdateError::Invalid(errors) => ApiError::Validation(errors),
    })?;
    let after = classes::update(&txn, id, version, data).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "class.update",
        "class",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(after.to_dto())
}

/// Moves a class through its lifecycle (staff, admin). Completing evaluates every active
/// enrolment and writes the outcomes and learning records in the same transaction.
pub async fn transition(
    ctx: &Ctx,
    id: Uuid,
    request: ClassTransitionRequest,
) -> Result<ClassDto, ApiError> {
    access::require_class_management(&ctx.caller)?;
    let ClassTransitionRequest { action, reason } = request;
    let txn = begin_write(ctx.db()).await?;
    let before = classes::find(&txn, id).await?;
    let audit_action = match action {
        TransitionAction::Open => "class.open",
        TransitionAction::Start => "class.start",
        TransitionAction::Complete => "class.complete",
        TransitionAction::Cancel => "class.cancel",
    };
    let transition = before.transition(action, reason.as_deref());
    let transition = transition.map_err(|refusal| match refusal {
        TransitionRefusal::NotAllowed { .. } => ApiError::Problem {
            code: ProblemCode::TransitionNotAllowed,
            detail: refusal.to_string(),
        },
        TransitionRefusal::Invalid(error) => ApiError::validation(error),
    })?;
    let after = classes::set_status(&txn, id, before.status, &transition).await?;
    let mut after_snapshot = after.audit_snapshot();
    // Each action's work besides the state change, in the same transaction.
    match action {
        TransitionAction::Open | TransitionAction::Start | TransitionAction::Cancel => {}
        TransitionAction::Complete => {
            let (evaluations, _) = completion::complete(&txn, &ctx.caller, &after).await?;
            after_snapshot["outcomes"] = completion::audit_summary(&evaluations);
        }
    }
    record_audit(
        &txn,
        &ctx.caller,
        audit_action,
        "class",
        id,
        Some(before.audit_snapshot()),
        Some(after_snapshot),
    )
    .await?;
    commit(txn).await?;
    Ok(after.to_dto())
}
