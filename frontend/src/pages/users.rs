//! `/admin/users`: user administration for administrators — the searchable, keyset-paginated
//! list, the create-user form ([`create`]) and the panel for one account ([`editor`]).

mod create;
mod editor;

use cebase_domain::dto::UserDto;
use leptos::prelude::*;

use crate::api::{self, UserQuery};
use crate::components::guard::RequireAdmin;
use crate::components::list::{PagedTable, SearchBar};
use crate::components::pager::Cursors;
use crate::i18n::{Key, UserKey, use_i18n};
use crate::time::format_shanghai;

use create::CreateUserForm;
use editor::UserEditor;

/// Rows per page.
const PAGE_SIZE: u32 = 20;

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{i18n.tr(UserKey::UsersTitle)}</h1>
            <RequireAdmin>
                <UserAdministration />
            </RequireAdmin>
        </section>
    }
}

#[component]
fn UserAdministration() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let cursors = Cursors::new();
    // Bumped after every change so the list shows it.
    let changes = RwSignal::new(0u32);
    let selected = RwSignal::new(None::<UserDto>);
    let selected_id = Memo::new(move |_| selected.with(|s| s.as_ref().map(|u| u.id)));

    let fetch = move |cursor| {
        changes.track();
        let query = UserQuery {
            q: Some(search.get()),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_users(&query).await }
    };
    let on_changed = Callback::new(move |user: UserDto| {
        if selected.with_untracked(|s| s.as_ref().map(|s| s.id)) == Some(user.id) {
            selected.set(Some(user));
        }
        changes.update(|n| *n += 1);
    });

    view! {
        <div class="two-columns">
            <div class="column-main">
                <SearchBar testid="users" placeholder=UserKey::SearchPlaceholder search cursors />
                <PagedTable
                    fetch
                    cursors
                    columns=vec![
                        UserKey::Username.into(),
                        UserKey::DisplayName.into(),
                        UserKey::Roles.into(),
                        Key::Status.into(),
                        Key::UpdatedAt.into(),
                        Key::Actions.into(),
                    ]
                    row=move |user| user_row(user, selected)
                    empty=UserKey::NoUsers
                    testid="users"
                />
                {move || {
                    // Re-created only when another account is chosen, not when the chosen one
                    // changes, so the editor keeps its confirmation line.
                    selected_id
                        .get()
                        .and_then(|_| selected.get_untracked())
                        .map(|user| {
                            view! {
                                <UserEditor
                                    user
                                    on_changed
                                    on_close=Callback::new(move |()| selected.set(None))
                                />
                            }
                        })
                }}
            </div>
            <div class="column-side">
                <CreateUserForm on_created=on_changed />
            </div>
        </div>
    }
}

fn user_row(user: UserDto, selected: RwSignal<Option<UserDto>>) -> impl IntoView {
    let i18n = use_i18n();
    let roles = user.roles.clone();
    let is_selected = {
        let id = user.id;
        move || selected.with(|s| s.as_ref().map(|s| s.id) == Some(id))
    };
    let username = user.username.clone();
    let row_user = user.clone();
    view! {
        <tr
            data-testid=format!("user-row-{username}")
            class:selected=is_selected
            class:disabled=user.disabled
        >
            <td class="mono">{user.username.clone()}</td>
            <td>{user.display_name.clone()}</td>
            <td>{move || i18n.roles(&roles)}</td>
            <td>
                {move || {
                    if user.disabled {
                        view! { <span class="badge badge-off">{i18n.t(UserKey::Disabled)}</span> }
                    } else {
                        view! { <span class="badge badge-on">{i18n.t(UserKey::Active)}</span> }
                    }
                }}
            </td>
            <td class="nowrap">{format_shanghai(user.updated_at)}</td>
            <td>
                <button
                    type="button"
                    class="button-small"
                    data-testid=format!("user-manage-{username}")
                    on:click=move |_| selected.set(Some(row_user.clone()))
                >
                    {i18n.tr(UserKey::Manage)}
                </button>
            </td>
        </tr>
    }
}
