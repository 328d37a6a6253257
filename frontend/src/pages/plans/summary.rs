//! The execution summary of year Y−1 that goes with the plan of Y (Art. 8): planned against
//! actual per item of the Y−1 plan, the classes held outside it and the total — classes,
//! trainees, person-hours by category, certificates, budget and spending (figures the system
//! does not keep yet are marked so) — and the narrative, edited with the plan while a draft.

use cebase_domain::plans::{ExecutionRowDto, ExecutionSummaryDto, PlanDto, UpdatePlanRequest};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::form::{TextArea, optional_text};
use crate::components::problem::{ProblemView, SaveProblem, save_field_errors};
use crate::i18n::{I18n, Key, PlanKey, use_i18n};
use cebase_domain::FieldError;

#[component]
pub fn ExecutionSummary(plan: PlanDto, editable: bool, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let id = plan.id;
    let summary = LocalResource::new(move || api::execution_summary(id));
    let summary_year = plan.year - 1;
    view! {
        <h2>{move || i18n.plan_summary_title(summary_year)}</h2>
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                summary
                    .get()
                    .map(|answer| match answer {
                        Ok(s) => view! { <SummaryTable summary=s /> }.into_any(),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
        <Narrative plan editable reload />
    }
}

/// `planned / actual`, one cell.
fn pair(planned: String, actual: String) -> impl IntoView {
    view! {
        <span class="pair">
            <span class="muted">{planned}</span>
            " / "
            <strong>{actual}</strong>
        </span>
    }
}

fn hours(value: f64) -> String {
    format!("{value:.1}")
}

fn row_view(
    i18n: I18n,
    row: ExecutionRowDto,
    label: Option<PlanKey>,
    class: &'static str,
) -> impl IntoView {
    let title = row.title.clone();
    let category = row.category;
    // Figures the system does not keep yet: a dash, explained by the note under the table.
    let not_kept = || "—";
    let certificates = row.certificates_issued;
    let spending = row.spending_fen;
    view! {
        <tr class=class data-testid="plan-summary-row">
            <td class="wide">
                {match label {
                    Some(key) => view! { <strong>{i18n.tr(key)}</strong> }.into_any(),
                    None => view! { <span>{title}</span> }.into_any(),
                }}
                {category.map(|c| view! { " " <span class="muted small">{move || i18n.course_category(c)}</span> })}
            </td>
            <td class="num" data-testid="plan-summary-classes">{pair(row.planned_classes.to_string(), row.classes_held.to_string())}</td>
            <td class="num" data-testid="plan-summary-trainees">{pair(row.planned_trainees.to_string(), row.trainees_completed.to_string())}</td>
            <td class="num">{pair(hours(row.planned_public_required_hours), hours(row.public_required_hours))}</td>
            <td class="num">{pair(hours(row.planned_professional_hours), hours(row.professional_hours))}</td>
            <td class="num" title=move || certificates.is_none().then(|| i18n.t(PlanKey::PlanNotKept))>
                {certificates.map_or_else(|| not_kept().to_owned(), |n| n.to_string())}
            </td>
            <td class="num">
                {pair(
                    i18n.yuan(row.planned_budget_fen),
                    spending.map_or_else(|| not_kept().to_owned(), |f| i18n.yuan(f)),
                )}
            </td>
        </tr>
    }
}

#[component]
fn SummaryTable(summary: ExecutionSummaryDto) -> impl IntoView {
    let i18n = use_i18n();
    let year = summary.summary_year;
    let no_plan = summary.previous_plan_id.is_none();
    let rows = summary
        .items
        .into_iter()
        .map(|row| row_view(i18n, row, None, ""))
        .collect_view();
    view! {
        {no_plan.then(|| view! { <p class="notice warning small" data-testid="plan-summary-no-plan">{move || i18n.plan_no_previous(year)}</p> })}
        <div class="table-scroll">
            <table class="table summary" data-testid="plan-summary">
                <thead>
                    <tr>
                        <th>{i18n.tr(PlanKey::PlanSummaryItem)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanClasses)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanTraineesShort)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanPublicPersonHours)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanProfessionalPersonHours)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanCertificates)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanSpending)}</th>
                    </tr>
                    <tr class="subhead">
                        <th></th>
                        {(0..4)
                            .map(|_| view! {
                                <th class="num small">{i18n.tr(PlanKey::PlanPlanned)} " / " {i18n.tr(PlanKey::PlanActual)}</th>
                            })
                            .collect_view()}
                        <th class="num small">{i18n.tr(PlanKey::PlanActual)}</th>
                        <th class="num small">{i18n.tr(PlanKey::PlanPlanned)} " / " {i18n.tr(PlanKey::PlanActual)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows}
                    {row_view(i18n, summary.unplanned, Some(PlanKey::PlanUnplanned), "")}
                    {row_view(i18n, summary.total, Some(PlanKey::PlanTotal), "total")}
                </tbody>
            </table>
        </div>
        <p class="muted small">{i18n.tr(PlanKey::PlanSummaryNote)}</p>
    }
}

/// The narrative of the execution: a text area while the plan is a draft (saved with the
/// plan's `version`), its text otherwise.
#[component]
fn Narrative(plan: PlanDto, editable: bool, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    if !editable {
        let text = plan.narrative.clone();
        return view! {
            <h3 class="spaced">{i18n.tr(PlanKey::PlanSummaryNarrative)}</h3>
            <p class="pre-line" data-testid="plan-narrative">
                {text.unwrap_or_else(|| "—".to_owned())}
            </p>
            <p class="muted small">{i18n.tr(PlanKey::PlanNarrativeLocked)}</p>
        }
        .into_any();
    }
    let narrative = RwSignal::new(plan.narrative.clone().unwrap_or_default());
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let (id, title, version) = (plan.id, plan.title.clone(), plan.version);
    let save = Action::new_local(move |request: &UpdatePlanRequest| {
        let request = request.clone();
        async move {
            match api::update_plan(id, &request).await {
                Ok(_) => reload.update(|n| *n += 1),
                Err(e) => {
                    field_errors.set(save_field_errors(&e));
                    error.set(Some(e));
                }
            }
        }
    });
    let on_reload = Callback::new(move |()| reload.update(|n| *n += 1));
    view! {
        <form
            class="narrative"
            data-testid="plan-narrative-form"
            novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                error.set(None);
                save.dispatch(UpdatePlanRequest {
                    title: title.clone(),
                    narrative: optional_text(&narrative.get_untracked()),
                    version,
                });
            }
        >
            <TextArea
                id="plan-narrative"
                label=PlanKey::PlanSummaryNarrative
                value=narrative
                field="narrative"
                errors=field_errors
                optional=true
            />
            <SaveProblem error on_reload />
            <button
                type="submit"
                data-testid="plan-narrative-save"
                disabled=move || save.pending().get()
            >
                {i18n.tr(PlanKey::PlanNarrativeSave)}
            </button>
        </form>
    }
    .into_any()
}
