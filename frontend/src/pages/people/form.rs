//! The person form, for adding one (list page) and changing one (their page). The identity
//! document number is checked as it is typed with the domain's own parser (GB 11643-1999 for a
//! resident ID: shape, birth date, check character), and on submit every field is checked by
//! `PersonData::try_from`, the same parse the server applies; the server stays the authority
//! (a duplicate document comes back as a 409 next to the number).

use cebase_domain::FieldError;
use cebase_domain::identity::{IdDocument, IdDocumentKind};
use cebase_domain::master::{
    PersonData, PersonDto, PersonRegistrationDto, PersonRequest, UpdatePersonRequest,
};
use cebase_domain::teacher::{Degree, TitleLevel};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiError, Registered};
use crate::components::form::{TextField, optional_text, set_field_error};
use crate::components::picker::{PickFrom, RecordPicker};
use crate::components::problem::{FieldErrors, SaveProblem, save_field_errors};
use crate::components::select::EnumSelect;
use crate::i18n::{FieldKey, I18n, Key, OrgKey, PersonKey, use_i18n};

/// The document's own check while typing: for a resident ID silent until 18 characters (or
/// leaving the field); other documents only when leaving it.
fn check_document(kind: IdDocumentKind, raw: &str, finished: bool) -> Option<FieldError> {
    let number = raw.trim();
    let complete = kind == IdDocumentKind::ResidentId && number.chars().count() >= 18;
    if number.is_empty() || !(finished || complete) {
        return None;
    }
    IdDocument::parse(kind, number, "id_number").err()
}

