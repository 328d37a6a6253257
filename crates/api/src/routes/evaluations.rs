//! Training-effect evaluation (Art. 11, 16) and follow-up feedback (Art. 17):
//! `/classes/{id}/questionnaire` (read; staff edit it until the class opens),
//! `/classes/{id}/evaluations` (an enrolled trainee answers once),
//! `/classes/{id}/evaluations/summary` (aggregates: staff with the anonymous free texts, the
//! class's teachers without), `/follow-ups` (what is due for the caller, and answering).
//!
//! Nobody can read an individual response: none is stored with who gave it (see
//! the store's `evaluations` module), and no endpoint lists responses.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::reports::{
    EvaluationRequest, EvaluationSummaryDto, FollowUpDto, FollowUpRequest, QuestionnaireDto,
    QuestionnaireRequest,
};
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;

/// The class's questionnaire (Art. 16): its own or the default template (ratings 1–5 for
/// content, teachers, organisation, logistics, overall; each teacher rated; free text), the
/// teachers it rates, and whether the caller's enrolment has answered.
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = QuestionnaireDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or one outside the caller's classes", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/questionnaire")]
pub async fn get_questionnaire(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::evaluations::questionnaire(&ctx, id.into_inner()).await?))
}

/// Replace the class's questionnaire (staff, admin) while the class is `planned`; `version` is
/// the one read (0 while the class has the default template).
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = QuestionnaireRequest, responses(
    (status = 200, body = QuestionnaireDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "questionnaire_locked: the class has been opened; version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: items count; items[i].key pattern/duplicate; items[i].label required/length; free_text_prompt length", body = Problem, content_type = "application/problem+json"),
))]
#[put("/classes/{id}/questionnaire")]
pub async fn put_questionnaire(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<QuestionnaireRequest>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(
        app::evaluations::replace_questionnaire(&ctx, id.into_inner(), body.into_inner()).await?,
    ))
}

/// Answer the class's questionnaire (an enrolled trainee, once per enrolment) while the class
/// is in progress or completed. The response is stored without who gave it; only that the
/// enrolment has answered is kept.
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = EvaluationRequest, responses(
    (status = 204, description = "recorded"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: only a person enrolled in the class answers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "already_evaluated: the enrolment has answered; evaluation_closed: the class is not in progress or completed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: ratings.<key> required/range/unknown; teacher_ratings.<id> required/range/not_found; comment length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/evaluations")]
pub async fn submit_evaluation(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<EvaluationRequest>,
) -> Result<HttpResponse, ApiError> {
    app::evaluations::submit(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The aggregated evaluation of a class: per question (mean, distribution), per teacher, overall.
/// Staff and admin also get the free texts (anonymous, sorted); a teacher of the class gets the
/// aggregates only. Nobody gets individual responses.
#[utoipa::path(tag = "evaluations", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = EvaluationSummaryDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or a class the teacher does not teach", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/evaluations/summary")]
pub async fn evaluation_summary(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::evaluations::summary(&ctx, id.into_inner()).await?))
}

// --- follow-ups (Art. 17) ---

/// Follow-up feedback, class by class (completed and reported classes, by end date). Staff and
/// admin: every class with expected and received responses and the mean ratings and texts;
/// trainees: the classes they completed; organisation contacts: the classes their people
/// completed — each with `opens_on`, `open` and whether they have answered. Follow-up opens
/// `CEBASE_FOLLOW_UP_MONTHS` months after the class's last day. The whole list.
#[utoipa::path(tag = "follow-ups", security(("bearer" = [])), responses(
    (status = 200, body = Page<FollowUpDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, reviewers", body = Problem, content_type = "application/problem+json"),
))]
#[get("/follow-ups")]
pub async fn list_follow_ups(ctx: Ctx) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::evaluations::follow_ups(&ctx).await?))
}

/// Give follow-up feedback on a class (Art. 17): `respondent` `trainee` (a trainee who
/// completed it, once) or `employer` (a contact of an organisation employing someone who
/// completed it, once per organisation), from `CEBASE_FOLLOW_UP_MONTHS` months after its end.
#[utoipa::path(tag = "follow-ups", security(("bearer" = [])), request_body = FollowUpRequest, responses(
    (status = 204, description = "recorded"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: the caller's roles do not answer follow-ups as this respondent", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or none the caller (or their organisation's people) completed", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "already_answered; follow_up_not_open: before the follow-up date", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: applied_rating, improvement_rating range; comment length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/follow-ups")]
pub async fn submit_follow_up(
    ctx: Ctx,
    body: Json<FollowUpRequest>,
) -> Result<HttpResponse, ApiError> {
    app::evaluations::submit_follow_up(&ctx, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
