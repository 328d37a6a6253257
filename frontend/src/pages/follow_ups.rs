//! `/follow-ups`: follow-up feedback some months after a class (Art. 17). Staff and admin see
//! every completed class with when feedback opens, the responses expected and received, the
//! mean ratings and the texts; trainees the classes they completed, organisation contacts those
//! their people completed — each with the form once it is open, "answered" once given.

use cebase_domain::Role;
use cebase_domain::reports::{FollowUpDto, FollowUpRequest, Respondent};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::form::optional_text;
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{ClassKey, EvaluationKey, Key, ReportKey, use_i18n};
use crate::session::use_session;

#[component]
pub fn FollowUpsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = session
        .role_set()
        .is_some_and(|r| cebase_domain::access::Operation::ManageEvaluations.allows(&r));
    let allowed = manages || session.has_role(Role::Trainee) || session.has_role(Role::OrgContact);
    let reloads = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reloads.track();
        api::list_follow_ups()
    });
    let on_answered = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <section class="page">
            <h1>{i18n.tr(EvaluationKey::FollowUpsTitle)}</h1>
            <p class="muted">{i18n.tr(EvaluationKey::FollowUpsIntro)}</p>
            {if !allowed {
                view! { <p class="notice warning" data-testid="no-access">{i18n.tr(Key::NoAccess)}</p> }
                    .into_any()
            } else {
                view! {
                    <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                        {move || {
                            list.get()
                                .map(|answer| match answer {
                                    Ok(page) if page.items.is_empty() => {
                                        view! { <p class="muted" data-testid="follow-ups-empty">{i18n.tr(EvaluationKey::NoFollowUps)}</p> }
                                            .into_any()
                                    }
                                    Ok(page) if manages => view! { <StaffTable items=page.items /> }.into_any(),
                                    Ok(page) => {
                                        page.items
                                            .into_iter()
                                            .map(|f| view! { <Entry f on_answered /> })
                                            .collect_view()
                                            .into_any()
                                    }
                                    Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                                })
                        }}
                    </Transition>
                }
                    .into_any()
            }}
        </section>
    }
}

fn mean(v: Option<f64>) -> String {
    v.map(|a| format!("{a:.2}"))
        .unwrap_or_else(|| "–".to_owned())
}

