//! Deadlines of the annual plan (Art. 8): the plan for year Y is submitted to MIIT **before
//! 10 December of Y−1** and filed with MOHRSS **before 31 December of Y−1** (both configurable).
//!
//! Deadlines are dates of the base's calendar, Asia/Shanghai (UTC+08:00 all year: China has
//! observed no daylight saving time since 1991, so a fixed offset is exact and builds for the
//! SPA too). "Before 10 December" means a step taken on 10 December, Shanghai time, is late —
//! so 2025-12-09T17:00Z, which is 2025-12-10 01:00 in Shanghai, is late for the 2026 plan. A late
//! step is allowed and recorded as late.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::plans::{PlanAction, PlanStatus};
use crate::text_enum::text_enum;

/// Asia/Shanghai: UTC+08:00, no daylight saving time.
pub const SHANGHAI_OFFSET_SECS: i32 = 8 * 3600;

/// The base's local date at instant `at`.
pub fn shanghai_date(at: DateTime<Utc>) -> NaiveDate {
    match FixedOffset::east_opt(SHANGHAI_OFFSET_SECS) {
        Some(offset) => at.with_timezone(&offset).date_naive(),
        None => at.date_naive(),
    }
}

/// A day of the year without the year (`12-10`), valid in every year (so not 29 February).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthDay {
    month: u32,
    day: u32,
}

impl MonthDay {
    /// Parses `MM-DD`.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (m, d) = raw
            .trim()
            .split_once('-')
            .ok_or_else(|| format!("expected MM-DD, e.g. 12-10, not `{raw}`"))?;
        let month: u32 = m.parse().map_err(|_| format!("bad month in `{raw}`"))?;
        let day: u32 = d.parse().map_err(|_| format!("bad day in `{raw}`"))?;
        // 2023 is not a leap year: a day valid in it is valid in every year.
        if NaiveDate::from_ymd_opt(2023, month, day).is_none() {
            return Err(format!("`{raw}` is not a day of every year"));
        }
        Ok(Self { month, day })
    }

    /// This day in `year`.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.month, self.day)
            .or_else(|| NaiveDate::from_ymd_opt(year, 12, 31))
            .unwrap_or(NaiveDate::MIN)
    }
}

/// The configured deadlines, as days of year Y−1 for the plan of year Y; a step is due
/// **before** that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanDeadlines {
    pub miit_submission: MonthDay,
    pub mohrss_filing: MonthDay,
}

impl Default for PlanDeadlines {
    fn default() -> Self {
        Self {
            miit_submission: MonthDay { month: 12, day: 10 },
            mohrss_filing: MonthDay { month: 12, day: 31 },
        }
    }
}

/// A deadline-bound step of the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanStep {
    /// The base submits the plan to MIIT.
    MiitSubmission,
    /// The plan is submitted to and filed by MOHRSS.
    MohrssFiling,
}

text_enum!(PlanStep {
    MiitSubmission => "miit_submission",
    MohrssFiling => "mohrss_filing",
});

impl PlanDeadlines {
    /// The day from which `step` of the plan for `year` is late (in year − 1).
    pub fn deadline(&self, step: PlanStep, year: i32) -> NaiveDate {
        let day = match step {
            PlanStep::MiitSubmission => self.miit_submission,
            PlanStep::MohrssFiling => self.mohrss_filing,
        };
        day.in_year(year - 1)
    }

    /// The step whose deadline `action` meets, if any: submitting to MIIT meets the MIIT
    /// deadline; submitting to MOHRSS and MOHRSS's filing meet the MOHRSS deadline.
    pub fn step_of(action: PlanAction) -> Option<PlanStep> {
        match action {
            PlanAction::SubmitToMiit => Some(PlanStep::MiitSubmission),
            PlanAction::SubmitToMohrss | PlanAction::File => Some(PlanStep::MohrssFiling),
            _ => None,
        }
    }

    /// Whether `action` taken on local date `on` for the plan of `year` is late.
    pub fn is_late(&self, action: PlanAction, year: i32, on: NaiveDate) -> bool {
        Self::step_of(action).is_some_and(|step| on >= self.deadline(step, year))
    }

    /// The steps the plan still has to take, with their deadlines as of local date `today`.
    pub fn pending(&self, status: PlanStatus, year: i32, today: NaiveDate) -> Vec<StepDue> {
        let mut steps = Vec::new();
        if matches!(status, PlanStatus::Draft | PlanStatus::Returned) {
            steps.push(PlanStep::MiitSubmission);
        }
        if status != PlanStatus::Filed {
            steps.push(PlanStep::MohrssFiling);
        }
        steps
            .into_iter()
            .map(|step| StepDue::new(step, self.deadline(step, year), today))
            .collect()
    }
}

/// A step still to take: its deadline and how many days are left as of a local date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StepDue {
    pub step: PlanStep,
    /// The step is due before this date (Asia/Shanghai); taken on it or later it is late.
    pub due_before: NaiveDate,
    /// Days left including today (1 on the last day); 0 or negative once overdue.
    pub days_left: i64,
    pub overdue: bool,
}

