//! `/courses`: the course catalogue (课程目录) — search by title, filter by category
//! (公需科目 / 专业科目, Art. 4), credit hours — with the form that adds a course ([`form`]) for
//! staff and admin; finance and reviewers read it. `/courses/:id` is one course ([`detail`]).

mod detail;
mod form;

pub use detail::CoursePage;

use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::learning::CourseCategory;
use cebase_domain::master::CourseDto;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, CourseQuery};
use crate::components::guard::RequireRead;
use crate::components::pager::{Cursors, Pager};
use crate::components::problem::ProblemView;
use crate::components::select::EnumFilter;
use crate::i18n::{CourseKey, I18n, Key, use_i18n};
use crate::session::use_session;

use form::CourseForm;

const PAGE_SIZE: u32 = 20;

#[component]
pub fn CoursesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{i18n.tr(CourseKey::CoursesTitle)}</h1>
            <RequireRead resource=MasterResource::Courses>
                <Catalogue />
            </RequireRead>
        </section>
    }
}

#[component]
fn Catalogue() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let writes = move || session.writes(MasterResource::Courses);
    let search_input = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let category = RwSignal::new(None::<CourseCategory>);
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);

    let list = LocalResource::new(move || {
        changes.track();
        let query = CourseQuery {
            q: Some(search.get()),
            category: category.get(),
            cursor: cursors.current(),
            limit: PAGE_SIZE,
        };
        async move { api::list_courses(&query).await }
    });
    let next_cursor = Signal::derive(move || {
        list.get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search.set(search_input.get_untracked().trim().to_owned());
        cursors.reset();
    };

    view! {
        <div class=("two-columns", writes)>
            <div class="column-main">
                <form class="toolbar" on:submit=on_search>
                    <input
                        type="search"
                        id="courses-search"
                        data-testid="courses-search"
                        placeholder=i18n.tr(CourseKey::CourseSearch)
                        bind:value=search_input
                    />
                    <EnumFilter
                        id="courses-category"
                        value=category
                        options=CourseCategory::ALL
                        label=I18n::course_category
                        any_label=Key::All
                        on_change=Callback::new(move |()| cursors.reset())
                    />
                    <button type="submit" data-testid="courses-search-submit">
                        {i18n.tr(Key::Search)}
                    </button>
                </form>
                <Transition fallback=move || {
                    view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
                }>
                    {move || {
                        list.get()
                            .map(|answer| match answer {
                                Ok(page) => view! { <CourseTable page /> }.into_any(),
                                Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                            })
                    }}
                </Transition>
                <Pager cursors next_cursor testid="courses-page" />
            </div>
            <Show when=writes>
                <div class="column-side">
                    <CourseForm on_saved=Callback::new(move |_| changes.update(|n| *n += 1)) />
                </div>
            </Show>
        </div>
    }
}

#[component]
fn CourseTable(page: Page<CourseDto>) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! {
            <p class="muted" data-testid="courses-empty">
                {i18n.tr(CourseKey::NoCourses)}
            </p>
        }
        .into_any();
    }
    let rows = page
        .items
        .into_iter()
        .map(|c| {
            let (category, hours) = (c.category, c.credit_hours);
            let title = c.title.clone();
            view! {
                <tr data-testid=format!("course-row-{}", c.title) data-id=c.id.to_string()>
                    <td>
                        <A href=format!("/courses/{}", c.id) attr:data-testid=format!("course-link-{}", c.title)>
                            {title}
                        </A>
                    </td>
                    <td>
                        <span
                            class="badge"
                            class:badge-public=category == CourseCategory::PublicRequired
                            class:badge-professional=category == CourseCategory::Professional
                        >
                            {move || i18n.course_category(category)}
                        </span>
                    </td>
                    <td class="nowrap">{move || i18n.credit_hours(hours)}</td>
                    <td class="muted small">
                        <div class="clamp">{c.description.clone()}</div>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-testid="courses-table">
            <thead>
                <tr>
                    <th>{i18n.tr(CourseKey::CourseName)}</th>
                    <th>{i18n.tr(CourseKey::Category)}</th>
                    <th>{i18n.tr(CourseKey::CreditHours)}</th>
                    <th>{i18n.tr(CourseKey::Description)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
