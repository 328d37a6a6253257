//! Assessments (考试/考核, Art. 11) of a class and their results: an exam or an assessment,
//! scored (a maximum score and a pass mark) or pass/fail; one result per enrolment, entered by
//! the class's teachers and staff while the class is in progress
//! ([`crate::class::ClassStatus::records_results`]).
//!
//! **Corrections keep history:** changing a recorded result needs a reason, and the previous
//! value, who, when and why are kept (the store's `result_corrections`). Scores are tenths of a
//! point (`86.5` is 865), never floating point in storage.
//!
//! **Several assessments:** when a class requires its assessment to be passed
//! ([`crate::learning::CompletionRules::assessment_required`]), every assessment of the class
//! must be passed ([`assessment_standing`]).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::EnrolmentStatus;
use crate::FieldError;
use crate::text_enum::text_enum;
use crate::validation::{Checks, Text, optional};

/// What kind of assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AssessmentKind {
    /// 考试.
    Exam,
    /// 考核.
    Assessment,
}

text_enum!(AssessmentKind {
    Exam => "exam",
    Assessment => "assessment",
});

/// How results are expressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scoring {
    /// A score from 0 to `max_score`; passed at `pass_mark` or above.
    Scored,
    /// Passed or not, without a score.
    PassFail,
}

text_enum!(Scoring {
    Scored => "scored",
    PassFail => "pass_fail",
});

/// The highest maximum score an assessment may have.
pub const MAX_SCORE_POINTS: u32 = 1000;

/// A score (or maximum, or pass mark) in tenths of a point.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct ScoreTenths(pub u32);

impl ScoreTenths {
    /// Parses points as sent over the API (`86.5`): from `min` to `max` (tenths, inclusive),
    /// with at most one decimal place.
    pub fn parse(points: f64, field: &str, min: u32, max: u32) -> Result<Self, FieldError> {
        let range = || {
            FieldError::new(
                field,
                "range",
                format!(
                    "must be between {} and {}",
                    Self(min).as_points(),
                    Self(max).as_points()
                ),
            )
        };
        if !points.is_finite() {
            return Err(range());
        }
        let tenths = (points * 10.0).round();
        if (points * 10.0 - tenths).abs() > 1e-6 {
            return Err(FieldError::new(
                field,
                "precision",
                "at most one decimal place (e.g. 86.5)",
            ));
        }
        if tenths < f64::from(min) || tenths > f64::from(max) {
            return Err(range());
        }
        // Within `min..=max` by the check above.
        Ok(Self(tenths as u32))
    }

    pub fn as_points(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

/// How an assessment is graded: the precondition "a scored assessment has a maximum and a pass
/// mark within it" is in the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grading {
    Scored {
        max_score: ScoreTenths,
        pass_mark: ScoreTenths,
    },
    PassFail,
}

impl Grading {
    pub fn scoring(self) -> Scoring {
        match self {
            Grading::Scored { .. } => Scoring::Scored,
            Grading::PassFail => Scoring::PassFail,
        }
    }

    /// The result an entry states, or why it does not fit this grading (`field` is the entry's
    /// prefix, e.g. `results[3]`).
    pub fn result_of(self, entry: &ResultEntry, field: &str) -> Result<ResultValue, FieldError> {
        match self {
            Grading::Scored {
                max_score,
                pass_mark,
            } => {
                if entry.passed.is_some() {
                    return Err(FieldError::new(
                        format!("{field}.passed"),
                        "not_applicable",
                        "a scored assessment takes a score; passing follows from the pass mark",
                    ));
                }
                let points = entry.score.ok_or_else(|| {
                    FieldError::new(
                        format!("{field}.score"),
                        "required",
                        "a scored assessment needs a score",
                    )
                })?;
                let score = ScoreTenths::parse(points, &format!("{field}.score"), 0, max_score.0)?;
                Ok(ResultValue {
                    score: Some(score),
                    passed: score >= pass_mark,
                })
            }
            Grading::PassFail => {
                if entry.score.is_some() {
                    return Err(FieldError::new(
                        format!("{field}.score"),
                        "not_applicable",
                        "a pass/fail assessment takes `passed`, not a score",
                    ));
                }
                let passed = entry.passed.ok_or_else(|| {
                    FieldError::new(
                        format!("{field}.passed"),
                        "required",
                        "a pass/fail assessment needs `passed`",
                    )
                })?;
                Ok(ResultValue {
                    score: None,
                    passed,
                })
            }
        }
    }
}

/// The validated content of an assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentData {
    pub title: Text,
    pub kind: AssessmentKind,
    /// The course it assesses, if it is per course (must exist; checked by the server).
    pub course_id: Option<Uuid>,
    pub grading: Grading,
}

