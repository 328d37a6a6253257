//! `/courses`: the course catalogue (课程目录) — search by title, filter by category
//! (公需科目 / 专业科目, Art. 4), credit hours — with the form that adds a course ([`form`]) for
//! staff and admin; finance and reviewers read it. `/courses/:id` is one course ([`detail`]).

mod detail;
mod form;

pub use detail::CoursePage;

use cebase_domain::access::MasterResource;
use cebase_domain::learning::CourseCategory;
use cebase_domain::master::CourseDto;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, CourseQuery};
use crate::components::guard::RequireRead;
use crate::components::list::{ListBesideForm, PagedTable, SearchBar};
use crate::components::pager::Cursors;
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
    let session = use_session();
    let writes = move || session.writes(MasterResource::Courses);
    let search = RwSignal::new(String::new());
    let category = RwSignal::new(None::<CourseCategory>);
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);
    let fetch = move |cursor| {
        changes.track();
        let query = CourseQuery {
            q: Some(search.get()),
            category: category.get(),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_courses(&query).await }
    };

    view! {
        <ListBesideForm
            writes
            form=move || {
                view! { <CourseForm on_saved=Callback::new(move |_| changes.update(|n| *n += 1)) /> }
            }
        >
            <SearchBar testid="courses" placeholder=CourseKey::CourseSearch search cursors>
                <EnumFilter
                    id="courses-category"
                    value=category
                    options=CourseCategory::ALL
                    label=I18n::course_category
                    any_label=Key::All
                    on_change=Callback::new(move |()| cursors.reset())
                />
            </SearchBar>
            <PagedTable
                fetch
                cursors
                columns=vec![
                    CourseKey::CourseName.into(),
                    CourseKey::Category.into(),
                    CourseKey::CreditHours.into(),
                    CourseKey::Description.into(),
                ]
                row=course_row
                empty=CourseKey::NoCourses
                testid="courses"
            />
        </ListBesideForm>
    }
}

fn course_row(c: CourseDto) -> impl IntoView {
    let i18n = use_i18n();
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
}
