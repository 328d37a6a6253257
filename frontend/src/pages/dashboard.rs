//! The dashboard (`GET /dashboard`), shown on `/` to staff, admin and reviewers: what is due
//! with the days left (plan steps, class summary reports, follow-ups; overdue ones in red), the
//! annual plans of this year and the next with their state and the next deadline, this year's
//! figures against the plan as inline-SVG bar charts (classes, trainees, person-hours by
//! category, evaluation score), the recent activity (readable labels of the audit actions, who,
//! when), and for reviewers the submissions waiting for their authority.

use cebase_domain::reports::{
    ActivityDto, DashboardDto, DueItemDto, DueKind, PlanGlanceDto, QueueItemDto, YearFiguresDto,
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::problem::ProblemView;
use crate::i18n::{DashboardKey, Key, RecordKey, UserKey, use_i18n};
use crate::session::use_session;
use crate::time::format_shanghai;

/// The dashboard, or the problem that prevented it.
#[component]
pub fn Dashboard() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let board = LocalResource::new(api::dashboard);
    let name = move || session.user().map(|u| u.display_name).unwrap_or_default();
    view! {
        <section class="page dashboard" data-testid="dashboard">
            <h1 data-testid="home-welcome">{move || i18n.welcome(&name())}</h1>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    board
                        .get()
                        .map(|answer| match answer {
                            Ok(board) => view! { <Board board /> }.into_any(),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

#[component]
fn Board(board: DashboardDto) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = session
        .role_set()
        .is_some_and(|r| cebase_domain::access::Operation::ManageEvaluations.allows(&r));
    let today = board.today;
    view! {
        <p class="muted" data-testid="dashboard-today">
            {move || i18n.today_is(&today.to_string())}
        </p>
        {manages
            .then(|| {
                view! {
                    <div class="tiles">
                        <A href="/class-reports">
                            <span class="tile">{i18n.tr(Key::NavClassReports)}</span>
                        </A>
                        <A href="/follow-ups">
                            <span class="tile">{i18n.tr(Key::NavFollowUps)}</span>
                        </A>
                        <A href="/needs">
                            <span class="tile">{i18n.tr(Key::NavNeeds)}</span>
                        </A>
                        <A href="/plans">
                            <span class="tile">{i18n.tr(Key::NavPlans)}</span>
                        </A>
                    </div>
                    <div class="two-columns">
                        <div class="column-main">
                            <PlanGlances plans=board.plans.clone() />
                            <DueList items=board.due.clone() />
                            <RecentActivity items=board.recent.clone() />
                        </div>
                        <div class="column-side">
                            {board.figures.clone().map(|figures| view! { <Figures figures /> })}
                        </div>
                    </div>
                }
            })}
        {(!manages).then(|| view! { <ReviewQueue items=board.review_queue.clone() /> })}
    }
}

/// Where a due item is dealt with.
fn due_link(item: &DueItemDto) -> String {
    match item.kind {
        DueKind::PlanStep => format!("/plans/{}", item.subject_id),
        DueKind::ClassReport => format!("/classes/{}/report", item.subject_id),
        DueKind::FollowUp => "/follow-ups".to_owned(),
    }
}

/// `due-table`: one row `due-{kind}-{title}` per item (`data-overdue`), soonest first.
#[component]
fn DueList(items: Vec<DueItemDto>) -> impl IntoView {
    let i18n = use_i18n();
    let body = if items.is_empty() {
        view! { <p class="muted" data-testid="due-empty">{i18n.tr(DashboardKey::DueNothing)}</p> }
            .into_any()
    } else {
        let rows = items
            .into_iter()
            .map(|item| {
                let href = due_link(&item);
                let overdue = item.overdue;
                let kind = item.kind;
                let detail = item.detail.clone();
                let days = item.days_left;
                let link_text = item.title.clone();
                view! {
                    <tr
                        class:overdue=overdue
                        data-testid=format!("due-{}-{}", kind.as_str(), item.title)
                        data-overdue=overdue.to_string()
                    >
                        <td>{move || i18n.due_kind(kind)}</td>
                        <td>
                            <A
                                href=href
                                attr:data-testid=format!("due-link-{}-{}", kind.as_str(), item.title)
                            >
                                {link_text}
                            </A>
                        </td>
                        <td>{move || i18n.due_detail(kind, &detail)}</td>
                        <td class="nowrap">{item.due_date.to_string()}</td>
                        <td class="nowrap days-left" data-testid="due-days-left">
                            {move || i18n.days_left(days, overdue)}
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table" data-testid="due-table">
                <thead>
                    <tr>
                        <th>{i18n.tr(DashboardKey::DueKindHeader)}</th>
                        <th>{i18n.tr(DashboardKey::DueSubject)}</th>
                        <th>{i18n.tr(Key::Status)}</th>
                        <th>{i18n.tr(DashboardKey::DueDate)}</th>
                        <th>{i18n.tr(DashboardKey::DaysLeft)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="card">
            <h2>{i18n.tr(DashboardKey::DueTitle)}</h2>
            {body}
        </div>
    }
}

/// `plan-glance`: one row `plan-glance-{year}` per plan (`data-status`: the plan's state or
/// `not_started`), and `plan-next-deadline`, the soonest deadline not yet passed.
#[component]
fn PlanGlances(plans: Vec<PlanGlanceDto>) -> impl IntoView {
    let i18n = use_i18n();
    let next = plans
        .iter()
        .filter(|g| !g.overdue)
        .filter_map(|g| Some((g.due_date?, g.days_left?, g.next_step?, g.year)))
        .min_by_key(|(date, ..)| *date);
    let next_line = match next {
        Some((date, days, step, year)) => view! {
            <p class="notice" data-testid="plan-next-deadline" data-days-left=days.to_string()>
                <strong>{i18n.tr(DashboardKey::NextDeadline)} "："</strong>
                {move || i18n.plan_of_year(year)} " · " {move || i18n.plan_step(step)} " · "
                {date.to_string()} " · "
                <span class="days-left">{move || i18n.days_left(days, false)}</span>
            </p>
        }
        .into_any(),
        None => view! {
            <p class="muted" data-testid="plan-next-deadline-none">{i18n.tr(DashboardKey::NoNextDeadline)}</p>
        }
        .into_any(),
    };
    let rows = plans
        .into_iter()
        .map(|g| {
            let year = g.year;
            let overdue = g.overdue;
            let status = g.status;
            let subject = match (g.plan_id, g.title.clone()) {
                (Some(id), Some(title)) => view! {
                    <A href=format!("/plans/{id}") attr:data-testid=format!("plan-glance-link-{year}")>
                        {title}
                    </A>
                }
                .into_any(),
                _ => view! { <span>{move || i18n.plan_of_year(year)}</span> }.into_any(),
            };
            let step = g.next_step;
            let days = g.days_left;
            view! {
                <tr
                    class:overdue=overdue
                    data-testid=format!("plan-glance-{year}")
                    data-status=status.map_or("not_started", |s| s.as_str())
                    data-overdue=overdue.to_string()
                >
                    <td class="nowrap">{year}</td>
                    <td>{subject}</td>
                    <td class="nowrap" data-testid="plan-glance-status">
                        {move || match status {
                            Some(s) => i18n.plan_status(s),
                            None => i18n.t(DashboardKey::PlanGlanceNotStarted),
                        }}
                    </td>
                    <td>
                        {move || match step {
                            Some(s) => i18n.plan_step(s),
                            None => i18n.t(DashboardKey::PlanGlanceNothingDue),
                        }}
                    </td>
                    <td class="nowrap">{g.due_date.map(|d| d.to_string()).unwrap_or_default()}</td>
                    <td class="nowrap days-left">
                        {move || days.map(|d| i18n.days_left(d, overdue)).unwrap_or_default()}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="card" data-testid="plan-glance">
            <h2>{i18n.tr(DashboardKey::PlanGlanceTitle)}</h2>
            {next_line}
            <table class="table">
                <thead>
                    <tr>
                        <th>{i18n.tr(RecordKey::ComplianceYear)}</th>
                        <th>{i18n.tr(DashboardKey::DueSubject)}</th>
                        <th>{i18n.tr(Key::Status)}</th>
                        <th>{i18n.tr(DashboardKey::PlanGlanceStep)}</th>
                        <th>{i18n.tr(DashboardKey::DueDate)}</th>
                        <th>{i18n.tr(DashboardKey::DaysLeft)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// This year's figures against the plan (`figures`), one chart per measure.
#[component]
fn Figures(figures: YearFiguresDto) -> impl IntoView {
    let i18n = use_i18n();
    let year = figures.year;
    let plan = figures.plan_id;
    let f = figures;
    view! {
        <div class="card" data-testid="figures">
            <h2>{move || i18n.year_figures(year)}</h2>
            {match plan {
                Some(id) => {
                    view! {
                        <p class="small">
                            <A href=format!("/plans/{id}")>{i18n.tr(DashboardKey::OpenYearPlan)}</A>
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! { <p class="muted small" data-testid="figures-no-plan">{i18n.tr(DashboardKey::NoYearPlan)}</p> }
                        .into_any()
                }
            }}
            <div class="legend small">
                <span class="swatch swatch-planned"></span>
                {i18n.tr(DashboardKey::Planned)}
                <span class="swatch swatch-actual"></span>
                {i18n.tr(DashboardKey::Actual)}
            </div>
            <PlanBars
                testid="chart-classes"
                label=DashboardKey::ChartClasses
                planned=f64::from(f.planned_classes)
                actual=f64::from(f.held_classes)
                decimals=0
            />
            <PlanBars
                testid="chart-trainees"
                label=DashboardKey::ChartTrainees
                planned=f.planned_trainees as f64
                actual=f.completed_trainees as f64
                decimals=0
            />
            <PlanBars
                testid="chart-hours-public"
                label=DashboardKey::ChartHoursPublic
                planned=f.planned_public_required_hours
                actual=f.actual_public_required_hours
                decimals=1
            />
            <PlanBars
                testid="chart-hours-professional"
                label=DashboardKey::ChartHoursProfessional
                planned=f.planned_professional_hours
                actual=f.actual_professional_hours
                decimals=1
            />
            <ScoreBar
                testid="chart-evaluation"
                label=DashboardKey::ChartEvaluation
                score=f.evaluation_average
                responses=f.evaluation_responses
            />
        </div>
    }
}

/// Width of the longest bar in the charts' 300-unit view box (the rest holds the number).
const BAR_SPAN: f64 = 230.0;

fn bar_width(value: f64, max: f64) -> f64 {
    if max <= 0.0 || value <= 0.0 {
        0.0
    } else {
        (value / max * BAR_SPAN).max(1.0)
    }
}

/// Two horizontal bars, planned above actual, scaled to the larger (`{testid}` carries
/// `data-planned` and `data-actual`).
#[component]
pub fn PlanBars(
    testid: &'static str,
    label: DashboardKey,
    planned: f64,
    actual: f64,
    decimals: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let max = planned.max(actual);
    let (wp, wa) = (bar_width(planned, max), bar_width(actual, max));
    let shown = move |v: f64| format!("{v:.decimals$}");
    view! {
        <figure
            class="chart"
            data-testid=testid
            data-planned=shown(planned)
            data-actual=shown(actual)
        >
            <figcaption class="small">{i18n.tr(label)}</figcaption>
            <svg
                viewBox="0 0 300 40"
                width="100%"
                height="40"
                role="img"
                aria-label=move || {
                    format!(
                        "{}: {} / {}: {}",
                        i18n.t(DashboardKey::Planned),
                        shown(planned),
                        i18n.t(DashboardKey::Actual),
                        shown(actual),
                    )
                }
            >
                <rect class="bar-track" x="0" y="3" width=BAR_SPAN height="14" rx="2"></rect>
                <rect class="bar-planned" x="0" y="3" width=wp height="14" rx="2"></rect>
                <text class="bar-value" x=BAR_SPAN + 6.0 y="14">{shown(planned)}</text>
                <rect class="bar-track" x="0" y="22" width=BAR_SPAN height="14" rx="2"></rect>
                <rect
                    class="bar-actual"
                    class:bar-short=actual < planned
                    x="0"
                    y="22"
                    width=wa
                    height="14"
                    rx="2"
                ></rect>
                <text class="bar-value" x=BAR_SPAN + 6.0 y="33">{shown(actual)}</text>
            </svg>
        </figure>
    }
}

/// One bar of a mean rating on the 1–5 scale (`data-score`; empty without responses).
#[component]
fn ScoreBar(
    testid: &'static str,
    label: DashboardKey,
    score: Option<f64>,
    responses: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let width = bar_width(score.unwrap_or(0.0), 5.0);
    let text = score
        .map(|s| format!("{s:.2}"))
        .unwrap_or_else(|| "–".to_owned());
    view! {
        <figure
            class="chart"
            data-testid=testid
            data-score=score.map(|s| format!("{s:.2}")).unwrap_or_default()
        >
            <figcaption class="small">
                {i18n.tr(label)} " " <span class="muted">{move || i18n.responses(responses)}</span>
            </figcaption>
            <svg viewBox="0 0 300 20" width="100%" height="20" role="img" aria-label=text.clone()>
                <rect class="bar-track" x="0" y="3" width=BAR_SPAN height="14" rx="2"></rect>
                <rect class="bar-score" x="0" y="3" width=width height="14" rx="2"></rect>
                <text class="bar-value" x=BAR_SPAN + 6.0 y="14">{text.clone()} " / 5"</text>
            </svg>
        </figure>
    }
}

/// The latest audit entries (`recent-activity`): when, who, and what as a readable label (rows
/// `activity-row` with `data-action`, the code, which is also the label's tooltip).
#[component]
fn RecentActivity(items: Vec<ActivityDto>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = items
        .into_iter()
        .map(|a| {
            let code = a.action.clone();
            let title = a.action.clone();
            let label_code = a.action.clone();
            view! {
                <li data-testid="activity-row" data-action=code>
                    <span class="muted small nowrap">{format_shanghai(a.at)}</span>
                    " "
                    <strong>{a.actor_username.clone().unwrap_or_else(|| "–".to_owned())}</strong>
                    " · "
                    <span data-testid="activity-label" title=title>
                        {move || i18n.audit_action(&label_code)}
                    </span>
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="card">
            <h2>{i18n.tr(DashboardKey::RecentActivity)}</h2>
            <ul class="plain-list activity" data-testid="recent-activity">
                {rows}
            </ul>
        </div>
    }
}

/// A reviewer's queue (`review-queue`, rows `queue-{title}`), with links to decide.
#[component]
fn ReviewQueue(items: Vec<QueueItemDto>) -> impl IntoView {
    let i18n = use_i18n();
    let body = if items.is_empty() {
        view! { <p class="muted" data-testid="queue-empty">{i18n.tr(DashboardKey::QueueEmpty)}</p> }
            .into_any()
    } else {
        let rows = items
            .into_iter()
            .map(|q| {
                let (href, kind) = if q.kind == "class_report" {
                    (
                        format!("/class-reports/{}", q.id),
                        DashboardKey::QueueClassReport,
                    )
                } else {
                    (format!("/plans/{}", q.id), DashboardKey::QueuePlan)
                };
                let link_text = q.title.clone();
                view! {
                    <tr data-testid=format!("queue-{}", q.title)>
                        <td>{i18n.tr(kind)}</td>
                        <td>
                            <A href=href attr:data-testid=format!("queue-link-{}", q.title)>
                                {link_text}
                            </A>
                        </td>
                        <td>{move || i18n.authority(q.authority)}</td>
                        <td class="nowrap small">{format_shanghai(q.since)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="table" data-testid="review-queue">
                <thead>
                    <tr>
                        <th>{i18n.tr(DashboardKey::DueKindHeader)}</th>
                        <th>{i18n.tr(DashboardKey::DueSubject)}</th>
                        <th>{i18n.tr(UserKey::ReviewerAuthority)}</th>
                        <th>{i18n.tr(DashboardKey::WaitingSince)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="card">
            <h2>{i18n.tr(DashboardKey::ReviewQueueTitle)}</h2>
            {body}
        </div>
    }
}
