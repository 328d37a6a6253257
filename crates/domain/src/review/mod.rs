//! One review engine for every document the base submits to someone who decides on it: the
//! annual plan (Art. 8: MIIT, then MOHRSS), the class summary report (Art. 18: the provincial HR
//! department) — and, by the same table, an expense that finance approves.
//!
//! A [`Workflow`] is a table: its states and actions, which move each action makes, who takes it
//! (the base's staff, or whoever decides the state it leaves — an authority or finance), which
//! moves return the document (comments required), which store a snapshot, the preconditions of
//! a move and when it is late. [`decide`] applies any table to one request and answers the
//! accepted [`Move`] or a typed [`Refusal`] (with its [`ProblemCode`]); [`allowed_actions`] is what
//! a caller may do now; [`decided_by`] the states an authority decides (a reviewer reads what
//! reached one of them). Staff may record an authority's decision from its paper reply (文号 and
//! date, [`reply`]); an internal decider (finance) decides in the system only.

pub mod reply;

use std::fmt::{Debug, Display};
use std::str::FromStr;

use chrono::NaiveDate;

use crate::master::Text;
use crate::{Authority, FieldError, ProblemCode};
use reply::{ReplyInput, ReplyRules, check_reply};

/// Who takes an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    /// The base's staff (and admin), who prepare, submit and revise.
    Staff,
    /// Whoever decides the state the action leaves ([`Workflow::decider`]); staff may record an
    /// external authority's decision from its paper reply.
    Decider,
}

/// Who decides a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decider {
    /// An external authority, through a reviewer scoped to it or a paper reply staff record.
    Authority(Authority),
    /// The base's finance staff, in the system only.
    Finance,
}

/// Who asks for a move, as a workflow sees the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    /// Staff or admin of the base.
    Staff,
    /// A reviewer scoped to one authority.
    Reviewer(Authority),
    /// Finance staff (decides where the table says finance decides).
    Finance,
    /// Anyone else: may not act.
    Other,
}

/// The words a workflow's refusals are written with.
#[derive(Debug, Clone, Copy)]
pub struct Texts {
    /// "the plan": "the plan is draft; allowed actions for you now: …".
    pub the_subject: &'static str,
    /// "a plan": "an authority returns a plan with its comments".
    pub subject: &'static str,
    /// Who decides, for reply messages: "an authority".
    pub decider: &'static str,
    /// The article the rules come from: "Art. 8".
    pub article: &'static str,
    /// The detail of a refusal by role.
    pub forbidden: &'static str,
    /// "this stage is decided by": followed by the deciding authority's name.
    pub decided_by: &'static str,
}

/// One review workflow as a table: its moves, which actions the deciders take, which return or
/// snapshot, who decides which state; preconditions and lateness are the table's rules over the
/// document's facts.
pub trait Workflow: Sized + 'static {
    type State: Copy + Eq + Debug + Display + FromStr + 'static;
    type Action: Copy + Eq + Debug + Display + FromStr + 'static;
    /// What preconditions and lateness look at, taken when the move is asked for.
    type Facts: ?Sized;

    const STATES: &'static [Self::State];
    const ACTIONS: &'static [Self::Action];
    /// Every move of the workflow: from, action, to.
    const MOVES: &'static [(Self::State, Self::Action, Self::State)];
    /// The actions the decider of the state takes ([`Party::Decider`]); the others are staff's.
    const DECISIONS: &'static [Self::Action];
    /// The actions that return the document to its authors (comments required).
    const RETURNS: &'static [Self::Action];
    /// The actions that store an immutable snapshot of what was submitted.
    const SNAPSHOTS: &'static [Self::Action];
    /// Who decides the states that wait for a decision.
    const DECIDERS: &'static [(Self::State, Decider)];
    const TEXTS: Texts;

    /// What the document lacks for `action` (each failure naming its field).
    fn precondition(_action: Self::Action, _facts: &Self::Facts) -> Vec<FieldError> {
        Vec::new()
    }
    /// Whether `action` taken on local date `on` is late.
    fn late(_action: Self::Action, _facts: &Self::Facts, _on: NaiveDate) -> bool {
        false
    }
}

/// The state `action` leads to from `from`, if the table has that move.
pub fn next<W: Workflow>(from: W::State, action: W::Action) -> Option<W::State> {
    W::MOVES
        .iter()
        .find(|(f, a, _)| *f == from && *a == action)
        .map(|(_, _, to)| *to)
}

