//! The import wizard of a class's enrolments (staff and admin, while the class accepts
//! enrolments): download the xlsx template → upload a CSV or xlsx file (`POST /imports` with
//! the class) → preview with every rejected row (row number, column, reason) → choose all or
//! nothing (the default) or keep the valid rows → commit (`POST /imports/{id}/commit`) → the
//! result. Large files are validated and committed as background jobs (`202`): the wizard polls
//! `GET /imports/{id}` and shows a progress bar meanwhile.
//!
//! Test ids: `import-wizard` (`data-step`), `import-template`, `import-file`, `import-upload`,
//! `import-progress` (`data-processed`, `data-total`), `import-counts` (`data-total`,
//! `data-valid`, `data-rejected`), `import-errors` with a row `import-error-{row}` per rejected
//! row, `import-mode-all` / `import-mode-keep`, `import-commit`, `import-summary`
//! (`data-written`), `import-restart`.

use std::time::Duration;

use cebase_domain::imports::{ImportJobDto, ImportRowError, ImportStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

use crate::api::{self, ApiError, ImportFileKind};
use crate::components::problem::ProblemView;
use crate::i18n::{ImportKey, use_i18n};

/// How often a running job is asked for its progress.
const POLL: Duration = Duration::from_millis(500);

/// Where the wizard stands.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Choosing the file.
    Upload,
    /// The job runs (validating or committing); its last known state.
    Running(ImportJobDto),
    /// The preview is ready: rejected rows listed, commit possible.
    Preview(ImportJobDto),
    /// Written, or failed.
    Finished(ImportJobDto),
}

impl Step {
    fn name(&self) -> &'static str {
        match self {
            Step::Upload => "upload",
            Step::Running(_) => "running",
            Step::Preview(_) => "preview",
            Step::Finished(_) => "finished",
        }
    }

    fn of(job: ImportJobDto) -> Step {
        match job.status {
            ImportStatus::Pending | ImportStatus::Validating | ImportStatus::Committing => {
                Step::Running(job)
            }
            ImportStatus::Ready => Step::Preview(job),
            ImportStatus::Done | ImportStatus::Failed => Step::Finished(job),
        }
    }
}

