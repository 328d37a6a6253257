//! Class summary reports to the provincial HR department (Art. 18).
//!
//! - `/class-reports`: every completed or reported class with its report's status and due date
//!   (days left; overdue in red), filtered to the overdue or unfiled ones.
//! - `/class-reports/:id`: one report — the computed figures (frozen by the latest submission, or
//!   a draft's preview), the narrative (edited while a draft), the actions the caller may take
//!   (staff submit and revise, and record the department's paper reply with 文号 and date; a
//!   reviewer of the provincial HR department files or returns), and the history.
//! - `/classes/:id/report`: the report of a class, found by the class; staff start it there.

use cebase_domain::Role;
use cebase_domain::reports::{
    ClassReportDto, ClassReportRequest, ClassReportRowDto, ReportAction, ReportDue,
    ReportFiguresDto, ReportStatus, ReportTransitionRequest, UpdateClassReportRequest,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::api::{self, ApiError, ClassReportQuery};
use crate::components::form::optional_text;
use crate::components::pager::{Cursors, Pager};
use crate::components::problem::{FieldErrors, ProblemView, SaveProblem};
use crate::i18n::{ClassKey, DashboardKey, Key, ReportKey, use_i18n};
use crate::pages::route_id;
use crate::session::use_session;
use crate::time::{format_shanghai, parse_date_input};

const PAGE_SIZE: u32 = 20;

/// The regular course of a report.
const FLOW: [ReportStatus; 3] = [
    ReportStatus::Draft,
    ReportStatus::Submitted,
    ReportStatus::Filed,
];

/// The days-left cell of a due date: red when overdue (`data-overdue`).
#[component]
pub fn DueCell(due: ReportDue, filed: bool) -> impl IntoView {
    let i18n = use_i18n();
    let overdue = due.overdue;
    view! {
        <span class="nowrap" class:overdue-text=overdue data-overdue=overdue.to_string()>
            {due.due_date.to_string()}
            " · "
            {move || {
                if filed {
                    i18n.t(ReportKey::ReportFiledDone).to_owned()
                } else {
                    i18n.days_left(due.days_left, overdue)
                }
            }}
        </span>
    }
}

/// `/class-reports`.
#[component]
pub fn ClassReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let allowed = move || {
        session
            .role_set()
            .is_some_and(|r| cebase_domain::access::Operation::ReadClassReports.allows(&r))
    };
    view! {
        <section class="page">
            <h1>{i18n.tr(ReportKey::ClassReportsTitle)}</h1>
            <Show
                when=allowed
                fallback=move || {
                    view! {
                        <p class="notice warning" data-testid="no-access">
                            {i18n.tr(Key::NoAccess)}
                        </p>
                    }
                }
            >
                <ReportList />
            </Show>
        </section>
    }
}

