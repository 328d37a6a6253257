//! `/organisations/:id`: one organisation — its details (a form for staff and admin, sending the
//! `version` it was loaded at), a link to the people it employs and its partner agreements.

use cebase_domain::access::MasterResource;
use cebase_domain::master::OrganisationDto;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use super::form::OrganisationForm;
use super::partners::Partners;
use crate::api;
use crate::components::form::RecordMeta;
use crate::components::guard::RequireRead;
use crate::components::names::remember_organisation;
use crate::components::problem::ProblemView;
use crate::i18n::{Key, OrgKey, use_i18n};
use crate::pages::route_id;
use crate::session::use_session;

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                <A href="/organisations">{i18n.tr(Key::BackToList)}</A>
            </p>
            <RequireRead resource=MasterResource::Organisations>
                {move || match id.get() {
                    Some(id) => view! { <OrganisationDetail id /> }.into_any(),
                    None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
                }}
            </RequireRead>
        </section>
    }
}

#[component]
fn OrganisationDetail(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let record = LocalResource::new(move || {
        reloads.track();
        api::get_organisation(id)
    });
    let on_reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                record
                    .get()
                    .map(|answer| match answer {
                        Ok(organisation) => {
                            remember_organisation(&organisation);
                            view! { <Loaded organisation on_reload /> }.into_any()
                        }
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Loaded(organisation: OrganisationDto, on_reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = organisation.id;
    let current = RwSignal::new(organisation);
    let writes = session.writes(MasterResource::Organisations);
    view! {
        <h1 data-testid="org-title">{move || current.with(|o| o.name.clone())}</h1>
        <div class="two-columns">
            <div class="column-main">
                <OrganisationForm
                    existing=current
                    on_saved=Callback::new(|_| {})
                    on_reload
                    readonly=!writes
                />
            </div>
            <div class="column-side">
                <RecordMeta
                    created_at=Signal::derive(move || current.with(|o| o.created_at))
                    updated_at=Signal::derive(move || current.with(|o| o.updated_at))
                    version=Signal::derive(move || current.with(|o| o.version))
                />
                <Show when=move || session.reads_all(MasterResource::People)>
                    <p>
                        <A
                            href=format!("/people?organisation={id}")
                            attr:data-testid="org-people-link"
                        >
                            {i18n.tr(OrgKey::PeopleOfOrganisation)}
                        </A>
                    </p>
                </Show>
            </div>
        </div>
        <Show when=move || session.reads_all(MasterResource::Partners)>
            <Partners organisation_id=id />
        </Show>
    }
}
