//! The dashboard (`GET /dashboard`): what is due with days left (plan steps, class reports,
//! follow-ups), this year's figures against the plan, recent activity, and for reviewers the
//! submissions waiting for them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Authority;
use crate::text_enum::text_enum;

/// What kind of deadline a due item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DueKind {
    /// A step of an annual plan (submission to MIIT, filing with MOHRSS).
    PlanStep,
    /// A class summary report to file (Art. 18).
    ClassReport,
    /// Follow-up feedback of a class that is open (Art. 17).
    FollowUp,
}

text_enum!(DueKind {
    PlanStep => "plan_step",
    ClassReport => "class_report",
    FollowUp => "follow_up",
});

/// One thing that is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueItemDto {
    pub kind: DueKind,
    /// The plan (plan steps) or the class (reports, follow-ups).
    pub subject_id: Uuid,
    pub title: String,
    /// What is due (`miit_submission`, `mohrss_filing`, the report's status or `not_started`,
    /// `collect_feedback`).
    pub detail: String,
    /// The last day to act (for plan steps: the day before the "before" date).
    pub due_date: NaiveDate,
    /// Days left after today (0 on the due date); negative once overdue.
    pub days_left: i64,
    pub overdue: bool,
}

/// This year's figures against the year's plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct YearFiguresDto {
    pub year: i32,
    /// The year's plan, if there is one.
    pub plan_id: Option<Uuid>,
    pub planned_classes: u32,
    /// Classes held (completed or reported) ending this year or implementing the plan's items.
    pub held_classes: u32,
    pub planned_trainees: u64,
    pub completed_trainees: u64,
    /// Person-hours (trainees × hours) by category, one decimal.
    pub planned_public_required_hours: f64,
    pub planned_professional_hours: f64,
    pub actual_public_required_hours: f64,
    pub actual_professional_hours: f64,
    /// Evaluation responses of classes ending this year, and their overall mean rating.
    pub evaluation_responses: u32,
    pub evaluation_average: Option<f64>,
}

/// One line of recent activity (from the audit trail).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActivityDto {
    pub at: DateTime<Utc>,
    pub actor_username: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
}

/// A submission waiting for a reviewer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItemDto {
    /// `plan` or `class_report`.
    pub kind: String,
    pub id: Uuid,
    pub title: String,
    pub status: String,
    pub authority: Authority,
    pub since: DateTime<Utc>,
}

/// `GET /dashboard`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DashboardDto {
    /// Today in Shanghai.
    pub today: NaiveDate,
    /// Soonest first (staff and admin; empty for reviewers).
    pub due: Vec<DueItemDto>,
    /// Staff and admin only.
    pub figures: Option<YearFiguresDto>,
    /// The latest 10 audited changes (staff and admin only).
    pub recent: Vec<ActivityDto>,
    /// For reviewers: what waits for their authority.
    pub review_queue: Vec<QueueItemDto>,
}
