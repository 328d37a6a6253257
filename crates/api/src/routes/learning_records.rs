//! Learning records (学习档案, Art. 6) and annual compliance (MOHRSS Decree No. 25):
//! `/people/{id}/learning-records`, `/learning-records/{id}` with its `versions` and
//! `corrections`, `/people/{id}/compliance` and `/organisations/{id}/non-compliant`.
//!
//! Records are read as people are (staff and admin everyone's, an organisation contact their
//! organisation's people's, a trainee or teacher their own); staff and admin correct them, which
//! writes a new version and keeps the earlier ones. Compliance sums the current versions of a
//! year against the configured requirement (`CEBASE_COMPLIANCE_ANNUAL_HOURS`,
//! `CEBASE_COMPLIANCE_PROFESSIONAL_SHARE`).

use actix_web::{HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::training::{ComplianceDto, LearningRecordDto, RecordCorrectionRequest};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearParams {
    /// The calendar year (2000–2100); a record counts for the year its class ended.
    pub year: i32,
}

/// A person's learning records (current versions) in the order they were written. Readable as
/// the person is: staff and admin, a contact of the person's employer, the person themselves.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path), PageParams, SyncParams), responses(
    (status = 200, body = Page<LearningRecordDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people/{id}/learning-records")]
pub async fn list_learning_records(
    ctx: Ctx,
    id: web::Path<Uuid>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(app::learning_records::of_person(&ctx, id.into_inner(), page).await?))
}

/// One learning record, current version.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = LearningRecordDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a record of a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/learning-records/{id}")]
pub async fn get_learning_record(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::learning_records::get(&ctx, id.into_inner()).await?))
}

/// Every version of a learning record, oldest first (whole; `next_cursor` is always `null`):
/// the entry written at completion and each correction with who, when and why.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<LearningRecordDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a record of a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/learning-records/{id}/versions")]
pub async fn learning_record_versions(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::learning_records::versions(&ctx, id.into_inner()).await?))
}

/// Correct a learning record (staff, admin): the corrected content in full, a `reason`, and the
/// `version` being corrected. Writes a new version and makes it current; earlier versions are
/// kept unchanged (`…/versions`).
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = RecordCorrectionRequest, responses(
    (status = 201, body = LearningRecordDto, headers(("Location" = String, description = "the record"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict: the record was corrected since `version`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. reason required, hours range/precision, year range", body = Problem, content_type = "application/problem+json"),
))]
#[post("/learning-records/{id}/corrections")]
pub async fn correct_learning_record(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<RecordCorrectionRequest>,
) -> Result<HttpResponse, ApiError> {
    let v = app::learning_records::correct(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(created(format!("/api/v1/learning-records/{}", v.id), &v))
}

/// A person's annual compliance: credit hours of the year's learning records (current
/// versions) by category, against the configured requirement (default 90 hours, of which
/// professional subjects at least two thirds), with the shortfalls. Readable as the person is.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path), YearParams), responses(
    (status = 200, body = ComplianceDto),
    (status = 400, description = "invalid_query: year missing or not a number", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: year range", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people/{id}/compliance")]
pub async fn person_compliance(
    ctx: Ctx,
    id: web::Path<Uuid>,
    params: web::Query<YearParams>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(app::learning_records::annual_compliance(&ctx, id.into_inner(), params.year).await?))
}

/// The people employed by an organisation who are not compliant in a year, with their figures,
/// in creation order of the people. Staff and admin for any organisation; an organisation
/// contact for their own.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path), YearParams, PageParams), responses(
    (status = 200, body = Page<ComplianceDto>),
    (status = 400, description = "invalid_cursor, invalid_query (year missing)", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: roles that see no organisation's people (finance, reviewers, trainees, teachers)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another organisation, for an organisation contact)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: year or limit range", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organisations/{id}/non-compliant")]
pub async fn non_compliant(
    ctx: Ctx,
    id: web::Path<Uuid>,
    params: web::Query<YearParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(
        app::learning_records::non_compliant(&ctx, id.into_inner(), params.year, page).await?,
    ))
}
