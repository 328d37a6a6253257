//! `/classes/{id}/attendance`: the attendance sheet (sessions × active enrolments) and recording
//! marks. Marks are recorded while the class is in progress, by staff, admin and the teachers
//! of the class's sessions; a batch is written whole or not at all.

use actix_web::{HttpResponse, get, put, web};
use cebase_domain::Problem;
use cebase_domain::training::{AttendanceGridDto, AttendanceRequest};
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;

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
pub async fn get_attendance(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::attendance::sheet(&ctx, id.into_inner()).await?))
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<AttendanceRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(app::attendance::record(&ctx, id.into_inner(), body.into_inner()).await?))
}
