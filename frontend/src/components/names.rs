//! Names of referenced organisations (a person's employer is sent as an id): looked up once per
//! organisation and kept for the rest of the visit; rows that show the same employer share one
//! request.

use std::cell::RefCell;
use std::collections::HashMap;

use cebase_domain::master::OrganisationDto;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api;

type Lookup = Shared<LocalBoxFuture<'static, Option<String>>>;

thread_local! {
    static ORGANISATIONS: RefCell<HashMap<Uuid, Lookup>> = RefCell::new(HashMap::new());
}

/// The name of organisation `id` (`None` when it cannot be read).
pub async fn organisation_name(id: Uuid) -> Option<String> {
    let lookup = ORGANISATIONS.with_borrow_mut(|cache| {
        cache
            .entry(id)
            .or_insert_with(|| {
                async move { api::get_organisation(id).await.ok().map(|o| o.name) }
                    .boxed_local()
                    .shared()
            })
            .clone()
    });
    let name = lookup.await;
    if name.is_none() {
        // A failed lookup (e.g. offline) is tried again next time.
        ORGANISATIONS.with_borrow_mut(|cache| cache.remove(&id));
    }
    name
}

/// Keeps the name of an organisation just read or saved, so lists show the current one.
pub fn remember_organisation(organisation: &OrganisationDto) {
    let name = Some(organisation.name.clone());
    ORGANISATIONS.with_borrow_mut(|cache| {
        cache.insert(
            organisation.id,
            futures::future::ready(name).boxed_local().shared(),
        )
    });
}

/// The organisation's name, linking to its page.
#[component]
pub fn OrganisationName(id: Uuid) -> impl IntoView {
    let name = LocalResource::new(move || organisation_name(id));
    view! {
        <A href=format!("/organisations/{id}")>
            {move || name.get().flatten().unwrap_or_else(|| "…".to_owned())}
        </A>
    }
}
