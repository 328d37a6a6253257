//! The review of a class summary report (Art. 18) as a table of the review engine:
//! `draft → submitted → filed` with the provincial HR department (省人力资源社会保障厅), or
//! `submitted → returned` (with comments), which staff `revise` into a `draft` again. Staff submit
//! and revise, and may record the department's decision from its paper reply; a reviewer scoped
//! to the department decides in the system. A submission needs the whole narrative and freezes
//! the figures.

use serde::{Deserialize, Serialize};

use super::Narrative;
use crate::review::{Decider, Party, Texts, Workflow, party};
use crate::text_enum::text_enum;
use crate::{Authority, FieldError};
use ReportAction as A;
use ReportStatus as S;

/// Where a class report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    /// Being written; the narrative may change.
    Draft,
    /// Waiting for the provincial HR department; the figures are frozen.
    Submitted,
    /// Filed (备案) by the provincial HR department; the class is `reported`.
    Filed,
    /// Returned with comments; staff revise it into a draft.
    Returned,
}

text_enum!(ReportStatus {
    Draft => "draft",
    Submitted => "submitted",
    Filed => "filed",
    Returned => "returned",
});

/// What `POST /class-reports/{id}/transitions` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportAction {
    /// `draft → submitted` (staff): computes and freezes the figures.
    Submit,
    /// `submitted → filed` (provincial reviewer, or staff from a paper reply): the class
    /// becomes `reported` in the same transaction.
    File,
    /// `submitted → returned` with comments (provincial reviewer, or staff from a paper reply).
    Return,
    /// `returned → draft` (staff).
    Revise,
}

text_enum!(ReportAction {
    Submit => "submit",
    File => "file",
    Return => "return",
    Revise => "revise",
});

impl ReportAction {
    /// Whether the action is the provincial HR department's decision.
    pub fn is_decision(self) -> bool {
        party::<ReportReview>(self) == Party::Decider
    }
}

/// The authority that files class summary reports (Art. 18).
pub const REPORT_AUTHORITY: Authority = Authority::ProvincialHr;

/// The class report's review (Art. 18) as a table of the review engine; its facts are the
/// report's narrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportReview;

impl Workflow for ReportReview {
    type State = ReportStatus;
    type Action = ReportAction;
    type Facts = Narrative;

