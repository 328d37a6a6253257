//! The panel for one account: change its roles (sending the `version` it was loaded at, so a
//! concurrent change by another administrator is refused rather than overwritten), disable or
//! enable it, and reset its password.

use cebase_domain::FieldError;
use cebase_domain::dto::{ResetPasswordRequest, UpdateRolesRequest, UserDto};
use cebase_domain::role::RoleSet;
use cebase_domain::user::NewPassword;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::problem::{FieldErrors, ProblemView};
use crate::components::role_picker::RolePicker;
use crate::i18n::{Key, UserKey, use_i18n};
use crate::time::format_shanghai;

/// What the last successful operation was, for the confirmation line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Done {
    RolesSaved,
    Disabled,
    Enabled,
    PasswordReset,
}

#[component]
pub fn UserEditor(
    user: UserDto,
    /// Called with the account as the server answered after each change.
    on_changed: Callback<UserDto>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = user.id;
    let version = RwSignal::new(user.version);
    let disabled = RwSignal::new(user.disabled);
    let roles = RwSignal::new(user.roles.clone());
    let authority = RwSignal::new(user.reviewer_authority);
    let new_password = RwSignal::new(String::new());
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<Done>);

    // Every operation starts by clearing the last outcome and ends through `finish`.
    let begin = move || {
        error.set(None);
        done.set(None);
    };
    let finish = move |result: Result<Option<UserDto>, ApiError>, what: Done| match result {
        Ok(updated) => {
            if let Some(user) = updated {
                version.set(user.version);
                disabled.set(user.disabled);
                on_changed.run(user);
            }
            field_errors.set(Vec::new());
            done.set(Some(what));
        }
        Err(e) => {
            field_errors.set(e.field_errors().to_vec());
            error.set(Some(e));
        }
    };

    let save_roles = Action::new_local(move |request: &UpdateRolesRequest| {
        let request = request.clone();
        async move {
            finish(
                api::update_roles(id, &request).await.map(Some),
                Done::RolesSaved,
            )
        }
    });
    let toggle = Action::new_local(move |disable: &bool| {
        let disable = *disable;
        let what = if disable {
            Done::Disabled
        } else {
            Done::Enabled
        };
        async move { finish(api::set_disabled(id, disable).await.map(Some), what) }
    });
    let reset = Action::new_local(move |request: &ResetPasswordRequest| {
        let request = request.clone();
        async move {
            let result = api::reset_password(id, &request).await;
            if result.is_ok() {
                new_password.set(String::new());
            }
            finish(result.map(|()| None), Done::PasswordReset)
        }
    });
    let busy =
        move || save_roles.pending().get() || toggle.pending().get() || reset.pending().get();

    let on_save_roles = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        begin();
        let request = UpdateRolesRequest {
            roles: roles.get_untracked(),
            reviewer_authority: authority.get_untracked(),
            version: version.get_untracked(),
        };
        match RoleSet::new(request.roles.iter().copied(), request.reviewer_authority) {
            Ok(_) => {
                field_errors.set(Vec::new());
                save_roles.dispatch(request);
            }
            Err(e) => field_errors.set(vec![FieldError::new(e.field(), e.code(), e.to_string())]),
        }
    };
    let on_reset = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        begin();
        match NewPassword::parse("new_password", &new_password.get_untracked()) {
            Ok(_) => {
                field_errors.set(Vec::new());
                reset.dispatch(ResetPasswordRequest {
                    new_password: new_password.get_untracked(),
                });
            }
            Err(e) => field_errors.set(vec![e]),
        }
    };

    let confirmation = move || {
        done.get().map(|what| {
            let key = match what {
                Done::RolesSaved => UserKey::RolesSaved,
                Done::Disabled => UserKey::AccountDisabled,
                Done::Enabled => UserKey::AccountEnabled,
                Done::PasswordReset => UserKey::PasswordReset,
            };
            view! {
                <p class="notice success" data-testid="user-edit-success">
                    {i18n.tr(key)}
                </p>
            }
        })
    };

    view! {
        <div class="card editor" data-testid="user-editor">
            <div class="editor-head">
                <h2>
                    {user.display_name.clone()} " "
                    <span class="muted mono">"(" {user.username.clone()} ")"</span>
                </h2>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="user-edit-close"
                    on:click=move |_| on_close.run(())
                >
                    {i18n.tr(Key::Close)}
                </button>
            </div>
            <p class="muted">
                {i18n.tr(Key::CreatedAt)} ": " {format_shanghai(user.created_at)}
            </p>
            <ProblemView error />
            {confirmation}

            <form class="form" on:submit=on_save_roles>
                <h3>{i18n.tr(UserKey::ChangeRoles)}</h3>
                <RolePicker roles authority id_prefix="user-edit" errors=field_errors />
                <button
                    type="submit"
                    class="primary"
                    data-testid="user-edit-save-roles"
                    disabled=busy
                >
                    {i18n.tr(UserKey::SaveRoles)}
                </button>
            </form>

            <div class="form">
                <h3>{i18n.tr(Key::Status)}</h3>
                <p>
                    {move || {
                        if disabled.get() { i18n.t(UserKey::Disabled) } else { i18n.t(UserKey::Active) }
                    }}
                </p>
                <button
                    type="button"
                    class:danger=move || !disabled.get()
                    data-testid="user-edit-toggle-disabled"
                    disabled=busy
                    on:click=move |_| {
                        begin();
                        toggle.dispatch(!disabled.get_untracked());
                    }
                >
                    {move || {
                        i18n.t(if disabled.get() { UserKey::EnableAccount } else { UserKey::DisableAccount })
                    }}
                </button>
            </div>

            <form class="form" on:submit=on_reset>
                <h3>{i18n.tr(UserKey::ResetPassword)}</h3>
                <div class="field">
                    <label for="user-edit-new-password">{i18n.tr(UserKey::NewPassword)}</label>
                    <input
                        id="user-edit-new-password"
                        data-testid="user-edit-new-password"
                        type="password"
                        autocomplete="new-password"
                        placeholder=i18n.tr(UserKey::PasswordHint)
                        bind:value=new_password
                    />
                    <FieldErrors errors=field_errors field="new_password" />
                </div>
                <button type="submit" data-testid="user-edit-reset-password" disabled=busy>
                    {i18n.tr(UserKey::ResetPassword)}
                </button>
            </form>
        </div>
    }
}
