//! Who may get a certificate (Art. 9): every unmet rule named.

use serde::{Deserialize, Serialize};

use super::ARTICLE;
use crate::FieldError;
use crate::class::ClassStatus;
use crate::learning::CompletionFailure;
use crate::training::{CompletionOutcome, EnrolmentStatus};

/// A rule of Art. 9 an enrolment does not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Ineligibility {
    /// The class has not been completed (evaluated) yet.
    ClassNotCompleted { class_status: ClassStatus },
    /// The person withdrew from the class.
    EnrolmentWithdrawn,
    /// Completion stored the outcome `not_completed`; `failures` are its reasons.
    NotCompleted { failures: Vec<CompletionFailure> },
    /// No completion outcome was stored for the enrolment.
    NoOutcome,
    /// The completed enrolment has no learning record to copy from.
    NoLearningRecord,
}

impl Ineligibility {
    /// The stable code of the rule.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ClassNotCompleted { .. } => "class_not_completed",
            Self::EnrolmentWithdrawn => "enrolment_withdrawn",
            Self::NotCompleted { .. } => "not_completed",
            Self::NoOutcome => "no_outcome",
            Self::NoLearningRecord => "no_learning_record",
        }
    }

    /// A sentence naming the rule, citing Art. 9.
    pub fn explain(&self) -> String {
        match self {
            Self::ClassNotCompleted { class_status } => format!(
                "certificates are issued for completed classes only ({ARTICLE}); the class is {class_status}"
            ),
            Self::EnrolmentWithdrawn => {
                format!(
                    "the person withdrew from the class; only completed enrolments get a certificate ({ARTICLE})"
                )
            }
            Self::NotCompleted { failures } => {
                let reasons: Vec<String> = failures
                    .iter()
                    .map(|f| match f {
                        CompletionFailure::Attendance {
                            attended,
                            sessions,
                            required_percent,
                        } => format!(
                            "attended {attended} of {sessions} sessions, {required_percent}% required"
                        ),
                        CompletionFailure::AssessmentNotPassed => "assessment not passed".into(),
                        CompletionFailure::AssessmentMissing => "assessment result missing".into(),
                    })
                    .collect();
                format!(
                    "the completion rules were not met ({}); only completed enrolments get a certificate ({ARTICLE})",
                    reasons.join("; ")
                )
            }
            Self::NoOutcome => {
                format!("no completion outcome is stored for the enrolment ({ARTICLE})")
            }
            Self::NoLearningRecord => format!(
                "the enrolment has no learning record to copy hours and result from ({ARTICLE}, Art. 6)"
            ),
        }
    }

    /// As a field error of a refusal (`field` is `enrolment`).
    pub fn to_field_error(&self) -> FieldError {
        FieldError::new("enrolment", self.code(), self.explain())
    }
}

/// What eligibility is decided on: the class's state, the enrolment's, the outcome completion
/// stored for it, and whether its learning record exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityFacts {
    pub class_status: ClassStatus,
    pub enrolment_status: EnrolmentStatus,
    /// `None` when no outcome is stored.
    pub outcome: Option<(CompletionOutcome, Vec<CompletionFailure>)>,
    pub has_learning_record: bool,
}

/// Whether an enrolment may get a certificate (Art. 9): its class completed (or reported), the
/// enrolment active, completion's stored outcome `completed`, and its learning record written.
/// Every unmet rule is named. (At most one valid certificate per enrolment is checked apart:
/// it is a conflict with the current state, not a rule the enrolment fails.)
pub fn eligibility(facts: &EligibilityFacts) -> Result<(), Vec<Ineligibility>> {
    let mut unmet = Vec::new();
    if !matches!(
        facts.class_status,
        ClassStatus::Completed | ClassStatus::Reported
    ) {
        unmet.push(Ineligibility::ClassNotCompleted {
            class_status: facts.class_status,
        });
    }
    if facts.enrolment_status == EnrolmentStatus::Withdrawn {
        unmet.push(Ineligibility::EnrolmentWithdrawn);
    } else if unmet.is_empty() {
        // Outcomes exist only once the class is completed; before that the class rule says it.
        match &facts.outcome {
            None => unmet.push(Ineligibility::NoOutcome),
            Some((CompletionOutcome::NotCompleted, failures)) => {
                unmet.push(Ineligibility::NotCompleted {
                    failures: failures.clone(),
                })
            }
            Some((CompletionOutcome::Completed, _)) if !facts.has_learning_record => {
                unmet.push(Ineligibility::NoLearningRecord)
            }
            Some((CompletionOutcome::Completed, _)) => {}
        }
    }
    if unmet.is_empty() { Ok(()) } else { Err(unmet) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> EligibilityFacts {
        EligibilityFacts {
            class_status: ClassStatus::Completed,
            enrolment_status: EnrolmentStatus::Enrolled,
            outcome: Some((CompletionOutcome::Completed, vec![])),
            has_learning_record: true,
        }
    }

    #[test]
    fn a_completed_enrolment_of_a_completed_class_is_eligible() {
        assert_eq!(eligibility(&facts()), Ok(()));
        let reported = EligibilityFacts {
            class_status: ClassStatus::Reported,
            ..facts()
        };
        assert_eq!(eligibility(&reported), Ok(()));
    }

    #[test]
    fn each_unmet_rule_is_named() {
        let running = EligibilityFacts {
            class_status: ClassStatus::InProgress,
            outcome: None,
            has_learning_record: false,
            ..facts()
        };
        assert_eq!(
            eligibility(&running),
            Err(vec![Ineligibility::ClassNotCompleted {
                class_status: ClassStatus::InProgress
            }])
        );
        let withdrawn = EligibilityFacts {
            enrolment_status: EnrolmentStatus::Withdrawn,
            outcome: None,
            ..facts()
        };
        assert_eq!(
            eligibility(&withdrawn),
            Err(vec![Ineligibility::EnrolmentWithdrawn])
        );
        let failures = vec![CompletionFailure::AssessmentNotPassed];
        let failed = EligibilityFacts {
            outcome: Some((CompletionOutcome::NotCompleted, failures.clone())),
            has_learning_record: false,
            ..facts()
        };
        let unmet = eligibility(&failed).expect_err("refused");
        assert_eq!(unmet, vec![Ineligibility::NotCompleted { failures }]);
        let explained = unmet[0].to_field_error();
        assert_eq!(explained.code, "not_completed");
        assert!(explained.message.contains("assessment not passed"));
        assert!(explained.message.contains("Art. 9"));
        let no_outcome = EligibilityFacts {
            outcome: None,
            ..facts()
        };
        assert_eq!(
            eligibility(&no_outcome),
            Err(vec![Ineligibility::NoOutcome])
        );
        let no_record = EligibilityFacts {
            has_learning_record: false,
            ..facts()
        };
        assert_eq!(
            eligibility(&no_record),
            Err(vec![Ineligibility::NoLearningRecord])
        );
    }

    #[test]
    fn the_rule_serialises_with_its_tag() {
        let v = serde_json::to_value(Ineligibility::ClassNotCompleted {
            class_status: ClassStatus::Open,
        })
        .expect("json");
        assert_eq!(
            v,
            serde_json::json!({"rule": "class_not_completed", "class_status": "open"})
        );
    }
}
