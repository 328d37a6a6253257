//! The lifecycle of a class: its states, the actions between them, and the moves the API offers.

use serde::{Deserialize, Serialize};

use super::TrainingClass;
use crate::FieldError;
use crate::text_enum::text_enum;
use crate::validation::{Text, optional};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClassStatus {
    Planned,
    Open,
    InProgress,
    Completed,
    /// The class summary report was filed with the provincial HR department (Art. 18).
    Reported,
    Cancelled,
}

text_enum!(ClassStatus {
    Planned => "planned",
    Open => "open",
    InProgress => "in_progress",
    Completed => "completed",
    Reported => "reported",
    Cancelled => "cancelled",
});

/// What someone asks to do with a class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClassAction {
    Open,
    Start,
    Complete,
    MarkReported,
    Cancel,
}

text_enum!(ClassAction {
    Open => "open",
    Start => "start",
    Complete => "complete",
    MarkReported => "mark_reported",
    Cancel => "cancel",
});

/// A lifecycle action the transitions endpoint accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TransitionAction {
    /// `planned → open`: trainees may self-enrol in an open-enrolment class.
    Open,
    /// `open → in_progress`: enrolment closes, attendance is recorded.
    Start,
    /// `in_progress → completed`: every active enrolment is evaluated against the completion
    /// rules; completed enrolments get a learning record.
    Complete,
    /// `planned | open | in_progress → cancelled`, with a reason.
    Cancel,
}

text_enum!(TransitionAction {
    Open => "open",
    Start => "start",
    Complete => "complete",
    Cancel => "cancel",
});

impl From<TransitionAction> for ClassAction {
    fn from(a: TransitionAction) -> Self {
        match a {
            TransitionAction::Open => ClassAction::Open,
            TransitionAction::Start => ClassAction::Start,
            TransitionAction::Complete => ClassAction::Complete,
            TransitionAction::Cancel => ClassAction::Cancel,
        }
    }
}

impl TransitionAction {
    /// The actions of this endpoint allowed from `status`, in declaration order.
    pub fn allowed_from(status: ClassStatus) -> Vec<TransitionAction> {
        let allowed = status.allowed();
        Self::ALL
            .iter()
            .copied()
            .filter(|a| allowed.contains(&ClassAction::from(*a)))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("a class that is {from:?} cannot {action:?}; allowed from {from:?}: {allowed:?}")]
    NotAllowed {
        from: ClassStatus,
        action: ClassAction,
        allowed: Vec<ClassAction>,
    },
    #[error("cancelling a class needs a reason")]
    ReasonRequired,
}

impl ClassStatus {
    /// Actions allowed from this state.
    pub fn allowed(self) -> Vec<ClassAction> {
        use ClassAction as A;
        match self {
            ClassStatus::Planned => vec![A::Open, A::Cancel],
            ClassStatus::Open => vec![A::Start, A::Cancel],
            ClassStatus::InProgress => vec![A::Complete, A::Cancel],
            ClassStatus::Completed => vec![A::MarkReported],
            ClassStatus::Reported | ClassStatus::Cancelled => vec![],
        }
    }

    /// Applies `action`; `reason` is required (non-blank) for cancellation.
    pub fn apply(
        self,
        action: ClassAction,
        reason: Option<&str>,
    ) -> Result<ClassStatus, TransitionError> {
        use ClassAction as A;
        use ClassStatus as S;
        let next = match (self, action) {
            (S::Planned, A::Open) => S::Open,
            (S::Open, A::Start) => S::InProgress,
            (S::InProgress, A::Complete) => S::Completed,
            (S::Completed, A::MarkReported) => S::Reported,
            (S::Planned | S::Open | S::InProgress, A::Cancel) => {
                if reason.is_none_or(|r| r.trim().is_empty()) {
                    return Err(TransitionError::ReasonRequired);
                }
                S::Cancelled
            }
            (from, action) => {
                return Err(TransitionError::NotAllowed {
                    from,
                    action,
                    allowed: from.allowed(),
                });
            }
        };
        Ok(next)
    }

