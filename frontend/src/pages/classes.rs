//! `/classes`: training classes (培训班, Art. 5, 11, 12) — search by title, filter by status and
//! kind, with the form that creates a class ([`form`]) for staff and admin. Which classes are
//! listed is the server's `cebase_domain::access` policy (staff, admin, finance and reviewers
//! all; teachers the classes they teach; organisation contacts theirs and the open ones).
//! `/classes/:id` is one class ([`detail`]) with its lifecycle, schedule ([`schedule`]),
//! enrolments ([`enrolments`]), attendance sheet ([`attendance`]), assessments
//! ([`assessments`]) with their score entry grid ([`scores`]) and completion review
//! ([`completion`]).

mod assessments;
mod attendance;
mod completion;
mod detail;
mod enrolments;
pub(crate) mod form;
mod import;
mod schedule;
mod scores;

pub use detail::ClassPage;

use cebase_domain::class::ClassStatus;
use cebase_domain::training::{ClassDto, ClassKind};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ClassQuery};
use crate::components::list::{ListBesideForm, PagedTable, SearchBar};
use crate::components::pager::Cursors;
use crate::components::select::EnumFilter;
use crate::i18n::{ClassKey, I18n, Key, use_i18n};
use crate::session::use_session;

use form::ClassForm;

const PAGE_SIZE: u32 = 20;

#[component]
pub fn ClassesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <section class="page">
            <h1>{i18n.tr(ClassKey::ClassesTitle)}</h1>
            <Show
                when=move || session.sees_classes()
                fallback=move || {
                    view! {
                        <p class="notice warning" data-testid="no-access">
                            {i18n.tr(Key::NoAccess)}
                        </p>
                    }
                }
            >
                <ClassList />
            </Show>
        </section>
    }
}

#[component]
fn ClassList() -> impl IntoView {
    let session = use_session();
    let writes = move || session.manages_classes();
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(None::<ClassStatus>);
    let kind = RwSignal::new(None::<ClassKind>);
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);
    let fetch = move |cursor| {
        changes.track();
        let query = ClassQuery {
            q: Some(search.get()),
            kind: kind.get(),
            status: status.get(),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_classes(&query).await }
    };

    view! {
        <ListBesideForm
            writes
            form=move || {
                view! { <ClassForm on_saved=Callback::new(move |_| changes.update(|n| *n += 1)) /> }
            }
        >
            <SearchBar testid="classes" placeholder=ClassKey::ClassSearch search cursors>
                <EnumFilter
                    id="classes-status"
                    value=status
                    options=ClassStatus::ALL
                    label=I18n::class_status
                    any_label=Key::All
                    on_change=Callback::new(move |()| cursors.reset())
                />
                <EnumFilter
                    id="classes-kind"
                    value=kind
                    options=ClassKind::ALL
                    label=I18n::class_kind
                    any_label=Key::All
                    on_change=Callback::new(move |()| cursors.reset())
                />
            </SearchBar>
            <PagedTable
                fetch
                cursors
                columns=vec![
                    ClassKey::ClassTitle.into(),
                    ClassKey::ClassKindLabel.into(),
                    ClassKey::Dates.into(),
                    Key::Status.into(),
                    ClassKey::Seats.into(),
                    ClassKey::FeeYuan.into(),
                ]
                row=class_row
                empty=ClassKey::NoClasses
                testid="classes"
            />
        </ListBesideForm>
    }
}

/// The status of a class as a coloured badge (`data-status` = the status's code).
#[component]
pub fn StatusBadge(status: ClassStatus, #[prop(optional)] testid: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span
            class="badge badge-strong"
            class:badge-ok=matches!(status, ClassStatus::Open | ClassStatus::InProgress)
            class:badge-bad=status == ClassStatus::Cancelled
            class:badge-off=matches!(
                status,
                ClassStatus::Planned | ClassStatus::Completed | ClassStatus::Reported
            )
            data-testid=testid
            data-status=status.to_string()
        >
            {move || i18n.class_status(status)}
        </span>
    }
}

/// Seats taken out of the capacity, as a bar (`{testid}`, `data-enrolled`, `data-capacity`).
#[component]
pub fn SeatBar(
    #[prop(into)] enrolled: Signal<u32>,
    #[prop(into)] capacity: Signal<u32>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let percent = move || {
        let capacity = capacity.get().max(1);
        (enrolled.get().min(capacity) * 100) / capacity
    };
    view! {
        <div
            class="seatbar"
            data-testid=testid
            data-enrolled=move || enrolled.get().to_string()
            data-capacity=move || capacity.get().to_string()
        >
            <div class="seatbar-track">
                <div
                    class=move || {
                        if enrolled.get() >= capacity.get() {
                            "seatbar-fill seatbar-full"
                        } else {
                            "seatbar-fill"
                        }
                    }
                    style:width=move || format!("{}%", percent())
                ></div>
            </div>
            <span class="small">{move || i18n.seats(enrolled.get(), capacity.get())}</span>
        </div>
    }
}

fn class_row(c: ClassDto) -> impl IntoView {
    let i18n = use_i18n();
    let kind = c.kind;
    let (enrolled, capacity) = (c.enrolled_count, c.capacity);
    let title = c.title.clone();
    view! {
        <tr data-testid=format!("class-row-{title}") data-id=c.id.to_string()>
            <td>
                <A href=format!("/classes/{}", c.id) attr:data-testid=format!("class-link-{title}")>
                    {c.title.clone()}
                </A>
            </td>
            <td>{move || i18n.class_kind(kind)}</td>
            <td class="nowrap">{format!("{} – {}", c.start_date, c.end_date)}</td>
            <td class="nowrap">
                <StatusBadge status=c.status />
            </td>
            <td class="nowrap small">{move || i18n.seats(enrolled, capacity)}</td>
            <td class="nowrap">{i18n.yuan(c.fee_fen)}</td>
        </tr>
    }
}