impl StepDue {
    pub fn new(step: PlanStep, due_before: NaiveDate, today: NaiveDate) -> Self {
        let days_left = (due_before - today).num_days();
        Self {
            step,
            due_before,
            days_left,
            overdue: days_left <= 0,
        }
    }
}

/// A due or overdue step of one plan, for the reviewers' and staff's home pages and the
/// dashboard ("what is due").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDueDto {
    pub plan_id: Uuid,
    pub year: i32,
    pub title: String,
    pub status: PlanStatus,
    #[serde(flatten)]
    pub due: StepDue,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn at(rfc3339: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(rfc3339)
            .expect("instant")
            .with_timezone(&Utc)
    }

    #[test]
    fn deadlines_fall_in_the_year_before_the_plan() {
        let dl = PlanDeadlines::default();
        assert_eq!(dl.deadline(PlanStep::MiitSubmission, 2026), d(2025, 12, 10));
        assert_eq!(dl.deadline(PlanStep::MohrssFiling, 2026), d(2025, 12, 31));
        // Across the year boundary: the 2027 plan's deadlines are in 2026.
        assert_eq!(dl.deadline(PlanStep::MohrssFiling, 2027), d(2026, 12, 31));
    }

    #[test]
    fn lateness_is_judged_on_the_shanghai_date() {
        let dl = PlanDeadlines::default();
        // 17:00 UTC on the 9th is 01:00 on the 10th in Shanghai: late.
        let on = shanghai_date(at("2025-12-09T17:00:00Z"));
        assert_eq!(on, d(2025, 12, 10));
        assert!(dl.is_late(PlanAction::SubmitToMiit, 2026, on));
        // 15:59 UTC on the 9th is 23:59 on the 9th in Shanghai: in time.
        let on = shanghai_date(at("2025-12-09T15:59:00Z"));
        assert_eq!(on, d(2025, 12, 9));
        assert!(!dl.is_late(PlanAction::SubmitToMiit, 2026, on));
        // Filing at 16:30 UTC on 30 December is 31 December in Shanghai: late.
        let on = shanghai_date(at("2025-12-30T16:30:00Z"));
        assert!(dl.is_late(PlanAction::File, 2026, on));
        assert!(dl.is_late(PlanAction::SubmitToMohrss, 2026, on));
        assert!(!dl.is_late(PlanAction::File, 2026, d(2025, 12, 30)));
        // In the plan's own year, every deadline-bound step is late.
        assert!(dl.is_late(PlanAction::File, 2026, d(2026, 1, 2)));
        // Decisions without a deadline of their own are never late.
        assert!(!dl.is_late(PlanAction::Approve, 2026, d(2026, 3, 1)));
        assert!(!dl.is_late(PlanAction::Return, 2026, d(2026, 3, 1)));
    }

    #[test]
    fn pending_steps_count_days_left_and_flag_overdue() {
        let dl = PlanDeadlines::default();
        let due = dl.pending(PlanStatus::Draft, 2026, d(2025, 12, 1));
        assert_eq!(
            due,
            vec![
                StepDue {
                    step: PlanStep::MiitSubmission,
                    due_before: d(2025, 12, 10),
                    days_left: 9,
                    overdue: false
                },
                StepDue {
                    step: PlanStep::MohrssFiling,
                    due_before: d(2025, 12, 31),
                    days_left: 30,
                    overdue: false
                }
            ]
        );
        // Last day: one day left. The deadline day itself: overdue.
        assert_eq!(
            dl.pending(PlanStatus::Draft, 2026, d(2025, 12, 9))[0].days_left,
            1
        );
        let on_deadline = &dl.pending(PlanStatus::Returned, 2026, d(2025, 12, 10))[0];
        assert!(on_deadline.overdue && on_deadline.days_left == 0);
        // Across the year boundary: 2 January of Y is 2 days past the MOHRSS deadline.
        let late = dl.pending(PlanStatus::SubmittedToMohrss, 2026, d(2026, 1, 2));
        assert_eq!(late.len(), 1);
        assert_eq!(
            (late[0].step, late[0].days_left, late[0].overdue),
            (PlanStep::MohrssFiling, -2, true)
        );
        // Submitted to MIIT: only the filing is still pending; filed: nothing.
        assert_eq!(
            dl.pending(PlanStatus::ApprovedByMiit, 2026, d(2025, 12, 1))
                .iter()
                .map(|s| s.step)
                .collect::<Vec<_>>(),
            vec![PlanStep::MohrssFiling]
        );
        assert!(
            dl.pending(PlanStatus::Filed, 2026, d(2025, 12, 1))
                .is_empty()
        );
    }

    #[test]
    fn month_days_parse_and_refuse_days_missing_from_some_years() {
        assert_eq!(
            MonthDay::parse("12-10").map(|m| m.in_year(2025)),
            Ok(d(2025, 12, 10))
        );
        assert!(MonthDay::parse("02-29").is_err());
        assert!(MonthDay::parse("13-01").is_err());
        assert!(MonthDay::parse("1210").is_err());
    }
}
