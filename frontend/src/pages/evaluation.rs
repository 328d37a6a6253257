//! Evaluation of a class (Art. 11, 16): the questionnaire editor for staff on the class page
//! (while the class is planned), the aggregated results for staff and the class's teachers
//! (per question and per teacher; the free texts for staff only — never who answered what), and
//! the trainee's form under "my classes" (ratings 1–5 and a free text, once per enrolment).

use cebase_domain::Role;
use cebase_domain::class::ClassStatus;
use cebase_domain::reports::{
    EvaluationRequest, EvaluationSummaryDto, QuestionnaireDto, QuestionnaireRequest, RatingItem,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::optional_text;
use crate::components::problem::{FieldErrors, ProblemView, SaveProblem};
use crate::i18n::{EvaluationKey, Key, TeacherKey, use_i18n};
use crate::pages::class_reports::ClassReportPanel;
use crate::session::use_session;

/// What the class page shows below the schedule for evaluation and reporting: the
/// questionnaire (staff), the results (staff; teachers of the class) and the summary report
/// (those who read reports, once the class is completed).
#[component]
pub fn ClassEvaluation(class_id: Uuid, #[prop(into)] status: Signal<ClassStatus>) -> impl IntoView {
    let session = use_session();
    let roles = session.role_set();
    let manages = roles
        .as_ref()
        .is_some_and(cebase_domain::access::may_manage_evaluations);
    let reads_reports = roles
        .as_ref()
        .is_some_and(cebase_domain::access::may_read_class_reports);
    let teaches = session.has_role(Role::Teacher);
    let answered = move || {
        matches!(
            status.get(),
            ClassStatus::InProgress | ClassStatus::Completed | ClassStatus::Reported
        )
    };
    let finished = move || matches!(status.get(), ClassStatus::Completed | ClassStatus::Reported);
    let watch = Signal::derive(move || status.get().to_string());
    view! {
        <Show when=move || reads_reports && finished()>
            <ClassReportPanel class_id watch />
        </Show>
        <Show when=move || (manages || teaches) && answered()>
            <SummaryCard class_id />
        </Show>
        {manages.then(|| view! { <QuestionnaireEditor class_id status /> })}
    }
}

/// A question's label in the current language: the default template's questions are
/// translated, a class's own questions are shown as written.
fn item_label(i18n: crate::i18n::I18n, item: &RatingItem) -> String {
    i18n.question_label(&item.key, &item.label)
}

/// `questionnaire`: the questions (editable while the class is planned), whether teachers are
/// rated, the free-text prompt.
#[component]
fn QuestionnaireEditor(class_id: Uuid, status: Signal<ClassStatus>) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let questionnaire = LocalResource::new(move || {
        reloads.track();
        // A class opened meanwhile locks it: follow the status.
        status.track();
        api::get_questionnaire(class_id)
    });
    let on_reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    // Kept across the reload that follows a save, so the outcome stays on screen.
    let saved = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    view! {
        <div class="card" data-testid="questionnaire">
            <h2>{i18n.tr(EvaluationKey::QuestionnaireTitle)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    questionnaire
                        .get()
                        .map(|answer| match answer {
                            Ok(q) => view! { <QuestionnaireForm q saved error on_reload /> }.into_any(),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn QuestionnaireForm(
    q: QuestionnaireDto,
    saved: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let editable = q.editable;
    let version = q.version;
    let items = RwSignal::new(
        q.items
            .iter()
            .map(|i| (RwSignal::new(i.key.clone()), RwSignal::new(i.label.clone())))
            .collect::<Vec<_>>(),
    );
    let rate_teachers = RwSignal::new(q.rate_teachers);
    let prompt = RwSignal::new(q.free_text_prompt.clone());
    let save = Action::new_local(move |_: &()| {
        let request = QuestionnaireRequest {
            items: items
                .get_untracked()
                .iter()
                .map(|(k, l)| RatingItem {
                    key: k.get_untracked().trim().to_owned(),
                    label: l.get_untracked(),
                })
                .collect(),
            rate_teachers: rate_teachers.get_untracked(),
            free_text_prompt: optional_text(&prompt.get_untracked()),
            version,
        };
        async move {
            match api::put_questionnaire(q.class_id, &request).await {
                Ok(_) => {
                    error.set(None);
                    saved.set(true);
                    on_reload.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let field_errors = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        })
    });
    if !editable {
        let teachers = q
            .teachers
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>();
        return view! {
            <p class="muted small" data-testid="questionnaire-locked">
                {i18n.tr(EvaluationKey::QuestionnaireLocked)}
            </p>
            <ol data-testid="questionnaire-items">
                {q.items.iter().map(|i| {
                    let i = i.clone();
                    view! { <li>{move || item_label(i18n, &i)} " (1–5)"</li> }
                }).collect_view()}
                {q.rate_teachers.then(|| view! {
                    <li>{i18n.tr(EvaluationKey::RateTeachers)} ": " {teachers.join("、")}</li>
                })}
                <li>{q.free_text_prompt.clone()}</li>
            </ol>
        }
        .into_any();
    }
    let rows = move || {
        items
            .get()
            .into_iter()
            .enumerate()
            .map(|(n, (key, label))| {
                view! {
                    <div class="field-row question-row" data-testid=format!("question-{n}")>
                        <div class="field">
                            <input
                                class="mono"
                                data-testid=format!("question-key-{n}")
                                aria-label=i18n.tr(EvaluationKey::QuestionCode)
                                bind:value=key
                            />
                            <ErrorsFor errors=field_errors field=format!("items[{n}].key") />
                        </div>
                        <div class="field">
                            <input
                                data-testid=format!("question-label-{n}")
                                aria-label=i18n.tr(EvaluationKey::QuestionLabel)
                                bind:value=label
                            />
                            <ErrorsFor errors=field_errors field=format!("items[{n}].label") />
                        </div>
                        <button
                            type="button"
                            class="button-small"
                            data-testid=format!("question-remove-{n}")
                            on:click=move |_| {
                                items.update(|all| {
                                    if n < all.len() {
                                        all.remove(n);
                                    }
                                })
                            }
                        >
                            {i18n.tr(EvaluationKey::Remove)}
                        </button>
                    </div>
                }
            })
            .collect_view()
    };
    view! {
        <p class="muted small" data-testid="questionnaire-kind" data-customised=q.customised.to_string()>
            {if q.customised { i18n.tr(EvaluationKey::QuestionnaireOwn)() } else { i18n.tr(EvaluationKey::QuestionnaireDefault)() }}
        </p>
        <div class="form">
            <div class="muted small question-head">
                <span>{i18n.tr(EvaluationKey::QuestionCode)}</span>
                <span>{i18n.tr(EvaluationKey::QuestionLabel)}</span>
            </div>
            {rows}
            <FieldErrors errors=field_errors field="items" />
            <div class="toolbar">
                <button
                    type="button"
                    data-testid="question-add"
                    on:click=move |_| {
                        items.update(|all| {
                            let n = all.len() + 1;
                            all.push((RwSignal::new(format!("q{n}")), RwSignal::new(String::new())));
                        })
                    }
                >
                    {i18n.tr(EvaluationKey::QuestionAdd)}
                </button>
            </div>
            <label class="check">
                <input
                    type="checkbox"
                    data-testid="questionnaire-rate-teachers"
                    prop:checked=move || rate_teachers.get()
                    on:change=move |ev| rate_teachers.set(event_target_checked(&ev))
                />
                {i18n.tr(EvaluationKey::RateTeachers)}
            </label>
            <div class="field">
                <label for="questionnaire-prompt">{i18n.tr(EvaluationKey::FreeTextPrompt)}</label>
                <input id="questionnaire-prompt" data-testid="questionnaire-prompt" bind:value=prompt />
                <FieldErrors errors=field_errors field="free_text_prompt" />
            </div>
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid="questionnaire-save"
                    disabled=move || save.pending().get()
                    on:click=move |_| {
                        saved.set(false);
                        save.dispatch(());
                    }
                >
                    {i18n.tr(Key::Save)}
                </button>
                <Show when=move || saved.get()>
                    <span class="notice success" data-testid="questionnaire-saved">
                        {i18n.tr(EvaluationKey::QuestionnaireSaved)}
                    </span>
                </Show>
            </div>
            <SaveProblem error on_reload />
        </div>
    }
    .into_any()
}

/// The messages of one field whose name is built at run time (`items[2].label`,
/// `ratings.content`), next to its input (`field-error-{field}`).
#[component]
fn ErrorsFor(errors: Signal<Vec<cebase_domain::FieldError>>, field: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let messages: Vec<String> = errors.with(|all| {
            all.iter()
                .filter(|e| e.field == field)
                .map(|e| {
                    if e.code == "pattern" && e.field.ends_with(".key") {
                        i18n.t(EvaluationKey::QuestionKeyPattern).to_owned()
                    } else {
                        i18n.field_error(e)
                    }
                })
                .collect()
        });
        (!messages.is_empty()).then(|| {
            view! {
                <span class="field-error" data-testid=format!("field-error-{field}")>
                    {messages.join(" ")}
                </span>
            }
        })
    }
}

/// `evaluation-summary`: responses of the enrolled, per question the mean and the distribution
/// of 1…5, per teacher the mean, and (staff) the free texts. Hidden when the caller may not see
/// it (a teacher of another class).
#[component]
fn SummaryCard(class_id: Uuid) -> impl IntoView {
    let summary = LocalResource::new(move || api::evaluation_summary(class_id));
    move || {
        summary
            .get()
            .and_then(Result::ok)
            .map(|s| view! { <Summary s /> })
    }
}

#[component]
fn Summary(s: EvaluationSummaryDto) -> impl IntoView {
    let i18n = use_i18n();
    let responses = s.responses;
    let enrolled = s.enrolled;
    let overall = s.overall_average;
    let items = s
        .items
        .into_iter()
        .map(|item| {
            let total = item.responses.max(1);
            let label = i18n.question_label(&item.key, &item.label);
            let average = item.average;
            let bars = item
                .distribution
                .iter()
                .enumerate()
                .map(|(i, count)| {
                    let width = f64::from(*count) / f64::from(total) * 100.0;
                    let x = i as f64 * 22.0;
                    view! {
                        <rect class="dist-track" x=x y="0" width="18" height="24"></rect>
                        <rect
                            class="dist-bar"
                            x=x
                            y=24.0 - width * 0.24
                            width="18"
                            height=width * 0.24
                        ></rect>
                        <text class="dist-label" x=x + 6.0 y="34">{i + 1}</text>
                    }
                })
                .collect_view();
            view! {
                <tr data-testid=format!("summary-item-{}", item.key)>
                    <td>{label}</td>
                    <td class="num" data-testid=format!("summary-average-{}", item.key)>
                        {average.map(|a| format!("{a:.2}")).unwrap_or_else(|| "–".to_owned())}
                    </td>
                    <td>
                        <svg viewBox="0 0 110 36" width="110" height="36" role="img" aria-label=format!("{:?}", item.distribution)>
                            {bars}
                        </svg>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let teachers = s
        .teachers
        .into_iter()
        .map(|t| {
            view! {
                <tr data-testid=format!("summary-teacher-{}", t.name)>
                    <td>{t.name.clone()}</td>
                    <td class="num">
                        {t.average.map(|a| format!("{a:.2}")).unwrap_or_else(|| "–".to_owned())}
                    </td>
                    <td class="muted small">{move || i18n.responses(t.responses)}</td>
                </tr>
            }
        })
        .collect_view();
    let comments = s.comments;
    view! {
        <div class="card" data-testid="evaluation-summary" data-responses=responses.to_string()>
            <h2>{i18n.tr(EvaluationKey::EvaluationResults)}</h2>
            <p>
                {move || i18n.responses_of(responses, enrolled)} " · "
                {i18n.tr(EvaluationKey::OverallAverage)} ": "
                <strong data-testid="summary-overall">
                    {overall.map(|a| format!("{a:.2}")).unwrap_or_else(|| "–".to_owned())}
                </strong>
            </p>
            <table class="table">
                <thead>
                    <tr>
                        <th>{i18n.tr(EvaluationKey::Question)}</th>
                        <th>{i18n.tr(EvaluationKey::Average)}</th>
                        <th>{i18n.tr(EvaluationKey::Distribution)}</th>
                    </tr>
                </thead>
                <tbody>{items}</tbody>
            </table>
            <h3 class="spaced">{i18n.tr(EvaluationKey::TeacherRatings)}</h3>
            <table class="table">
                <tbody>{teachers}</tbody>
            </table>
            {comments
                .map(|texts| {
                    view! {
                        <h3 class="spaced">{i18n.tr(EvaluationKey::Comments)}</h3>
                        <ul class="comments" data-testid="summary-comments">
                            {texts.into_iter().map(|t| view! { <li class="pre-line">{t}</li> }).collect_view()}
                        </ul>
                    }
                })}
            <p class="muted small">{i18n.tr(EvaluationKey::AnonymousNote)}</p>
        </div>
    }
}

/// Under "my classes": for each class the trainee is enrolled in, the questionnaire — the form
/// while it takes answers, "answered" once given (`my-evaluations`).
#[component]
pub fn MyEvaluations(classes: Vec<(Uuid, String)>) -> impl IntoView {
    let i18n = use_i18n();
    if classes.is_empty() {
        return ().into_any();
    }
    view! {
        <h2>{i18n.tr(EvaluationKey::MyEvaluationsTitle)}</h2>
        <div data-testid="my-evaluations">
            {classes
                .into_iter()
                .map(|(class_id, title)| view! { <EvaluationEntry class_id title /> })
                .collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn EvaluationEntry(class_id: Uuid, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let questionnaire = LocalResource::new(move || {
        reloads.track();
        api::get_questionnaire(class_id)
    });
    let on_answered = Callback::new(move |()| reloads.update(|n| *n += 1));
    let heading = title.clone();
    let testid = format!("evaluation-{title}");
    view! {
        <div class="card evaluation" data-testid=testid>
            <h3>{heading}</h3>
            {move || {
                let title = title.clone();
                questionnaire
                    .get()
                    .map(|answer| match answer {
                        Ok(q) if q.answered_by_me == Some(true) => {
                            view! {
                                <span class="badge badge-ok badge-strong" data-testid=format!("evaluation-answered-{title}")>
                                    {i18n.tr(EvaluationKey::EvaluationAnswered)}
                                </span>
                            }
                                .into_any()
                        }
                        Ok(q) if !q.accepting_responses => {
                            view! {
                                <p class="muted small" data-testid=format!("evaluation-closed-{title}")>
                                    {i18n.tr(EvaluationKey::EvaluationNotOpen)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(q) => view! { <EvaluationForm q title on_answered /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </div>
    }
}

/// Radio buttons 1–5 named `{name}`, test ids `{testid}-{n}`.
#[component]
fn Rating(name: String, testid: String, value: RwSignal<Option<i64>>) -> impl IntoView {
    view! {
        <span class="rating" role="radiogroup">
            {(1..=5i64)
                .map(|n| {
                    let name = name.clone();
                    view! {
                        <label class="rating-choice">
                            <input
                                type="radio"
                                name=name
                                value=n.to_string()
                                data-testid=format!("{testid}-{n}")
                                prop:checked=move || value.get() == Some(n)
                                on:change=move |_| value.set(Some(n))
                            />
                            {n}
                        </label>
                    }
                })
                .collect_view()}
        </span>
    }
}

#[component]
fn EvaluationForm(q: QuestionnaireDto, title: String, on_answered: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let class_id = q.class_id;
    let ratings: Vec<(RatingItem, RwSignal<Option<i64>>)> = q
        .items
        .iter()
        .map(|i| (i.clone(), RwSignal::new(None)))
        .collect();
    let teachers: Vec<(Uuid, String, RwSignal<Option<i64>>)> = if q.rate_teachers {
        q.teachers
            .iter()
            .map(|t| (t.teacher_id, t.name.clone(), RwSignal::new(None)))
            .collect()
    } else {
        Vec::new()
    };
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let (r2, t2) = (ratings.clone(), teachers.clone());
    let send = Action::new_local(move |_: &()| {
        let request = EvaluationRequest {
            ratings: r2
                .iter()
                .filter_map(|(i, v)| v.get_untracked().map(|v| (i.key.clone(), v)))
                .collect(),
            teacher_ratings: t2
                .iter()
                .filter_map(|(id, _, v)| v.get_untracked().map(|v| (*id, v)))
                .collect(),
            comment: optional_text(&comment.get_untracked()),
        };
        async move {
            match api::submit_evaluation(class_id, &request).await {
                Ok(()) => {
                    error.set(None);
                    on_answered.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let field_errors = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        })
    });
    // Every question and teacher must be rated before sending (the server checks it too).
    let (r3, t3) = (ratings.clone(), teachers.clone());
    let complete = move || {
        r3.iter().all(|(_, v)| v.get().is_some()) && t3.iter().all(|(_, _, v)| v.get().is_some())
    };
    let prefix = class_id.simple().to_string();
    let questions = ratings
        .into_iter()
        .map(|(item, value)| {
            let key = item.key.clone();
            view! {
                <div class="rating-row">
                    <span class="rating-label">{move || item_label(i18n, &item)}</span>
                    <Rating name=format!("{prefix}-{key}") testid=format!("rate-{key}") value />
                    <ErrorsFor errors=field_errors field=format!("ratings.{key}") />
                </div>
            }
        })
        .collect_view();
    let teacher_rows = teachers
        .into_iter()
        .map(|(id, name, value)| {
            view! {
                <div class="rating-row">
                    <span class="rating-label">{i18n.tr(TeacherKey::Teacher)} " " {name.clone()}</span>
                    <Rating name=format!("t-{}", id.simple()) testid=format!("rate-teacher-{name}") value />
                </div>
            }
        })
        .collect_view();
    view! {
        <div class="form" data-testid=format!("evaluation-form-{title}")>
            <p class="muted small">{i18n.tr(EvaluationKey::EvaluationIntro)}</p>
            {questions}
            {teacher_rows}
            <div class="field">
                <label for=format!("evaluation-comment-{prefix}")>{q.free_text_prompt.clone()}</label>
                <textarea
                    id=format!("evaluation-comment-{prefix}")
                    data-testid="evaluation-comment"
                    rows="3"
                    prop:value=move || comment.get()
                    on:input=move |ev| comment.set(event_target_value(&ev))
                ></textarea>
                <FieldErrors errors=field_errors field="comment" />
            </div>
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid=format!("evaluation-submit-{title}")
                    disabled=move || send.pending().get() || !complete()
                    on:click=move |_| {
                        send.dispatch(());
                    }
                >
                    {i18n.tr(EvaluationKey::EvaluationSubmit)}
                </button>
            </div>
            <ProblemView error />
        </div>
    }
}
