//! Annual plans (年度计划审核备案, Art. 8). `/plans` lists the plans by year with their status,
//! the authority they wait for and the next deadline; plans waiting for the caller's decision
//! (a reviewer's) are highlighted and listed first; staff and admin start a year's plan.
//! `/plans/:id` is one plan ([`detail`]): workflow and deadlines, the actions the caller may
//! take ([`actions`], including staff recording a paper reply), the items ([`items`]), the
//! execution summary of the year before ([`summary`]), the submitted versions with their
//! comparison and the review history ([`versions`]).

mod actions;
mod detail;
mod items;
mod summary;
mod versions;

pub use detail::PlanPage;

use cebase_domain::FieldError;
use cebase_domain::access::review_actor;
use cebase_domain::plans::{PlanData, PlanDto, PlanRequest, PlanStatus};
use cebase_domain::review::Actor;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::form::TextField;
use crate::components::problem::{ProblemView, save_field_errors};
use crate::i18n::{I18n, Key, PlanKey, use_i18n};
use crate::session::use_session;

/// How the signed-in user acts on plans (staff, a reviewer of one authority, or not at all).
pub(crate) fn current_actor() -> Actor {
    use_session()
        .role_set()
        .map_or(Actor::Other, |roles| review_actor(&roles))
}

/// A plan's status as a coloured badge (`data-status` = the API name).
pub(crate) fn status_badge(i18n: I18n, status: PlanStatus, testid: &'static str) -> impl IntoView {
    let class = match status {
        PlanStatus::Filed => "badge badge-ok",
        PlanStatus::Returned => "badge badge-bad",
        PlanStatus::Draft => "badge badge-off",
        _ => "badge badge-warn",
    };
    view! {
        <span class=class data-testid=testid data-status=status.to_string()>
            {move || i18n.plan_status(status)}
        </span>
    }
}

/// `/plans`.
#[component]
pub fn PlansPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let readable = move || {
        session
            .role_set()
            .is_some_and(|r| cebase_domain::access::Operation::ReadPlans.allows(&r))
    };
    view! {
        <section class="page plan-page">
            <h1>{i18n.tr(PlanKey::PlansTitle)}</h1>
            <Show
                when=readable
                fallback=move || {
                    view! {
                        <p class="notice warning" data-testid="no-access">
                            {i18n.tr(Key::NoAccess)}
                        </p>
                    }
                }
            >
                <PlanList />
            </Show>
        </section>
    }
}

