//! The results of an assessment: entering, correcting with a reason, standing, and their DTOs.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::training::EnrolmentStatus;
use crate::validation::{Checks, Text, optional};

use super::{AssessmentDto, Grading, ScoreTenths};

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
    use crate::training::assessments::fixtures::*;

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
