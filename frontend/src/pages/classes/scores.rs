//! The score entry grid of one assessment: a row per active enrolment (name, masked document
//! number), a score input (scored assessments) or a pass/fail choice, checked as it is typed
//! with the rules of `cebase_domain::training` (0 to the maximum, at most one decimal place).
//! Enter (and ↓ / ↑ in score inputs) moves to the next (previous) row, so a column of scores is
//! typed without the mouse; Tab reaches the same cells (and a correction's reason).
//!
//! Changing a saved result is a correction: the row then asks for the reason the API requires.
//! The changed rows are saved as one batch (`PUT /assessments/{id}/results`, all or nothing),
//! each entry carrying the result's `version` as read, so a result someone else changed
//! meanwhile is refused (`409 version_conflict`, reload offered) instead of overwritten. Every
//! saved result has its history (`…/history`: previous value, who, when, why) in a dialog.

mod history;
mod rules;

use cebase_domain::FieldError;
use cebase_domain::class::ClassStatus;
use cebase_domain::training::{AssessmentDto, ResultEntry, ResultsDto, ResultsRequest, Scoring};
use leptos::prelude::*;
use uuid::Uuid;
use wasm_bindgen::JsCast;

use crate::api::{self, ApiError};
use crate::components::problem::{ProblemView, SaveProblem};
use crate::i18n::{I18n, Key, Lang, PersonKey, RecordKey, ScoreKey, use_i18n};

use history::HistoryDialog;
use rules::{cell_error, check, input_text, passes, recorded};

/// Moves the focus to the cell of row `row`, if there is one.
fn focus_row(assessment: Uuid, row: usize) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&format!("score-{assessment}-{row}")))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

