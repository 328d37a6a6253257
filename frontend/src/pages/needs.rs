//! `/needs`: the training-needs survey. Organisation contacts and trainees (and staff) submit a
//! topic, field, head count and preferred period; they see their own submissions. Staff and
//! admin see every need grouped by topic and by field, and turn a need into an item of a draft
//! annual plan (pre-filled from the need; linked to `/plans/{id}`).

use cebase_domain::Role;
use cebase_domain::learning::CourseCategory;
use cebase_domain::plans::{PlanItemRequest, PlanStatus};
use cebase_domain::reports::{NeedDto, NeedGroupDto, NeedRequest, NeedToPlanItemRequest};
use cebase_domain::training::ClassKind;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::optional_text;
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{Key, NeedKey, use_i18n};
use crate::session::use_session;
use crate::time::parse_date_input;

#[component]
pub fn NeedsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = session
        .role_set()
        .is_some_and(|r| cebase_domain::access::Operation::ManageEvaluations.allows(&r));
    let allowed = manages || session.has_role(Role::Trainee) || session.has_role(Role::OrgContact);
    let reloads = RwSignal::new(0u32);
    let on_changed = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <section class="page">
            <h1>{i18n.tr(NeedKey::NeedsTitle)}</h1>
            {if !allowed {
                view! { <p class="notice warning" data-testid="no-access">{i18n.tr(Key::NoAccess)}</p> }
                    .into_any()
            } else {
                view! {
                    <div class="two-columns">
                        <div class="column-main">
                            {manages.then(|| view! { <Summary reloads /> })}
                            <NeedList reloads manages on_changed />
                        </div>
                        <div class="column-side">
                            <NeedForm on_saved=on_changed />
                        </div>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}

/// The form of a new need (`need-*` inputs, `need-submit`).
#[component]
fn NeedForm(on_saved: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let topic = RwSignal::new(String::new());
    let field = RwSignal::new(String::new());
    let head_count = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let category = RwSignal::new(String::new());
    let notes = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let local = RwSignal::new(Vec::<cebase_domain::FieldError>::new());
    let saved = RwSignal::new(false);
    let send = Action::new_local(move |request: &NeedRequest| {
        let request = request.clone();
        async move {
            match api::create_need(&request).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    topic.set(String::new());
                    field.set(String::new());
                    head_count.set(String::new());
                    notes.set(String::new());
                    on_saved.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let field_errors = Signal::derive(move || {
        let mut all = local.get();
        error.with(|e| all.extend(e.iter().flat_map(|e| e.field_errors().to_vec())));
        all
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        saved.set(false);
        // Dates and the head count must parse before anything is sent.
        let mut problems = Vec::new();
        let count = head_count.get_untracked().trim().parse::<i64>();
        if count.is_err() {
            problems.push(cebase_domain::FieldError::new(
                "head_count",
                "number",
                "a number",
            ));
        }
        let from = parse_date_input(&start.get_untracked());
        let to = parse_date_input(&end.get_untracked());
        if from.is_none() {
            problems.push(cebase_domain::FieldError::new(
                "preferred_start",
                "required",
                "required",
            ));
        }
        if to.is_none() {
            problems.push(cebase_domain::FieldError::new(
                "preferred_end",
                "required",
                "required",
            ));
        }
        local.set(problems);
        let (Ok(count), Some(from), Some(to)) = (count, from, to) else {
            return;
        };
        send.dispatch(NeedRequest {
            topic: topic.get_untracked(),
            field: field.get_untracked(),
            head_count: count,
            preferred_start: from,
            preferred_end: to,
            category: category.get_untracked().parse().ok(),
            notes: optional_text(&notes.get_untracked()),
        });
    };
    view! {
        <form class="card form" data-testid="need-form" on:submit=submit>
            <h2>{i18n.tr(NeedKey::NeedSubmitTitle)}</h2>
            <div class="field">
                <label for="need-topic">{i18n.tr(NeedKey::NeedTopic)}</label>
                <input id="need-topic" data-testid="need-topic" bind:value=topic />
                <FieldErrors errors=field_errors field="topic" />
            </div>
            <div class="field">
                <label for="need-field">{i18n.tr(NeedKey::NeedField)}</label>
                <input id="need-field" data-testid="need-field" bind:value=field />
                <FieldErrors errors=field_errors field="field" />
            </div>
            <div class="field">
                <label for="need-head-count">{i18n.tr(NeedKey::NeedHeadCount)}</label>
                <input id="need-head-count" data-testid="need-head-count" inputmode="numeric" bind:value=head_count />
                <FieldErrors errors=field_errors field="head_count" />
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="need-start">{i18n.tr(NeedKey::PreferredStart)}</label>
                    <input id="need-start" data-testid="need-start" type="date" bind:value=start />
                    <FieldErrors errors=field_errors field="preferred_start" />
                </div>
                <div class="field">
                    <label for="need-end">{i18n.tr(NeedKey::PreferredEnd)}</label>
                    <input id="need-end" data-testid="need-end" type="date" bind:value=end />
                    <FieldErrors errors=field_errors field="preferred_end" />
                </div>
            </div>
            <div class="field">
                <label for="need-category">{i18n.tr(NeedKey::NeedCategory)}</label>
                <select
                    id="need-category"
                    data-testid="need-category"
                    on:change=move |ev| category.set(event_target_value(&ev))
                >
                    <option value="" selected=move || category.get().is_empty()>{i18n.tr(NeedKey::Unspecified)}</option>
                    {CourseCategory::ALL
                        .iter()
                        .map(|c| {
                            let c = *c;
                            view! { <option value=c.as_str()>{move || i18n.course_category(c)}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="need-notes">{i18n.tr(NeedKey::NeedNotes)}</label>
                <textarea
                    id="need-notes"
                    data-testid="need-notes"
                    rows="2"
                    prop:value=move || notes.get()
                    on:input=move |ev| notes.set(event_target_value(&ev))
                ></textarea>
                <FieldErrors errors=field_errors field="notes" />
            </div>
            <button type="submit" class="primary" data-testid="need-submit" disabled=move || send.pending().get()>
                {i18n.tr(NeedKey::NeedSubmit)}
            </button>
            <Show when=move || saved.get()>
                <p class="notice success" data-testid="need-saved">{i18n.tr(NeedKey::NeedSaved)}</p>
            </Show>
            <ProblemView error />
        </form>
    }
}

/// Staff: needs grouped by topic and by field (`needs-by-topic`, `needs-by-field`).
#[component]
fn Summary(reloads: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let summary = LocalResource::new(move || {
        reloads.track();
        api::need_summary()
    });
    let table = move |groups: Vec<NeedGroupDto>, testid: &'static str, head: NeedKey| {
        let rows = groups
            .into_iter()
            .map(|g| {
                view! {
                    <tr data-testid=format!("{testid}-{}", g.key)>
                        <td>{g.key.clone()}</td>
                        <td class="num">{g.submissions}</td>
                        <td class="num">{g.head_count}</td>
                        <td class="nowrap small">{format!("{} – {}", g.earliest_start, g.latest_end)}</td>
                        <td class="num">{g.unplanned}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table" data-testid=testid>
                <thead>
                    <tr>
                        <th>{i18n.tr(head)}</th>
                        <th>{i18n.tr(NeedKey::NeedSubmissions)}</th>
                        <th>{i18n.tr(NeedKey::NeedHeadCount)}</th>
                        <th>{i18n.tr(NeedKey::NeedPeriod)}</th>
                        <th>{i18n.tr(NeedKey::NeedUnplanned)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    };
    view! {
        <div class="card">
            <h2>{i18n.tr(NeedKey::NeedsGrouped)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    summary
                        .get()
                        .map(|answer| match answer {
                            Ok(s) if s.by_topic.is_empty() => {
                                view! { <p class="muted">{i18n.tr(NeedKey::NoNeeds)}</p> }.into_any()
                            }
                            Ok(s) => {
                                view! {
                                    {table(s.by_topic, "needs-by-topic", NeedKey::NeedTopic)}
                                    <div class="spaced">{table(s.by_field, "needs-by-field", NeedKey::NeedField)}</div>
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </div>
    }
}

/// The needs the caller may read (`needs-table`, rows `need-row-{topic}`); staff turn one into a
/// plan item.
#[component]
fn NeedList(reloads: RwSignal<u32>, manages: bool, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let needs = LocalResource::new(move || {
        reloads.track();
        api::list_needs()
    });
    let planning = RwSignal::new(None::<NeedDto>);
    view! {
        <div class="card">
            <h2>{if manages { i18n.tr(NeedKey::AllNeeds)() } else { i18n.tr(NeedKey::MyNeeds)() }}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    needs
                        .get()
                        .map(|answer| match answer {
                            Ok(page) if page.items.is_empty() => {
                                view! { <p class="muted" data-testid="needs-empty">{i18n.tr(NeedKey::NoNeeds)}</p> }.into_any()
                            }
                            Ok(page) => {
                                let rows = page
                                    .items
                                    .into_iter()
                                    .map(|n| {
                                        let source = n.source;
                                        let planned = n.plan_item_id.is_some();
                                        let need = n.clone();
                                        view! {
                                            <tr data-testid=format!("need-row-{}", n.topic)>
                                                <td>{n.topic.clone()}</td>
                                                <td>{n.field.clone()}</td>
                                                <td class="num">{n.head_count}</td>
                                                <td class="nowrap small">{format!("{} – {}", n.preferred_start, n.preferred_end)}</td>
                                                <td class="small">
                                                    {move || i18n.need_source(source)}
                                                    {n.organisation_name.clone().map(|o| format!(" · {o}"))}
                                                </td>
                                                <td>
                                                    {if planned {
                                                        view! { <span class="badge badge-ok" data-testid="need-planned">{i18n.tr(NeedKey::NeedPlanned)}</span> }.into_any()
                                                    } else if manages {
                                                        view! {
                                                            <button
                                                                type="button"
                                                                class="button-small"
                                                                data-testid=format!("need-to-plan-{}", n.topic)
                                                                on:click=move |_| planning.set(Some(need.clone()))
                                                            >
                                                                {i18n.tr(NeedKey::TurnIntoPlanItem)}
                                                            </button>
                                                        }
                                                            .into_any()
                                                    } else {
                                                        view! { <span class="muted small">{i18n.tr(NeedKey::NeedOpen)}</span> }.into_any()
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <table class="table" data-testid="needs-table">
                                        <thead>
                                            <tr>
                                                <th>{i18n.tr(NeedKey::NeedTopic)}</th>
                                                <th>{i18n.tr(NeedKey::NeedField)}</th>
                                                <th>{i18n.tr(NeedKey::NeedHeadCount)}</th>
                                                <th>{i18n.tr(NeedKey::NeedPeriod)}</th>
                                                <th>{i18n.tr(NeedKey::NeedSource)}</th>
                                                <th>{i18n.tr(Key::Status)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
            {move || planning.get().map(|need| view! { <ToPlanItem need planning on_changed /> })}
        </div>
    }
}

/// Turning `need` into an item of a draft plan: the plan, and the item pre-filled from the need.
#[component]
fn ToPlanItem(
    need: NeedDto,
    planning: RwSignal<Option<NeedDto>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let plans = LocalResource::new(api::list_plans);
    let plan_id = RwSignal::new(String::new());
    let title = RwSignal::new(need.topic.clone());
    let audience = RwSignal::new(need.field.clone());
    let trainees = RwSignal::new(need.head_count.to_string());
    let hours = RwSignal::new("24".to_owned());
    let budget = RwSignal::new("0".to_owned());
    let start = RwSignal::new(need.preferred_start.to_string());
    let end = RwSignal::new(need.preferred_end.to_string());
    let category = need.category.unwrap_or(CourseCategory::Professional);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<Uuid>);
    let need_id = need.id;
    let send = Action::new_local(move |_: &()| {
        let plan = plan_id.get_untracked().parse::<Uuid>().ok();
        let item = PlanItemRequest {
            title: title.get_untracked(),
            class_kind: ClassKind::TrainingClass,
            category,
            target_audience: audience.get_untracked(),
            planned_trainees: trainees.get_untracked().trim().parse().unwrap_or(0),
            planned_hours: hours.get_untracked().trim().parse().unwrap_or(0.0),
            planned_start: parse_date_input(&start.get_untracked()).unwrap_or_default(),
            planned_end: parse_date_input(&end.get_untracked()).unwrap_or_default(),
            budget_fen: budget
                .get_untracked()
                .trim()
                .parse::<f64>()
                .map(|y| (y * 100.0).round() as i64)
                .unwrap_or(-1),
            commissioning_body: need.organisation_name.clone(),
        };
        async move {
            let Some(plan) = plan else {
                return;
            };
            let request = NeedToPlanItemRequest {
                plan_id: plan,
                item,
            };
            match api::need_to_plan_item(need_id, &request).await {
                Ok(_) => {
                    error.set(None);
                    done.set(Some(plan));
                    on_changed.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    // No plan chosen: said next to the choice, nothing is sent.
    let no_plan = RwSignal::new(false);
    let field_errors = Signal::derive(move || {
        let mut all: Vec<cebase_domain::FieldError> = error.with(|e| {
            e.as_ref()
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        });
        if no_plan.get() {
            all.push(cebase_domain::FieldError::new(
                "plan_id", "required", "required",
            ));
        }
        all
    });
    let input = move |id: &'static str,
                      label: NeedKey,
                      value: RwSignal<String>,
                      field: &'static str,
                      kind: &'static str| {
        view! {
            <div class="field">
                <label for=id>{i18n.tr(label)}</label>
                <input id=id data-testid=id type=kind bind:value=value />
                <FieldErrors errors=field_errors field />
            </div>
        }
    };
    view! {
        <div class="card form to-plan" data-testid="to-plan-form">
            <h3>{i18n.tr(NeedKey::TurnIntoPlanItem)} ": " {need.topic.clone()}</h3>
            {move || {
                done.get()
                    .map(|plan| {
                        view! {
                            <p class="notice success" data-testid="to-plan-done">
                                {i18n.tr(NeedKey::PlanItemAdded)} " "
                                <A href=format!("/plans/{plan}")>{i18n.tr(NeedKey::OpenPlan)}</A>
                            </p>
                        }
                    })
            }}
            <div class="field">
                <label for="to-plan-plan">{i18n.tr(NeedKey::DraftPlan)}</label>
                <select
                    id="to-plan-plan"
                    data-testid="to-plan-plan"
                    on:change=move |ev| plan_id.set(event_target_value(&ev))
                >
                    <option value="">{i18n.tr(NeedKey::ChooseDraftPlan)}</option>
                    {move || {
                        plans
                            .get()
                            .and_then(Result::ok)
                            .map(|page| {
                                page.items
                                    .into_iter()
                                    .filter(|p| p.status == PlanStatus::Draft)
                                    .map(|p| view! { <option value=p.id.to_string()>{format!("{} · {}", p.year, p.title)}</option> })
                                    .collect_view()
                            })
                    }}
                </select>
                <FieldErrors errors=field_errors field="plan_id" />
            </div>
            {input("to-plan-title", NeedKey::PlanItemTitle, title, "title", "text")}
            {input("to-plan-audience", NeedKey::TargetAudience, audience, "target_audience", "text")}
            <div class="field-row">
                {input("to-plan-trainees", NeedKey::NeedHeadCount, trainees, "planned_trainees", "text")}
                {input("to-plan-hours", NeedKey::HoursPerTrainee, hours, "planned_hours", "text")}
                {input("to-plan-budget", NeedKey::BudgetYuan, budget, "budget_fen", "text")}
            </div>
            <div class="field-row">
                {input("to-plan-start", NeedKey::PreferredStart, start, "planned_start", "date")}
                {input("to-plan-end", NeedKey::PreferredEnd, end, "planned_end", "date")}
            </div>
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid="to-plan-submit"
                    disabled=move || send.pending().get() || done.get().is_some()
                    on:click=move |_| {
                        let chosen = plan_id.get_untracked().parse::<Uuid>().is_ok();
                        no_plan.set(!chosen);
                        if chosen {
                            send.dispatch(());
                        }
                    }
                >
                    {i18n.tr(NeedKey::TurnIntoPlanItem)}
                </button>
                <button type="button" on:click=move |_| planning.set(None)>
                    {i18n.tr(Key::Close)}
                </button>
            </div>
            <ProblemView error />
        </div>
    }
}
