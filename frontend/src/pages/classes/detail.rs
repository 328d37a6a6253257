//! `/classes/:id`: one class — its status timeline (planned → open → in progress → completed →
//! reported, or cancelled) with a button per action the server allows now (`allowed_actions`;
//! cancelling asks for the reason), the facts, the teaching schedule, the enrolments, the
//! attendance sheet while the class is in progress, and the details form (read-only for
//! everyone but staff and admin, and once the class is completed or cancelled).

use cebase_domain::Role;
use cebase_domain::class::{ClassStatus, TransitionAction};
use cebase_domain::training::{ClassDto, ClassTransitionRequest};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use uuid::Uuid;

use super::assessments::AssessmentsPanel;
use super::attendance::AttendanceSheet;
use super::completion::{CompleteConfirm, CompletionReview};
use super::enrolments::EnrolmentList;
use super::form::ClassForm;
use super::schedule::Timetable;
use super::{SeatBar, StatusBadge};
use crate::api::{self, ApiError};
use crate::components::form::{RecordMeta, optional_text};
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{ClassKey, CourseKey, Key, use_i18n};
use crate::pages::certificates::ClassCertificates;
use crate::pages::materials::DownloadButton;
use crate::pages::route_id;
use crate::session::use_session;

/// The regular course of a class, in order.
const STEPS: [ClassStatus; 5] = [
    ClassStatus::Planned,
    ClassStatus::Open,
    ClassStatus::InProgress,
    ClassStatus::Completed,
    ClassStatus::Reported,
];

