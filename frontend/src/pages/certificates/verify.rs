//! `/verify`: public verification of a certificate by its number and code.

use cebase_domain::certificate::{CertificateStatus, PublicCertificateDto};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{self, ApiError};
use crate::components::lang_switch::LangSwitch;
use crate::components::problem::ProblemView;
use crate::i18n::{CertKey, Key, use_i18n};

use super::{CertStatusBadge, hours};

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
