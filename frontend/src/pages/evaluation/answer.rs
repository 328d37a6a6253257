//! The trainee's side: the questionnaire of each class they are enrolled in, answered once.

use cebase_domain::reports::{EvaluationRequest, QuestionnaireDto, RatingItem};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::optional_text;
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{EvaluationKey, TeacherKey, use_i18n};

use super::{ErrorsFor, item_label};

/// Under "my classes": for each class the trainee is enrolled in, the questionnaire — the form
/// while it takes answers, "answered" once given (`my-evaluations`).
#[component]
pub fn MyEvaluations(classes: Vec<(Uuid, String)>) -> impl IntoView {
    let i18n = use_i18n();
    if classes.is_empty() {
        return ().into_any();
    }
    view! {
        <h2>{i18n.tr(EvaluationKey::MyEvaluationsTitle)}</h2>
        <div data-testid="my-evaluations">
            {classes
                .into_iter()
                .map(|(class_id, title)| view! { <EvaluationEntry class_id title /> })
                .collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn EvaluationEntry(class_id: Uuid, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let questionnaire = LocalResource::new(move || {
        reloads.track();
        api::get_questionnaire(class_id)
    });
    let on_answered = Callback::new(move |()| reloads.update(|n| *n += 1));
    let heading = title.clone();
    let testid = format!("evaluation-{title}");
    view! {
        <div class="card evaluation" data-testid=testid>
            <h3>{heading}</h3>
            {move || {
                let title = title.clone();
                questionnaire
                    .get()
                    .map(|answer| match answer {
                        Ok(q) if q.answered_by_me == Some(true) => {
                            view! {
                                <span class="badge badge-ok badge-strong" data-testid=format!("evaluation-answered-{title}")>
                                    {i18n.tr(EvaluationKey::EvaluationAnswered)}
                                </span>
                            }
                                .into_any()
                        }
                        Ok(q) if !q.accepting_responses => {
                            view! {
                                <p class="muted small" data-testid=format!("evaluation-closed-{title}")>
                                    {i18n.tr(EvaluationKey::EvaluationNotOpen)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(q) => view! { <EvaluationForm q title on_answered /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </div>
    }
}

/// Radio buttons 1–5 named `{name}`, test ids `{testid}-{n}`.
#[component]
fn Rating(name: String, testid: String, value: RwSignal<Option<i64>>) -> impl IntoView {
    view! {
        <span class="rating" role="radiogroup">
            {(1..=5i64)
                .map(|n| {
                    let name = name.clone();
                    view! {
                        <label class="rating-choice">
                            <input
                                type="radio"
                                name=name
                                value=n.to_string()
                                data-testid=format!("{testid}-{n}")
                                prop:checked=move || value.get() == Some(n)
                                on:change=move |_| value.set(Some(n))
                            />
                            {n}
                        </label>
                    }
                })
                .collect_view()}
        </span>
    }
}

#[component]
fn EvaluationForm(q: QuestionnaireDto, title: String, on_answered: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let class_id = q.class_id;
    let ratings: Vec<(RatingItem, RwSignal<Option<i64>>)> = q
        .items
        .iter()
        .map(|i| (i.clone(), RwSignal::new(None)))
        .collect();
    let teachers: Vec<(Uuid, String, RwSignal<Option<i64>>)> = if q.rate_teachers {
        q.teachers
            .iter()
            .map(|t| (t.teacher_id, t.name.clone(), RwSignal::new(None)))
            .collect()
    } else {
        Vec::new()
    };
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let (r2, t2) = (ratings.clone(), teachers.clone());
    let send = Action::new_local(move |_: &()| {
        let request = EvaluationRequest {
            ratings: r2
                .iter()
                .filter_map(|(i, v)| v.get_untracked().map(|v| (i.key.clone(), v)))
                .collect(),
            teacher_ratings: t2
                .iter()
                .filter_map(|(id, _, v)| v.get_untracked().map(|v| (*id, v)))
                .collect(),
            comment: optional_text(&comment.get_untracked()),
        };
        async move {
            match api::submit_evaluation(class_id, &request).await {
                Ok(()) => {
                    error.set(None);
                    on_answered.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let field_errors = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        })
    });
    // Every question and teacher must be rated before sending (the server checks it too).
    let (r3, t3) = (ratings.clone(), teachers.clone());
    let complete = move || {
        r3.iter().all(|(_, v)| v.get().is_some()) && t3.iter().all(|(_, _, v)| v.get().is_some())
    };
    let prefix = class_id.simple().to_string();
    let questions = ratings
        .into_iter()
        .map(|(item, value)| {
            let key = item.key.clone();
            view! {
                <div class="rating-row">
                    <span class="rating-label">{move || item_label(i18n, &item)}</span>
                    <Rating name=format!("{prefix}-{key}") testid=format!("rate-{key}") value />
                    <ErrorsFor errors=field_errors field=format!("ratings.{key}") />
                </div>
            }
        })
        .collect_view();
    let teacher_rows = teachers
        .into_iter()
        .map(|(id, name, value)| {
            view! {
                <div class="rating-row">
                    <span class="rating-label">{i18n.tr(TeacherKey::Teacher)} " " {name.clone()}</span>
                    <Rating name=format!("t-{}", id.simple()) testid=format!("rate-teacher-{name}") value />
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form" data-testid=format!("evaluation-form-{title}")>
            <p class="muted small">{i18n.tr(EvaluationKey::EvaluationIntro)}</p>
            {questions}
            {teacher_rows}
            <div class="field">
                <label for=format!("evaluation-comment-{prefix}")>{q.free_text_prompt.clone()}</label>
                <textarea
                    id=format!("evaluation-comment-{prefix}")
                    data-testid="evaluation-comment"
                    rows="3"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
                <FieldErrors errors=field_errors field="comment" />
            </div>
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid=format!("evaluation-submit-{title}")
                    disabled=move || send.pending().get() || !complete()
                    on:click=move |_| {
                        send.dispatch(());
                    }
                >
                    {i18n.tr(EvaluationKey::EvaluationSubmit)}
                </button>
            </div>
            <ProblemView error />
        </div>
    }
}