    /// Whether trainees may still enrol or withdraw (before the class starts).
    pub fn accepts_enrolment(self) -> bool {
        matches!(self, ClassStatus::Planned | ClassStatus::Open)
    }

    /// Whether the teaching schedule (sessions) may still change: until the class starts.
    pub fn schedule_editable(self) -> bool {
        matches!(self, ClassStatus::Planned | ClassStatus::Open)
    }

    /// Whether the class's own details (dates, place, capacity, rules …) may still change:
    /// until it is completed or cancelled.
    pub fn details_editable(self) -> bool {
        matches!(
            self,
            ClassStatus::Planned | ClassStatus::Open | ClassStatus::InProgress
        )
    }

    /// Whether attendance is recorded: while the class is running. Before it starts nothing
    /// has happened; once it is completed the attendance has been evaluated.
    pub fn records_attendance(self) -> bool {
        self == ClassStatus::InProgress
    }

    /// Whether assessment results are entered and corrected: while the class is running, like
    /// attendance. Completion evaluates them; afterwards a change is a correction of the
    /// learning record (a new version), so the stored outcome and the record never disagree.
    pub fn records_results(self) -> bool {
        self == ClassStatus::InProgress
    }

    /// Whether assessments may still be added: until the class is completed or cancelled.
    pub fn accepts_assessments(self) -> bool {
        self.details_editable()
    }
}

/// The result of a lifecycle move.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub status: ClassStatus,
    pub cancel_reason: Option<Text>,
}

/// Why a lifecycle move was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefusal {
    #[error(
        "a class that is {from} cannot {action}; allowed now: {}",
        allowed_list(allowed)
    )]
    NotAllowed {
        from: ClassStatus,
        action: TransitionAction,
        allowed: Vec<TransitionAction>,
    },
    /// The reason is missing (for `cancel`) or malformed.
    #[error("{}", .0.message)]
    Invalid(FieldError),
}