/// A stored assessment.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment {
    pub id: Uuid,
    pub class_id: Uuid,
    pub data: AssessmentData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// Body of `POST /classes/{id}/assessments`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentRequest {
    /// 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "结业考试"))]
    pub title: String,
    pub kind: AssessmentKind,
    /// The course assessed, for a per-course assessment.
    #[serde(default)]
    pub course_id: Option<Uuid>,
    pub scoring: Scoring,
    /// `scored` only: 0.1–1000, one decimal place.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 100.0))]
    pub max_score: Option<f64>,
    /// `scored` only: 0 to `max_score`, one decimal place.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 60.0))]
    pub pass_mark: Option<f64>,
}

/// An assessment as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssessmentDto {
    pub id: Uuid,
    pub class_id: Uuid,
    pub title: String,
    pub kind: AssessmentKind,
    pub course_id: Option<Uuid>,
    pub scoring: Scoring,
    /// `null` for pass/fail.
    pub max_score: Option<f64>,
    /// `null` for pass/fail.
    pub pass_mark: Option<f64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl TryFrom<AssessmentRequest> for AssessmentData {
    type Error = Vec<FieldError>;

    fn try_from(r: AssessmentRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        let title = c.check(Text::line(&r.title, "title", 200));
        let grading = match r.scoring {
            Scoring::PassFail => {
                for (field, value) in [("max_score", r.max_score), ("pass_mark", r.pass_mark)] {
                    if value.is_some() {
                        c.push(FieldError::new(
                            field,
                            "not_applicable",
                            "a pass/fail assessment has no scores",
                        ));
                    }
                }
                Some(Grading::PassFail)
            }
            Scoring::Scored => {
                let required = |field: &str| {
                    FieldError::new(field, "required", "a scored assessment needs it")
                };
                let max_score = c.check(
                    r.max_score
                        .ok_or_else(|| required("max_score"))
                        .and_then(|v| ScoreTenths::parse(v, "max_score", 1, MAX_SCORE_POINTS * 10)),
                );
                let pass_mark = c.check(
                    r.pass_mark
                        .ok_or_else(|| required("pass_mark"))
                        .and_then(|v| ScoreTenths::parse(v, "pass_mark", 0, MAX_SCORE_POINTS * 10)),
                );
                match (max_score, pass_mark) {
                    (Some(max_score), Some(pass_mark)) if pass_mark > max_score => {
                        c.push(FieldError::new(
                            "pass_mark",
                            "above_max_score",
                            "the pass mark cannot exceed the maximum score",
                        ));
                        None
                    }
                    (Some(max_score), Some(pass_mark)) => Some(Grading::Scored {
                        max_score,
                        pass_mark,
                    }),
                    _ => None,
                }
            }
        };
        let (Some(title), Some(grading)) = (title, grading) else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            title,
            kind: r.kind,
            course_id: r.course_id,
            grading,
        })
    }
}

impl Assessment {
    pub fn to_dto(&self) -> AssessmentDto {
        let (max_score, pass_mark) = match self.data.grading {
            Grading::Scored {
                max_score,
                pass_mark,
            } => (Some(max_score.as_points()), Some(pass_mark.as_points())),
            Grading::PassFail => (None, None),
        };
        AssessmentDto {
            id: self.id,
            class_id: self.class_id,
            title: self.data.title.as_ref().to_owned(),
            kind: self.data.kind,
            course_id: self.data.course_id,
            scoring: self.data.grading.scoring(),
            max_score,
            pass_mark,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The state recorded in the audit trail's before/after.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto()).unwrap_or_default()
    }

    /// How a result reads in a learning record: `结业考试 86.5/100 合格`.
    pub fn describe(&self, result: Option<ResultValue>) -> String {
        let title = self.data.title.as_ref();
        let Some(result) = result else {
            return format!("{title} 无成绩");
        };
        let verdict = if result.passed { "合格" } else { "不合格" };
        match (self.data.grading, result.score) {
            (Grading::Scored { max_score, .. }, Some(score)) => format!(
                "{title} {}/{} {verdict}",
                score.as_points(),
                max_score.as_points()
            ),
            _ => format!("{title} {verdict}"),
        }
    }
}

/// A recorded result: the score (scored assessments) and whether it passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultValue {
    pub score: Option<ScoreTenths>,
    pub passed: bool,
}

