//! The dashboard (`GET /dashboard`), the staff home page: what is due with days left — plan
//! steps (`plans::due_steps`), class summary reports (Art. 18) and open follow-ups (Art. 17) —
//! overdue items flagged, the annual plans of this year and the next with their next deadline
//! (`plan_glances`), this year's figures against the year's plan (the execution-summary
//! computation over the classes actually held), evaluation scores, recent activity from the
//! audit trail. Reviewers get the submissions waiting for their authority.

use actix_web::{HttpResponse, get};
use cebase_domain::Problem;
use cebase_domain::reports::DashboardDto;

use crate::app::{self, Ctx};
use crate::error::ApiError;

/// What is due, this year's figures and recent activity (staff, admin); the queue of
/// submissions waiting for the caller's authority (reviewers). Days are counted in
/// Asia/Shanghai; `days_left` is 0 on the due date and negative once overdue.
#[utoipa::path(tag = "dashboard", security(("bearer" = [])), responses(
    (status = 200, body = DashboardDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, trainees, organisation contacts", body = Problem, content_type = "application/problem+json"),
))]
#[get("/dashboard")]
pub async fn dashboard(ctx: Ctx) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::dashboard::dashboard(&ctx).await?))
}
