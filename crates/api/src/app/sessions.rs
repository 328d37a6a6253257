//! The teaching schedule of a class (教学日程): the use cases behind `/classes/{id}/sessions`.
//! Whoever may see a class reads its schedule; staff and admin change it while the class is
//! planned or open. Every teacher scheduled is checked against Art. 13 through
//! [`super::teachers::require_schedulable`]; a session may neither double-book its
//! teacher nor overlap another session of its class. Every write is audited.

use cebase_domain::ProblemCode;
use cebase_domain::training::{
    ClassSession, SessionData, SessionDto, SessionRequest, TrainingClass, UpdateSessionRequest,
};
use cebase_store::{ConnectionTrait, begin_write, classes, courses, sessions, teachers};
use uuid::Uuid;

use super::classes::not_editable;
use super::{Ctx, commit, record_audit, unknown_reference, validated};
use crate::access;
use crate::error::ApiError;

/// Class `id` read in the write transaction, refused with 409 unless its schedule may change.
async fn editable_class(db: &impl ConnectionTrait, id: Uuid) -> Result<TrainingClass, ApiError> {
    let class = classes::find(db, id).await?;
    if class.status.schedule_editable() {
        Ok(class)
    } else {
        Err(not_editable(class.status, "the schedule"))
    }
}

/// Parses a session of `class`: fields, the course and teacher references (every failure at
/// once), then the teacher's qualification under Art. 13.
async fn parse(
    db: &impl ConnectionTrait,
    class: &TrainingClass,
    request: SessionRequest,
) -> Result<SessionData, ApiError> {
    let mut missing = Vec::new();
    if !courses::exists(db, request.course_id).await? {
        missing.push(unknown_reference("course_id", "course"));
    }
    if !teachers::exists(db, request.teacher_id).await? {
        missing.push(unknown_reference("teacher_id", "teacher"));
    }
    let data = validated(SessionData::parse(request, &class.data), missing)?;
    super::teachers::require_schedulable(db, data.teacher_id, "teacher_id").await?;
    Ok(data)
}

/// Refuses a session that would double-book its teacher or overlap another session of its
/// class (422 `schedule_conflict`, each error naming the session it collides with). Runs in the
/// write transaction, which `begin_write` serialises, so two concurrent requests cannot both
/// pass the check and book the same slot.
async fn require_free_slot(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    replacing: Option<Uuid>,
    data: &SessionData,
) -> Result<(), ApiError> {
    let booked = sessions::booked_on(db, data.date, data.teacher_id, class_id).await?;
    let errors = data.clashes(class_id, replacing, &booked);
    if errors.is_empty() {
        return Ok(());
    }
    Err(ApiError::RuleViolated {
        code: ProblemCode::ScheduleConflict,
        detail: format!(
            "the session collides with the timetable: {}",
            errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        ),
        errors,
    })
}

/// The schedule of a class the caller may see, in timetable order.
pub async fn list(ctx: &Ctx, class_id: Uuid) -> Result<Vec<SessionDto>, ApiError> {
    let (class, _) = access::visible_class(ctx.db(), &ctx.caller, class_id).await?;
    let items = sessions::list(ctx.db(), class.id).await?;
    Ok(items.iter().map(ClassSession::to_dto).collect())
}

/// Adds a session to the schedule (staff, admin; while the class is planned or open).
pub async fn create(
    ctx: &Ctx,
    class_id: Uuid,
    request: SessionRequest,
) -> Result<SessionDto, ApiError> {
    access::require_class_management(&ctx.caller)?;
    let txn = begin_write(ctx.db()).await?;
    let class = editable_class(&txn, class_id).await?;
    let data = parse(&txn, &class, request).await?;
    require_free_slot(&txn, class_id, None, &data).await?;
    let session = sessions::create(&txn, class_id, data).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "class_session.create",
        "class_session",
        session.id,
        None,
        Some(session.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(session.to_dto())
}

/// Replaces a session (staff, admin; while the class is planned or open) with the `version`
/// read.
pub async fn update(
    ctx: &Ctx,
    class_id: Uuid,
    session_id: Uuid,
    request: UpdateSessionRequest,
) -> Result<SessionDto, ApiError> {
    access::require_class_management(&ctx.caller)?;
    let UpdateSessionRequest { session, version } = request;
    let txn = begin_write(ctx.db()).await?;
    let class = editable_class(&txn, class_id).await?;
    let before = sessions::find(&txn, class_id, session_id).await?;
    let data = parse(&txn, &class, session).await?;
    require_free_slot(&txn, class_id, Some(session_id), &data).await?;
    let after = sessions::update(&txn, class_id, session_id, version, data).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "class_session.update",
        "class_session",
        session_id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(after.to_dto())
}

/// Removes a session (staff, admin; while the class is planned or open).
pub async fn delete(ctx: &Ctx, class_id: Uuid, session_id: Uuid) -> Result<(), ApiError> {
    access::require_class_management(&ctx.caller)?;
    let txn = begin_write(ctx.db()).await?;
    editable_class(&txn, class_id).await?;
    let before = sessions::find(&txn, class_id, session_id).await?;
    sessions::delete(&txn, class_id, session_id).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "class_session.delete",
        "class_session",
        session_id,
        Some(before.audit_snapshot()),
        None,
    )
    .await?;
    commit(txn).await?;
    Ok(())
}