#[component]
pub fn ScoreGrid(
    assessment: AssessmentDto,
    status: Memo<ClassStatus>,
    results_saved: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = assessment.id;
    let reloads = RwSignal::new(0u32);
    let sheet = LocalResource::new(move || {
        reloads.track();
        api::get_results(id)
    });
    let on_reload = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <div class="score-grid" data-testid="score-grid" data-assessment=assessment.title.clone()>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    sheet
                        .get()
                        .map(|answer| match answer {
                            Ok(sheet) => {
                                view! { <Grid sheet status results_saved on_reload /> }.into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </div>
    }
}

#[component]
fn Grid(
    sheet: ResultsDto,
    status: Memo<ClassStatus>,
    results_saved: RwSignal<u32>,
    on_reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = sheet.assessment.clone();
    let assessment_id = a.id;
    let scored = a.scoring == Scoring::Scored;
    let editable = Memo::new(move |_| status.get() == ClassStatus::InProgress);
    let saved_sheet = RwSignal::new(sheet.clone());
    let texts = RwSignal::new(
        sheet
            .rows
            .iter()
            .map(|r| input_text(recorded(&a, r)))
            .collect::<Vec<_>>(),
    );
    let reasons = RwSignal::new(vec![String::new(); sheet.rows.len()]);
    // Field errors the server named, by enrolment (until that row is edited).
    let server_errors = RwSignal::new(Vec::<(Uuid, FieldError)>::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let history = RwSignal::new(None::<(String, Uuid)>);

    let a_checks = a.clone();
    let checks = Memo::new(move |_| {
        let sheet = saved_sheet.get();
        let texts = texts.get();
        let reasons = reasons.get();
        sheet
            .rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                check(
                    &a_checks,
                    row,
                    texts.get(r).map(String::as_str).unwrap_or_default(),
                    reasons.get(r).map(String::as_str).unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>()
    });
    let pending_count = move || checks.with(|c| c.iter().filter(|c| c.entry.is_some()).count());
    let invalid_count = move || checks.with(|c| c.iter().filter(|c| c.error.is_some()).count());

    let a_save = a.clone();
    let save = Action::new_local(move |request: &ResultsRequest| {
        let request = request.clone();
        let a = a_save.clone();
        async move {
            match api::put_results(assessment_id, &request).await {
                Ok(sheet) => {
                    error.set(None);
                    server_errors.set(Vec::new());
                    texts.set(
                        sheet
                            .rows
                            .iter()
                            .map(|r| input_text(recorded(&a, r)))
                            .collect(),
                    );
                    reasons.set(vec![String::new(); sheet.rows.len()]);
                    saved_sheet.set(sheet);
                    saved.set(true);
                    results_saved.update(|n| *n += 1);
                }
                Err(e) => {
                    // `results[i].field` names the i-th entry sent.
                    let named = e
                        .field_errors()
                        .iter()
                        .filter_map(|fe| {
                            let index: usize = fe
                                .field
                                .strip_prefix("results[")?
                                .split(']')
                                .next()?
                                .parse()
                                .ok()?;
                            let entry = request.results.get(index)?;
                            Some((entry.enrolment_id, fe.clone()))
                        })
                        .collect();
                    server_errors.set(named);
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = save.pending();
    let submit = move || {
        saved.set(false);
        if invalid_count() > 0 {
            return;
        }
        let results: Vec<ResultEntry> =
            checks.with_untracked(|c| c.iter().filter_map(|c| c.entry.clone()).collect());
        if !results.is_empty() {
            save.dispatch(ResultsRequest { results });
        }
    };

    let rows = move || {
        let sheet = saved_sheet.get();
        let count = sheet.rows.len();
        sheet
            .rows
            .into_iter()
            .enumerate()
            .map(|(r, row)| {
                let a = a.clone();
                let name = row.person_name.clone();
                let enrolment = row.enrolment_id;
                let check = move || checks.with(|c| c.get(r).cloned());
                let edited = move || {
                    saved.set(false);
                    server_errors.update(|all| all.retain(|(e, _)| *e != enrolment));
                };
                let keydown = move |ev: leptos::ev::KeyboardEvent| {
                    let key = ev.key();
                    let down = key == "Enter" || (scored && key == "ArrowDown");
                    let up = scored && key == "ArrowUp";
                    if down && r + 1 < count {
                        ev.prevent_default();
                        focus_row(assessment_id, r + 1);
                    } else if down {
                        ev.prevent_default();
                    } else if up && r > 0 {
                        ev.prevent_default();
                        focus_row(assessment_id, r - 1);
                    }
                };
                let cell_id = format!("score-{assessment_id}-{r}");
                let input = if scored {
                    view! {
                        <input
                            id=cell_id
                            class="score-input"
                            data-testid=format!("score-input-{name}")
                            inputmode="decimal"
                            autocomplete="off"
                            aria-label=format!("{name} {}", i18n.t(ScoreKey::Score))
                            disabled=move || !editable.get()
                            class:invalid=move || check().is_some_and(|c| c.error.is_some())
                            prop:value=move || texts.with(|t| t.get(r).cloned().unwrap_or_default())
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                texts.update(|t| t[r] = value);
                                edited();
                            }
                            on:keydown=keydown
                        />
                    }
                        .into_any()
                } else {
                    view! {
                        <select
                            id=cell_id
                            data-testid=format!("pass-select-{name}")
                            aria-label=format!("{name} {}", i18n.t(ScoreKey::Result))
                            disabled=move || !editable.get()
                            prop:value=move || texts.with(|t| t.get(r).cloned().unwrap_or_default())
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                texts.update(|t| t[r] = value);
                                edited();
                            }
                            on:keydown=keydown
                        >
                            <option value="">"—"</option>
                            <option value="pass">{i18n.tr(ScoreKey::Passed)}</option>
                            <option value="fail">{i18n.tr(ScoreKey::Failed)}</option>
                        </select>
                    }
                        .into_any()
                };
                let a_verdict = a.clone();
                let verdict = Memo::new(move |_| {
                    check().and_then(|c| c.value).map(|v| passes(&a_verdict, v))
                });
                let a_err = a.clone();
                let messages = move || {
                    let mut all: Vec<String> = check()
                        .and_then(|c| c.error)
                        .map(|e| cell_error(&i18n, &a_err, &e))
                        .into_iter()
                        .collect();
                    server_errors.with(|s| {
                        all.extend(
                            s.iter()
                                .filter(|(e, _)| *e == enrolment)
                                .map(|(_, fe)| cell_error(&i18n, &a_err, fe)),
                        );
                    });
                    all.dedup();
                    all.join(" ")
                };
                let has_result = row.recorded_at.is_some();
                let corrections = row.corrections;
                let history_name = name.clone();
                let reason_id = format!("score-reason-{name}");
                view! {
                    <tr data-testid=format!("score-row-{name}")>
                        <th scope="row">{name.clone()}</th>
                        <td class="mono small" data-testid=format!("score-id-{name}")>
                            {row.id_number.clone()}
                        </td>
                        <td class="score-cell">
                            {input}
                            <Show when=move || check().is_some_and(|c| c.correction)>
                                <input
                                    class="reason-input"
                                    data-testid=reason_id.clone()
                                    autocomplete="off"
                                    placeholder=move || i18n.t(RecordKey::CorrectionReason)
                                    aria-label=move || i18n.t(RecordKey::CorrectionReason)
                                    prop:value=move || reasons.with(|t| t.get(r).cloned().unwrap_or_default())
                                    on:input=move |ev| {
                                        let value = event_target_value(&ev);
                                        reasons.update(|t| t[r] = value);
                                        edited();
                                    }
                                    on:keydown=keydown
                                />
                            </Show>
                            <span class="field-error" data-testid=format!("score-error-{name}")>
                                {messages}
                            </span>
                        </td>
                        <td
                            data-testid=format!("score-passed-{name}")
                            data-passed=move || verdict.get().map(|p| p.to_string()).unwrap_or_default()
                        >
                            {move || {
                                verdict
                                    .get()
                                    .map(|p| {
                                        let (class, key) = if p {
                                            ("badge badge-ok", ScoreKey::Passed)
                                        } else {
                                            ("badge badge-bad", ScoreKey::Failed)
                                        };
                                        view! { <span class=class>{i18n.tr(key)}</span> }
                                    })
                            }}
                        </td>
                        <td>
                            {has_result
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            class="button-quiet small"
                                            tabindex="-1"
                                            data-testid=format!("score-history-{history_name}")
                                            on:click=move |_| {
                                                history.set(Some((history_name.clone(), enrolment)))
                                            }
                                        >
                                            {i18n.tr(ScoreKey::History)}
                                            {(corrections > 0)
                                                .then(|| {
                                                    view! {
                                                        <span class="badge badge-warn">{corrections}</span>
                                                    }
                                                })}
                                        </button>
                                    }
                                })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    let empty = sheet.rows.is_empty();
    view! {
        <p class="muted small">
            {move || if editable.get() { i18n.t(ScoreKey::ScoreEntryHint) } else { i18n.t(ScoreKey::ResultsClosedHint) }}
        </p>
        {empty.then(|| view! { <p class="muted" data-testid="scores-empty">{i18n.tr(ScoreKey::NoActiveEnrolments)}</p> })}
        <div class="table-scroll">
            <table class="table scores" data-testid="scores-table">
                <thead>
                    <tr>
                        <th>{i18n.tr(Key::Person)}</th>
                        <th>{i18n.tr(PersonKey::IdNumber)}</th>
                        <th>{move || if scored { i18n.t(ScoreKey::Score) } else { i18n.t(ScoreKey::Result) }}</th>
                        <th>{i18n.tr(ScoreKey::PassedColumn)}</th>
                        <th></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <SaveProblem error on_reload />
        <Show when=move || saved.get()>
            <p class="notice success" data-testid="scores-saved">{i18n.tr(ScoreKey::ScoresSaved)}</p>
        </Show>
        <Show when=move || editable.get()>
            <div class="toolbar">
                <button
                    type="button"
                    class="primary"
                    data-testid="scores-save"
                    disabled=move || pending.get() || pending_count() == 0 || invalid_count() != 0
                    on:click=move |_| submit()
                >
                    {i18n.tr(ScoreKey::SaveScores)}
                </button>
                <span class="muted small" data-testid="scores-pending">
                    {move || scores_pending(&i18n, pending_count(), invalid_count())}
                </span>
            </div>
        </Show>
        {move || {
            history
                .get()
                .map(|(name, enrolment)| {
                    view! {
                        <HistoryDialog
                            assessment_id
                            enrolment
                            name
                            on_close=Callback::new(move |()| history.set(None))
                        />
                    }
                })
        }}
    }
}

fn scores_pending(i18n: &I18n, changed: usize, invalid: usize) -> String {
    match (i18n.lang(), invalid) {
        (Lang::Zh, 0) => format!("{changed} 项待保存"),
        (Lang::Zh, n) => format!("{changed} 项待保存，{n} 项需修正"),
        (Lang::En, 0) => format!("{changed} to save"),
        (Lang::En, n) => format!("{changed} to save, {n} to fix"),
    }
}
