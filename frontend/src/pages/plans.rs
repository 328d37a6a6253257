//! Annual plans (Art. 8): `/plans` lists the plans by year (reviewers see those waiting for
//! them first) and starts a year's plan; `/plans/:id` shows the workflow bar, the deadlines with
//! days left, the items (added while a draft), the actions the caller may take now (with
//! comments, 文号 and reply date for paper replies) and the review history with late marks.

use cebase_domain::learning::CourseCategory;
use cebase_domain::plans::{
    PlanAction, PlanDto, PlanItemRequest, PlanRequest, PlanStatus, PlanStep, PlanTransitionRequest,
};
use cebase_domain::training::ClassKind;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::i18n::{Key, use_i18n};
use crate::pages::route_id;

const FLOW: [PlanStatus; 5] = [
    PlanStatus::Draft,
    PlanStatus::SubmittedToMiit,
    PlanStatus::ApprovedByMiit,
    PlanStatus::SubmittedToMohrss,
    PlanStatus::Filed,
];

/// `/plans`.
#[component]
pub fn PlansPage() -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let plans = LocalResource::new(move || {
        reload.get();
        api::list_plans()
    });
    let year = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let create = Action::new_local(move |request: &PlanRequest| {
        let request = request.clone();
        async move {
            match api::create_plan(&request).await {
                Ok(_) => {
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    view! {
        <section class="page">
            <h1>{i18n.tr(Key::PlansTitle)}</h1>
            <form
                class="form-inline"
                data-testid="plan-create"
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    create.dispatch(PlanRequest {
                        year: year.get_untracked().trim().parse().unwrap_or(0),
                        title: title.get_untracked(),
                        narrative: None,
                    });
                }
            >
                <label>
                    {i18n.tr(Key::PlanYear)}
                    <input id="plan-year" bind:value=year />
                </label>
                <label>
                    {i18n.tr(Key::PlanTitleField)}
                    <input id="plan-title" bind:value=title />
                </label>
                <button type="submit" id="plan-create-submit">{i18n.tr(Key::PlanCreate)}</button>
            </form>
            <ProblemView error />
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    plans
                        .get()
                        .map(|answer| match answer {
                            Ok(page) if page.items.is_empty() => {
                                view! { <p class="muted">{i18n.tr(Key::PlanNone)}</p> }.into_any()
                            }
                            Ok(page) => {
                                let mut items = page.items;
                                // Those waiting for the caller first, then by year.
                                items.sort_by_key(|p| (p.allowed_actions.is_empty(), -p.year));
                                view! {
                                    <table class="table" data-testid="plans-table">
                                        <thead>
                                            <tr>
                                                <th>{i18n.tr(Key::PlanYear)}</th>
                                                <th>{i18n.tr(Key::PlanTitleField)}</th>
                                                <th>{i18n.tr(Key::PlanStatusLabel)}</th>
                                                <th>{i18n.tr(Key::PlanActions)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {items
                                                .into_iter()
                                                .map(|p| {
                                                    let waiting = !p.allowed_actions.is_empty();
                                                    view! {
                                                        <tr data-testid="plan-row">
                                                            <td>{p.year}</td>
                                                            <td>
                                                                <A href=format!("/plans/{}", p.id)>{p.title.clone()}</A>
                                                            </td>
                                                            <td data-testid="plan-status">{p.status.as_str()}</td>
                                                            <td>
                                                                {waiting
                                                                    .then(|| view! { <span class="badge">{i18n.tr(Key::PlanWaiting)}</span> })}
                                                            </td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// `/plans/:id`.
#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                <A href="/plans">{i18n.tr(Key::NavPlans)}</A>
            </p>
            {move || match id.get() {
                Some(id) => view! { <PlanView id /> }.into_any(),
                None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
            }}
        </section>
    }
}

fn step_key(step: PlanStep) -> Key {
    match step {
        PlanStep::MiitSubmission => Key::PlanStepMiit,
        PlanStep::MohrssFiling => Key::PlanStepMohrss,
    }
}

#[component]
fn PlanView(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let plan = LocalResource::new(move || {
        reload.get();
        api::get_plan(id)
    });
    let items = LocalResource::new(move || {
        reload.get();
        api::plan_items(id)
    });
    let history = LocalResource::new(move || {
        reload.get();
        api::plan_transitions(id)
    });
    let error = RwSignal::new(None::<ApiError>);
    let comments = RwSignal::new(String::new());
    let document_number = RwSignal::new(String::new());
    let reply_date = RwSignal::new(String::new());
    let act = Action::new_local(move |action: &PlanAction| {
        let request = PlanTransitionRequest {
            action: Some(*action),
            comments: Some(comments.get_untracked()).filter(|s| !s.trim().is_empty()),
            document_number: Some(document_number.get_untracked()).filter(|s| !s.trim().is_empty()),
            reply_date: NaiveDate::parse_from_str(reply_date.get_untracked().trim(), "%Y-%m-%d")
                .ok(),
            scan_id: None,
        };
        async move {
            match api::transition_plan(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let item_title = RwSignal::new(String::new());
    let trainees = RwSignal::new("40".to_owned());
    let hours = RwSignal::new("24".to_owned());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let budget = RwSignal::new("0".to_owned());
    let audience = RwSignal::new(String::new());
    let add = Action::new_local(move |request: &PlanItemRequest| {
        let request = request.clone();
        async move {
            match api::create_plan_item(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    item_title.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let date = |s: String| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").unwrap_or_default();
    let show = move |p: PlanDto| {
        let editable =
            p.status == PlanStatus::Draft && p.allowed_actions.contains(&PlanAction::SubmitToMiit);
        let current = if p.status == PlanStatus::Returned {
            PlanStatus::Draft
        } else {
            p.status
        };
        view! {
            <h1 data-testid="plan-title">{p.title.clone()}</h1>
            <p>
                {i18n.tr(Key::PlanStatusLabel)} ": "
                <strong data-testid="plan-status">{p.status.as_str()}</strong> " · "
                {i18n.tr(Key::PlanRevision)} " " {p.revision}
            </p>
            <ol class="workflow" data-testid="plan-workflow">
                {FLOW
                    .iter()
                    .map(|s| {
                        let class = if *s == current { "step current" } else { "step" };
                        view! { <li class=class>{s.as_str()}</li> }
                    })
                    .collect_view()}
            </ol>
            <h2>{i18n.tr(Key::PlanDeadlines)}</h2>
            <ul data-testid="plan-deadlines">
                <li>{i18n.tr(Key::PlanStepMiit)} ": " {p.miit_due_before.to_string()}</li>
                <li>{i18n.tr(Key::PlanStepMohrss)} ": " {p.mohrss_due_before.to_string()}</li>
                {p.pending_steps
                    .iter()
                    .map(|s| {
                        let overdue = s.overdue;
                        view! {
                            <li data-testid="plan-pending-step">
                                {i18n.tr(step_key(s.step))} " — " {i18n.tr(Key::PlanDaysLeft)} ": "
                                {s.days_left}
                                {overdue
                                    .then(|| view! { <span class="badge danger">{i18n.tr(Key::PlanOverdue)}</span> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <h2>{i18n.tr(Key::PlanActions)}</h2>
            <div class="form-inline">
                <label>
                    {i18n.tr(Key::PlanComments)}
                    <input id="plan-comments" bind:value=comments />
                </label>
                <label>
                    {i18n.tr(Key::PlanDocumentNumber)}
                    <input id="plan-document-number" bind:value=document_number />
                </label>
                <label>
                    {i18n.tr(Key::PlanReplyDate)}
                    <input id="plan-reply-date" type="date" bind:value=reply_date />
                </label>
            </div>
            <div class="actions" data-testid="plan-actions">
                {p.allowed_actions
                    .iter()
                    .map(|a| {
                        let a = *a;
                        view! {
                            <button
                                type="button"
                                id=format!("plan-action-{}", a.as_str())
                                data-testid=format!("plan-action-{}", a.as_str())
                                on:click=move |_| {
                                    act.dispatch(a);
                                }
                            >
                                {a.as_str()}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
            {editable
                .then(|| {
                    view! {
                        <form
                            class="form-inline"
                            data-testid="plan-item-form"
                            on:submit=move |ev: leptos::ev::SubmitEvent| {
                                ev.prevent_default();
                                add.dispatch(PlanItemRequest {
                                    title: item_title.get_untracked(),
                                    class_kind: ClassKind::TrainingClass,
                                    category: CourseCategory::Professional,
                                    target_audience: audience.get_untracked(),
                                    planned_trainees: trainees.get_untracked().trim().parse().unwrap_or(0),
                                    planned_hours: hours.get_untracked().trim().parse().unwrap_or(0.0),
                                    planned_start: date(start.get_untracked()),
                                    planned_end: date(end.get_untracked()),
                                    budget_fen: budget
                                        .get_untracked()
                                        .trim()
                                        .parse::<f64>()
                                        .map(|y| (y * 100.0).round() as i64)
                                        .unwrap_or(-1),
                                    commissioning_body: None,
                                });
                            }
                        >
                            <label>{i18n.tr(Key::PlanTitleField)} <input id="item-title" bind:value=item_title /></label>
                            <label>{i18n.tr(Key::PlanAudience)} <input id="item-audience" bind:value=audience /></label>
                            <label>{i18n.tr(Key::PlanTrainees)} <input id="item-trainees" bind:value=trainees /></label>
                            <label>{i18n.tr(Key::PlanHours)} <input id="item-hours" bind:value=hours /></label>
                            <label>{i18n.tr(Key::PlanStart)} <input id="item-start" type="date" bind:value=start /></label>
                            <label>{i18n.tr(Key::PlanEnd)} <input id="item-end" type="date" bind:value=end /></label>
                            <label>{i18n.tr(Key::PlanBudget)} <input id="item-budget" bind:value=budget /></label>
                            <button type="submit" id="item-add">{i18n.tr(Key::PlanItemAdd)}</button>
                        </form>
                    }
                })}
        }
    };
    view! {
        <ProblemView error />
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                plan.get()
                    .map(|answer| match answer {
                        Ok(p) => show(p).into_any(),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
            <h2>{i18n.tr(Key::PlanItems)}</h2>
            {move || {
                items.get()
                    .map(|answer| match answer {
                        Ok(page) => {
                            view! {
                                <table class="table" data-testid="plan-items">
                                    <thead>
                                        <tr>
                                            <th>{i18n.tr(Key::PlanTitleField)}</th>
                                            <th>{i18n.tr(Key::PlanTrainees)}</th>
                                            <th>{i18n.tr(Key::PlanHours)}</th>
                                            <th>{i18n.tr(Key::PlanStart)}</th>
                                            <th>{i18n.tr(Key::PlanEnd)}</th>
                                            <th>{i18n.tr(Key::PlanBudget)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {page.items
                                            .into_iter()
                                            .map(|i| view! {
                                                <tr data-testid="plan-item-row">
                                                    <td>{i.title}</td>
                                                    <td>{i.planned_trainees}</td>
                                                    <td>{format!("{:.1}", i.planned_hours)}</td>
                                                    <td>{i.planned_start.to_string()}</td>
                                                    <td>{i.planned_end.to_string()}</td>
                                                    <td>{format!("{:.2}", i.budget_fen as f64 / 100.0)}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
            <h2>{i18n.tr(Key::PlanHistory)}</h2>
            {move || {
                history.get()
                    .map(|answer| match answer {
                        Ok(page) => {
                            view! {
                                <ul data-testid="plan-history">
                                    {page.items
                                        .into_iter()
                                        .map(|t| {
                                            let late = t.late;
                                            view! {
                                                <li data-testid="plan-history-row">
                                                    {t.acted_at.format("%Y-%m-%d %H:%M UTC").to_string()} " · "
                                                    {t.action.as_str()} " · " {t.acted_by_name.clone()}
                                                    {t.document_number.clone().map(|d| format!(" · {d}"))}
                                                    {t.comments.clone().map(|c| format!(" · {c}"))}
                                                    {late.then(|| view! { <span class="badge danger">{i18n.tr(Key::PlanLate)}</span> })}
                                                </li>
                                            }
                                        })
                                        .collect_view()}
                                </ul>
                            }
                                .into_any()
                        }
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}
