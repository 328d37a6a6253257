//! The questionnaire editor of a class: its questions, whether teachers are rated, the
//! free-text prompt; editable while the class is planned.

use cebase_domain::class::ClassStatus;
use cebase_domain::reports::{QuestionnaireDto, QuestionnaireRequest, RatingItem};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::optional_text;
use crate::components::problem::{FieldErrors, ProblemView, SaveProblem};
use crate::i18n::{EvaluationKey, Key, use_i18n};

use super::{ErrorsFor, item_label};

/// `questionnaire`: the questions (editable while the class is planned), whether teachers are
/// rated, the free-text prompt.
#[component]
pub(super) fn QuestionnaireEditor(class_id: Uuid, status: Signal<ClassStatus>) -> impl IntoView {
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
