//! The funds issue's expense approval as a third table of the engine: drafted and submitted by
//! staff, approved or returned by finance, then paid by finance. It lives here, in a test, to
//! show that such a table compiles against [`Workflow`] and that [`decide`] applies it; the funds
//! module will own the real one.

use chrono::NaiveDate;

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExpenseStatus {
    Draft,
    Submitted,
    Approved,
    Returned,
    Paid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExpenseAction {
    Submit,
    Approve,
    Return,
    Revise,
    Pay,
}

crate::text_enum::text_enum!(ExpenseStatus {
    Draft => "draft",
    Submitted => "submitted",
    Approved => "approved",
    Returned => "returned",
    Paid => "paid",
});

crate::text_enum::text_enum!(ExpenseAction {
    Submit => "submit",
    Approve => "approve",
    Return => "return",
    Revise => "revise",
    Pay => "pay",
});

/// What an expense's preconditions look at.
struct ExpenseFacts {
    receipts: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ExpenseReview;

impl Workflow for ExpenseReview {
    type State = ExpenseStatus;
    type Action = ExpenseAction;
    type Facts = ExpenseFacts;

    const STATES: &'static [ExpenseStatus] = ExpenseStatus::ALL;
    const ACTIONS: &'static [ExpenseAction] = ExpenseAction::ALL;
    const MOVES: &'static [(ExpenseStatus, ExpenseAction, ExpenseStatus)] = &[
        (
            ExpenseStatus::Draft,
            ExpenseAction::Submit,
            ExpenseStatus::Submitted,
        ),
        (
            ExpenseStatus::Submitted,
            ExpenseAction::Approve,
            ExpenseStatus::Approved,
        ),
        (
            ExpenseStatus::Submitted,
            ExpenseAction::Return,
            ExpenseStatus::Returned,
        ),
        (
            ExpenseStatus::Returned,
            ExpenseAction::Revise,
            ExpenseStatus::Draft,
        ),
        (
            ExpenseStatus::Approved,
            ExpenseAction::Pay,
            ExpenseStatus::Paid,
        ),
    ];
    /// Finance approves, returns and pays; staff submit and revise.
    const DECISIONS: &'static [ExpenseAction] = &[
        ExpenseAction::Approve,
        ExpenseAction::Return,
        ExpenseAction::Pay,
    ];
    const RETURNS: &'static [ExpenseAction] = &[ExpenseAction::Return];
    const SNAPSHOTS: &'static [ExpenseAction] = &[ExpenseAction::Submit];
    /// An internal decider: finance decides in the system, no paper reply.
    const DECIDERS: &'static [(ExpenseStatus, Decider)] = &[
        (ExpenseStatus::Submitted, Decider::Finance),
        (ExpenseStatus::Approved, Decider::Finance),
    ];
    const TEXTS: Texts = Texts {
        the_subject: "the expense",
        subject: "an expense",
        decider: "finance",
        article: "funds rules",
        forbidden: "staff submit and revise expenses; finance approves, returns and pays them",
        decided_by: "this expense is decided by",
    };

    fn precondition(action: ExpenseAction, facts: &ExpenseFacts) -> Vec<FieldError> {
        if action == ExpenseAction::Submit && facts.receipts == 0 {
            vec![FieldError::new(
                "receipts",
                "required",
                "an expense is submitted with its receipts",
            )]
        } else {
            Vec::new()
        }
    }
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 4).expect("date")
}

const WITH_RECEIPTS: ExpenseFacts = ExpenseFacts { receipts: 2 };

#[test]
fn the_expense_table_has_exactly_its_moves() {
    testing::assert_moves::<ExpenseReview>(ExpenseReview::MOVES);
    assert_eq!(
        next::<ExpenseReview>(ExpenseStatus::Paid, ExpenseAction::Return),
        None
    );
}

#[test]
fn staff_draft_finance_approves_or_returns_then_pays() {
    use ExpenseAction as A;
    use ExpenseStatus as S;
    let none = MoveInput::default();
    let go = |s, a, actor| {
        decide::<ExpenseReview>(s, a, actor, &none, &WITH_RECEIPTS, today())
            .map(|m| (m.to, m.authority, m.from_paper, m.snapshot))
    };
    assert_eq!(
        go(S::Draft, A::Submit, Actor::Staff),
        Ok((S::Submitted, None, false, true))
    );
    assert_eq!(
        go(S::Submitted, A::Approve, Actor::Finance),
        Ok((S::Approved, None, false, false))
    );
    assert_eq!(
        go(S::Approved, A::Pay, Actor::Finance),
        Ok((S::Paid, None, false, false))
    );
    let back = MoveInput {
        comments: Some("缺少发票".into()),
        ..MoveInput::default()
    };
    assert_eq!(
        decide::<ExpenseReview>(
            S::Submitted,
            A::Return,
            Actor::Finance,
            &back,
            &WITH_RECEIPTS,
            today()
        )
        .map(|m| m.to),
        Ok(S::Returned)
    );
    assert_eq!(
        go(S::Returned, A::Revise, Actor::Staff).map(|m| m.0),
        Ok(S::Draft)
    );
}

#[test]
fn staff_cannot_approve_finance_cannot_submit_and_reviewers_do_nothing() {
    use ExpenseAction as A;
    use ExpenseStatus as S;
    let none = MoveInput::default();
    let go = |s, a, actor| decide::<ExpenseReview>(s, a, actor, &none, &WITH_RECEIPTS, today());
    // Finance is an internal decider: no paper reply for staff to record.
    assert_eq!(
        go(S::Submitted, A::Approve, Actor::Staff),
        Err(Refusal::Forbidden)
    );
    assert_eq!(
        go(S::Approved, A::Pay, Actor::Staff),
        Err(Refusal::Forbidden)
    );
    assert_eq!(
        go(S::Draft, A::Submit, Actor::Finance),
        Err(Refusal::Forbidden)
    );
    assert_eq!(
        go(S::Submitted, A::Approve, Actor::Reviewer(Authority::Mohrss)),
        Err(Refusal::Forbidden)
    );
    assert_eq!(
        go(S::Paid, A::Pay, Actor::Finance),
        Err(Refusal::NotAllowed {
            status: S::Paid,
            allowed: vec![]
        })
    );
    assert_eq!(
        allowed_actions::<ExpenseReview>(S::Submitted, Actor::Finance),
        vec![A::Approve, A::Return]
    );
    assert!(allowed_actions::<ExpenseReview>(S::Submitted, Actor::Staff).is_empty());
    assert!(decided_by::<ExpenseReview>(Authority::Mohrss).is_empty());
}

#[test]
fn an_expense_is_submitted_with_receipts() {
    let refused = decide::<ExpenseReview>(
        ExpenseStatus::Draft,
        ExpenseAction::Submit,
        Actor::Staff,
        &MoveInput::default(),
        &ExpenseFacts { receipts: 0 },
        today(),
    );
    assert!(matches!(refused, Err(Refusal::Invalid(e)) if e[0].field == "receipts"));
}
