//! Learning records (学习档案, Art. 6) of a person with the annual compliance gauge (MOHRSS
//! Decree No. 25): `/people/:id/record` for those who may see the person, and `/my/record`, a
//! trainee's own (their person record is the one `GET /people` answers them, as on
//! `/my/classes`). Each entry opens its version history ([`history`]: who corrected what, when
//! and why), where staff and admin also correct it.

mod history;

use cebase_domain::training::{ComplianceDto, LearningRecordDto};
use chrono::{Datelike, Duration, Utc};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, PeopleQuery};
use crate::components::problem::ProblemView;
use crate::i18n::{ClassKey, Key, RecordKey, use_i18n};
use crate::pages::materials::DownloadButton;
use crate::pages::route_id;

use history::RecordHistory;

/// The current year in Beijing time (UTC+8).
fn current_year() -> i32 {
    (Utc::now() + Duration::hours(8)).year()
}

fn hours(value: f64) -> String {
    format!("{value:.1}")
}

/// `/people/:id/record`.
#[component]
pub fn PersonRecordPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = route_id();
    view! {
        <section class="page">
            {move || match id.get() {
                Some(id) => {
                    view! {
                        <p class="breadcrumb">
                            <A href=format!("/people/{id}")>{i18n.tr(RecordKey::BackToPerson)}</A>
                        </p>
                        <RecordView person_id=id />
                    }
                        .into_any()
                }
                None => view! { <p class="notice warning">{i18n.tr(Key::InvalidId)}</p> }.into_any(),
            }}
        </section>
    }
}