    const STATES: &'static [ReportStatus] = ReportStatus::ALL;
    const ACTIONS: &'static [ReportAction] = ReportAction::ALL;
    const MOVES: &'static [(ReportStatus, ReportAction, ReportStatus)] = &[
        (S::Draft, A::Submit, S::Submitted),
        (S::Submitted, A::File, S::Filed),
        (S::Submitted, A::Return, S::Returned),
        (S::Returned, A::Revise, S::Draft),
    ];
    const DECISIONS: &'static [ReportAction] = &[A::File, A::Return];
    const RETURNS: &'static [ReportAction] = &[A::Return];
    const SNAPSHOTS: &'static [ReportAction] = &[A::Submit];
    const DECIDERS: &'static [(ReportStatus, Decider)] =
        &[(S::Submitted, Decider::Authority(REPORT_AUTHORITY))];
    const TEXTS: Texts = Texts {
        the_subject: "the report",
        subject: "a report",
        decider: "the provincial HR department",
        article: "Art. 18",
        forbidden: "your role does not allow this action on a class report: staff submit and revise; the provincial HR department files or returns",
        decided_by: "class summary reports are filed by",
    };

    fn precondition(action: ReportAction, narrative: &Narrative) -> Vec<FieldError> {
        if action == ReportAction::Submit {
            narrative.missing_for_submission()
        } else {
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::review::testing::assert_moves;
    use crate::review::{self, Actor, Move, MoveInput, Refusal, decide};

    type ReportActor = Actor;
    type ReportMoveInput = MoveInput;
    type ReportMoveError = Refusal<ReportReview>;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn complete() -> Narrative {
        Narrative::parse(Some("分析"), Some("经验"), Some("改进")).expect("parses")
    }

    fn decide_report_move(
        status: ReportStatus,
        action: ReportAction,
        actor: Actor,
        input: &MoveInput,
        today: NaiveDate,
    ) -> Result<Move<ReportReview>, ReportMoveError> {
        decide::<ReportReview>(status, action, actor, input, &complete(), today)
    }

    fn allowed_report_actions(status: ReportStatus, actor: Actor) -> Vec<ReportAction> {
        review::allowed_actions::<ReportReview>(status, actor)
    }

    const PROVINCE: ReportActor = Actor::Reviewer(Authority::ProvincialHr);

    fn paper() -> ReportMoveInput {
        ReportMoveInput {
            comments: None,
            document_number: Some("省人社厅函〔2026〕8号".into()),
            reply_date: Some(d(2026, 4, 1)),
            scan_attached: false,
        }
    }

    #[test]
    fn the_workflow_has_exactly_its_moves() {
        assert_moves::<ReportReview>(&[
            (S::Draft, A::Submit, S::Submitted),
            (S::Submitted, A::File, S::Filed),
            (S::Submitted, A::Return, S::Returned),
            (S::Returned, A::Revise, S::Draft),
        ]);
    }

    #[test]
    fn staff_submit_and_revise_the_province_files_and_returns() {
        let today = d(2026, 4, 2);
        let none = ReportMoveInput::default();
        assert_eq!(
            decide_report_move(S::Draft, A::Submit, ReportActor::Staff, &none, today)
                .map(|m| (m.to, m.authority)),
            Ok((S::Submitted, None))
        );
        assert_eq!(
            decide_report_move(S::Submitted, A::File, PROVINCE, &none, today).map(|m| (
                m.to,
                m.authority,
                m.from_paper
            )),
            Ok((S::Filed, Some(Authority::ProvincialHr), false))
        );
        let returned = ReportMoveInput {
            comments: Some("请补充经费使用情况".into()),
            ..ReportMoveInput::default()
        };
        assert_eq!(
            decide_report_move(S::Submitted, A::Return, PROVINCE, &returned, today).map(|m| m.to),
            Ok(S::Returned)
        );
        assert!(matches!(
            decide_report_move(S::Submitted, A::Return, PROVINCE, &none, today),
            Err(ReportMoveError::Invalid(e)) if e[0].field == "comments"
        ));
        assert_eq!(
            decide_report_move(S::Returned, A::Revise, ReportActor::Staff, &none, today)
                .map(|m| m.to),
            Ok(S::Draft)
        );
    }

    #[test]
    fn other_authorities_and_roles_are_refused() {
        let today = d(2026, 4, 2);
        let none = ReportMoveInput::default();
        for authority in [Authority::Miit, Authority::Mohrss] {
            assert_eq!(
                decide_report_move(
                    S::Submitted,
                    A::File,
                    Actor::Reviewer(authority),
                    &none,
                    today
                ),
                Err(ReportMoveError::WrongAuthority {
                    required: Authority::ProvincialHr,
                    actual: authority
                })
            );
            assert!(allowed_report_actions(S::Submitted, Actor::Reviewer(authority)).is_empty());
        }
        for action in [A::Submit, A::Revise] {
            assert_eq!(
                decide_report_move(S::Draft, action, PROVINCE, &none, today),
                Err(ReportMoveError::Forbidden)
            );
        }
        assert_eq!(
            decide_report_move(S::Submitted, A::File, ReportActor::Other, &none, today),
            Err(ReportMoveError::Forbidden)
        );
        assert_eq!(
            decide_report_move(S::Filed, A::Return, PROVINCE, &none, today),
            Err(ReportMoveError::NotAllowed {
                status: S::Filed,
                allowed: vec![]
            })
        );
        assert_eq!(
            decide_report_move(S::Draft, A::File, ReportActor::Staff, &paper(), today),
            Err(ReportMoveError::NotAllowed {
                status: S::Draft,
                allowed: vec![A::Submit]
            })
        );
        assert_eq!(
            allowed_report_actions(S::Submitted, PROVINCE),
            vec![A::File, A::Return]
        );
    }

    #[test]
    fn staff_record_paper_replies_with_number_and_date() {
        let today = d(2026, 4, 2);
        let m = decide_report_move(S::Submitted, A::File, ReportActor::Staff, &paper(), today)
            .expect("accepted");
        assert!(m.from_paper);
        assert_eq!(m.reply_date, Some(d(2026, 4, 1)));
        let Err(ReportMoveError::Invalid(errors)) = decide_report_move(
            S::Submitted,
            A::File,
            ReportActor::Staff,
            &ReportMoveInput::default(),
            today,
        ) else {
            panic!("refused");
        };
        let fields: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            vec![("document_number", "required"), ("reply_date", "required")]
        );
        let future = ReportMoveInput {
            reply_date: Some(d(2026, 4, 3)),
            ..paper()
        };
        assert!(matches!(
            decide_report_move(S::Submitted, A::File, ReportActor::Staff, &future, today),
            Err(ReportMoveError::Invalid(e)) if e[0].code == "in_future"
        ));
        assert!(matches!(
            decide_report_move(S::Submitted, A::File, PROVINCE, &paper(), today),
            Err(ReportMoveError::Invalid(e)) if e[0].field == "reply_date" && e[0].code == "not_applicable"
        ));
    }

    #[test]
    fn a_submission_needs_the_whole_narrative_and_stores_a_snapshot() {
        let today = d(2026, 4, 2);
        let partial = Narrative::parse(Some("分析"), None, None).expect("parses");
        let refused = decide::<ReportReview>(
            S::Draft,
            A::Submit,
            ReportActor::Staff,
            &MoveInput::default(),
            &partial,
            today,
        );
        let Err(ReportMoveError::Invalid(errors)) = refused else {
            panic!("refused");
        };
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["lessons", "improvements"]);
        // Only the submission looks at the narrative; nothing of a report is ever late.
        let m = decide::<ReportReview>(
            S::Submitted,
            A::File,
            PROVINCE,
            &MoveInput::default(),
            &partial,
            today,
        )
        .expect("accepted");
        assert!(!m.snapshot && !m.late);
        let submitted = decide_report_move(
            S::Draft,
            A::Submit,
            ReportActor::Staff,
            &MoveInput::default(),
            today,
        )
        .expect("accepted");
        assert!(submitted.snapshot);
        assert_eq!(
            review::decided_by::<ReportReview>(Authority::ProvincialHr),
            vec![S::Submitted]
        );
        assert!(review::decided_by::<ReportReview>(Authority::Miit).is_empty());
        let wrong = decide_report_move(
            S::Submitted,
            A::File,
            Actor::Reviewer(Authority::Mohrss),
            &MoveInput::default(),
            today,
        )
        .expect_err("refused");
        assert_eq!(
            wrong.detail(),
            "class summary reports are filed by the provincial HR department (省人力资源社会保障厅); your reviewer account is scoped to MOHRSS (人力资源社会保障部专业技术人员管理司) (Art. 18)"
        );
        assert_eq!(
            decide_report_move(S::Draft, A::Submit, PROVINCE, &MoveInput::default(), today)
                .expect_err("refused")
                .detail(),
            "your role does not allow this action on a class report: staff submit and revise; the provincial HR department files or returns"
        );
    }
}
