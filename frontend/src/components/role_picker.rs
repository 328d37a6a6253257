//! Choosing an account's roles: one checkbox per role and, when the reviewer role is ticked,
//! the authority the reviewer decides for (a reviewer has exactly one; nobody else has one).

use cebase_domain::{Authority, FieldError, Role};
use leptos::prelude::*;

use crate::components::problem::FieldErrors;
use crate::i18n::{UserKey, use_i18n};

/// Checkboxes `{id_prefix}-role-{role}` and the select `{id_prefix}-authority`.
#[component]
pub fn RolePicker(
    roles: RwSignal<Vec<Role>>,
    authority: RwSignal<Option<Authority>>,
    /// Prefix of the inputs' ids and test ids, unique on the page.
    id_prefix: &'static str,
    #[prop(into)] errors: Signal<Vec<FieldError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let is_reviewer = move || roles.with(|r| r.contains(&Role::Reviewer));
    let authority_id = format!("{id_prefix}-authority");

    let checkboxes = Role::ALL
        .into_iter()
        .map(|role| {
            let id = format!("{id_prefix}-role-{}", role.as_str());
            view! {
                <label class="check">
                    <input
                        type="checkbox"
                        id=id.clone()
                        data-testid=id
                        value=role.as_str()
                        prop:checked=move || roles.with(|r| r.contains(&role))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            roles.update(|r| {
                                r.retain(|x| *x != role);
                                if on {
                                    r.push(role);
                                    r.sort();
                                }
                            });
                            if role == Role::Reviewer && !on {
                                authority.set(None);
                            }
                        }
                    />
                    {move || i18n.role(role)}
                </label>
            }
        })
        .collect_view();

    let options = Authority::ALL
        .into_iter()
        .map(|a| {
            view! {
                <option value=a.as_str() selected=move || authority.get() == Some(a)>
                    {move || i18n.authority(a)}
                </option>
            }
        })
        .collect_view();

    view! {
        <fieldset class="role-picker">
            <legend>{i18n.tr(UserKey::Roles)}</legend>
            <div class="checks">{checkboxes}</div>
            <FieldErrors errors field="roles" />
        </fieldset>
        <div class="field" class:hidden=move || !is_reviewer()>
            <label for=authority_id.clone()>{i18n.tr(UserKey::ReviewerAuthority)}</label>
            <select
                id=authority_id.clone()
                data-testid=authority_id
                on:change=move |ev| authority.set(event_target_value(&ev).parse().ok())
            >
                <option value="" selected=move || authority.get().is_none()>
                    {i18n.tr(UserKey::ChooseAuthority)}
                </option>
                {options}
            </select>
            <FieldErrors errors field="reviewer_authority" />
        </div>
    }
}
