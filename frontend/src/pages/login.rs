//! `/login`: the sign-in form. Shows the problem the server answered (wrong credentials, too
//! many attempts with the seconds to wait) and goes home once the account is loaded.

use cebase_domain::dto::LoginRequest;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::components::lang_switch::LangSwitch;
use crate::components::problem::ProblemView;
use crate::i18n::{Key, UserKey, use_i18n};
use crate::session::use_session;

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();

    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let login = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move { session.login(request).await }
    });
    let pending = login.pending();
    let error = Signal::derive(move || login.value().get().and_then(Result::err));

    // Logged in already (a kept session) or just now: go to the home page.
    Effect::new(move |_| {
        if session.is_logged_in() {
            navigate(
                "/",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        login.dispatch(LoginRequest {
            username: username.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        });
    };

    view! {
        <div class="login-page">
            <div class="login-lang">
                <LangSwitch />
            </div>
            <form class="card login-card" on:submit=on_submit data-testid="login-form">
                <h1 class="login-title">{i18n.tr(Key::AppName)}</h1>
                <p class="muted">{i18n.tr(Key::AppSubtitle)}</p>
                <h2>{i18n.tr(UserKey::LoginTitle)}</h2>
                <div class="field">
                    <label for="login-username">{i18n.tr(UserKey::Username)}</label>
                    <input
                        id="login-username"
                        data-testid="login-username"
                        name="username"
                        autocomplete="username"
                        required
                        bind:value=username
                    />
                </div>
                <div class="field">
                    <label for="login-password">{i18n.tr(UserKey::Password)}</label>
                    <input
                        id="login-password"
                        data-testid="login-password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        bind:value=password
                    />
                </div>
                {move || {
                    session
                        .notice()
                        .map(|key| {
                            view! {
                                <p class="notice success" data-testid="login-notice">
                                    {i18n.tr(key)}
                                </p>
                            }
                        })
                }}
                <ProblemView error />
                <button
                    type="submit"
                    class="primary"
                    id="login-submit"
                    data-testid="login-submit"
                    disabled=move || pending.get()
                >
                    {move || i18n.t(if pending.get() { UserKey::LoggingIn } else { UserKey::LoginSubmit })}
                </button>
            </form>
        </div>
    }
}