/// One entry of `PUT /assessments/{id}/results`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultEntry {
    pub enrolment_id: Uuid,
    /// Scored assessments: 0 to `max_score`, one decimal place.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 86.5))]
    pub score: Option<f64>,
    /// Pass/fail assessments.
    #[serde(default)]
    pub passed: Option<bool>,
    /// Why a recorded result changes: required (1–2000 characters) for a correction, ignored
    /// for a first entry.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "阅卷复核，第 3 题漏计 5 分"))]
    pub reason: Option<String>,
    /// The `version` of the result row the client read (`0`: nothing was recorded). When given
    /// and the result has changed since, the batch is refused with `409 version_conflict` and
    /// nothing is written, so a stale screen cannot silently overwrite someone else's entry.
    #[serde(default)]
    pub version: Option<i32>,
}

/// Body of `PUT /assessments/{id}/results`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsRequest {
    /// 1–1000 entries, one per enrolment; all are written or none.
    pub results: Vec<ResultEntry>,
}

/// The most entries one request may carry.
pub const MAX_RESULTS: usize = 1000;

/// What one reviewed entry writes.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultChange {
    /// The enrolment's first result.
    First,
    /// A different value replaces a recorded one; the previous value is kept with the reason.
    Correction { previous: ResultValue, reason: Text },
}

/// A reviewed entry that changes something.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultWrite {
    pub enrolment_id: Uuid,
    pub value: ResultValue,
    pub change: ResultChange,
}

/// Checks a batch of entries against the assessment's grading, the class's enrolments (active
/// ones only) and the results already recorded (`recorded`, by enrolment). Names every failing
/// entry at once. Entries that repeat the recorded value change nothing and are left out.
pub fn review_results(
    grading: Grading,
    entries: &[ResultEntry],
    enrolments: &HashMap<Uuid, EnrolmentStatus>,
    recorded: &HashMap<Uuid, ResultValue>,
) -> Result<Vec<ResultWrite>, Vec<FieldError>> {
    if !(1..=MAX_RESULTS).contains(&entries.len()) {
        return Err(vec![FieldError::new(
            "results",
            "range",
            format!("between 1 and {MAX_RESULTS} results per request"),
        )]);
    }
    let mut c = Checks::default();
    let mut seen: HashMap<Uuid, usize> = HashMap::new();
    let mut writes = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let field = format!("results[{i}]");
        let mut ok = true;
        match enrolments.get(&entry.enrolment_id) {
            None => {
                ok = false;
                c.push(FieldError::new(
                    format!("{field}.enrolment_id"),
                    "not_found",
                    "no enrolment in this class with this id",
                ));
            }
            Some(EnrolmentStatus::Withdrawn) => {
                ok = false;
                c.push(FieldError::new(
                    format!("{field}.enrolment_id"),
                    "withdrawn",
                    "the enrolment was withdrawn; withdrawn trainees have no results",
                ));
            }
            Some(EnrolmentStatus::Enrolled) => {}
        }
        if let Some(first) = seen.insert(entry.enrolment_id, i) {
            ok = false;
            c.push(FieldError::new(
                field.clone(),
                "duplicate",
                format!("the same enrolment as results[{first}]; one result per enrolment"),
            ));
        }
        let Some(value) = c.check(grading.result_of(entry, &field)) else {
            continue;
        };
        let change = match recorded.get(&entry.enrolment_id) {
            None => ResultChange::First,
            Some(previous) if *previous == value => continue,
            Some(previous) => {
                let reason = optional(entry.reason.as_deref(), |v| {
                    Text::paragraphs(v, &format!("{field}.reason"), 2000)
                })
                .and_then(|r| {
                    r.ok_or_else(|| {
                        FieldError::new(
                            format!("{field}.reason"),
                            "required",
                            "correcting a recorded result needs a reason; the previous value is kept",
                        )
                    })
                });
                let Some(reason) = c.check(reason) else {
                    continue;
                };
                ResultChange::Correction {
                    previous: *previous,
                    reason,
                }
            }
        };
        if ok {
            writes.push(ResultWrite {
                enrolment_id: entry.enrolment_id,
                value,
                change,
            });
        }
    }
    c.finish()?;
    Ok(writes)
}

