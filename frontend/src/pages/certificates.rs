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

use std::time::Duration;

use cebase_domain::certificate::{
    BatchStatus, CertificateBatchDto, CertificateDto, CertificateStatus, PublicCertificateDto,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

use crate::api::{self, ApiError, CertificateQuery};
use crate::components::lang_switch::LangSwitch;
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{CertKey, Key, use_i18n};
use crate::session::use_session;

fn hours(value: f64) -> String {
    format!("{value:.1}")
}

/// Waits `ms` milliseconds (for polling a batch).
async fn sleep(ms: u64) {
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    set_timeout(
        move || {
            let _ = tx.send(());
        },
        Duration::from_millis(ms),
    );
    let _ = rx.await;
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

/// The certificate section of a class page (`class-certificates`): the eligibility preview
/// (`cert-eligibility`, one row per enrolment with `data-eligible`), the batch button
/// (`cert-issue-all`), the progress bar (`cert-batch-progress`) and the result
/// (`cert-batch-result`, `data-status`).
#[component]
pub fn ClassCertificates(class_id: Uuid) -> impl IntoView {
    let i18n = use_i18n();
    let reloads = RwSignal::new(0u32);
    let preview = LocalResource::new(move || {
        reloads.track();
        api::certificate_eligibility(class_id)
    });
    let batch = RwSignal::new(None::<CertificateBatchDto>);
    let error = RwSignal::new(None::<ApiError>);
    let start = Action::new_local(move |_: &()| async move {
        error.set(None);
        match api::issue_class_certificates(class_id).await {
            Ok(started) => {
                let id = started.id;
                batch.set(Some(started));
                loop {
                    sleep(300).await;
                    match api::certificate_batch(id).await {
                        Ok(now) => {
                            let running = now.status == BatchStatus::Running;
                            batch.set(Some(now));
                            if !running {
                                break;
                            }
                        }
                        Err(e) => {
                            error.set(Some(e));
                            break;
                        }
                    }
                }
                reloads.update(|n| *n += 1);
            }
            Err(e) => error.set(Some(e)),
        }
    });
    let zip = Action::new_local(move |_: &()| async move {
        error.set(api::download_class_certificates(class_id).await.err());
    });
    let running = move || {
        start.pending().get()
            || batch.with(|b| b.as_ref().is_some_and(|b| b.status == BatchStatus::Running))
    };
    let progress = move || {
        batch.get().map(|b| {
            let percent = if b.total == 0 {
                100
            } else {
                (u64::from(b.processed.min(b.total)) * 100 / u64::from(b.total)) as u32
            };
            let result = match b.status {
                BatchStatus::Running => i18n.batch_progress(b.processed, b.total),
                BatchStatus::Done => i18n.batch_done(b.issued, b.skipped),
                BatchStatus::Failed => format!(
                    "{} {}",
                    i18n.t(CertKey::CertBatchFailed),
                    b.message.clone().unwrap_or_default()
                ),
            };
            let class = if b.status == BatchStatus::Failed {
                "notice warning"
            } else {
                "muted"
            };
            view! {
                <div class="seat-bar" data-testid="cert-batch-progress" data-percent=percent>
                    <div class="seat-bar-fill" style=format!("width: {percent}%")></div>
                </div>
                <p class=class data-testid="cert-batch-result" data-status=b.status.to_string()>
                    {result}
                </p>
            }
        })
    };
    view! {
        <div class="card" data-testid="class-certificates">
            <h2>{i18n.tr(CertKey::CertificatesSection)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    preview
                        .get()
                        .map(|answer| match answer {
                            Ok(p) => {
                                let rows = p
                                    .rows
                                    .into_iter()
                                    .map(|r| {
                                        let state = if r.eligible {
                                            i18n.t(CertKey::CertEligible).to_owned()
                                        } else if r.certificate_number.is_some() {
                                            i18n.t(CertKey::CertCertified).to_owned()
                                        } else {
                                            i18n.t(CertKey::CertNotEligible).to_owned()
                                        };
                                        let reasons = r
                                            .reasons
                                            .iter()
                                            .map(|x| i18n.ineligibility(x))
                                            .collect::<Vec<_>>()
                                            .join("；");
                                        view! {
                                            <tr
                                                data-testid="cert-eligibility-row"
                                                data-eligible=r.eligible.to_string()
                                            >
                                                <td>{r.person_name}</td>
                                                <td>{state}</td>
                                                <td class="small">
                                                    {r.certificate_number.unwrap_or(reasons)}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <p data-testid="cert-eligibility-counts">
                                        {i18n.eligibility_counts(p.eligible, p.certified, p.ineligible)}
                                    </p>
                                    <table class="table" data-testid="cert-eligibility">
                                        <thead>
                                            <tr>
                                                <th>{i18n.tr(CertKey::CertPerson)}</th>
                                                <th>{i18n.tr(CertKey::CertOutcome)}</th>
                                                <th>{i18n.tr(CertKey::CertNumber)}</th>
                                            </tr>
                                        </thead>
                                        <tbody>{rows}</tbody>
                                    </table>
                                    <div class="toolbar">
                                        <button
                                            type="button"
                                            class="primary"
                                            data-testid="cert-issue-all"
                                            disabled=move || running() || p.eligible == 0
                                            on:click=move |_| {
                                                start.dispatch(());
                                            }
                                        >
                                            {move || {
                                                if running() {
                                                    i18n.t(CertKey::CertIssuing)
                                                } else {
                                                    i18n.t(CertKey::CertIssueAll)
                                                }
                                            }}
                                        </button>
                                        <button
                                            type="button"
                                            data-testid="cert-download-zip"
                                            disabled=move || {
                                                running() || zip.pending().get() || p.certified == 0
                                            }
                                            on:click=move |_| {
                                                zip.dispatch(());
                                            }
                                        >
                                            {i18n.tr(CertKey::CertDownloadZip)}
                                        </button>
                                    </div>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                        })
                }}
            </Transition>
            {progress}
            <ProblemView error />
        </div>
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
                                view! { <CertificateTable items=page.items manages on_changed=changed /> }
                                    .into_any()
                            }
                            Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                        })
                }}
            </Transition>
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
                                view! {
                                    <CertificateTable
                                        items=page.items
                                        manages=false
                                        on_changed=Callback::new(|()| {})
                                    />
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
                        })
                }}
            </Transition>
        </section>
    }
}

