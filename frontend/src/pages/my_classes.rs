//! `/my/classes`: a trainee's own enrolments (`GET /me/enrolments`) with each class's dates and
//! status, and the classes open to enrolment now, where the trainee may enrol themselves
//! (their own person record is the one `GET /people` answers them). Each active enrolment links
//! to the lecture materials of the class's courses (`/classes/:id/materials`).

use cebase_domain::class::ClassStatus;
use cebase_domain::training::{ClassDto, EnrolRequest, EnrolmentDto, EnrolmentStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiError, ClassQuery, PeopleQuery};
use crate::components::problem::ProblemView;
use crate::i18n::{ClassKey, CourseKey, Key, use_i18n};
use crate::pages::classes::StatusBadge;
use crate::time::format_shanghai;

#[component]
pub fn MyClassesPage() -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let mine = LocalResource::new(move || {
        reloads.track();
        api::my_enrolments()
    });
    let on_enrolled = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <section class="page">
            <h1>{i18n.tr(ClassKey::MyClassesTitle)}</h1>
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
            }>
                {move || {
                    mine.get()
                        .map(|answer| match answer {
                            Ok(page) => {
                                let enrolled: Vec<Uuid> = page
                                    .items
                                    .iter()
                                    .filter(|e| e.status == EnrolmentStatus::Enrolled)
                                    .map(|e| e.class_id)
                                    .collect();
                                // --- reports: the questionnaire of each class the trainee is in ---
                                let evaluated: Vec<(Uuid, String)> = page
                                    .items
                                    .iter()
                                    .filter(|e| e.status == EnrolmentStatus::Enrolled)
                                    .map(|e| (e.class_id, e.class_title.clone()))
                                    .collect();
                                view! {
                                    <MyTable items=page.items />
                                    <crate::pages::evaluation::MyEvaluations classes=evaluated />
                                    <OpenClasses enrolled on_enrolled />
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// `my-classes-table`, a row `my-class-{class title}` per enrolment.
#[component]
fn MyTable(items: Vec<EnrolmentDto>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! {
            <p class="muted" data-testid="my-classes-empty">
                {i18n.tr(ClassKey::NoMyClasses)}
            </p>
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|e| {
            let active = e.status == EnrolmentStatus::Enrolled;
            let class_id = e.class_id;
            let title = e.class_title.clone();
            let class = LocalResource::new(move || api::get_class(class_id));
            view! {
                <tr data-testid=format!("my-class-{title}")>
                    <td>
                        <A href=format!("/classes/{class_id}")>{e.class_title.clone()}</A>
                    </td>
                    <td class="nowrap">
                        {move || {
                            class
                                .get()
                                .and_then(Result::ok)
                                .map(|c| format!("{} – {}", c.start_date, c.end_date))
                        }}
                    </td>
                    <td>
                        {move || {
                            class
                                .get()
                                .and_then(Result::ok)
                                .map(|c| view! { <StatusBadge status=c.status /> })
                        }}
                    </td>
                    <td>
                        <span class="badge" class:badge-on=active class:badge-off=!active>
                            {move || i18n.t(if active { ClassKey::Enrolled } else { ClassKey::Withdrawn })}
                        </span>
                    </td>
                    <td class="nowrap small">{format_shanghai(e.enrolled_at)}</td>
                    <td>
                        {active
                            .then(|| {
                                view! {
                                    <A
                                        href=format!("/classes/{class_id}/materials")
                                        attr:data-testid=format!("my-class-materials-{title}")
                                    >
                                        {i18n.tr(CourseKey::MaterialsLink)}
                                    </A>
                                }
                            })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-testid="my-classes-table">
            <thead>
                <tr>
                    <th>{i18n.tr(ClassKey::ClassTitle)}</th>
                    <th>{i18n.tr(ClassKey::Dates)}</th>
                    <th>{i18n.tr(ClassKey::Lifecycle)}</th>
                    <th>{i18n.tr(Key::Status)}</th>
                    <th>{i18n.tr(ClassKey::EnrolledAt)}</th>
                    <th>{i18n.tr(CourseKey::MaterialsLink)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// Classes open to enrolment that the trainee is not in, each with `self-enrol-{title}`.
#[component]
fn OpenClasses(enrolled: Vec<Uuid>, on_enrolled: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let classes = LocalResource::new(move || async move {
        api::list_classes(&ClassQuery {
            status: Some(ClassStatus::Open),
            limit: 50,
            ..ClassQuery::default()
        })
        .await
    });
    let error = RwSignal::new(None::<ApiError>);
    let enrol = Action::new_local(move |class_id: &Uuid| {
        let class_id = *class_id;
        async move {
            let own = api::list_people(&PeopleQuery {
                limit: 1,
                ..PeopleQuery::default()
            })
            .await
            .map(|page| page.items.into_iter().next().map(|p| p.id));
            let result = match own {
                Ok(Some(person_id)) => api::enrol(class_id, &EnrolRequest { person_id })
                    .await
                    .map(|_| ()),
                Ok(None) => Err(ApiError::Network(i18n.t(ClassKey::NoMyClasses).to_owned())),
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => {
                    error.set(None);
                    on_enrolled.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = enrol.pending();
    let list = move |items: Vec<ClassDto>| {
        let items: Vec<ClassDto> = items
            .into_iter()
            .filter(|c| c.open_enrolment && !enrolled.contains(&c.id))
            .collect();
        if items.is_empty() {
            return view! {
                <p class="muted" data-testid="open-classes-empty">
                    {i18n.tr(ClassKey::NoOpenClasses)}
                </p>
            }
            .into_any();
        }
        items
            .into_iter()
            .map(|c| {
                let id = c.id;
                let full = c.seats_left == 0;
                view! {
                    <li class="card open-class" data-testid=format!("open-class-{}", c.title)>
                        <strong>{c.title.clone()}</strong>
                        <span class="muted">
                            {format!(" {} – {} · {}", c.start_date, c.end_date, i18n.yuan(c.fee_fen))}
                        </span>
                        <span class="small">{move || i18n.seats(c.enrolled_count, c.capacity)}</span>
                        <button
                            type="button"
                            class="primary"
                            data-testid=format!("self-enrol-{}", c.title)
                            disabled=move || pending.get() || full
                            on:click=move |_| {
                                enrol.dispatch(id);
                            }
                        >
                            {i18n.tr(ClassKey::EnrolSelf)}
                        </button>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h2>{i18n.tr(ClassKey::OpenClasses)}</h2>
        <ProblemView error />
        <ul class="plain-list" data-testid="open-classes">
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
            }>
                {move || {
                    classes
                        .get()
                        .map(|answer| match answer {
                            Ok(page) => list(page.items),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </ul>
    }
}
