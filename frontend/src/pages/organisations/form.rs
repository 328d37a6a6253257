//! The organisation form, for creating one (list page) and changing one (its page). The unified
//! social credit code is checked as it is typed with the domain's own GB 32100-2015 parser; on
//! submit every field is checked by `OrganisationData::try_from`, the same parse the server
//! applies (the server stays the authority: a taken code comes back as a 409 next to the field).

use cebase_domain::FieldError;
use cebase_domain::credit_code::CreditCode;
use cebase_domain::master::{
    OrganisationData, OrganisationDto, OrganisationKind, OrganisationRequest,
    UpdateOrganisationRequest,
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::form::{TextField, optional_text, set_field_error};
use crate::components::names::remember_organisation;
use crate::components::problem::{FieldErrors, SaveProblem, save_field_errors};
use crate::components::select::EnumSelect;
use crate::i18n::{FieldKey, I18n, Key, OrgKey, use_i18n};

/// The credit code's own check while typing: silent until 18 characters (or leaving the field).
fn check_credit_code(raw: &str, finished: bool) -> Option<FieldError> {
    let code = raw.trim();
    if code.is_empty() || (!finished && code.chars().count() < 18) {
        return None;
    }
    CreditCode::parse(code, "credit_code").err()
}

#[component]
pub fn OrganisationForm(
    /// The organisation being changed (its `version` is sent back); `None` to create one.
    #[prop(optional)]
    existing: Option<RwSignal<OrganisationDto>>,
    /// Called with the organisation as the server answered.
    on_saved: Callback<OrganisationDto>,
    /// Reloads the organisation after a version conflict.
    #[prop(optional)]
    on_reload: Option<Callback<()>>,
    /// Shows the values without offering to change them.
    #[prop(optional)]
    readonly: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = existing.map(|e| e.get_untracked());
    let text = |f: fn(&OrganisationDto) -> Option<String>| {
        RwSignal::new(initial.as_ref().and_then(f).unwrap_or_default())
    };
    let name = text(|o| Some(o.name.clone()));
    let credit_code = text(|o| Some(o.credit_code.clone()));
    let contact_name = text(|o| o.contact_name.clone());
    let contact_phone = text(|o| o.contact_phone.clone());
    let contact_email = text(|o| o.contact_email.clone());
    let kind = RwSignal::new(
        initial
            .as_ref()
            .map_or(OrganisationKind::Enterprise, |o| o.kind),
    );
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let created = RwSignal::new(None::<OrganisationDto>);

    let reset = move || {
        for s in [
            name,
            credit_code,
            contact_name,
            contact_phone,
            contact_email,
        ] {
            s.set(String::new());
        }
    };
    let save = Action::new_local(move |request: &OrganisationRequest| {
        let request = request.clone();
        async move {
            let result = match existing {
                Some(current) => {
                    let update = UpdateOrganisationRequest {
                        organisation: request,
                        version: current.get_untracked().version,
                    };
                    api::update_organisation(current.get_untracked().id, &update).await
                }
                None => api::create_organisation(&request).await,
            };
            match result {
                Ok(organisation) => {
                    remember_organisation(&organisation);
                    field_errors.set(Vec::new());
                    match existing {
                        Some(current) => {
                            current.set(organisation.clone());
                            saved.set(true);
                        }
                        None => {
                            reset();
                            created.set(Some(organisation.clone()));
                        }
                    }
                    on_saved.run(organisation);
                }
                Err(e) => {
                    field_errors.set(save_field_errors(&e));
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = save.pending();

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        error.set(None);
        saved.set(false);
        created.set(None);
        let request = OrganisationRequest {
            name: name.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            credit_code: credit_code.get_untracked().trim().to_owned(),
            contact_name: optional_text(&contact_name.get_untracked()),
            contact_phone: optional_text(&contact_phone.get_untracked()),
            contact_email: optional_text(&contact_email.get_untracked()),
        };
        match OrganisationData::try_from(request.clone()) {
            Ok(_) => {
                field_errors.set(Vec::new());
                save.dispatch(request);
            }
            Err(errors) => field_errors.set(errors),
        }
    };
    let code_ok = move || credit_code.with(|c| CreditCode::parse(c, "credit_code").is_ok());
    let on_reload = on_reload.unwrap_or_else(|| Callback::new(|()| {}));
    let title = match (existing.is_some(), readonly) {
        (_, true) => OrgKey::OrganisationDetails,
        (true, false) => OrgKey::EditOrganisation,
        (false, false) => OrgKey::CreateOrganisation,
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="org-form" novalidate>
            <h2>{i18n.tr(title)}</h2>
            {readonly
                .then(|| view! { <p class="notice warning">{i18n.tr(Key::ReadOnlyNotice)}</p> })}
            <fieldset class="plain" disabled=readonly>
                <TextField id="org-name" label=OrgKey::OrgName value=name field="name" errors=field_errors />
                <div class="field">
                    <label for="org-kind">{i18n.tr(OrgKey::OrgKind)}</label>
                    <EnumSelect
                        id="org-kind"
                        value=kind
                        options=OrganisationKind::ALL
                        label=I18n::organisation_kind
                    />
                </div>
                <div class="field">
                    <label for="org-credit-code">{i18n.tr(OrgKey::CreditCode)}</label>
                    <input
                        id="org-credit-code"
                        data-testid="org-credit-code"
                        class="mono"
                        autocomplete="off"
                        maxlength="18"
                        placeholder=i18n.tr(OrgKey::CreditCodeHint)
                        prop:value=move || credit_code.get()
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            set_field_error(field_errors, "credit_code", check_credit_code(&value, false));
                            credit_code.set(value);
                        }
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            set_field_error(field_errors, "credit_code", check_credit_code(&value, true));
                        }
                    />
                    <FieldErrors errors=field_errors field="credit_code" />
                    <Show when=code_ok>
                        <span class="field-ok" data-testid="org-credit-code-ok">
                            "✓ "
                            {i18n.tr(FieldKey::Valid)}
                        </span>
                    </Show>
                </div>
                <TextField
                    id="org-contact-name"
                    label=OrgKey::ContactName
                    value=contact_name
                    field="contact_name"
                    errors=field_errors
                    optional=true
                />
                <TextField
                    id="org-contact-phone"
                    label=OrgKey::ContactPhone
                    value=contact_phone
                    field="contact_phone"
                    errors=field_errors
                    optional=true
                    kind="tel"
                />
                <TextField
                    id="org-contact-email"
                    label=OrgKey::ContactEmail
                    value=contact_email
                    field="contact_email"
                    errors=field_errors
                    optional=true
                    kind="email"
                />
            </fieldset>
            <SaveProblem error on_reload />
            <Show when=move || saved.get()>
                <p class="notice success" data-testid="org-saved">
                    {i18n.tr(Key::Saved)}
                </p>
            </Show>
            {move || {
                created
                    .get()
                    .map(|o| {
                        view! {
                            <p class="notice success" data-testid="org-created">
                                {move || i18n.created(&o.name)}
                                " "
                                <A href=format!("/organisations/{}", o.id)>{i18n.tr(Key::Open)}</A>
                            </p>
                        }
                    })
            }}
            {(!readonly)
                .then(|| {
                    view! {
                        <button
                            type="submit"
                            class="primary"
                            data-testid="org-submit"
                            disabled=move || pending.get()
                        >
                            {move || {
                                i18n.t(
                                    match (pending.get(), existing.is_some()) {
                                        (true, _) => Key::Saving,
                                        (false, true) => Key::Save,
                                        (false, false) => Key::Create,
                                    },
                                )
                            }}
                        </button>
                    }
                })}
        </form>
    }
}
