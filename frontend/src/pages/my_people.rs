//! `/my/people`: "my people" (本单位人员) for organisation contacts — the people their
//! organisation employs (search by name, ID numbers masked as in every list), adding a
//! colleague (the server records the contact's organisation as the employer), enrolling the
//! people ticked into a class open to them (`POST /classes/{id}/enrolments/bulk`, all or
//! nothing, each refusal named by person) and the organisation's enrolments in that class with
//! withdrawal. What a contact may see and do is the server's `cebase_domain::access` policy;
//! this page only offers it.
//!
//! Test ids: `my-people-org`, `my-people-search`, `my-people-table` with rows
//! `my-person-{name}` and boxes `my-person-pick-{name}`, `my-people-picked`, `my-people-class`
//! (a `<select>` of classes by id), `my-people-enrol`, `my-people-errors`, `my-people-enrolled`,
//! `my-class-enrolments` with rows `my-enrolment-{name}` and `my-enrolment-withdraw-{name}`.

use std::collections::BTreeMap;

use cebase_domain::FieldError;
use cebase_domain::class::ClassStatus;
use cebase_domain::master::PersonDto;
use cebase_domain::training::{BulkEnrolRequest, ClassDto, EnrolmentDto, EnrolmentStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiError, ClassQuery, OrganisationQuery, PeopleQuery};
use crate::components::list::{PagedTable, SearchBar};
use crate::components::pager::Cursors;
use crate::components::problem::ProblemView;
use crate::i18n::{ClassKey, Key, PersonKey, RecordKey, Text, use_i18n};
use crate::pages::people::{MyRegistrations, PersonForm};
use crate::session::use_session;
use crate::time::format_shanghai;

const PAGE_SIZE: u32 = 50;

#[component]
pub fn MyPeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="page">
            <h1>{i18n.tr(PersonKey::MyPeopleTitle)}</h1>
            <Show
                when=move || session.has_role(cebase_domain::Role::OrgContact)
                fallback=move || {
                    view! {
                        <p class="notice warning" data-testid="no-access">
                            {i18n.tr(Key::NoAccess)}
                        </p>
                    }
                }
            >
                <MyPeople />
            </Show>
        </section>
    }
}

