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

mod assessment;
mod results;

pub use assessment::*;
pub use results::*;

/// Grading, result entries and requests, for the tests of this module.
#[cfg(test)]
pub(crate) mod fixtures {
    use uuid::Uuid;

    use super::*;
    use crate::FieldError;

    pub(crate) fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    pub(crate) fn scored() -> Grading {
        Grading::Scored {
            max_score: ScoreTenths(1000),
            pass_mark: ScoreTenths(600),
        }
    }

    pub(crate) fn entry(
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

    pub(crate) fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    pub(crate) fn request(
        scoring: Scoring,
        max: Option<f64>,
        pass: Option<f64>,
    ) -> AssessmentRequest {
        AssessmentRequest {
            title: "结业考试".into(),
            kind: AssessmentKind::Exam,
            course_id: None,
            scoring,
            max_score: max,
            pass_mark: pass,
        }
    }
}
