//! `/courses`: the course catalogue (课程), public-required or professional (Art. 4), with exact
//! credit hours.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::learning::CourseCategory;
use cebase_domain::master::{CourseDto, CourseRequest, UpdateCourseRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::courses::CourseFilter;
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

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
    ctx: Ctx,
    params: web::Query<CourseListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = CourseFilter {
        q: params.q,
        category: params.category,
    };
    Ok(HttpResponse::Ok().json(app::courses::list(&ctx, filter, page).await?))
}

/// Create a course (staff, admin).
#[utoipa::path(tag = "courses", security(("bearer" = [])), request_body = CourseRequest, responses(
    (status = 201, body = CourseDto, headers(("Location" = String, description = "the new course"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. credit_hours not in (0, 1000] or with more than one decimal place", body = Problem, content_type = "application/problem+json"),
))]
#[post("/courses")]
pub async fn create_course(ctx: Ctx, body: Json<CourseRequest>) -> Result<HttpResponse, ApiError> {
    let course = app::courses::create(&ctx, body.into_inner()).await?;
    Ok(created(format!("/api/v1/courses/{}", course.id), &course))
}

/// One course.
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = CourseDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: not for teachers, trainees and organisation contacts", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/courses/{id}")]
pub async fn get_course(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::courses::get(&ctx, id.into_inner()).await?))
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdateCourseRequest>,
) -> Result<HttpResponse, ApiError> {
    let course = app::courses::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(course))
}
