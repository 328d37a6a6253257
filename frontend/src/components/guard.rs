//! Guards for pages that only some roles may open. The server enforces the same rules; the
//! guard only spares people a page full of "forbidden" errors.

use cebase_domain::access::MasterResource;
use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};
use crate::session::use_session;

/// Renders `children` for administrators and a short notice for everyone else.
#[component]
pub fn RequireAdmin(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <Show
            when=move || session.is_admin()
            fallback=move || {
                view! {
                    <p class="notice warning" data-testid="admin-only">
                        {i18n.tr(Key::AdminOnly)}
                    </p>
                }
            }
        >
            {children()}
        </Show>
    }
}

/// Renders `children` for roles that may read every record of `resource`
/// (`cebase_domain::access::read_scope`) and a short notice for everyone else.
#[component]
pub fn RequireRead(resource: MasterResource, children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let i18n = use_i18n();
    view! {
        <Show
            when=move || session.reads_all(resource)
            fallback=move || {
                view! {
                    <p class="notice warning" data-testid="no-access">
                        {i18n.tr(Key::NoAccess)}
                    </p>
                }
            }
        >
            {children()}
        </Show>
    }
}
