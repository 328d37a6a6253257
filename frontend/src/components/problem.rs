//! Showing what went wrong: the error box for a failed request and the per-field messages of a
//! validation problem (`errors[]` of the problem document, or the same rules checked in the
//! browser before sending).

use cebase_domain::{FieldError, ProblemCode};
use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{I18n, Key, Lang, use_i18n};

/// The error box (`data-testid="problem"`, `data-code` = the problem's machine code).
#[component]
pub fn ProblemView(#[prop(into)] error: Signal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        error.get().map(|error| {
            let code = error.code().unwrap_or_default().to_owned();
            let message = move || describe(i18n, &error);
            view! {
                <div class="problem" role="alert" data-testid="problem" data-code=code>
                    {move || {
                        let (headline, detail) = message();
                        view! {
                            <strong class="problem-headline">{headline}</strong>
                            {detail.map(|d| view! { <span class="problem-detail">{d}</span> })}
                        }
                    }}
                </div>
            }
        })
    }
}

/// The headline of the error in the user's language, from its code (the table of
/// `cebase_domain::ProblemCode`), and what else is worth saying: the request id of a server error
/// (for the log), and, in the English interface only, the server's own `detail` — the API writes
/// it in English, so it is never shown inside the Chinese one.
fn describe(i18n: I18n, error: &ApiError) -> (String, Option<String>) {
    match error {
        ApiError::Problem {
            problem,
            retry_after,
        } => {
            let code = ProblemCode::parse(&problem.code);
            let headline = match code {
                Some(ProblemCode::TooManyAttempts) => i18n.too_many_attempts(*retry_after),
                Some(code) => i18n.t(code).to_owned(),
                None => i18n.unexpected_response(problem.status),
            };
            let mut detail = match i18n.lang() {
                Lang::En => problem.detail.clone().filter(|d| *d != headline),
                Lang::Zh => None,
            };
            if problem.status >= 500
                && let Some(id) = &problem.request_id
            {
                let id = format!("{} {id}", i18n.t(Key::RequestId));
                detail = Some(match detail {
                    Some(d) => format!("{d} ({id})"),
                    None => id,
                });
            }
            (headline, detail)
        }
        ApiError::Network(cause) => (i18n.t(Key::ErrNetwork).to_owned(), Some(cause.clone())),
        ApiError::Unexpected { status } => (i18n.unexpected_response(*status), None),
        ApiError::SessionExpired => (i18n.t(ProblemCode::Unauthenticated).to_owned(), None),
    }
}

/// The error box of a save. When the record changed since it was loaded (409
/// `version_conflict`) it says so instead and offers to reload the record
/// (`data-testid="version-conflict"`, button `conflict-reload`).
#[component]
pub fn SaveProblem(
    #[prop(into)] error: Signal<Option<ApiError>>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let conflict =
        move || error.with(|e| e.as_ref().and_then(ApiError::code) == Some("version_conflict"));
    view! {
        <Show
            when=conflict
            fallback=move || view! { <ProblemView error /> }
        >
            <div
                class="problem conflict"
                role="alert"
                data-testid="version-conflict"
                data-code="version_conflict"
            >
                <strong class="problem-headline">{i18n.tr(ProblemCode::VersionConflict)}</strong>
                <span class="problem-detail">{i18n.tr(Key::ConflictHint)}</span>
                <div>
                    <button
                        type="button"
                        data-testid="conflict-reload"
                        on:click=move |_| on_reload.run(())
                    >
                        {i18n.tr(Key::ReloadRecord)}
                    </button>
                </div>
            </div>
        </Show>
    }
}

/// The field errors of a failed save: the problem's `errors[]`, plus the field a conflict code
/// is about (`credit_code_taken` → `credit_code` …) so the message appears next to it.
pub fn save_field_errors(error: &ApiError) -> Vec<FieldError> {
    let mut errors = error.field_errors().to_vec();
    let field = match error.code() {
        Some("credit_code_taken") => Some("credit_code"),
        Some("person_duplicate") => Some("id_number"),
        Some("user_already_linked") => Some("user_id"),
        Some("teacher_exists") => Some("person_id"),
        _ => None,
    };
    if let (Some(field), Some(code)) = (field, error.code()) {
        errors.push(FieldError::new(field, code, code));
    }
    errors
}

/// The messages for one form field (`data-testid="field-error-{field}"`), next to its input.
#[component]
pub fn FieldErrors(
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    field: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let messages: Vec<String> = errors.with(|all| {
            all.iter()
                .filter(|e| e.field == field)
                .map(|e| i18n.field_error(e))
                .collect()
        });
        (!messages.is_empty()).then(|| {
            view! {
                <span class="field-error" data-testid=format!("field-error-{field}")>
                    {messages.join(" ")}
                </span>
            }
        })
    }
}
