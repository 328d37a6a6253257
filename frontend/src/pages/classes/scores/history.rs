//! The history of one result in a dialog: the current value and every correction.

use cebase_domain::training::ResultHistoryDto;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self};
use crate::components::problem::ProblemView;
use crate::i18n::{Key, RecordKey, ScoreKey, use_i18n};
use crate::time::format_shanghai;

use super::rules::value_text;

/// The history of one result: the current value, who recorded it and when, and every
/// correction (previous value → new value, who, when, why), oldest first.
#[component]
pub(super) fn HistoryDialog(
    assessment_id: Uuid,
    enrolment: Uuid,
    name: String,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let history = LocalResource::new(move || api::result_history(assessment_id, enrolment));
    view! {
        <div class="dialog-backdrop" on:click=move |_| on_close.run(())>
            <div
                class="dialog card"
                role="dialog"
                aria-modal="true"
                data-testid="score-history"
                on:click=|ev| ev.stop_propagation()
            >
                <h3>{move || format!("{} · {}", i18n.t(ScoreKey::ResultHistory), name)}</h3>
                <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                    {move || {
                        history
                            .get()
                            .map(|answer| match answer {
                                Ok(h) => view! { <HistoryTable h /> }.into_any(),
                                Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                            })
                    }}
                </Transition>
                <div class="toolbar">
                    <button
                        type="button"
                        data-testid="score-history-close"
                        on:click=move |_| on_close.run(())
                    >
                        {i18n.tr(Key::Close)}
                    </button>
                </div>
            </div>
        </div>
    }
}

#[component]
fn HistoryTable(h: ResultHistoryDto) -> impl IntoView {
    let i18n = use_i18n();
    let current = value_text(&i18n, h.score, h.passed);
    let corrections = h
        .corrections
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let before = value_text(&i18n, c.previous_score, c.previous_passed);
            let after = value_text(&i18n, c.score, c.passed);
            view! {
                <tr data-testid=format!("history-correction-{i}")>
                    <td class="nowrap">{format_shanghai(c.corrected_at)}</td>
                    <td>{c.corrected_by_name.clone()}</td>
                    <td class="nowrap">{format!("{before} → {after}")}</td>
                    <td>{c.reason.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let none = h.corrections.is_empty();
    view! {
        <p data-testid="history-current">
            {move || i18n.t(ScoreKey::CurrentResult)}
            "："
            <strong>{current.clone()}</strong>
            " · "
            {h.recorded_by_name.clone()}
            " · "
            {format_shanghai(h.recorded_at)}
        </p>
        {if none {
            view! { <p class="muted" data-testid="history-none">{i18n.tr(ScoreKey::NoCorrections)}</p> }
                .into_any()
        } else {
            view! {
                <table class="table" data-testid="history-corrections">
                    <thead>
                        <tr>
                            <th>{i18n.tr(ScoreKey::CorrectedAt)}</th>
                            <th>{i18n.tr(ScoreKey::CorrectedBy)}</th>
                            <th>{i18n.tr(ScoreKey::Change)}</th>
                            <th>{i18n.tr(RecordKey::CorrectionReason)}</th>
                        </tr>
                    </thead>
                    <tbody>{corrections}</tbody>
                </table>
            }
                .into_any()
        }}
    }
}
