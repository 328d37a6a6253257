//! Keyset pagination: remembers the cursors of the pages visited so "previous" works although
//! the API only hands out a cursor for the next page.

use leptos::prelude::*;

use crate::i18n::{Key, use_i18n};

/// The cursors of the visited pages; the last one is the page shown (`None` = first page).
#[derive(Debug, Clone, Copy)]
pub struct Cursors {
    visited: RwSignal<Vec<Option<String>>>,
}

impl Cursors {
    pub fn new() -> Cursors {
        Cursors {
            visited: RwSignal::new(vec![None]),
        }
    }

    /// The cursor of the page shown (tracked).
    pub fn current(&self) -> Option<String> {
        self.visited.with(|v| v.last().cloned().flatten())
    }

    /// 1-based number of the page shown (tracked).
    pub fn page_number(&self) -> usize {
        self.visited.with(Vec::len)
    }

    pub fn advance(&self, next: String) {
        self.visited.update(|v| v.push(Some(next)));
    }

    pub fn back(&self) {
        self.visited.update(|v| {
            if v.len() > 1 {
                v.pop();
            }
        });
    }

    /// Back to the first page (after the filters changed).
    pub fn reset(&self) {
        self.visited.set(vec![None]);
    }
}

/// "Previous · page n · next" for a list whose answer gave `next_cursor`.
#[component]
pub fn Pager(
    cursors: Cursors,
    /// The `next_cursor` of the page shown; `None` on the last page or while loading.
    #[prop(into)]
    next_cursor: Signal<Option<String>>,
    /// Prefix of the buttons' test ids: `{testid}-prev`, `{testid}-next`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="pager">
            <button
                type="button"
                data-testid=format!("{testid}-prev")
                disabled=move || cursors.page_number() <= 1
                on:click=move |_| cursors.back()
            >
                {i18n.tr(Key::Previous)}
            </button>
            <span class="pager-page">{move || i18n.page_number(cursors.page_number())}</span>
            <button
                type="button"
                data-testid=format!("{testid}-next")
                disabled=move || next_cursor.with(Option::is_none)
                on:click=move |_| {
                    if let Some(next) = next_cursor.get_untracked() {
                        cursors.advance(next);
                    }
                }
            >
                {i18n.tr(Key::Next)}
            </button>
        </div>
    }
}
