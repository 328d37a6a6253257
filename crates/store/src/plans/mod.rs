//! Annual plans (Art. 8): plans, their items, the immutable snapshot of every submission, the
//! scans of paper replies and the history of workflow moves; the "what is due" query for the
//! dashboard and the aggregates behind the execution summary.
//!
//! **Snapshot invariant:** `plan_snapshots` and `plan_transitions` rows are only ever inserted;
//! this module has no function that updates or deletes them. A snapshot's sequence number is
//! the next one of its plan, taken inside the caller's `begin_write` transaction (which
//! serialises audited writers) and backed by `uq_plan_snapshots_plan_seq`.
//!
//! A move goes through [`crate::reviews`] (the conditional status change and the insert-only
//! move row shared with class reports), so two moves can never both start from the same state.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::Authority;
use cebase_domain::learning::CreditTenths;
use cebase_domain::master::Text;
use cebase_domain::money::Fen;
use cebase_domain::plans::{
    Plan, PlanAction, PlanData, PlanItem, PlanItemData, PlanReview, PlanStatus, PlanTransitionDto,
};
use cebase_domain::review::Move;
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{optional, owned, text};
use crate::entities::{class, plan, plan_item, plan_snapshot};
use crate::listing::{PageRequest, corrupt, paged, split_page};

mod summary;
mod versions;

use crate::reviews;
pub use summary::*;
pub use versions::*;

