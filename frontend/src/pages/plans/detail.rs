//! `/plans/:id`: one annual plan — its header with the xlsx download, the workflow as steps,
//! the deadlines with days left (overdue in red), the actions for the caller, the items, the
//! execution summary of the year before, the submitted versions and the review history.

use cebase_domain::plans::{PlanDto, PlanStatus, PlanStep};
use cebase_domain::review::Actor;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use super::actions::PlanActions;
use super::items::PlanItems;
use super::summary::ExecutionSummary;
use super::versions::{PlanHistory, PlanVersions};
use super::{current_actor, status_badge};
use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::i18n::{Key, PlanKey, use_i18n};
use crate::pages::route_id;

/// The steps of the workflow in order; `returned` is shown beside the step it left.
const FLOW: [PlanStatus; 5] = [
    PlanStatus::Draft,
    PlanStatus::SubmittedToMiit,
    PlanStatus::ApprovedByMiit,
    PlanStatus::SubmittedToMohrss,
    PlanStatus::Filed,
];

pub(crate) fn step_key(step: PlanStep) -> PlanKey {
    match step {
        PlanStep::MiitSubmission => PlanKey::PlanStepMiit,
        PlanStep::MohrssFiling => PlanKey::PlanStepMohrss,
    }
}

/// `/plans/:id`.
#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page plan-page">
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