/// `/my/record`: the caller's own person's record.
#[component]
pub fn MyRecordPage() -> impl IntoView {
    let i18n = use_i18n();
    let own = LocalResource::new(|| async {
        api::list_people(&PeopleQuery {
            limit: 1,
            ..PeopleQuery::default()
        })
        .await
        .map(|page| page.items.into_iter().next().map(|p| p.id))
    });
    view! {
        <section class="page">
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
            }>
                {move || {
                    own.get()
                        .map(|answer| match answer {
                            Ok(Some(person_id)) => view! { <RecordView person_id /> }.into_any(),
                            Ok(None) => {
                                view! {
                                    <h1>{i18n.tr(RecordKey::MyRecordTitle)}</h1>
                                    <p class="muted" data-testid="record-no-person">
                                        {i18n.tr(RecordKey::NoOwnPerson)}
                                    </p>
                                }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// The compliance gauge for a chosen year and the table of current record entries.
#[component]
fn RecordView(person_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let year = RwSignal::new(current_year());
    // A correction changes the entries and may change the year's hours.
    let reloads = RwSignal::new(0u32);
    let compliance = LocalResource::new(move || {
        reloads.track();
        api::compliance(person_id, year.get())
    });
    let records = LocalResource::new(move || {
        reloads.track();
        api::learning_records(person_id)
    });
    let selected = RwSignal::new(None::<LearningRecordDto>);
    let corrected = RwSignal::new(false);
    let on_select = Callback::new(move |record: LearningRecordDto| {
        corrected.set(false);
        selected.set(Some(record));
    });
    let on_corrected = Callback::new(move |record: LearningRecordDto| {
        corrected.set(true);
        selected.set(Some(record));
        reloads.update(|n| *n += 1);
    });
    let on_close = Callback::new(move |()| {
        corrected.set(false);
        selected.set(None);
    });
    let name = move || {
        compliance
            .get()
            .and_then(Result::ok)
            .map(|c| c.person_name)
            .unwrap_or_default()
    };
    view! {
        <h1 data-testid="record-title">
            {i18n.tr(RecordKey::LearningRecordTitle)}
            <span class="muted">" " {name}</span>
        </h1>
        <div class="card" data-testid="compliance">
            <div class="toolbar gauge-year">
                <label for="compliance-year">{i18n.tr(RecordKey::ComplianceYear)}</label>
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="compliance-year-prev"
                    on:click=move |_| year.update(|y| *y -= 1)
                >
                    "‹"
                </button>
                <input
                    id="compliance-year"
                    data-testid="compliance-year"
                    type="number"
                    min="2000"
                    max="2100"
                    prop:value=move || year.get().to_string()
                    on:change=move |ev| {
                        if let Ok(y) = event_target_value(&ev).trim().parse::<i32>() {
                            year.set(y);
                        }
                    }
                />
                <button
                    type="button"
                    class="button-quiet"
                    data-testid="compliance-year-next"
                    on:click=move |_| year.update(|y| *y += 1)
                >
                    "›"
                </button>
            </div>
            <Transition fallback=move || {
                view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
            }>
                {move || {
                    compliance
                        .get()
                        .map(|answer| match answer {
                            Ok(c) => view! { <Gauge c /> }.into_any(),
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
        </div>
        <h2>{i18n.tr(RecordKey::LearningRecordEntries)}</h2>
        <DownloadButton
            path=format!("/api/v1/people/{person_id}/learning-records.xlsx")
            file_name=format!("学习档案-{person_id}.xlsx")
            label=RecordKey::ExportLearningRecord
            testid="export-learning-record"
        />
        <Transition fallback=move || {
            view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }
        }>
            {move || {
                records
                    .get()
                    .map(|answer| match answer {
                        Ok(page) => view! { <RecordTable items=page.items on_select /> }.into_any(),
                        Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                    })
            }}
        </Transition>
        <Show when=move || corrected.get()>
            <p class="notice success" data-testid="record-corrected">
                {i18n.tr(RecordKey::RecordCorrected)}
            </p>
        </Show>
        {move || {
            selected
                .get()
                .map(|record| view! { <RecordHistory record on_corrected on_close /> })
        }}
    }
}

/// One bar of the gauge (`{testid}`, `data-hours`, `data-required`).
#[component]
fn HoursBar(label: RecordKey, value: f64, required: f64, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let percent = if required > 0.0 {
        (value / required * 100.0).clamp(0.0, 100.0)
    } else {
        100.0
    };
    let met = value >= required;
    view! {
        <div
            class="gauge"
            data-testid=testid
            data-hours=hours(value)
            data-required=hours(required)
        >
            <span class="gauge-label">{i18n.tr(label)}</span>
            <div class="seatbar-track gauge-track">
                <div
                    class=if met { "seatbar-fill gauge-met" } else { "seatbar-fill gauge-short" }
                    style:width=format!("{percent:.0}%")
                ></div>
            </div>
            <span class="small">{move || i18n.hours_of(value, required)}</span>
        </div>
    }
}

#[component]
fn Gauge(c: ComplianceDto) -> impl IntoView {
    let i18n = use_i18n();
    let compliant = c.compliant;
    let total_short = c.total_shortfall_hours;
    let professional_short = c.professional_shortfall_hours;
    view! {
        <div class="gauge-head">
            <span
                class="badge badge-strong"
                class:badge-ok=compliant
                class:badge-bad=!compliant
                data-testid="compliance-badge"
                data-compliant=compliant.to_string()
            >
                {move || i18n.t(if compliant { RecordKey::Compliant } else { RecordKey::NotCompliant })}
            </span>
            <span class="small muted">
                {move || i18n.public_hours(c.public_required_hours)}
            </span>
        </div>
        <HoursBar
            label=RecordKey::ComplianceTotal
            value=c.total_hours
            required=c.required_hours
            testid="compliance-total"
        />
        <HoursBar
            label=RecordKey::ComplianceProfessional
            value=c.professional_hours
            required=c.required_professional_hours
            testid="compliance-professional"
        />
        <p class="small" data-testid="compliance-shortfall">
            {move || {
                if total_short <= 0.0 && professional_short <= 0.0 {
                    i18n.t(RecordKey::NoShortfall).to_owned()
                } else {
                    i18n.shortfall(total_short, professional_short)
                }
            }}
        </p>
    }
}

/// `record-table`, a row `record-{class title}` per entry.
#[component]
fn RecordTable(
    items: Vec<LearningRecordDto>,
    on_select: Callback<LearningRecordDto>,
) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! {
            <p class="muted" data-testid="record-empty">
                {i18n.tr(RecordKey::NoLearningRecords)}
            </p>
        }
        .into_any();
    }
    let rows = items
        .into_iter()
        .map(|r| {
            let form = r.form;
            let testid = format!("record-{}", r.class_title);
            let class_href = format!("/classes/{}", r.class_id);
            let title = r.class_title.clone();
            let history_testid = format!("record-history-{}", r.class_title);
            let version = r.version;
            let entry = r.clone();
            view! {
                <tr data-testid=testid>
                    <td>{r.year}</td>
                    <td>
                        <A href=class_href>{title}</A>
                    </td>
                    <td>{move || i18n.delivery_form(form)}</td>
                    <td class="small">{r.content.clone()}</td>
                    <td class="num">{hours(r.public_required_hours)}</td>
                    <td class="num">{hours(r.professional_hours)}</td>
                    <td class="num">{hours(r.total_hours)}</td>
                    <td>{r.assessment_result.clone().unwrap_or_else(|| "—".to_owned())}</td>
                    <td class="nowrap">
                        {r.certificate_number.clone().unwrap_or_else(|| "—".to_owned())}
                    </td>
                    <td class="nowrap">
                        <button
                            type="button"
                            class="button-small"
                            data-testid=history_testid
                            data-version=version.to_string()
                            on:click=move |_| on_select.run(entry.clone())
                        >
                            {move || i18n.history_button(version)}
                        </button>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table" data-testid="record-table">
            <thead>
                <tr>
                    <th>{i18n.tr(RecordKey::RecordYear)}</th>
                    <th>{i18n.tr(ClassKey::ClassTitle)}</th>
                    <th>{i18n.tr(ClassKey::DeliveryFormLabel)}</th>
                    <th>{i18n.tr(RecordKey::RecordContent)}</th>
                    <th>{i18n.tr(RecordKey::PublicHours)}</th>
                    <th>{i18n.tr(RecordKey::ProfessionalHours)}</th>
                    <th>{i18n.tr(RecordKey::TotalHours)}</th>
                    <th>{i18n.tr(RecordKey::AssessmentResult)}</th>
                    <th>{i18n.tr(RecordKey::CertificateNumber)}</th>
                    <th>{i18n.tr(Key::Version)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
