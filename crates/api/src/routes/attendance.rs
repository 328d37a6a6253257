//! `/classes/{id}/attendance`: the attendance sheet (sessions × active enrolments) and recording
//! marks. Marks are recorded while the class is in progress, by staff, admin and the teachers
//! of the class's sessions; a batch is written whole or not at all.

use cebase_domain::ProblemCode;
use std::collections::{HashMap, HashSet};

use actix_web::{HttpResponse, get, put, web};
use cebase_domain::Problem;
use cebase_domain::access::TrainingResource;
use cebase_domain::training::{
    AttendanceGridDto, AttendanceMark, AttendanceRequest, attendance_grid, review_marks,
};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{ConnectionTrait, attendance, begin_write, classes, enrolments, sessions};
use serde_json::json;
use uuid::Uuid;

use crate::access;
use crate::app::{commit, record_audit};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;

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

/// The attendance sheet: the class's sessions in timetable order and one row per active
/// enrolment with a mark (`present`, `absent`, `excused`) or `null` per session. Staff, admin
/// and the class's teachers see every row; organisation contacts their organisation's people;
/// trainees their own row.
#[utoipa::path(tag = "attendance", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = AttendanceGridDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope, e.g. another teacher's)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/attendance")]
pub async fn get_attendance(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (visibility, _) =
        access::training_visibility(&state.db, &auth, TrainingResource::Enrolments).await?;
    let (class, _) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(grid(&state.db, class.id, visibility).await?))
}

/// Record attendance marks while the class is in progress (staff, admin, a teacher of one of
/// the class's sessions). Each mark sets its session–enrolment cell, replacing an earlier mark;
/// all marks are written or none. Answers with the updated sheet.
#[utoipa::path(tag = "attendance", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = AttendanceRequest, responses(
    (status = 200, body = AttendanceGridDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another teacher's class)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "attendance_closed: the class is not in progress", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: marks[i].session_id / enrolment_id not_found or withdrawn, marks[i] duplicate, 1–5000 marks; nothing written", body = Problem, content_type = "application/problem+json"),
))]
#[put("/classes/{id}/attendance")]
pub async fn record_attendance(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<AttendanceRequest>,
) -> Result<HttpResponse, ApiError> {
    let (class, caller) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    access::require_attendance_recorder(&state.db, &auth, &caller, class.id).await?;
    let marks = body.into_inner().marks;
    let txn = begin_write(&state.db).await?;
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
    attendance::record(&txn, class.id, &marks, auth.id()).await?;
    record_audit(
        &txn,
        &auth,
        "attendance.record",
        "class",
        class.id,
        Some(json!(before)),
        Some(json!(marks)),
    )
    .await?;
    commit(txn).await?;
    // Whoever may record sees every row of the class (staff all; a teacher their class's).
    Ok(HttpResponse::Ok().json(grid(&state.db, class.id, TrainingVisibility::All).await?))
}
