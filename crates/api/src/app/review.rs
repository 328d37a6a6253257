//! The one shape of a review transition, for every reviewed document (annual plans, class
//! summary reports; an expense next): the caller's role (403, before the document is looked up),
//! the document (404, and 404 too for a reviewer it was never submitted to), its facts, the domain's [`decide`], the
//! document's own writes (snapshot, side effects) with the conditional status change and the
//! insert-only move, the audit entry and the answer — all in one audited transaction.

use cebase_domain::access::reviewer_scope;
use cebase_domain::review::{Actor, Move, MoveInput, Refusal, Workflow, decide, may_take};
use cebase_domain::{Authority, FieldError};
use cebase_store::{ConnectionTrait, DatabaseTransaction, begin_write};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::error::ApiError;

/// A reviewed document kind as the application layer sees it.
pub(crate) trait Reviewed {
    type W: Workflow;
    /// The stored document.
    type Doc;
    /// What the API answers with.
    type Dto;
    /// What the transition request carries besides the action and the reply (a plan's scan).
    type Extra;

    /// The audit trail's entity type: "plan".
    const ENTITY: &'static str;

    /// How the workflow sees the caller, if they may read this kind of document (403 otherwise).
    fn reader(ctx: &Ctx) -> Result<Actor, ApiError>;
    /// Whether document `id` was submitted to `authority` (a reviewer reads only those).
    async fn submitted_to(
        db: &impl ConnectionTrait,
        id: Uuid,
        authority: Authority,
    ) -> Result<bool, ApiError>;
    async fn load(txn: &DatabaseTransaction, id: Uuid) -> Result<Self::Doc, ApiError>;
    fn state(doc: &Self::Doc) -> <Self::W as Workflow>::State;
    /// What the move's preconditions and lateness look at.
    async fn facts(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        doc: &Self::Doc,
    ) -> Result<<Self::W as Workflow>::Facts, ApiError>
    where
        <Self::W as Workflow>::Facts: Sized;
    /// Writes the accepted move: what it attaches and snapshots, the status change and the move
    /// row (through `cebase_store::reviews`), its side effects. Answers the moved document, the
    /// move's id and what the audit entry adds.
    async fn write(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        doc: &Self::Doc,
        mv: &Move<Self::W>,
        extra: Self::Extra,
    ) -> Result<(Self::Doc, Uuid, Map<String, Value>), ApiError>;
    /// The audit action of a move: "plan.approve".
    fn audit_action(action: <Self::W as Workflow>::Action) -> &'static str;
    fn audit_snapshot(doc: &Self::Doc) -> Value;
    async fn dto(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        actor: Actor,
        doc: &Self::Doc,
    ) -> Result<Self::Dto, ApiError>;
}

/// A refusal of the domain as the API answers it.
pub(crate) fn refused<W: Workflow>(refusal: Refusal<W>) -> ApiError {
    match refusal {
        Refusal::Invalid(errors) => ApiError::Validation(errors),
        other => ApiError::Problem {
            code: other.code(),
            detail: other.detail(),
        },
    }
}

/// The caller's actor for a read of document `id`: 403 when their role reads no such
/// documents, 404 when they are a reviewer and the document was never submitted to their
/// authority (its existence is not revealed).
pub(crate) async fn reader_of<R: Reviewed>(
    ctx: &Ctx,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Actor, ApiError> {
    let actor = R::reader(ctx)?;
    if let Some(authority) = reviewer_scope(&ctx.caller.user.roles)
        && !R::submitted_to(db, id, authority).await?
    {
        return Err(ApiError::NotFound);
    }
    Ok(actor)
}

/// Moves document `id` by `action` (Art. 8, Art. 18, …) and answers it as the caller now sees it.
pub(crate) async fn transition<R: Reviewed>(
    ctx: &Ctx,
    id: Uuid,
    action: Option<<R::W as Workflow>::Action>,
    input: MoveInput,
    extra: R::Extra,
) -> Result<R::Dto, ApiError>
where
    <R::W as Workflow>::Facts: Sized,
{
    let actor = R::reader(ctx)?;
    let action = action.ok_or_else(|| {
        let names: Vec<String> = R::W::ACTIONS.iter().map(ToString::to_string).collect();
        ApiError::validation(FieldError::new(
            "action",
            "required",
            format!("one of {}", names.join(", ")),
        ))
    })?;
    may_take::<R::W>(action, actor).map_err(refused)?;
    let today = ctx.today();
    let txn = begin_write(ctx.db()).await?;
    let doc = R::load(&txn, id).await?;
    reader_of::<R>(ctx, &txn, id).await?;
    let facts = R::facts(ctx, &txn, &doc).await?;
    let mv =
        decide::<R::W>(R::state(&doc), action, actor, &input, &facts, today).map_err(refused)?;
    let (after, transition_id, added) = R::write(ctx, &txn, &doc, &mv, extra).await?;
    let mut snapshot = R::audit_snapshot(&after);
    if let Some(obj) = snapshot.as_object_mut() {
        obj.insert("transition_id".into(), transition_id.to_string().into());
        obj.insert("authority".into(), json!(mv.authority));
        obj.insert("from_paper".into(), mv.from_paper.into());
        obj.insert(
            "document_number".into(),
            json!(mv.document_number.as_ref().map(|t| t.as_ref())),
        );
        obj.extend(added);
    }
    record_audit(
        &txn,
        &ctx.caller,
        R::audit_action(action),
        R::ENTITY,
        id,
        Some(R::audit_snapshot(&doc)),
        Some(snapshot),
    )
    .await?;
    let body = R::dto(ctx, &txn, actor, &after).await?;
    commit(txn).await?;
    Ok(body)
}
