//! The review and filing workflow of an annual plan (Art. 8):
//! `draft → submitted_to_miit → approved_by_miit → submitted_to_mohrss → filed`; either authority
//! may return the plan it is reviewing (`returned`, with comments), which staff take back to
//! `draft` (`revise`); amending a filed plan opens its next revision as a `draft` (`amend`).
//!
//! Who acts: staff (and admin) submit, revise and amend; a reviewer scoped to the authority of
//! the stage decides it (MIIT approves or returns `submitted_to_miit`, MOHRSS files or returns
//! `submitted_to_mohrss`); staff may also record an authority's decision from its paper reply,
//! with the reply's document number (文号) and date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::master::Text;
use crate::review::{ReplyInput, ReplyRules, check_reply};
use crate::text_enum::text_enum;
use crate::{Authority, FieldError};

/// Where a plan stands in the workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Being drafted (or revised); items may change.
    Draft,
    /// Waiting for MIIT (工业和信息化部人事教育司).
    SubmittedToMiit,
    /// MIIT approved; the base submits it to MOHRSS next.
    ApprovedByMiit,
    /// Waiting for MOHRSS (人力资源社会保障部专业技术人员管理司) to file it.
    SubmittedToMohrss,
    /// Filed with MOHRSS (备案).
    Filed,
    /// Returned by an authority with comments; staff revise it into a draft.
    Returned,
}

text_enum!(PlanStatus {
    Draft => "draft",
    SubmittedToMiit => "submitted_to_miit",
    ApprovedByMiit => "approved_by_miit",
    SubmittedToMohrss => "submitted_to_mohrss",
    Filed => "filed",
    Returned => "returned",
});

impl PlanStatus {
    /// Whether the plan and its items may be edited.
    pub fn is_editable(self) -> bool {
        self == PlanStatus::Draft
    }

    /// The authority deciding the plan in this state, if it waits for one.
    pub fn deciding_authority(self) -> Option<Authority> {
        match self {
            PlanStatus::SubmittedToMiit => Some(Authority::Miit),
            PlanStatus::SubmittedToMohrss => Some(Authority::Mohrss),
            _ => None,
        }
    }
}

/// What `POST /plans/{id}/transitions` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanAction {
    /// `draft → submitted_to_miit` (staff); stores a snapshot.
    SubmitToMiit,
    /// `submitted_to_miit → approved_by_miit` (MIIT reviewer, or staff from a paper reply).
    Approve,
    /// `approved_by_miit → submitted_to_mohrss` (staff); stores a snapshot.
    SubmitToMohrss,
    /// `submitted_to_mohrss → filed` (MOHRSS reviewer, or staff from a paper reply).
    File,
    /// `submitted_to_miit | submitted_to_mohrss → returned`, with comments (that stage's
    /// reviewer, or staff from a paper reply).
    Return,
    /// `returned → draft` (staff).
    Revise,
    /// `filed → draft` of the next revision (staff).
    Amend,
}

text_enum!(PlanAction {
    SubmitToMiit => "submit_to_miit",
    Approve => "approve",
    SubmitToMohrss => "submit_to_mohrss",
    File => "file",
    Return => "return",
    Revise => "revise",
    Amend => "amend",
});

impl PlanAction {
    /// Whether the action is an authority's decision (made by its reviewer, or recorded by staff
    /// from a paper reply).
    pub fn is_decision(self) -> bool {
        matches!(
            self,
            PlanAction::Approve | PlanAction::File | PlanAction::Return
        )
    }

    /// Whether the action submits the plan (and so stores an immutable snapshot).
    pub fn is_submission(self) -> bool {
        matches!(self, PlanAction::SubmitToMiit | PlanAction::SubmitToMohrss)
    }
}

/// The status an action leads to from `from`, if the workflow has that move.
pub fn next_status(from: PlanStatus, action: PlanAction) -> Option<PlanStatus> {
    use PlanAction as A;
    use PlanStatus as S;
    match (from, action) {
        (S::Draft, A::SubmitToMiit) => Some(S::SubmittedToMiit),
        (S::SubmittedToMiit, A::Approve) => Some(S::ApprovedByMiit),
        (S::ApprovedByMiit, A::SubmitToMohrss) => Some(S::SubmittedToMohrss),
        (S::SubmittedToMohrss, A::File) => Some(S::Filed),
        (S::SubmittedToMiit | S::SubmittedToMohrss, A::Return) => Some(S::Returned),
        (S::Returned, A::Revise) => Some(S::Draft),
        (S::Filed, A::Amend) => Some(S::Draft),
        _ => None,
    }
}

