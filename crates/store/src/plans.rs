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
use cebase_domain::class::ClassStatus;
use cebase_domain::learning::CreditTenths;
use cebase_domain::master::Text;
use cebase_domain::money::Fen;
use cebase_domain::plans::{
    ClassActuals, Plan, PlanAction, PlanData, PlanDeadlines, PlanDueDto, PlanItem, PlanItemData,
    PlanReview, PlanScanDto, PlanSnapshotContent, PlanStatus, PlanTransitionDto, PlanVersionDto,
    PlanVersionSummaryDto,
};
use cebase_domain::review::Move;
use cebase_domain::training::CompletionOutcome;
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{optional, owned, text};
use crate::entities::{
    class, enrolment_outcome, learning_record, learning_record_version, plan, plan_item, plan_scan,
    plan_snapshot, plan_transition,
};
use crate::listing::{PageRequest, corrupt, paged, split_page};
use crate::reviews;

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

// --- snapshots ---

fn summary(m: &plan_snapshot::Model) -> Result<PlanVersionSummaryDto, StoreError> {
    let bad = |what: &str| corrupt(&format!("plan_snapshots.{what}"), m.id);
    Ok(PlanVersionSummaryDto {
        seq: m.seq,
        revision: m.revision,
        action: m.action.parse().map_err(|_| bad("action"))?,
        status: m.status.parse().map_err(|_| bad("status"))?,
        item_count: u32::try_from(m.item_count).map_err(|_| bad("item_count"))?,
        taken_by: m.taken_by,
        taken_at: m.taken_at,
    })
}

/// Inserts the snapshot a submission stores; answers its id and sequence number.
pub async fn insert_snapshot(
    db: &impl ConnectionTrait,
    plan: &Plan,
    action: PlanAction,
    status: PlanStatus,
    content: &PlanSnapshotContent,
    by: Uuid,
) -> Result<(Uuid, i32), StoreError> {
    let last: Option<i32> = plan_snapshot::Entity::find()
        .select_only()
        .column_as(plan_snapshot::Column::Seq.max(), "seq")
        .filter(plan_snapshot::Column::PlanId.eq(plan.id))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    let seq = last.unwrap_or(0) + 1;
    let id = Uuid::now_v7();
    let json = serde_json::to_string(content)
        .map_err(|e| StoreError::Corrupt(format!("snapshot not serialisable: {e}")))?;
    plan_snapshot::ActiveModel {
        id: Set(id),
        plan_id: Set(plan.id),
        seq: Set(seq),
        revision: Set(plan.revision),
        action: Set(action.as_str().to_owned()),
        status: Set(status.as_str().to_owned()),
        item_count: Set(i32::try_from(content.items.len()).unwrap_or(i32::MAX)),
        content: Set(json),
        taken_by: Set(by),
        taken_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::VersionConflict))?;
    Ok((id, seq))
}

/// The snapshots of a plan, oldest first (without content).
pub async fn snapshots(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
) -> Result<Vec<PlanVersionSummaryDto>, StoreError> {
    plan_snapshot::Entity::find()
        .filter(plan_snapshot::Column::PlanId.eq(plan_id))
        .order_by_asc(plan_snapshot::Column::Seq)
        .all(db)
        .await?
        .iter()
        .map(summary)
        .collect()
}

/// Snapshot `seq` of a plan with its content.
pub async fn snapshot(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    seq: i32,
) -> Result<PlanVersionDto, StoreError> {
    let m = plan_snapshot::Entity::find()
        .filter(plan_snapshot::Column::PlanId.eq(plan_id))
        .filter(plan_snapshot::Column::Seq.eq(seq))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let content: PlanSnapshotContent =
        serde_json::from_str(&m.content).map_err(|_| corrupt("plan_snapshots.content", m.id))?;
    Ok(PlanVersionDto {
        summary: summary(&m)?,
        content,
    })
}

// --- scans ---

fn scan_dto(m: &plan_scan::Model) -> PlanScanDto {
    PlanScanDto {
        id: m.id,
        plan_id: m.plan_id,
        content_type: m.content_type.clone(),
        size_bytes: m.size_bytes,
        sha256: m.sha256.clone(),
        uploaded_by: m.uploaded_by,
        uploaded_at: m.uploaded_at,
    }
}

