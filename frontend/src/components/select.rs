//! `<select>`s over the domain's enumerations (`OrganisationKind`, `Degree` …): the option values
//! are the stable names of `text_enum!` (the same as their JSON), the labels come from `i18n`.

use std::fmt::Display;
use std::str::FromStr;

use leptos::prelude::*;

use crate::i18n::{I18n, Text, use_i18n};

/// What an enumeration needs to be offered in a select.
pub trait Choice: Copy + PartialEq + Display + FromStr + Send + Sync + 'static {}
impl<T: Copy + PartialEq + Display + FromStr + Send + Sync + 'static> Choice for T {}

/// A required choice: one option per value of `options`.
#[component]
pub fn EnumSelect<T: Choice>(
    /// The element's id and test id.
    id: &'static str,
    value: RwSignal<T>,
    options: &'static [T],
    /// The label of a value in the current language, e.g. `I18n::degree`.
    label: fn(&I18n, T) -> &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = options
        .iter()
        .copied()
        .map(|option| {
            view! {
                <option value=option.to_string() prop:selected=move || value.get() == option>
                    {move || label(&i18n, option)}
                </option>
            }
        })
        .collect_view();
    view! {
        <select
            id=id
            data-testid=id
            on:change=move |ev| {
                if let Ok(v) = event_target_value(&ev).parse() {
                    value.set(v);
                }
            }
        >
            {options}
        </select>
    }
}

/// An optional choice for list filters: "any" (`any_label`) or one value.
#[component]
pub fn EnumFilter<T: Choice>(
    id: &'static str,
    value: RwSignal<Option<T>>,
    options: &'static [T],
    label: fn(&I18n, T) -> &'static str,
    #[prop(into)] any_label: Text,
    /// Called after the choice changed (e.g. to go back to the first page).
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = options
        .iter()
        .copied()
        .map(|option| {
            view! {
                <option value=option.to_string() prop:selected=move || value.get() == Some(option)>
                    {move || label(&i18n, option)}
                </option>
            }
        })
        .collect_view();
    view! {
        <select
            id=id
            data-testid=id
            on:change=move |ev| {
                value.set(event_target_value(&ev).parse().ok());
                if let Some(callback) = on_change {
                    callback.run(());
                }
            }
        >
            <option value="" prop:selected=move || value.get().is_none()>
                {i18n.tr(any_label)}
            </option>
            {options}
        </select>
    }
}
