//! Annual plans (Art. 8): the use cases behind `/plans`. Readers are admin, staff, finance and
//! reviewers of MIIT and MOHRSS — a reviewer only of plans submitted to their authority (404
//! otherwise) and of the scans documenting their authority's decisions; staff and admin draft,
//! move and record paper replies. Every write is audited in its transaction.

use cebase_domain::ProblemCode;
use cebase_domain::dto::Page;
use cebase_domain::plans::{
    ExecutionSummaryDto, Plan, PlanAction, PlanComparisonDto, PlanData, PlanDto, PlanDueDto,
    PlanFacts, PlanItem, PlanItemData, PlanItemDto, PlanItemRequest, PlanRequest, PlanReview,
    PlanScanDto, PlanSnapshotContent, PlanStatus, PlanTransitionDto, PlanTransitionRequest,
    PlanVersionDto, PlanVersionSummaryDto, UpdatePlanItemRequest, UpdatePlanRequest, compare,
    execution_rows,
};
use cebase_domain::review::{Actor, Move, MoveInput};
use cebase_domain::{Authority, FieldError};
use cebase_store::listing::PageRequest;
use cebase_store::plans::{self, PlanFilter};
use cebase_store::{ConnectionTrait, DatabaseTransaction, StoreError, begin_write};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::review::{self, Reviewed, reader_of};
use super::{Ctx, commit, record_audit};
use crate::access;
use crate::documents::{self, plan_workbook};
use crate::error::ApiError;

/// The plan review as the application layer runs it.
pub(crate) struct Plans;

/// What a plan's transition carries besides the action and the reply.
pub struct PlanMoveExtra {
    /// The uploaded scan of the paper reply (staff decisions only).
    pub scan_id: Option<Uuid>,
}

impl Reviewed for Plans {
    type W = PlanReview;
    type Doc = Plan;
    type Dto = PlanDto;
    type Extra = PlanMoveExtra;

    const ENTITY: &'static str = "plan";

    fn reader(ctx: &Ctx) -> Result<Actor, ApiError> {
        access::plan_reader(&ctx.caller)
    }

    async fn submitted_to(
        db: &impl ConnectionTrait,
        id: Uuid,
        authority: Authority,
    ) -> Result<bool, ApiError> {
        Ok(plans::submitted_to(db, id, authority).await?)
    }

    async fn load(txn: &DatabaseTransaction, id: Uuid) -> Result<Plan, ApiError> {
        Ok(plans::find(txn, id).await?)
    }

    fn state(plan: &Plan) -> PlanStatus {
        plan.status
    }

    async fn facts(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        plan: &Plan,
    ) -> Result<PlanFacts, ApiError> {
        Ok(PlanFacts {
            year: plan.data.year,
            item_count: plans::items(txn, plan.id).await?.len(),
            deadlines: ctx.settings().plan_deadlines,
        })
    }

    async fn write(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        plan: &Plan,
        mv: &Move<PlanReview>,
        extra: PlanMoveExtra,
    ) -> Result<(Plan, Uuid, Map<String, Value>), ApiError> {
        if let Some(scan_id) = extra.scan_id {
            let refused = match plans::scan(txn, plan.id, scan_id).await {
                Err(StoreError::NotFound) => Some((
                    "not_found",
                    "no scan with this id was uploaded for this plan",
                )),
                Err(e) => return Err(e.into()),
                Ok(_) if plans::scan_used(txn, scan_id).await? => Some((
                    "already_used",
                    "this scan already documents another decision",
                )),
                Ok(_) => None,
            };
            if let Some((code, message)) = refused {
                return Err(ApiError::validation(FieldError::new(
                    "scan_id", code, message,
                )));
            }
        }
        let snapshot = if mv.snapshot {
            let items = plans::items(txn, plan.id).await?;
            let content = PlanSnapshotContent::of(plan, &items);
            let by = ctx.caller.id();
            Some(plans::insert_snapshot(txn, plan, mv.action, mv.to, &content, by).await?)
        } else {
            None
        };
        let (after, transition_id) = plans::record_move(
            txn,
            plan,
            mv,
            extra.scan_id,
            snapshot.map(|(id, _)| id),
            ctx.caller.id(),
        )
        .await?;
        let mut audit = Map::new();
        audit.insert("late".into(), mv.late.into());
        audit.insert("snapshot_seq".into(), json!(snapshot.map(|(_, seq)| seq)));
        Ok((after, transition_id, audit))
    }

