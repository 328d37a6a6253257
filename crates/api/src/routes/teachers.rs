//! `/teachers`: full- and part-time teachers (专兼职教师) and their qualification under Art. 13.
//!
//! [`crate::app::teachers::require_schedulable`] is the one check every feature that assigns a teacher (class
//! sessions) calls: an unqualified teacher is refused with 422 `teacher_not_qualified`, naming
//! each unmet rule of Art. 13.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::master::{TeacherDto, TeacherRequest, UpdateTeacherRequest};
use cebase_domain::teacher::Employment;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::teachers::TeacherFilter;
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct TeacherListParams {
    pub person_id: Option<Uuid>,
    pub employment: Option<Employment>,
    /// Only teachers who are (`true`) or are not (`false`) qualified under Art. 13.
    pub qualified: Option<bool>,
}

/// List teachers in creation order, each with its qualification. A teacher sees only their own
/// record.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(TeacherListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<TeacherDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and teachers only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/teachers")]
pub async fn list_teachers(
    ctx: Ctx,
    params: web::Query<TeacherListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let filter = TeacherFilter {
        person_id: params.person_id,
        employment: params.employment,
        qualified: params.qualified,
    };
    Ok(HttpResponse::Ok().json(app::teachers::list(&ctx, filter, page).await?))
}

/// Register a person as a teacher (staff, admin). The attestation counts once its evidence is
/// verified (`POST /teachers/{id}/verify-evidence`).
#[utoipa::path(tag = "teachers", security(("bearer" = [])), request_body = TeacherRequest, responses(
    (status = 201, body = TeacherDto, headers(("Location" = String, description = "the new teacher"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "teacher_exists: the person already has a teacher record", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. an unknown person_id", body = Problem, content_type = "application/problem+json"),
))]
#[post("/teachers")]
pub async fn create_teacher(
    ctx: Ctx,
    body: Json<TeacherRequest>,
) -> Result<HttpResponse, ApiError> {
    let teacher = app::teachers::create(&ctx, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/teachers/{}", teacher.id),
        &teacher,
    ))
}

/// One teacher with its qualification and, when unqualified, every unmet rule of Art. 13.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = TeacherDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff, admin and teachers only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another teacher's record, for a teacher)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/teachers/{id}")]
pub async fn get_teacher(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::teachers::get(&ctx, id.into_inner()).await?))
}

/// Replace a teacher's profile (staff, admin; send the `version` you read). Withdrawing the
/// attestation drops an earlier evidence verification.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateTeacherRequest, responses(
    (status = 200, body = TeacherDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/teachers/{id}")]
pub async fn update_teacher(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdateTeacherRequest>,
) -> Result<HttpResponse, ApiError> {
    let teacher = app::teachers::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(teacher))
}

/// Record that staff verified the evidence of the teacher's leader/backbone attestation
/// (staff, admin); from now on the attestation counts for Art. 13.
#[utoipa::path(tag = "teachers", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = TeacherDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "not_attested: there is no attestation whose evidence could be verified", body = Problem, content_type = "application/problem+json"),
))]
#[post("/teachers/{id}/verify-evidence")]
pub async fn verify_evidence(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::teachers::verify_evidence(&ctx, id.into_inner()).await?))
}
