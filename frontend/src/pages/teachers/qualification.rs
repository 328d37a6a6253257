//! How a teacher's Art. 13 qualification is shown: a badge (合格 / 不合格), every unmet rule
//! explained, the state of the attestation's evidence and the "verify evidence" action.

use cebase_domain::master::{QualificationDto, TeacherDto};
use leptos::prelude::*;

use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::i18n::{TeacherKey, use_i18n};
use crate::time::format_shanghai;

/// `badge` test id: `{testid}`; the reasons: `{testid}-unmet` (one `<li>` per unmet rule, with
/// `data-rule` = the rule's code).
#[component]
pub fn QualificationView(
    #[prop(into)] qualification: Signal<QualificationDto>,
    testid: String,
    /// Also say so when the teacher is qualified (the teacher's page).
    #[prop(optional)]
    explain_qualified: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let badge_id = testid.clone();
    let unmet_id = format!("{testid}-unmet");
    view! {
        <div class="qualification">
            {move || {
                let qualified = qualification.with(|q| q.qualified);
                view! {
                    <span
                        class="badge badge-strong"
                        class:badge-ok=qualified
                        class:badge-bad=!qualified
                        data-testid=badge_id.clone()
                        data-qualified=qualified.to_string()
                    >
                        {i18n.t(if qualified { TeacherKey::Qualified } else { TeacherKey::NotQualified })}
                    </span>
                }
            }}
            {move || {
                let q = qualification.get();
                if q.qualified {
                    explain_qualified
                        .then(|| {
                            view! {
                                <p class="muted small">{i18n.t(TeacherKey::QualifiedExplained)}</p>
                            }
                        })
                        .into_any()
                } else {
                    let reasons = q
                        .unmet
                        .into_iter()
                        .map(|u| {
                            view! {
                                <li data-rule=u.rule.to_string() title=u.explanation.clone()>
                                    {i18n.unmet_rule(u.rule)}
                                </li>
                            }
                        })
                        .collect_view();
                    view! {
                        <ul class="unmet" data-testid=unmet_id.clone()>
                            {reasons}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The attestation and its evidence: none, awaiting verification, or verified (when).
#[component]
pub fn EvidenceState(#[prop(into)] teacher: Signal<TeacherDto>) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let (attested, verified_at) = teacher.with(|t| (t.leader_attested, t.evidence_verified_at));
        match (attested, verified_at) {
            (false, _) => view! {
                <span class="muted" data-testid="evidence-state" data-state="none">
                    {i18n.t(TeacherKey::EvidenceNone)}
                </span>
            }
            .into_any(),
            (true, None) => view! {
                <span class="badge badge-warn" data-testid="evidence-state" data-state="unverified">
                    {i18n.t(TeacherKey::EvidenceUnverified)}
                </span>
            }
            .into_any(),
            (true, Some(at)) => view! {
                <span class="badge badge-on" data-testid="evidence-state" data-state="verified">
                    {i18n.t(TeacherKey::EvidenceVerified)}
                </span>
                " "
                <span class="muted small">{i18n.verified_at(&format_shanghai(at))}</span>
            }
            .into_any(),
        }
    }
}

/// "Verify evidence" (`{testid}`), offered while the attestation awaits verification; errors
/// (e.g. 409 `not_attested`) are shown under it.
#[component]
pub fn VerifyEvidence(
    #[prop(into)] teacher: Signal<TeacherDto>,
    on_verified: Callback<TeacherDto>,
    testid: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<ApiError>);
    let verify = Action::new_local(move |id: &uuid::Uuid| {
        let id = *id;
        async move {
            match api::verify_teacher_evidence(id).await {
                Ok(updated) => {
                    error.set(None);
                    on_verified.run(updated);
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let pending = verify.pending();
    let awaiting = move || teacher.with(|t| t.leader_attested && t.evidence_verified_at.is_none());
    view! {
        <Show when=awaiting>
            <button
                type="button"
                class="button-small primary"
                data-testid=testid.clone()
                disabled=move || pending.get()
                on:click=move |_| {
                    verify.dispatch(teacher.with_untracked(|t| t.id));
                }
            >
                {move || {
                    i18n.t(if pending.get() { TeacherKey::VerifyingEvidence } else { TeacherKey::VerifyEvidence })
                }}
            </button>
        </Show>
        <ProblemView error />
    }
}