    fn audit_action(action: PlanAction) -> &'static str {
        match action {
            PlanAction::SubmitToMiit => "plan.submit_to_miit",
            PlanAction::Approve => "plan.approve",
            PlanAction::SubmitToMohrss => "plan.submit_to_mohrss",
            PlanAction::File => "plan.file",
            PlanAction::Return => "plan.return",
            PlanAction::Revise => "plan.revise",
            PlanAction::Amend => "plan.amend",
        }
    }

    fn audit_snapshot(plan: &Plan) -> Value {
        plan.audit_snapshot()
    }

    async fn dto(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        actor: Actor,
        plan: &Plan,
    ) -> Result<PlanDto, ApiError> {
        dto(ctx, txn, actor, plan).await
    }
}

/// `plan` as the caller sees it, with its items' count and budget.
async fn dto(
    ctx: &Ctx,
    db: &impl ConnectionTrait,
    actor: Actor,
    plan: &Plan,
) -> Result<PlanDto, ApiError> {
    let items = plans::items(db, plan.id).await?;
    Ok(plan.to_dto(actor, &ctx.settings().plan_deadlines, ctx.today(), &items))
}

/// Plan `id` for a read by the caller (403 by role; 404 missing or out of a reviewer's scope).
async fn readable(ctx: &Ctx, id: Uuid) -> Result<(Actor, Plan), ApiError> {
    let actor = reader_of::<Plans>(ctx, ctx.db(), id).await?;
    Ok((actor, plans::find(ctx.db(), id).await?))
}

fn not_editable(status: PlanStatus) -> ApiError {
    ApiError::Problem {
        code: ProblemCode::PlanNotEditable,
        detail: format!(
            "the plan is {status}: it and its items change only while it is a draft (a returned plan is revised, a filed one amended, into a draft first)"
        ),
    }
}

/// A draft plan for an edit (409 `plan_not_editable` otherwise).
async fn draft(db: &impl ConnectionTrait, id: Uuid) -> Result<Plan, ApiError> {
    let plan = plans::find(db, id).await?;
    if !plan.status.is_editable() {
        return Err(not_editable(plan.status));
    }
    Ok(plan)
}

/// The filters of the plan list.
#[derive(Debug, Default)]
pub struct PlanListFilter {
    /// Only the plan for this year.
    pub year: Option<i32>,
    pub status: Option<PlanStatus>,
}

/// Plans in creation order (a reviewer's: those submitted to their authority).
pub async fn list(
    ctx: &Ctx,
    filter: PlanListFilter,
    page: PageRequest,
) -> Result<Page<PlanDto>, ApiError> {
    let actor = access::plan_reader(&ctx.caller)?;
    let filter = PlanFilter {
        year: filter.year,
        status: filter.status,
        reviewer: access::reviewer_scope(&ctx.caller),
    };
    let (rows, next) = plans::list(ctx.db(), &filter, &page).await?;
    let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
    let mut items = plans::items_of(ctx.db(), &ids).await?;
    let deadlines = &ctx.settings().plan_deadlines;
    let today = ctx.today();
    Ok(Page {
        items: rows
            .iter()
            .map(|p| {
                let items = items.remove(&p.id).unwrap_or_default();
                p.to_dto(actor, deadlines, today, &items)
            })
            .collect(),
        next_cursor: next,
    })
}

