//! `/account`: the logged-in person's own account — profile and change of password.

use cebase_domain::FieldError;
use cebase_domain::dto::{ChangePasswordRequest, UserDto};
use cebase_domain::user::NewPassword;
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{Key, UserKey, use_i18n};
use crate::session::use_session;
use crate::time::format_shanghai;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="page">
            <h1>{i18n.tr(UserKey::AccountTitle)}</h1>
            {move || session.user().map(|user| view! { <Profile user /> })}
            <ChangePasswordForm />
        </section>
    }
}

#[component]
fn Profile(user: UserDto) -> impl IntoView {
    let i18n = use_i18n();
    let roles = user.roles.clone();
    let authority = user.reviewer_authority;
    view! {
        <dl class="card profile" data-testid="profile">
            <dt>{i18n.tr(UserKey::Username)}</dt>
            <dd data-testid="profile-username">{user.username}</dd>
            <dt>{i18n.tr(UserKey::DisplayName)}</dt>
            <dd>{user.display_name}</dd>
            <dt>{i18n.tr(UserKey::Roles)}</dt>
            <dd>{move || i18n.roles(&roles)}</dd>
            {authority
                .map(|a| {
                    view! {
                        <dt>{i18n.tr(UserKey::ReviewerAuthority)}</dt>
                        <dd>{move || i18n.authority(a)}</dd>
                    }
                })}
            <dt>{i18n.tr(Key::CreatedAt)}</dt>
            <dd>{format_shanghai(user.created_at)}</dd>
        </dl>
    }
}

/// What an account whose password must be changed sees instead of every page: the reason and
/// the form (the server refuses everything else with `password_change_required`).
#[component]
pub fn ForcedPasswordChange() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page" data-testid="forced-password-change">
            <h1>{i18n.tr(UserKey::MustChangePasswordTitle)}</h1>
            <p class="notice">{i18n.tr(UserKey::MustChangePasswordIntro)}</p>
            <ChangePasswordForm />
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);

    let change = Action::new_local(move |request: &ChangePasswordRequest| {
        let request = request.clone();
        async move {
            let result = api::change_password(&request).await;
            match &result {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    confirm.set(String::new());
                    done.set(true);
                    // The server ended every session of the account, this one included: back
                    // to the login page, which says why.
                    session.ended_by_server(UserKey::PasswordChanged);
                }
                Err(e) => {
                    let mut errors = e.field_errors().to_vec();
                    if e.code() == Some("wrong_password") {
                        errors.push(FieldError::new(
                            "current_password",
                            "wrong_password",
                            "wrong password",
                        ));
                    }
                    field_errors.set(errors);
                    error.set(Some(e.clone()));
                }
            }
            result
        }
    });
    let pending = change.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        error.set(None);
        // The same rule the server applies, checked here first (cebase_domain::user).
        let mut errors = Vec::new();
        if let Err(e) = NewPassword::parse("new_password", &new.get_untracked()) {
            errors.push(e);
        }
        if new.get_untracked() != confirm.get_untracked() {
            errors.push(FieldError::new(
                "new_password_confirm",
                "mismatch",
                "passwords differ",
            ));
        }
        let ok = errors.is_empty();
        field_errors.set(errors);
        if ok {
            change.dispatch(ChangePasswordRequest {
                current_password: current.get_untracked(),
                new_password: new.get_untracked(),
            });
        }
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="change-password-form">
            <h2>{i18n.tr(UserKey::ChangePassword)}</h2>
            <div class="field">
                <label for="account-current-password">{i18n.tr(UserKey::CurrentPassword)}</label>
                <input
                    id="account-current-password"
                    data-testid="account-current-password"
                    type="password"
                    autocomplete="current-password"
                    required
                    bind:value=current
                />
                <FieldErrors errors=field_errors field="current_password" />
            </div>
            <div class="field">
                <label for="account-new-password">{i18n.tr(UserKey::NewPassword)}</label>
                <input
                    id="account-new-password"
                    data-testid="account-new-password"
                    type="password"
                    autocomplete="new-password"
                    placeholder=i18n.tr(UserKey::PasswordHint)
                    required
                    bind:value=new
                />
                <FieldErrors errors=field_errors field="new_password" />
            </div>
            <div class="field">
                <label for="account-confirm-password">{i18n.tr(UserKey::ConfirmPassword)}</label>
                <input
                    id="account-confirm-password"
                    data-testid="account-confirm-password"
                    type="password"
                    autocomplete="new-password"
                    required
                    bind:value=confirm
                />
                <FieldErrors errors=field_errors field="new_password_confirm" />
            </div>
            <ProblemView error />
            <Show when=move || done.get()>
                <p class="notice success" data-testid="password-changed">
                    {i18n.tr(UserKey::PasswordChanged)}
                </p>
            </Show>
            <button
                type="submit"
                class="primary"
                data-testid="account-change-password"
                disabled=move || pending.get()
            >
                {move || i18n.t(if pending.get() { Key::Saving } else { Key::Save })}
            </button>
        </form>
    }
}
