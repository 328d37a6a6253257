//! `GET /classes/{id}/completion`: the completion review of a class (Art. 6, 11); the use case
//! is [`crate::app::completion`].

use actix_web::{HttpResponse, get, web};
use cebase_domain::Problem;
use cebase_domain::training::CompletionDto;
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;

/// The completion review of a class: per active enrolment the sessions attended, whether the
/// assessments were passed, the outcome and every rule not met. Before the class is completed
/// this is a preview of what completing it now would store (`stored: false`); afterwards it is
/// what was stored (`stored: true`). Rows are shown as enrolments are (staff and the class's
/// teachers all, organisation contacts their people's, trainees their own).
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = CompletionDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/completion")]
pub async fn get_completion(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::completion::review(&ctx, id.into_inner()).await?))
}