/// Who takes `action`.
pub fn party<W: Workflow>(action: W::Action) -> Party {
    if W::DECISIONS.contains(&action) {
        Party::Decider
    } else {
        Party::Staff
    }
}

/// Who decides a document in `state`, if it waits for a decision.
pub fn decider<W: Workflow>(state: W::State) -> Option<Decider> {
    W::DECIDERS
        .iter()
        .find(|(s, _)| *s == state)
        .map(|(_, d)| *d)
}

/// The body of a move as it arrives, before checking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MoveInput {
    pub comments: Option<String>,
    pub document_number: Option<String>,
    pub reply_date: Option<NaiveDate>,
    /// An uploaded scan of the paper reply is attached.
    pub scan_attached: bool,
}

/// An accepted move.
#[derive(Debug, Clone, PartialEq)]
pub struct Move<W: Workflow> {
    pub action: W::Action,
    pub from: W::State,
    pub to: W::State,
    /// The authority whose decision this is (decisions of an authority only).
    pub authority: Option<Authority>,
    /// Staff recorded the authority's decision from its paper reply.
    pub from_paper: bool,
    /// Taken on or after its deadline (a paper decision counts on its reply date).
    pub late: bool,
    /// The move stores a snapshot of what was submitted.
    pub snapshot: bool,
    pub comments: Option<Text>,
    /// 文号 of the paper reply (required when recorded from paper).
    pub document_number: Option<Text>,
    /// Date of the paper reply (only when recorded from paper).
    pub reply_date: Option<NaiveDate>,
}

/// Why a move was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal<W: Workflow> {
    /// The caller's role may not take this action at all (403 `forbidden`).
    Forbidden,
    /// The table has no such move from the document's state (409 `transition_not_allowed`).
    NotAllowed {
        status: W::State,
        allowed: Vec<W::Action>,
    },
    /// A reviewer of another authority than the one deciding this state (403 `wrong_authority`).
    WrongAuthority {
        required: Authority,
        actual: Authority,
    },
    /// The body broke rules, or the document lacks what the move needs (422).
    Invalid(Vec<FieldError>),
}

impl<W: Workflow> Refusal<W> {
    pub fn code(&self) -> ProblemCode {
        match self {
            Refusal::Forbidden => ProblemCode::Forbidden,
            Refusal::NotAllowed { .. } => ProblemCode::TransitionNotAllowed,
            Refusal::WrongAuthority { .. } => ProblemCode::WrongAuthority,
            Refusal::Invalid(_) => ProblemCode::ValidationFailed,
        }
    }

    /// The refusal in a sentence (the field errors of `Invalid` are carried beside it).
    pub fn detail(&self) -> String {
        let t = W::TEXTS;
        match self {
            Refusal::Forbidden => t.forbidden.to_owned(),
            Refusal::NotAllowed { status, allowed } => format!(
                "{} is {status}; allowed actions for you now: {}",
                t.the_subject,
                if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
            Refusal::WrongAuthority { required, actual } => format!(
                "{} {}; your reviewer account is scoped to {} ({})",
                t.decided_by,
                authority_name(*required),
                authority_name(*actual),
                t.article
            ),
            Refusal::Invalid(_) => "validation failed".to_owned(),
        }
    }
}

/// The Chinese and English names of an authority, for messages.
pub fn authority_name(authority: Authority) -> &'static str {
    match authority {
        Authority::Miit => "MIIT (工业和信息化部人事教育司)",
        Authority::Mohrss => "MOHRSS (人力资源社会保障部专业技术人员管理司)",
        Authority::ProvincialHr => "the provincial HR department (省人力资源社会保障厅)",
    }
}

/// Whether `actor` may take `action` from `state` by role and authority, given the table has it.
fn permitted<W: Workflow>(state: W::State, action: W::Action, actor: Actor) -> bool {
    match (actor, party::<W>(action), decider::<W>(state)) {
        (Actor::Other, _, _) => false,
        (Actor::Staff, Party::Staff, _) => true,
        (Actor::Staff, Party::Decider, Some(Decider::Authority(_))) => true,
        (Actor::Reviewer(a), Party::Decider, Some(Decider::Authority(d))) => a == d,
        (Actor::Finance, Party::Decider, Some(Decider::Finance)) => true,
        _ => false,
    }
}

