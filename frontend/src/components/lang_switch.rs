//! The 中文/English switch (shown on the login page and in the header).

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// A button labelled with the language it switches to.
#[component]
pub fn LangSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="button-quiet"
            id="lang-switch"
            data-testid="lang-switch"
            lang=move || i18n.lang().other().tag()
            on:click=move |_| i18n.set(i18n.lang_untracked().other())
        >
            {i18n.tr(Key::SwitchLanguage)}
        </button>
    }
}
