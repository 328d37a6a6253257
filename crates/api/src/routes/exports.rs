//! xlsx exports of a class with Chinese headers: `/classes/{id}/roster.xlsx` (报名名单) and
//! `/classes/{id}/attendance.xlsx` (考勤表). Staff, admin and the class's teachers
//! (`cebase_domain::access::Operation::ExportClass`).
//!
//! The roster follows the identity-document rule of single reads: staff and admin get the full
//! number (the base needs it for registration and certificates), teachers the masked one — and
//! teachers get no phone numbers or e-mail addresses, which the people directory does not show
//! them either.

use actix_web::{HttpResponse, get, web};
use cebase_domain::Problem;
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::routes::imports::{FileBody, xlsx_file};

/// The class's enrolments (active and withdrawn, in enrolment order) with each person's
/// identity document (full for staff and admin, masked for teachers), employer, title, field
/// and degree; phone and e-mail for staff and admin only.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the roster (报名名单)"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope, e.g. another teacher's)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/roster.xlsx")]
pub async fn roster_xlsx(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let v = app::exports::roster(&ctx, id.into_inner()).await?;
    Ok(xlsx_file(&v.0, v.1))
}

/// The attendance sheet (考勤表): one row per active enrolment, one column per session in
/// timetable order (出勤 present, 缺勤 absent, 请假 excused, blank when unrecorded) and the
/// number of sessions attended.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the attendance sheet (考勤表)"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope, e.g. another teacher's)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/attendance.xlsx")]
pub async fn attendance_xlsx(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let v = app::exports::attendance(&ctx, id.into_inner()).await?;
    Ok(xlsx_file(&v.0, v.1))
}