/// Starts the plan for a year (staff, admin) as a draft.
pub async fn create(ctx: &Ctx, r: PlanRequest) -> Result<PlanDto, ApiError> {
    access::require_plan_editor(&ctx.caller)?;
    let data =
        PlanData::parse(r.year, &r.title, r.narrative.as_deref()).map_err(ApiError::Validation)?;
    let txn = begin_write(ctx.db()).await?;
    let plan = plans::create(&txn, data, ctx.caller.id()).await?;
    let after = Some(plan.audit_snapshot());
    record_audit(
        &txn,
        &ctx.caller,
        "plan.create",
        "plan",
        plan.id,
        None,
        after,
    )
    .await?;
    let body = dto(ctx, &txn, Actor::Staff, &plan).await?;
    commit(txn).await?;
    Ok(body)
}

/// The deadline-bound steps unfiled plans still have to take, soonest first.
pub async fn due(ctx: &Ctx) -> Result<Vec<PlanDueDto>, ApiError> {
    access::plan_reader(&ctx.caller)?;
    let deadlines = &ctx.settings().plan_deadlines;
    let reviewer = access::reviewer_scope(&ctx.caller);
    Ok(plans::due_steps(ctx.db(), deadlines, ctx.today(), reviewer).await?)
}

pub async fn get(ctx: &Ctx, id: Uuid) -> Result<PlanDto, ApiError> {
    let (actor, plan) = readable(ctx, id).await?;
    dto(ctx, ctx.db(), actor, &plan).await
}

/// Replaces a draft plan's title and narrative (staff, admin) at the `version` read.
pub async fn update(ctx: &Ctx, id: Uuid, r: UpdatePlanRequest) -> Result<PlanDto, ApiError> {
    access::require_plan_editor(&ctx.caller)?;
    let txn = begin_write(ctx.db()).await?;
    let before = draft(&txn, id).await?;
    let data = PlanData::parse(before.data.year, &r.title, r.narrative.as_deref())
        .map_err(ApiError::Validation)?;
    let after = plans::update(&txn, before.id, r.version, &data.title, &data.narrative).await?;
    let (b, a) = (Some(before.audit_snapshot()), Some(after.audit_snapshot()));
    record_audit(&txn, &ctx.caller, "plan.update", "plan", after.id, b, a).await?;
    let body = dto(ctx, &txn, Actor::Staff, &after).await?;
    commit(txn).await?;
    Ok(body)
}

pub async fn items(ctx: &Ctx, id: Uuid) -> Result<Vec<PlanItemDto>, ApiError> {
    let (_, plan) = readable(ctx, id).await?;
    let items = plans::items(ctx.db(), plan.id).await?;
    Ok(items.iter().map(PlanItem::to_dto).collect())
}

/// Adds an item to a draft plan (staff, admin); answers the plan's id and the item.
pub async fn create_item(
    ctx: &Ctx,
    id: Uuid,
    r: PlanItemRequest,
) -> Result<(Uuid, PlanItemDto), ApiError> {
    access::require_plan_editor(&ctx.caller)?;
    let txn = begin_write(ctx.db()).await?;
    let plan = draft(&txn, id).await?;
    let data = PlanItemData::parse(&r, plan.data.year).map_err(ApiError::Validation)?;
    let item = plans::create_item(&txn, plan.id, &data).await?;
    plans::touch(&txn, &plan).await?;
    let after = Some(item.audit_snapshot());
    let c = &ctx.caller;
    record_audit(
        &txn,
        c,
        "plan_item.create",
        "plan_item",
        item.id,
        None,
        after,
    )
    .await?;
    commit(txn).await?;
    Ok((plan.id, item.to_dto()))
}