pub async fn insert_scan(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    content_type: &str,
    sha256: String,
    content: Vec<u8>,
    by: Uuid,
) -> Result<PlanScanDto, StoreError> {
    let m = plan_scan::ActiveModel {
        id: Set(Uuid::now_v7()),
        plan_id: Set(plan_id),
        content_type: Set(content_type.to_owned()),
        size_bytes: Set(i64::try_from(content.len()).unwrap_or(i64::MAX)),
        sha256: Set(sha256),
        content: Set(content),
        uploaded_by: Set(by),
        uploaded_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    Ok(scan_dto(&m))
}

/// Scan `scan_id` of plan `plan_id` with its bytes.
pub async fn scan(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    scan_id: Uuid,
) -> Result<(PlanScanDto, Vec<u8>), StoreError> {
    let m = plan_scan::Entity::find_by_id(scan_id)
        .filter(plan_scan::Column::PlanId.eq(plan_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let dto = scan_dto(&m);
    Ok((dto, m.content))
}

/// The authority whose decision scan `scan_id` documents, if a recorded move uses it.
pub async fn scan_authority(
    db: &impl ConnectionTrait,
    scan_id: Uuid,
) -> Result<Option<Authority>, StoreError> {
    let used: Option<Option<String>> = plan_transition::Entity::find()
        .select_only()
        .column(plan_transition::Column::Authority)
        .filter(plan_transition::Column::ScanId.eq(scan_id))
        .into_tuple::<Option<String>>()
        .one(db)
        .await?;
    used.flatten()
        .map(|a| {
            a.parse()
                .map_err(|_| corrupt("plan_transitions.authority", scan_id))
        })
        .transpose()
}

/// Whether the scan is already attached to a recorded move (a scan documents one reply).
pub async fn scan_used(db: &impl ConnectionTrait, scan_id: Uuid) -> Result<bool, StoreError> {
    Ok(plan_transition::Entity::find()
        .filter(plan_transition::Column::ScanId.eq(scan_id))
        .count(db)
        .await?
        > 0)
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

// --- what is due ---

/// The deadline-bound steps every unfiled plan still has to take, with days left as of the
/// local date `today`, soonest first — what a dashboard asks ("what is due").
/// A reviewer (`reviewer`) sees only the steps of plans submitted to their authority.
pub async fn due_steps(
    db: &impl ConnectionTrait,
    deadlines: &PlanDeadlines,
    today: NaiveDate,
    reviewer: Option<Authority>,
) -> Result<Vec<PlanDueDto>, StoreError> {
    let mut open = plan::Entity::find().filter(plan::Column::Status.ne(PlanStatus::Filed.as_str()));
    if let Some(authority) = reviewer {
        open = open.filter(reviews::reached::<PlanReview>(&reviews::PLANS, authority));
    }
    let open = open.order_by_asc(plan::Column::Year).all(db).await?;
    let mut due = Vec::new();
    for m in open {
        let p = decode(m)?;
        for step in deadlines.pending(p.status, p.data.year, today) {
            due.push(PlanDueDto {
                plan_id: p.id,
                year: p.data.year,
                title: p.data.title.as_ref().to_owned(),
                status: p.status,
                due: step,
            });
        }
    }
    due.sort_by_key(|d| (d.due.due_before, d.year));
    Ok(due)
}

// --- execution summary ---

const HELD: [ClassStatus; 2] = [ClassStatus::Completed, ClassStatus::Reported];

/// What each class held (completed or reported) in `year` achieved — classes whose end date
/// falls in `year` or that implement one of `item_ids` — by SQL aggregates over stored outcomes
/// and the current versions of learning records.
pub async fn held_class_actuals(
    db: &impl ConnectionTrait,
    year: i32,
    item_ids: &[Uuid],
) -> Result<Vec<ClassActuals>, StoreError> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(Vec::new());
    };
    let mut in_scope = Condition::any().add(
        Condition::all()
            .add(class::Column::EndDate.gte(first))
            .add(class::Column::EndDate.lte(last)),
    );
    if !item_ids.is_empty() {
        in_scope = in_scope.add(class::Column::PlanItemId.is_in(item_ids.iter().copied()));
    }
    let held: Vec<(Uuid, Option<Uuid>)> = class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .column(class::Column::PlanItemId)
        .filter(class::Column::Status.is_in(HELD.iter().map(|s| s.as_str())))
        .filter(in_scope)
        .order_by_asc(class::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = held.iter().map(|(id, _)| *id).collect();

    let completed: HashMap<Uuid, i64> = enrolment_outcome::Entity::find()
        .select_only()
        .column(enrolment_outcome::Column::ClassId)
        .column_as(enrolment_outcome::Column::EnrolmentId.count(), "n")
        .filter(enrolment_outcome::Column::ClassId.is_in(ids.clone()))
        .filter(enrolment_outcome::Column::Outcome.eq(CompletionOutcome::Completed.as_str()))
        .group_by(enrolment_outcome::Column::ClassId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    // Person-hours: the current version of every learning record of the classes.
    let v = Alias::new("v");
    let h = Alias::new("h");
    let query = Query::select()
        .expr_as(
            Expr::col((v.clone(), learning_record_version::Column::ClassId)),
            Alias::new("class_id"),
        )
        .expr_as(
            Func::coalesce([
                Func::sum(Expr::col((
                    v.clone(),
                    learning_record_version::Column::PublicRequiredTenths,
                )))
                .into(),
                Expr::value(0),
            ]),
            Alias::new("public_tenths"),
        )
        .expr_as(
            Func::coalesce([
                Func::sum(Expr::col((
                    v.clone(),
                    learning_record_version::Column::ProfessionalTenths,
                )))
                .into(),
                Expr::value(0),
            ]),
            Alias::new("professional_tenths"),
        )
        .from_as(learning_record_version::Entity, v.clone())
        .join_as(
            JoinType::InnerJoin,
            learning_record::Entity,
            h.clone(),
            Expr::col((h.clone(), learning_record::Column::Id))
                .equals((v.clone(), learning_record_version::Column::RecordId))
                .and(
                    Expr::col((h.clone(), learning_record::Column::CurrentVersion))
                        .equals((v.clone(), learning_record_version::Column::Version)),
                ),
        )
        .and_where(Expr::col((v.clone(), learning_record_version::Column::ClassId)).is_in(ids))
        .group_by_col((v, learning_record_version::Column::ClassId))
        .to_owned();
    let mut hours: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for row in db.query_all(&query).await? {
        let class_id: Uuid = row.try_get("", "class_id")?;
        let public: i64 = row.try_get("", "public_tenths")?;
        let professional: i64 = row.try_get("", "professional_tenths")?;
        hours.insert(class_id, (public, professional));
    }

    let certificates = certificates_issued_per_class(db, &held).await?;
    held.into_iter()
        .map(|(class_id, plan_item_id)| {
            let bad = || corrupt("execution summary figures", class_id);
            let (public, professional) = hours.get(&class_id).copied().unwrap_or((0, 0));
            Ok(ClassActuals {
                class_id,
                plan_item_id,
                completed_trainees: u32::try_from(completed.get(&class_id).copied().unwrap_or(0))
                    .map_err(|_| bad())?,
                public_required_tenths: u64::try_from(public).map_err(|_| bad())?,
                professional_tenths: u64::try_from(professional).map_err(|_| bad())?,
                certificates_issued: certificates
                    .as_ref()
                    .map(|c| c.get(&class_id).copied().unwrap_or(0)),
                spending_fen: None,
            })
        })
        .collect()
}

/// Valid certificates per class, for the execution summary (a re-issued certificate counts
/// once). Always known, so `Some`.
pub async fn certificates_issued_per_class(
    db: &impl ConnectionTrait,
    classes: &[(Uuid, Option<Uuid>)],
) -> Result<Option<HashMap<Uuid, u32>>, StoreError> {
    let ids: Vec<Uuid> = classes.iter().map(|(id, _)| *id).collect();
    crate::certificates::valid_count_per_class(db, &ids)
        .await
        .map(Some)
}
