//! The enrolments of a class: the seats taken as a bar, the enrolled (and withdrawn) people, and
//! for staff and admin while the class is planned or open: enrol one person, enrol several at
//! once (all or nothing: `422 bulk_rejected` names each refused person and why) and withdraw.
//! `class_full` and `already_enrolled` are shown as problems. Staff and admin also import many
//! at once from a CSV or xlsx file ([`super::import::ImportWizard`]). Every enrolment of the class
//! is loaded (page by page), counted and filtered by name, so a class of hundreds stays usable.

use cebase_domain::class::ClassStatus;
use cebase_domain::training::{
    BulkEnrolRequest, ClassDto, EnrolRequest, EnrolmentDto, EnrolmentSource, EnrolmentStatus,
};
use cebase_domain::{FieldError, ProblemCode};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use super::SeatBar;
use super::import::ImportWizard;
use crate::api::{self, ApiError};
use crate::components::picker::{PickFrom, RecordPicker};
use crate::components::problem::ProblemView;
use crate::i18n::{ClassKey, FieldKey, I18n, Key, PersonKey, use_i18n};
use crate::time::format_shanghai;

#[component]
pub fn EnrolmentList(
    class: RwSignal<ClassDto>,
    manages: bool,
    /// After someone was enrolled or withdrew (the class's counts changed).
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class_id = class.get_untracked().id;
    let reloads = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reloads.track();
        api::list_all_enrolments(class_id)
    });
    let filter = RwSignal::new(String::new());
    let open_for_changes = Memo::new(move |_| {
        manages
            && matches!(
                class.with(|c| c.status),
                ClassStatus::Planned | ClassStatus::Open
            )
    });
    let error = RwSignal::new(None::<ApiError>);
    let changed = Callback::new(move |()| {
        reloads.update(|n| *n += 1);
        on_changed.run(());
    });
    let withdraw = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            match api::withdraw(id).await {
                Ok(_) => {
                    error.set(None);
                    changed.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let on_withdraw = Callback::new(move |id| {
        withdraw.dispatch(id);
    });

    view! {
        <div class="card" data-testid="class-enrolments">
            <h2>{i18n.tr(ClassKey::Enrolments)}</h2>
            <SeatBar
                enrolled=Signal::derive(move || class.with(|c| c.enrolled_count))
                capacity=Signal::derive(move || class.with(|c| c.capacity))
                testid="enrolment-seats"
            />
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
            }>
                {move || {
                    list.get()
                        .map(|answer| match answer {
                            Ok(page) => {
                                let items = page.items;
                                let active = items
                                    .iter()
                                    .filter(|e| e.status == EnrolmentStatus::Enrolled)
                                    .count();
                                let withdrawn = items.len() - active;
                                view! {
                                    <div class="toolbar">
                                        <span
                                            class="small"
                                            data-testid="enrolments-count"
                                            data-active=active.to_string()
                                        >
                                            {move || i18n.enrolment_counts(active, withdrawn)}
                                        </span>
                                        <input
                                            type="search"
                                            data-testid="enrolments-filter"
                                            placeholder=i18n.tr(ClassKey::FilterByName)
                                            bind:value=filter
                                        />
                                    </div>
                                    {move || {
                                        let needle = filter.get().trim().to_owned();
                                        let shown: Vec<EnrolmentDto> = items
                                            .iter()
                                            .filter(|e| needle.is_empty() || e.person_name.contains(&needle))
                                            .cloned()
                                            .collect();
                                        view! {
                                            <EnrolmentTable
                                                items=shown
                                                withdrawable=open_for_changes.get()
                                                on_withdraw
                                            />
                                        }
                                    }}
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
            <ProblemView error />
            <Show when=move || open_for_changes.get()>
                <div class="two-up">
                    <EnrolOne class_id on_enrolled=changed />
                    <EnrolSeveral class_id on_enrolled=changed />
                </div>
                <ImportWizard class_id on_imported=changed />
            </Show>
        </div>
    }
}

fn source_label(i18n: &I18n, source: EnrolmentSource) -> &'static str {
    i18n.t(match source {
        EnrolmentSource::SelfEnrolment => ClassKey::SourceSelf,
        EnrolmentSource::OrgContact => ClassKey::SourceOrgContact,
        EnrolmentSource::Staff => ClassKey::SourceStaff,
    })
}

/// `enrolments-table`, a row `enrolment-row-{person name}` per enrolment.
#[component]
fn EnrolmentTable(
    items: Vec<EnrolmentDto>,
    withdrawable: bool,
    on_withdraw: Callback<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! {
            <p class="muted" data-testid="enrolments-empty">
                {i18n.tr(ClassKey::NoEnrolments)}
            </p>
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|e| {
            let active = e.status == EnrolmentStatus::Enrolled;
            let source = e.source;
            let id = e.id;
            view! {
                <tr
                    data-testid=format!("enrolment-row-{}", e.person_name)
                    data-status=e.status.to_string()
                    class:muted=!active
                >
                    <td>{e.person_name.clone()}</td>
                    <td>
                        <span class="badge" class:badge-on=active class:badge-off=!active>
                            {move || i18n.t(if active { ClassKey::Enrolled } else { ClassKey::Withdrawn })}
                        </span>
                    </td>
                    <td>{move || source_label(&i18n, source)}</td>
                    <td class="nowrap small">{format_shanghai(e.enrolled_at)}</td>
                    <td>
                        {(withdrawable && active)
                            .then(|| {
                                view! {
                                    <button
                                        type="button"
                                        class="button-small"
                                        data-testid="enrolment-withdraw"
                                        on:click=move |_| on_withdraw.run(id)
                                    >
                                        {i18n.tr(ClassKey::Withdraw)}
                                    </button>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-testid="enrolments-table">
            <thead>
                <tr>
                    <th>{i18n.tr(Key::Person)}</th>
                    <th>{i18n.tr(Key::Status)}</th>
                    <th>{i18n.tr(ClassKey::Source)}</th>
                    <th>{i18n.tr(ClassKey::EnrolledAt)}</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Enrol one person: `enrol-person` (picker), `enrol-submit`.
#[component]
fn EnrolOne(class_id: Uuid, on_enrolled: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let person = RwSignal::new(None::<Uuid>);
    let error = RwSignal::new(None::<ApiError>);
    let enrol = Action::new_local(move |person_id: &Uuid| {
        let request = EnrolRequest {
            person_id: *person_id,
        };
        async move {
            match api::enrol(class_id, &request).await {
                Ok(_) => {
                    error.set(None);
                    person.set(None);
                    on_enrolled.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = enrol.pending();
    view! {
        <div class="form" data-testid="enrol-one">
            <h3>{i18n.tr(ClassKey::AddPerson)}</h3>
            <RecordPicker
                from=PickFrom::People
                selected=person
                id="enrol-person"
                placeholder=PersonKey::PeopleSearch
                on_change=Callback::new(move |()| error.set(None))
            />
            <ProblemView error />
            <button
                type="button"
                class="primary"
                data-testid="enrol-submit"
                disabled=move || pending.get() || person.with(Option::is_none)
                on:click=move |_| {
                    if let Some(id) = person.get_untracked() {
                        enrol.dispatch(id);
                    }
                }
            >
                {i18n.tr(ClassKey::Enrol)}
            </button>
        </div>
    }
}

/// Enrol several people at once: each person picked (`bulk-person`) joins the list
/// (`bulk-chosen`), `bulk-submit` enrols them all; refusals per person in `bulk-errors`
/// (`<li data-code>`).
#[component]
fn EnrolSeveral(class_id: Uuid, on_enrolled: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let picked = RwSignal::new(None::<Uuid>);
    let chosen = RwSignal::new(Vec::<(Uuid, String)>::new());
    let error = RwSignal::new(None::<ApiError>);
    let add_picked = Callback::new(move |()| {
        let Some(id) = picked.get_untracked() else {
            return;
        };
        picked.set(None);
        error.set(None);
        spawn_local(async move {
            let name = api::get_person(id)
                .await
                .map(|p| p.name)
                .unwrap_or_else(|_| id.to_string());
            chosen.update(|list| list.push((id, name)));
        });
    });
    let enrol = Action::new_local(move |ids: &Vec<Uuid>| {
        let request = BulkEnrolRequest {
            person_ids: ids.clone(),
        };
        async move {
            match api::enrol_bulk(class_id, &request).await {
                Ok(_) => {
                    error.set(None);
                    chosen.set(Vec::new());
                    on_enrolled.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = enrol.pending();
    // Each refused item by the person's name (`person_ids[i]` → the i-th chosen).
    let refusals = move || {
        let errors: Vec<FieldError> = error.with(|e| {
            e.as_ref()
                .filter(|e| e.code() == Some("bulk_rejected"))
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        });
        (!errors.is_empty()).then(|| {
            let names = chosen.get_untracked();
            let items = errors
                .into_iter()
                .map(|e| {
                    let index = e
                        .field
                        .strip_prefix("person_ids[")
                        .and_then(|rest| rest.strip_suffix(']'))
                        .and_then(|i| i.parse::<usize>().ok());
                    let name = index
                        .and_then(|i| names.get(i))
                        .map(|(_, n)| n.clone())
                        .unwrap_or_else(|| e.field.clone());
                    let why = match e.code.as_str() {
                        "class_full" => i18n.t(ProblemCode::ClassFull).to_owned(),
                        "already_enrolled" => i18n.t(ProblemCode::AlreadyEnrolled).to_owned(),
                        "duplicate" => i18n.t(ClassKey::BulkDuplicate).to_owned(),
                        "not_enrollable" => i18n.t(ClassKey::BulkNotEnrollable).to_owned(),
                        "not_found" => i18n.t(FieldKey::ReferenceNotFound).to_owned(),
                        _ => e.message.clone(),
                    };
                    view! {
                        <li data-code=e.code.clone()>
                            <strong>{name}</strong>
                            "："
                            {why}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="unmet field-error" data-testid="bulk-errors">{items}</ul> }
        })
    };
    view! {
        <div class="form" data-testid="enrol-several">
            <h3>{i18n.tr(ClassKey::AddSeveral)}</h3>
            <p class="muted small">{i18n.tr(ClassKey::BulkEnrolHint)}</p>
            <RecordPicker
                from=PickFrom::People
                selected=picked
                id="bulk-person"
                placeholder=PersonKey::PeopleSearch
                on_change=add_picked
            />
            <ul class="chips" data-testid="bulk-chosen">
                {move || {
                    chosen
                        .get()
                        .into_iter()
                        .map(|(id, name)| {
                            let remove = format!("bulk-remove-{name}");
                            view! {
                                <li class="chip">
                                    {name}
                                    <button
                                        type="button"
                                        class="button-small"
                                        data-testid=remove
                                        on:click=move |_| {
                                            chosen.update(|list| list.retain(|(i, _)| *i != id))
                                        }
                                    >
                                        "×"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <ProblemView error />
            {refusals}
            <button
                type="button"
                class="primary"
                data-testid="bulk-submit"
                disabled=move || pending.get() || chosen.with(Vec::is_empty)
                on:click=move |_| {
                    let ids = chosen.with_untracked(|l| l.iter().map(|(id, _)| *id).collect());
                    enrol.dispatch(ids);
                }
            >
                {i18n.tr(ClassKey::EnrolSelected)}
            </button>
        </div>
    }
}
