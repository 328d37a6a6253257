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

use super::PlanDeadlines;
use crate::review::{Decider, Party, Texts, Workflow, decider, party};
use crate::text_enum::text_enum;
use crate::{Authority, FieldError};
use PlanAction as A;
use PlanStatus as S;

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
        match decider::<PlanReview>(self) {
            Some(Decider::Authority(a)) => Some(a),
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
        party::<PlanReview>(self) == Party::Decider
    }

    /// Whether the action submits the plan (and so stores an immutable snapshot).
    pub fn is_submission(self) -> bool {
        PlanReview::SNAPSHOTS.contains(&self)
    }
}

/// The plan's review (Art. 8) as a table of the review engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanReview;

/// What a plan's move looks at besides its state: the plan's year and items, and the
/// configured deadlines (lateness).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanFacts {
    pub year: i32,
    pub item_count: usize,
    pub deadlines: PlanDeadlines,
}

impl Workflow for PlanReview {
    type State = PlanStatus;
    type Action = PlanAction;
    type Facts = PlanFacts;

    const STATES: &'static [PlanStatus] = PlanStatus::ALL;
    const ACTIONS: &'static [PlanAction] = PlanAction::ALL;
    const MOVES: &'static [(PlanStatus, PlanAction, PlanStatus)] = &[
        (S::Draft, A::SubmitToMiit, S::SubmittedToMiit),
        (S::SubmittedToMiit, A::Approve, S::ApprovedByMiit),
        (S::ApprovedByMiit, A::SubmitToMohrss, S::SubmittedToMohrss),
        (S::SubmittedToMohrss, A::File, S::Filed),
        (S::SubmittedToMiit, A::Return, S::Returned),
        (S::SubmittedToMohrss, A::Return, S::Returned),
        (S::Returned, A::Revise, S::Draft),
        (S::Filed, A::Amend, S::Draft),
    ];
    const DECISIONS: &'static [PlanAction] = &[A::Approve, A::File, A::Return];
    const RETURNS: &'static [PlanAction] = &[A::Return];
    const SNAPSHOTS: &'static [PlanAction] = &[A::SubmitToMiit, A::SubmitToMohrss];
    const DECIDERS: &'static [(PlanStatus, Decider)] = &[
        (S::SubmittedToMiit, Decider::Authority(Authority::Miit)),
        (S::SubmittedToMohrss, Decider::Authority(Authority::Mohrss)),
    ];
    const TEXTS: Texts = Texts {
        the_subject: "the plan",
        subject: "a plan",
        decider: "an authority",
        article: "Art. 8",
        forbidden: "your role does not allow this action on a plan: staff submit, revise and amend; reviewers decide their authority's stage",
        decided_by: "this stage is decided by",
    };

    fn precondition(action: PlanAction, facts: &PlanFacts) -> Vec<FieldError> {
        if action.is_submission() && facts.item_count == 0 {
            vec![FieldError::new(
                "items",
                "required",
                "a plan is submitted with at least one item (Art. 8)",
            )]
        } else {
            Vec::new()
        }
    }

    fn late(action: PlanAction, facts: &PlanFacts, on: NaiveDate) -> bool {
        facts.deadlines.is_late(action, facts.year, on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::testing::assert_moves;
    use crate::review::{self, Actor, Move, MoveInput, Refusal, decide, decided_by};

    type PlanActor = Actor;
    type PlanMoveError = Refusal<PlanReview>;

    /// A plan of 2026 with one item, under the default deadlines (MIIT before 10 December,
    /// MOHRSS before 31 December of 2025).
    fn facts() -> PlanFacts {
        PlanFacts {
            year: 2026,
            item_count: 1,
            deadlines: PlanDeadlines::default(),
        }
    }

    fn decide_move(
        status: PlanStatus,
        action: PlanAction,
        actor: Actor,
        input: &MoveInput,
        today: NaiveDate,
    ) -> Result<Move<PlanReview>, PlanMoveError> {
        decide::<PlanReview>(status, action, actor, input, &facts(), today)
    }

    fn allowed_actions(status: PlanStatus, actor: Actor) -> Vec<PlanAction> {
        review::allowed_actions::<PlanReview>(status, actor)
    }

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

    const MIIT: PlanActor = Actor::Reviewer(Authority::Miit);
    const MOHRSS: PlanActor = PlanActor::Reviewer(Authority::Mohrss);

    #[test]
    fn the_workflow_has_exactly_its_moves() {
        assert_moves::<PlanReview>(&[
            (S::Draft, A::SubmitToMiit, S::SubmittedToMiit),
            (S::SubmittedToMiit, A::Approve, S::ApprovedByMiit),
            (S::ApprovedByMiit, A::SubmitToMohrss, S::SubmittedToMohrss),
            (S::SubmittedToMohrss, A::File, S::Filed),
            (S::SubmittedToMiit, A::Return, S::Returned),
            (S::SubmittedToMohrss, A::Return, S::Returned),
            (S::Returned, A::Revise, S::Draft),
            (S::Filed, A::Amend, S::Draft),
        ]);
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

    #[test]
    fn a_plan_is_submitted_with_items_and_late_steps_are_marked() {
        let empty = PlanFacts {
            item_count: 0,
            ..facts()
        };
        for (status, action) in [
            (S::Draft, A::SubmitToMiit),
            (S::ApprovedByMiit, A::SubmitToMohrss),
        ] {
            assert!(matches!(
                decide::<PlanReview>(status, action, PlanActor::Staff, &MoveInput::default(), &empty, today()),
                Err(PlanMoveError::Invalid(e)) if e.len() == 1 && e[0].field == "items" && e[0].code == "required"
            ));
        }
        // Decisions and revisions do not look at the items.
        assert!(
            decide::<PlanReview>(
                S::Returned,
                A::Revise,
                PlanActor::Staff,
                &MoveInput::default(),
                &empty,
                today()
            )
            .is_ok()
        );
        // The MIIT deadline of the 2026 plan is 2025-12-10: before it on time, from it late.
        let on = |d| {
            decide_move(
                S::Draft,
                A::SubmitToMiit,
                PlanActor::Staff,
                &MoveInput::default(),
                NaiveDate::from_ymd_opt(2025, 12, d).expect("date"),
            )
            .map(|m| (m.late, m.snapshot))
        };
        assert_eq!(on(9), Ok((false, true)));
        assert_eq!(on(10), Ok((true, true)));
        // A paper decision counts on its reply date, not on the day staff record it.
        let filed = decide_move(
            S::SubmittedToMohrss,
            A::File,
            PlanActor::Staff,
            &paper(),
            NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"),
        )
        .expect("accepted");
        assert!(!filed.late && !filed.snapshot);
        assert!(
            decide_move(
                S::SubmittedToMohrss,
                A::File,
                MOHRSS,
                &MoveInput::default(),
                NaiveDate::from_ymd_opt(2026, 1, 5).expect("date")
            )
            .expect("accepted")
            .late
        );
    }

    #[test]
    fn each_authority_decides_its_own_stage_and_refusals_carry_their_codes() {
        assert_eq!(
            decided_by::<PlanReview>(Authority::Miit),
            vec![S::SubmittedToMiit]
        );
        assert_eq!(
            decided_by::<PlanReview>(Authority::Mohrss),
            vec![S::SubmittedToMohrss]
        );
        assert!(decided_by::<PlanReview>(Authority::ProvincialHr).is_empty());
        assert_eq!(
            S::SubmittedToMohrss.deciding_authority(),
            Some(Authority::Mohrss)
        );
        assert_eq!(S::ApprovedByMiit.deciding_authority(), None);
        let wrong = decide_move(
            S::SubmittedToMohrss,
            A::File,
            MIIT,
            &MoveInput::default(),
            today(),
        )
        .expect_err("refused");
        assert_eq!(wrong.code(), crate::ProblemCode::WrongAuthority);
        assert_eq!(
            wrong.detail(),
            "this stage is decided by MOHRSS (人力资源社会保障部专业技术人员管理司); your reviewer account is scoped to MIIT (工业和信息化部人事教育司) (Art. 8)"
        );
        let not_allowed = decide_move(S::Draft, A::File, PlanActor::Staff, &paper(), today())
            .expect_err("refused");
        assert_eq!(not_allowed.code(), crate::ProblemCode::TransitionNotAllowed);
        assert_eq!(
            not_allowed.detail(),
            "the plan is draft; allowed actions for you now: submit_to_miit"
        );
        assert_eq!(
            decide_move(S::Draft, A::Approve, MIIT, &MoveInput::default(), today())
                .expect_err("refused")
                .code(),
            crate::ProblemCode::TransitionNotAllowed
        );
        assert_eq!(
            decide_move(
                S::Draft,
                A::Revise,
                PlanActor::Finance,
                &MoveInput::default(),
                today()
            ),
            Err(PlanMoveError::Forbidden)
        );
    }
}