#[component]
fn MyPeople() -> impl IntoView {
    let i18n = use_i18n();
    // The contact's organisation is the one organisation they can read.
    let organisation = LocalResource::new(|| async {
        api::list_organisations(&OrganisationQuery {
            limit: 1,
            ..OrganisationQuery::default()
        })
        .await
        .map(|page| page.items.into_iter().next())
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                organisation
                    .get()
                    .map(|answer| match answer {
                        Ok(Some(org)) => {
                            view! {
                                <p class="muted" data-testid="my-people-org">
                                    {org.name.clone()}
                                </p>
                                <Workspace />
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            view! {
                                <p class="notice warning" data-testid="my-people-no-organisation">
                                    {i18n.tr(PersonKey::MyPeopleNoOrganisation)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Workspace() -> impl IntoView {
    let i18n = use_i18n();
    let search = RwSignal::new(String::new());
    let cursors = Cursors::new();
    let people_changes = RwSignal::new(0u32);
    let registration_changes = RwSignal::new(0u32);
    // The people ticked, by id, with their names (kept across pages and searches).
    let picked = RwSignal::new(BTreeMap::<Uuid, String>::new());
    let class_id = RwSignal::new(None::<Uuid>);
    let enrolment_changes = RwSignal::new(0u32);

    let fetch = move |cursor| {
        people_changes.track();
        let query = PeopleQuery {
            q: Some(search.get()),
            cursor,
            limit: PAGE_SIZE,
            ..PeopleQuery::default()
        };
        async move { api::list_people(&query).await }
    };

    view! {
        <div class="two-columns">
            <div class="column-main">
                <div class="card">
                    <h2>{i18n.tr(PersonKey::MyPeopleList)}</h2>
                    <SearchBar testid="my-people" placeholder=PersonKey::PeopleSearch search cursors />
                    <PagedTable
                        fetch
                        cursors
                        columns=vec![
                            Text::BLANK,
                            PersonKey::PersonName.into(),
                            PersonKey::IdNumber.into(),
                            PersonKey::ProfessionalTitle.into(),
                            Text::BLANK,
                        ]
                        row=move |person| person_row(person, picked)
                        empty=PersonKey::NoPeople
                        testid="my-people"
                        note=PersonKey::IdMaskedNote
                    />
                </div>
                <EnrolPanel picked class_id on_enrolled=Callback::new(move |()| enrolment_changes.update(|n| *n += 1)) />
                {move || {
                    class_id
                        .get()
                        .map(|id| {
                            view! { <ClassEnrolments class_id=id changes=enrolment_changes /> }
                        })
                }}
            </div>
            <div class="column-side">
                <PersonForm
                    own_organisation=true
                    on_saved=Callback::new(move |_| people_changes.update(|n| *n += 1))
                    on_filed=Callback::new(move |_| registration_changes.update(|n| *n += 1))
                />
                <MyRegistrations changes=registration_changes />
            </div>
        </div>
    }
}

/// One of the organisation's people, with a box to pick them for enrolment.
fn person_row(p: PersonDto, picked: RwSignal<BTreeMap<Uuid, String>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = p.id;
    let name = p.name.clone();
    let (kind, level) = (p.id_kind, p.title_level);
    let title = p.title.clone();
    let pick_name = name.clone();
    view! {
        <tr data-testid=format!("my-person-{}", p.name) data-id=p.id.to_string()>
            <td>
                <input
                    type="checkbox"
                    data-testid=format!("my-person-pick-{}", p.name)
                    aria-label=i18n.tr(Key::Select)
                    prop:checked=move || picked.with(|m| m.contains_key(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        let name = pick_name.clone();
                        picked.update(|m| {
                            if on {
                                m.insert(id, name);
                            } else {
                                m.remove(&id);
                            }
                        });
                    }
                />
            </td>
            <td>{name}</td>
            <td>
                <span class="muted small">{move || i18n.id_kind(kind)}</span>
                " "
                <span class="mono">{p.id_number.clone()}</span>
            </td>
            <td>
                {move || {
                    let level = i18n.title_level(level);
                    match &title {
                        Some(t) => format!("{t}（{level}）"),
                        None => level.to_owned(),
                    }
                }}
            </td>
            <td>
                <A href=format!("/people/{id}/record") attr:data-testid=format!("my-person-record-{}", p.name)>
                    {i18n.tr(RecordKey::LearningRecordTitle)}
                </A>
            </td>
        </tr>
    }
}

/// Choose a class open to the organisation and enrol everyone picked, all or nothing.
#[component]
fn EnrolPanel(
    picked: RwSignal<BTreeMap<Uuid, String>>,
    class_id: RwSignal<Option<Uuid>>,
    on_enrolled: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Classes the contact may see that still take enrolments (planned or open).
    let classes = LocalResource::new(|| async {
        api::list_classes(&ClassQuery {
            limit: 100,
            ..ClassQuery::default()
        })
        .await
        .map(|page| {
            page.items
                .into_iter()
                .filter(|c| matches!(c.status, ClassStatus::Planned | ClassStatus::Open))
                .collect::<Vec<ClassDto>>()
        })
    });
    let error = RwSignal::new(None::<ApiError>);
    // The names of the people sent, in request order, to name each refusal.
    let sent = RwSignal::new(Vec::<String>::new());
    let enrolled = RwSignal::new(None::<usize>);
    let enrol = Action::new_local(move |(class, ids): &(Uuid, Vec<Uuid>)| {
        let (class, ids) = (*class, ids.clone());
        async move {
            let request = BulkEnrolRequest { person_ids: ids };
            match api::enrol_bulk(class, &request).await {
                Ok(answer) => {
                    error.set(None);
                    enrolled.set(Some(answer.items.len()));
                    picked.set(BTreeMap::new());
                    on_enrolled.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = enrol.pending();
    let refusals = move || {
        let errors: Vec<FieldError> = error.with(|e| {
            e.as_ref()
                .filter(|e| e.code() == Some("bulk_rejected"))
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        });
        (!errors.is_empty()).then(|| {
            let names = sent.get_untracked();
            let items = errors
                .into_iter()
                .map(|e| {
                    let name = e
                        .field
                        .strip_prefix("person_ids[")
                        .and_then(|rest| rest.strip_suffix(']'))
                        .and_then(|i| i.parse::<usize>().ok())
                        .and_then(|i| names.get(i).cloned())
                        .unwrap_or_else(|| e.field.clone());
                    let code = e.code.clone();
                    view! {
                        <li data-code=code>
                            <strong>{name}</strong>
                            "："
                            {move || i18n.bulk_refusal(&e)}
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="unmet field-error" data-testid="my-people-errors">{items}</ul> }
        })
    };
    let class_options = move || {
        classes.get().map(|answer| match answer {
            Ok(list) if list.is_empty() => view! {
                <p class="muted" data-testid="my-people-no-classes">{i18n.tr(PersonKey::MyPeopleNoClasses)}</p>
            }
            .into_any(),
            Ok(list) => {
                let options = list
                    .into_iter()
                    .map(|c| {
                        let label = format!(
                            "{} （{} – {}，{}）",
                            c.title,
                            c.start_date,
                            c.end_date,
                            i18n.seats(c.enrolled_count, c.capacity)
                        );
                        view! { <option value=c.id.to_string()>{label}</option> }
                    })
                    .collect_view();
                view! {
                    <select
                        id="my-people-class"
                        data-testid="my-people-class"
                        on:change=move |ev| {
                            enrolled.set(None);
                            error.set(None);
                            class_id.set(event_target_value(&ev).parse::<Uuid>().ok());
                        }
                    >
                        <option value="">{i18n.tr(ClassKey::ChooseClass)}</option>
                        {options}
                    </select>
                }
                .into_any()
            }
            Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
        })
    };
    view! {
        <div class="card form" data-testid="my-people-enrol-panel">
            <h2>{i18n.tr(PersonKey::MyPeopleEnrol)}</h2>
            <p class="muted small">{i18n.tr(PersonKey::MyPeopleEnrolHint)}</p>
            <label for="my-people-class">{i18n.tr(ClassKey::ClassTitle)}</label>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {class_options}
            </Transition>
            <p data-testid="my-people-picked" data-count=move || picked.with(|m| m.len()).to_string()>
                {move || i18n.picked_people(picked.with(|m| m.len()))}
                " "
                <span class="muted small">
                    {move || picked.with(|m| m.values().cloned().collect::<Vec<_>>().join("、"))}
                </span>
            </p>
            <ProblemView error />
            {refusals}
            {move || {
                enrolled
                    .get()
                    .map(|n| {
                        view! {
                            <p class="notice success" data-testid="my-people-enrolled">
                                {move || i18n.enrolled_people(n)}
                            </p>
                        }
                    })
            }}
            <button
                type="button"
                class="primary"
                data-testid="my-people-enrol"
                disabled=move || {
                    pending.get() || class_id.with(Option::is_none) || picked.with(BTreeMap::is_empty)
                }
                on:click=move |_| {
                    let Some(class) = class_id.get_untracked() else {
                        return;
                    };
                    let (ids, names): (Vec<Uuid>, Vec<String>) = picked
                        .get_untracked()
                        .into_iter()
                        .unzip();
                    sent.set(names);
                    enrolled.set(None);
                    enrol.dispatch((class, ids));
                }
            >
                {i18n.tr(ClassKey::EnrolSelected)}
            </button>
        </div>
    }
}

/// The organisation's enrolments in the chosen class (the server shows a contact only their
/// own people's), with withdrawal while the class takes enrolments.
#[component]
fn ClassEnrolments(class_id: Uuid, changes: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(move || {
        changes.track();
        api::list_enrolments(class_id)
    });
    let error = RwSignal::new(None::<ApiError>);
    let withdraw = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            match api::withdraw(id).await {
                Ok(_) => {
                    error.set(None);
                    changes.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let rows = move |items: Vec<EnrolmentDto>| {
        if items.is_empty() {
            return view! {
                <p class="muted" data-testid="my-class-enrolments-empty">{i18n.tr(ClassKey::NoEnrolments)}</p>
            }
            .into_any();
        }
        let active = items
            .iter()
            .filter(|e| e.status == EnrolmentStatus::Enrolled)
            .count();
        let rows = items
            .into_iter()
            .map(|e| {
                let is_active = e.status == EnrolmentStatus::Enrolled;
                let id = e.id;
                view! {
                    <tr
                        data-testid=format!("my-enrolment-{}", e.person_name)
                        data-status=e.status.to_string()
                        class:muted=!is_active
                    >
                        <td>{e.person_name.clone()}</td>
                        <td>
                            <span class="badge" class:badge-on=is_active class:badge-off=!is_active>
                                {move || i18n.t(if is_active { ClassKey::Enrolled } else { ClassKey::Withdrawn })}
                            </span>
                        </td>
                        <td class="nowrap small">{format_shanghai(e.enrolled_at)}</td>
                        <td>
                            {is_active
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            class="button-small"
                                            data-testid=format!("my-enrolment-withdraw-{}", e.person_name)
                                            on:click=move |_| {
                                                withdraw.dispatch(id);
                                            }
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
            <p class="small" data-testid="my-class-enrolments-count" data-active=active.to_string()>
                {move || i18n.active_enrolments(active)}
            </p>
            <table class="table">
                <thead>
                    <tr>
                        <th>{i18n.tr(Key::Person)}</th>
                        <th>{i18n.tr(Key::Status)}</th>
                        <th>{i18n.tr(ClassKey::EnrolledAt)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="card" data-testid="my-class-enrolments">
            <h2>{i18n.tr(PersonKey::MyPeopleEnrolments)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    list.get()
                        .map(|answer| match answer {
                            Ok(page) => rows(page.items),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
            <ProblemView error />
        </div>
    }
}
