//! What the caller may do with the plan now (`allowed_actions`, Art. 8):
//! - staff and admin submit (to MIIT, then to MOHRSS), revise a returned plan and amend a filed
//!   one, with optional comments;
//! - a reviewer decides the stage of their authority (approve or file, or return with comments);
//! - while an authority decides, staff may instead record its paper reply: the decision, the
//!   reply's document number (文号) and date, and a scan (PDF, JPEG or PNG), uploaded first.
//!
//! The input is checked with the domain's review engine (`decide` on the plan's table) before
//! anything is sent.

use cebase_domain::FieldError;
use cebase_domain::plans::{
    PlanAction, PlanDeadlines, PlanDto, PlanFacts, PlanReview, PlanTransitionRequest, shanghai_date,
};
use cebase_domain::review::{Actor, MoveInput, Refusal, decide};
use chrono::Utc;
use leptos::html;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError};
use crate::components::form::{TextArea, TextField, optional_text};
use crate::components::problem::{FieldErrors, ProblemView, save_field_errors};
use crate::i18n::{Key, PlanKey, use_i18n};
use crate::time::parse_date_input;

#[component]
pub fn PlanActions(plan: PlanDto, actor: Actor, reload: RwSignal<u32>) -> impl IntoView {
    let i18n = use_i18n();
    let (id, status) = (plan.id, plan.status);
    let facts = PlanFacts {
        year: plan.year,
        item_count: usize::try_from(plan.item_count).unwrap_or(usize::MAX),
        deadlines: PlanDeadlines::default(),
    };
    let own: Vec<PlanAction> = plan
        .allowed_actions
        .iter()
        .copied()
        .filter(|a| !a.is_decision())
        .collect();
    let decisions: Vec<PlanAction> = plan
        .allowed_actions
        .iter()
        .copied()
        .filter(|a| a.is_decision())
        .collect();
    if plan.allowed_actions.is_empty() {
        return view! {
            <p class="muted" data-testid="plan-no-actions">{i18n.tr(PlanKey::PlanNoActions)}</p>
            {plan.waiting_for.map(|a| view! {
                <p class="small">{i18n.tr(PlanKey::PlanDecisionFor)} " " <strong>{move || i18n.authority(a)}</strong></p>
            })}
        }
        .into_any();
    }
    let paper = actor == Actor::Staff && !decisions.is_empty();

    let comments = RwSignal::new(String::new());
    let document_number = RwSignal::new(String::new());
    let reply_date = RwSignal::new(String::new());
    let decision = RwSignal::new(decisions.first().copied().unwrap_or(PlanAction::Approve));
    let scan_input = NodeRef::<html::Input>::new();
    // The scan uploaded for this form (file name and size → id), reused when sending again.
    let uploaded = RwSignal::new(None::<(String, f64, Uuid)>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);

    let chosen_file = move || {
        scan_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0))
    };

    let act = Action::new_local(move |request: &PlanTransitionRequest| {
        let mut request = request.clone();
        async move {
            if paper && let Some(file) = chosen_file() {
                let known = uploaded.get_untracked().and_then(|(name, size, scan)| {
                    (name == file.name() && size == file.size()).then_some(scan)
                });
                let scan = match known {
                    Some(scan) => scan,
                    None => match api::upload_plan_scan(id, &file).await {
                        Ok(scan) => {
                            uploaded.set(Some((file.name(), file.size(), scan.id)));
                            scan.id
                        }
                        Err(e) => {
                            field_errors.set(save_field_errors(&e));
                            error.set(Some(e));
                            return;
                        }
                    },
                };
                request.scan_id = Some(scan);
            }
            match api::transition_plan(id, &request).await {
                Ok(_) => {
                    error.set(None);
                    field_errors.set(Vec::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    field_errors.set(save_field_errors(&e));
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = act.pending();

    // Checks the move as the server will, then sends it.
    let send = move |action: PlanAction| {
        error.set(None);
        let reply_raw = reply_date.get_untracked();
        let reply = parse_date_input(&reply_raw);
        let input = MoveInput {
            comments: optional_text(&comments.get_untracked()),
            document_number: optional_text(&document_number.get_untracked()),
            reply_date: if paper { reply } else { None },
            scan_attached: paper && chosen_file().is_some(),
        };
        let today = shanghai_date(Utc::now());
        if let Err(Refusal::Invalid(errors)) =
            decide::<PlanReview>(status, action, actor, &input, &facts, today)
        {
            field_errors.set(errors);
            return;
        }
        field_errors.set(Vec::new());
        act.dispatch(PlanTransitionRequest {
            action: Some(action),
            comments: input.comments,
            document_number: input.document_number,
            reply_date: input.reply_date,
            scan_id: None,
        });
    };

    let buttons = move |actions: Vec<PlanAction>| {
        actions
            .into_iter()
            .map(|a| {
                let class = match a {
                    PlanAction::Return => "danger",
                    _ => "primary",
                };
                view! {
                    <button
                        type="button"
                        class=class
                        data-testid=format!("plan-action-{}", a.as_str())
                        disabled=move || pending.get()
                        on:click=move |_| send(a)
                    >
                        {move || i18n.plan_action(a)}
                    </button>
                }
            })
            .collect_view()
    };

    let body = if paper {
        let options = decisions
            .iter()
            .copied()
            .map(|a| {
                view! {
                    <option value=a.to_string() prop:selected=move || decision.get() == a>
                        {move || i18n.plan_action(a)}
                    </option>
                }
            })
            .collect_view();
        view! {
            <form
                class="paper-reply"
                data-testid="plan-paper-reply"
                novalidate
                on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    send(decision.get_untracked());
                }
            >
                <h3>{i18n.tr(PlanKey::PlanPaperReply)}</h3>
                <p class="muted small">{i18n.tr(PlanKey::PlanPaperReplyHint)}</p>
                {plan.waiting_for.map(|a| view! {
                    <p class="small">{i18n.tr(PlanKey::PlanDecisionFor)} " " <strong>{move || i18n.authority(a)}</strong></p>
                })}
                <div class="field">
                    <label for="plan-reply-decision">{i18n.tr(PlanKey::PlanDecision)}</label>
                    <select
                        id="plan-reply-decision"
                        data-testid="plan-reply-decision"
                        on:change=move |ev| {
                            if let Ok(a) = event_target_value(&ev).parse() {
                                decision.set(a);
                            }
                        }
                    >
                        {options}
                    </select>
                </div>
                <TextField
                    id="plan-document-number"
                    label=PlanKey::PlanDocumentNumber
                    value=document_number
                    field="document_number"
                    errors=field_errors
                />
                <TextField
                    id="plan-reply-date"
                    label=PlanKey::PlanReplyDate
                    value=reply_date
                    field="reply_date"
                    errors=field_errors
                    kind="date"
                />
                <div class="field">
                    <label for="plan-reply-scan">
                        {i18n.tr(PlanKey::PlanScan)}
                        <span class="muted small">{i18n.tr(Key::Optional)}</span>
                    </label>
                    <input
                        id="plan-reply-scan"
                        data-testid="plan-reply-scan"
                        type="file"
                        accept="application/pdf,image/jpeg,image/png"
                        node_ref=scan_input
                    />
                    <span class="muted small">{i18n.tr(PlanKey::PlanScanHint)}</span>
                    <FieldErrors errors=field_errors field="scan_id" />
                </div>
                <TextArea
                    id="plan-comments"
                    label=PlanKey::PlanCommentsOptional
                    value=comments
                    field="comments"
                    errors=field_errors
                />
                <button
                    type="submit"
                    class="primary"
                    data-testid="plan-reply-submit"
                    disabled=move || pending.get()
                >
                    {move || {
                        if pending.get() { i18n.t(Key::Saving) } else { i18n.t(PlanKey::PlanRecordReply) }
                    }}
                </button>
            </form>
        }
        .into_any()
    } else {
        let hint = matches!(actor, Actor::Reviewer(_));
        let reviewer_number = hint.then(|| {
            view! {
                <TextField
                    id="plan-document-number"
                    label=PlanKey::PlanDocumentNumber
                    value=document_number
                    field="document_number"
                    errors=field_errors
                    optional=true
                />
            }
        });
        let actions = if hint { decisions } else { own };
        view! {
            {hint.then(|| view! { <p class="muted small">{i18n.tr(PlanKey::PlanReviewerHint)}</p> })}
            <TextArea
                id="plan-comments"
                label=if hint { PlanKey::PlanCommentsOptional } else { PlanKey::PlanComments }
                value=comments
                field="comments"
                errors=field_errors
                optional=!hint
            />
            {reviewer_number}
            <div class="actions" data-testid="plan-actions">{buttons(actions)}</div>
        }
        .into_any()
    };
    view! {
        {body}
        <FieldErrors errors=field_errors field="items" />
        <ProblemView error />
    }
    .into_any()
}