#[component]
fn PlanList() -> impl IntoView {
    let i18n = use_i18n();
    let actor = current_actor();
    let reload = RwSignal::new(0u32);
    let plans = LocalResource::new(move || {
        reload.get();
        api::list_plans()
    });
    view! {
        {(actor == Actor::Staff).then(|| view! { <CreatePlan reload /> })}
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                plans
                    .get()
                    .map(|answer| match answer {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="muted" data-testid="plans-none">{i18n.tr(PlanKey::PlanNone)}</p> }
                                .into_any()
                        }
                        Ok(page) => view! { <PlanTable plans=page.items actor /> }.into_any(),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// Whether the plan waits for a decision of this caller (a reviewer of the deciding authority).
fn waits_for(actor: Actor, plan: &PlanDto) -> bool {
    matches!(actor, Actor::Reviewer(_)) && !plan.allowed_actions.is_empty()
}

#[component]
fn PlanTable(plans: Vec<PlanDto>, actor: Actor) -> impl IntoView {
    let i18n = use_i18n();
    let mut plans = plans;
    // Those waiting for the caller first, then the latest year first.
    plans.sort_by_key(|p| (!waits_for(actor, p), -p.year));
    let waiting: Vec<PlanDto> = plans
        .iter()
        .filter(|p| waits_for(actor, p))
        .cloned()
        .collect();
    let notice = (!waiting.is_empty()).then(|| {
        view! {
            <div class="notice warning" data-testid="plans-waiting">
                <strong>{i18n.tr(PlanKey::PlanWaitingNotice)}</strong>
                <ul class="plain-list">
                    {waiting
                        .into_iter()
                        .map(|p| {
                            view! {
                                <li>
                                    <A href=format!("/plans/{}", p.id)>{format!("{} · {}", p.year, p.title)}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        }
    });
    let rows = plans
        .into_iter()
        .map(|p| {
            let waiting = waits_for(actor, &p);
            let next = p.pending_steps.first().cloned();
            let waiting_for = p.waiting_for;
            view! {
                <tr
                    class:row-waiting=waiting
                    data-testid=format!("plan-row-{}", p.year)
                    data-waiting=waiting.to_string()
                >
                    <td>{p.year}</td>
                    <td>
                        <A href=format!("/plans/{}", p.id) attr:data-testid=format!("plan-link-{}", p.year)>
                            {p.title.clone()}
                        </A>
                        {waiting
                            .then(|| {
                                view! {
                                    " "
                                    <span class="badge badge-warn badge-strong">{i18n.tr(PlanKey::PlanWaiting)}</span>
                                }
                            })}
                    </td>
                    <td>{status_badge(i18n, p.status, "plan-row-status")}</td>
                    <td>{move || waiting_for.map(|a| i18n.authority(a)).unwrap_or("—")}</td>
                    <td class="num">{p.item_count}</td>
                    <td class="num">{i18n.yuan(p.budget_fen)}</td>
                    <td>
                        {next
                            .map(|s| {
                                let overdue = s.overdue;
                                view! {
                                    <span class:overdue=overdue>
                                        {move || i18n.t(detail::step_key(s.step))} " · "
                                        {s.due_before.to_string()} " · "
                                        {move || i18n.plan_days_left(s.days_left)}
                                    </span>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        {notice}
        <div class="table-scroll">
            <table class="table" data-testid="plans-table">
                <thead>
                    <tr>
                        <th>{i18n.tr(PlanKey::PlanYear)}</th>
                        <th>{i18n.tr(PlanKey::PlanTitleField)}</th>
                        <th>{i18n.tr(PlanKey::PlanStatusLabel)}</th>
                        <th>{i18n.tr(PlanKey::PlanWaitingForLabel)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanItemCount)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanBudgetTotal)}</th>
                        <th>{i18n.tr(PlanKey::PlanDeadlines)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Starts the plan of a year (staff, admin).
#[component]
fn CreatePlan(reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let year = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<PlanDto>);
    let create = Action::new_local(move |request: &PlanRequest| {
        let request = request.clone();
        async move {
            match api::create_plan(&request).await {
                Ok(plan) => {
                    error.set(None);
                    field_errors.set(Vec::new());
                    year.set(String::new());
                    title.set(String::new());
                    created.set(Some(plan));
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    field_errors.set(save_field_errors(&e));
                    error.set(Some(e));
                }
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        created.set(None);
        let Ok(year) = year.get_untracked().trim().parse::<i32>() else {
            field_errors.set(vec![FieldError::new("year", "range", "a year")]);
            return;
        };
        let request = PlanRequest {
            year,
            title: title.get_untracked().trim().to_owned(),
            narrative: None,
        };
        match PlanData::parse(request.year, &request.title, None) {
            Ok(_) => {
                field_errors.set(Vec::new());
                create.dispatch(request);
            }
            Err(errors) => field_errors.set(errors),
        }
    };
    view! {
        <form class="card form" data-testid="plan-create" on:submit=on_submit novalidate>
            <h2>{i18n.tr(PlanKey::PlanCreate)}</h2>
            <div class="field-row">
                <TextField
                    id="plan-year"
                    label=PlanKey::PlanYear
                    value=year
                    field="year"
                    errors=field_errors
                    kind="number"
                />
                <TextField
                    id="plan-title"
                    label=PlanKey::PlanTitleField
                    value=title
                    field="title"
                    errors=field_errors
                />
            </div>
            <ProblemView error />
            {move || {
                created
                    .get()
                    .map(|p| {
                        view! {
                            <p class="notice success" data-testid="plan-created">
                                {i18n.tr(PlanKey::PlanCreated)} " "
                                <A href=format!("/plans/{}", p.id) attr:data-testid="plan-created-link">
                                    {i18n.tr(Key::Open)}
                                </A>
                            </p>
                        }
                    })
            }}
            <button type="submit" class="primary" data-testid="plan-create-submit">
                {i18n.tr(PlanKey::PlanCreate)}
            </button>
        </form>
    }
}
