//! `/organisations`: the organisation directory (单位名录) — search by name, filter by kind,
//! keyset pages — and, for staff and admin, the form that adds one ([`form`]). `/organisations/:id`
//! is one organisation with its partner agreements ([`detail`], [`partners`]).

mod detail;
mod form;
mod partners;

pub use detail::OrganisationPage;

use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{OrganisationDto, OrganisationKind};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, OrganisationQuery};
use crate::components::guard::RequireRead;
use crate::components::pager::{Cursors, Pager};
use crate::components::problem::ProblemView;
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
    let i18n = use_i18n();
    let session = use_session();
    let writes = move || session.writes(MasterResource::Organisations);
    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let kind = RwSignal::new(None::<OrganisationKind>);
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);

    let list = LocalResource::new(move || {
        changes.track();
        let query = OrganisationQuery {
            q: Some(search.get()),
            kind: kind.get(),
            cursor: cursors.current(),
            limit: PAGE_SIZE,
        };
        async move { api::list_organisations(&query).await }
    });
    let next_cursor = Signal::derive(move || {
        list.get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search.set(search_input.get_untracked().trim().to_owned());
        cursors.reset();
    };

    view! {
        <div class=("two-columns", writes)>
            <div class="column-main">
                <form class="toolbar" on:submit=on_search>
                    <input
                        type="search"
                        id="orgs-search"
                        data-testid="orgs-search"
                        placeholder=i18n.tr(OrgKey::OrganisationSearch)
                        bind:value=search_input
                    />
                    <EnumFilter
                        id="orgs-kind"
                        value=kind
                        options=OrganisationKind::ALL
                        label=I18n::organisation_kind
                        any_label=Key::All
                        on_change=Callback::new(move |()| cursors.reset())
                    />
                    <button type="submit" data-testid="orgs-search-submit">
                        {i18n.tr(Key::Search)}
                    </button>
                </form>
                <Transition fallback=move || {
                    view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
                }>
                    {move || {
                        list.get()
                            .map(|answer| match answer {
                                Ok(page) => view! { <OrganisationTable page /> }.into_any(),
                                Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                            })
                    }}
                </Transition>
                <Pager cursors next_cursor testid="orgs-page" />
            </div>
            <Show when=writes>
                <div class="column-side">
                    <OrganisationForm on_saved=Callback::new(move |_| {
                        changes.update(|n| *n += 1)
                    }) />
                </div>
            </Show>
        </div>
    }
}

#[component]
fn OrganisationTable(page: Page<OrganisationDto>) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! {
            <p class="muted" data-testid="orgs-empty">
                {i18n.tr(OrgKey::NoOrganisations)}
            </p>
        }
        .into_any();
    }
    let rows = page
        .items
        .into_iter()
        .map(|o| {
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
        })
        .collect_view();
    view! {
        <table class="table" data-testid="orgs-table">
            <thead>
                <tr>
                    <th>{i18n.tr(OrgKey::OrgName)}</th>
                    <th>{i18n.tr(OrgKey::OrgKind)}</th>
                    <th>{i18n.tr(OrgKey::CreditCode)}</th>
                    <th>{i18n.tr(OrgKey::Contact)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
