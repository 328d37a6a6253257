//! The class summary report to the province (班级总结报告, Art. 18): after a class ends, staff
//! prepare its report — figures computed from the class's stored data plus a narrative
//! (analysis, lessons, improvements) — and it goes `draft → submitted → filed` with the
//! provincial HR department (省人力资源社会保障厅), or `submitted → returned` (with comments),
//! which staff `revise` into a `draft` again. The class becomes `reported` when its report is
//! filed.
//!
//! Who acts: staff (and admin) submit and revise, and may record the department's decision
//! (`file`, `return`) from its paper reply with the reply's document number (文号) and date; a
//! reviewer scoped to the provincial HR department decides in the system; a reviewer of another
//! authority is refused with `wrong_authority`.
//!
//! The report is due within a configurable number of days after the class's last day (default
//! 30); dates are the base's calendar (Asia/Shanghai).

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::class::ClassStatus;
use crate::master::{Checks, Text, optional};
use crate::reports::EvaluationFiguresDto;
use crate::{Authority, FieldError};

use super::{ReportAction, ReportStatus};

// --- due dates ---

/// When a class's report is due, as of a local date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportDue {
    /// The last day to file the report (the class's last day + the configured days).
    pub due_date: NaiveDate,
    /// Days left after today (0 on the due date); negative once overdue.
    pub days_left: i64,
    /// Not filed, and the due date has passed.
    pub overdue: bool,
}

impl ReportDue {
    /// The due date of the report of a class that ended on `end_date`, as of `today`; a filed
    /// report is never overdue.
    pub fn of(end_date: NaiveDate, due_days: u32, today: NaiveDate, filed: bool) -> Self {
        let due_date = end_date
            .checked_add_days(Days::new(u64::from(due_days)))
            .unwrap_or(NaiveDate::MAX);
        let days_left = (due_date - today).num_days();
        Self {
            due_date,
            days_left,
            overdue: !filed && days_left < 0,
        }
    }
}

// --- figures ---

/// What the figures are computed from: the class's stored data at submission.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FigureInputs {
    /// Active enrolments (withdrawn ones left out).
    pub enrolled: u32,
    /// Enrolments with the stored outcome `completed`.
    pub completed: u32,
    /// Whether the class has any assessment.
    pub has_assessments: bool,
    /// Active enrolments that passed every assessment of the class.
    pub passed: u32,
    /// Sessions attended (present or excused), summed over the stored outcomes.
    pub attended_sessions: u64,
    /// Sessions scheduled, summed over the stored outcomes (sessions × enrolments).
    pub scheduled_sessions: u64,
    /// Every score (tenths) of a scored assessment of an active enrolment.
    pub scores_tenths: Vec<u32>,
    /// Valid certificates of the class (a re-issued one counts once); the store always counts
    /// them, `None` only where no count was made.
    pub certificates_issued: Option<u32>,
    /// Income and spending of the class in fen; `None` until the funds module exists.
    pub income_fen: Option<i64>,
    pub spending_fen: Option<i64>,
    pub evaluation: Option<EvaluationFiguresDto>,
}

/// The computed figures of a class report (frozen at submission).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportFiguresDto {
    pub enrolled: u32,
    pub completed: u32,
    /// completed ÷ enrolled, percent with one decimal; `null` without enrolments.
    pub completion_rate_percent: Option<f64>,
    pub passed: u32,
    /// passed every assessment ÷ enrolled, percent; `null` without assessments or enrolments.
    pub pass_rate_percent: Option<f64>,
    /// sessions attended (present or excused) ÷ sessions scheduled, percent.
    pub attendance_rate_percent: Option<f64>,
    /// Mean of the scored results, one decimal; `null` without scored results.
    pub average_score: Option<f64>,
    /// Valid certificates of the class (a re-issued one counts once); `null` only in figures
    /// frozen before certificates were counted.
    pub certificates_issued: Option<u32>,
    /// `null`: not kept until the funds module exists.
    pub income_fen: Option<i64>,
    pub spending_fen: Option<i64>,
    /// The questionnaire's aggregated results (Art. 16); `null` without responses.
    pub evaluation: Option<EvaluationFiguresDto>,
    /// When the figures were computed.
    pub computed_at: DateTime<Utc>,
}

/// `part ÷ whole` in percent, rounded to one decimal (`None` when `whole` is 0).
pub fn percent(part: u64, whole: u64) -> Option<f64> {
    if whole == 0 {
        return None;
    }
    // Integer arithmetic to tenths of a percent, rounded half up, then one division.
    let tenths = (part * 1000 * 2 + whole) / (whole * 2);
    Some(tenths as f64 / 10.0)
}

