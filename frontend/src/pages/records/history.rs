//! The version history of one learning record (`GET /learning-records/{id}/versions`): every
//! version, oldest first, with who wrote it, when and why (Art. 6: entries are never silently
//! edited, a correction is a new version), and for staff and admin the correction form
//! (`POST /learning-records/{id}/corrections`), prefilled with the current version. A stale
//! version comes back as 409 `version_conflict` with a reload.
//!
//! Test ids: `record-history` (`data-record`), `record-versions` with rows
//! `record-version-{n}` (`data-current`), `record-correct-form`, `record-correct-{field}`,
//! `record-correct-submit`.

use cebase_domain::FieldError;
use cebase_domain::access;
use cebase_domain::training::{DeliveryForm, LearningRecordDto, RecordCorrectionRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::hours;
use crate::api::{self, ApiError};
use crate::components::form::{TextField, optional_text};
use crate::components::problem::{FieldErrors, ProblemView, SaveProblem};
use crate::components::select::EnumSelect;
use crate::i18n::{ClassKey, I18n, Key, RecordKey, use_i18n};
use crate::session::use_session;
use crate::time::format_shanghai;

#[component]
pub fn RecordHistory(
    record: LearningRecordDto,
    /// After a correction was written, or the record reloaded after a conflict: its current
    /// version.
    on_corrected: Callback<LearningRecordDto>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let corrects = move || {
        session
            .role_set()
            .is_some_and(|roles| access::Operation::CorrectLearningRecords.allows(&roles))
    };
    let id = record.id;
    let current_version = record.version;
    let reloads = RwSignal::new(0u32);
    let versions = LocalResource::new(move || {
        reloads.track();
        api::learning_record_versions(id)
    });
    let title = record.class_title.clone();
    let record_attr = record.class_title.clone();
    view! {
        <div class="card record-history" data-testid="record-history" data-record=record_attr>
            <div class="toolbar spread">
                <h2>{move || i18n.record_history(&title)}</h2>
                <button type="button" class="button-quiet" data-testid="record-history-close" on:click=move |_| on_close.run(())>
                    {i18n.tr(Key::Close)}
                </button>
            </div>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    versions
                        .get()
                        .map(|answer| match answer {
                            Ok(page) => view! { <VersionTable items=page.items current=current_version /> }.into_any(),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
            <Show when=corrects>
                <CorrectionForm record=record.clone() on_corrected=Callback::new(move |r| {
                    reloads.update(|n| *n += 1);
                    on_corrected.run(r);
                }) />
            </Show>
        </div>
    }
}

/// `record-versions`: one row per version, the current one marked.
#[component]
fn VersionTable(items: Vec<LearningRecordDto>, current: i32) -> impl IntoView {
    let i18n = use_i18n();
    let count = items.len();
    let rows = items
        .into_iter()
        .map(|v| {
            let is_current = v.version == current;
            let reason = v.reason.clone();
            let who = v.created_by_name.clone().unwrap_or_else(|| v.created_by.to_string());
            let form = v.form;
            view! {
                <tr
                    data-testid=format!("record-version-{}", v.version)
                    data-current=is_current.to_string()
                    class:row-current=is_current
                >
                    <td class="num">
                        {format!("v{}", v.version)}
                        {is_current
                            .then(|| {
                                view! { <span class="badge badge-on small">{i18n.tr(RecordKey::CurrentVersion)}</span> }
                            })}
                    </td>
                    <td class="nowrap small">{format_shanghai(v.created_at)}</td>
                    <td>{who}</td>
                    <td>
                        {move || match &reason {
                            Some(r) => r.clone(),
                            None => i18n.t(RecordKey::RecordVersionOriginal).to_owned(),
                        }}
                    </td>
                    <td>{v.year}</td>
                    <td>{move || i18n.delivery_form(form)}</td>
                    <td class="num">{hours(v.public_required_hours)}</td>
                    <td class="num">{hours(v.professional_hours)}</td>
                    <td class="num">{hours(v.total_hours)}</td>
                    <td>{v.assessment_result.clone().unwrap_or_else(|| "—".to_owned())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="small muted" data-testid="record-versions-count">{move || i18n.version_count(count)}</p>
        <table class="table" data-testid="record-versions">
            <thead>
                <tr>
                    <th>{i18n.tr(Key::Version)}</th>
                    <th>{i18n.tr(RecordKey::WrittenAt)}</th>
                    <th>{i18n.tr(RecordKey::WrittenBy)}</th>
                    <th>{i18n.tr(RecordKey::CorrectionReason)}</th>
                    <th>{i18n.tr(RecordKey::RecordYear)}</th>
                    <th>{i18n.tr(ClassKey::DeliveryFormLabel)}</th>
                    <th>{i18n.tr(RecordKey::PublicHours)}</th>
                    <th>{i18n.tr(RecordKey::ProfessionalHours)}</th>
                    <th>{i18n.tr(RecordKey::TotalHours)}</th>
                    <th>{i18n.tr(RecordKey::AssessmentResult)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn parse_number(raw: &str) -> Option<f64> {
    raw.trim().replace(',', ".").parse::<f64>().ok()
}

/// The correction: the content in full (prefilled with the current version) and the reason.
#[component]
fn CorrectionForm(
    record: LearningRecordDto,
    on_corrected: Callback<LearningRecordDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    let year = RwSignal::new(record.year.to_string());
    let form = RwSignal::new(record.form);
    let content = RwSignal::new(record.content.clone());
    let public = RwSignal::new(hours(record.public_required_hours));
    let professional = RwSignal::new(hours(record.professional_hours));
    let result = RwSignal::new(record.assessment_result.clone().unwrap_or_default());
    let certificate = RwSignal::new(record.certificate_number.clone().unwrap_or_default());
    let reason = RwSignal::new(String::new());
    let version = record.version;
    let id = record.id;
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);

    let save = Action::new_local(move |request: &RecordCorrectionRequest| {
        let request = request.clone();
        async move {
            match api::correct_learning_record(id, &request).await {
                Ok(corrected) => {
                    field_errors.set(Vec::new());
                    error.set(None);
                    on_corrected.run(corrected);
                }
                Err(e) => {
                    field_errors.set(e.field_errors().to_vec());
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = save.pending();
    // After a 409 `version_conflict`: show the record as it is now (the form is rebuilt from it).
    let on_reload = Callback::new(move |()| {
        spawn_local(async move {
            match api::learning_record(id).await {
                Ok(current) => on_corrected.run(current),
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        let mut errors = Vec::new();
        let mut number = |raw: String, field: &str| match parse_number(&raw) {
            Some(v) => v,
            None => {
                errors.push(FieldError::new(field, "number", "not a number"));
                0.0
            }
        };
        let public_required_hours = number(public.get_untracked(), "public_required_hours");
        let professional_hours = number(professional.get_untracked(), "professional_hours");
        let year_value = match year.get_untracked().trim().parse::<i32>() {
            Ok(y) => y,
            Err(_) => {
                errors.push(FieldError::new("year", "number", "not a number"));
                0
            }
        };
        if reason.with_untracked(|r| r.trim().is_empty()) {
            errors.push(FieldError::new("reason", "required", "is required"));
        }
        if !errors.is_empty() {
            field_errors.set(errors);
            return;
        }
        field_errors.set(Vec::new());
        save.dispatch(RecordCorrectionRequest {
            year: year_value,
            form: form.get_untracked(),
            content: content.get_untracked().trim().to_owned(),
            public_required_hours,
            professional_hours,
            assessment_result: optional_text(&result.get_untracked()),
            certificate_number: optional_text(&certificate.get_untracked()),
            reason: reason.get_untracked().trim().to_owned(),
            version,
        });
    };
    view! {
        <form class="form record-correct" data-testid="record-correct-form" on:submit=on_submit novalidate>
            <h3>{i18n.tr(RecordKey::CorrectRecord)}</h3>
            <p class="muted small">{i18n.tr(RecordKey::CorrectRecordHint)}</p>
            <div class="form-grid">
                <TextField id="record-correct-year" label=RecordKey::RecordYear value=year field="year" errors=field_errors kind="number" />
                <div class="field">
                    <label for="record-correct-form-kind">{i18n.tr(ClassKey::DeliveryFormLabel)}</label>
                    <EnumSelect id="record-correct-form-kind" value=form options=DeliveryForm::ALL label=I18n::delivery_form />
                </div>
                <TextField id="record-correct-public" label=RecordKey::PublicHours value=public field="public_required_hours" errors=field_errors />
                <TextField id="record-correct-professional" label=RecordKey::ProfessionalHours value=professional field="professional_hours" errors=field_errors />
                <TextField id="record-correct-result" label=RecordKey::AssessmentResult value=result field="assessment_result" errors=field_errors optional=true />
                <TextField id="record-correct-certificate" label=RecordKey::CertificateNumber value=certificate field="certificate_number" errors=field_errors optional=true />
            </div>
            <div class="field">
                <label for="record-correct-content">{i18n.tr(RecordKey::RecordContent)}</label>
                <textarea
                    id="record-correct-content"
                    data-testid="record-correct-content"
                    rows="3"
                    prop:value=move || content.get()
                    on:input=move |ev| content.set(event_target_value(&ev))
                ></textarea>
                <FieldErrors errors=field_errors field="content" />
            </div>
            <div class="field">
                <label for="record-correct-reason">{i18n.tr(RecordKey::CorrectionReason)}</label>
                <textarea
                    id="record-correct-reason"
                    data-testid="record-correct-reason"
                    rows="2"
                    placeholder=i18n.tr(RecordKey::CorrectionReasonHint)
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                ></textarea>
                <FieldErrors errors=field_errors field="reason" />
            </div>
            <SaveProblem error on_reload />
            <button type="submit" class="primary" data-testid="record-correct-submit" disabled=move || pending.get()>
                {i18n.tr(RecordKey::SaveCorrection)}
            </button>
        </form>
    }
}