/// Who asks for a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanActor {
    /// Staff or admin of the base.
    Staff,
    /// A reviewer scoped to one authority.
    Reviewer(Authority),
    /// Anyone else: may not act on plans.
    Other,
}

/// The actions `actor` may take on a plan in `status` (what the SPA offers as buttons).
pub fn allowed_actions(status: PlanStatus, actor: PlanActor) -> Vec<PlanAction> {
    PlanAction::ALL
        .iter()
        .copied()
        .filter(|a| next_status(status, *a).is_some())
        .filter(|a| match actor {
            PlanActor::Staff => true,
            PlanActor::Reviewer(authority) => {
                a.is_decision() && status.deciding_authority() == Some(authority)
            }
            PlanActor::Other => false,
        })
        .collect()
}

/// The body of a move as it arrives, before checking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoveInput {
    pub comments: Option<String>,
    pub document_number: Option<String>,
    pub reply_date: Option<NaiveDate>,
    /// An uploaded scan of the paper reply.
    pub scan_attached: bool,
}

/// An accepted move.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanMove {
    pub action: PlanAction,
    pub from: PlanStatus,
    pub to: PlanStatus,
    /// The authority whose decision this is (decisions only).
    pub authority: Option<Authority>,
    /// Staff recorded the authority's decision from its paper reply.
    pub from_paper: bool,
    pub comments: Option<Text>,
    /// 文号 of the paper reply (required when recorded from paper).
    pub document_number: Option<Text>,
    /// Date of the paper reply (required when recorded from paper).
    pub reply_date: Option<NaiveDate>,
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanMoveError {
    /// The caller's role may not take this action at all (403 `forbidden`).
    Forbidden,
    /// The workflow has no such move from the plan's state (409 `transition_not_allowed`).
    NotAllowed {
        status: PlanStatus,
        allowed: Vec<PlanAction>,
    },
    /// A reviewer of another authority than the one deciding this stage (403
    /// `wrong_authority`).
    WrongAuthority {
        required: Authority,
        actual: Authority,
    },
    /// The body broke rules (422).
    Invalid(Vec<FieldError>),
}

/// The Chinese and English names of an authority, for messages.
pub fn authority_name(authority: Authority) -> &'static str {
    match authority {
        Authority::Miit => "MIIT (工业和信息化部人事教育司)",
        Authority::Mohrss => "MOHRSS (人力资源社会保障部专业技术人员管理司)",
        Authority::ProvincialHr => "the provincial HR department (省人力资源社会保障厅)",
    }
}

