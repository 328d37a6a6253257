//! The completion review of a class (结业审核, Art. 11): per active enrolment the sessions
//! attended against the class's minimum, whether the assessments were passed, and the outcome
//! with every rule not met (`GET /classes/{id}/completion`). While the class is in progress it
//! is a preview of what completing it now would store; completing asks for a confirmation that
//! states how many will complete. Afterwards it shows the stored outcomes, and for staff and
//! admin each completed trainee links to their learning record.

use cebase_domain::class::ClassStatus;
use cebase_domain::learning::CompletionFailure;
use cebase_domain::training::{CompletionDto, CompletionOutcome, CompletionRowDto};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api;
use crate::components::problem::ProblemView;
use crate::i18n::{ClassKey, I18n, Key, Lang, ScoreKey, use_i18n};
use crate::time::format_shanghai;

/// One rule not met, in the current language.
pub fn failure_text(i18n: &I18n, failure: &CompletionFailure) -> String {
    match (failure, i18n.lang()) {
        (
            CompletionFailure::Attendance {
                attended,
                sessions,
                required_percent,
            },
            Lang::Zh,
        ) => format!("出勤不足：{attended}/{sessions} 课次，要求不低于 {required_percent}%"),
        (
            CompletionFailure::Attendance {
                attended,
                sessions,
                required_percent,
            },
            Lang::En,
        ) => format!(
            "Attendance too low: {attended} of {sessions} sessions, at least {required_percent} % required"
        ),
        (CompletionFailure::AssessmentNotPassed, _) => {
            i18n.t(ScoreKey::FailureAssessmentNotPassed).to_owned()
        }
        (CompletionFailure::AssessmentMissing, _) => {
            i18n.t(ScoreKey::FailureAssessmentMissing).to_owned()
        }
    }
}

fn outcome_badge(i18n: &I18n, stored: bool, outcome: CompletionOutcome) -> (&'static str, String) {
    let key = match (stored, outcome) {
        (false, CompletionOutcome::Completed) => ScoreKey::WillComplete,
        (false, CompletionOutcome::NotCompleted) => ScoreKey::WillNotComplete,
        (true, CompletionOutcome::Completed) => ScoreKey::OutcomeCompleted,
        (true, CompletionOutcome::NotCompleted) => ScoreKey::OutcomeNotCompleted,
    };
    let class = match outcome {
        CompletionOutcome::Completed => "badge badge-ok",
        CompletionOutcome::NotCompleted => "badge badge-bad",
    };
    (class, i18n.t(key).to_owned())
}

