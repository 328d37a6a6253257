//! The items of a plan (计划项目): a table with the class kind and category as labels, and while
//! the plan is a draft (staff, admin) the form to add an item, and per row edit and delete
//! (delete asks to confirm; the server refuses it while classes implement the item). The form
//! checks the input as the server does (`PlanItemData::parse`) before sending.

use cebase_domain::FieldError;
use cebase_domain::learning::CourseCategory;
use cebase_domain::plans::{
    PlanDto, PlanItemData, PlanItemDto, PlanItemRequest, PlanStatus, UpdatePlanItemRequest,
};
use cebase_domain::training::ClassKind;
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::{TextField, optional_text};
use crate::components::problem::{ProblemView, SaveProblem, save_field_errors};
use crate::components::select::EnumSelect;
use crate::i18n::{CourseKey, I18n, Key, PlanKey, use_i18n};
use crate::pages::classes::form::{fen_to_input, parse_yuan};
use crate::time::parse_date_input;

#[component]
pub fn PlanItems(plan: PlanDto, editable: bool, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let plan_id = plan.id;
    let year = plan.year;
    let returned = plan.status == PlanStatus::Returned;
    let items = LocalResource::new(move || api::plan_items(plan_id));
    // The item being edited (none: the form adds one).
    let editing = RwSignal::new(None::<PlanItemDto>);
    let confirming = RwSignal::new(None::<Uuid>);
    let delete_error = RwSignal::new(None::<ApiError>);
    let delete = Action::new_local(move |item_id: &Uuid| {
        let item_id = *item_id;
        async move {
            match api::delete_plan_item(plan_id, item_id).await {
                Ok(()) => {
                    delete_error.set(None);
                    reload.update(|n| *n += 1);
                }
                Err(e) => delete_error.set(Some(e)),
            }
        }
    });
    let on_done = Callback::new(move |()| reload.update(|n| *n += 1));
    let table = move |rows: Vec<PlanItemDto>| {
        if rows.is_empty() {
            return view! { <p class="muted" data-testid="plan-items-none">{i18n.tr(PlanKey::PlanNoItems)}</p> }
                .into_any();
        }
        let rows = rows
            .into_iter()
            .map(|item| {
                let id = item.id;
                let for_edit = item.clone();
                let (kind, category) = (item.class_kind, item.category);
                view! {
                    <tr data-testid="plan-item-row" class:selected=move || editing.with(|e| e.as_ref().is_some_and(|e| e.id == id))>
                        <td class="wide">
                            <strong data-testid="plan-item-title">{item.title.clone()}</strong>
                            <br />
                            <span class="muted small">{item.target_audience.clone()}</span>
                            {item.commissioning_body.clone().map(|b| view! { <br /><span class="muted small">{b}</span> })}
                        </td>
                        <td class="nowrap" data-testid="plan-item-kind">{move || i18n.class_kind(kind)}</td>
                        <td>
                            <span
                                class="badge"
                                class:badge-public=category == CourseCategory::PublicRequired
                                class:badge-professional=category == CourseCategory::Professional
                                data-testid="plan-item-category"
                            >
                                {move || i18n.course_category(category)}
                            </span>
                        </td>
                        <td class="num">{item.planned_trainees}</td>
                        <td class="num">{format!("{:.1}", item.planned_hours)}</td>
                        <td class="nowrap">{item.planned_start.to_string()} <br /> {item.planned_end.to_string()}</td>
                        <td class="num">{i18n.yuan(item.budget_fen)}</td>
                        {editable
                            .then(|| {
                                view! {
                                    <td>
                                        <div class="row-buttons">
                                        <button
                                            type="button"
                                            class="button-small"
                                            data-testid="plan-item-edit"
                                            on:click=move |_| {
                                                confirming.set(None);
                                                editing.set(Some(for_edit.clone()));
                                            }
                                        >
                                            {i18n.tr(Key::Edit)}
                                        </button>
                                        " "
                                        <Show
                                            when=move || confirming.get() == Some(id)
                                            fallback=move || {
                                                view! {
                                                    <button
                                                        type="button"
                                                        class="button-small danger"
                                                        data-testid="plan-item-delete"
                                                        on:click=move |_| confirming.set(Some(id))
                                                    >
                                                        {i18n.tr(Key::Delete)}
                                                    </button>
                                                }
                                            }
                                        >
                                            <button
                                                type="button"
                                                class="button-small danger"
                                                data-testid="plan-item-delete-confirm"
                                                on:click=move |_| {
                                                    delete.dispatch(id);
                                                }
                                            >
                                                {i18n.tr(PlanKey::PlanItemDeleteConfirm)}
                                            </button>
                                            " "
                                            <button
                                                type="button"
                                                class="button-small"
                                                on:click=move |_| confirming.set(None)
                                            >
                                                {i18n.tr(PlanKey::PlanCancelEdit)}
                                            </button>
                                        </Show>
                                        </div>
                                    </td>
                                }
                            })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="table" data-testid="plan-items">
                    <thead>
                        <tr>
                            <th>{i18n.tr(PlanKey::PlanTitleField)}</th>
                            <th>{i18n.tr(PlanKey::PlanClassKind)}</th>
                            <th>{i18n.tr(CourseKey::Category)}</th>
                            <th class="num">{i18n.tr(PlanKey::PlanTrainees)}</th>
                            <th class="num">{i18n.tr(PlanKey::PlanHours)}</th>
                            <th>{i18n.tr(PlanKey::PlanPeriod)}</th>
                            <th class="num">{i18n.tr(PlanKey::PlanBudget)}</th>
                            {editable.then(|| view! { <th></th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                items
                    .get()
                    .map(|answer| match answer {
                        Ok(page) => table(page.items),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
        <ProblemView error=delete_error />
        {if editable {
            view! {
                {move || {
                    let existing = editing.get();
                    view! { <ItemForm plan_id year existing editing on_done /> }
                }}
            }
                .into_any()
        } else if returned {
            // The returned notice says what to do.
            ().into_any()
        } else {
            view! { <p class="muted small">{i18n.tr(PlanKey::PlanItemsLocked)}</p> }.into_any()
        }}
    }
}

/// Adds an item, or changes `existing` (sending the `version` it was loaded at).
#[component]
fn ItemForm(
    plan_id: Uuid,
    year: i32,
    existing: Option<PlanItemDto>,
    editing: RwSignal<Option<PlanItemDto>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let init = |f: fn(&PlanItemDto) -> String| existing.as_ref().map(f).unwrap_or_default();
    let title = RwSignal::new(init(|i| i.title.clone()));
    let kind = RwSignal::new(
        existing
            .as_ref()
            .map_or(ClassKind::TrainingClass, |i| i.class_kind),
    );
    let category = RwSignal::new(
        existing
            .as_ref()
            .map_or(CourseCategory::Professional, |i| i.category),
    );
    let audience = RwSignal::new(init(|i| i.target_audience.clone()));
    let trainees = RwSignal::new(init(|i| i.planned_trainees.to_string()));
    let hours = RwSignal::new(init(|i| format!("{}", i.planned_hours)));
    let start = RwSignal::new(init(|i| i.planned_start.to_string()));
    let end = RwSignal::new(init(|i| i.planned_end.to_string()));
    let budget = RwSignal::new(init(|i| fen_to_input(i.budget_fen)));
    let body = RwSignal::new(init(|i| i.commissioning_body.clone().unwrap_or_default()));
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let editing_id = existing.as_ref().map(|i| (i.id, i.version));
    let is_edit = editing_id.is_some();

    let save = Action::new_local(move |request: &PlanItemRequest| {
        let request = request.clone();
        async move {
            let result = match editing_id {
                Some((item_id, version)) => {
                    let update = UpdatePlanItemRequest {
                        item: request,
                        version,
                    };
                    api::update_plan_item(plan_id, item_id, &update).await
                }
                None => api::create_plan_item(plan_id, &request).await,
            };
            match result {
                Ok(_) => {
                    field_errors.set(Vec::new());
                    error.set(None);
                    editing.set(None);
                    on_done.run(());
                }
                Err(e) => {
                    field_errors.set(save_field_errors(&e));
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let mut errors = Vec::new();
        let mut date = |raw: String, field: &'static str| {
            let parsed = parse_date_input(&raw);
            if parsed.is_none() {
                errors.push(FieldError::new(field, "required", "required"));
            }
            parsed
        };
        let planned_start = date(start.get_untracked(), "planned_start");
        let planned_end = date(end.get_untracked(), "planned_end");
        let budget_fen = parse_yuan(&budget.get_untracked());
        if budget_fen.is_none() {
            errors.push(FieldError::new("budget_fen", "range", "not an amount"));
        }
        let planned_trainees = trainees.get_untracked().trim().parse::<i64>().ok();
        if planned_trainees.is_none() {
            errors.push(FieldError::new("planned_trainees", "number", "a number"));
        }
        let planned_hours = hours.get_untracked().trim().parse::<f64>().ok();
        if planned_hours.is_none() {
            errors.push(FieldError::new("planned_hours", "number", "a number"));
        }
        let fallback = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let request = PlanItemRequest {
            title: title.get_untracked().trim().to_owned(),
            class_kind: kind.get_untracked(),
            category: category.get_untracked(),
            target_audience: audience.get_untracked().trim().to_owned(),
            planned_trainees: planned_trainees.unwrap_or(1),
            planned_hours: planned_hours.unwrap_or(1.0),
            planned_start: planned_start.unwrap_or(fallback),
            planned_end: planned_end.or(planned_start).unwrap_or(fallback),
            budget_fen: budget_fen.unwrap_or(0),
            commissioning_body: optional_text(&body.get_untracked()),
        };
        for e in PlanItemData::parse(&request, year)
            .err()
            .unwrap_or_default()
        {
            if !errors.iter().any(|known| known.field == e.field) {
                errors.push(e);
            }
        }
        let ok = errors.is_empty();
        field_errors.set(errors);
        if ok {
            save.dispatch(request);
        }
    };
    let on_reload = Callback::new(move |()| {
        editing.set(None);
        on_done.run(());
    });

    view! {
        <form class="item-form" data-testid="plan-item-form" on:submit=on_submit novalidate>
            <h3 class="spaced">{i18n.tr(if is_edit { PlanKey::PlanItemEdit } else { PlanKey::PlanItemAdd })}</h3>
            <div class="field-grid">
                <TextField
                    id="item-title"
                    label=PlanKey::PlanTitleField
                    value=title
                    field="title"
                    errors=field_errors
                />
                <TextField
                    id="item-audience"
                    label=PlanKey::PlanAudience
                    value=audience
                    field="target_audience"
                    errors=field_errors
                />
                <div class="field">
                    <label for="item-kind">{i18n.tr(PlanKey::PlanClassKind)}</label>
                    <EnumSelect id="item-kind" value=kind options=ClassKind::ALL label=I18n::class_kind />
                </div>
                <div class="field">
                    <label for="item-category">{i18n.tr(CourseKey::Category)}</label>
                    <EnumSelect
                        id="item-category"
                        value=category
                        options=CourseCategory::ALL
                        label=I18n::course_category
                    />
                </div>
                <TextField
                    id="item-trainees"
                    label=PlanKey::PlanTrainees
                    value=trainees
                    field="planned_trainees"
                    errors=field_errors
                    kind="number"
                />
                <TextField
                    id="item-hours"
                    label=PlanKey::PlanHours
                    value=hours
                    field="planned_hours"
                    errors=field_errors
                />
                <TextField
                    id="item-start"
                    label=PlanKey::PlanStart
                    value=start
                    field="planned_start"
                    errors=field_errors
                    kind="date"
                />
                <TextField
                    id="item-end"
                    label=PlanKey::PlanEnd
                    value=end
                    field="planned_end"
                    errors=field_errors
                    kind="date"
                />
                <TextField
                    id="item-budget"
                    label=PlanKey::PlanBudget
                    value=budget
                    field="budget_fen"
                    errors=field_errors
                    placeholder=PlanKey::PlanBudgetHint
                />
                <TextField
                    id="item-body"
                    label=PlanKey::PlanCommissioningBody
                    value=body
                    field="commissioning_body"
                    errors=field_errors
                    optional=true
                />
            </div>
            <SaveProblem error on_reload />
            <div class="actions">
                <button
                    type="submit"
                    class="primary"
                    data-testid="item-submit"
                    disabled=move || pending.get()
                >
                    {i18n.tr(if is_edit { PlanKey::PlanItemSave } else { PlanKey::PlanItemAdd })}
                </button>
                {is_edit
                    .then(|| {
                        view! {
                            " "
                            <button type="button" data-testid="item-cancel" on:click=move |_| editing.set(None)>
                                {i18n.tr(PlanKey::PlanCancelEdit)}
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}
