//! Assessments (考试/考核, Art. 11): `/classes/{id}/assessments` (list, create),
//! `/assessments/{id}` and their results: `/assessments/{id}/results` (the sheet; entering and
//! correcting in all-or-nothing batches) and `/assessments/{id}/results/{enrolment_id}/history`.
//!
//! Whoever may see a class sees its assessments; staff and admin create them. Results are
//! entered by staff, admin and the class's teachers while the class is in progress; rows are
//! shown as enrolments are (staff and the class's teachers all, organisation contacts their
//! people's, trainees their own). Every correction keeps the previous value, who, when and why.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    AssessmentDto, AssessmentRequest, ResultHistoryDto, ResultsDto, ResultsRequest,
};
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::created;

/// The assessments of a class in creation order, whole (`next_cursor` is always `null`).
/// Readable by whoever may see the class.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<AssessmentDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/assessments")]
pub async fn list_assessments(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::assessments::of_class(&ctx, id.into_inner()).await?))
}

/// Add an assessment to a class (staff, admin; until the class is completed or cancelled):
/// an `exam` or `assessment`, optionally of one course, `scored` (with `max_score` and
/// `pass_mark`) or `pass_fail`. When the class's completion rules require the assessment,
/// every assessment of the class must be passed.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = AssessmentRequest, responses(
    (status = 201, body = AssessmentDto, headers(("Location" = String, description = "the new assessment"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "class_not_editable: the class is completed, reported or cancelled", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. max_score/pass_mark required for a scored assessment, pass_mark above_max_score, course_id not_found", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/assessments")]
pub async fn create_assessment(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<AssessmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let v = app::assessments::create(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(created(format!("/api/v1/assessments/{}", v.id), &v))
}

/// One assessment. Readable by whoever may see its class.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = AssessmentDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also an assessment of a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{id}")]
pub async fn get_assessment(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::assessments::get(&ctx, id.into_inner()).await?))
}

/// The results sheet: one row per active enrolment with its score (scored assessments),
/// whether it passed, who recorded it when, and how often it was corrected; `null`s where
/// nothing is recorded. Staff, admin and the class's teachers see every row; organisation
/// contacts their organisation's people; trainees their own row.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ResultsDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another teacher's class)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{id}/results")]
pub async fn get_results(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::assessments::results(&ctx, id.into_inner()).await?))
}

/// Enter or correct results while the class is in progress (staff, admin, a teacher of one of
/// the class's sessions): one entry per enrolment, `score` for scored assessments (0 to
/// `max_score`, one decimal place; passed at `pass_mark` or above), `passed` for pass/fail ones.
/// Changing a recorded result needs a `reason`; the previous value, who, when and why are kept
/// (see `…/history`). An entry repeating the recorded value changes nothing. All entries are
/// written or none. Answers with the updated sheet.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ResultsRequest, responses(
    (status = 200, body = ResultsDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another teacher's class)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "results_closed: the class is not in progress; version_conflict: an entry's `version` is not the result's current one (it changed since it was read), or a result changed concurrently; nothing written", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: results[i].enrolment_id not_found or withdrawn, results[i] duplicate, results[i].score required/range/precision/not_applicable, results[i].passed required/not_applicable, results[i].reason required (a correction); nothing written", body = Problem, content_type = "application/problem+json"),
))]
#[put("/assessments/{id}/results")]
pub async fn record_results(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<ResultsRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .json(app::assessments::record(&ctx, id.into_inner(), body.into_inner()).await?))
}

/// The history of one result: the current value and every correction (the previous value, the
/// new value, who, when and why), oldest first. Visible to whoever may see the enrolment's row.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path), ("enrolment_id" = Uuid, Path)), responses(
    (status = 200, body = ResultHistoryDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no result recorded, or an enrolment or class outside the caller's scope", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{id}/results/{enrolment_id}/history")]
pub async fn result_history(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::assessments::history(&ctx, path.0, path.1).await?))
}