/// Decides whether `actor` may take `action` on a plan in `status` (Art. 8), checking the body.
/// `today` is the base's local date (a paper reply cannot be dated in the future).
pub fn decide_move(
    status: PlanStatus,
    action: PlanAction,
    actor: PlanActor,
    input: &MoveInput,
    today: NaiveDate,
) -> Result<PlanMove, PlanMoveError> {
    let reviewer = match actor {
        PlanActor::Other => return Err(PlanMoveError::Forbidden),
        PlanActor::Reviewer(_) if !action.is_decision() => return Err(PlanMoveError::Forbidden),
        PlanActor::Reviewer(authority) => Some(authority),
        PlanActor::Staff => None,
    };
    let to = next_status(status, action).ok_or_else(|| PlanMoveError::NotAllowed {
        status,
        allowed: allowed_actions(status, actor),
    })?;
    let authority = if action.is_decision() {
        status.deciding_authority()
    } else {
        None
    };
    if let (Some(actual), Some(required)) = (reviewer, authority)
        && actual != required
    {
        return Err(PlanMoveError::WrongAuthority { required, actual });
    }
    let from_paper = action.is_decision() && actor == PlanActor::Staff;

    let reply = check_reply(
        ReplyInput {
            comments: input.comments.as_deref(),
            document_number: input.document_number.as_deref(),
            reply_date: input.reply_date,
            scan_attached: input.scan_attached,
        },
        ReplyRules {
            decision: action.is_decision(),
            returning: action == PlanAction::Return,
            from_paper,
            decider: "an authority",
            subject: "a plan",
            article: "Art. 8",
        },
        today,
    )
    .map_err(PlanMoveError::Invalid)?;
    Ok(PlanMove {
        action,
        from: status,
        to,
        authority,
        from_paper,
        comments: reply.comments,
        document_number: reply.document_number,
        reply_date: reply.reply_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use PlanAction as A;
    use PlanStatus as S;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 12, 5).expect("date")
    }

    fn paper() -> MoveInput {
        MoveInput {
            comments: None,
            document_number: Some("工信人函〔2025〕12号".into()),
            reply_date: Some(NaiveDate::from_ymd_opt(2025, 12, 3).expect("date")),
            scan_attached: true,
        }
    }

    fn returned() -> MoveInput {
        MoveInput {
            comments: Some("请补充预算明细".into()),
            ..MoveInput::default()
        }
    }

    const MIIT: PlanActor = PlanActor::Reviewer(Authority::Miit);
    const MOHRSS: PlanActor = PlanActor::Reviewer(Authority::Mohrss);

    #[test]
    fn the_workflow_has_exactly_its_moves() {
        let moves = [
            (S::Draft, A::SubmitToMiit, S::SubmittedToMiit),
            (S::SubmittedToMiit, A::Approve, S::ApprovedByMiit),
            (S::ApprovedByMiit, A::SubmitToMohrss, S::SubmittedToMohrss),
            (S::SubmittedToMohrss, A::File, S::Filed),
            (S::SubmittedToMiit, A::Return, S::Returned),
            (S::SubmittedToMohrss, A::Return, S::Returned),
            (S::Returned, A::Revise, S::Draft),
            (S::Filed, A::Amend, S::Draft),
        ];
        for status in PlanStatus::ALL {
            for action in PlanAction::ALL {
                let expected = moves
                    .iter()
                    .find(|(f, a, _)| f == status && a == action)
                    .map(|(_, _, t)| *t);
                assert_eq!(next_status(*status, *action), expected, "{status} {action}");
            }
        }
    }

    #[test]
    fn staff_submit_revise_and_amend() {
        let ok = |s, a| decide_move(s, a, PlanActor::Staff, &MoveInput::default(), today());
        assert_eq!(
            ok(S::Draft, A::SubmitToMiit).map(|m| (m.to, m.authority, m.from_paper)),
            Ok((S::SubmittedToMiit, None, false))
        );
        assert_eq!(
            ok(S::ApprovedByMiit, A::SubmitToMohrss).map(|m| m.to),
            Ok(S::SubmittedToMohrss)
        );
        assert_eq!(ok(S::Returned, A::Revise).map(|m| m.to), Ok(S::Draft));
        assert_eq!(ok(S::Filed, A::Amend).map(|m| m.to), Ok(S::Draft));
    }

    #[test]
    fn reviewers_decide_only_their_own_stage() {
        let none = MoveInput::default();
        assert_eq!(
            decide_move(S::SubmittedToMiit, A::Approve, MIIT, &none, today()).map(|m| (
                m.to,
                m.authority,
                m.from_paper
            )),
            Ok((S::ApprovedByMiit, Some(Authority::Miit), false))
        );
        assert_eq!(
            decide_move(S::SubmittedToMohrss, A::File, MOHRSS, &none, today())
                .map(|m| (m.to, m.authority)),
            Ok((S::Filed, Some(Authority::Mohrss)))
        );
        assert_eq!(
            decide_move(S::SubmittedToMiit, A::Return, MIIT, &returned(), today()).map(|m| m.to),
            Ok(S::Returned)
        );
        assert_eq!(
            decide_move(
                S::SubmittedToMohrss,
                A::Return,
                MOHRSS,
                &returned(),
                today()
            )
            .map(|m| m.to),
            Ok(S::Returned)
        );
        // A MIIT reviewer cannot file, nor return a plan waiting for MOHRSS.
        assert_eq!(
            decide_move(S::SubmittedToMohrss, A::File, MIIT, &none, today()),
            Err(PlanMoveError::WrongAuthority {
                required: Authority::Mohrss,
                actual: Authority::Miit
            })
        );
        assert_eq!(
            decide_move(S::SubmittedToMohrss, A::Return, MIIT, &returned(), today()),
            Err(PlanMoveError::WrongAuthority {
                required: Authority::Mohrss,
                actual: Authority::Miit
            })
        );
        // A MOHRSS reviewer cannot approve the MIIT stage.
        assert_eq!(
            decide_move(S::SubmittedToMiit, A::Approve, MOHRSS, &none, today()),
            Err(PlanMoveError::WrongAuthority {
                required: Authority::Miit,
                actual: Authority::Mohrss
            })
        );
        // A provincial reviewer decides no plan stage.
        assert!(matches!(
            decide_move(
                S::SubmittedToMiit,
                A::Approve,
                PlanActor::Reviewer(Authority::ProvincialHr),
                &none,
                today()
            ),
            Err(PlanMoveError::WrongAuthority { .. })
        ));
    }

    #[test]
    fn reviewers_and_others_cannot_submit_revise_or_amend() {
        for action in [A::SubmitToMiit, A::SubmitToMohrss, A::Revise, A::Amend] {
            for actor in [MIIT, MOHRSS, PlanActor::Other] {
                for status in PlanStatus::ALL {
                    assert_eq!(
                        decide_move(*status, action, actor, &MoveInput::default(), today()),
                        Err(PlanMoveError::Forbidden),
                        "{action} {actor:?} {status}"
                    );
                }
            }
        }
        assert_eq!(
            decide_move(
                S::SubmittedToMiit,
                A::Approve,
                PlanActor::Other,
                &MoveInput::default(),
                today()
            ),
            Err(PlanMoveError::Forbidden)
        );
    }

    #[test]
    fn moves_missing_from_the_workflow_are_refused_naming_what_is_allowed() {
        for (status, action) in [
            (S::Draft, A::Approve),
            (S::Draft, A::SubmitToMohrss),
            (S::SubmittedToMiit, A::SubmitToMiit),
            (S::ApprovedByMiit, A::File),
            (S::ApprovedByMiit, A::Return),
            (S::Filed, A::Return),
            (S::Filed, A::File),
            (S::Returned, A::SubmitToMiit),
            (S::Draft, A::Amend),
        ] {
            let err = decide_move(status, action, PlanActor::Staff, &paper(), today());
            assert_eq!(
                err,
                Err(PlanMoveError::NotAllowed {
                    status,
                    allowed: allowed_actions(status, PlanActor::Staff)
                }),
                "{status} {action}"
            );
        }
        assert_eq!(
            allowed_actions(S::SubmittedToMiit, PlanActor::Staff),
            vec![A::Approve, A::Return]
        );
        assert_eq!(
            allowed_actions(S::SubmittedToMiit, MIIT),
            vec![A::Approve, A::Return]
        );
        assert!(allowed_actions(S::SubmittedToMiit, MOHRSS).is_empty());
        assert_eq!(
            allowed_actions(S::SubmittedToMohrss, MOHRSS),
            vec![A::File, A::Return]
        );
        assert!(allowed_actions(S::Draft, MIIT).is_empty());
        assert!(allowed_actions(S::Draft, PlanActor::Other).is_empty());
    }

    #[test]
    fn staff_record_paper_replies_with_document_number_and_date() {
        let m = decide_move(
            S::SubmittedToMiit,
            A::Approve,
            PlanActor::Staff,
            &paper(),
            today(),
        )
        .expect("accepted");
        assert!(m.from_paper);
        assert_eq!(m.authority, Some(Authority::Miit));
        assert_eq!(
            m.document_number.as_ref().map(|t| t.as_ref().to_owned()),
            Some("工信人函〔2025〕12号".to_owned())
        );
        let Err(PlanMoveError::Invalid(errors)) = decide_move(
            S::SubmittedToMohrss,
            A::File,
            PlanActor::Staff,
            &MoveInput::default(),
            today(),
        ) else {
            panic!("refused");
        };
        let fields: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![("document_number", "required"), ("reply_date", "required")]
        );
        let future = MoveInput {
            reply_date: Some(NaiveDate::from_ymd_opt(2025, 12, 6).expect("date")),
            ..paper()
        };
        assert!(matches!(
            decide_move(S::SubmittedToMohrss, A::File, PlanActor::Staff, &future, today()),
            Err(PlanMoveError::Invalid(e)) if e[0].field == "reply_date" && e[0].code == "in_future"
        ));
    }

    #[test]
    fn returns_need_comments_and_reviewers_give_no_reply_date_or_scan() {
        assert!(matches!(
            decide_move(S::SubmittedToMiit, A::Return, MIIT, &MoveInput::default(), today()),
            Err(PlanMoveError::Invalid(e)) if e[0].field == "comments" && e[0].code == "required"
        ));
        assert!(matches!(
            decide_move(S::SubmittedToMiit, A::Approve, MIIT, &paper(), today()),
            Err(PlanMoveError::Invalid(e)) if e.iter().any(|e| e.field == "reply_date" && e.code == "not_applicable")
                && e.iter().any(|e| e.field == "scan_id")
        ));
        let submission = MoveInput {
            document_number: Some("x".into()),
            ..MoveInput::default()
        };
        assert!(matches!(
            decide_move(S::Draft, A::SubmitToMiit, PlanActor::Staff, &submission, today()),
            Err(PlanMoveError::Invalid(e)) if e[0].field == "document_number"
        ));
    }
}
