//! A plan's immutable snapshots (one per submission) and the scans of the authorities' paper
//! replies. **Snapshot invariant:** `plan_snapshots` rows are only ever inserted; this module has
//! no function that updates or deletes them. A snapshot's sequence number is the next one of its
//! plan, taken inside the caller's `begin_write` transaction (which serialises audited writers)
//! and backed by `uq_plan_snapshots_plan_seq`.

use cebase_domain::plans::{
    Plan, PlanAction, PlanScanDto, PlanSnapshotContent, PlanStatus, PlanVersionDto,
    PlanVersionSummaryDto,
};
use cebase_domain::{Authority, ProblemCode};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{plan_scan, plan_snapshot, plan_transition};
use crate::listing::corrupt;

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