/// The table of certificates (`cert-table`, rows `cert-row-{number}` with `data-status`); with
/// `manages` each valid row offers revocation (`cert-revoke-{number}`, then the reason dialog
/// `cert-revoke-reason`, `cert-revoke-confirm`) and each revoked, unreplaced one re-issuance
/// (`cert-reissue-{number}`).
#[component]
fn CertificateTable(
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

/// `/verify?number=…&code=…`: public verification, no login. With both parameters it checks at
/// once; the form (`verify-number`, `verify-code`, `verify-submit`) checks others. The answer is
/// `verify-result` (`data-status` valid / revoked) or `verify-not-found`.
#[component]
pub fn VerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let number = RwSignal::new(query.with_untracked(|q| q.get("number").unwrap_or_default()));
    let code = RwSignal::new(query.with_untracked(|q| q.get("code").unwrap_or_default()));
    let result = RwSignal::new(None::<Result<PublicCertificateDto, ApiError>>);
    let check = move || {
        let (n, c) = (number.get_untracked(), code.get_untracked());
        if n.trim().is_empty() || c.trim().is_empty() {
            return;
        }
        spawn_local(async move {
            result.set(Some(api::verify_certificate(&n, &c).await));
        });
    };
    check();
    let answer = move || {
        result.get().map(|r| match r {
            Ok(c) => {
                let (class, headline) = match c.status {
                    CertificateStatus::Valid => ("verify-card verify-valid", CertKey::VerifyValid),
                    CertificateStatus::Revoked => ("verify-card verify-revoked", CertKey::VerifyRevoked),
                };
                view! {
                    <div class=format!("card {class}") data-testid="verify-result" data-status=c.status.to_string()>
                        <h2>{i18n.tr(headline)}</h2>
                        <dl class="facts">
                            <dt>{i18n.tr(CertKey::CertNumber)}</dt>
                            <dd class="mono" data-testid="verify-number-shown">{c.number.clone()}</dd>
                            <dt>{i18n.tr(CertKey::CertStatus)}</dt>
                            <dd><CertStatusBadge status=c.status /></dd>
                            <dt>{i18n.tr(CertKey::CertHolder)}</dt>
                            <dd data-testid="verify-holder">{c.holder_name_masked.clone()}</dd>
                            <dt>{i18n.tr(CertKey::CertClass)}</dt>
                            <dd>{c.class_title.clone()}</dd>
                            <dt>{i18n.tr(CertKey::CertHours)}</dt>
                            <dd>
                                {hours(c.total_hours)} " ("
                                {move || i18n.public_hours(c.public_required_hours)} ")"
                            </dd>
                            <dt>{i18n.tr(CertKey::CertDates)}</dt>
                            <dd>{format!("{} – {}", c.start_date, c.end_date)}</dd>
                            <dt>{i18n.tr(CertKey::CertIssuedOn)}</dt>
                            <dd>{c.issued_on.to_string()}</dd>
                            <dt>{i18n.tr(CertKey::CertIssuer)}</dt>
                            <dd>{c.issuer.clone()}</dd>
                        </dl>
                    </div>
                }
                    .into_any()
            }
            Err(e) if e.code() == Some("not_found") => {
                view! {
                    <p class="notice warning" data-testid="verify-not-found">
                        {i18n.tr(CertKey::VerifyNotFound)}
                    </p>
                }
                    .into_any()
            }
            Err(e) => view! { <ProblemView error=Some(e) /> }.into_any(),
        })
    };
    view! {
        <div class="page verify-page">
            <header class="topbar">
                <div class="brand">{i18n.tr(Key::AppSubtitle)}</div>
                <div class="userbox">
                    <LangSwitch />
                    <A href="/login">{i18n.tr(Key::NavHome)}</A>
                </div>
            </header>
            <main class="main">
                <h1 data-testid="verify-title">{i18n.tr(CertKey::VerifyTitle)}</h1>
                <p class="muted">{i18n.tr(CertKey::VerifyIntro)}</p>
                <form
                    class="card form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        check();
                    }
                >
                    <label for="verify-number">{i18n.tr(CertKey::CertNumber)}</label>
                    <input
                        id="verify-number"
                        data-testid="verify-number"
                        prop:value=move || number.get()
                        on:input=move |ev| number.set(event_target_value(&ev))
                    />
                    <label for="verify-code">{i18n.tr(CertKey::CertCode)}</label>
                    <input
                        id="verify-code"
                        data-testid="verify-code"
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                    <div class="toolbar">
                        <button type="submit" class="primary" data-testid="verify-submit">
                            {i18n.tr(CertKey::VerifySubmit)}
                        </button>
                    </div>
                </form>
                {answer}
            </main>
        </div>
    }
}
