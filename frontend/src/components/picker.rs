//! Choosing a referenced record (an employer, the person behind a teacher) by searching for it:
//! type part of the name, pick one of the first matches. The chosen record is shown by name with
//! a button to clear the choice.

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, OrganisationQuery, PeopleQuery};
use crate::components::names::organisation_name;
use crate::components::problem::ProblemView;
use crate::i18n::{Key, Text, use_i18n};

/// Where the picker searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickFrom {
    Organisations,
    People,
}

/// How many matches are offered.
const MATCHES: u32 = 8;

/// A match: the record's id, its name and a distinguishing detail (credit code, masked ID).
#[derive(Debug, Clone, PartialEq)]
struct Match {
    id: Uuid,
    name: String,
    detail: String,
}

async fn search(from: PickFrom, q: String) -> Result<Vec<Match>, api::ApiError> {
    Ok(match from {
        PickFrom::Organisations => {
            let query = OrganisationQuery {
                q: Some(q),
                limit: MATCHES,
                ..OrganisationQuery::default()
            };
            api::list_organisations(&query)
                .await?
                .items
                .into_iter()
                .map(|o| Match {
                    id: o.id,
                    name: o.name,
                    detail: o.credit_code,
                })
                .collect()
        }
        PickFrom::People => {
            let query = PeopleQuery {
                q: Some(q),
                limit: MATCHES,
                ..PeopleQuery::default()
            };
            api::list_people(&query)
                .await?
                .items
                .into_iter()
                .map(|p| Match {
                    id: p.id,
                    name: p.name,
                    detail: p.id_number,
                })
                .collect()
        }
    })
}

async fn name_of(from: PickFrom, id: Uuid) -> Option<String> {
    match from {
        PickFrom::Organisations => organisation_name(id).await,
        PickFrom::People => api::get_person(id).await.ok().map(|p| p.name),
    }
}

/// The search box `{id}`, its matches `{id}-option` and, once chosen, the choice `{id}-chosen`
/// with the button `{id}-clear`.
#[component]
pub fn RecordPicker(
    from: PickFrom,
    selected: RwSignal<Option<Uuid>>,
    /// The input's id and the prefix of the test ids.
    id: &'static str,
    #[prop(into)] placeholder: Text,
    /// Called after the choice changed.
    #[prop(optional)]
    on_change: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = RwSignal::new(String::new());
    // The name of the chosen record, as picked (or looked up when the choice came from outside).
    let chosen_name = RwSignal::new(None::<(Uuid, String)>);
    let looked_up = LocalResource::new(move || {
        let wanted = selected.get();
        let known = chosen_name.get_untracked();
        async move {
            let id = wanted?;
            match known {
                Some((known_id, name)) if known_id == id => Some(name),
                _ => name_of(from, id).await,
            }
        }
    });
    let matches = LocalResource::new(move || {
        let q = query.get().trim().to_owned();
        async move {
            if q.is_empty() {
                Ok(Vec::new())
            } else {
                search(from, q).await
            }
        }
    });
    let changed = move || {
        if let Some(callback) = on_change {
            callback.run(());
        }
    };
    let choose = move |m: Match| {
        chosen_name.set(Some((m.id, m.name)));
        selected.set(Some(m.id));
        query.set(String::new());
        changed();
    };

    view! {
        <div class="picker">
            {move || match selected.get() {
                Some(_) => {
                    let name = move || {
                        looked_up.get().flatten().unwrap_or_else(|| "…".to_owned())
                    };
                    view! {
                        <div class="picker-chosen">
                            <span class="chip" data-testid=format!("{id}-chosen")>
                                {name}
                            </span>
                            <button
                                type="button"
                                class="button-small"
                                data-testid=format!("{id}-clear")
                                on:click=move |_| {
                                    selected.set(None);
                                    chosen_name.set(None);
                                    changed();
                                }
                            >
                                {i18n.tr(Key::ClearSelection)}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <input
                            type="search"
                            id=id
                            data-testid=id
                            autocomplete="off"
                            placeholder=i18n.tr(placeholder)
                            bind:value=query
                        />
                        <Show when=move || !query.with(|q| q.trim().is_empty())>
                            <ul class="picker-matches" data-testid=format!("{id}-matches")>
                                {move || {
                                    matches
                                        .get()
                                        .map(|answer| match answer {
                                            Ok(found) if found.is_empty() => {
                                                view! {
                                                    <li class="muted">{i18n.tr(Key::NoMatches)}</li>
                                                }
                                                    .into_any()
                                            }
                                            Ok(found) => {
                                                found
                                                    .into_iter()
                                                    .map(|m| {
                                                        let label = m.name.clone();
                                                        let detail = m.detail.clone();
                                                        view! {
                                                            <li>
                                                                <button
                                                                    type="button"
                                                                    class="picker-option"
                                                                    data-testid=format!("{id}-option")
                                                                    on:click=move |_| choose(m.clone())
                                                                >
                                                                    <span>{label}</span>
                                                                    <span class="muted mono small">{detail}</span>
                                                                </button>
                                                            </li>
                                                        }
                                                    })
                                                    .collect_view()
                                                    .into_any()
                                            }
                                            Err(error) => {
                                                view! {
                                                    <li>
                                                        <ProblemView error=Some(error) />
                                                    </li>
                                                }
                                                    .into_any()
                                            }
                                        })
                                }}
                            </ul>
                        </Show>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
