//! Person registrations: an organisation contact's requests to put colleagues on file
//! ([`MyRegistrations`], on "my people") and staff's queue deciding them ([`RegistrationQueue`],
//! on the people directory). A contact never learns whether a number is on file; staff see who
//! has it (`on_file`) before they approve.

use cebase_domain::master::{
    DecideRegistrationRequest, PersonRegistrationDto, RegistrationDecision, RegistrationStatus,
};
use leptos::prelude::*;

use crate::api::{self, ApiError, RegistrationQuery};
use crate::components::list::PagedTable;
use crate::components::names::OrganisationName;
use crate::components::pager::Cursors;
use crate::components::problem::ProblemView;
use crate::i18n::{I18n, PersonKey, use_i18n};
use crate::time::format_shanghai;

const PAGE_SIZE: u32 = 20;

/// The status as a badge (`data-status` for tests).
fn status_badge(i18n: I18n, status: RegistrationStatus) -> impl IntoView {
    view! {
        <span class=format!("badge status-{status}") data-status=status.to_string()>
            {move || i18n.registration_status(status)}
        </span>
    }
}

/// The contact's organisation's registrations, newest last, with status and any reason.
#[component]
pub fn MyRegistrations(changes: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let cursors = Cursors::new();
    let fetch = move |cursor| {
        changes.track();
        let query = RegistrationQuery {
            status: None,
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_person_registrations(&query).await }
    };
    view! {
        <div class="card">
            <h2>{i18n.tr(PersonKey::MyRegistrations)}</h2>
            <PagedTable
                fetch
                cursors
                columns=vec![
                    PersonKey::PersonName.into(),
                    PersonKey::IdNumber.into(),
                    PersonKey::RegistrationSubmitted.into(),
                    PersonKey::RegistrationStatusLabel.into(),
                ]
                row=move |r: PersonRegistrationDto| {
                    view! {
                        <tr data-testid=format!("my-registration-{}", r.name) data-status=r.status.to_string()>
                            <td>{r.name.clone()}</td>
                            <td class="mono">{r.id_number.clone()}</td>
                            <td>{format_shanghai(r.created_at)}</td>
                            <td>
                                {status_badge(i18n, r.status)}
                                {r.reason.clone().map(|reason| view! { <span class="muted small">" " {reason}</span> })}
                            </td>
                        </tr>
                    }
                }
                empty=PersonKey::NoRegistrations
                testid="my-registrations"
            />
        </div>
    }
}

/// Staff's queue: pending registrations (or all), each with who already has the document and the
/// decision.
#[component]
pub fn RegistrationQueue(on_decided: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let cursors = Cursors::new();
    let pending_only = RwSignal::new(true);
    let changes = RwSignal::new(0u32);
    let fetch = move |cursor| {
        changes.track();
        let query = RegistrationQuery {
            status: pending_only.get().then_some(RegistrationStatus::Pending),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_person_registrations(&query).await }
    };
    let decided = Callback::new(move |()| {
        changes.update(|n| *n += 1);
        on_decided.run(());
    });
    view! {
        <div class="card" data-testid="registration-queue">
            <h2>{i18n.tr(PersonKey::RegistrationsTitle)}</h2>
            <p class="muted small">{i18n.tr(PersonKey::RegistrationsHint)}</p>
            <label class="inline">
                <input
                    type="checkbox"
                    data-testid="registrations-pending-only"
                    prop:checked=move || pending_only.get()
                    on:change=move |ev| {
                        pending_only.set(event_target_checked(&ev));
                        cursors.reset();
                    }
                />
                " "
                {i18n.tr(PersonKey::PendingOnly)}
            </label>
            <PagedTable
                fetch
                cursors
                columns=vec![
                    PersonKey::PersonName.into(),
                    PersonKey::IdNumber.into(),
                    PersonKey::RegistrationOrganisation.into(),
                    PersonKey::RegistrationStatusLabel.into(),
                ]
                row=move |r: PersonRegistrationDto| view! { <QueueRow registration=r on_decided=decided /> }
                empty=PersonKey::NoRegistrations
                testid="registrations"
            />
        </div>
    }
}

#[component]
fn QueueRow(registration: PersonRegistrationDto, on_decided: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let r = registration;
    let (id, version, organisation) = (r.id, r.version, r.organisation_id);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let decide = Action::new_local(move |decision: &RegistrationDecision| {
        let request = DecideRegistrationRequest {
            decision: *decision,
            reason: match decision {
                RegistrationDecision::Reject => Some(reason.get_untracked().trim().to_owned()),
                RegistrationDecision::Approve => None,
            },
            version,
        };
        async move {
            match api::decide_person_registration(id, &request).await {
                Ok(_) => on_decided.run(()),
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = decide.pending();
    let on_file = r.on_file.clone().map(|p| {
        let same = p.employer_id == Some(organisation);
        view! {
            <p class="notice warning small" data-testid=format!("registration-on-file-{}", r.name)>
                {i18n.tr(PersonKey::RegistrationOnFile)}
                <a href=format!("/people/{}", p.person_id)>{p.name.clone()}</a>
                {p.employer_id.map(|id| view! { " (" <OrganisationName id /> ") " })}
                {move || {
                    i18n.t(if same {
                        PersonKey::RegistrationOnFileSame
                    } else {
                        PersonKey::RegistrationOnFileMove
                    })
                }}
            </p>
        }
    });
    let pending = r.status == RegistrationStatus::Pending;
    let name = r.name.clone();
    let (approve_id, reason_id, reject_id) = (
        format!("registration-approve-{name}"),
        format!("registration-reason-{name}"),
        format!("registration-reject-{name}"),
    );
    let is_new = pending && r.on_file.is_none();
    view! {
        <tr data-testid=format!("registration-{name}") data-status=r.status.to_string()>
            <td>
                {name.clone()}
                {is_new.then(|| view! { <span class="muted small">" · " {i18n.tr(PersonKey::RegistrationNew)}</span> })}
                {on_file}
            </td>
            <td class="mono">{r.id_number.clone()}</td>
            <td><OrganisationName id=organisation /></td>
            <td>
                {status_badge(i18n, r.status)}
                {r.reason.clone().map(|reason| view! { <span class="muted small">" " {reason}</span> })}
                <Show when=move || pending>
                    <div class="toolbar">
                        <button
                            type="button"
                            class="primary"
                            data-testid=approve_id.clone()
                            disabled=move || busy.get()
                            on:click=move |_| {
                                error.set(None);
                                decide.dispatch(RegistrationDecision::Approve);
                            }
                        >
                            {i18n.tr(PersonKey::Approve)}
                        </button>
                        <input
                            type="text"
                            data-testid=reason_id.clone()
                            placeholder=move || i18n.t(PersonKey::RejectReason)
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        />
                        <button
                            type="button"
                            data-testid=reject_id.clone()
                            disabled=move || busy.get()
                            on:click=move |_| {
                                error.set(None);
                                decide.dispatch(RegistrationDecision::Reject);
                            }
                        >
                            {i18n.tr(PersonKey::Reject)}
                        </button>
                    </div>
                    <ProblemView error />
                </Show>
            </td>
        </tr>
    }
}