#[component]
fn ReportList() -> impl IntoView {
    let i18n = use_i18n();
    let overdue = RwSignal::new(false);
    let unfiled = RwSignal::new(false);
    let cursors = Cursors::new();
    let list = LocalResource::new(move || {
        let query = ClassReportQuery {
            overdue: overdue.get(),
            unfiled: unfiled.get(),
            class_id: None,
            cursor: cursors.current(),
            limit: PAGE_SIZE,
        };
        async move { api::list_class_reports(&query).await }
    });
    let next_cursor = Signal::derive(move || {
        list.get()
            .and_then(Result::ok)
            .and_then(|page| page.next_cursor)
    });
    view! {
        <div class="toolbar">
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="reports-overdue"
                    prop:checked=move || overdue.get()
                    on:change=move |ev| {
                        overdue.set(event_target_checked(&ev));
                        cursors.reset();
                    }
                />
                {i18n.tr(ReportKey::OnlyOverdue)}
            </label>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="reports-unfiled"
                    prop:checked=move || unfiled.get()
                    on:change=move |ev| {
                        unfiled.set(event_target_checked(&ev));
                        cursors.reset();
                    }
                />
                {i18n.tr(ReportKey::OnlyUnfiled)}
            </label>
        </div>
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                list.get()
                    .map(|answer| match answer {
                        Ok(page) => view! { <ReportTable rows=page.items /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
        <Pager cursors next_cursor testid="reports-page" />
    }
}

#[component]
fn ReportTable(rows: Vec<ClassReportRowDto>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p class="muted" data-testid="reports-empty">{i18n.tr(ReportKey::NoReports)}</p> }
            .into_any();
    }
    let rows = rows
        .into_iter()
        .map(|r| {
            let status = r.status;
            let filed = status == Some(ReportStatus::Filed);
            let link_text = r.class_title.clone();
            view! {
                <tr class:overdue=r.due.overdue data-testid=format!("report-row-{}", r.class_title)>
                    <td>
                        <A
                            href=format!("/classes/{}/report", r.class_id)
                            attr:data-testid=format!("report-link-{}", r.class_title)
                        >
                            {link_text}
                        </A>
                    </td>
                    <td class="nowrap">{r.class_end_date.to_string()}</td>
                    <td>
                        <ReportStatusBadge status />
                    </td>
                    <td>
                        <DueCell due=r.due filed />
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-testid="reports-table">
            <thead>
                <tr>
                    <th>{i18n.tr(ClassKey::ClassTitle)}</th>
                    <th>{i18n.tr(ReportKey::ClassEnded)}</th>
                    <th>{i18n.tr(Key::Status)}</th>
                    <th>{i18n.tr(DashboardKey::DueDate)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// A report's status (`data-status`; `not_started` when there is no report yet).
#[component]
pub fn ReportStatusBadge(
    status: Option<ReportStatus>,
    #[prop(optional)] testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <span
            class="badge badge-strong"
            class:badge-ok=status == Some(ReportStatus::Filed)
            class:badge-warn=status == Some(ReportStatus::Submitted)
            class:badge-bad=status == Some(ReportStatus::Returned)
            class:badge-off=matches!(status, None | Some(ReportStatus::Draft))
            data-testid=testid
            data-status=status.map(|s| s.as_str()).unwrap_or("not_started")
        >
            {move || match status {
                Some(s) => i18n.report_status(s),
                None => i18n.t(ReportKey::ReportNotStarted),
            }}
        </span>
    }
}

/// `/class-reports/:id`.
#[component]
pub fn ClassReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                <A href="/class-reports">{i18n.tr(Key::NavClassReports)}</A>
            </p>
            {move || match id.get() {
                Some(id) => view! { <ReportView id /> }.into_any(),
                None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
            }}
        </section>
    }
}

/// `/classes/:id/report`: the class's report, or (staff) the button that starts it.
#[component]
pub fn ClassReportOfClassPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                {move || {
                    id.get()
                        .map(|id| {
                            view! { <A href=format!("/classes/{id}")>{i18n.tr(ReportKey::BackToClass)}</A> }
                        })
                }}
                " · "
                <A href="/class-reports">{i18n.tr(Key::NavClassReports)}</A>
            </p>
            {move || match id.get() {
                Some(class_id) => view! { <ReportOfClass class_id /> }.into_any(),
                None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ReportOfClass(class_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let row = LocalResource::new(move || {
        reloads.track();
        api::class_report_row(class_id)
    });
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                row.get()
                    .map(|answer| match answer {
                        Ok(Some(ClassReportRowDto { report_id: Some(id), .. })) => {
                            view! { <ReportView id /> }.into_any()
                        }
                        Ok(Some(row)) => {
                            view! {
                                <StartReport row on_started=Callback::new(move |()| reloads.update(|n| *n += 1)) />
                            }
                                .into_any()
                        }
                        Ok(None) => {
                            view! {
                                <p class="notice warning" data-testid="report-not-due">
                                    {i18n.tr(ReportKey::ReportNotYet)}
                                </p>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

/// A completed class without a report: when it is due, and (staff) `report-start`.
#[component]
fn StartReport(row: ClassReportRowDto, on_started: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = session
        .role_set()
        .is_some_and(|r| cebase_domain::access::Operation::ManageEvaluations.allows(&r));
    let error = RwSignal::new(None::<ApiError>);
    let class_id = row.class_id;
    let start = Action::new_local(move |_: &()| async move {
        let request = ClassReportRequest {
            class_id,
            analysis: None,
            lessons: None,
            improvements: None,
        };
        match api::create_class_report(&request).await {
            Ok(_) => {
                error.set(None);
                on_started.run(());
            }
            Err(e) => error.set(Some(e)),
        }
    });
    view! {
        <h1 data-testid="report-class-title">{row.class_title.clone()}</h1>
        <p>
            <ReportStatusBadge status=None testid="report-status" />
            " "
            <DueCell due=row.due filed=false />
        </p>
        <p class="muted">{i18n.tr(ReportKey::ReportNotStartedHint)}</p>
        {manages
            .then(|| {
                view! {
                    <button
                        type="button"
                        class="primary"
                        data-testid="report-start"
                        disabled=move || start.pending().get()
                        on:click=move |_| {
                            start.dispatch(());
                        }
                    >
                        {i18n.tr(ReportKey::ReportStart)}
                    </button>
                }
            })}
        <ProblemView error />
    }
}

/// One report with its figures, narrative, actions and history.
#[component]
pub fn ReportView(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let report = LocalResource::new(move || {
        reloads.track();
        api::get_class_report(id)
    });
    let history = LocalResource::new(move || {
        reloads.track();
        api::class_report_transitions(id)
    });
    let on_changed = Callback::new(move |()| reloads.update(|n| *n += 1));
    // Kept here, not in the view of the loaded report: a refused submission reloads the report
    // (its narrative was saved first) and the refusal must stay on screen.
    let error = RwSignal::new(None::<ApiError>);
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                report
                    .get()
                    .map(|answer| match answer {
                        Ok(report) => view! { <Loaded report error on_changed /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
            <div class="card">
                <h2>{i18n.tr(ReportKey::ReportHistory)}</h2>
                {move || {
                    history
                        .get()
                        .map(|answer| match answer {
                            Ok(page) if page.items.is_empty() => {
                                view! { <p class="muted">{i18n.tr(ReportKey::ReportNoHistory)}</p> }.into_any()
                            }
                            Ok(page) => {
                                view! {
                                    <ol class="history" data-testid="report-history">
                                        {page
                                            .items
                                            .into_iter()
                                            .map(|t| {
                                                let action = t.action;
                                                let to = t.to_status;
                                                let paper = t.from_paper;
                                                view! {
                                                    <li data-testid="report-history-row" data-action=action.as_str()>
                                                        <span class="muted small nowrap">{format_shanghai(t.acted_at)}</span>
                                                        " "
                                                        <strong>{move || i18n.report_action(action)}</strong>
                                                        " → "
                                                        {move || i18n.report_status(to)}
                                                        " · "
                                                        {t.acted_by_name.clone()}
                                                        {paper.then(|| view! { " · " <span class="badge">{i18n.tr(ReportKey::FromPaper)}</span> })}
                                                        {t.document_number.clone().map(|d| format!(" · {d}"))}
                                                        {t.reply_date.map(|d| format!(" · {d}"))}
                                                        {t.comments.clone().map(|c| view! { <div class="pre-line small">{c}</div> })}
                                                        {t.figures.clone().map(|f| view! {
                                                            <div class="muted small">{move || i18n.frozen_figures(f.enrolled, f.completed)}</div>
                                                        })}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </div>
        </Transition>
    }
}

#[component]
fn Loaded(
    report: ClassReportDto,
    error: RwSignal<Option<ApiError>>,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let staff = session.has_role(Role::Staff) || session.has_role(Role::Admin);
    let id = report.id;
    let status = report.status;
    let editable = status == ReportStatus::Draft && staff;
    let analysis = RwSignal::new(report.analysis.clone().unwrap_or_default());
    let lessons = RwSignal::new(report.lessons.clone().unwrap_or_default());
    let improvements = RwSignal::new(report.improvements.clone().unwrap_or_default());
    let version = report.version;
    let saved = RwSignal::new(false);
    let comments = RwSignal::new(String::new());
    let document_number = RwSignal::new(String::new());
    let reply_date = RwSignal::new(String::new());
    let narrative = move || UpdateClassReportRequest {
        analysis: optional_text(&analysis.get_untracked()),
        lessons: optional_text(&lessons.get_untracked()),
        improvements: optional_text(&improvements.get_untracked()),
        version,
    };
    let save = Action::new_local(move |_: &()| {
        let request = narrative();
        async move {
            match api::update_class_report(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    on_changed.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    // Submitting sends the narrative as typed first, so what is submitted is what is shown.
    let act = Action::new_local(move |action: &ReportAction| {
        let action = *action;
        let request = ReportTransitionRequest {
            action: Some(action),
            comments: optional_text(&comments.get_untracked()),
            document_number: optional_text(&document_number.get_untracked()),
            reply_date: parse_date_input(&reply_date.get_untracked()),
        };
        let save_first = (action == ReportAction::Submit && editable).then(narrative);
        async move {
            if let Some(update) = &save_first
                && let Err(e) = api::update_class_report(id, update).await
            {
                error.set(Some(e));
                return;
            }
            match api::transition_class_report(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    on_changed.run(());
                }
                Err(e) => {
                    error.set(Some(e));
                    // A saved narrative changed the version: reload to stay in step.
                    if save_first.is_some() {
                        on_changed.run(());
                    }
                }
            }
        }
    });
    let pending = Signal::derive(move || save.pending().get() || act.pending().get());
    let field_errors = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        })
    });
    let actions = report.allowed_actions.clone();
    let decides = actions.iter().any(|a| a.is_decision());
    let paper = decides && staff;
    let current = if status == ReportStatus::Returned {
        ReportStatus::Draft
    } else {
        status
    };
    let (figures, preview) = match (&report.figures, &report.preview_figures) {
        (Some(f), _) => (Some(f.clone()), false),
        (None, Some(p)) => (Some(p.clone()), true),
        (None, None) => (None, false),
    };
    let class_id = report.class_id;
    let download_error = RwSignal::new(None::<ApiError>);
    let download_pdf = Action::new_local(move |_: &()| async move {
        download_error.set(api::download_class_report_pdf(id).await.err());
    });
    view! {
        <h1 data-testid="report-class-title">
            <A href=format!("/classes/{class_id}") attr:data-testid="report-class-link">
                {report.class_title.clone()}
            </A>
        </h1>
        <p class="class-head">
            <ReportStatusBadge status=Some(status) testid="report-status" />
            <span class="muted">
                {move || i18n.t(ReportKey::ClassEnded)} ": " {report.class_end_date.to_string()} " · "
                {move || i18n.class_status(report.class_status)}
            </span>
            <span>
                {i18n.tr(DashboardKey::DueDate)} ": "
                <DueCell due=report.due filed=status == ReportStatus::Filed />
            </span>
            <button
                type="button"
                data-testid="report-pdf"
                disabled=move || download_pdf.pending().get()
                on:click=move |_| {
                    download_pdf.dispatch(());
                }
            >
                {i18n.tr(ReportKey::ReportDownloadPdf)}
            </button>
        </p>
        <ProblemView error=download_error />
        <ol class="timeline" data-testid="report-flow" data-status=status.as_str()>
            {FLOW
                .iter()
                .map(|s| {
                    let s = *s;
                    let at = FLOW.iter().position(|x| *x == current).unwrap_or(0);
                    let here = FLOW.iter().position(|x| *x == s).unwrap_or(0);
                    let state = if here < at {
                        "done"
                    } else if here == at {
                        "current"
                    } else {
                        "todo"
                    };
                    view! {
                        <li class=format!("step step-{state}")>{move || i18n.report_status(s)}</li>
                    }
                })
                .collect_view()}
            {(status == ReportStatus::Returned)
                .then(|| {
                    view! {
                        <li class="step step-cancelled">{move || i18n.report_status(ReportStatus::Returned)}</li>
                    }
                })}
        </ol>
        <div class="two-columns">
            <div class="column-main">
                <div class="card form">
                    <h2>{i18n.tr(ReportKey::ReportNarrative)}</h2>
                    <NarrativeField id="report-analysis" label=ReportKey::ReportAnalysis value=analysis field="analysis" editable errors=field_errors />
                    <NarrativeField id="report-lessons" label=ReportKey::ReportLessons value=lessons field="lessons" editable errors=field_errors />
                    <NarrativeField id="report-improvements" label=ReportKey::ReportImprovements value=improvements field="improvements" editable errors=field_errors />
                    {editable
                        .then(|| {
                            view! {
                                <div class="toolbar">
                                    <button
                                        type="button"
                                        data-testid="report-save"
                                        disabled=move || pending.get()
                                        on:click=move |_| {
                                            saved.set(false);
                                            save.dispatch(());
                                        }
                                    >
                                        {i18n.tr(Key::Save)}
                                    </button>
                                    <Show when=move || saved.get()>
                                        <span class="notice success" data-testid="report-saved">
                                            {i18n.tr(ReportKey::ReportSaved)}
                                        </span>
                                    </Show>
                                </div>
                            }
                        })}
                </div>
                <div class="card form" data-testid="report-actions">
                    <h2>{i18n.tr(Key::Actions)}</h2>
                    {actions.is_empty().then(|| view! { <p class="muted">{i18n.tr(ReportKey::ReportNoActions)}</p> })}
                    {decides
                        .then(|| {
                            view! {
                                <div class="field">
                                    <label for="report-comments">{i18n.tr(ReportKey::ReportComments)}</label>
                                    <textarea
                                        id="report-comments"
                                        data-testid="report-comments"
                                        rows="2"
                                        prop:value=move || comments.get()
                                        on:input=move |ev| comments.set(event_target_value(&ev))
                                    ></textarea>
                                    <FieldErrors errors=field_errors field="comments" />
                                </div>
                            }
                        })}
                    {paper
                        .then(|| {
                            view! {
                                <p class="muted small">{i18n.tr(ReportKey::PaperReplyHint)}</p>
                                <div class="field-row">
                                    <div class="field">
                                        <label for="report-document-number">{i18n.tr(ReportKey::DocumentNumber)}</label>
                                        <input
                                            id="report-document-number"
                                            data-testid="report-document-number"
                                            bind:value=document_number
                                        />
                                        <FieldErrors errors=field_errors field="document_number" />
                                    </div>
                                    <div class="field">
                                        <label for="report-reply-date">{i18n.tr(ReportKey::ReplyDate)}</label>
                                        <input
                                            id="report-reply-date"
                                            data-testid="report-reply-date"
                                            type="date"
                                            bind:value=reply_date
                                        />
                                        <FieldErrors errors=field_errors field="reply_date" />
                                    </div>
                                </div>
                            }
                        })}
                    <div class="toolbar">
                        {actions
                            .into_iter()
                            .map(|a| {
                                let danger = a == ReportAction::Return;
                                view! {
                                    <button
                                        type="button"
                                        class:primary=!danger
                                        class:danger=danger
                                        data-testid=format!("report-action-{}", a.as_str())
                                        disabled=move || pending.get()
                                        on:click=move |_| {
                                            act.dispatch(a);
                                        }
                                    >
                                        {move || i18n.report_action_label(a, paper)}
                                    </button>
                                }
                            })
                            .collect_view()}
                    </div>
                    <SaveProblem error on_reload=on_changed />
                </div>
            </div>
            <div class="column-side">
                {match figures {
                    Some(f) => view! { <FiguresCard figures=f preview /> }.into_any(),
                    None => view! { <p class="muted">{i18n.tr(ReportKey::NoFigures)}</p> }.into_any(),
                }}
            </div>
        </div>
    }
}

/// A narrative text: a text area while the report is a draft (staff), its text otherwise.
#[component]
fn NarrativeField(
    id: &'static str,
    label: ReportKey,
    value: RwSignal<String>,
    field: &'static str,
    editable: bool,
    errors: Signal<Vec<cebase_domain::FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{i18n.tr(label)}</label>
            {if editable {
                view! {
                    <textarea
                        id=id
                        data-testid=id
                        rows="4"
                        prop:value=move || value.get()
                        on:input=move |ev| value.set(event_target_value(&ev))
                    ></textarea>
                }
                    .into_any()
            } else {
                view! {
                    <div class="pre-line" data-testid=id>
                        {move || {
                            let text = value.get();
                            if text.is_empty() { i18n.t(ReportKey::NotWritten).to_owned() } else { text }
                        }}
                    </div>
                }
                    .into_any()
            }}
            <FieldErrors errors field />
        </div>
    }
}

fn percent(value: Option<f64>) -> String {
    value
        .map(|v| format!("{v:.1}%"))
        .unwrap_or_else(|| "–".to_owned())
}

/// The computed figures (`report-figures`; `data-preview` while a draft's).
#[component]
fn FiguresCard(figures: ReportFiguresDto, preview: bool) -> impl IntoView {
    let i18n = use_i18n();
    let f = figures;
    let yuan = move |v: Option<i64>| {
        v.map(|fen| i18n.yuan(fen))
            .unwrap_or_else(|| i18n.t(ReportKey::NotKept).to_owned())
    };
    let rows: Vec<(ReportKey, &'static str, String)> = vec![
        (ReportKey::FigEnrolled, "enrolled", f.enrolled.to_string()),
        (
            ReportKey::FigCompleted,
            "completed",
            f.completed.to_string(),
        ),
        (
            ReportKey::FigCompletionRate,
            "completion_rate",
            percent(f.completion_rate_percent),
        ),
        (ReportKey::FigPassed, "passed", f.passed.to_string()),
        (
            ReportKey::FigPassRate,
            "pass_rate",
            percent(f.pass_rate_percent),
        ),
        (
            ReportKey::FigAttendanceRate,
            "attendance_rate",
            percent(f.attendance_rate_percent),
        ),
        (
            ReportKey::FigAverageScore,
            "average_score",
            f.average_score
                .map(|s| format!("{s:.1}"))
                .unwrap_or_else(|| "–".to_owned()),
        ),
    ];
    let certificates = f.certificates_issued;
    let (income, spending) = (f.income_fen, f.spending_fen);
    let evaluation = f.evaluation.clone();
    view! {
        <div class="card" data-testid="report-figures" data-preview=preview.to_string()>
            <h2>{i18n.tr(ReportKey::ReportFigures)}</h2>
            {preview.then(|| view! { <p class="muted small">{i18n.tr(ReportKey::FiguresPreview)}</p> })}
            <dl class="meta figures">
                {rows
                    .into_iter()
                    .map(|(key, name, value)| {
                        view! {
                            <dt>{i18n.tr(key)}</dt>
                            <dd data-testid=format!("fig-{name}")>{value}</dd>
                        }
                    })
                    .collect_view()}
                <dt>{i18n.tr(ReportKey::FigCertificates)}</dt>
                <dd>
                    {move || {
                        certificates
                            .map(|c| c.to_string())
                            .unwrap_or_else(|| i18n.t(ReportKey::NotKept).to_owned())
                    }}
                </dd>
                <dt>{i18n.tr(ReportKey::FigIncome)}</dt>
                <dd>{move || yuan(income)}</dd>
                <dt>{i18n.tr(ReportKey::FigSpending)}</dt>
                <dd>{move || yuan(spending)}</dd>
                <dt>{i18n.tr(ReportKey::FigEvaluation)}</dt>
                <dd data-testid="fig-evaluation">
                    {move || match &evaluation {
                        Some(e) => i18n.evaluation_brief(e.responses, e.overall_average),
                        None => i18n.t(ReportKey::NoResponses).to_owned(),
                    }}
                </dd>
            </dl>
            <p class="muted small">{i18n.tr(ReportKey::ComputedAt)} " " {format_shanghai(f.computed_at)}</p>
        </div>
    }
}

/// On a class page: the report of a completed or reported class (`class-report-link`), with
/// its status and due date, for those who read reports.
#[component]
pub fn ClassReportPanel(class_id: Uuid, #[prop(into)] watch: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let row = LocalResource::new(move || {
        // The class's status: a completed class gets a row, a filed report changes it.
        watch.track();
        api::class_report_row(class_id)
    });
    let open = move |_| navigate(&format!("/classes/{class_id}/report"), Default::default());
    view! {
        {move || {
            row.get()
                .and_then(Result::ok)
                .flatten()
                .map(|r| {
                    let open = open.clone();
                    view! {
                        <div class="card" data-testid="class-report-panel">
                            <h2 class="small-heading">{i18n.tr(ReportKey::ClassReportTitle)}</h2>
                            <p>
                                <ReportStatusBadge status=r.status testid="class-report-status" />
                                " "
                                <DueCell due=r.due filed=r.status == Some(ReportStatus::Filed) />
                            </p>
                            <button type="button" data-testid="class-report-link" on:click=open>
                                {i18n.tr(ReportKey::OpenReport)}
                            </button>
                        </div>
                    }
                })
        }}
    }
}
