//! `/courses`: the course catalogue (课程), public-required or professional (Art. 4), with exact
//! credit hours.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::learning::CourseCategory;
use cebase_domain::master::{Course, CourseData, CourseDto, CourseRequest, UpdateCourseRequest};
use cebase_store::{begin_write, courses};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, commit, created, record_audit};
use crate::state::AppState;

const RESOURCE: MasterResource = MasterResource::Courses;

#[derive(Debug, Deserialize, IntoParams)]
pub struct CourseListParams {
    /// Substring of the title.
    pub q: Option<String>,
    pub category: Option<CourseCategory>,
}

/// List courses in creation order (staff, admin, finance, reviewers).
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(CourseListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<CourseDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: not for teachers, trainees and organisation contacts", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/courses")]
pub async fn list_courses(
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<CourseListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    // Courses have no "own" scope: this either allows everything or refuses with 403.
    access::readable(&state.db, &auth, RESOURCE).await?;
    let page = page.synced()?;
    let params = params.into_inner();
    let filter = courses::CourseFilter {
        q: params.q,
        category: params.category,
    };
    let (items, next_cursor) = courses::list(&state.db, &filter, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(Course::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// Create a course (staff, admin).
#[utoipa::path(tag = "courses", security(("bearer" = [])), request_body = CourseRequest, responses(
    (status = 201, body = CourseDto, headers(("Location" = String, description = "the new course"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. credit_hours not in (0, 1000] or with more than one decimal place", body = Problem, content_type = "application/problem+json"),
))]
#[post("/courses")]
pub async fn create_course(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<CourseRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let data = CourseData::try_from(body.into_inner()).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let course = courses::create(&txn, data).await?;
    record_audit(
        &txn,
        &auth,
        "course.create",
        "course",
        course.id,
        None,
        Some(course.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/courses/{}", course.id),
        &course.to_dto(),
    ))
}

/// One course.
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = CourseDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: not for teachers, trainees and organisation contacts", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/courses/{id}")]
pub async fn get_course(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::readable(&state.db, &auth, RESOURCE).await?;
    let course = courses::find(&state.db, id.into_inner()).await?;
    access::ensure_visible(visibility, &course)?;
    Ok(HttpResponse::Ok().json(course.to_dto()))
}

/// Replace a course (staff, admin; send the `version` you read).
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateCourseRequest, responses(
    (status = 200, body = CourseDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/courses/{id}")]
pub async fn update_course(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateCourseRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_write(&auth, RESOURCE)?;
    let id = id.into_inner();
    let UpdateCourseRequest { course, version } = body.into_inner();
    let data = CourseData::try_from(course).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let before = courses::find(&txn, id).await?;
    let after = courses::update(&txn, id, version, data).await?;
    record_audit(
        &txn,
        &auth,
        "course.update",
        "course",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}
