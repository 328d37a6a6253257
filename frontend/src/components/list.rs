//! The parts every keyset-paged list page shares: the search form with its filters, and the
//! table that loads a page, shows it (or what went wrong, or that it is empty) and pages on.

use std::future::Future;

use cebase_domain::dto::Page;
use leptos::prelude::*;

use crate::api::ApiError;
use crate::components::pager::{Cursors, Pager};
use crate::components::problem::ProblemView;
use crate::i18n::{Key, Text, use_i18n};

/// The search form of a list: the input `{testid}-search`, the filters given as children, and
/// the button `{testid}-search-submit`. Submitting puts the trimmed input into `search` and goes
/// back to the first page.
#[component]
pub fn SearchBar(
    /// Prefix of the ids and test ids.
    testid: &'static str,
    #[prop(into)] placeholder: Text,
    /// The search in force (set on submit, not while typing).
    search: RwSignal<String>,
    cursors: Cursors,
    /// Filters shown between the input and the button.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let input = RwSignal::new(String::new());
    let id = format!("{testid}-search");
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search.set(input.get_untracked().trim().to_owned());
        cursors.reset();
    };
    view! {
        <form class="toolbar" on:submit=on_search>
            <input
                type="search"
                id=id.clone()
                data-testid=id
                placeholder=i18n.tr(placeholder)
                bind:value=input
            />
            {children.map(|filters| filters())}
            <button type="submit" data-testid=format!("{testid}-search-submit")>
                {i18n.tr(Key::Search)}
            </button>
        </form>
    }
}

/// One page of a keyset-paged list as a table (`{testid}-table`), or `empty` when it has no rows
/// (`{testid}-empty`), or the problem when it could not be loaded; the pager (`{testid}-page`)
/// below it.
#[component]
pub fn PagedTable<T, F, Fut, R, V>(
    /// Loads the page at a cursor. It runs again whenever a signal it reads changes (a filter, a
    /// reload counter); whoever changes a filter also resets `cursors`.
    fetch: F,
    cursors: Cursors,
    /// The column headings.
    columns: Vec<Text>,
    /// The `<tr>` of one item.
    row: R,
    /// Said instead of an empty table.
    #[prop(into)]
    empty: Text,
    /// Prefix of the test ids.
    testid: &'static str,
    /// A remark between the table and the pager.
    #[prop(optional, into)]
    note: Option<Text>,
) -> impl IntoView
where
    T: Clone + 'static,
    F: Fn(Option<String>) -> Fut + 'static,
    Fut: Future<Output = Result<Page<T>, ApiError>> + 'static,
    R: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let list = LocalResource::new(move || fetch(cursors.current()));
    let next_cursor = Signal::derive(move || {
        list.get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let row = StoredValue::new(row);
    let columns = StoredValue::new(columns);
    let table = move |page: Page<T>| {
        if page.items.is_empty() {
            return view! {
                <p class="muted" data-testid=format!("{testid}-empty")>
                    {i18n.tr(empty)}
                </p>
            }
            .into_any();
        }
        let head = columns.with_value(|columns| {
            columns
                .iter()
                .map(|&column| view! { <th>{i18n.tr(column)}</th> })
                .collect_view()
        });
        let rows = row.with_value(|row| page.items.into_iter().map(row).collect_view());
        view! {
            <table class="table" data-testid=format!("{testid}-table")>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                list.get()
                    .map(|answer| match answer {
                        Ok(page) => table(page),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
        {note.map(|note| view! { <p class="muted small">{i18n.tr(note)}</p> })}
        <Pager cursors next_cursor testid=format!("{testid}-page") />
    }
}

/// A list and, beside it for those who may write, the form that adds to it.
#[component]
pub fn ListBesideForm(
    /// Whether the form is shown (tracked).
    #[prop(into)]
    writes: Signal<bool>,
    #[prop(into)] form: ViewFn,
    children: Children,
) -> impl IntoView {
    view! {
        <div class=("two-columns", move || writes.get())>
            <div class="column-main">{children()}</div>
            <Show when=move || writes.get()>
                <div class="column-side">{form.run()}</div>
            </Show>
        </div>
    }
}
