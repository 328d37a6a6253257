//! `/courses/:id`: one course — a form for staff and admin (sending the `version` it was loaded
//! at), read-only for finance and reviewers.

use cebase_domain::access::MasterResource;
use cebase_domain::master::CourseDto;
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use super::form::CourseForm;
use crate::api;
use crate::components::form::RecordMeta;
use crate::components::guard::RequireRead;
use crate::components::problem::ProblemView;
use crate::i18n::{Key, use_i18n};
use crate::pages::materials::CourseMaterials;
use crate::pages::route_id;
use crate::session::use_session;

#[component]
pub fn CoursePage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                <A href="/courses">{i18n.tr(Key::BackToList)}</A>
            </p>
            <RequireRead resource=MasterResource::Courses>
                {move || match id.get() {
                    Some(id) => view! { <CourseDetail id /> }.into_any(),
                    None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
                }}
            </RequireRead>
        </section>
    }
}

#[component]
fn CourseDetail(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let record = LocalResource::new(move || {
        reloads.track();
        api::get_course(id)
    });
    let on_reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                record
                    .get()
                    .map(|answer| match answer {
                        Ok(course) => view! { <Loaded course on_reload /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Loaded(course: CourseDto, on_reload: Callback<()>) -> impl IntoView {
    let session = use_session();
    let current = RwSignal::new(course);
    let writes = session.writes(MasterResource::Courses);
    let course_id = current.with_untracked(|c| c.id);
    view! {
        <h1 data-testid="course-title-heading">{move || current.with(|c| c.title.clone())}</h1>
        <div class="two-columns">
            <div class="column-main">
                <CourseForm
                    existing=current
                    on_saved=Callback::new(|_| {})
                    on_reload
                    readonly=!writes
                />
                // Lecture materials: staff and admin manage them here (finance and reviewers
                // read the catalogue but not the materials).
                <Show when=move || writes>
                    <CourseMaterials course_id />
                </Show>
            </div>
            <div class="column-side">
                <RecordMeta
                    created_at=Signal::derive(move || current.with(|c| c.created_at))
                    updated_at=Signal::derive(move || current.with(|c| c.updated_at))
                    version=Signal::derive(move || current.with(|c| c.version))
                />
            </div>
        </div>
    }
}
