//! An assessment of a class: its kind, how it is graded, and its request and DTO.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ResultEntry, ResultValue};
use crate::FieldError;
use crate::text_enum::text_enum;
use crate::validation::{Checks, Text};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::assessments::fixtures::*;

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
}
