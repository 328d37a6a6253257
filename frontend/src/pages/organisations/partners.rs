//! The industry–university–research agreements (产学研合作, Art. 22) of one organisation: the
//! list, by keyset pages, and — for staff and admin — the form that adds one.

use cebase_domain::FieldError;
use cebase_domain::access::MasterResource;
use cebase_domain::master::{PartnerData, PartnerDto, PartnerKind, PartnerRequest, PartnerStatus};
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::TextArea;
use crate::components::list::{ListBesideForm, PagedTable};
use crate::components::pager::Cursors;
use crate::components::problem::{FieldErrors, ProblemView, save_field_errors};
use crate::components::select::EnumSelect;
use crate::i18n::{I18n, Key, OrgKey, use_i18n};
use crate::session::use_session;
use crate::time::parse_date_input;

const PAGE_SIZE: u32 = 20;

#[component]
pub fn Partners(organisation_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let writes = move || session.writes(MasterResource::Partners);
    let cursors = Cursors::new();
    let changes = RwSignal::new(0u32);
    let fetch = move |cursor| {
        changes.track();
        async move { api::list_partners(organisation_id, cursor, PAGE_SIZE).await }
    };
    view! {
        <section class="section" data-testid="partners">
            <h2>{i18n.tr(OrgKey::PartnersTitle)}</h2>
            <ListBesideForm
                writes
                form=move || {
                    view! { <PartnerForm organisation_id on_created=Callback::new(move |()| changes.update(|n| *n += 1)) /> }
                }
            >
                <PagedTable
                    fetch
                    cursors
                    columns=vec![
                        OrgKey::PartnerKind.into(),
                        OrgKey::PartnerScope.into(),
                        OrgKey::PartnerPeriod.into(),
                        Key::Status.into(),
                    ]
                    row=partner_row
                    empty=OrgKey::NoPartners
                    testid="partners"
                />
            </ListBesideForm>
        </section>
    }
}

fn partner_row(p: PartnerDto) -> impl IntoView {
    let i18n = use_i18n();
    let (kind, status) = (p.kind, p.status);
    let end = p.end_date.map(|d| d.to_string());
    let start = p.start_date.to_string();
    view! {
        <tr data-testid="partner-row">
            <td class="nowrap">{move || i18n.partner_kind(kind)}</td>
            <td class="pre-line">{p.scope.clone()}</td>
            <td class="nowrap">
                {start.clone()} " – "
                {
                    let end = end.clone();
                    move || end.clone().unwrap_or_else(|| i18n.t(OrgKey::OpenEnded).to_owned())
                }
            </td>
            <td>
                <span
                    class="badge"
                    class:badge-on=status == PartnerStatus::Active
                    class:badge-off=status == PartnerStatus::Ended
                >
                    {move || i18n.partner_status(status)}
                </span>
            </td>
        </tr>
    }
}

#[component]
fn PartnerForm(organisation_id: Uuid, on_created: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(PartnerKind::JointTraining);
    let status = RwSignal::new(PartnerStatus::Active);
    let scope = RwSignal::new(String::new());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(false);

    let create = Action::new_local(move |request: &PartnerRequest| {
        let request = request.clone();
        async move {
            match api::create_partner(&request).await {
                Ok(_) => {
                    scope.set(String::new());
                    start.set(String::new());
                    end.set(String::new());
                    field_errors.set(Vec::new());
                    done.set(true);
                    on_created.run(());
                }
                Err(e) => {
                    field_errors.set(save_field_errors(&e));
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = create.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        done.set(false);
        let start_date = parse_date_input(&start.get_untracked());
        let request = PartnerRequest {
            organisation_id,
            kind: kind.get_untracked(),
            scope: scope.get_untracked().trim().to_owned(),
            // Without a start date the other fields are still checked, the missing date reported.
            start_date: start_date.unwrap_or(NaiveDate::MIN),
            end_date: parse_date_input(&end.get_untracked()),
            status: status.get_untracked(),
        };
        let mut errors = PartnerData::try_from(request.clone())
            .err()
            .unwrap_or_default();
        if start_date.is_none() {
            errors.push(FieldError::new("start_date", "required", "required"));
        }
        if errors.is_empty() {
            field_errors.set(Vec::new());
            create.dispatch(request);
        } else {
            field_errors.set(errors);
        }
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="partner-form" novalidate>
            <h3>{i18n.tr(OrgKey::CreatePartner)}</h3>
            <div class="field">
                <label for="partner-kind">{i18n.tr(OrgKey::PartnerKind)}</label>
                <EnumSelect
                    id="partner-kind"
                    value=kind
                    options=PartnerKind::ALL
                    label=I18n::partner_kind
                />
            </div>
            <TextArea
                id="partner-scope"
                label=OrgKey::PartnerScope
                value=scope
                field="scope"
                errors=field_errors
            />
            <div class="field">
                <label for="partner-start">{i18n.tr(Key::StartDate)}</label>
                <input id="partner-start" data-testid="partner-start" type="date" bind:value=start />
                <FieldErrors errors=field_errors field="start_date" />
            </div>
            <div class="field">
                <label for="partner-end">
                    {i18n.tr(Key::EndDate)}
                    <span class="muted small">{i18n.tr(Key::Optional)}</span>
                </label>
                <input id="partner-end" data-testid="partner-end" type="date" bind:value=end />
                <FieldErrors errors=field_errors field="end_date" />
            </div>
            <div class="field">
                <label for="partner-status">{i18n.tr(Key::Status)}</label>
                <EnumSelect
                    id="partner-status"
                    value=status
                    options=PartnerStatus::ALL
                    label=I18n::partner_status
                />
            </div>
            <ProblemView error />
            <Show when=move || done.get()>
                <p class="notice success" data-testid="partner-created">
                    {i18n.tr(OrgKey::PartnerCreated)}
                </p>
            </Show>
            <button
                type="submit"
                class="primary"
                data-testid="partner-submit"
                disabled=move || pending.get()
            >
                {move || i18n.t(if pending.get() { Key::Saving } else { Key::Create })}
            </button>
        </form>
    }
}
