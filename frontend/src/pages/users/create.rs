//! The create-user form: username, display name, initial password, roles and — for a
//! reviewer — the authority. The domain's own parsers check the input before it is sent; the
//! server's `errors[]` land next to the same fields.

use cebase_domain::dto::{CreateUserRequest, UserDto};
use cebase_domain::role::RoleSet;
use cebase_domain::user::{DisplayName, NewPassword, Username};
use cebase_domain::{Authority, FieldError, Role};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::problem::{FieldErrors, ProblemView};
use crate::components::role_picker::RolePicker;
use crate::i18n::{Key, UserKey, use_i18n};

#[component]
pub fn CreateUserForm(on_created: Callback<UserDto>) -> impl IntoView {
    let i18n = use_i18n();
    let username = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let roles = RwSignal::new(Vec::<Role>::new());
    let authority = RwSignal::new(None::<Authority>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<String>);

    let create = Action::new_local(move |request: &CreateUserRequest| {
        let request = request.clone();
        async move {
            match api::create_user(&request).await {
                Ok(user) => {
                    created.set(Some(user.username.clone()));
                    username.set(String::new());
                    display_name.set(String::new());
                    password.set(String::new());
                    roles.set(Vec::new());
                    authority.set(None);
                    on_created.run(user);
                }
                Err(e) => {
                    field_errors.set(e.field_errors().to_vec());
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = create.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        created.set(None);
        error.set(None);
        let request = CreateUserRequest {
            username: username.get_untracked().trim().to_owned(),
            display_name: display_name.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
            roles: roles.get_untracked(),
            reviewer_authority: authority.get_untracked(),
        };
        let errors = check(&request);
        let ok = errors.is_empty();
        field_errors.set(errors);
        if ok {
            create.dispatch(request);
        }
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="user-create-form">
            <h2>{i18n.tr(UserKey::CreateUser)}</h2>
            <div class="field">
                <label for="user-create-username">{i18n.tr(UserKey::Username)}</label>
                <input
                    id="user-create-username"
                    data-testid="user-create-username"
                    autocomplete="off"
                    required
                    bind:value=username
                />
                <FieldErrors errors=field_errors field="username" />
            </div>
            <div class="field">
                <label for="user-create-display-name">{i18n.tr(UserKey::DisplayName)}</label>
                <input
                    id="user-create-display-name"
                    data-testid="user-create-display-name"
                    autocomplete="off"
                    required
                    bind:value=display_name
                />
                <FieldErrors errors=field_errors field="display_name" />
            </div>
            <div class="field">
                <label for="user-create-password">{i18n.tr(UserKey::InitialPassword)}</label>
                <input
                    id="user-create-password"
                    data-testid="user-create-password"
                    type="password"
                    autocomplete="new-password"
                    placeholder=i18n.tr(UserKey::PasswordHint)
                    required
                    bind:value=password
                />
                <FieldErrors errors=field_errors field="password" />
            </div>
            <RolePicker roles authority id_prefix="user-create" errors=field_errors />
            <ProblemView error />
            {move || {
                created
                    .get()
                    .map(|name| {
                        view! {
                            <p class="notice success" data-testid="user-create-success">
                                {move || i18n.user_created(&name)}
                            </p>
                        }
                    })
            }}
            <button
                type="submit"
                class="primary"
                id="user-create-submit"
                data-testid="user-create-submit"
                disabled=move || pending.get()
            >
                {move || i18n.t(if pending.get() { Key::Saving } else { Key::Create })}
            </button>
        </form>
    }
}

/// The server's rules, applied before sending (they live once, in `cebase_domain`).
fn check(request: &CreateUserRequest) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if let Err(e) = Username::parse(&request.username) {
        errors.push(e);
    }
    if let Err(e) = DisplayName::parse(&request.display_name) {
        errors.push(e);
    }
    if let Err(e) = NewPassword::parse("password", &request.password) {
        errors.push(e);
    }
    if let Err(e) = RoleSet::new(request.roles.iter().copied(), request.reviewer_authority) {
        errors.push(FieldError::new(e.field(), e.code(), e.to_string()));
    }
    errors
}
