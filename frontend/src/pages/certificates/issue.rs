//! Issuing the certificates of a completed class: the eligibility preview, the batch and its
//! progress.

use std::time::Duration;

use cebase_domain::certificate::{BatchStatus, CertificateBatchDto};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::i18n::{CertKey, Key, use_i18n};

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