impl ReportFiguresDto {
    /// Computes the figures from `inputs` at `now`.
    pub fn compute(inputs: FigureInputs, now: DateTime<Utc>) -> Self {
        let average_score = if inputs.scores_tenths.is_empty() {
            None
        } else {
            let n = inputs.scores_tenths.len() as u64;
            let sum: u64 = inputs.scores_tenths.iter().map(|s| u64::from(*s)).sum();
            // Mean in tenths, rounded half up; shown with one decimal.
            Some(((sum * 2 + n) / (n * 2)) as f64 / 10.0)
        };
        Self {
            enrolled: inputs.enrolled,
            completed: inputs.completed,
            completion_rate_percent: percent(inputs.completed.into(), inputs.enrolled.into()),
            passed: inputs.passed,
            pass_rate_percent: if inputs.has_assessments {
                percent(inputs.passed.into(), inputs.enrolled.into())
            } else {
                None
            },
            attendance_rate_percent: percent(inputs.attended_sessions, inputs.scheduled_sessions),
            average_score,
            certificates_issued: inputs.certificates_issued,
            income_fen: inputs.income_fen,
            spending_fen: inputs.spending_fen,
            evaluation: inputs.evaluation,
            computed_at: now,
        }
    }
}

// --- the report ---

/// The narrative of a report (each part up to 20 000 characters; all three are required to
/// submit).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Narrative {
    pub analysis: Option<Text>,
    pub lessons: Option<Text>,
    pub improvements: Option<Text>,
}

impl Narrative {
    pub fn parse(
        analysis: Option<&str>,
        lessons: Option<&str>,
        improvements: Option<&str>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        let part = |v: Option<&str>, f: &str| optional(v, |s| Text::paragraphs(s, f, 20_000));
        let a = c.check(part(analysis, "analysis"));
        let l = c.check(part(lessons, "lessons"));
        let i = c.check(part(improvements, "improvements"));
        let (Some(analysis), Some(lessons), Some(improvements)) = (a, l, i) else {
            return Err(c.into_errors());
        };
        Ok(Self {
            analysis,
            lessons,
            improvements,
        })
    }

    /// The parts a submission still lacks (Art. 18: figures plus analysis, lessons and
    /// improvements).
    pub fn missing_for_submission(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (value, field) in [
            (&self.analysis, "analysis"),
            (&self.lessons, "lessons"),
            (&self.improvements, "improvements"),
        ] {
            if value.is_none() {
                errors.push(FieldError::new(
                    field,
                    "required",
                    "a summary report is submitted with its analysis, lessons and improvements (Art. 18)",
                ));
            }
        }
        errors
    }
}

/// A stored class report.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassReport {
    pub id: Uuid,
    pub class_id: Uuid,
    pub status: ReportStatus,
    pub narrative: Narrative,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl ClassReport {
    pub fn audit_snapshot(&self) -> serde_json::Value {
        let t = |v: &Option<Text>| v.as_ref().map(|t| t.as_ref().to_owned());
        serde_json::json!({
            "class_id": self.class_id,
            "status": self.status,
            "analysis": t(&self.narrative.analysis),
            "lessons": t(&self.narrative.lessons),
            "improvements": t(&self.narrative.improvements),
            "version": self.version,
        })
    }
}

/// Body of `POST /class-reports`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassReportRequest {
    /// The completed class the report is about (one report per class).
    pub class_id: Uuid,
    #[serde(default)]
    pub analysis: Option<String>,
    #[serde(default)]
    pub lessons: Option<String>,
    #[serde(default)]
    pub improvements: Option<String>,
}

/// Body of `PUT /class-reports/{id}`: the narrative of a draft, with the `version` read.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateClassReportRequest {
    #[serde(default)]
    pub analysis: Option<String>,
    #[serde(default)]
    pub lessons: Option<String>,
    #[serde(default)]
    pub improvements: Option<String>,
    pub version: i32,
}

