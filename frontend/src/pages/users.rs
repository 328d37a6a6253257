//! `/admin/users`: user administration for administrators — the searchable, keyset-paginated
//! list, the create-user form ([`create`]) and the panel for one account ([`editor`]).

mod create;
mod editor;

use cebase_domain::dto::{Page, UserDto};
use leptos::prelude::*;

use crate::api::{self, UserQuery};
use crate::components::guard::RequireAdmin;
use crate::components::pager::{Cursors, Pager};
use crate::components::problem::ProblemView;
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
    let i18n = use_i18n();
    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let cursors = Cursors::new();
    // Bumped after every change so the list shows it.
    let changes = RwSignal::new(0u32);
    let selected = RwSignal::new(None::<UserDto>);
    let selected_id = Memo::new(move |_| selected.with(|s| s.as_ref().map(|u| u.id)));

    let users = LocalResource::new(move || {
        changes.track();
        let query = UserQuery {
            q: Some(search.get()),
            cursor: cursors.current(),
            limit: PAGE_SIZE,
        };
        async move { api::list_users(&query).await }
    });
    let next_cursor = Signal::derive(move || {
        users
            .get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });

    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search.set(search_input.get_untracked().trim().to_owned());
        cursors.reset();
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
                <form class="toolbar" on:submit=on_search>
                    <input
                        type="search"
                        data-testid="users-search"
                        id="users-search"
                        placeholder=i18n.tr(UserKey::SearchPlaceholder)
                        bind:value=search_input
                    />
                    <button type="submit" data-testid="users-search-submit">
                        {i18n.tr(Key::Search)}
                    </button>
                </form>
                <Transition fallback=move || {
                    view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
                }>
                    {move || {
                        users
                            .get()
                            .map(|answer| match answer {
                                Ok(page) => view! { <UserTable page selected /> }.into_any(),
                                Err(error) => {
                                    view! { <ProblemView error=Some(error) /> }.into_any()
                                }
                            })
                    }}
                </Transition>
                <Pager cursors next_cursor testid="users-page" />
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

#[component]
fn UserTable(page: Page<UserDto>, selected: RwSignal<Option<UserDto>>) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! {
            <p class="muted" data-testid="users-empty">
                {i18n.tr(UserKey::NoUsers)}
            </p>
        }
        .into_any();
    }
    let rows = page
        .items
        .into_iter()
        .map(|user| {
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
                                view! {
                                    <span class="badge badge-off">{i18n.t(UserKey::Disabled)}</span>
                                }
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
        })
        .collect_view();
    view! {
        <table class="table" data-testid="users-table">
            <thead>
                <tr>
                    <th>{i18n.tr(UserKey::Username)}</th>
                    <th>{i18n.tr(UserKey::DisplayName)}</th>
                    <th>{i18n.tr(UserKey::Roles)}</th>
                    <th>{i18n.tr(Key::Status)}</th>
                    <th>{i18n.tr(Key::UpdatedAt)}</th>
                    <th>{i18n.tr(Key::Actions)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
