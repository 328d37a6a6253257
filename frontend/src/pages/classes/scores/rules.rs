//! What a cell of the score grid holds and whether it can be saved: the value entered or
//! recorded, its checks against the assessment, and its messages.

use cebase_domain::FieldError;
use cebase_domain::training::{AssessmentDto, ResultEntry, ResultRowDto, ScoreTenths, Scoring};

use super::super::assessments::parse_points;
use crate::i18n::{ClassKey, FieldKey, I18n, Lang, ScoreKey};

/// A value as entered or recorded: a score (scored) or passed (pass/fail).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Value {
    Score(f64),
    Passed(bool),
}

/// The value a row records now, if any.
pub(super) fn recorded(a: &AssessmentDto, row: &ResultRowDto) -> Option<Value> {
    match a.scoring {
        Scoring::Scored => row.score.map(Value::Score),
        Scoring::PassFail => row.passed.map(Value::Passed),
    }
}

/// The text of an input showing `value` (`"86.5"`, `"pass"`, `"fail"`, or empty).
pub(super) fn input_text(value: Option<Value>) -> String {
    match value {
        None => String::new(),
        Some(Value::Score(points)) => points.to_string(),
        Some(Value::Passed(true)) => "pass".to_owned(),
        Some(Value::Passed(false)) => "fail".to_owned(),
    }
}

/// The entered value of an input (`None` when blank), or why it is not a valid result.
pub(super) fn entered(a: &AssessmentDto, text: &str) -> Result<Option<Value>, FieldError> {
    match a.scoring {
        Scoring::Scored => {
            let max = a
                .max_score
                .map(|m| (m * 10.0).round() as u32)
                .unwrap_or(cebase_domain::training::MAX_SCORE_POINTS * 10);
            parse_points(text, "score", 0, max).map(|p| p.map(Value::Score))
        }
        Scoring::PassFail => Ok(match text {
            "pass" => Some(Value::Passed(true)),
            "fail" => Some(Value::Passed(false)),
            _ => None,
        }),
    }
}

/// Whether `value` passes `a`.
pub(super) fn passes(a: &AssessmentDto, value: Value) -> bool {
    match value {
        Value::Score(points) => {
            let tenths = |p: f64| ScoreTenths((p * 10.0).round() as u32);
            a.pass_mark
                .is_some_and(|mark| tenths(points) >= tenths(mark))
        }
        Value::Passed(passed) => passed,
    }
}

/// What one row would send, or why it cannot be sent.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RowCheck {
    /// The entry to send (a changed, valid value).
    pub(super) entry: Option<ResultEntry>,
    /// A correction of a saved result: the reason field is shown.
    pub(super) correction: bool,
    /// What is wrong with the row (blocks saving).
    pub(super) error: Option<FieldError>,
    /// The value entered, for the pass/fail preview.
    pub(super) value: Option<Value>,
}

pub(super) fn check(a: &AssessmentDto, row: &ResultRowDto, text: &str, reason: &str) -> RowCheck {
    let before = recorded(a, row);
    let mut out = RowCheck {
        entry: None,
        correction: false,
        error: None,
        value: None,
    };
    match entered(a, text) {
        Err(e) => out.error = Some(e),
        Ok(None) if before.is_some() => {
            out.value = before;
            out.error = Some(FieldError::new("score", "cleared", "cleared"));
        }
        Ok(None) => {}
        Ok(Some(value)) => {
            out.value = Some(value);
            if Some(value) != before {
                out.correction = before.is_some();
                let reason = reason.trim();
                if out.correction && reason.is_empty() {
                    out.error = Some(FieldError::new("reason", "required", "required"));
                }
                out.entry = Some(ResultEntry {
                    enrolment_id: row.enrolment_id,
                    score: match value {
                        Value::Score(p) => Some(p),
                        Value::Passed(_) => None,
                    },
                    passed: match value {
                        Value::Passed(p) => Some(p),
                        Value::Score(_) => None,
                    },
                    reason: out.correction.then(|| reason.to_owned()),
                    version: Some(row.version),
                });
            }
        }
    }
    out
}

/// A result's field error in the current language.
pub(super) fn cell_error(i18n: &I18n, a: &AssessmentDto, e: &FieldError) -> String {
    let zh = i18n.lang() == Lang::Zh;
    let field = e.field.rsplit('.').next().unwrap_or_default();
    match (field, e.code.as_str()) {
        (_, "range") => {
            let max = a.max_score.unwrap_or_default();
            if zh {
                format!("成绩须在 0–{max} 之间。")
            } else {
                format!("A score from 0 to {max}.")
            }
        }
        (_, "precision") => i18n.t(ScoreKey::ScorePrecision).to_owned(),
        (_, "number") => i18n.t(ScoreKey::ScoreNotANumber).to_owned(),
        (_, "cleared") => i18n.t(ScoreKey::ScoreCleared).to_owned(),
        ("reason", "required") => i18n.t(ScoreKey::CorrectionReasonRequired).to_owned(),
        (_, "required") => i18n.t(FieldKey::FieldRequired).to_owned(),
        (_, "withdrawn") => i18n.t(ClassKey::Withdrawn).to_owned(),
        _ => e.message.clone(),
    }
}

/// The text of a value: `86.5` or `合格`/`不合格`.
pub(super) fn value_text(i18n: &I18n, score: Option<f64>, passed: bool) -> String {
    match score {
        Some(points) => points.to_string(),
        None => i18n
            .t(if passed {
                ScoreKey::Passed
            } else {
                ScoreKey::Failed
            })
            .to_owned(),
    }
}
