//! The teaching schedule (教学日程) of a class as a day-by-day timetable (date, time, course,
//! teacher, credit hours), with the form that adds or changes a session and a delete button per
//! session — for staff and admin while the class is planned or open. An unqualified teacher is
//! refused by the server (422 `teacher_not_qualified`); each unmet Art. 13 rule is shown next to
//! the teacher field.

use cebase_domain::FieldError;
use cebase_domain::class::ClassStatus;
use cebase_domain::training::{ClassDto, SessionDto, SessionRequest, UpdateSessionRequest};
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError, CourseQuery, TeacherQuery};
use crate::components::form::TextField;
use crate::components::problem::{FieldErrors, ProblemView, save_field_errors};
use crate::i18n::{ClassKey, Key, TeacherKey, use_i18n};

/// How many courses and teachers the form's lists offer.
const CHOICES: u32 = 200;

#[component]
pub fn Timetable(
    class: RwSignal<ClassDto>,
    manages: bool,
    /// After a session was added, changed or deleted.
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class_id = class.get_untracked().id;
    let reloads = RwSignal::new(0u32);
    let sessions = LocalResource::new(move || {
        reloads.track();
        api::list_sessions(class_id)
    });
    let editable = Memo::new(move |_| {
        manages
            && matches!(
                class.with(|c| c.status),
                ClassStatus::Planned | ClassStatus::Open
            )
    });
    let editing = RwSignal::new(None::<SessionDto>);
    let error = RwSignal::new(None::<ApiError>);
    let changed = Callback::new(move |()| {
        reloads.update(|n| *n += 1);
        on_changed.run(());
    });
    let delete = Action::new_local(move |session_id: &Uuid| {
        let session_id = *session_id;
        async move {
            match api::delete_session(class_id, session_id).await {
                Ok(()) => {
                    error.set(None);
                    changed.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });

    view! {
        <div class="card" data-testid="class-schedule">
            <h2>
                {i18n.tr(ClassKey::Schedule)}
                <span class="muted small">
                    {move || {
                        class
                            .with(|c| {
                                format!(
                                    " · {} · {}",
                                    c.session_count,
                                    i18n.credit_hours(c.scheduled_credit_hours),
                                )
                            })
                    }}
                </span>
            </h2>
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
            }>
                {move || {
                    sessions
                        .get()
                        .map(|answer| match answer {
                            Ok(page) => {
                                view! {
                                    <DayTable
                                        sessions=page.items
                                        editable=editable.get()
                                        on_edit=Callback::new(move |s| editing.set(Some(s)))
                                        on_delete=Callback::new(move |id| {
                                            delete.dispatch(id);
                                        })
                                    />
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
            <ProblemView error />
            <Show when=move || editable.get()>
                {move || {
                    // A fresh form per session edited (and for adding one).
                    let existing = editing.get();
                    view! {
                        <SessionForm
                            class
                            existing
                            on_saved=Callback::new(move |()| {
                                editing.set(None);
                                changed.run(());
                            })
                            on_cancel=Callback::new(move |()| editing.set(None))
                        />
                    }
                }}
            </Show>
        </div>
    }
}

/// Sessions grouped by day (`schedule-table`; a row per session, `session-row-{date}-{start}`,
/// the date shown once per day).
#[component]
fn DayTable(
    sessions: Vec<SessionDto>,
    editable: bool,
    on_edit: Callback<SessionDto>,
    on_delete: Callback<Uuid>,
) -> impl IntoView {
    let i18n = use_i18n();
    if sessions.is_empty() {
        return view! {
            <p class="muted" data-testid="schedule-empty">
                {i18n.tr(ClassKey::NoSessions)}
            </p>
        }
        .into_any();
    }
    let mut days: Vec<(NaiveDate, Vec<SessionDto>)> = Vec::new();
    for s in sessions {
        match days.last_mut() {
            Some((date, list)) if *date == s.date => list.push(s),
            _ => days.push((s.date, vec![s])),
        }
    }
    let rows = days
        .into_iter()
        .flat_map(|(date, list)| {
            let span = list.len();
            list.into_iter().enumerate().map(move |(i, s)| {
                let hours = s.credit_hours;
                let edited = s.clone();
                let id = s.id;
                view! {
                    <tr
                        class:day-start=i == 0
                        data-testid=format!("session-row-{}-{}", s.date, s.start_time.format("%H:%M"))
                        data-id=s.id.to_string()
                    >
                        {(i == 0)
                            .then(|| {
                                view! {
                                    <th scope="row" rowspan=span.to_string() class="nowrap day">
                                        {date.format("%Y-%m-%d").to_string()}
                                        <span class="muted small">
                                            {format!(" {}", weekday(date, i18n.lang()))}
                                        </span>
                                    </th>
                                }
                            })}
                        <td class="nowrap">
                            {format!(
                                "{}–{}",
                                s.start_time.format("%H:%M"),
                                s.end_time.format("%H:%M"),
                            )}
                        </td>
                        <td>{s.course_title.clone()}</td>
                        <td>{s.teacher_name.clone()}</td>
                        <td class="nowrap">{move || i18n.credit_hours(hours)}</td>
                        {editable
                            .then(|| {
                                view! {
                                    <td class="nowrap">
                                        <button
                                            type="button"
                                            class="button-small"
                                            data-testid="session-edit"
                                            on:click=move |_| on_edit.run(edited.clone())
                                        >
                                            {i18n.tr(Key::Edit)}
                                        </button>
                                        <button
                                            type="button"
                                            class="button-small danger"
                                            data-testid="session-delete"
                                            on:click=move |_| on_delete.run(id)
                                        >
                                            {i18n.tr(Key::Delete)}
                                        </button>
                                    </td>
                                }
                            })}
                    </tr>
                }
            })
        })
        .collect_view();
    view! {
        <table class="table timetable" data-testid="schedule-table">
            <thead>
                <tr>
                    <th>{i18n.tr(ClassKey::Date)}</th>
                    <th>{i18n.tr(Key::Time)}</th>
                    <th>{i18n.tr(ClassKey::Course)}</th>
                    <th>{i18n.tr(TeacherKey::Teacher)}</th>
                    <th>{i18n.tr(ClassKey::Hours)}</th>
                    {editable.then(|| view! { <th></th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

fn weekday(date: NaiveDate, lang: crate::i18n::Lang) -> &'static str {
    use chrono::Datelike;
    let i = date.weekday().num_days_from_monday() as usize;
    match lang {
        crate::i18n::Lang::Zh => ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][i],
        crate::i18n::Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][i],
    }
}

fn parse_time(raw: &str) -> Option<NaiveTime> {
    let raw = raw.trim();
    NaiveTime::parse_from_str(raw, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(raw, "%H:%M:%S"))
        .ok()
}

/// Adds a session, or changes `existing` (sending its `version`). Course and teacher are chosen
/// from the catalogue and the teacher list (the teacher's Art. 13 state in the option).
#[component]
fn SessionForm(
    class: RwSignal<ClassDto>,
    existing: Option<SessionDto>,
    on_saved: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class_id = class.get_untracked().id;
    let is_edit = existing.is_some();
    let first_day = class.with_untracked(|c| c.start_date.to_string());
    let date = RwSignal::new(existing.as_ref().map_or(first_day, |s| s.date.to_string()));
    let start = RwSignal::new(existing.as_ref().map_or("09:00".to_owned(), |s| {
        s.start_time.format("%H:%M").to_string()
    }));
    let end = RwSignal::new(existing.as_ref().map_or("12:00".to_owned(), |s| {
        s.end_time.format("%H:%M").to_string()
    }));
    let hours = RwSignal::new(
        existing
            .as_ref()
            .map_or("3".to_owned(), |s| s.credit_hours.to_string()),
    );
    let course = RwSignal::new(
        existing
            .as_ref()
            .map(|s| s.course_id.to_string())
            .unwrap_or_default(),
    );
    let teacher = RwSignal::new(
        existing
            .as_ref()
            .map(|s| s.teacher_id.to_string())
            .unwrap_or_default(),
    );
    let existing_ref = existing.as_ref().map(|s| (s.id, s.version));
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);

    let courses = LocalResource::new(move || async move {
        api::list_courses(&CourseQuery {
            limit: CHOICES,
            ..CourseQuery::default()
        })
        .await
    });
    let teachers = LocalResource::new(move || async move {
        api::list_teachers(&TeacherQuery {
            limit: CHOICES,
            ..TeacherQuery::default()
        })
        .await
    });

    let save = Action::new_local(move |request: &SessionRequest| {
        let request = request.clone();
        async move {
            let result = match existing_ref {
                Some((id, version)) => {
                    let update = UpdateSessionRequest {
                        session: request,
                        version,
                    };
                    api::update_session(class_id, id, &update).await
                }
                None => api::create_session(class_id, &request).await,
            };
            match result {
                Ok(_) => {
                    field_errors.set(Vec::new());
                    error.set(None);
                    on_saved.run(());
                }
                Err(e) => {
                    field_errors.set(save_field_errors(&e));
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let mut errors = Vec::new();
        let mut required = |field: &'static str, ok: bool| {
            if !ok {
                errors.push(FieldError::new(field, "required", "required"));
            }
        };
        let d = NaiveDate::parse_from_str(date.get_untracked().trim(), "%Y-%m-%d").ok();
        required("date", d.is_some());
        let from = parse_time(&start.get_untracked());
        required("start_time", from.is_some());
        let to = parse_time(&end.get_untracked());
        required("end_time", to.is_some());
        let c = course.get_untracked().parse::<Uuid>().ok();
        required("course_id", c.is_some());
        let t = teacher.get_untracked().parse::<Uuid>().ok();
        required("teacher_id", t.is_some());
        let h = hours
            .get_untracked()
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok();
        if h.is_none() {
            errors.push(FieldError::new("credit_hours", "number", "not a number"));
        }
        if let (Some(from), Some(to)) = (from, to)
            && to <= from
        {
            errors.push(FieldError::new("end_time", "before_start", "before start"));
        }
        let ok = errors.is_empty();
        field_errors.set(errors);
        if let (true, Some(d), Some(from), Some(to), Some(c), Some(t), Some(h)) =
            (ok, d, from, to, c, t, h)
        {
            save.dispatch(SessionRequest {
                date: d,
                start_time: from,
                end_time: to,
                course_id: c,
                teacher_id: t,
                credit_hours: h,
            });
        }
    };

    let course_options = move || {
        courses.get().map(|answer| match answer {
            Ok(page) => page
                .items
                .into_iter()
                .map(|c| {
                    let value = c.id.to_string();
                    let selected = course.with_untracked(|v| *v == value);
                    view! {
                        <option value=value selected=selected>
                            {c.title}
                        </option>
                    }
                })
                .collect_view()
                .into_any(),
            Err(_) => ().into_any(),
        })
    };
    let teacher_options = move || {
        teachers.get().map(|answer| match answer {
            Ok(page) => page
                .items
                .into_iter()
                .map(|t| {
                    let value = t.id.to_string();
                    let selected = teacher.with_untracked(|v| *v == value);
                    let mark = if t.qualification.qualified {
                        i18n.t(TeacherKey::Qualified)
                    } else {
                        i18n.t(TeacherKey::NotQualified)
                    };
                    view! {
                        <option value=value selected=selected>
                            {format!("{}（{mark}）", t.person_name)}
                        </option>
                    }
                })
                .collect_view()
                .into_any(),
            Err(_) => ().into_any(),
        })
    };

    view! {
        <form class="form session-form" on:submit=on_submit data-testid="session-form" novalidate>
            <h3>{i18n.tr(if is_edit { Key::Edit.text() } else { ClassKey::AddSession.text() })}</h3>
            <div class="field-row">
                <TextField
                    id="session-date"
                    label=ClassKey::Date
                    value=date
                    field="date"
                    errors=field_errors
                    kind="date"
                />
                <TextField
                    id="session-start"
                    label=ClassKey::StartTime
                    value=start
                    field="start_time"
                    errors=field_errors
                    kind="time"
                />
                <TextField
                    id="session-end"
                    label=ClassKey::EndTime
                    value=end
                    field="end_time"
                    errors=field_errors
                    kind="time"
                />
                <TextField
                    id="session-hours"
                    label=ClassKey::Hours
                    value=hours
                    field="credit_hours"
                    errors=field_errors
                />
            </div>
            <div class="field">
                <label for="session-course">{i18n.tr(ClassKey::Course)}</label>
                <select
                    id="session-course"
                    data-testid="session-course"
                    on:change=move |ev| course.set(event_target_value(&ev))
                >
                    <option value="" selected=move || course.with(String::is_empty)>
                        {i18n.tr(Key::ChooseOne)}
                    </option>
                    <Transition>{course_options}</Transition>
                </select>
                <FieldErrors errors=field_errors field="course_id" />
            </div>
            <div class="field">
                <label for="session-teacher">{i18n.tr(TeacherKey::Teacher)}</label>
                <select
                    id="session-teacher"
                    data-testid="session-teacher"
                    on:change=move |ev| teacher.set(event_target_value(&ev))
                >
                    <option value="" selected=move || teacher.with(String::is_empty)>
                        {i18n.tr(Key::ChooseOne)}
                    </option>
                    <Transition>{teacher_options}</Transition>
                </select>
                <TeacherRefusal errors=field_errors />
            </div>
            <ProblemView error />
            <div class="toolbar">
                <button
                    type="submit"
                    class="primary"
                    data-testid="session-submit"
                    disabled=move || pending.get()
                >
                    {move || {
                        i18n.t(
                            match (pending.get(), is_edit) {
                                (true, _) => Key::Saving,
                                (false, true) => Key::Save,
                                (false, false) => Key::Add,
                            },
                        )
                    }}
                </button>
                {is_edit
                    .then(|| {
                        view! {
                            <button type="button" on:click=move |_| on_cancel.run(())>
                                {i18n.tr(Key::Back)}
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}

/// The errors of `teacher_id`: for an unqualified teacher one `<li data-rule>` per unmet Art. 13
/// rule (`session-teacher-unmet`).
#[component]
fn TeacherRefusal(errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let mine: Vec<FieldError> = errors.with(|all| {
            all.iter()
                .filter(|e| e.field == "teacher_id")
                .cloned()
                .collect()
        });
        (!mine.is_empty()).then(|| {
            let items = mine
                .into_iter()
                .map(|e| {
                    let text = i18n.field_error(&e);
                    view! {
                        <li data-rule=e.code.clone() title=e.message.clone()>
                            {text}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <ul class="unmet field-error" data-testid="session-teacher-unmet">
                    {items}
                </ul>
            }
        })
    }
}