fn allowed_list(allowed: &[TransitionAction]) -> String {
    if allowed.is_empty() {
        "nothing (the class is closed)".into()
    } else {
        allowed
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl TrainingClass {
    /// Applies a lifecycle action. `reason` is required for `cancel` (1–2000 characters) and
    /// kept as the cancel reason; the other actions ignore it.
    pub fn transition(
        &self,
        action: TransitionAction,
        reason: Option<&str>,
    ) -> Result<Transition, TransitionRefusal> {
        let reason = optional(reason, |v| Text::paragraphs(v, "reason", 2000))
            .map_err(TransitionRefusal::Invalid)?;
        match self
            .status
            .apply(action.into(), reason.as_ref().map(AsRef::as_ref))
        {
            Ok(status) => Ok(Transition {
                status,
                cancel_reason: if action == TransitionAction::Cancel {
                    reason
                } else {
                    self.cancel_reason.clone()
                },
            }),
            Err(TransitionError::ReasonRequired) => Err(TransitionRefusal::Invalid(
                FieldError::new("reason", "required", "cancelling a class needs a reason"),
            )),
            Err(TransitionError::NotAllowed { from, .. }) => Err(TransitionRefusal::NotAllowed {
                from,
                action,
                allowed: TransitionAction::allowed_from(from),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::fixtures::class;
    use ClassAction as A;
    use ClassStatus as S;

    const ALL_STATES: [S; 6] = [
        S::Planned,
        S::Open,
        S::InProgress,
        S::Completed,
        S::Reported,
        S::Cancelled,
    ];
    const ALL_ACTIONS: [A; 5] = [A::Open, A::Start, A::Complete, A::MarkReported, A::Cancel];

    #[test]
    fn the_happy_path() {
        let s = S::Planned
            .apply(A::Open, None)
            .and_then(|s| s.apply(A::Start, None));
        let s = s
            .and_then(|s| s.apply(A::Complete, None))
            .and_then(|s| s.apply(A::MarkReported, None));
        assert_eq!(s, Ok(S::Reported));
    }

    #[test]
    fn every_pair_is_allowed_exactly_when_listed() {
        for from in ALL_STATES {
            for action in ALL_ACTIONS {
                let result = from.apply(action, Some("reason"));
                assert_eq!(
                    result.is_ok(),
                    from.allowed().contains(&action),
                    "{from:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn cancel_needs_a_reason_and_is_impossible_after_completion() {
        assert_eq!(
            S::Open.apply(A::Cancel, None),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            S::Open.apply(A::Cancel, Some("  ")),
            Err(TransitionError::ReasonRequired)
        );
        assert_eq!(
            S::InProgress.apply(A::Cancel, Some("台风")),
            Ok(S::Cancelled)
        );
        assert!(matches!(
            S::Completed.apply(A::Cancel, Some("x")),
            Err(TransitionError::NotAllowed { .. })
        ));
    }

    #[test]
    fn the_endpoint_offers_the_lifecycle_up_to_completion() {
        use TransitionAction as T;
        assert_eq!(T::allowed_from(S::Planned), vec![T::Open, T::Cancel]);
        assert_eq!(T::allowed_from(S::Open), vec![T::Start, T::Cancel]);
        assert_eq!(T::allowed_from(S::InProgress), vec![T::Complete, T::Cancel]);
        for s in [S::Completed, S::Reported, S::Cancelled] {
            assert!(T::allowed_from(s).is_empty(), "{s:?}");
        }
        for s in ALL_STATES {
            for t in T::allowed_from(s) {
                assert!(s.apply(t.into(), Some("reason")).is_ok(), "{s:?} {t:?}");
            }
        }
    }

    #[test]
    fn what_may_change_in_which_state() {
        let editable: Vec<S> = ALL_STATES
            .into_iter()
            .filter(|s| s.schedule_editable())
            .collect();
        assert_eq!(editable, vec![S::Planned, S::Open]);
        assert_eq!(
            ALL_STATES
                .into_iter()
                .filter(|s| s.details_editable())
                .collect::<Vec<_>>(),
            vec![S::Planned, S::Open, S::InProgress]
        );
        assert_eq!(
            ALL_STATES
                .into_iter()
                .filter(|s| s.accepts_enrolment())
                .collect::<Vec<_>>(),
            vec![S::Planned, S::Open]
        );
        assert_eq!(
            ALL_STATES
                .into_iter()
                .filter(|s| s.records_attendance())
                .collect::<Vec<_>>(),
            vec![S::InProgress]
        );
    }

    #[test]
    fn transitions_name_the_state_and_what_is_allowed() {
        let planned = class(ClassStatus::Planned, 0);
        assert_eq!(
            planned.transition(TransitionAction::Open, Some("ignored")),
            Ok(Transition {
                status: ClassStatus::Open,
                cancel_reason: None
            })
        );
        let refused = planned
            .transition(TransitionAction::Start, None)
            .expect_err("not yet open");
        assert_eq!(
            refused,
            TransitionRefusal::NotAllowed {
                from: ClassStatus::Planned,
                action: TransitionAction::Start,
                allowed: vec![TransitionAction::Open, TransitionAction::Cancel],
            }
        );
        assert_eq!(
            refused.to_string(),
            "a class that is planned cannot start; allowed now: open, cancel"
        );
        let cancelled = class(ClassStatus::Cancelled, 0)
            .transition(TransitionAction::Open, None)
            .expect_err("closed");
        assert!(cancelled.to_string().contains("allowed now: nothing"));
    }

    #[test]
    fn cancelling_needs_a_reason_which_is_kept() {
        let open = class(ClassStatus::Open, 2);
        for blank in [None, Some("  ")] {
            assert_eq!(
                open.transition(TransitionAction::Cancel, blank),
                Err(TransitionRefusal::Invalid(FieldError::new(
                    "reason",
                    "required",
                    "cancelling a class needs a reason"
                )))
            );
        }
        let long = "因".repeat(2001);
        assert!(matches!(
            open.transition(TransitionAction::Cancel, Some(&long)),
            Err(TransitionRefusal::Invalid(e)) if e.code == "length"
        ));
        let done = open
            .transition(TransitionAction::Cancel, Some(" 台风 "))
            .expect("cancelled");
        assert_eq!(done.status, ClassStatus::Cancelled);
        assert_eq!(done.cancel_reason.as_ref().map(AsRef::as_ref), Some("台风"));
    }
}
