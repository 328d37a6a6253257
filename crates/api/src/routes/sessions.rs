//! `/classes/{id}/sessions`: the teaching schedule (教学日程). Whoever may see a class reads its
//! schedule; staff and admin change it while the class is planned or open. Every teacher
//! scheduled is checked against Art. 13 through [`crate::app::teachers::require_schedulable`].
//! The handlers extract, call `app::sessions` and respond.

use actix_web::{HttpResponse, delete, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::training::{SessionDto, SessionRequest, UpdateSessionRequest};
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::{created, whole};

/// The schedule of a class in timetable order, whole (`next_cursor` is always `null`).
/// Readable by whoever may see the class.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<SessionDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/sessions")]
pub async fn list_sessions(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let items = app::sessions::list(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(whole(items)))
}

/// Add a session to the schedule (staff, admin; while the class is planned or open). An
/// unqualified teacher is refused with `teacher_not_qualified`, naming each unmet rule of
/// Art. 13.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = SessionRequest, responses(
    (status = 201, body = SessionDto, headers(("Location" = String, description = "the new session"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "class_not_editable: the class has started, ended or was cancelled", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (date outside the class, end before start, unknown course or teacher …); teacher_not_qualified (Art. 13, one error per unmet rule); schedule_conflict (the teacher already teaches an overlapping session of any class — `teacher_id: teacher_double_booked` — or the class has an overlapping session — `start_time: session_overlap`; each error names the session)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/sessions")]
pub async fn create_session(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<SessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let session = app::sessions::create(&ctx, id, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/classes/{id}/sessions/{}", session.id),
        &session,
    ))
}

/// Replace a session (staff, admin; while the class is planned or open; send the `version` you
/// read).
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path), ("session_id" = Uuid, Path)), request_body = UpdateSessionRequest, responses(
    (status = 200, body = SessionDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or no such session in it", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict; class_not_editable", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed; teacher_not_qualified (Art. 13); schedule_conflict (double-booked teacher or overlapping session of the class, each error naming the session)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/classes/{id}/sessions/{session_id}")]
pub async fn update_session(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdateSessionRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, session_id) = path.into_inner();
    let session = app::sessions::update(&ctx, id, session_id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(session))
}

/// Remove a session (staff, admin; while the class is planned or open).
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path), ("session_id" = Uuid, Path)), responses(
    (status = 204, description = "removed"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or no such session in it", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "class_not_editable", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/classes/{id}/sessions/{session_id}")]
pub async fn delete_session(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, session_id) = path.into_inner();
    app::sessions::delete(&ctx, id, session_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
