//! Certificates (《专业技术人员继续教育证书》, Art. 9):
//!
//! - [`ClassCertificates`], on the page of a completed class for staff and admin: who is
//!   eligible and who is not (with the unmet rules), the button that starts the batch issuance,
//!   its progress bar and result;
//! - `/certificates` ([`CertificatesPage`]): the list with search and status filter, revocation
//!   with a reason and re-issuance (staff, admin; organisation contacts read their people's);
//! - `/my/certificates` ([`MyCertificatesPage`]): a trainee's own, with number and code;
//! - `/verify?number=…&code=…` ([`VerifyPage`]): public verification, outside the login guard
//!   (the address the QR code on a certificate carries), in Chinese and English.

mod issue;
mod row;
mod verify;

pub use issue::ClassCertificates;
pub use verify::VerifyPage;

use cebase_domain::certificate::{CertificateDto, CertificateStatus};
use cebase_domain::dto::Page;
use leptos::prelude::*;

use crate::api::{self, ApiError, CertificateQuery};
use crate::components::problem::ProblemView;
use crate::i18n::{CertKey, Key, use_i18n};
use crate::session::use_session;

use row::CertificateTable;

fn hours(value: f64) -> String {
    format!("{value:.1}")
}

#[component]
fn CertStatusBadge(status: CertificateStatus) -> impl IntoView {
    let i18n = use_i18n();
    let class = match status {
        CertificateStatus::Valid => "badge badge-strong badge-ok",
        CertificateStatus::Revoked => "badge badge-strong badge-bad",
    };
    view! {
        <span class=class data-testid="certificate-status" data-status=status.to_string()>
            {move || i18n.certificate_status(status)}
        </span>
    }
}

/// `/certificates`.
#[component]
pub fn CertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let manages = session.manages_classes();
    let q = RwSignal::new(String::new());
    let status = RwSignal::new(None::<CertificateStatus>);
    let reloads = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reloads.track();
        let query = CertificateQuery {
            q: Some(q.get()).filter(|v| !v.trim().is_empty()),
            status: status.get(),
            limit: 200,
            ..CertificateQuery::default()
        };
        async move { api::list_certificates(&query).await }
    });
    let changed = Callback::new(move |()| reloads.update(|n| *n += 1));
    view! {
        <section class="page">
            <h1>{i18n.tr(CertKey::CertificatesTitle)}</h1>
            <div class="toolbar">
                <input
                    type="search"
                    data-testid="cert-search"
                    placeholder=move || i18n.t(CertKey::CertSearch)
                    prop:value=move || q.get()
                    on:change=move |ev| q.set(event_target_value(&ev))
                />
                <select
                    data-testid="cert-status-filter"
                    on:change=move |ev| {
                        status.set(event_target_value(&ev).parse().ok());
                    }
                >
                    <option value="">{i18n.tr(CertKey::CertStatusAll)}</option>
                    <option value="valid">{i18n.tr(CertKey::CertStatusValid)}</option>
                    <option value="revoked">{i18n.tr(CertKey::CertStatusRevoked)}</option>
                </select>
            </div>
            <CertificateList list manages on_changed=changed />
        </section>
    }
}

/// `/my/certificates`.
#[component]
pub fn MyCertificatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(api::my_certificates);
    view! {
        <section class="page">
            <h1>{i18n.tr(CertKey::MyCertificatesTitle)}</h1>
            <CertificateList list manages=false on_changed=Callback::new(|()| {}) />
        </section>
    }
}

/// The certificates of `list` as a table (`cert-empty` when there are none).
#[component]
fn CertificateList(
    list: LocalResource<Result<Page<CertificateDto>, ApiError>>,
    manages: bool,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
            {move || {
                list.get()
                    .map(|answer| match answer {
                        Ok(page) if page.items.is_empty() => {
                            view! {
                                <p class="muted" data-testid="cert-empty">
                                    {i18n.tr(CertKey::NoCertificates)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(page) => {
                            view! { <CertificateTable items=page.items manages on_changed /> }
                                .into_any()
                        }
                        Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                    })
            }}
        </Transition>
    }
}