/// The actions `actor` may take on a document in `state` (what the SPA offers as buttons).
pub fn allowed_actions<W: Workflow>(state: W::State, actor: Actor) -> Vec<W::Action> {
    W::ACTIONS
        .iter()
        .copied()
        .filter(|a| next::<W>(state, *a).is_some() && permitted::<W>(state, *a, actor))
        .collect()
}

/// The states in which `authority` decides (a reviewer of it reads the documents that reached
/// one of them).
pub fn decided_by<W: Workflow>(authority: Authority) -> Vec<W::State> {
    W::STATES
        .iter()
        .copied()
        .filter(|s| decider::<W>(*s) == Some(Decider::Authority(authority)))
        .collect()
}

/// Whether `actor`'s role may take `action` at all, whatever the document: staff actions are
/// staff's, and only staff, reviewers and finance act. Known without reading the document, so
/// the API answers it before looking the document up (a refusal then reveals nothing of it).
pub fn may_take<W: Workflow>(action: W::Action, actor: Actor) -> Result<(), Refusal<W>> {
    match (actor, party::<W>(action)) {
        (Actor::Other, _) | (Actor::Reviewer(_) | Actor::Finance, Party::Staff) => {
            Err(Refusal::Forbidden)
        }
        _ => Ok(()),
    }
}

/// Decides whether `actor` may take `action` on a document in `state`, checking the body, the
/// document's `facts` (preconditions, lateness) and, for a paper reply, its date against `today`
/// (the base's local date).
pub fn decide<W: Workflow>(
    state: W::State,
    action: W::Action,
    actor: Actor,
    input: &MoveInput,
    facts: &W::Facts,
    today: NaiveDate,
) -> Result<Move<W>, Refusal<W>> {
    may_take::<W>(action, actor)?;
    let party = party::<W>(action);
    let to = next::<W>(state, action).ok_or_else(|| Refusal::NotAllowed {
        status: state,
        allowed: allowed_actions::<W>(state, actor),
    })?;
    let decider = match party {
        Party::Decider => decider::<W>(state),
        Party::Staff => None,
    };
    let authority = match decider {
        Some(Decider::Authority(a)) => Some(a),
        _ => None,
    };
    match (actor, decider) {
        (Actor::Reviewer(actual), Some(Decider::Authority(required))) if actual != required => {
            return Err(Refusal::WrongAuthority { required, actual });
        }
        (Actor::Reviewer(_), Some(Decider::Finance))
        | (Actor::Staff, Some(Decider::Finance))
        | (Actor::Finance, Some(Decider::Authority(_))) => return Err(Refusal::Forbidden),
        _ => {}
    }
    let from_paper = actor == Actor::Staff && authority.is_some();
    let t = W::TEXTS;
    let reply = check_reply(
        ReplyInput {
            comments: input.comments.as_deref(),
            document_number: input.document_number.as_deref(),
            reply_date: input.reply_date,
            scan_attached: input.scan_attached,
        },
        ReplyRules {
            decision: party == Party::Decider,
            returning: W::RETURNS.contains(&action),
            from_paper,
            decider: t.decider,
            subject: t.subject,
            article: t.article,
        },
        today,
    )
    .map_err(Refusal::Invalid)?;
    let missing = W::precondition(action, facts);
    if !missing.is_empty() {
        return Err(Refusal::Invalid(missing));
    }
    Ok(Move {
        action,
        from: state,
        to,
        authority,
        from_paper,
        late: W::late(action, facts, reply.reply_date.unwrap_or(today)),
        snapshot: W::SNAPSHOTS.contains(&action),
        comments: reply.comments,
        document_number: reply.document_number,
        reply_date: reply.reply_date,
    })
}

#[cfg(test)]
mod expense;

/// Test helpers every table's tests share.
#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// Asserts that `W` has exactly `moves` and no other, for every state and action.
    pub(crate) fn assert_moves<W: Workflow>(moves: &[(W::State, W::Action, W::State)]) {
        for status in W::STATES {
            for action in W::ACTIONS {
                let expected = moves
                    .iter()
                    .find(|(f, a, _)| f == status && a == action)
                    .map(|(_, _, t)| *t);
                assert_eq!(next::<W>(*status, *action), expected, "{status} {action}");
            }
        }
    }
}