/// The entries whose `version` no longer matches the result recorded for their enrolment
/// (`recorded`: the current version by enrolment; no entry means nothing is recorded, version
/// `0`), as `(index, enrolment_id)`. Entries without a `version` are not checked.
pub fn stale_entries(entries: &[ResultEntry], recorded: &HashMap<Uuid, i32>) -> Vec<(usize, Uuid)> {
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.version
                .is_some_and(|v| v != recorded.get(&e.enrolment_id).copied().unwrap_or(0))
        })
        .map(|(i, e)| (i, e.enrolment_id))
        .collect()
}

/// Whether an enrolment passed the class's assessments, given its results (one per assessment
/// it has a result for) and how many assessments the class has: `Some(false)` as soon as one is
/// failed, `None` while one is missing (or the class has none), `Some(true)` when all passed.
pub fn assessment_standing(assessments: usize, passes: &[bool]) -> Option<bool> {
    if passes.contains(&false) {
        Some(false)
    } else if assessments == 0 || passes.len() < assessments {
        None
    } else {
        Some(true)
    }
}

/// A stored result.
#[derive(Debug, Clone, PartialEq)]
pub struct AssessmentResult {
    pub id: Uuid,
    pub assessment_id: Uuid,
    pub enrolment_id: Uuid,
    pub value: ResultValue,
    pub recorded_by: Uuid,
    pub recorded_at: DateTime<Utc>,
    /// 1 for the first entry, bumped by each correction.
    pub version: i32,
}

/// A kept correction: the value before, the value after, who, when and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultCorrection {
    pub id: Uuid,
    pub previous: ResultValue,
    pub value: ResultValue,
    pub reason: Text,
    pub corrected_by: Uuid,
    pub corrected_at: DateTime<Utc>,
}

/// One row of the results sheet: an active enrolment with its result, if recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultRowDto {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub person_name: String,
    /// The person's identity document number, always masked (`110105********002X`).
    #[cfg_attr(feature = "openapi", schema(example = "110105********002X"))]
    pub id_number: String,
    /// `null` for pass/fail assessments and while nothing is recorded.
    pub score: Option<f64>,
    /// `null` while nothing is recorded.
    pub passed: Option<bool>,
    pub recorded_by: Option<Uuid>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// How often the result was corrected (see its history).
    pub corrections: u32,
    /// The result's version (`0` while nothing is recorded); send it back as the entry's
    /// `version` to refuse the entry if the result changed meanwhile.
    pub version: i32,
}

/// The results of an assessment: one row per active enrolment the caller may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultsDto {
    pub assessment: AssessmentDto,
    /// In enrolment order.
    pub rows: Vec<ResultRowDto>,
}

/// One correction in a result's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultCorrectionDto {
    pub previous_score: Option<f64>,
    pub previous_passed: bool,
    pub score: Option<f64>,
    pub passed: bool,
    pub reason: String,
    /// The account that corrected the result.
    pub corrected_by: Uuid,
    /// Its display name.
    #[cfg_attr(feature = "openapi", schema(example = "教务 陈静"))]
    pub corrected_by_name: String,
    pub corrected_at: DateTime<Utc>,
}

/// A result and every correction of it, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResultHistoryDto {
    pub assessment_id: Uuid,
    pub enrolment_id: Uuid,
    pub score: Option<f64>,
    pub passed: bool,
    /// Who recorded the current value, and when.
    pub recorded_by: Uuid,
    /// The display name of `recorded_by`.
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
    pub corrections: Vec<ResultCorrectionDto>,
}

fn points(score: Option<ScoreTenths>) -> Option<f64> {
    score.map(ScoreTenths::as_points)
}

impl ResultValue {
    /// The value as the audit trail records it.
    pub fn snapshot(&self, enrolment_id: Uuid) -> serde_json::Value {
        serde_json::json!({
            "enrolment_id": enrolment_id,
            "score": points(self.score),
            "passed": self.passed,
        })
    }
}

/// The display name of account `id` in `names`, or the id itself for an account not found.
fn name_of(names: &HashMap<Uuid, String>, id: Uuid) -> String {
    names.get(&id).cloned().unwrap_or_else(|| id.to_string())
}