/// The wizard; `on_imported` runs once rows were written (the class's counts changed).
#[component]
pub fn ImportWizard(class_id: Uuid, on_imported: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let step = RwSignal::new(Step::Upload);
    let error = RwSignal::new(None::<ApiError>);
    let keep_valid = RwSignal::new(false);
    let file = RwSignal::new(None::<(String, ImportFileKind)>);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let busy = RwSignal::new(false);

    // Follows a running job until it is ready, done or failed.
    fn follow(
        id: Uuid,
        step: RwSignal<Step>,
        error: RwSignal<Option<ApiError>>,
        done: Callback<()>,
    ) {
        spawn_local(async move {
            match api::get_import(id).await {
                Ok(job) => {
                    let next = Step::of(job);
                    let running = matches!(next, Step::Running(_));
                    if let Step::Finished(job) = &next
                        && job.status == ImportStatus::Done
                    {
                        done.run(());
                    }
                    step.set(next);
                    if running {
                        set_timeout(move || follow(id, step, error, done), POLL);
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        });
    }

    let settle = move |job: ImportJobDto| {
        let next = Step::of(job);
        match &next {
            Step::Running(job) => {
                let id = job.import_id;
                set_timeout(move || follow(id, step, error, on_imported), POLL);
            }
            Step::Finished(job) if job.status == ImportStatus::Done => on_imported.run(()),
            _ => {}
        }
        step.set(next);
    };

    let on_file = move |_| {
        error.set(None);
        let chosen = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
            .map(|f| f.name());
        file.set(chosen.map(|name| {
            let kind = ImportFileKind::of(&name);
            (name, kind.unwrap_or(ImportFileKind::Csv))
        }));
    };
    let file_kind_ok = move || {
        file.with(|f| {
            f.as_ref()
                .is_some_and(|(name, _)| ImportFileKind::of(name).is_some())
        })
    };

    let upload = move |_| {
        let Some(input) = file_input.get_untracked() else {
            return;
        };
        let Some(chosen) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        let Some(kind) = ImportFileKind::of(&chosen.name()) else {
            return;
        };
        let keep = keep_valid.get_untracked();
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::upload_import(&chosen, kind, Some(class_id), keep).await {
                Ok(job) => settle(job),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let commit = move |_| {
        let Step::Preview(job) = step.get_untracked() else {
            return;
        };
        let keep = keep_valid.get_untracked();
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            match api::commit_import(job.import_id, keep).await {
                Ok(job) => settle(job),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };

    let restart = move |_| {
        error.set(None);
        file.set(None);
        keep_valid.set(false);
        if let Some(input) = file_input.get_untracked() {
            input.set_value("");
        }
        step.set(Step::Upload);
    };

    let template = move |_| {
        spawn_local(async move {
            if let Err(e) = api::download_import_template().await {
                error.set(Some(e));
            }
        });
    };

    let steps = move || {
        let at = match step.with(|s| s.name()) {
            "upload" => 0,
            "running" | "preview" => 1,
            _ => 2,
        };
        [
            ImportKey::StepUpload,
            ImportKey::StepPreview,
            ImportKey::StepResult,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, key)| {
            let state = if i < at {
                "done"
            } else if i == at {
                "current"
            } else {
                "todo"
            };
            view! { <li class=format!("step step-{state}")>{i18n.tr(key)}</li> }
        })
        .collect_view()
    };

    view! {
        <div class="form import-wizard" data-testid="import-wizard" data-step=move || step.with(|s| s.name())>
            <h3>{i18n.tr(ImportKey::Title)}</h3>
            <ol class="timeline import-steps">{steps}</ol>
            {move || match step.get() {
                Step::Upload => {
                    view! {
                        <p class="muted small">{i18n.tr(ImportKey::Hint)}</p>
                        <div class="toolbar">
                            <button type="button" data-testid="import-template" on:click=template>
                                {i18n.tr(ImportKey::Template)}
                            </button>
                        </div>
                        <label for="import-file">{i18n.tr(ImportKey::File)}</label>
                        <input
                            id="import-file"
                            data-testid="import-file"
                            type="file"
                            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                            node_ref=file_input
                            on:change=on_file
                        />
                        {move || {
                            (file.with(Option::is_some) && !file_kind_ok())
                                .then(|| {
                                    view! {
                                        <span class="field-error" data-testid="import-file-kind">
                                            {i18n.tr(ImportKey::FileKind)}
                                        </span>
                                    }
                                })
                        }}
                        <ModeChoice keep_valid />
                        <button
                            type="button"
                            class="primary"
                            data-testid="import-upload"
                            disabled=move || busy.get() || !file_kind_ok()
                            on:click=upload
                        >
                            {i18n.tr(ImportKey::Upload)}
                        </button>
                    }
                        .into_any()
                }
                Step::Running(job) => view! { <Progress job /> }.into_any(),
                Step::Preview(job) => {
                    let rejected = job.error_count;
                    let valid = job.valid_rows;
                    let blocked = move || rejected > 0 && !keep_valid.get();
                    view! {
                        <Counts job=job.clone() />
                        <RowErrors job=job.clone() />
                        <ModeChoice keep_valid />
                        {move || {
                            blocked()
                                .then(|| {
                                    view! {
                                        <p class="notice warning small" data-testid="import-blocked">
                                            {i18n.tr(ImportKey::Blocked)}
                                        </p>
                                    }
                                })
                        }}
                        <div class="toolbar">
                            <button
                                type="button"
                                class="primary"
                                data-testid="import-commit"
                                disabled=move || busy.get() || valid == 0 || blocked()
                                on:click=commit
                            >
                                {move || i18n.import_commit(valid)}
                            </button>
                            <button type="button" data-testid="import-restart" on:click=restart>
                                {i18n.tr(ImportKey::AnotherFile)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Step::Finished(job) => {
                    let done = job.status == ImportStatus::Done;
                    view! {
                        {if done {
                            view! { <Summary job=job.clone() /> }.into_any()
                        } else {
                            view! {
                                <p class="problem" role="alert" data-testid="import-failed">
                                    <strong class="problem-headline">{i18n.tr(ImportKey::Failed)}</strong>
                                    <span class="problem-detail">{job.message.clone().unwrap_or_default()}</span>
                                </p>
                            }
                                .into_any()
                        }}
                        {(done && job.error_count > 0).then(|| view! { <RowErrors job=job.clone() /> })}
                        <div class="toolbar">
                            <button type="button" data-testid="import-restart" on:click=restart>
                                {i18n.tr(ImportKey::AnotherFile)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
            }}
            <ProblemView error />
            {move || import_rejected_rows(error)}
        </div>
    }
}

/// A `422 import_rejected` (the rows were checked again at commit and some were refused): its
/// `rows[N].field` errors as a list, so the refusal is readable without the preview.
fn import_rejected_rows(error: RwSignal<Option<ApiError>>) -> Option<impl IntoView> {
    let i18n = use_i18n();
    let rows: Vec<ImportRowError> = error.with(|e| {
        e.as_ref()
            .filter(|e| e.code() == Some("import_rejected"))
            .map(|e| {
                e.field_errors()
                    .iter()
                    .filter_map(|f| {
                        let rest = f.field.strip_prefix("rows[")?;
                        let (row, field) = rest.split_once("].")?;
                        Some(ImportRowError::new(
                            row.parse().ok()?,
                            field,
                            &f.code,
                            f.message.clone(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    (!rows.is_empty()).then(|| {
        let items = rows
            .into_iter()
            .map(|e| {
                let (row, field) = (e.row, e.field.clone());
                view! {
                    <li>
                        {move || i18n.import_row(row)} " · " {move || i18n.import_field(&field)}
                        "：" {move || i18n.import_reason(&e)}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="unmet field-error" data-testid="import-rejected-rows">{items}</ul> }
    })
}

/// All or nothing (the default) or keep the valid rows.
#[component]
fn ModeChoice(keep_valid: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="import-mode">
            <legend>{i18n.tr(ImportKey::Mode)}</legend>
            <label class="check">
                <input
                    type="radio"
                    name="import-mode"
                    data-testid="import-mode-all"
                    prop:checked=move || !keep_valid.get()
                    on:change=move |_| keep_valid.set(false)
                />
                {i18n.tr(ImportKey::AllOrNothing)}
            </label>
            <label class="check">
                <input
                    type="radio"
                    name="import-mode"
                    data-testid="import-mode-keep"
                    prop:checked=move || keep_valid.get()
                    on:change=move |_| keep_valid.set(true)
                />
                {i18n.tr(ImportKey::KeepValid)}
            </label>
        </fieldset>
    }
}

/// The progress bar of a running job: rows validated (or written) of the file's rows.
#[component]
fn Progress(job: ImportJobDto) -> impl IntoView {
    let i18n = use_i18n();
    let total = job.total_rows.max(1);
    let done = job.processed_rows.min(total);
    let percent = done * 100 / total;
    let committing = job.status == ImportStatus::Committing;
    view! {
        <div
            class="import-progress"
            data-testid="import-progress"
            data-status=job.status.to_string()
            data-processed=job.processed_rows.to_string()
            data-total=job.total_rows.to_string()
        >
            <p>
                {move || i18n.t(if committing { ImportKey::Committing } else { ImportKey::Validating })}
            </p>
            <div
                class="seatbar-track progress-track"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax=job.total_rows.to_string()
                aria-valuenow=job.processed_rows.to_string()
            >
                <div class="seatbar-fill" style:width=format!("{percent}%")></div>
            </div>
            <span class="small">{move || i18n.import_progress(job.processed_rows, job.total_rows)}</span>
        </div>
    }
}

/// Rows in the file, valid, rejected.
#[component]
fn Counts(job: ImportJobDto) -> impl IntoView {
    let i18n = use_i18n();
    let any_rejected = job.error_count > 0;
    view! {
        <div
            class="stats"
            data-testid="import-counts"
            data-total=job.total_rows.to_string()
            data-valid=job.valid_rows.to_string()
            data-rejected=job.error_count.to_string()
        >
            <div class="stat">
                <span class="stat-value">{job.total_rows}</span>
                <span class="stat-label">{i18n.tr(ImportKey::Rows)}</span>
            </div>
            <div class="stat stat-ok">
                <span class="stat-value">{job.valid_rows}</span>
                <span class="stat-label">{i18n.tr(ImportKey::ValidRows)}</span>
            </div>
            <div class="stat" class:stat-bad=any_rejected>
                <span class="stat-value">{job.error_count}</span>
                <span class="stat-label">{i18n.tr(ImportKey::RejectedRows)}</span>
            </div>
        </div>
    }
}

/// Every rejected row listed (the server sends the first 200; the count has them all).
#[component]
fn RowErrors(job: ImportJobDto) -> impl IntoView {
    let i18n = use_i18n();
    if job.errors.is_empty() {
        return view! {
            <p class="notice small" data-testid="import-no-errors">{i18n.tr(ImportKey::NoErrors)}</p>
        }
        .into_any();
    }
    let listed = job.errors.len() as u32;
    let more = job.error_count.saturating_sub(listed);
    let rows = job
        .errors
        .into_iter()
        .map(|e| {
            let field = e.field.clone();
            let row = e.row;
            let code = e.code.clone();
            let field_attr = field.clone();
            view! {
                <tr data-testid=format!("import-error-{row}") data-field=field_attr data-code=code>
                    <td class="num">{row}</td>
                    <td>{move || i18n.import_field(&field)}</td>
                    <td>{move || i18n.import_reason(&e)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table import-errors" data-testid="import-errors">
            <thead>
                <tr>
                    <th>{i18n.tr(ImportKey::Row)}</th>
                    <th>{i18n.tr(ImportKey::Column)}</th>
                    <th>{i18n.tr(ImportKey::Reason)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {(more > 0).then(|| view! { <p class="muted small">{move || i18n.import_more_errors(more)}</p> })}
    }
    .into_any()
}

/// What the commit wrote.
#[component]
fn Summary(job: ImportJobDto) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice success" data-testid="import-summary" data-written=job.written_rows.to_string()>
            <strong>{move || i18n.import_written(job.written_rows)}</strong>
            <ul class="small">
                <li>{move || i18n.import_people(job.people_created, job.people_reused)}</li>
                <li>{move || i18n.import_enrolments(job.enrolments_created)}</li>
                {(job.error_count > 0)
                    .then(|| view! { <li>{move || i18n.import_left_out(job.error_count)}</li> })}
            </ul>
        </div>
    }
}
