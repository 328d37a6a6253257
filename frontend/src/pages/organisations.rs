//! `/organisations`: the organisation directory (单位名录) — search by name, filter by kind,
//! keyset pages — and, for staff and admin, the form that adds one ([`form`]). `/organisations/:id`
//! is one organisation with its partner agreements ([`detail`], [`partners`]).

mod detail;
mod form;
mod partners;

pub use detail::OrganisationPage;

use cebase_domain::access::MasterResource;
use cebase_domain::master::{OrganisationDto, OrganisationKind};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, OrganisationQuery};
use crate::components::guard::RequireRead;
use crate::components::list::{ListBesideForm, PagedTable, SearchBar};
use crate::components::pager::Cursors;
use crate::components::select::EnumFilter;
use crate::i18n::{I18n, Key, OrgKey, use_i18n};
use crate::session::use_session;

use form::OrganisationForm;

/// Rows per page.
const PAGE_SIZE: u32 = 20;

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{i18n.tr(OrgKey::OrganisationsTitle)}</h1>
            <RequireRead resource=MasterResource::Organisations>
                <Directory />
            </RequireRead>
        </section>
    }
}

#[component]
fn Directory() -> impl IntoView {
    let session = use_session();
    let writes = move || session.writes(MasterResource::Organisations);
    let search = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<OrganisationKind>);
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);
    let fetch = move |cursor| {
        changes.track();
        let query = OrganisationQuery {
            q: Some(search.get()),
            kind: kind.get(),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_organisations(&query).await }
    };

    view! {
        <ListBesideForm
            writes
            form=move || {
                view! { <OrganisationForm on_saved=Callback::new(move |_| changes.update(|n| *n += 1)) /> }
            }
        >
            <SearchBar testid="orgs" placeholder=OrgKey::OrganisationSearch search cursors>
                <EnumFilter
                    id="orgs-kind"
                    value=kind
                    options=OrganisationKind::ALL
                    label=I18n::organisation_kind
                    any_label=Key::All
                    on_change=Callback::new(move |()| cursors.reset())
                />
            </SearchBar>
            <PagedTable
                fetch
                cursors
                columns=vec![
                    OrgKey::OrgName.into(),
                    OrgKey::OrgKind.into(),
                    OrgKey::CreditCode.into(),
                    OrgKey::Contact.into(),
                ]
                row=organisation_row
                empty=OrgKey::NoOrganisations
                testid="orgs"
            />
        </ListBesideForm>
    }
}

fn organisation_row(o: OrganisationDto) -> impl IntoView {
    let i18n = use_i18n();
    let contact = [o.contact_name.clone(), o.contact_phone.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let kind = o.kind;
    let name = o.name.clone();
    view! {
        <tr data-testid=format!("org-row-{}", o.name) data-id=o.id.to_string()>
            <td>
                <A href=format!("/organisations/{}", o.id) attr:data-testid=format!("org-link-{}", o.name)>
                    {name}
                </A>
            </td>
            <td>{move || i18n.organisation_kind(kind)}</td>
            <td class="mono">{o.credit_code.clone()}</td>
            <td>{contact}</td>
        </tr>
    }
}
