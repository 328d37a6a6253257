//! `/admin/audit`: the audit trail for administrators — newest entries first, filtered by
//! entity type, actor and a Beijing-time date range, paginated by cursor, and a button that
//! has the server verify the hash chain.

use cebase_domain::FieldError;
use cebase_domain::dto::{AuditEntryDto, AuditVerificationDto};
use chrono::NaiveDate;
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiError, AuditQuery};
use crate::components::guard::RequireAdmin;
use crate::components::list::PagedTable;
use crate::components::pager::Cursors;
use crate::components::problem::{FieldErrors, ProblemView};
use crate::i18n::{AuditKey, Key, use_i18n};
use crate::time::{end_of_day, format_shanghai, parse_date_input, start_of_day};

/// Rows per page.
const PAGE_SIZE: u32 = 50;

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="page">
            <h1>{i18n.tr(AuditKey::AuditTitle)}</h1>
            <RequireAdmin>
                <VerifyChain />
                <AuditLog />
            </RequireAdmin>
        </section>
    }
}

/// The filters in force (the inputs only count once "filter" is pressed).
#[derive(Debug, Clone, Default, PartialEq)]
struct Filter {
    entity_type: String,
    actor_id: Option<Uuid>,
    /// First Beijing calendar day shown.
    from: Option<NaiveDate>,
    /// Last Beijing calendar day shown.
    to: Option<NaiveDate>,
}

#[component]
fn AuditLog() -> impl IntoView {
    let i18n = use_i18n();
    let entity_type = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let filter = RwSignal::new(Filter::default());
    let cursors = Cursors::new();

    let fetch = move |cursor| {
        let f = filter.get();
        let query = AuditQuery {
            entity_type: Some(f.entity_type),
            actor_id: f.actor_id,
            from: f.from.and_then(start_of_day),
            to: f.to.and_then(end_of_day),
            cursor,
            limit: PAGE_SIZE,
        };
        async move { api::list_audit(&query).await }
    };

    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let actor_text = actor.get_untracked().trim().to_owned();
        let actor_id = if actor_text.is_empty() {
            None
        } else {
            match Uuid::parse_str(&actor_text) {
                Ok(id) => Some(id),
                Err(_) => {
                    field_errors.set(vec![FieldError::new(
                        "actor_id",
                        "invalid_uuid",
                        "not a UUID",
                    )]);
                    return;
                }
            }
        };
        field_errors.set(Vec::new());
        filter.set(Filter {
            entity_type: entity_type.get_untracked().trim().to_owned(),
            actor_id,
            from: parse_date_input(&from.get_untracked()),
            to: parse_date_input(&to.get_untracked()),
        });
        cursors.reset();
    };
    let clear = move |_| {
        for input in [entity_type, actor, from, to] {
            input.set(String::new());
        }
        field_errors.set(Vec::new());
        filter.set(Filter::default());
        cursors.reset();
    };
    let only_actor = Callback::new(move |id: Uuid| {
        actor.set(id.to_string());
        filter.update(|f| f.actor_id = Some(id));
        cursors.reset();
    });

    view! {
        <form class="card filters" on:submit=apply data-testid="audit-filters">
            <div class="field">
                <label for="audit-filter-entity-type">{i18n.tr(AuditKey::EntityType)}</label>
                <input
                    id="audit-filter-entity-type"
                    data-testid="audit-filter-entity-type"
                    list="audit-entity-types"
                    placeholder=i18n.tr(AuditKey::EntityTypePlaceholder)
                    bind:value=entity_type
                />
                <datalist id="audit-entity-types">
                    <option value="user"></option>
                </datalist>
            </div>
            <div class="field">
                <label for="audit-filter-actor">{i18n.tr(AuditKey::Actor)}</label>
                <input
                    id="audit-filter-actor"
                    data-testid="audit-filter-actor"
                    class="mono"
                    placeholder=i18n.tr(AuditKey::ActorPlaceholder)
                    bind:value=actor
                />
                <FieldErrors errors=field_errors field="actor_id" />
            </div>
            <div class="field">
                <label for="audit-filter-from">{i18n.tr(AuditKey::DateFrom)}</label>
                <input
                    id="audit-filter-from"
                    data-testid="audit-filter-from"
                    type="date"
                    bind:value=from
                />
            </div>
            <div class="field">
                <label for="audit-filter-to">{i18n.tr(AuditKey::DateTo)}</label>
                <input id="audit-filter-to" data-testid="audit-filter-to" type="date" bind:value=to />
            </div>
            <div class="filter-buttons">
                <button type="submit" class="primary" data-testid="audit-filter-apply">
                    {i18n.tr(AuditKey::ApplyFilters)}
                </button>
                <button type="button" data-testid="audit-filter-clear" on:click=clear>
                    {i18n.tr(AuditKey::ClearFilters)}
                </button>
            </div>
        </form>
        <p class="muted small">{i18n.tr(AuditKey::TimesInShanghai)}</p>
        <PagedTable
            fetch
            cursors
            columns=vec![
                AuditKey::Seq.into(),
                Key::Time.into(),
                AuditKey::Actor.into(),
                AuditKey::Action.into(),
                AuditKey::Entity.into(),
                AuditKey::Details.into(),
            ]
            row=move |entry| view! { <AuditRow entry only_actor /> }
            empty=AuditKey::NoEntries
            testid="audit"
        />
    }
}

