//! The teacher form: registering a person as a teacher (list page) and changing a teacher's
//! profile (their page, sending the `version` it was loaded at). Checked on submit with
//! `TeacherProfile::try_from`, the server's own parse. Qualification is not entered: the server
//! computes it (Art. 13) and the answer shows it.

use cebase_domain::FieldError;
use cebase_domain::master::{
    TeacherDto, TeacherProfile, TeacherProfileRequest, TeacherRequest, UpdateTeacherRequest,
};
use cebase_domain::teacher::{Degree, Employment, TitleLevel};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::form::{TextArea, TextField, optional_text};
use crate::components::picker::{PickFrom, RecordPicker};
use crate::components::problem::{FieldErrors, SaveProblem, save_field_errors};
use crate::components::select::EnumSelect;
use crate::i18n::{I18n, Key, PersonKey, TeacherKey, use_i18n};

#[component]
pub fn TeacherForm(
    /// The teacher being changed; `None` to register one.
    #[prop(optional)]
    existing: Option<RwSignal<TeacherDto>>,
    on_saved: Callback<TeacherDto>,
    #[prop(optional)] on_reload: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = existing.map(|e| e.get_untracked());
    let text = |f: fn(&TeacherDto) -> Option<String>| {
        RwSignal::new(initial.as_ref().and_then(f).unwrap_or_default())
    };
    let field = text(|t| t.field.clone());
    let affiliation = text(|t| t.affiliation.clone());
    let experience = text(|t| t.teaching_experience.clone());
    let employment = RwSignal::new(
        initial
            .as_ref()
            .map_or(Employment::PartTime, |t| t.employment),
    );
    let degree = RwSignal::new(initial.as_ref().map_or(Degree::None, |t| t.degree));
    let title_level = RwSignal::new(initial.as_ref().map_or(TitleLevel::None, |t| t.title_level));
    let attested = RwSignal::new(initial.as_ref().is_some_and(|t| t.leader_attested));
    let person = RwSignal::new(None::<uuid::Uuid>);
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let created = RwSignal::new(None::<TeacherDto>);

    let reset = move || {
        for s in [field, affiliation, experience] {
            s.set(String::new());
        }
        attested.set(false);
        person.set(None);
    };
    let save = Action::new_local(move |profile: &TeacherProfileRequest| {
        let profile = profile.clone();
        async move {
            let result = match existing {
                Some(current) => {
                    let update = UpdateTeacherRequest {
                        profile,
                        version: current.get_untracked().version,
                    };
                    api::update_teacher(current.get_untracked().id, &update).await
                }
                None => match person.get_untracked() {
                    Some(person_id) => {
                        api::create_teacher(&TeacherRequest { person_id, profile }).await
                    }
                    None => return,
                },
            };
            match result {
                Ok(teacher) => {
                    field_errors.set(Vec::new());
                    match existing {
                        Some(current) => {
                            current.set(teacher.clone());
                            saved.set(true);
                        }
                        None => {
                            reset();
                            created.set(Some(teacher.clone()));
                        }
                    }
                    on_saved.run(teacher);
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
        let profile = TeacherProfileRequest {
            employment: employment.get_untracked(),
            degree: degree.get_untracked(),
            title_level: title_level.get_untracked(),
            field: optional_text(&field.get_untracked()),
            affiliation: optional_text(&affiliation.get_untracked()),
            teaching_experience: optional_text(&experience.get_untracked()),
            leader_attested: attested.get_untracked(),
        };
        let mut errors = TeacherProfile::try_from(profile.clone())
            .err()
            .unwrap_or_default();
        if existing.is_none() && person.get_untracked().is_none() {
            errors.insert(0, FieldError::new("person_id", "required", "required"));
        }
        let ok = errors.is_empty();
        field_errors.set(errors);
        if ok {
            save.dispatch(profile);
        }
    };
    let on_reload = on_reload.unwrap_or_else(|| Callback::new(|()| {}));
    let title_key = if existing.is_some() {
        TeacherKey::EditTeacher
    } else {
        TeacherKey::CreateTeacher
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="teacher-form" novalidate>
            <h2>{i18n.tr(title_key)}</h2>
            {existing
                .is_none()
                .then(|| {
                    view! {
                        <div class="field">
                            <label for="teacher-person">{i18n.tr(Key::Person)}</label>
                            <RecordPicker
                                from=PickFrom::People
                                selected=person
                                id="teacher-person"
                                placeholder=TeacherKey::ChoosePerson
                            />
                            <FieldErrors errors=field_errors field="person_id" />
                        </div>
                    }
                })}
            <div class="field">
                <label for="teacher-employment">{i18n.tr(TeacherKey::Employment)}</label>
                <EnumSelect
                    id="teacher-employment"
                    value=employment
                    options=Employment::ALL
                    label=I18n::employment
                />
            </div>
            <div class="field">
                <label for="teacher-degree">{i18n.tr(PersonKey::Degree)}</label>
                <EnumSelect id="teacher-degree" value=degree options=Degree::ALL label=I18n::degree />
            </div>
            <div class="field">
                <label for="teacher-title-level">{i18n.tr(PersonKey::TitleLevel)}</label>
                <EnumSelect
                    id="teacher-title-level"
                    value=title_level
                    options=TitleLevel::ALL
                    label=I18n::title_level
                />
            </div>
            <TextField
                id="teacher-field"
                label=PersonKey::Field
                value=field
                field="field"
                errors=field_errors
                optional=true
            />
            <TextField
                id="teacher-affiliation"
                label=TeacherKey::Affiliation
                value=affiliation
                field="affiliation"
                errors=field_errors
                optional=true
            />
            <TextArea
                id="teacher-experience"
                label=TeacherKey::TeachingExperience
                value=experience
                field="teaching_experience"
                errors=field_errors
                optional=true
            />
            <div class="field">
                <label class="check">
                    <input
                        type="checkbox"
                        id="teacher-attested"
                        data-testid="teacher-attested"
                        prop:checked=move || attested.get()
                        on:change=move |ev| attested.set(event_target_checked(&ev))
                    />
                    {i18n.tr(TeacherKey::LeaderAttestedHint)}
                </label>
            </div>
            <SaveProblem error on_reload />
            <Show when=move || saved.get()>
                <p class="notice success" data-testid="teacher-saved">
                    {i18n.tr(Key::Saved)}
                </p>
            </Show>
            {move || {
                created
                    .get()
                    .map(|t| {
                        view! {
                            <p class="notice success" data-testid="teacher-created">
                                {move || i18n.created(&t.person_name)}
                                " "
                                <A href=format!("/teachers/{}", t.id)>{i18n.tr(Key::Open)}</A>
                            </p>
                        }
                    })
            }}
            <button
                type="submit"
                class="primary"
                data-testid="teacher-submit"
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
