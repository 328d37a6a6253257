//! The dashboard (`GET /dashboard`): what is due with days left (plan steps, class reports,
//! follow-ups), this year's figures against the plan, recent activity, and for reviewers the
//! submissions waiting for them.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Authority;
use crate::plans::{Plan, PlanDeadlines, PlanStatus, PlanStep};
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

/// The annual plan of one year at a glance: where it stands and its next deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanGlanceDto {
    pub year: i32,
    /// `null`: no plan for the year has been started.
    pub plan_id: Option<Uuid>,
    pub title: Option<String>,
    /// `null`: not started.
    pub status: Option<PlanStatus>,
    /// The next deadline-bound step (a plan not started has its submission to MIIT ahead);
    /// `null` once filed.
    pub next_step: Option<PlanStep>,
    /// The last day for that step (the day before the "before" date), Asia/Shanghai.
    pub due_date: Option<NaiveDate>,
    /// Days left after today (0 on the due date); negative once overdue.
    pub days_left: Option<i64>,
    pub overdue: bool,
}

/// The annual plans the dashboard shows as of `today`: this year's, next year's (prepared this
/// year, due in December) and — once next year's is filed — the year after's, whose
/// submission to MIIT is then the next deadline of Art. 8. `plans` are the stored plans of
/// those years (others are ignored).
pub fn plan_glances(
    deadlines: &PlanDeadlines,
    plans: &[Plan],
    today: NaiveDate,
) -> Vec<PlanGlanceDto> {
    use chrono::Datelike;
    let this_year = today.year();
    let of = |year: i32| plans.iter().find(|p| p.data.year == year);
    let mut years = vec![this_year, this_year + 1];
    if of(this_year + 1).is_some_and(|p| p.status == PlanStatus::Filed) {
        years.push(this_year + 2);
    }
    years
        .into_iter()
        .map(|year| {
            let plan = of(year);
            // A plan not started has every step ahead, as a draft does.
            let status = plan.map_or(PlanStatus::Draft, |p| p.status);
            let next = deadlines.pending(status, year, today).into_iter().next();
            let due_date = next.as_ref().map(|s| {
                s.due_before
                    .checked_sub_days(Days::new(1))
                    .unwrap_or(s.due_before)
            });
            PlanGlanceDto {
                year,
                plan_id: plan.map(|p| p.id),
                title: plan.map(|p| p.data.title.as_ref().to_owned()),
                status: plan.map(|p| p.status),
                next_step: next.as_ref().map(|s| s.step),
                due_date,
                days_left: due_date.map(|d| (d - today).num_days()),
                overdue: next.is_some_and(|s| s.overdue),
            }
        })
        .collect()
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
    /// The annual plans of this year and the next — and of the year after once next year's is
    /// filed — with their next deadline (staff and admin; empty for reviewers).
    pub plans: Vec<PlanGlanceDto>,
    /// The latest 10 audited changes (staff and admin only).
    pub recent: Vec<ActivityDto>,
    /// For reviewers: what waits for their authority.
    pub review_queue: Vec<QueueItemDto>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plans::PlanData;

    fn plan(year: i32, status: PlanStatus) -> Plan {
        let at = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).expect("time");
        Plan {
            id: Uuid::nil(),
            data: PlanData::parse(year, &format!("{year}年度培训计划"), None).expect("valid"),
            status,
            revision: 1,
            created_at: at,
            updated_at: at,
            version: 1,
        }
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn next_years_filed_plan_brings_the_year_after_with_its_miit_deadline() {
        let today = date(2026, 11, 29);
        let glances = plan_glances(
            &PlanDeadlines::default(),
            &[plan(2027, PlanStatus::Filed)],
            today,
        );
        let years: Vec<i32> = glances.iter().map(|g| g.year).collect();
        assert_eq!(years, [2026, 2027, 2028]);
        // This year's plan was never started: its submission (before 2025-12-10) is overdue.
        assert_eq!(glances[0].status, None);
        assert_eq!(glances[0].next_step, Some(PlanStep::MiitSubmission));
        assert!(glances[0].overdue);
        // Next year's is filed: nothing is due for it.
        let filed = &glances[1];
        assert_eq!(filed.status, Some(PlanStatus::Filed));
        assert_eq!(
            (filed.next_step, filed.due_date, filed.days_left),
            (None, None, None)
        );
        assert!(!filed.overdue);
        // The year after: submission to MIIT before 2027-12-10, so the last day is the 9th.
        let next = &glances[2];
        assert_eq!((next.plan_id, next.status), (None, None));
        assert_eq!(next.next_step, Some(PlanStep::MiitSubmission));
        assert_eq!(next.due_date, Some(date(2027, 12, 9)));
        assert_eq!(next.days_left, Some(375));
        assert!(!next.overdue);
    }

    #[test]
    fn a_plan_at_miit_has_its_mohrss_filing_next_and_the_count_crosses_the_year() {
        // 2026-12-30 is the last day to file the 2027 plan.
        let glances = plan_glances(
            &PlanDeadlines::default(),
            &[
                plan(2026, PlanStatus::Filed),
                plan(2027, PlanStatus::SubmittedToMiit),
            ],
            date(2026, 12, 30),
        );
        assert_eq!(
            glances.len(),
            2,
            "the year after shows only once next year's is filed"
        );
        let g = &glances[1];
        assert_eq!(g.next_step, Some(PlanStep::MohrssFiling));
        assert_eq!(
            (g.due_date, g.days_left, g.overdue),
            (Some(date(2026, 12, 30)), Some(0), false)
        );
        // On 31 December it is late.
        let late = plan_glances(
            &PlanDeadlines::default(),
            &[plan(2027, PlanStatus::ApprovedByMiit)],
            date(2026, 12, 31),
        );
        assert_eq!((late[1].days_left, late[1].overdue), (Some(-1), true));
        // In January the plan of the new year is this year's.
        let january = plan_glances(&PlanDeadlines::default(), &[], date(2027, 1, 2));
        assert_eq!(january[0].year, 2027);
        assert_eq!(january[1].due_date, Some(date(2027, 12, 9)));
    }
}
