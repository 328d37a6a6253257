//! `/classes/{id}/sessions`: the teaching schedule (教学日程). Whoever may see a class reads its
//! schedule; staff and admin change it while the class is planned or open. Every teacher
//! scheduled is checked against Art. 13 through [`crate::routes::teachers::require_schedulable`].

use actix_web::{HttpResponse, delete, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::ProblemCode;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    ClassSession, SessionData, SessionDto, SessionRequest, TrainingClass, UpdateSessionRequest,
};
use cebase_store::{ConnectionTrait, begin_write, classes, courses, sessions, teachers};
use uuid::Uuid;

use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::classes::not_editable;
use crate::routes::teachers::require_schedulable;
use crate::routes::{commit, created, record_audit, unknown_reference, validated};
use crate::state::AppState;

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
    require_schedulable(db, data.teacher_id, "teacher_id").await?;
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

/// The schedule of a class in timetable order, whole (`next_cursor` is always `null`).
/// Readable by whoever may see the class.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<SessionDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (class, _) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    let items = sessions::list(&state.db, class.id).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(ClassSession::to_dto).collect::<Vec<_>>(),
        next_cursor: None,
    }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<SessionRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_class_management(&auth)?;
    let id = id.into_inner();
    let txn = begin_write(&state.db).await?;
    let class = editable_class(&txn, id).await?;
    let data = parse(&txn, &class, body.into_inner()).await?;
    require_free_slot(&txn, id, None, &data).await?;
    let session = sessions::create(&txn, id, data).await?;
    record_audit(
        &txn,
        &auth,
        "class_session.create",
        "class_session",
        session.id,
        None,
        Some(session.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/classes/{id}/sessions/{}", session.id),
        &session.to_dto(),
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
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdateSessionRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_class_management(&auth)?;
    let (id, session_id) = path.into_inner();
    let UpdateSessionRequest { session, version } = body.into_inner();
    let txn = begin_write(&state.db).await?;
    let class = editable_class(&txn, id).await?;
    let before = sessions::find(&txn, id, session_id).await?;
    let data = parse(&txn, &class, session).await?;
    require_free_slot(&txn, id, Some(session_id), &data).await?;
    let after = sessions::update(&txn, id, session_id, version, data).await?;
    record_audit(
        &txn,
        &auth,
        "class_session.update",
        "class_session",
        session_id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    access::require_class_management(&auth)?;
    let (id, session_id) = path.into_inner();
    let txn = begin_write(&state.db).await?;
    editable_class(&txn, id).await?;
    let before = sessions::find(&txn, id, session_id).await?;
    sessions::delete(&txn, id, session_id).await?;
    record_audit(
        &txn,
        &auth,
        "class_session.delete",
        "class_session",
        session_id,
        Some(before.audit_snapshot()),
        None,
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}