#[component]
pub fn ClassPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            <p class="breadcrumb">
                <A href="/classes">{i18n.tr(Key::BackToList)}</A>
            </p>
            {move || match id.get() {
                Some(id) => view! { <ClassDetail id /> }.into_any(),
                None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ClassDetail(id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let record = LocalResource::new(move || {
        reloads.track();
        api::get_class(id)
    });
    let on_reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                record
                    .get()
                    .map(|answer| match answer {
                        Ok(class) => view! { <Loaded class on_reload /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn Loaded(class: ClassDto, on_reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let id = class.id;
    let current = RwSignal::new(class);
    let manages = session.manages_classes();
    // Staff, admin and teachers (who see only the classes they teach) enter results.
    let records = manages || session.has_role(Role::Teacher);
    let results_saved = RwSignal::new(0u32);
    // The schedule and the enrolments change the class's counts: fetch it again quietly.
    let refresh = Callback::new(move |()| {
        spawn_local(async move {
            if let Ok(class) = api::get_class(id).await {
                current.set(class);
            }
        });
    });
    let status = Memo::new(move |_| current.with(|c| c.status));
    let details_editable = move || {
        !matches!(
            status.get(),
            ClassStatus::Completed | ClassStatus::Reported | ClassStatus::Cancelled
        )
    };
    view! {
        <h1 data-testid="class-title-heading">{move || current.with(|c| c.title.clone())}</h1>
        <div class="class-head">
            {move || view! { <StatusBadge status=status.get() testid="class-status".to_owned() /> }}
            <SeatBar
                enrolled=Signal::derive(move || current.with(|c| c.enrolled_count))
                capacity=Signal::derive(move || current.with(|c| c.capacity))
                testid="class-seats"
            />
            <span class="muted">
                {move || {
                    current
                        .with(|c| {
                            format!(
                                "{} – {} · {} · {}",
                                c.start_date,
                                c.end_date,
                                i18n.delivery_form(c.form),
                                i18n.yuan(c.fee_fen),
                            )
                        })
                }}
            </span>
        </div>
        <Timeline current />
        <Show when=move || manages>
            <Actions current />
        </Show>
        <div class="toolbar" data-testid="class-files">
            <A href=format!("/classes/{id}/materials") attr:data-testid="class-materials-link">
                {i18n.tr(CourseKey::ClassMaterialsTitle)}
            </A>
            // Staff and the class's teachers (the server refuses everyone else).
            <Show when=move || manages || session.has_role(Role::Teacher)>
                <DownloadButton
                    path=format!("/api/v1/classes/{id}/results.xlsx")
                    file_name=current.with_untracked(|c| format!("{}-成绩.xlsx", c.title))
                    label=ClassKey::ExportResults
                    testid="export-results"
                />
            </Show>
        </div>
        <div class="two-columns">
            <div class="column-main">
                <Timetable class=current manages on_changed=refresh />
                <EnrolmentList class=current manages on_changed=refresh />
                <Show
                    when=move || status.get() == ClassStatus::InProgress
                    fallback=move || {
                        matches!(status.get(), ClassStatus::Planned | ClassStatus::Open)
                            .then(|| {
                                view! {
                                    <p class="muted small" data-testid="attendance-not-yet">
                                        {i18n.tr(ClassKey::AttendanceNotYet)}
                                    </p>
                                }
                            })
                    }
                >
                    <AttendanceSheet class_id=id />
                </Show>
                <Show when=move || status.get() != ClassStatus::Cancelled>
                    <AssessmentsPanel class=current manages records results_saved />
                </Show>
                <Show when=move || {
                    records
                        && matches!(
                            status.get(),
                            ClassStatus::InProgress | ClassStatus::Completed | ClassStatus::Reported
                        )
                }>
                    <CompletionReview class_id=id status manages results_saved />
                </Show>
                // Certificates (Art. 9) once the class is completed, for staff and admin.
                <Show when=move || {
                    manages && matches!(status.get(), ClassStatus::Completed | ClassStatus::Reported)
                }>
                    <ClassCertificates class_id=id />
                </Show>
                // --- reports: questionnaire, evaluation results, summary report ---
                <crate::pages::evaluation::ClassEvaluation
                    class_id=id
                    status=Signal::derive(move || status.get())
                />
            </div>
            <div class="column-side">
                {move || {
                    let readonly = !manages || !details_editable();
                    view! {
                        <ClassForm
                            existing=current
                            on_saved=Callback::new(|_| {})
                            on_reload
                            readonly
                        />
                    }
                }}
                <RecordMeta
                    created_at=Signal::derive(move || current.with(|c| c.created_at))
                    updated_at=Signal::derive(move || current.with(|c| c.updated_at))
                    version=Signal::derive(move || current.with(|c| c.version))
                />
            </div>
        </div>
    }
}

/// The lifecycle as steps (`class-timeline`, each `<li data-step data-state>` with `done`,
/// `current` or `todo`); a cancelled class shows where it stopped and why.
#[component]
fn Timeline(current: RwSignal<ClassDto>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (status, reason) = current.with(|c| (c.status, c.cancel_reason.clone()));
        let reached = STEPS.iter().position(|s| *s == status);
        let steps = STEPS
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let step = *step;
                let state = match reached {
                    Some(at) if i < at => "done",
                    Some(at) if i == at => "current",
                    _ => "todo",
                };
                view! {
                    <li
                        class=format!("step step-{state}")
                        data-step=step.to_string()
                        data-state=state
                    >
                        {move || i18n.class_status(step)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="card timeline-card">
                <h2 class="small-heading">{i18n.tr(ClassKey::Lifecycle)}</h2>
                <ol class="timeline" data-testid="class-timeline" data-status=status.to_string()>
                    {steps}
                    {(status == ClassStatus::Cancelled)
                        .then(|| {
                            view! {
                                <li class="step step-cancelled" data-step="cancelled" data-state="current">
                                    {i18n.tr(ClassKey::CancelReason)}
                                    "："
                                    <span data-testid="class-cancel-reason-shown">
                                        {reason.clone().unwrap_or_default()}
                                    </span>
                                </li>
                            }
                        })}
                </ol>
            </div>
        }
    }
}

/// One button per allowed action (`class-action-{action}`); `cancel` first asks for the reason
/// (`class-cancel-reason`, `class-cancel-confirm`), `complete` for a confirmation showing how
/// many trainees the completion review lets complete (`class-complete-confirm`). A refusal is
/// shown as a problem.
#[component]
fn Actions(current: RwSignal<ClassDto>) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let asking_reason = RwSignal::new(false);
    let asking_complete = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let run = Action::new_local(move |request: &ClassTransitionRequest| {
        let request = request.clone();
        let id = current.get_untracked().id;
        async move {
            match api::transition_class(id, &request).await {
                Ok(class) => {
                    error.set(None);
                    asking_reason.set(false);
                    asking_complete.set(false);
                    reason.set(String::new());
                    current.set(class);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = run.pending();
    let field_errors = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        })
    });
    let buttons = move || {
        current
            .with(|c| c.allowed_actions.clone())
            .into_iter()
            .map(|action| {
                let cancel = action == TransitionAction::Cancel;
                view! {
                    <button
                        type="button"
                        class:primary=!cancel
                        class:danger=cancel
                        data-testid=format!("class-action-{action}")
                        disabled=move || pending.get()
                        on:click=move |_| {
                            error.set(None);
                            if cancel {
                                asking_reason.set(true);
                            } else if action == TransitionAction::Complete {
                                asking_complete.set(true);
                            } else {
                                run.dispatch(ClassTransitionRequest { action, reason: None });
                            }
                        }
                    >
                        {move || i18n.transition_action(action)}
                    </button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="toolbar class-actions" data-testid="class-actions">
            {buttons}
        </div>
        <Show when=move || asking_reason.get()>
            <div class="card form cancel-prompt" data-testid="class-cancel-prompt">
                <label for="class-cancel-reason">{i18n.tr(ClassKey::CancelReasonPrompt)}</label>
                <textarea
                    id="class-cancel-reason"
                    data-testid="class-cancel-reason"
                    rows="2"
                    prop:value=move || reason.get()
                    on:input=move |ev| reason.set(event_target_value(&ev))
                ></textarea>
                <FieldErrors errors=field_errors field="reason" />
                <div class="toolbar">
                    <button
                        type="button"
                        class="danger"
                        data-testid="class-cancel-confirm"
                        disabled=move || pending.get()
                        on:click=move |_| {
                            run.dispatch(ClassTransitionRequest {
                                action: TransitionAction::Cancel,
                                reason: optional_text(&reason.get_untracked()),
                            });
                        }
                    >
                        {i18n.tr(ClassKey::ConfirmCancel)}
                    </button>
                    <button type="button" on:click=move |_| asking_reason.set(false)>
                        {i18n.tr(Key::Back)}
                    </button>
                </div>
            </div>
        </Show>
        <Show when=move || asking_complete.get()>
            <CompleteConfirm
                class_id=current.get_untracked().id
                pending=Signal::derive(move || pending.get())
                on_confirm=Callback::new(move |()| {
                    run.dispatch(ClassTransitionRequest {
                        action: TransitionAction::Complete,
                        reason: None,
                    });
                })
                on_back=Callback::new(move |()| asking_complete.set(false))
            />
        </Show>
        <ProblemView error />
    }
}
