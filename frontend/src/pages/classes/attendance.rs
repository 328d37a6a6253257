//! The attendance sheet of a class in progress: sessions (columns, in timetable order) × active
//! enrolments (rows). A click on a cell switches it present → absent → excused; the changed
//! cells are saved as one batch (`PUT /classes/{id}/attendance`, all or nothing), and the
//! server's updated sheet replaces the local one.

use cebase_domain::training::{
    AttendanceGridDto, AttendanceMark, AttendanceRequest, AttendanceStatus,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::i18n::{ClassKey, Key, use_i18n};

fn next(status: Option<AttendanceStatus>) -> AttendanceStatus {
    match status {
        None | Some(AttendanceStatus::Excused) => AttendanceStatus::Present,
        Some(AttendanceStatus::Present) => AttendanceStatus::Absent,
        Some(AttendanceStatus::Absent) => AttendanceStatus::Excused,
    }
}

#[component]
pub fn AttendanceSheet(class_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let grid = LocalResource::new(move || api::get_attendance(class_id));
    view! {
        <div class="card" data-testid="class-attendance">
            <h2>{i18n.tr(ClassKey::Attendance)}</h2>
            <p class="muted small">{i18n.tr(ClassKey::AttendanceHint)}</p>
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
            }>
                {move || {
                    grid.get()
                        .map(|answer| match answer {
                            Ok(sheet) => view! { <Grid class_id sheet /> }.into_any(),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn Grid(class_id: Uuid, sheet: AttendanceGridDto) -> impl IntoView {
    let i18n = use_i18n();
    let saved_sheet = RwSignal::new(sheet.clone());
    // The marks as edited: rows × sessions.
    let marks = RwSignal::new(
        sheet
            .rows
            .iter()
            .map(|r| r.marks.clone())
            .collect::<Vec<_>>(),
    );
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let changes = move || -> Vec<AttendanceMark> {
        let sheet = saved_sheet.get();
        marks.with(|rows| {
            rows.iter()
                .zip(&sheet.rows)
                .flat_map(|(edited, row)| {
                    edited
                        .iter()
                        .zip(&row.marks)
                        .zip(&sheet.sessions)
                        .filter_map(move |((new, old), session)| match new {
                            Some(status) if new != old => Some(AttendanceMark {
                                session_id: session.id,
                                enrolment_id: row.enrolment_id,
                                status: *status,
                            }),
                            _ => None,
                        })
                })
                .collect()
        })
    };
    let save = Action::new_local(move |request: &AttendanceRequest| {
        let request = request.clone();
        async move {
            match api::put_attendance(class_id, &request).await {
                Ok(sheet) => {
                    error.set(None);
                    marks.set(sheet.rows.iter().map(|r| r.marks.clone()).collect());
                    saved_sheet.set(sheet);
                    saved.set(true);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = save.pending();

    let header = move || {
        saved_sheet
            .get()
            .sessions
            .into_iter()
            .map(|s| {
                view! {
                    <th class="small">
                        <div class="nowrap">{s.date.format("%m-%d").to_string()}</div>
                        <div class="nowrap muted">{s.start_time.format("%H:%M").to_string()}</div>
                        <div class="clamp">{s.course_title}</div>
                    </th>
                }
            })
            .collect_view()
    };
    let body = move || {
        saved_sheet
            .get()
            .rows
            .into_iter()
            .enumerate()
            .map(|(r, row)| {
                let sessions = saved_sheet.with_untracked(|s| s.sessions.len());
                let cells = (0..sessions)
                    .map(|c| {
                        let status = move || marks.with(|m| m[r][c]);
                        view! {
                            <td class="cell">
                                <button
                                    type="button"
                                    class="att"
                                    class:att-present=move || status() == Some(AttendanceStatus::Present)
                                    class:att-absent=move || status() == Some(AttendanceStatus::Absent)
                                    class:att-excused=move || status() == Some(AttendanceStatus::Excused)
                                    data-testid=format!("att-{}-{c}", row.person_name)
                                    data-status=move || status().map(|s| s.to_string()).unwrap_or_default()
                                    on:click=move |_| {
                                        saved.set(false);
                                        marks.update(|m| m[r][c] = Some(next(m[r][c])));
                                    }
                                >
                                    {move || status().map_or("—", |s| i18n.attendance_status(s))}
                                </button>
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-testid=format!("attendance-row-{}", row.person_name)>
                        <th scope="row">{row.person_name.clone()}</th>
                        {cells}
                        <td data-testid=format!("attended-{}", row.person_name)>
                            {format!("{}/{}", row.attended, sessions)}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <div class="table-scroll">
            <table class="table attendance" data-testid="attendance-grid">
                <thead>
                    <tr>
                        <th>{i18n.tr(Key::Person)}</th>
                        {header}
                        <th>{i18n.tr(ClassKey::Attended)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <ProblemView error />
        <Show when=move || saved.get()>
            <p class="notice success" data-testid="attendance-saved">
                {i18n.tr(ClassKey::AttendanceSaved)}
            </p>
        </Show>
        <button
            type="button"
            class="primary"
            data-testid="attendance-save"
            disabled=move || pending.get() || changes().is_empty()
            on:click=move |_| {
                save.dispatch(AttendanceRequest { marks: changes() });
            }
        >
            {i18n.tr(ClassKey::SaveAttendance)}
        </button>
    }
}