/// Replaces an item of a draft plan (staff, admin) at the item's `version` read.
pub async fn update_item(
    ctx: &Ctx,
    id: Uuid,
    item_id: Uuid,
    r: UpdatePlanItemRequest,
) -> Result<PlanItemDto, ApiError> {
    access::require_plan_editor(&ctx.caller)?;
    let txn = begin_write(ctx.db()).await?;
    let plan = draft(&txn, id).await?;
    let before = plans::find_item(&txn, plan.id, item_id).await?;
    let data = PlanItemData::parse(&r.item, plan.data.year).map_err(ApiError::Validation)?;
    let after = plans::update_item(&txn, &before, r.version, &data).await?;
    plans::touch(&txn, &plan).await?;
    let (b, a) = (Some(before.audit_snapshot()), Some(after.audit_snapshot()));
    let c = &ctx.caller;
    record_audit(&txn, c, "plan_item.update", "plan_item", after.id, b, a).await?;
    commit(txn).await?;
    Ok(after.to_dto())
}

/// Removes an item from a draft plan (staff, admin); refused while classes implement it.
pub async fn delete_item(ctx: &Ctx, id: Uuid, item_id: Uuid) -> Result<(), ApiError> {
    access::require_plan_editor(&ctx.caller)?;
    let txn = begin_write(ctx.db()).await?;
    let plan = draft(&txn, id).await?;
    let item = plans::find_item(&txn, plan.id, item_id).await?;
    let linked = plans::classes_of_item(&txn, item.id).await?;
    if linked > 0 {
        return Err(ApiError::Problem {
            code: ProblemCode::PlanItemInUse,
            detail: format!("{linked} class(es) implement this item; unlink them first"),
        });
    }
    plans::delete_item(&txn, &item).await?;
    plans::touch(&txn, &plan).await?;
    let before = Some(item.audit_snapshot());
    let c = &ctx.caller;
    record_audit(
        &txn,
        c,
        "plan_item.delete",
        "plan_item",
        item.id,
        before,
        None,
    )
    .await?;
    commit(txn).await?;
    Ok(())
}

pub async fn transitions(ctx: &Ctx, id: Uuid) -> Result<Vec<PlanTransitionDto>, ApiError> {
    let (_, plan) = readable(ctx, id).await?;
    Ok(plans::transitions(ctx.db(), plan.id).await?)
}

/// Moves the plan through review and filing (Art. 8).
pub async fn transition(
    ctx: &Ctx,
    id: Uuid,
    r: PlanTransitionRequest,
) -> Result<PlanDto, ApiError> {
    let input = MoveInput {
        comments: r.comments,
        document_number: r.document_number,
        reply_date: r.reply_date,
        scan_attached: r.scan_id.is_some(),
    };
    let extra = PlanMoveExtra { scan_id: r.scan_id };
    review::transition::<Plans>(ctx, id, r.action, input, extra).await
}

/// 403 unless the caller may upload scans of paper replies (staff, admin) — checked before the
/// upload is read.
pub fn may_upload_scan(ctx: &Ctx) -> Result<(), ApiError> {
    access::require_plan_editor(&ctx.caller)
}

/// Keeps the scan of a paper reply to plan `id` (its type and size already checked).
pub async fn upload_scan(
    ctx: &Ctx,
    id: Uuid,
    content_type: &str,
    bytes: Vec<u8>,
) -> Result<PlanScanDto, ApiError> {
    may_upload_scan(ctx)?;
    if bytes.is_empty() {
        return Err(ApiError::Problem {
            code: ProblemCode::InvalidFile,
            detail: "the scan is empty".into(),
        });
    }
    let sha = hex::encode(Sha256::digest(&bytes));
    let txn = begin_write(ctx.db()).await?;
    let plan = plans::find(&txn, id).await?;
    let scan = plans::insert_scan(&txn, plan.id, content_type, sha, bytes, ctx.caller.id()).await?;
    let after = Some(serde_json::to_value(&scan).unwrap_or_default());
    let c = &ctx.caller;
    record_audit(
        &txn,
        c,
        "plan_scan.upload",
        "plan_scan",
        scan.id,
        None,
        after,
    )
    .await?;
    commit(txn).await?;
    Ok(scan)
}

