//! `/people/:id`: one person — staff and admin read the document number in full here (and only
//! here) and change the person, sending the `version` it was loaded at.

use cebase_domain::access::MasterResource;
use cebase_domain::master::PersonDto;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use super::form::PersonForm;
use crate::api;
use crate::components::form::RecordMeta;
use crate::components::guard::RequireRead;
use crate::components::problem::ProblemView;
use crate::i18n::{Key, RecordKey, use_i18n};
use crate::pages::route_id;

#[component]
pub fn PersonPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                <A href="/people">{i18n.tr(Key::BackToList)}</A>
            </p>
            <RequireRead resource=MasterResource::People>
                {move || match id.get() {
                    Some(id) => view! { <PersonDetail id /> }.into_any(),
                    None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
                }}
            </RequireRead>
        </section>
    }
}

#[component]
fn PersonDetail(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let record = LocalResource::new(move || {
        reloads.track();
        api::get_person(id)
    });
    let on_reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                record
                    .get()
                    .map(|answer| match answer {
                        Ok(person) => view! { <Loaded person on_reload /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Loaded(person: PersonDto, on_reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let current = RwSignal::new(person);
    view! {
        <h1 data-testid="person-title">{move || current.with(|p| p.name.clone())}</h1>
        <p>
            <A
                href=move || format!("/people/{}/record", current.with(|p| p.id))
                attr:data-testid="person-record-link"
                attr:id="person-record-link"
            >
                {i18n.tr(RecordKey::PersonRecordLink)}
            </A>
        </p>
        <div class="two-columns">
            <div class="column-main">
                <PersonForm existing=current on_saved=Callback::new(|_| {}) on_reload />
            </div>
            <div class="column-side">
                <RecordMeta
                    created_at=Signal::derive(move || current.with(|p| p.created_at))
                    updated_at=Signal::derive(move || current.with(|p| p.updated_at))
                    version=Signal::derive(move || current.with(|p| p.version))
                />
            </div>
        </div>
    }
}