impl ResultCorrection {
    /// `names`: display names of the accounts involved.
    pub fn to_dto(&self, names: &HashMap<Uuid, String>) -> ResultCorrectionDto {
        ResultCorrectionDto {
            previous_score: points(self.previous.score),
            previous_passed: self.previous.passed,
            score: points(self.value.score),
            passed: self.value.passed,
            reason: self.reason.as_ref().to_owned(),
            corrected_by: self.corrected_by,
            corrected_by_name: name_of(names, self.corrected_by),
            corrected_at: self.corrected_at,
        }
    }
}

impl AssessmentResult {
    /// `names`: display names of the accounts involved (recorders and correctors).
    pub fn history_dto(
        &self,
        corrections: &[ResultCorrection],
        names: &HashMap<Uuid, String>,
    ) -> ResultHistoryDto {
        ResultHistoryDto {
            assessment_id: self.assessment_id,
            enrolment_id: self.enrolment_id,
            score: points(self.value.score),
            passed: self.value.passed,
            recorded_by: self.recorded_by,
            recorded_by_name: name_of(names, self.recorded_by),
            recorded_at: self.recorded_at,
            corrections: corrections.iter().map(|c| c.to_dto(names)).collect(),
        }
    }

    /// `id_number`: the person's document number, masked.
    pub fn row_dto(&self, person_id: Uuid, person_name: String, id_number: String) -> ResultRowDto {
        ResultRowDto {
            enrolment_id: self.enrolment_id,
            person_id,
            person_name,
            id_number,
            score: points(self.value.score),
            passed: Some(self.value.passed),
            recorded_by: Some(self.recorded_by),
            recorded_at: Some(self.recorded_at),
            corrections: u32::try_from(self.version.saturating_sub(1)).unwrap_or(0),
            version: self.version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn scored() -> Grading {
        Grading::Scored {
            max_score: ScoreTenths(1000),
            pass_mark: ScoreTenths(600),
        }
    }

    fn entry(
        e: u128,
        score: Option<f64>,
        passed: Option<bool>,
        reason: Option<&str>,
    ) -> ResultEntry {
        ResultEntry {
            enrolment_id: id(e),
            score,
            passed,
            reason: reason.map(str::to_owned),
            version: None,
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    fn request(scoring: Scoring, max: Option<f64>, pass: Option<f64>) -> AssessmentRequest {
        AssessmentRequest {
            title: "结业考试".into(),
            kind: AssessmentKind::Exam,
            course_id: None,
            scoring,
            max_score: max,
            pass_mark: pass,
        }
    }

    #[test]
    fn scored_assessments_need_a_maximum_and_a_pass_mark_within_it() {
        let ok = AssessmentData::try_from(request(Scoring::Scored, Some(100.0), Some(60.0)))
            .expect("valid");
        assert_eq!(ok.grading, scored());
        let errors = AssessmentData::try_from(request(Scoring::Scored, None, Some(60.25)))
            .expect_err("invalid");
        assert_eq!(
            codes(&errors),
            vec![("max_score", "required"), ("pass_mark", "precision")]
        );
        let errors = AssessmentData::try_from(request(Scoring::Scored, Some(50.0), Some(60.0)))
            .expect_err("pass mark above max");
        assert_eq!(codes(&errors), vec![("pass_mark", "above_max_score")]);
        let errors = AssessmentData::try_from(request(Scoring::Scored, Some(0.0), Some(0.0)))
            .expect_err("max 0");
        assert_eq!(codes(&errors), vec![("max_score", "range")]);
        let errors = AssessmentData::try_from(request(Scoring::PassFail, Some(100.0), None))
            .expect_err("scores on pass/fail");
        assert_eq!(codes(&errors), vec![("max_score", "not_applicable")]);
        assert_eq!(
            AssessmentData::try_from(request(Scoring::PassFail, None, None))
                .expect("valid")
                .grading,
            Grading::PassFail
        );
    }

    #[test]
    fn scores_are_tenths_within_the_maximum() {
        assert_eq!(ScoreTenths::parse(86.5, "s", 0, 1000), Ok(ScoreTenths(865)));
        assert_eq!(ScoreTenths::parse(0.0, "s", 0, 1000), Ok(ScoreTenths(0)));
        assert_eq!(
            ScoreTenths::parse(100.0, "s", 0, 1000),
            Ok(ScoreTenths(1000))
        );
        for bad in [-0.1, 100.1, f64::NAN] {
            assert_eq!(
                ScoreTenths::parse(bad, "s", 0, 1000).map_err(|e| e.code),
                Err("range".into()),
                "{bad}"
            );
        }
        assert_eq!(
            ScoreTenths::parse(86.55, "s", 0, 1000).map_err(|e| e.code),
            Err("precision".into())
        );
    }

    #[test]
    fn a_result_passes_at_the_pass_mark() {
        let at = scored()
            .result_of(&entry(1, Some(60.0), None, None), "r")
            .expect("valid");
        assert!(at.passed);
        let below = scored()
            .result_of(&entry(1, Some(59.9), None, None), "r")
            .expect("valid");
        assert_eq!(
            below,
            ResultValue {
                score: Some(ScoreTenths(599)),
                passed: false
            }
        );
        assert_eq!(
            scored()
                .result_of(&entry(1, None, Some(true), None), "r")
                .map_err(|e| (e.field, e.code)),
            Err(("r.passed".into(), "not_applicable".into()))
        );
        assert_eq!(
            Grading::PassFail
                .result_of(&entry(1, None, None, None), "r")
                .map_err(|e| (e.field, e.code)),
            Err(("r.passed".into(), "required".into()))
        );
    }

    #[test]
    fn corrections_need_a_reason_and_unchanged_values_write_nothing() {
        let enrolments: HashMap<Uuid, EnrolmentStatus> = [
            (id(1), EnrolmentStatus::Enrolled),
            (id(2), EnrolmentStatus::Enrolled),
            (id(3), EnrolmentStatus::Withdrawn),
            (id(4), EnrolmentStatus::Enrolled),
        ]
        .into();
        let earlier = ResultValue {
            score: Some(ScoreTenths(550)),
            passed: false,
        };
        let recorded: HashMap<Uuid, ResultValue> = [(id(1), earlier), (id(4), earlier)].into();
        let errors = review_results(
            scored(),
            &[
                entry(1, Some(65.0), None, Some("  ")),
                entry(2, Some(101.0), None, None),
                entry(3, Some(70.0), None, None),
                entry(9, Some(70.0), None, None),
                entry(2, Some(70.0), None, None),
            ],
            &enrolments,
            &recorded,
        )
        .expect_err("invalid");
        assert_eq!(
            codes(&errors),
            vec![
                ("results[0].reason", "required"),
                ("results[1].score", "range"),
                ("results[2].enrolment_id", "withdrawn"),
                ("results[3].enrolment_id", "not_found"),
                ("results[4]", "duplicate"),
            ]
        );
        let writes = review_results(
            scored(),
            &[
                entry(1, Some(65.0), None, Some("复核")),
                entry(2, Some(70.0), None, Some("ignored")),
                entry(4, Some(55.0), None, None),
            ],
            &enrolments,
            &recorded,
        )
        .expect("valid");
        assert_eq!(writes.len(), 2, "the unchanged result writes nothing");
        assert_eq!(
            writes[0].change,
            ResultChange::Correction {
                previous: earlier,
                reason: Text::line("复核", "", 10).expect("text")
            }
        );
        assert!(writes[0].value.passed);
        assert_eq!(writes[1].change, ResultChange::First);
        assert!(review_results(scored(), &[], &enrolments, &recorded).is_err());
    }

    #[test]
    fn every_assessment_must_be_passed() {
        assert_eq!(assessment_standing(0, &[]), None);
        assert_eq!(assessment_standing(2, &[true]), None);
        assert_eq!(assessment_standing(2, &[true, true]), Some(true));
        assert_eq!(assessment_standing(2, &[false]), Some(false));
        assert_eq!(assessment_standing(1, &[true]), Some(true));
    }

    #[test]
    fn entries_read_from_an_older_version_are_stale() {
        let recorded: HashMap<Uuid, i32> = [(id(1), 2), (id(2), 1)].into();
        let with_version = |e: u128, v: Option<i32>| ResultEntry {
            version: v,
            ..entry(e, Some(70.0), None, None)
        };
        let entries = [
            with_version(1, Some(2)),
            with_version(2, Some(0)),
            with_version(3, Some(0)),
            with_version(4, Some(1)),
            with_version(1, None),
        ];
        // 2 was recorded meanwhile (read as nothing recorded); 4 has nothing recorded (read as
        // version 1); entries without a version are not checked.
        assert_eq!(
            stale_entries(&entries, &recorded),
            vec![(1, id(2)), (3, id(4))]
        );
    }
}