#[component]
fn AuditRow(entry: AuditEntryDto, only_actor: Callback<Uuid>) -> impl IntoView {
    let i18n = use_i18n();
    let actor = match (entry.actor_id, entry.actor_username.clone()) {
        (Some(id), name) => {
            let label = name.unwrap_or_else(|| id.to_string());
            view! {
                <button
                    type="button"
                    class="link-button"
                    title=i18n.tr(AuditKey::FilterByActor)
                    on:click=move |_| only_actor.run(id)
                >
                    {label}
                </button>
            }
            .into_any()
        }
        (None, _) => {
            view! { <span class="muted">{i18n.tr(AuditKey::SystemActor)}</span> }.into_any()
        }
    };
    let entity = match &entry.entity_id {
        Some(id) => format!("{} {id}", entry.entity_type),
        None => entry.entity_type.clone(),
    };
    let pretty = |value: &Option<serde_json::Value>| {
        value
            .as_ref()
            .map(|v| serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()))
    };
    let before = pretty(&entry.before);
    let after = pretty(&entry.after);
    let has_details = before.is_some() || after.is_some();
    let details = has_details.then(|| {
        view! {
            <details>
                <summary>{i18n.tr(AuditKey::Details)}</summary>
                <div class="diff">
                    {before
                        .map(|b| {
                            view! {
                                <div>
                                    <h4>{i18n.tr(AuditKey::Before)}</h4>
                                    <pre>{b}</pre>
                                </div>
                            }
                        })}
                    {after
                        .map(|a| {
                            view! {
                                <div>
                                    <h4>{i18n.tr(AuditKey::After)}</h4>
                                    <pre>{a}</pre>
                                </div>
                            }
                        })}
                </div>
            </details>
        }
    });
    view! {
        <tr data-testid="audit-row" title=entry.hash.clone()>
            <td class="mono">{entry.id}</td>
            <td class="nowrap">{format_shanghai(entry.created_at)}</td>
            <td>{actor}</td>
            <td class="mono">{entry.action.clone()}</td>
            <td class="mono">{entity}</td>
            <td>{details}</td>
        </tr>
    }
}

/// "Verify chain" and its outcome: valid, entries checked, first invalid entry, signed
/// checkpoints checked and the first one the chain no longer matches.
#[component]
fn VerifyChain() -> impl IntoView {
    let i18n = use_i18n();
    let verify = Action::new_local(|_: &()| api::verify_audit());
    let pending = verify.pending();
    let outcome = move || {
        verify.value().get().map(
            |result: Result<AuditVerificationDto, ApiError>| match result {
                Ok(v) => {
                    let valid = v.valid;
                    view! {
                    <div
                        class="verify-result"
                        class:ok=valid
                        class:broken=!valid
                        data-testid="audit-verify-result"
                        data-valid=valid.to_string()
                    >
                        <strong>
                            {move || i18n.t(if valid { AuditKey::ChainValid } else { AuditKey::ChainBroken })}
                        </strong>
                        <span>{i18n.tr(AuditKey::Checked)} ": " {v.checked}</span>
                        {v
                            .first_invalid
                            .map(|seq| {
                                view! {
                                    <span data-testid="audit-first-invalid">
                                        {i18n.tr(AuditKey::FirstInvalid)} ": #" {seq}
                                    </span>
                                }
                            })}
                        <span data-testid="audit-checkpoints">
                            {i18n.tr(AuditKey::Checkpoints)} ": " {v.checkpoints}
                        </span>
                        {v
                            .checkpoint_mismatch
                            .map(|seq| {
                                view! {
                                    <span data-testid="audit-checkpoint-mismatch">
                                        {i18n.tr(AuditKey::CheckpointMismatch)} ": #" {seq}
                                    </span>
                                }
                            })}
                        {v
                            .checkpoint_error
                            .map(|error| {
                                view! {
                                    <span data-testid="audit-checkpoint-error">
                                        {i18n.tr(AuditKey::CheckpointError)} ": " {error}
                                    </span>
                                }
                            })}
                    </div>
                }
                .into_any()
                }
                Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
            },
        )
    };
    view! {
        <div class="verify">
            <button
                type="button"
                data-testid="audit-verify"
                disabled=move || pending.get()
                on:click=move |_| {
                    verify.dispatch(());
                }
            >
                {move || i18n.t(if pending.get() { AuditKey::Verifying } else { AuditKey::VerifyChain })}
            </button>
            {outcome}
        </div>
    }
}
