//! Attendance marks: one row per session and enrolment (`uq_attendance_session_enrolment`),
//! replaced by a later mark of the same cell.

use std::collections::HashMap;

use cebase_domain::training::{AttendanceMark, AttendanceStatus};
use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::attendance;
use crate::listing::corrupt;

/// Rows per `INSERT` (7 parameters each, far below either database's limit).
const CHUNK: usize = 500;

/// Every mark of a class, by (session, enrolment).
pub async fn marks(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<HashMap<(Uuid, Uuid), AttendanceStatus>, StoreError> {
    attendance::Entity::find()
        .filter(attendance::Column::ClassId.eq(class_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let status = m
                .status
                .parse()
                .map_err(|_| corrupt("attendance.status", m.id))?;
            Ok(((m.session_id, m.enrolment_id), status))
        })
        .collect()
}

/// Sets `marks` in class `class_id` on behalf of account `by`: inserts each cell or replaces its
/// earlier mark (`ON CONFLICT (session_id, enrolment_id) DO UPDATE`), in the caller's
/// transaction so a batch is written whole or not at all.
pub async fn record(
    txn: &DatabaseTransaction,
    class_id: Uuid,
    marks: &[AttendanceMark],
    by: Uuid,
) -> Result<(), StoreError> {
    let now = Utc::now();
    for chunk in marks.chunks(CHUNK) {
        let rows = chunk.iter().map(|m| attendance::ActiveModel {
            id: Set(Uuid::now_v7()),
            class_id: Set(class_id),
            session_id: Set(m.session_id),
            enrolment_id: Set(m.enrolment_id),
            status: Set(m.status.as_str().to_owned()),
            recorded_by: Set(by),
            recorded_at: Set(now),
        });
        attendance::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([
                    attendance::Column::SessionId,
                    attendance::Column::EnrolmentId,
                ])
                .update_columns([
                    attendance::Column::Status,
                    attendance::Column::RecordedBy,
                    attendance::Column::RecordedAt,
                ])
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}
