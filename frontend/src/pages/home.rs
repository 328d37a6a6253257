//! `/`: the landing page after login — who you are and where to go from here. Staff, admin and
//! reviewers land on the dashboard ([`crate::pages::dashboard`]) instead.

use cebase_domain::access::MasterResource;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{CourseKey, Key, OrgKey, PersonKey, TeacherKey, use_i18n};
use crate::session::use_session;

#[component]
pub fn HomePage() -> impl IntoView {
    // --- reports: staff, admin and reviewers land on the dashboard ---
    let session = use_session();
    let dashboard = move || {
        session
            .role_set()
            .is_some_and(|r| cebase_domain::access::Operation::SeeDashboard.allows(&r))
    };
    view! {
        <Show when=dashboard fallback=Welcome>
            <crate::pages::dashboard::Dashboard />
        </Show>
    }
}

/// Who you are and the tiles of where to go.
#[component]
fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = move || session.user().map(|u| u.display_name).unwrap_or_default();
    let roles = move || {
        session
            .user()
            .map(|u| i18n.roles(&u.roles))
            .unwrap_or_default()
    };

    view! {
        <section class="page">
            <h1 data-testid="home-welcome">{move || i18n.welcome(&name())}</h1>
            <p>{i18n.tr(Key::HomeIntro)}</p>
            <p>
                <span class="muted">{i18n.tr(Key::YourRoles)} ": "</span>
                <span data-testid="home-roles">{roles}</span>
            </p>
            <div class="tiles">
                <A href="/account">
                    <span class="tile">{i18n.tr(Key::NavAccount)}</span>
                </A>
                <Show when=move || session.reads_all(MasterResource::Organisations)>
                    <A href="/organisations">
                        <span class="tile">{i18n.tr(OrgKey::OrganisationsTitle)}</span>
                    </A>
                </Show>
                <Show when=move || session.reads_all(MasterResource::People)>
                    <A href="/people">
                        <span class="tile">{i18n.tr(PersonKey::PeopleTitle)}</span>
                    </A>
                </Show>
                <Show when=move || session.reads_all(MasterResource::Teachers)>
                    <A href="/teachers">
                        <span class="tile">{i18n.tr(TeacherKey::TeachersTitle)}</span>
                    </A>
                </Show>
                <Show when=move || session.reads_all(MasterResource::Courses)>
                    <A href="/courses">
                        <span class="tile">{i18n.tr(CourseKey::CoursesTitle)}</span>
                    </A>
                </Show>
                <Show when=move || session.is_admin()>
                    <A href="/admin/users">
                        <span class="tile">{i18n.tr(Key::NavUsers)}</span>
                    </A>
                    <A href="/admin/audit">
                        <span class="tile">{i18n.tr(Key::NavAudit)}</span>
                    </A>
                </Show>
            </div>
        </section>
    }
}
