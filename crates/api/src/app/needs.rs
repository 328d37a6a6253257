//! The training-needs survey: submitting needs, reading them as the caller may, the summary by
//! topic and field, and turning a need into an item of a draft annual plan (in one audited
//! transaction through the plans store). The use cases behind `/needs`.

use cebase_domain::ProblemCode;
use cebase_domain::dto::Page;
use cebase_domain::plans::{PlanItemData, PlanItemDto};
use cebase_domain::reports::{
    NeedData, NeedDto, NeedRequest, NeedSummaryDto, NeedToPlanItemRequest, group_needs,
};
use cebase_store::needs::{self, NeedVisibility};
use cebase_store::{StoreError, begin_write, plans};
use uuid::Uuid;

use super::{Ctx, commit, record_audit, unknown_reference};
use crate::access;
use crate::error::ApiError;
use crate::paging::Paging;

/// Needs the caller may see, in creation order.
pub async fn list(ctx: &Ctx, page: Paging) -> Result<Page<NeedDto>, ApiError> {
    let caller = access::caller(ctx.db(), &ctx.caller).await?;
    let v = access::need_visibility(&ctx.caller, &caller)?;
    let request = page.unsynced()?;
    let (items, next) = needs::list(ctx.db(), v, &request).await?;
    Ok(Page {
        items,
        next_cursor: next,
    })
}

/// Records a training need for the caller's organisation, themselves, or (staff) anyone.
pub async fn create(ctx: &Ctx, r: NeedRequest) -> Result<NeedDto, ApiError> {
    let data = NeedData::parse(&r).map_err(ApiError::Validation)?;
    let txn = begin_write(ctx.db()).await?;
    let caller = access::caller(&txn, &ctx.caller).await?;
    let submitter = access::need_submitter(&ctx.caller, &caller)?;
    let need = needs::create(&txn, &data, submitter).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "need.create",
        "training_need",
        need.id,
        None,
        Some(serde_json::to_value(&need).unwrap_or_default()),
    )
    .await?;
    commit(txn).await?;
    Ok(need)
}

/// Every need grouped by topic and by field (staff, admin).
pub async fn summary(ctx: &Ctx) -> Result<NeedSummaryDto, ApiError> {
    access::require_evaluation_manager(&ctx.caller)?;
    let all = needs::all(ctx.db()).await?;
    Ok(NeedSummaryDto {
        by_topic: group_needs(&all, |n| &n.topic),
        by_field: group_needs(&all, |n| &n.field),
    })
}

/// One need the caller may see.
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<NeedDto, ApiError> {
    let caller = access::caller(ctx.db(), &ctx.caller).await?;
    let v = access::need_visibility(&ctx.caller, &caller)?;
    Ok(needs::find(ctx.db(), id, v).await?)
}

/// Turns a need into an item of a draft plan (staff, admin); answers the plan's id and the item.
pub async fn to_plan_item(
    ctx: &Ctx,
    id: Uuid,
    r: NeedToPlanItemRequest,
) -> Result<(Uuid, PlanItemDto), ApiError> {
    access::require_evaluation_manager(&ctx.caller)?;
    let txn = begin_write(ctx.db()).await?;
    let need = needs::find(&txn, id, NeedVisibility::All).await?;
    if need.plan_item_id.is_some() {
        return Err(ApiError::Problem {
            code: ProblemCode::NeedAlreadyPlanned,
            detail: "this need was already turned into a plan item".into(),
        });
    }
    let plan = match plans::find(&txn, r.plan_id).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => {
            return Err(ApiError::validation(unknown_reference("plan_id", "plan")));
        }
        Err(e) => return Err(e.into()),
    };
    if !plan.status.is_editable() {
        return Err(ApiError::Problem {
            code: ProblemCode::PlanNotEditable,
            detail: format!(
                "the plan is {}: items are added only while it is a draft",
                plan.status
            ),
        });
    }
    let data = PlanItemData::parse(&r.item, plan.data.year).map_err(ApiError::Validation)?;
    let item = plans::create_item(&txn, plan.id, &data).await?;
    plans::touch(&txn, &plan).await?;
    needs::link_plan_item(&txn, need.id, item.id)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(code) => ApiError::Problem {
                code,
                detail: "this need was already turned into a plan item".into(),
            },
            e => e.into(),
        })?;
    let mut snapshot = item.audit_snapshot();
    if let Some(obj) = snapshot.as_object_mut() {
        obj.insert("from_need".into(), need.id.to_string().into());
    }
    record_audit(
        &txn,
        &ctx.caller,
        "plan_item.create",
        "plan_item",
        item.id,
        None,
        Some(snapshot),
    )
    .await?;
    record_audit(
        &txn,
        &ctx.caller,
        "need.plan",
        "training_need",
        need.id,
        None,
        Some(serde_json::json!({"plan_id": plan.id, "plan_item_id": item.id})),
    )
    .await?;
    commit(txn).await?;
    Ok((plan.id, item.to_dto()))
}
