//! The aggregated evaluation results of a class (never who answered what).

use cebase_domain::reports::EvaluationSummaryDto;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self};
use crate::i18n::{EvaluationKey, use_i18n};

/// `evaluation-summary`: responses of the enrolled, per question the mean and the distribution
/// of 1…5, per teacher the mean, and (staff) the free texts. Hidden when the caller may not see
/// it (a teacher of another class).
#[component]
pub(super) fn SummaryCard(class_id: Uuid) -> impl IntoView {
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