#[component]
fn PlanView(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reload = RwSignal::new(0u32);
    let plan = LocalResource::new(move || {
        reload.get();
        api::get_plan(id)
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                plan.get()
                    .map(|answer| match answer {
                        Ok(p) => view! { <PlanBody plan=p reload /> }.into_any(),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn PlanBody(plan: PlanDto, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let actor = current_actor();
    let editable = plan.status == PlanStatus::Draft && actor == Actor::Staff;
    let download_error = RwSignal::new(None::<ApiError>);
    let (id, year) = (plan.id, plan.year);
    let download = Action::new_local(move |_: &()| async move {
        download_error.set(api::download_plan_xlsx(id, year).await.err());
    });
    let download_pdf = Action::new_local(move |_: &()| async move {
        download_error.set(api::download_plan_pdf(id, year).await.err());
    });
    let returned = plan.status == PlanStatus::Returned;
    view! {
        <div class="class-head">
            <h1 data-testid="plan-title">{plan.title.clone()}</h1>
            {status_badge(i18n, plan.status, "plan-status")}
            <span class="muted">{move || i18n.plan_revision(plan.revision)}</span>
            <button
                type="button"
                data-testid="plan-xlsx"
                disabled=move || download.pending().get()
                on:click=move |_| {
                    download.dispatch(());
                }
            >
                {i18n.tr(PlanKey::PlanDownloadXlsx)}
            </button>
            <button
                type="button"
                data-testid="plan-pdf"
                disabled=move || download_pdf.pending().get()
                on:click=move |_| {
                    download_pdf.dispatch(());
                }
            >
                {i18n.tr(PlanKey::PlanDownloadPdf)}
            </button>
        </div>
        <ProblemView error=download_error />
        {returned
            .then(|| view! { <p class="notice warning" data-testid="plan-returned">{i18n.tr(PlanKey::PlanReturnedNotice)}</p> })}
        <div class="two-columns">
            <div class="column-main">
                <Workflow plan=plan.clone() />
                <div class="card">
                    <h2>{i18n.tr(PlanKey::PlanItems)}</h2>
                    <PlanItems plan=plan.clone() editable reload />
                </div>
                <div class="card">
                    <ExecutionSummary plan=plan.clone() editable reload />
                </div>
                <div class="card">
                    <h2>{i18n.tr(PlanKey::PlanVersions)}</h2>
                    <PlanVersions plan_id=plan.id />
                </div>
                <div class="card">
                    <h2>{i18n.tr(PlanKey::PlanHistory)}</h2>
                    <PlanHistory plan_id=plan.id />
                </div>
            </div>
            <div class="column-side">
                <div class="card">
                    <h2>{i18n.tr(PlanKey::PlanActionsTitle)}</h2>
                    <PlanActions plan=plan.clone() actor reload />
                </div>
                <Deadlines plan=plan.clone() />
                <PlanFacts plan />
            </div>
        </div>
    }
}

/// The workflow as steps (`plan-workflow`, each `<li data-step data-state>`).
#[component]
fn Workflow(plan: PlanDto) -> impl IntoView {
    let i18n = use_i18n();
    // A returned plan stands where it will start again: the draft.
    let current = if plan.status == PlanStatus::Returned {
        PlanStatus::Draft
    } else {
        plan.status
    };
    let reached = FLOW.iter().position(|s| *s == current).unwrap_or(0);
    let steps = FLOW
        .iter()
        .enumerate()
        .map(|(n, step)| {
            let step = *step;
            let state = if n < reached || (n == reached && step == PlanStatus::Filed) {
                "done"
            } else if n == reached {
                "current"
            } else {
                "todo"
            };
            view! {
                <li class=format!("step step-{state}") data-step=step.to_string() data-state=state>
                    {move || i18n.plan_status(step)}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card timeline-card">
            <h2 class="small-heading">{i18n.tr(PlanKey::PlanWorkflowLabel)}</h2>
            <ol class="timeline" data-testid="plan-workflow" data-status=plan.status.to_string()>
                {steps}
            </ol>
        </div>
    }
}

/// The two deadlines and, for the steps still to take, the days left.
#[component]
fn Deadlines(plan: PlanDto) -> impl IntoView {
    let i18n = use_i18n();
    let pending = plan.pending_steps.clone();
    let rows = [
        (PlanStep::MiitSubmission, plan.miit_due_before),
        (PlanStep::MohrssFiling, plan.mohrss_due_before),
    ]
    .into_iter()
    .map(|(step, due)| {
        let open = pending.iter().find(|s| s.step == step).cloned();
        view! {
            <li data-testid=format!("plan-deadline-{}", step.as_str())>
                <strong>{i18n.tr(step_key(step))}</strong>
                <br />
                <span class="muted small">{i18n.tr(PlanKey::PlanDueBefore)} " " {due.to_string()}</span>
                {open
                    .map(|s| {
                        let overdue = s.overdue;
                        view! {
                            " "
                            <span
                                class="badge"
                                class:badge-bad=overdue
                                class:badge-warn=!overdue
                                data-testid="plan-days-left"
                                data-overdue=overdue.to_string()
                            >
                                {move || i18n.plan_days_left(s.days_left)}
                            </span>
                        }
                    })}
            </li>
        }
    })
    .collect_view();
    view! {
        <div class="card">
            <h2>{i18n.tr(PlanKey::PlanDeadlines)}</h2>
            <ul class="plain-list deadlines" data-testid="plan-deadlines">{rows}</ul>
            {pending
                .is_empty()
                .then(|| view! { <p class="muted small">{i18n.tr(PlanKey::PlanNoPending)}</p> })}
        </div>
    }
}

/// Year, revision, who decides now, items and budget.
#[component]
fn PlanFacts(plan: PlanDto) -> impl IntoView {
    let i18n = use_i18n();
    let waiting_for = plan.waiting_for;
    view! {
        <dl class="card meta" data-testid="plan-facts">
            <dt>{i18n.tr(PlanKey::PlanYear)}</dt>
            <dd>{plan.year}</dd>
            <dt>{i18n.tr(PlanKey::PlanRevision)}</dt>
            <dd>{plan.revision}</dd>
            <dt>{i18n.tr(PlanKey::PlanWaitingForLabel)}</dt>
            <dd data-testid="plan-waiting-for">
                {move || waiting_for.map(|a| i18n.authority(a)).unwrap_or("—")}
            </dd>
            <dt>{i18n.tr(PlanKey::PlanItemCount)}</dt>
            <dd>{plan.item_count}</dd>
            <dt>{i18n.tr(PlanKey::PlanBudgetTotal)}</dt>
            <dd>{i18n.yuan(plan.budget_fen)}</dd>
        </dl>
    }
}