/// A class report as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassReportDto {
    pub id: Uuid,
    pub class_id: Uuid,
    pub class_title: String,
    pub class_status: ClassStatus,
    pub class_end_date: NaiveDate,
    pub status: ReportStatus,
    pub analysis: Option<String>,
    pub lessons: Option<String>,
    pub improvements: Option<String>,
    /// The figures frozen by the latest submission; `null` until the first submission.
    pub figures: Option<ReportFiguresDto>,
    /// A draft's figures as they would be frozen now (not stored); `null` once submitted.
    pub preview_figures: Option<ReportFiguresDto>,
    pub due: ReportDue,
    /// What `POST /class-reports/{id}/transitions` accepts from the caller now.
    pub allowed_actions: Vec<ReportAction>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A row of `GET /class-reports`: every completed or reported class with its report (if one
/// was started) and when it is due.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassReportRowDto {
    pub class_id: Uuid,
    pub class_title: String,
    pub class_status: ClassStatus,
    pub class_end_date: NaiveDate,
    /// `null`: no report has been started for the class.
    pub report_id: Option<Uuid>,
    /// `null`: no report has been started.
    pub status: Option<ReportStatus>,
    pub due: ReportDue,
}

/// Body of `POST /class-reports/{id}/transitions`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportTransitionRequest {
    pub action: Option<ReportAction>,
    /// Required for `return` (up to 4000 characters).
    #[serde(default)]
    pub comments: Option<String>,
    /// 文号 of the department's paper reply (staff recording `file` or `return`).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "省人社厅函〔2026〕8号"))]
    pub document_number: Option<String>,
    /// Date of the paper reply (not in the future).
    #[serde(default)]
    pub reply_date: Option<NaiveDate>,
}

/// One recorded move of a report; a submission carries the figures and narrative it froze.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportTransitionDto {
    pub id: Uuid,
    pub action: ReportAction,
    pub from_status: ReportStatus,
    pub to_status: ReportStatus,
    pub authority: Option<Authority>,
    pub from_paper: bool,
    pub comments: Option<String>,
    pub document_number: Option<String>,
    pub reply_date: Option<NaiveDate>,
    /// Frozen by a submission (immutable).
    pub figures: Option<ReportFiguresDto>,
    pub acted_by: Uuid,
    pub acted_by_name: String,
    pub acted_at: DateTime<Utc>,
}

/// The snapshot a submission stores: the figures and the narrative as submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportSubmission {
    pub figures: ReportFiguresDto,
    pub analysis: Option<String>,
    pub lessons: Option<String>,
    pub improvements: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn reports_are_due_a_configured_number_of_days_after_the_class_ends() {
        let end = d(2026, 3, 6);
        let due = ReportDue::of(end, 30, d(2026, 4, 5), false);
        assert_eq!(due.due_date, d(2026, 4, 5));
        assert_eq!((due.days_left, due.overdue), (0, false));
        let late = ReportDue::of(end, 30, d(2026, 4, 6), false);
        assert_eq!((late.days_left, late.overdue), (-1, true));
        assert!(!ReportDue::of(end, 30, d(2026, 4, 6), true).overdue);
        // Across the year boundary and February of a leap year.
        assert_eq!(
            ReportDue::of(d(2027, 12, 20), 30, d(2027, 12, 20), false).due_date,
            d(2028, 1, 19)
        );
        assert_eq!(
            ReportDue::of(d(2028, 2, 1), 30, d(2028, 2, 1), false).due_date,
            d(2028, 3, 2)
        );
        assert_eq!(ReportDue::of(end, 30, d(2026, 3, 10), false).days_left, 26);
    }

    #[test]
    fn figures_are_rounded_rates_of_the_inputs() {
        let now = DateTime::<Utc>::UNIX_EPOCH;
        let f = ReportFiguresDto::compute(
            FigureInputs {
                enrolled: 4,
                completed: 1,
                has_assessments: true,
                passed: 2,
                attended_sessions: 17,
                scheduled_sessions: 20,
                scores_tenths: vec![865, 700, 550],
                ..FigureInputs::default()
            },
            now,
        );
        assert_eq!(f.completion_rate_percent, Some(25.0));
        assert_eq!(f.pass_rate_percent, Some(50.0));
        assert_eq!(f.attendance_rate_percent, Some(85.0));
        assert_eq!(f.average_score, Some(70.5));
        assert_eq!(f.certificates_issued, None);
        assert_eq!(percent(1, 3), Some(33.3));
        assert_eq!(percent(2, 3), Some(66.7));
        assert_eq!(percent(0, 0), None);
        let empty = ReportFiguresDto::compute(FigureInputs::default(), now);
        assert_eq!(
            (
                empty.completion_rate_percent,
                empty.pass_rate_percent,
                empty.average_score
            ),
            (None, None, None)
        );
    }

    #[test]
    fn submission_needs_the_whole_narrative() {
        let n = Narrative::parse(Some("分析"), None, Some("  ")).expect("parses");
        let missing: Vec<_> = n
            .missing_for_submission()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(missing, vec!["lessons", "improvements"]);
    }
}
