//! The application shell: context providers, the client-side routes and the layout around
//! every page behind the login (header with navigation by role, the user, language switch,
//! logout).
//!
//! Routes: `/login`, `/`, `/account`, `/admin/users`, `/admin/audit`, the master data
//! `/organisations`, `/people`, `/teachers`, `/courses` (each also `/…/:id`), the training
//! classes `/classes`, `/classes/:id` and `/classes/:id/materials` (lecture materials of its
//! courses), a trainee's `/my/classes`, the learning records `/people/:id/record`, a
//! trainee's `/my/record` and an organisation contact's `/my/people`. The server answers unknown non-API paths
//! classes `/classes` and `/classes/:id`, a trainee's `/my/classes`, the learning records
//! `/people/:id/record` and a trainee's `/my/record`; certificates at `/certificates` and a
//! trainee's `/my/certificates`, and, outside the login, the public verification `/verify`; the class summary reports
//! `/class-reports`, `/class-reports/:id` and a class's `/classes/:id/report`, `/follow-ups` and
//! `/needs` (staff, admin and reviewers get the dashboard on `/`). The server answers unknown non-API paths
//! with `index.html`, so each of them can be opened or reloaded directly.
//!
//! The navigation offers a directory to the roles that may read all of it
//! (`cebase_domain::access`): staff and admin all four, finance and reviewers organisations and
//! courses. Classes follow `cebase_domain::access::training_read_scope`: offered to those who
//! read all classes (staff, admin, finance, reviewers), to teachers (the classes they teach) and
//! to organisation contacts; trainees get "my classes".