#[component]
pub fn PersonForm(
    /// The person being changed (its `version` is sent back); `None` to add one.
    #[prop(optional)]
    existing: Option<RwSignal<PersonDto>>,
    on_saved: Callback<PersonDto>,
    /// An organisation contact's request was filed as a registration for staff to decide.
    #[prop(optional)]
    on_filed: Option<Callback<PersonRegistrationDto>>,
    #[prop(optional)] on_reload: Option<Callback<()>>,
    /// An organisation contact adding a colleague ("my people"): the server records their own
    /// organisation as the employer and links no login account, so neither is asked for.
    #[prop(optional)]
    own_organisation: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = existing.map(|e| e.get_untracked());
    let text = |f: fn(&PersonDto) -> Option<String>| {
        RwSignal::new(initial.as_ref().and_then(f).unwrap_or_default())
    };
    let name = text(|p| Some(p.name.clone()));
    // Staff and admin (the only writers) read one person with the number in full.
    let id_number = text(|p| (!p.id_number_masked).then(|| p.id_number.clone()));
    let title = text(|p| p.title.clone());
    let field = text(|p| p.field.clone());
    let phone = text(|p| p.phone.clone());
    let email = text(|p| p.email.clone());
    let user_id = text(|p| p.user_id.map(|u| u.to_string()));
    let id_kind = RwSignal::new(
        initial
            .as_ref()
            .map_or(IdDocumentKind::ResidentId, |p| p.id_kind),
    );
    let title_level = RwSignal::new(initial.as_ref().map_or(TitleLevel::None, |p| p.title_level));
    let degree = RwSignal::new(initial.as_ref().map_or(Degree::None, |p| p.degree));
    let employer = RwSignal::new(initial.as_ref().and_then(|p| p.employer_id));
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let created = RwSignal::new(None::<PersonDto>);
    let filed = RwSignal::new(None::<PersonRegistrationDto>);

    let reset = move || {
        for s in [name, id_number, title, field, phone, email, user_id] {
            s.set(String::new());
        }
        employer.set(None);
    };
    let save = Action::new_local(move |request: &PersonRequest| {
        let request = request.clone();
        async move {
            let result = match existing {
                Some(current) => {
                    let update = UpdatePersonRequest {
                        person: request,
                        version: current.get_untracked().version,
                    };
                    api::update_person(current.get_untracked().id, &update)
                        .await
                        .map(Registered::Person)
                }
                None => api::create_person(&request).await,
            };
            match result {
                Ok(Registered::Person(person)) => {
                    field_errors.set(Vec::new());
                    match existing {
                        Some(current) => {
                            current.set(person.clone());
                            saved.set(true);
                        }
                        None => {
                            reset();
                            created.set(Some(person.clone()));
                        }
                    }
                    on_saved.run(person);
                }
                Ok(Registered::Registration(registration)) => {
                    field_errors.set(Vec::new());
                    reset();
                    filed.set(Some(registration.clone()));
                    if let Some(on_filed) = on_filed {
                        on_filed.run(registration);
                    }
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
        filed.set(None);
        let mut errors = Vec::new();
        let user = optional_text(&user_id.get_untracked());
        let parsed_user = match user.as_deref().map(Uuid::parse_str) {
            None => None,
            Some(Ok(id)) => Some(id),
            Some(Err(_)) => {
                errors.push(FieldError::new("user_id", "invalid_uuid", "not a UUID"));
                None
            }
        };
        let request = PersonRequest {
            name: name.get_untracked().trim().to_owned(),
            id_kind: id_kind.get_untracked(),
            id_number: id_number.get_untracked().trim().to_owned(),
            employer_id: employer.get_untracked(),
            title: optional_text(&title.get_untracked()),
            title_level: title_level.get_untracked(),
            field: optional_text(&field.get_untracked()),
            degree: degree.get_untracked(),
            phone: optional_text(&phone.get_untracked()),
            email: optional_text(&email.get_untracked()),
            user_id: parsed_user,
        };
        if let Err(found) = PersonData::try_from(request.clone()) {
            errors.extend(found);
        }
        let ok = errors.is_empty();
        field_errors.set(errors);
        if ok {
            save.dispatch(request);
        }
    };
    let number_ok = move || {
        id_number.with(|n| {
            id_kind.get() == IdDocumentKind::ResidentId
                && IdDocument::parse(IdDocumentKind::ResidentId, n, "id_number").is_ok()
        })
    };
    let on_reload = on_reload.unwrap_or_else(|| Callback::new(|()| {}));
    let title_key = if existing.is_some() {
        PersonKey::EditPerson
    } else {
        PersonKey::CreatePerson
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="person-form" novalidate>
            <h2>{i18n.tr(title_key)}</h2>
            <TextField id="person-name" label=PersonKey::PersonName value=name field="name" errors=field_errors />
            <div class="field">
                <label for="person-id-kind">{i18n.tr(PersonKey::IdKind)}</label>
                <div
                    class="contents"
                    on:change=move |_| {
                        let n = id_number.get_untracked();
                        set_field_error(
                            field_errors,
                            "id_number",
                            check_document(id_kind.get_untracked(), &n, true),
                        );
                    }
                >
                    <EnumSelect
                        id="person-id-kind"
                        value=id_kind
                        options=IdDocumentKind::ALL
                        label=I18n::id_kind
                    />
                </div>
            </div>
            <div class="field">
                <label for="person-id-number">{i18n.tr(PersonKey::IdNumber)}</label>
                <input
                    id="person-id-number"
                    data-testid="person-id-number"
                    class="mono"
                    autocomplete="off"
                    maxlength="32"
                    prop:value=move || id_number.get()
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        set_field_error(
                            field_errors,
                            "id_number",
                            check_document(id_kind.get_untracked(), &value, false),
                        );
                        id_number.set(value);
                    }
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        set_field_error(
                            field_errors,
                            "id_number",
                            check_document(id_kind.get_untracked(), &value, true),
                        );
                    }
                />
                <FieldErrors errors=field_errors field="id_number" />
                <Show when=number_ok>
                    <span class="field-ok" data-testid="person-id-number-ok">
                        "✓ "
                        {i18n.tr(FieldKey::Valid)}
                    </span>
                </Show>
            </div>
            <div class="field" class:hidden=own_organisation>
                <label for="person-employer">
                    {i18n.tr(PersonKey::Employer)}
                    <span class="muted small">{i18n.tr(Key::Optional)}</span>
                </label>
                <RecordPicker
                    from=PickFrom::Organisations
                    selected=employer
                    id="person-employer"
                    placeholder=OrgKey::OrganisationSearch
                />
                <FieldErrors errors=field_errors field="employer_id" />
            </div>
            <TextField
                id="person-title"
                label=PersonKey::ProfessionalTitle
                value=title
                field="title"
                errors=field_errors
                placeholder=PersonKey::ProfessionalTitleHint
                optional=true
            />
            <div class="field">
                <label for="person-title-level">{i18n.tr(PersonKey::TitleLevel)}</label>
                <EnumSelect
                    id="person-title-level"
                    value=title_level
                    options=TitleLevel::ALL
                    label=I18n::title_level
                />
            </div>
            <TextField
                id="person-field"
                label=PersonKey::Field
                value=field
                field="field"
                errors=field_errors
                optional=true
            />
            <div class="field">
                <label for="person-degree">{i18n.tr(PersonKey::Degree)}</label>
                <EnumSelect id="person-degree" value=degree options=Degree::ALL label=I18n::degree />
            </div>
            <TextField
                id="person-phone"
                label=PersonKey::Phone
                value=phone
                field="phone"
                errors=field_errors
                optional=true
                kind="tel"
            />
            <TextField
                id="person-email"
                label=PersonKey::Email
                value=email
                field="email"
                errors=field_errors
                optional=true
                kind="email"
            />
            <Show when=move || !own_organisation>
                <TextField
                    id="person-user-id"
                    label=PersonKey::UserAccount
                    value=user_id
                    field="user_id"
                    errors=field_errors
                    placeholder=PersonKey::UserAccountHint
                    optional=true
                />
            </Show>
            <SaveProblem error on_reload />
            <Show when=move || saved.get()>
                <p class="notice success" data-testid="person-saved">
                    {i18n.tr(Key::Saved)}
                </p>
            </Show>
            {move || {
                created
                    .get()
                    .map(|p| {
                        view! {
                            <p class="notice success" data-testid="person-created">
                                {move || i18n.created(&p.name)}
                                " "
                                <A href=format!("/people/{}", p.id)>{i18n.tr(Key::Open)}</A>
                            </p>
                        }
                    })
            }}
            {move || {
                filed
                    .get()
                    .map(|r| {
                        view! {
                            <p class="notice success" data-testid="person-registered">
                                <strong>{r.name}</strong>
                                " "
                                {i18n.tr(PersonKey::RegistrationFiled)}
                            </p>
                        }
                    })
            }}
            <button
                type="submit"
                class="primary"
                data-testid="person-submit"
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
        </form>
    }
}