fn decode(m: plan::Model) -> Result<Plan, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("plans.{what}"), id);
    Ok(Plan {
        id,
        data: PlanData {
            year: m.year,
            title: text(&m.title).ok_or_else(|| bad("title"))?,
            narrative: optional(m.narrative.as_deref(), text).ok_or_else(|| bad("narrative"))?,
        },
        status: m.status.parse().map_err(|_| bad("status"))?,
        revision: m.revision,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

fn decode_item(m: plan_item::Model) -> Result<PlanItem, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("plan_items.{what}"), id);
    Ok(PlanItem {
        id,
        plan_id: m.plan_id,
        data: PlanItemData {
            title: text(&m.title).ok_or_else(|| bad("title"))?,
            class_kind: m.class_kind.parse().map_err(|_| bad("class_kind"))?,
            category: m.category.parse().map_err(|_| bad("category"))?,
            target_audience: text(&m.target_audience).ok_or_else(|| bad("target_audience"))?,
            planned_trainees: u32::try_from(m.planned_trainees)
                .map_err(|_| bad("planned_trainees"))?,
            planned_hours: CreditTenths(
                u32::try_from(m.planned_hours_tenths).map_err(|_| bad("planned_hours"))?,
            ),
            planned_start: m.planned_start,
            planned_end: m.planned_end,
            budget: Fen::parse(m.budget_fen, "").map_err(|_| bad("budget_fen"))?,
            commissioning_body: optional(m.commissioning_body.as_deref(), text)
                .ok_or_else(|| bad("commissioning_body"))?,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// Creates the plan for `data.year` (`Conflict("plan_exists")` when the year has one).
pub async fn create(
    db: &impl ConnectionTrait,
    data: PlanData,
    by: Uuid,
) -> Result<Plan, StoreError> {
    let now = Utc::now();
    let m = plan::ActiveModel {
        id: Set(Uuid::now_v7()),
        year: Set(data.year),
        title: Set(data.title.as_ref().to_owned()),
        narrative: Set(owned(&data.narrative)),
        status: Set(PlanStatus::Draft.as_str().to_owned()),
        revision: Set(1),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::PlanExists))?;
    decode(m)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Plan, StoreError> {
    let m = plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// The plan for `year`, if there is one.
pub async fn of_year(db: &impl ConnectionTrait, year: i32) -> Result<Option<Plan>, StoreError> {
    plan::Entity::find()
        .filter(plan::Column::Year.eq(year))
        .one(db)
        .await?
        .map(decode)
        .transpose()
}

/// Filters of the plan list.
#[derive(Debug, Clone, Default)]
pub struct PlanFilter {
    pub year: Option<i32>,
    pub status: Option<PlanStatus>,
    /// Only plans submitted to this authority (what its reviewers read).
    pub reviewer: Option<Authority>,
}

/// Whether a reviewer of `authority` reads plan `id`: it was submitted to that authority.
pub async fn submitted_to(
    db: &impl ConnectionTrait,
    id: Uuid,
    authority: Authority,
) -> Result<bool, StoreError> {
    reviews::has_reached::<PlanReview>(db, &reviews::PLANS, id, authority).await
}

/// Plans in creation order.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &PlanFilter,
    page: &PageRequest,
) -> Result<(Vec<Plan>, Option<String>), StoreError> {
    let mut query = plan::Entity::find();
    if let Some(year) = filter.year {
        query = query.filter(plan::Column::Year.eq(year));
    }
    if let Some(status) = filter.status {
        query = query.filter(plan::Column::Status.eq(status.as_str()));
    }
    if let Some(authority) = filter.reviewer {
        query = query.filter(reviews::reached::<PlanReview>(&reviews::PLANS, authority));
    }
    let rows = paged(query, plan::Column::Id, plan::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    Ok((
        rows.into_iter().map(decode).collect::<Result<_, _>>()?,
        next,
    ))
}

/// Replaces the header of a draft plan at `expected_version` (`VersionConflict` when it
/// changed or left `draft` meanwhile).
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    title: &Text,
    narrative: &Option<Text>,
) -> Result<Plan, StoreError> {
    let result = plan::Entity::update_many()
        .col_expr(plan::Column::Title, Expr::value(title.as_ref().to_owned()))
        .col_expr(plan::Column::Narrative, Expr::value(owned(narrative)))
        .col_expr(plan::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            plan::Column::Version,
            Expr::col(plan::Column::Version).add(1),
        )
        .filter(plan::Column::Id.eq(id))
        .filter(plan::Column::Version.eq(expected_version))
        .filter(plan::Column::Status.eq(PlanStatus::Draft.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Bumps a draft plan's version because one of its items changed (so a client holding the plan
/// sees the change and concurrent item edits cannot interleave with a submission).
pub async fn touch(db: &impl ConnectionTrait, plan: &Plan) -> Result<(), StoreError> {
    let result = plan::Entity::update_many()
        .col_expr(plan::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            plan::Column::Version,
            Expr::col(plan::Column::Version).add(1),
        )
        .filter(plan::Column::Id.eq(plan.id))
        .filter(plan::Column::Status.eq(PlanStatus::Draft.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::VersionConflict);
    }
    Ok(())
}

/// Moves `plan` as `mv` says from the state and version it was read at (0 rows:
/// `VersionConflict`, see [`crate::reviews`]) and records the move with its lateness, the scan of
/// a paper reply and the snapshot a submission stored; `amend` also opens the next revision.
/// Answers the moved plan and the move's id.
pub async fn record_move(
    db: &impl ConnectionTrait,
    plan: &Plan,
    mv: &Move<PlanReview>,
    scan_id: Option<Uuid>,
    snapshot_id: Option<Uuid>,
    by: Uuid,
) -> Result<(Plan, Uuid), StoreError> {
    let revision = if mv.action == PlanAction::Amend {
        plan.revision + 1
    } else {
        plan.revision
    };
    reviews::change_status(
        db,
        &reviews::PLANS,
        plan.id,
        plan.version,
        mv,
        vec![("revision", revision.into())],
    )
    .await?;
    let id = reviews::record(
        db,
        &reviews::PLANS,
        plan.id,
        mv,
        by,
        vec![
            ("revision", plan.revision.into()),
            ("late", mv.late.into()),
            ("scan_id", scan_id.into()),
            ("snapshot_id", snapshot_id.into()),
        ],
    )
    .await?;
    Ok((find(db, plan.id).await?, id))
}

// --- items ---

fn item_columns(d: &PlanItemData) -> Result<plan_item::ActiveModel, StoreError> {
    let range = |what: &str| StoreError::Corrupt(format!("plan item {what} out of range"));
    Ok(plan_item::ActiveModel {
        title: Set(d.title.as_ref().to_owned()),
        class_kind: Set(d.class_kind.as_str().to_owned()),
        category: Set(d.category.as_str().to_owned()),
        target_audience: Set(d.target_audience.as_ref().to_owned()),
        planned_trainees: Set(i32::try_from(d.planned_trainees).map_err(|_| range("trainees"))?),
        planned_hours_tenths: Set(i32::try_from(d.planned_hours.0).map_err(|_| range("hours"))?),
        planned_start: Set(d.planned_start),
        planned_end: Set(d.planned_end),
        budget_fen: Set(d.budget.fen()),
        commissioning_body: Set(owned(&d.commissioning_body)),
        ..Default::default()
    })
}

/// Every item of a plan, in creation order.
pub async fn items(db: &impl ConnectionTrait, plan_id: Uuid) -> Result<Vec<PlanItem>, StoreError> {
    plan_item::Entity::find()
        .filter(plan_item::Column::PlanId.eq(plan_id))
        .order_by_asc(plan_item::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(decode_item)
        .collect()
}

/// The items of several plans, by plan.
pub async fn items_of(
    db: &impl ConnectionTrait,
    plan_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<PlanItem>>, StoreError> {
    let mut by_plan: HashMap<Uuid, Vec<PlanItem>> = HashMap::new();
    if plan_ids.is_empty() {
        return Ok(by_plan);
    }
    for m in plan_item::Entity::find()
        .filter(plan_item::Column::PlanId.is_in(plan_ids.iter().copied()))
        .order_by_asc(plan_item::Column::Id)
        .all(db)
        .await?
    {
        let item = decode_item(m)?;
        by_plan.entry(item.plan_id).or_default().push(item);
    }
    Ok(by_plan)
}

pub async fn create_item(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    data: &PlanItemData,
) -> Result<PlanItem, StoreError> {
    let now = Utc::now();
    let mut m = item_columns(data)?;
    m.id = Set(Uuid::now_v7());
    m.plan_id = Set(plan_id);
    m.created_at = Set(now);
    m.updated_at = Set(now);
    m.version = Set(1);
    decode_item(m.insert(db).await?)
}

/// Item `item_id` of plan `plan_id`.
pub async fn find_item(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    item_id: Uuid,
) -> Result<PlanItem, StoreError> {
    let m = plan_item::Entity::find_by_id(item_id)
        .filter(plan_item::Column::PlanId.eq(plan_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_item(m)
}

pub async fn item_exists(db: &impl ConnectionTrait, item_id: Uuid) -> Result<bool, StoreError> {
    Ok(plan_item::Entity::find_by_id(item_id).count(db).await? > 0)
}

pub async fn update_item(
    db: &impl ConnectionTrait,
    item: &PlanItem,
    expected_version: i32,
    data: &PlanItemData,
) -> Result<PlanItem, StoreError> {
    let result = plan_item::Entity::update_many()
        .set(item_columns(data)?)
        .col_expr(plan_item::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            plan_item::Column::Version,
            Expr::col(plan_item::Column::Version).add(1),
        )
        .filter(plan_item::Column::Id.eq(item.id))
        .filter(plan_item::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::VersionConflict);
    }
    find_item(db, item.plan_id, item.id).await
}

/// The number of classes implementing item `item_id`.
pub async fn classes_of_item(db: &impl ConnectionTrait, item_id: Uuid) -> Result<u64, StoreError> {
    Ok(class::Entity::find()
        .filter(class::Column::PlanItemId.eq(item_id))
        .count(db)
        .await?)
}

pub async fn delete_item(db: &impl ConnectionTrait, item: &PlanItem) -> Result<(), StoreError> {
    plan_item::Entity::delete_by_id(item.id).exec(db).await?;
    Ok(())
}

// --- transitions ---

/// The moves of a plan, oldest first, with who acted.
pub async fn transitions(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
) -> Result<Vec<PlanTransitionDto>, StoreError> {
    let rows = reviews::history::<PlanReview>(
        db,
        &reviews::PLANS,
        plan_id,
        &["revision", "late", "scan_id", "snapshot_id"],
    )
    .await?;
    let seqs: HashMap<Uuid, i32> = plan_snapshot::Entity::find()
        .select_only()
        .column(plan_snapshot::Column::Id)
        .column(plan_snapshot::Column::Seq)
        .filter(plan_snapshot::Column::PlanId.eq(plan_id))
        .into_tuple::<(Uuid, i32)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|m| {
            let snapshot_id: Option<Uuid> = m.row.try_get("", "snapshot_id")?;
            Ok(PlanTransitionDto {
                id: m.id,
                action: m.action,
                from_status: m.from,
                to_status: m.to,
                revision: m.row.try_get("", "revision")?,
                authority: m.authority,
                from_paper: m.from_paper,
                comments: m.comments,
                document_number: m.document_number,
                reply_date: m.reply_date,
                late: m.row.try_get("", "late")?,
                scan_id: m.row.try_get("", "scan_id")?,
                snapshot_seq: snapshot_id.and_then(|s| seqs.get(&s).copied()),
                acted_by: m.acted_by,
                acted_by_name: m.acted_by_name,
                acted_at: m.acted_at,
            })
        })
        .collect()
}
