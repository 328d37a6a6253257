//! Building blocks of the master-data forms: a labelled text input or text area with its
//! field errors, and the small helpers the forms share.

use cebase_domain::FieldError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::components::problem::FieldErrors;
use crate::i18n::{Key, Text, use_i18n};
use crate::time::format_shanghai;

/// A labelled one-line input `{id}` bound to `value`, with the errors of `field` below it.
#[component]
pub fn TextField(
    /// The input's id and test id.
    id: &'static str,
    #[prop(into)] label: Text,
    value: RwSignal<String>,
    /// The request field whose errors are shown here.
    field: &'static str,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(optional, into)] placeholder: Option<Text>,
    /// Marks the label "(optional)".
    #[prop(optional)]
    optional: bool,
    /// `type` of the input (default `text`).
    #[prop(optional)]
    kind: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>
                {i18n.tr(label)}
                {optional.then(|| view! { <span class="muted small">{i18n.tr(Key::Optional)}</span> })}
            </label>
            <input
                id=id
                data-testid=id
                type=kind.unwrap_or("text")
                autocomplete="off"
                placeholder=move || placeholder.map(|k| i18n.t(k)).unwrap_or_default()
                bind:value=value
            />
            <FieldErrors errors field />
        </div>
    }
}

/// A labelled multi-line text area `{id}`.
#[component]
pub fn TextArea(
    id: &'static str,
    #[prop(into)] label: Text,
    value: RwSignal<String>,
    field: &'static str,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
    #[prop(optional)] optional: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>
                {i18n.tr(label)}
                {optional.then(|| view! { <span class="muted small">{i18n.tr(Key::Optional)}</span> })}
            </label>
            <textarea
                id=id
                data-testid=id
                rows="3"
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            ></textarea>
            <FieldErrors errors field />
        </div>
    }
}

/// An optional text as a request carries it: trimmed, `None` when blank.
pub fn optional_text(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// Replaces the errors of `field` with `error` (none when `None`), leaving the other fields'.
pub fn set_field_error(errors: RwSignal<Vec<FieldError>>, field: &str, error: Option<FieldError>) {
    errors.update(|all| {
        all.retain(|e| e.field != field);
        all.extend(error);
    });
}

/// When a record was created and last changed, and its version (`data-testid="record-version"`).
#[component]
pub fn RecordMeta(
    created_at: Signal<DateTime<Utc>>,
    updated_at: Signal<DateTime<Utc>>,
    version: Signal<i32>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <dl class="card meta">
            <dt>{i18n.tr(Key::CreatedAt)}</dt>
            <dd>{move || format_shanghai(created_at.get())}</dd>
            <dt>{i18n.tr(Key::UpdatedAt)}</dt>
            <dd>{move || format_shanghai(updated_at.get())}</dd>
            <dt>{i18n.tr(Key::Version)}</dt>
            <dd data-testid="record-version">{move || version.get()}</dd>
        </dl>
    }
}
