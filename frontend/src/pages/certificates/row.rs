//! The table of certificates and one row of it: downloads, revocation with a reason,
//! re-issuance.

use cebase_domain::certificate::{CertificateDto, CertificateStatus};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{CertKey, Key, use_i18n};

use super::{CertStatusBadge, hours};

/// The table of certificates (`cert-table`, rows `cert-row-{number}` with `data-status`); with
/// `manages` each valid row offers revocation (`cert-revoke-{number}`, then the reason dialog
/// `cert-revoke-reason`, `cert-revoke-confirm`) and each revoked, unreplaced one re-issuance
/// (`cert-reissue-{number}`).
#[component]
pub(super) fn CertificateTable(
    items: Vec<CertificateDto>,
    manages: bool,
    on_changed: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let rows = items
        .into_iter()
        .map(|c| view! { <CertificateRow c manages on_changed /> })
        .collect_view();
    view! {
        <table class="table" data-testid="cert-table">
            <thead>
                <tr>
                    <th>{i18n.tr(CertKey::CertNumber)}</th>
                    <th>{i18n.tr(CertKey::CertHolder)}</th>
                    <th>{i18n.tr(CertKey::CertClass)}</th>
                    <th>{i18n.tr(CertKey::CertHours)}</th>
                    <th>{i18n.tr(CertKey::CertIssuedOn)}</th>
                    <th>{i18n.tr(CertKey::CertStatus)}</th>
                    <th>{i18n.tr(CertKey::CertCode)}</th>
                    <th>{i18n.tr(CertKey::CertActions)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// What a certificate row downloads.
#[derive(Clone, Copy)]
enum Download {
    /// The printable certificate.
    Pdf,
    /// The signed Open Badges credential (VC-JWT).
    Credential,
}

#[component]
fn CertificateRow(c: CertificateDto, manages: bool, on_changed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let id = c.id;
    let asking = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let revoke = Action::new_local(move |reason: &String| {
        let reason = reason.clone();
        async move {
            match api::revoke_certificate(id, reason).await {
                Ok(_) => {
                    error.set(None);
                    asking.set(false);
                    on_changed.run(());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let reissue = Action::new_local(move |_: &()| async move {
        match api::reissue_certificate(id).await {
            Ok(_) => {
                error.set(None);
                on_changed.run(());
            }
            Err(e) => error.set(Some(e)),
        }
    });
    let field_errors = Signal::derive(move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_errors().to_vec())
                .unwrap_or_default()
        })
    });
    let number = c.number.clone();
    let fetching = Action::new_local(move |what: &Download| {
        let (what, number) = (*what, number.clone());
        async move {
            let done = match what {
                Download::Pdf => api::download_certificate_pdf(id, &number).await,
                Download::Credential => api::download_certificate_credential(id, &number).await,
            };
            error.set(done.err());
        }
    });
    let pdf_id = format!("cert-pdf-{}", c.number);
    let credential_id = format!("cert-credential-{}", c.number);
    let verify = format!("/verify?number={}&code={}", c.number, c.verification_code);
    let status = c.status;
    let revoke_id = format!("cert-revoke-{}", c.number);
    let reissue_id = format!("cert-reissue-{}", c.number);
    let reissuable = manages && status == CertificateStatus::Revoked && c.replaced_by.is_none();
    let note = if c.replaced_by.is_some() {
        Some(CertKey::CertReissued)
    } else if c.replaces.is_some() {
        Some(CertKey::CertReplaces)
    } else {
        None
    };
    view! {
        <tr
            data-testid=format!("cert-row-{}", c.number)
            data-number=c.number.clone()
            data-status=status.to_string()
        >
            <td class="mono">{c.number.clone()}</td>
            <td>{c.holder_name.clone()}</td>
            <td>{c.class_title.clone()}</td>
            <td>{hours(c.total_hours)}</td>
            <td>{c.issued_at.format("%Y-%m-%d").to_string()}</td>
            <td>
                <CertStatusBadge status />
                {note.map(|k| view! { <span class="muted small">" " {i18n.tr(k)}</span> })}
                {c
                    .revocation_reason
                    .clone()
                    .map(|r| {
                        view! {
                            <div class="muted small" data-testid="cert-revocation-reason">
                                {i18n.tr(CertKey::CertReason)}
                                "："
                                {r}
                            </div>
                        }
                    })}
            </td>
            <td class="mono" data-testid=format!("cert-code-{}", c.number)>{c.verification_code.clone()}</td>
            <td>
                <div class="toolbar">
                    <a href=verify data-testid=format!("cert-verify-{}", c.number)>
                        {i18n.tr(CertKey::CertVerifyLink)}
                    </a>
                    <Show when=move || status == CertificateStatus::Valid>
                        <button
                            type="button"
                            data-testid=pdf_id.clone()
                            disabled=move || fetching.pending().get()
                            on:click=move |_| {
                                fetching.dispatch(Download::Pdf);
                            }
                        >
                            {i18n.tr(CertKey::CertDownloadPdf)}
                        </button>
                        <button
                            type="button"
                            data-testid=credential_id.clone()
                            title=move || i18n.t(CertKey::CertCredentialHint)
                            disabled=move || fetching.pending().get()
                            on:click=move |_| {
                                fetching.dispatch(Download::Credential);
                            }
                        >
                            {i18n.tr(CertKey::CertDownloadCredential)}
                        </button>
                    </Show>
                    <Show when=move || manages && status == CertificateStatus::Valid>
                        <button
                            type="button"
                            class="danger"
                            data-testid=revoke_id.clone()
                            on:click=move |_| asking.set(true)
                        >
                            {i18n.tr(CertKey::CertRevoke)}
                        </button>
                    </Show>
                    <Show when=move || reissuable>
                        <button
                            type="button"
                            data-testid=reissue_id.clone()
                            disabled=move || reissue.pending().get()
                            on:click=move |_| {
                                reissue.dispatch(());
                            }
                        >
                            {i18n.tr(CertKey::CertReissue)}
                        </button>
                    </Show>
                </div>
                <Show when=move || asking.get()>
                    <div class="card form" data-testid="cert-revoke-dialog" role="dialog">
                        <label for=format!("revoke-{id}")>{i18n.tr(CertKey::CertRevokeReasonPrompt)}</label>
                        <textarea
                            id=format!("revoke-{id}")
                            data-testid="cert-revoke-reason"
                            rows="2"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev))
                        ></textarea>
                        <FieldErrors errors=field_errors field="reason" />
                        <div class="toolbar">
                            <button
                                type="button"
                                class="danger"
                                data-testid="cert-revoke-confirm"
                                disabled=move || revoke.pending().get()
                                on:click=move |_| {
                                    revoke.dispatch(reason.get_untracked());
                                }
                            >
                                {i18n.tr(CertKey::CertRevokeConfirm)}
                            </button>
                            <button type="button" on:click=move |_| asking.set(false)>
                                {i18n.tr(Key::Back)}
                            </button>
                        </div>
                    </div>
                </Show>
                <ProblemView error />
            </td>
        </tr>
    }
}
