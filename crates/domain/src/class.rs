//! Training classes (培训班) and their lifecycle (Art. 5, 11, 12, 18):
//! `planned → open → in_progress → completed → reported`; `cancelled` from any state before
//! `completed`, with a reason. Transitions consume the state and return the next one or an error
//! that names the refused move.

use serde::{Deserialize, Serialize};

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
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