/// Staff: one row per class (`follow-up-row-{title}`), the texts folded below.
#[component]
fn StaffTable(items: Vec<FollowUpDto>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = items
        .into_iter()
        .map(|f| {
            let open = f.open;
            let days = f.days_until_open;
            let texts = f.comments.clone().unwrap_or_default();
            let count = texts.len();
            let link_text = f.class_title.clone();
            view! {
                <tr data-testid=format!("follow-up-row-{}", f.class_title)>
                    <td>
                        <A href=format!("/classes/{}", f.class_id)>{link_text}</A>
                    </td>
                    <td class="nowrap">{f.class_end_date.to_string()}</td>
                    <td class="nowrap">
                        {f.opens_on.to_string()} " · "
                        {move || if open { i18n.t(EvaluationKey::FollowUpOpen).to_owned() } else { i18n.opens_in(days) }}
                    </td>
                    <td class="num">
                        {format!(
                            "{}/{}",
                            f.trainee_responses.unwrap_or(0),
                            f.expected_trainees.unwrap_or(0),
                        )}
                    </td>
                    <td class="num">
                        {format!(
                            "{}/{}",
                            f.employer_responses.unwrap_or(0),
                            f.expected_employers.unwrap_or(0),
                        )}
                    </td>
                    <td class="num">{mean(f.applied_average)}</td>
                    <td class="num">{mean(f.improvement_average)}</td>
                    <td>
                        {(!texts.is_empty())
                            .then(|| {
                                view! {
                                    <details>
                                        <summary>{move || i18n.comments_count(count)}</summary>
                                        <ul class="comments">
                                            {texts.iter().map(|t| view! { <li class="pre-line">{t.clone()}</li> }).collect_view()}
                                        </ul>
                                    </details>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-testid="follow-ups-table">
            <thead>
                <tr>
                    <th>{i18n.tr(ClassKey::ClassTitle)}</th>
                    <th>{i18n.tr(ReportKey::ClassEnded)}</th>
                    <th>{i18n.tr(EvaluationKey::FollowUpOpens)}</th>
                    <th>{i18n.tr(EvaluationKey::TraineeResponses)}</th>
                    <th>{i18n.tr(EvaluationKey::EmployerResponses)}</th>
                    <th>{i18n.tr(EvaluationKey::AppliedRating)}</th>
                    <th>{i18n.tr(EvaluationKey::ImprovementRating)}</th>
                    <th>{i18n.tr(EvaluationKey::Comments)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// A trainee's or organisation contact's class (`follow-up-{title}`).
#[component]
fn Entry(f: FollowUpDto, on_answered: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let title = f.class_title.clone();
    let state = if f.answered == Some(true) {
        view! {
            <span class="badge badge-ok badge-strong" data-testid=format!("follow-up-answered-{title}")>
                {i18n.tr(EvaluationKey::FollowUpAnswered)}
            </span>
        }
        .into_any()
    } else if !f.open {
        let days = f.days_until_open;
        let opens = f.opens_on;
        view! {
            <p class="muted small" data-testid=format!("follow-up-not-open-{title}")>
                {move || i18n.opens_on(&opens.to_string(), days)}
            </p>
        }
        .into_any()
    } else {
        view! { <FollowUpForm f=f.clone() on_answered /> }.into_any()
    };
    view! {
        <div class="card" data-testid=format!("follow-up-{}", f.class_title)>
            <h3>{f.class_title.clone()}</h3>
            <p class="muted small">
                {i18n.tr(ReportKey::ClassEnded)} ": " {f.class_end_date.to_string()}
                {f.respondent.map(|r| view! { " · " {move || i18n.respondent(r)} })}
            </p>
            {state}
        </div>
    }
}

#[component]
fn FollowUpForm(f: FollowUpDto, on_answered: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let applied = RwSignal::new(None::<i64>);
    let improvement = RwSignal::new(None::<i64>);
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let class_id = f.class_id;
    let respondent = f.respondent.unwrap_or(Respondent::Trainee);
    let send = Action::new_local(move |_: &()| {
        let request = FollowUpRequest {
            class_id,
            respondent,
            applied_rating: applied.get_untracked().unwrap_or(0),
            improvement_rating: improvement.get_untracked().unwrap_or(0),
            comment: optional_text(&comment.get_untracked()),
        };
        async move {
            match api::submit_follow_up(&request).await {
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
    let id = class_id.simple().to_string();
    let scale = move |name: String, value: RwSignal<Option<i64>>, testid: &'static str| {
        (1..=5i64)
            .map(|n| {
                let name = name.clone();
                view! {
                    <label class="rating-choice">
                        <input
                            type="radio"
                            name=name
                            data-testid=format!("{testid}-{n}")
                            prop:checked=move || value.get() == Some(n)
                            on:change=move |_| value.set(Some(n))
                        />
                        {n}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <div class="form">
            <div class="rating-row">
                <span class="rating-label">{i18n.tr(EvaluationKey::AppliedQuestion)}</span>
                <span class="rating">{scale(format!("applied-{id}"), applied, "follow-up-applied")}</span>
                <FieldErrors errors=field_errors field="applied_rating" />
            </div>
            <div class="rating-row">
                <span class="rating-label">{i18n.tr(EvaluationKey::ImprovementQuestion)}</span>
                <span class="rating">{scale(format!("improvement-{id}"), improvement, "follow-up-improvement")}</span>
                <FieldErrors errors=field_errors field="improvement_rating" />
            </div>
            <div class="field">
                <label for=format!("follow-up-comment-{id}")>{i18n.tr(EvaluationKey::Comments)}</label>
                <textarea
                    id=format!("follow-up-comment-{id}")
                    data-testid="follow-up-comment"
                    rows="2"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
                <FieldErrors errors=field_errors field="comment" />
            </div>
            <button
                type="button"
                class="primary"
                data-testid="follow-up-submit"
                disabled=move || {
                    send.pending().get() || applied.get().is_none() || improvement.get().is_none()
                }
                on:click=move |_| {
                    send.dispatch(());
                }
            >
                {i18n.tr(EvaluationKey::EvaluationSubmit)}
            </button>
            <ProblemView error />
        </div>
    }
}
