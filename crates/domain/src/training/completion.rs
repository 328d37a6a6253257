//! Completing a class (Art. 11): every active enrolment is evaluated against the class's
//! completion rules — the attendance rate (present or excused over the sessions) and, when the
//! rules require it, every assessment passed — and the outcome is kept with the reason for any
//! failure. [`evaluate_class`] is used twice: as the preview before completion ("what would
//! happen now") and, inside the completing transaction, for what is stored.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Enrolment, EnrolmentStatus, assessment_standing};
use crate::class::ClassStatus;
use crate::learning::{CompletionFailure, CompletionRules, evaluate_completion};
use crate::text_enum::text_enum;

/// The outcome of an enrolment when its class is completed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompletionOutcome {
    /// 结业: the rules are met; a learning record is written.
    Completed,
    /// 未结业: at least one rule is not met; `failures` says which.
    NotCompleted,
}

text_enum!(CompletionOutcome {
    Completed => "completed",
    NotCompleted => "not_completed",
});

/// The evaluation of one enrolment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentEvaluation {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    /// Sessions attended (present or excused).
    pub attended: u32,
    pub sessions: u32,
    /// `None` while a result is missing or the class has no assessment.
    pub assessment_passed: Option<bool>,
    pub outcome: CompletionOutcome,
    /// Empty exactly when the outcome is `completed`.
    pub failures: Vec<CompletionFailure>,
}

/// Evaluates the active enrolments of a class: `sessions` scheduled, `attended` sessions per
/// enrolment, `assessments` of the class and each enrolment's recorded passes (one per
/// assessment with a result).
pub fn evaluate_class(
    rules: CompletionRules,
    sessions: u32,
    enrolments: &[Enrolment],
    attended: &HashMap<Uuid, u32>,
    assessments: usize,
    passes: &HashMap<Uuid, Vec<bool>>,
) -> Vec<EnrolmentEvaluation> {
    enrolments
        .iter()
        .filter(|e| e.status == EnrolmentStatus::Enrolled)
        .map(|e| {
            let attended = attended.get(&e.id).copied().unwrap_or(0);
            let assessment_passed = assessment_standing(
                assessments,
                passes.get(&e.id).map(Vec::as_slice).unwrap_or(&[]),
            );
            let failures = evaluate_completion(rules, attended, sessions, assessment_passed)
                .err()
                .unwrap_or_default();
            EnrolmentEvaluation {
                enrolment_id: e.id,
                person_id: e.person_id,
                person_name: e.person_name.clone(),
                attended,
                sessions,
                assessment_passed,
                outcome: if failures.is_empty() {
                    CompletionOutcome::Completed
                } else {
                    CompletionOutcome::NotCompleted
                },
                failures,
            }
        })
        .collect()
}

/// A stored evaluation (the class was completed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvaluation {
    pub evaluation: EnrolmentEvaluation,
    pub evaluated_by: Uuid,
    pub evaluated_at: DateTime<Utc>,
}

/// One enrolment's row of the completion review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletionRowDto {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub person_name: String,
    pub attended: u32,
    pub sessions: u32,
    pub assessment_passed: Option<bool>,
    pub outcome: CompletionOutcome,
    /// Every rule not met, e.g. `{"rule": "attendance", "attended": 1, "sessions": 2,
    /// "required_percent": 80}` or `{"rule": "assessment_not_passed"}`.
    pub failures: Vec<CompletionFailure>,
    /// When the outcome was stored; `null` in a preview.
    pub evaluated_at: Option<DateTime<Utc>>,
}

/// `GET /classes/{id}/completion`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompletionDto {
    pub class_id: Uuid,
    pub class_status: ClassStatus,
    /// `false`: a preview of what completing the class now would store; `true`: the outcomes
    /// stored when the class was completed.
    pub stored: bool,
    pub rules: CompletionRules,
    /// In enrolment order.
    pub rows: Vec<CompletionRowDto>,
}

impl EnrolmentEvaluation {
    pub fn to_dto(&self, evaluated_at: Option<DateTime<Utc>>) -> CompletionRowDto {
        CompletionRowDto {
            enrolment_id: self.enrolment_id,
            person_id: self.person_id,
            person_name: self.person_name.clone(),
            attended: self.attended,
            sessions: self.sessions,
            assessment_passed: self.assessment_passed,
            outcome: self.outcome,
            failures: self.failures.clone(),
            evaluated_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::EnrolmentSource;

    fn enrolment(n: u128, status: EnrolmentStatus) -> Enrolment {
        Enrolment {
            id: Uuid::from_u128(n),
            class_id: Uuid::nil(),
            class_title: "研修班".into(),
            person_id: Uuid::from_u128(n + 100),
            person_name: format!("学员{n}"),
            status,
            source: EnrolmentSource::Staff,
            enrolled_at: DateTime::UNIX_EPOCH,
            enrolled_by: Uuid::nil(),
            withdrawal: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn each_active_enrolment_gets_an_outcome_with_its_reasons() {
        let rules = CompletionRules {
            min_attendance_percent: 80,
            assessment_required: true,
        };
        let id = Uuid::from_u128;
        let enrolments = [
            enrolment(1, EnrolmentStatus::Enrolled),
            enrolment(2, EnrolmentStatus::Enrolled),
            enrolment(3, EnrolmentStatus::Enrolled),
            enrolment(4, EnrolmentStatus::Withdrawn),
        ];
        let attended: HashMap<Uuid, u32> = [(id(1), 5), (id(2), 3), (id(3), 5)].into();
        let passes: HashMap<Uuid, Vec<bool>> = [
            (id(1), vec![true, true]),
            (id(2), vec![true]),
            (id(3), vec![true, false]),
        ]
        .into();
        let rows = evaluate_class(rules, 5, &enrolments, &attended, 2, &passes);
        assert_eq!(rows.len(), 3, "withdrawn enrolments are not evaluated");
        assert_eq!(rows[0].outcome, CompletionOutcome::Completed);
        assert!(rows[0].failures.is_empty());
        assert_eq!(rows[1].outcome, CompletionOutcome::NotCompleted);
        assert_eq!(
            rows[1].failures,
            vec![
                CompletionFailure::Attendance {
                    attended: 3,
                    sessions: 5,
                    required_percent: 80
                },
                CompletionFailure::AssessmentMissing
            ]
        );
        assert_eq!(
            rows[2].failures,
            vec![CompletionFailure::AssessmentNotPassed]
        );
        assert_eq!(rows[2].assessment_passed, Some(false));
    }

    #[test]
    fn without_a_required_assessment_attendance_decides() {
        let rules = CompletionRules {
            min_attendance_percent: 50,
            assessment_required: false,
        };
        let rows = evaluate_class(
            rules,
            2,
            &[enrolment(1, EnrolmentStatus::Enrolled)],
            &[(Uuid::from_u128(1), 1)].into(),
            0,
            &HashMap::new(),
        );
        assert_eq!(rows[0].outcome, CompletionOutcome::Completed);
        assert_eq!(rows[0].assessment_passed, None);
    }
}