/// The review, reloaded when the class's status changes (completion stores the outcomes) and
/// when results were saved.
#[component]
pub fn CompletionReview(
    class_id: Uuid,
    status: Memo<ClassStatus>,
    /// Staff and admin: completed trainees link to their learning records.
    manages: bool,
    results_saved: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let review = LocalResource::new(move || {
        status.track();
        results_saved.track();
        reloads.track();
        api::get_completion(class_id)
    });
    view! {
        <div class="card" data-testid="completion-review">
            <h2>{i18n.tr(ScoreKey::CompletionReview)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    review
                        .get()
                        .map(|answer| match answer {
                            Ok(review) => view! { <Review review manages /> }.into_any(),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
            <Show when=move || status.get() == ClassStatus::InProgress>
                <button
                    type="button"
                    class="button-quiet small"
                    data-testid="completion-refresh"
                    on:click=move |_| reloads.update(|n| *n += 1)
                >
                    {i18n.tr(ScoreKey::Reevaluate)}
                </button>
            </Show>
        </div>
    }
}

#[component]
fn Review(review: CompletionDto, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let stored = review.stored;
    let rules = review.rules;
    let completing = review
        .rows
        .iter()
        .filter(|r| r.outcome == CompletionOutcome::Completed)
        .count();
    let total = review.rows.len();
    let rows = review
        .rows
        .into_iter()
        .map(|row| view! { <ReviewRow row stored manages /> })
        .collect_view();
    view! {
        <p class="muted small" data-testid="completion-rules">
            {move || match i18n.lang() {
                Lang::Zh => format!(
                    "结业要求：出勤不低于 {}%{}。",
                    rules.min_attendance_percent,
                    if rules.assessment_required { "，且全部考核合格" } else { "" },
                ),
                Lang::En => format!(
                    "Completion requires at least {} % attendance{}.",
                    rules.min_attendance_percent,
                    if rules.assessment_required { " and every assessment passed" } else { "" },
                ),
            }}
        </p>
        <p
            data-testid="completion-summary"
            data-stored=stored.to_string()
            data-completing=completing
            data-total=total
        >
            <strong>
                {move || if stored { i18n.t(ScoreKey::CompletionStored) } else { i18n.t(ScoreKey::CompletionPreview) }}
            </strong>
            " "
            {move || completion_count(&i18n, stored, completing, total)}
        </p>
        <div class="table-scroll">
            <table class="table" data-testid="completion-table">
                <thead>
                    <tr>
                        <th>{i18n.tr(Key::Person)}</th>
                        <th>{i18n.tr(ClassKey::Attended)}</th>
                        <th>{i18n.tr(ScoreKey::Assessments)}</th>
                        <th>{i18n.tr(ScoreKey::Outcome)}</th>
                        <th>{i18n.tr(ScoreKey::Reasons)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// `2 人中 1 人将结业` / `1 of 2 will complete`.
pub fn completion_count(i18n: &I18n, stored: bool, completing: usize, total: usize) -> String {
    match (i18n.lang(), stored) {
        (Lang::Zh, false) => format!("{total} 人中 {completing} 人将结业。"),
        (Lang::Zh, true) => format!("{total} 人中 {completing} 人已结业。"),
        (Lang::En, false) => format!("{completing} of {total} will complete."),
        (Lang::En, true) => format!("{completing} of {total} completed."),
    }
}

#[component]
fn ReviewRow(row: CompletionRowDto, stored: bool, manages: bool) -> impl IntoView {
    let i18n = use_i18n();
    let name = row.person_name.clone();
    let outcome = row.outcome;
    let failures = row.failures.clone();
    let passed = row.assessment_passed;
    let link = (stored && manages && outcome == CompletionOutcome::Completed).then(|| {
        view! {
            <A
                href=format!("/people/{}/record", row.person_id)
                attr:data-testid=format!("completion-record-{name}")
            >
                {i18n.tr(ScoreKey::OpenLearningRecord)}
            </A>
        }
    });
    view! {
        <tr data-testid=format!("completion-row-{name}")>
            <th scope="row">{name.clone()}</th>
            <td data-testid=format!("completion-attended-{name}")>
                {format!("{}/{}", row.attended, row.sessions)}
            </td>
            <td>
                {move || {
                    i18n.t(match passed {
                        Some(true) => ScoreKey::Passed,
                        Some(false) => ScoreKey::Failed,
                        None => ScoreKey::NoResult,
                    })
                }}
            </td>
            <td data-testid=format!("completion-outcome-{name}") data-outcome=outcome.to_string()>
                {move || {
                    let (class, text) = outcome_badge(&i18n, stored, outcome);
                    view! { <span class=class>{text}</span> }
                }}
                {row.evaluated_at.map(|at| view! { <div class="muted small">{format_shanghai(at)}</div> })}
            </td>
            <td data-testid=format!("completion-reasons-{name}")>
                {move || {
                    failures.iter().map(|f| failure_text(&i18n, f)).collect::<Vec<_>>().join("；")
                }}
                {link}
            </td>
        </tr>
    }
}

/// The confirmation before completing: what the review says now (how many complete) and that
/// it cannot be undone. `on_confirm` runs the transition.
#[component]
pub fn CompleteConfirm(
    class_id: Uuid,
    pending: Signal<bool>,
    on_confirm: Callback<()>,
    on_back: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let preview = LocalResource::new(move || api::get_completion(class_id));
    view! {
        <div class="card form cancel-prompt" data-testid="class-complete-prompt">
            <p>{i18n.tr(ScoreKey::CompleteConfirmText)}</p>
            <p data-testid="class-complete-summary">
                {move || {
                    preview
                        .get()
                        .and_then(Result::ok)
                        .map(|review| {
                            let completing = review
                                .rows
                                .iter()
                                .filter(|r| r.outcome == CompletionOutcome::Completed)
                                .count();
                            completion_count(&i18n, false, completing, review.rows.len())
                        })
                }}
            </p>
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid="class-complete-confirm"
                    disabled=move || pending.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {i18n.tr(ScoreKey::ConfirmComplete)}
                </button>
                <button type="button" on:click=move |_| on_back.run(())>
                    {i18n.tr(Key::Back)}
                </button>
            </div>
        </div>
    }
}
