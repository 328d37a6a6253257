//! The immutable snapshots of a plan's submissions and their comparison item by item (items
//! added and removed, and per item the fields that changed, before and after), and the review
//! history: every move with who and when, the authority, the paper reply's 文号 and date with a
//! link to its scan, comments and late marks.

use cebase_domain::learning::CourseCategory;
use cebase_domain::plans::{
    FieldChange, PlanComparisonDto, PlanItemDto, PlanTransitionDto, PlanVersionSummaryDto,
};
use cebase_domain::training::ClassKind;
use leptos::prelude::*;
use serde_json::Value;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::i18n::{I18n, Key, PlanKey, use_i18n};
use crate::time::format_shanghai;

#[component]
pub fn PlanVersions(plan_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let versions = LocalResource::new(move || api::plan_versions(plan_id));
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                versions
                    .get()
                    .map(|answer| match answer {
                        Ok(page) if page.items.is_empty() => {
                            view! { <p class="muted" data-testid="plan-versions-none">{i18n.tr(PlanKey::PlanNoVersions)}</p> }
                                .into_any()
                        }
                        Ok(page) => view! { <VersionList plan_id versions=page.items /> }.into_any(),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}

#[component]
fn VersionList(plan_id: Uuid, versions: Vec<PlanVersionSummaryDto>) -> impl IntoView {
    let i18n = use_i18n();
    let seqs: Vec<i32> = versions.iter().map(|v| v.seq).collect();
    // By default the last submission against the one before it.
    let to = RwSignal::new(seqs.last().copied().unwrap_or(1));
    let from = RwSignal::new(if seqs.len() >= 2 {
        seqs[seqs.len() - 2]
    } else {
        to.get_untracked()
    });
    let rows = versions
        .into_iter()
        .map(|v| {
            let (action, status) = (v.action, v.status);
            view! {
                <tr data-testid="plan-version-row">
                    <td>{move || i18n.plan_snapshot(v.seq)}</td>
                    <td>{move || i18n.plan_revision(v.revision)}</td>
                    <td>{move || i18n.plan_action(action)}</td>
                    <td>{move || i18n.plan_status(status)}</td>
                    <td class="num">{v.item_count}</td>
                    <td class="nowrap">{format_shanghai(v.taken_at)}</td>
                </tr>
            }
        })
        .collect_view();
    let two = seqs.len() >= 2;
    let select = move |id: &'static str, value: RwSignal<i32>| {
        let options = seqs
            .iter()
            .copied()
            .map(|seq| {
                view! {
                    <option value=seq.to_string() prop:selected=move || value.get() == seq>
                        {move || i18n.plan_snapshot(seq)}
                    </option>
                }
            })
            .collect_view();
        view! {
            <select
                id=id
                data-testid=id
                on:change=move |ev| {
                    if let Ok(seq) = event_target_value(&ev).parse() {
                        value.set(seq);
                    }
                }
            >
                {options}
            </select>
        }
    };
    let comparison = LocalResource::new(move || {
        let (from, to) = (from.get(), to.get());
        async move {
            if from == to {
                None
            } else {
                Some(api::compare_plan_versions(plan_id, from, to).await)
            }
        }
    });
    view! {
        <div class="table-scroll">
            <table class="table" data-testid="plan-versions">
                <thead>
                    <tr>
                        <th>{i18n.tr(PlanKey::PlanSnapshot)}</th>
                        <th>{i18n.tr(PlanKey::PlanRevision)}</th>
                        <th>{i18n.tr(PlanKey::PlanAction)}</th>
                        <th>{i18n.tr(PlanKey::PlanStatusLabel)}</th>
                        <th class="num">{i18n.tr(PlanKey::PlanItemCount)}</th>
                        <th>{i18n.tr(PlanKey::PlanTakenAt)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <h3 class="spaced">{i18n.tr(PlanKey::PlanCompare)}</h3>
        {if two {
            view! {
                <div class="toolbar compare-bar">
                    <label>{i18n.tr(PlanKey::PlanCompareFrom)} " " {select("plan-compare-from", from)}</label>
                    <label>{i18n.tr(PlanKey::PlanCompareTo)} " " {select("plan-compare-to", to)}</label>
                </div>
                <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                    {move || {
                        comparison
                            .get()
                            .map(|answer| match answer {
                                None => view! { <p class="muted">{i18n.tr(PlanKey::PlanNoDifferences)}</p> }.into_any(),
                                Some(Ok(diff)) => view! { <Comparison diff /> }.into_any(),
                                Some(Err(e)) => view! { <ProblemView error=Some(e) /> }.into_any(),
                            })
                    }}
                </Transition>
            }
                .into_any()
        } else {
            view! { <p class="muted small">{i18n.tr(PlanKey::PlanCompareNeedsTwo)}</p> }.into_any()
        }}
    }
}

/// A value of a compared field as people read it: labels for class kinds and categories, yuan
/// for budgets, plain text otherwise.
fn show_value(i18n: I18n, field: &str, value: &Value) -> String {
    match (field, value) {
        (_, Value::Null) => "—".to_owned(),
        ("class_kind", Value::String(s)) => s
            .parse::<ClassKind>()
            .map_or_else(|_| s.clone(), |k| i18n.class_kind(k).to_owned()),
        ("category", Value::String(s)) => s
            .parse::<CourseCategory>()
            .map_or_else(|_| s.clone(), |c| i18n.course_category(c).to_owned()),
        ("budget_fen", Value::Number(n)) => {
            n.as_i64().map_or_else(|| n.to_string(), |f| i18n.yuan(f))
        }
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

fn change_rows(i18n: I18n, changes: Vec<FieldChange>) -> impl IntoView {
    changes
        .into_iter()
        .map(|c| {
            let FieldChange {
                field,
                before,
                after,
            } = c;
            let (label, f1, f2) = (field.clone(), field.clone(), field.clone());
            view! {
                <tr data-testid="plan-change" data-field=field>
                    <td>{move || i18n.plan_field(&label)}</td>
                    <td class="diff-before">{move || show_value(i18n, &f1, &before)}</td>
                    <td class="diff-after">{move || show_value(i18n, &f2, &after)}</td>
                </tr>
            }
        })
        .collect_view()
}

fn change_table(i18n: I18n, changes: Vec<FieldChange>) -> impl IntoView {
    view! {
        <table class="table compact">
            <thead>
                <tr>
                    <th>{i18n.tr(PlanKey::PlanField)}</th>
                    <th>{i18n.tr(PlanKey::PlanBefore)}</th>
                    <th>{i18n.tr(PlanKey::PlanAfter)}</th>
                </tr>
            </thead>
            <tbody>{change_rows(i18n, changes)}</tbody>
        </table>
    }
}

fn item_list(i18n: I18n, items: Vec<PlanItemDto>, testid: &'static str) -> impl IntoView {
    view! {
        <ul class="diff-items" data-testid=testid>
            {items
                .into_iter()
                .map(|i| {
                    let (kind, category) = (i.class_kind, i.category);
                    view! {
                        <li>
                            <strong>{i.title}</strong>
                            " · " {move || i18n.class_kind(kind)}
                            " · " {move || i18n.course_category(category)}
                            " · " {i.planned_trainees} " · " {i18n.yuan(i.budget_fen)}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
fn Comparison(diff: PlanComparisonDto) -> impl IntoView {
    let i18n = use_i18n();
    let same = diff.plan_changes.is_empty()
        && diff.added.is_empty()
        && diff.removed.is_empty()
        && diff.changed.is_empty();
    if same {
        return view! { <p class="muted" data-testid="plan-compare-same">{i18n.tr(PlanKey::PlanNoDifferences)}</p> }
            .into_any();
    }
    let header = (!diff.plan_changes.is_empty()).then(|| {
        view! {
            <h4>{i18n.tr(PlanKey::PlanHeaderChanges)}</h4>
            {change_table(i18n, diff.plan_changes)}
        }
    });
    let added = (!diff.added.is_empty()).then(|| {
        view! {
            <h4 class="diff-added">{i18n.tr(PlanKey::PlanAdded)}</h4>
            {item_list(i18n, diff.added, "plan-compare-added")}
        }
    });
    let removed = (!diff.removed.is_empty()).then(|| {
        view! {
            <h4 class="diff-removed">{i18n.tr(PlanKey::PlanRemoved)}</h4>
            {item_list(i18n, diff.removed, "plan-compare-removed")}
        }
    });
    let changed = (!diff.changed.is_empty()).then(|| {
        view! {
            <h4>{i18n.tr(PlanKey::PlanChanged)}</h4>
            {diff
                .changed
                .into_iter()
                .map(|item| {
                    view! {
                        <div class="diff-item" data-testid="plan-compare-changed">
                            <strong>{item.title}</strong>
                            {change_table(i18n, item.changes)}
                        </div>
                    }
                })
                .collect_view()}
        }
    });
    view! { <div class="comparison" data-testid="plan-comparison">{header} {added} {removed} {changed}</div> }
        .into_any()
}

#[component]
pub fn PlanHistory(plan_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let history = LocalResource::new(move || api::plan_transitions(plan_id));
    let download_error = RwSignal::new(None::<ApiError>);
    let download = Action::new_local(move |scan: &Uuid| {
        let scan = *scan;
        async move {
            download_error.set(api::download_plan_scan(plan_id, scan).await.err());
        }
    });
    let table = move |moves: Vec<PlanTransitionDto>| {
        if moves.is_empty() {
            return view! { <p class="muted">{i18n.tr(PlanKey::PlanHistoryNone)}</p> }.into_any();
        }
        let rows = moves
            .into_iter()
            .map(|t| {
                let (action, from, to, authority) = (t.action, t.from_status, t.to_status, t.authority);
                let reply = t.document_number.clone().map(|number| {
                    let date = t.reply_date.map(|d| d.to_string()).unwrap_or_default();
                    view! { <span data-testid="plan-history-reply">{number} " " <span class="muted">{date}</span></span> }
                });
                let scan = t.scan_id.map(|scan| {
                    view! {
                        " "
                        <button
                            type="button"
                            class="link-button"
                            data-testid="plan-history-scan"
                            on:click=move |_| {
                                download.dispatch(scan);
                            }
                        >
                            {i18n.tr(PlanKey::PlanScanLink)}
                        </button>
                    }
                });
                view! {
                    <tr data-testid="plan-history-row" data-action=action.to_string()>
                        <td class="nowrap">{format_shanghai(t.acted_at)}</td>
                        <td>
                            <strong>{move || i18n.plan_action(action)}</strong>
                            <br />
                            <span class="muted small">
                                {move || i18n.plan_status(from)} " → " {move || i18n.plan_status(to)}
                            </span>
                            {t.late.then(|| view! { " " <span class="badge badge-bad" data-testid="plan-history-late">{i18n.tr(PlanKey::PlanLate)}</span> })}
                        </td>
                        <td class="nowrap">{t.acted_by_name.clone()}</td>
                        <td>
                            {move || authority.map(|a| i18n.authority(a)).unwrap_or("—")}
                            {t.from_paper.then(|| view! { <br /><span class="badge badge-off">{i18n.tr(PlanKey::PlanFromPaper)}</span> })}
                        </td>
                        <td>{reply} {scan}</td>
                        <td class="pre-line">{t.comments.clone().unwrap_or_default()}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="table" data-testid="plan-history">
                    <thead>
                        <tr>
                            <th>{i18n.tr(PlanKey::PlanActedAt)}</th>
                            <th>{i18n.tr(PlanKey::PlanAction)}</th>
                            <th>{i18n.tr(PlanKey::PlanActedBy)}</th>
                            <th>{i18n.tr(PlanKey::PlanAuthorityLabel)}</th>
                            <th>{i18n.tr(PlanKey::PlanReply)}</th>
                            <th>{i18n.tr(PlanKey::PlanComments)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                history
                    .get()
                    .map(|answer| match answer {
                        Ok(page) => table(page.items),
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
        <ProblemView error=download_error />
    }
}
