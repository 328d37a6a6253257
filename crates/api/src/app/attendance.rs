//! Attendance (考勤): the sheet of sessions × active enrolments and recording marks while the
//! class is in progress (staff, admin, the teachers of its sessions), a batch whole or not at
//! all. The use cases behind `/classes/{id}/attendance`.

use std::collections::{HashMap, HashSet};

use cebase_domain::ProblemCode;
use cebase_domain::access::TrainingResource;
use cebase_domain::training::{
    AttendanceGridDto, AttendanceMark, AttendanceRequest, attendance_grid, review_marks,
};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{ConnectionTrait, attendance, begin_write, classes, enrolments, sessions};
use serde_json::json;
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::access;
use crate::error::ApiError;

/// The sheet of class `class_id` with the rows `visibility` shows.
pub(crate) async fn grid(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    visibility: TrainingVisibility,
) -> Result<AttendanceGridDto, ApiError> {
    let schedule = sessions::list(db, class_id).await?;
    let rows = enrolments::in_class(db, class_id, visibility).await?;
    let marks: Vec<AttendanceMark> = attendance::marks(db, class_id)
        .await?
        .into_iter()
        .map(|((session_id, enrolment_id), status)| AttendanceMark {
            session_id,
            enrolment_id,
            status,
        })
        .collect();
    Ok(attendance_grid(class_id, &schedule, &rows, &marks))
}

/// The attendance sheet of a class, with the rows the caller may see.
pub async fn sheet(ctx: &Ctx, id: Uuid) -> Result<AttendanceGridDto, ApiError> {
    let (visibility, _) =
        access::training_visibility(ctx.db(), &ctx.caller, TrainingResource::Enrolments).await?;
    let (class, _) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    grid(ctx.db(), class.id, visibility).await
}

/// Records attendance marks while the class is in progress, all or none; answers the whole sheet.
pub async fn record(
    ctx: &Ctx,
    id: Uuid,
    r: AttendanceRequest,
) -> Result<AttendanceGridDto, ApiError> {
    let (class, caller) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    access::require_attendance_recorder(ctx.db(), &ctx.caller, &caller, class.id).await?;
    let marks = r.marks;
    let txn = begin_write(ctx.db()).await?;
    let class = classes::find(&txn, class.id).await?;
    if !class.status.records_attendance() {
        return Err(ApiError::Problem {
            code: ProblemCode::AttendanceClosed,
            detail: format!(
                "attendance is recorded while a class is in progress; this class is {}",
                class.status
            ),
        });
    }
    let session_ids: HashSet<Uuid> = sessions::list(&txn, class.id)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    let enrolment_statuses: HashMap<Uuid, _> =
        enrolments::in_class(&txn, class.id, TrainingVisibility::All)
            .await?
            .into_iter()
            .map(|e| (e.id, e.status))
            .collect();
    review_marks(&marks, &session_ids, &enrolment_statuses).map_err(ApiError::Validation)?;
    let earlier = attendance::marks(&txn, class.id).await?;
    let before: Vec<serde_json::Value> = marks
        .iter()
        .map(|m| {
            json!({
                "session_id": m.session_id,
                "enrolment_id": m.enrolment_id,
                "status": earlier.get(&(m.session_id, m.enrolment_id)),
            })
        })
        .collect();
    attendance::record(&txn, class.id, &marks, ctx.caller.id()).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "attendance.record",
        "class",
        class.id,
        Some(json!(before)),
        Some(json!(marks)),
    )
    .await?;
    commit(txn).await?;
    // Whoever may record sees every row of the class (staff all; a teacher their class's).
    grid(ctx.db(), class.id, TrainingVisibility::All).await
}