/// A scan with its bytes; a reviewer reads only the scans of their authority's decisions.
pub async fn scan(ctx: &Ctx, id: Uuid, scan_id: Uuid) -> Result<(PlanScanDto, Vec<u8>), ApiError> {
    readable(ctx, id).await?;
    let found = plans::scan(ctx.db(), id, scan_id).await?;
    if let Some(authority) = access::reviewer_scope(&ctx.caller)
        && plans::scan_authority(ctx.db(), scan_id).await? != Some(authority)
    {
        return Err(ApiError::NotFound);
    }
    Ok(found)
}

pub async fn versions(ctx: &Ctx, id: Uuid) -> Result<Vec<PlanVersionSummaryDto>, ApiError> {
    let (_, plan) = readable(ctx, id).await?;
    Ok(plans::snapshots(ctx.db(), plan.id).await?)
}

/// Compares snapshots `from` and `to` of plan `id` item by item.
pub async fn compare_versions(
    ctx: &Ctx,
    id: Uuid,
    from: i32,
    to: i32,
) -> Result<PlanComparisonDto, ApiError> {
    readable(ctx, id).await?;
    let from = plans::snapshot(ctx.db(), id, from).await?;
    let to = plans::snapshot(ctx.db(), id, to).await?;
    Ok(compare(
        from.summary.seq,
        &from.content,
        to.summary.seq,
        &to.content,
    ))
}

pub async fn version(ctx: &Ctx, id: Uuid, seq: i32) -> Result<PlanVersionDto, ApiError> {
    readable(ctx, id).await?;
    Ok(plans::snapshot(ctx.db(), id, seq).await?)
}

/// The execution summary of year Y−1 for the plan of Y.
async fn summary_of(
    db: &impl ConnectionTrait,
    plan: &Plan,
) -> Result<ExecutionSummaryDto, ApiError> {
    let previous_year = plan.data.year - 1;
    let previous = plans::of_year(db, previous_year).await?;
    let items = match &previous {
        Some(p) => plans::items(db, p.id).await?,
        None => Vec::new(),
    };
    let ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
    let held = plans::held_class_actuals(db, previous_year, &ids).await?;
    let (rows, unplanned, total) = execution_rows(&items, &held);
    Ok(ExecutionSummaryDto {
        plan_id: plan.id,
        year: plan.data.year,
        summary_year: previous_year,
        previous_plan_id: previous.map(|p| p.id),
        items: rows,
        unplanned,
        total,
        narrative: plan.data.narrative.as_ref().map(|t| t.as_ref().to_owned()),
    })
}

pub async fn execution_summary(ctx: &Ctx, id: Uuid) -> Result<ExecutionSummaryDto, ApiError> {
    let (_, plan) = readable(ctx, id).await?;
    summary_of(ctx.db(), &plan).await
}

/// A plan document: its file name and bytes.
pub struct PlanFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The plan with its execution summary as a workbook.
pub async fn workbook(ctx: &Ctx, id: Uuid) -> Result<PlanFile, ApiError> {
    let (_, plan) = readable(ctx, id).await?;
    let items = plans::items(ctx.db(), plan.id).await?;
    let summary = summary_of(ctx.db(), &plan).await?;
    let bytes = plan_workbook::workbook(&plan, &items, &summary)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    Ok(PlanFile {
        name: documents::plan::file_name(&plan, "xlsx"),
        bytes,
    })
}

/// The plan with its execution summary as a formal document (PDF).
pub async fn document(ctx: &Ctx, id: Uuid) -> Result<PlanFile, ApiError> {
    let (_, plan) = readable(ctx, id).await?;
    let items = plans::items(ctx.db(), plan.id).await?;
    let summary = summary_of(ctx.db(), &plan).await?;
    let issuer = &ctx.settings().certificate_issuer;
    let doc = documents::plan::document(&plan, &items, &summary, issuer, ctx.clock.now());
    let bytes = documents::render_blocking(doc, ctx.font())
        .await
        .map_err(ApiError::Internal)?;
    Ok(PlanFile {
        name: documents::plan::file_name(&plan, "pdf"),
        bytes,
    })
}