use cebase_domain::Role;
use cebase_domain::access::MasterResource;
use leptos::prelude::*;
use leptos_router::components::{A, Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{NavigateOptions, path};

use crate::components::lang_switch::LangSwitch;
use crate::components::problem::ProblemView;
use crate::i18n::{I18n, Key, use_i18n};
use crate::pages::certificates::{CertificatesPage, MyCertificatesPage, VerifyPage};
use crate::pages::class_reports::{ClassReportOfClassPage, ClassReportPage, ClassReportsPage};
use crate::pages::classes::{ClassPage, ClassesPage};
use crate::pages::courses::{CoursePage, CoursesPage};
use crate::pages::follow_ups::FollowUpsPage;
use crate::pages::materials::ClassMaterialsPage;
use crate::pages::my_classes::MyClassesPage;
use crate::pages::my_people::MyPeoplePage;
use crate::pages::needs::NeedsPage;
use crate::pages::organisations::{OrganisationPage, OrganisationsPage};
use crate::pages::people::{PeoplePage, PersonPage};
use crate::pages::plans::{PlanPage, PlansPage};
use crate::pages::records::{MyRecordPage, PersonRecordPage};
use crate::pages::teachers::{TeacherPage, TeachersPage};
use crate::pages::{
    account::{AccountPage, ForcedPasswordChange},
    audit::AuditPage,
    home::HomePage,
    login::LoginPage,
    users::UsersPage,
};
use crate::session::{AuthState, Session, use_session};

#[component]
pub fn App() -> impl IntoView {
    I18n::provide();
    Session::provide();
    view! {
        <Router>
            <Routes fallback=NotFound>
                <Route path=path!("/login") view=LoginPage />
                // Public certificate verification (the QR code's address): no login.
                <Route path=path!("/verify") view=VerifyPage />
                <ParentRoute path=path!("") view=Shell>
                    <Route path=path!("") view=HomePage />
                    <Route path=path!("account") view=AccountPage />
                    <Route path=path!("admin/users") view=UsersPage />
                    <Route path=path!("admin/audit") view=AuditPage />
                    <Route path=path!("organisations") view=OrganisationsPage />
                    <Route path=path!("organisations/:id") view=OrganisationPage />
                    <Route path=path!("people") view=PeoplePage />
                    <Route path=path!("people/:id") view=PersonPage />
                    <Route path=path!("people/:id/record") view=PersonRecordPage />
                    <Route path=path!("teachers") view=TeachersPage />
                    <Route path=path!("teachers/:id") view=TeacherPage />
                    <Route path=path!("courses") view=CoursesPage />
                    // --- plans ---
                    <Route path=path!("plans") view=PlansPage />
                    <Route path=path!("plans/:id") view=PlanPage />
                    <Route path=path!("courses/:id") view=CoursePage />
                    <Route path=path!("classes") view=ClassesPage />
                    <Route path=path!("classes/:id") view=ClassPage />
                    <Route path=path!("classes/:id/materials") view=ClassMaterialsPage />
                    <Route path=path!("my/classes") view=MyClassesPage />
                    <Route path=path!("my/record") view=MyRecordPage />
                    <Route path=path!("my/people") view=MyPeoplePage />
                    // --- certificates ---
                    <Route path=path!("certificates") view=CertificatesPage />
                    <Route path=path!("my/certificates") view=MyCertificatesPage />
                    // --- reports ---
                    <Route path=path!("class-reports") view=ClassReportsPage />
                    <Route path=path!("class-reports/:id") view=ClassReportPage />
                    <Route path=path!("classes/:id/report") view=ClassReportOfClassPage />
                    <Route path=path!("follow-ups") view=FollowUpsPage />
                    <Route path=path!("needs") view=NeedsPage />
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The layout of every page behind the login. Without a session it sends the visitor to
/// `/login`; while a kept session is being checked it shows a loading line.
#[component]
fn Shell() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let navigate = use_navigate();

    Effect::new(move |_| {
        if session.state() == AuthState::Anonymous {
            navigate(
                "/login",
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });

    let logged_in = Memo::new(move |_| session.is_logged_in());
    // A generated password must be replaced before any page (the server refuses the rest).
    let must_change_password =
        Memo::new(move |_| session.user().is_some_and(|u| u.must_change_password));
    let unavailable = move || match session.state() {
        AuthState::Unavailable(error) => Some(error),
        _ => None,
    };

    view! {
        <Show
            when=move || logged_in.get()
            fallback=move || {
                view! {
                    <div class="page centered">
                        {move || match unavailable() {
                            Some(error) => {
                                view! {
                                    <ProblemView error=Some(error) />
                                    <button type="button" on:click=move |_| session.reload()>
                                        {i18n.tr(Key::Retry)}
                                    </button>
                                }
                                    .into_any()
                            }
                            None => {
                                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }.into_any()
                            }
                        }}
                    </div>
                }
            }
        >
            <Header />
            <main class="main">
                <Show
                    when=move || !must_change_password.get()
                    fallback=|| view! { <ForcedPasswordChange /> }
                >
                    <Outlet />
                </Show>
            </main>
        </Show>
    }
}

#[component]
fn Header() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let name = move || session.user().map(|u| u.display_name).unwrap_or_default();
    let roles = move || {
        session
            .user()
            .map(|u| i18n.roles(&u.roles))
            .unwrap_or_default()
    };
    // Logging out ends the session; the shell then sends the visitor to the login page.
    let logout = Action::new_local(move |_: &()| async move { session.logout().await });

    view! {
        <header class="topbar">
            <div class="brand">{i18n.tr(Key::AppName)}</div>
            <nav class="nav" aria-label=i18n.tr(Key::MainNavigation)>
                <A href="/" exact=true attr:data-testid="nav-home" attr:id="nav-home">
                    {i18n.tr(Key::NavHome)}
                </A>
                <A href="/account" attr:data-testid="nav-account" attr:id="nav-account">
                    {i18n.tr(Key::NavAccount)}
                </A>
                <Show when=move || session.reads_all(MasterResource::Organisations)>
                    <A
                        href="/organisations"
                        attr:data-testid="nav-organisations"
                        attr:id="nav-organisations"
                    >
                        {i18n.tr(Key::NavOrganisations)}
                    </A>
                </Show>
                <Show when=move || session.reads_all(MasterResource::People)>
                    <A href="/people" attr:data-testid="nav-people" attr:id="nav-people">
                        {i18n.tr(Key::NavPeople)}
                    </A>
                </Show>
                <Show when=move || session.reads_all(MasterResource::Teachers)>
                    <A href="/teachers" attr:data-testid="nav-teachers" attr:id="nav-teachers">
                        {i18n.tr(Key::NavTeachers)}
                    </A>
                </Show>
                <Show when=move || session.reads_all(MasterResource::Courses)>
                    <A href="/courses" attr:data-testid="nav-courses" attr:id="nav-courses">
                        {i18n.tr(Key::NavCourses)}
                    </A>
                </Show>
                <Show when=move || session.sees_classes()>
                    <A href="/classes" attr:data-testid="nav-classes" attr:id="nav-classes">
                        {i18n.tr(Key::NavClasses)}
                    </A>
                </Show>
                <Show when=move || session.has_role(Role::Trainee)>
                    <A href="/my/classes" attr:data-testid="nav-my-classes" attr:id="nav-my-classes">
                        {i18n.tr(Key::NavMyClasses)}
                    </A>
                    <A href="/my/record" attr:data-testid="nav-my-record" attr:id="nav-my-record">
                        {i18n.tr(Key::NavMyRecord)}
                    </A>
                    <A
                        href="/my/certificates"
                        attr:data-testid="nav-my-certificates"
                        attr:id="nav-my-certificates"
                    >
                        {i18n.tr(Key::NavMyCertificates)}
                    </A>
                </Show>
                // Certificates: staff and admin all, organisation contacts their people's.
                <Show when=move || {
                    session.manages_classes() || session.has_role(Role::OrgContact)
                }>
                    <A
                        href="/certificates"
                        attr:data-testid="nav-certificates"
                        attr:id="nav-certificates"
                    >
                        {i18n.tr(Key::NavCertificates)}
                    </A>
                </Show>
                <Show when=move || session.has_role(Role::OrgContact)>
                    <A href="/my/people" attr:data-testid="nav-my-people" attr:id="nav-my-people">
                        {i18n.tr(Key::NavMyPeople)}
                    </A>
                </Show>
                // --- plans ---
                <Show when=move || {
                    session.role_set().is_some_and(|r| cebase_domain::access::Operation::ReadPlans.allows(&r))
                }>
                    <A href="/plans" attr:data-testid="nav-plans" attr:id="nav-plans">
                        {i18n.tr(Key::NavPlans)}
                    </A>
                </Show>
                // --- reports ---
                <Show when=move || {
                    session
                        .role_set()
                        .is_some_and(|r| cebase_domain::access::Operation::ReadClassReports.allows(&r))
                }>
                    <A
                        href="/class-reports"
                        attr:data-testid="nav-class-reports"
                        attr:id="nav-class-reports"
                    >
                        {i18n.tr(Key::NavClassReports)}
                    </A>
                </Show>
                <Show when=move || {
                    session
                        .role_set()
                        .is_some_and(|r| cebase_domain::access::Operation::ManageEvaluations.allows(&r))
                        || session.has_role(Role::Trainee)
                        || session.has_role(Role::OrgContact)
                }>
                    <A href="/follow-ups" attr:data-testid="nav-follow-ups" attr:id="nav-follow-ups">
                        {i18n.tr(Key::NavFollowUps)}
                    </A>
                    <A href="/needs" attr:data-testid="nav-needs" attr:id="nav-needs">
                        {i18n.tr(Key::NavNeeds)}
                    </A>
                </Show>
                <Show when=move || session.is_admin()>
                    <A href="/admin/users" attr:data-testid="nav-users" attr:id="nav-users">
                        {i18n.tr(Key::NavUsers)}
                    </A>
                    <A href="/admin/audit" attr:data-testid="nav-audit" attr:id="nav-audit">
                        {i18n.tr(Key::NavAudit)}
                    </A>
                </Show>
            </nav>
            <div class="userbox">
                <span class="user" data-testid="current-user">
                    <span class="user-name" data-testid="current-user-name">
                        {name}
                    </span>
                    <span class="user-roles" data-testid="current-user-roles">
                        {roles}
                    </span>
                </span>
                <LangSwitch />
                <button
                    type="button"
                    class="button-quiet"
                    id="logout"
                    data-testid="logout"
                    disabled=move || logout.pending().get()
                    on:click=move |_| {
                        logout.dispatch(());
                    }
                >
                    {i18n.tr(Key::Logout)}
                </button>
            </div>
        </header>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page centered" data-testid="not-found">
            <p>{i18n.tr(Key::NotFound)}</p>
            <A href="/">{i18n.tr(Key::BackHome)}</A>
        </div>
    }
}
