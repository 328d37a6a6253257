//! `/people`: the people directory (人员名录) — search by name (or look up one complete
//! document number), filter by employer (`?organisation=<id>` preselects one), keyset pages —
//! with the form that adds a person ([`form`]). Document numbers are shown as the server sends
//! them: masked in every list. `/people/:id` is one person ([`detail`]).

mod detail;
mod form;
mod registrations;

pub use detail::PersonPage;
pub(crate) use form::PersonForm;
pub(crate) use registrations::{MyRegistrations, RegistrationQueue};

use cebase_domain::access::MasterResource;
use cebase_domain::master::PersonDto;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::api::{self, PeopleQuery};
use crate::components::guard::RequireRead;
use crate::components::list::{ListBesideForm, PagedTable, SearchBar};
use crate::components::names::OrganisationName;
use crate::components::pager::Cursors;
use crate::components::picker::{PickFrom, RecordPicker};
use crate::i18n::{PersonKey, use_i18n};
use crate::session::use_session;

const PAGE_SIZE: u32 = 20;

#[component]
pub fn PeoplePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{i18n.tr(PersonKey::PeopleTitle)}</h1>
            <RequireRead resource=MasterResource::People>
                <Directory />
            </RequireRead>
        </section>
    }
}

/// What the search box holds: a name to search for, or (letters and digits with at least one
/// digit, as no name has) a document number to look up exactly.
fn search_query(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    let is_number = text.chars().any(|c| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if is_number {
        (None, Some(text.to_ascii_uppercase()))
    } else {
        (Some(text.to_owned()), None)
    }
}

#[component]
fn Directory() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let writes = move || session.writes(MasterResource::People);
    let query_map = use_query_map();
    let search = RwSignal::new(String::new());
    let organisation = RwSignal::new(query_map.with_untracked(|q| {
        q.get_str("organisation")
            .and_then(|id| id.parse::<Uuid>().ok())
    }));
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);
    let fetch = move |cursor| {
        changes.track();
        let (q, id_number) = search_query(&search.get());
        let query = PeopleQuery {
            q,
            id_number,
            organisation_id: organisation.get(),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_people(&query).await }
    };

    view! {
        <Show when=writes>
            <RegistrationQueue on_decided=Callback::new(move |()| changes.update(|n| *n += 1)) />
        </Show>
        <ListBesideForm
            writes
            form=move || {
                view! { <PersonForm on_saved=Callback::new(move |_| changes.update(|n| *n += 1)) /> }
            }
        >
            <SearchBar testid="people" placeholder=PersonKey::PeopleSearch search cursors />
            <div class="toolbar picker-filter">
                <span class="muted">{i18n.tr(PersonKey::Employer)}</span>
                <RecordPicker
                    from=PickFrom::Organisations
                    selected=organisation
                    id="people-organisation"
                    placeholder=PersonKey::AnyOrganisation
                    on_change=Callback::new(move |()| cursors.reset())
                />
            </div>
            <PagedTable
                fetch
                cursors
                columns=vec![
                    PersonKey::PersonName.into(),
                    PersonKey::IdNumber.into(),
                    PersonKey::Employer.into(),
                    PersonKey::ProfessionalTitle.into(),
                    PersonKey::Degree.into(),
                    PersonKey::Phone.into(),
                ]
                row=person_row
                empty=PersonKey::NoPeople
                testid="people"
                note=PersonKey::IdMaskedNote
            />
        </ListBesideForm>
    }
}

fn person_row(p: PersonDto) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, level, degree) = (p.id_kind, p.title_level, p.degree);
    let title = p.title.clone();
    let name = p.name.clone();
    view! {
        <tr data-testid=format!("person-row-{}", p.name) data-id=p.id.to_string()>
            <td>
                <A href=format!("/people/{}", p.id) attr:data-testid=format!("person-link-{}", p.name)>
                    {name}
                </A>
            </td>
            <td>
                <span class="muted small">{move || i18n.id_kind(kind)}</span>
                <br />
                <span class="mono" data-testid="person-id-number-cell">
                    {p.id_number.clone()}
                </span>
            </td>
            <td>{p.employer_id.map(|id| view! { <OrganisationName id /> })}</td>
            <td>
                {move || {
                    let level = i18n.title_level(level);
                    match &title {
                        Some(t) => format!("{t}（{level}）"),
                        None => level.to_owned(),
                    }
                }}
            </td>
            <td>{move || i18n.degree(degree)}</td>
            <td class="nowrap">{p.phone.clone()}</td>
        </tr>
    }
}
