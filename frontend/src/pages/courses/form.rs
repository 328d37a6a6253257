//! The course form, for adding one (list page) and changing one (its page, sending the
//! `version` it was loaded at). Credit hours are checked as the server does
//! (`CourseData::try_from`: greater than 0, at most 1000, one decimal place).

use cebase_domain::FieldError;
use cebase_domain::learning::CourseCategory;
use cebase_domain::master::{CourseData, CourseDto, CourseRequest, UpdateCourseRequest};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::form::{TextArea, TextField, optional_text};
use crate::components::problem::{SaveProblem, save_field_errors};
use crate::components::select::EnumSelect;
use crate::i18n::{CourseKey, I18n, Key, use_i18n};

/// Credit hours as typed (`1.5`, also with a decimal comma `1,5`); `None` if not a number.
fn parse_hours(raw: &str) -> Option<f64> {
    raw.trim().replace(',', ".").parse::<f64>().ok()
}

#[component]
pub fn CourseForm(
    #[prop(optional)] existing: Option<RwSignal<CourseDto>>,
    on_saved: Callback<CourseDto>,
    #[prop(optional)] on_reload: Option<Callback<()>>,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = existing.map(|e| e.get_untracked());
    let title = RwSignal::new(
        initial
            .as_ref()
            .map(|c| c.title.clone())
            .unwrap_or_default(),
    );
    let hours = RwSignal::new(
        initial
            .as_ref()
            .map(|c| c.credit_hours.to_string())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        initial
            .as_ref()
            .and_then(|c| c.description.clone())
            .unwrap_or_default(),
    );
    let category = RwSignal::new(
        initial
            .as_ref()
            .map_or(CourseCategory::Professional, |c| c.category),
    );
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let created = RwSignal::new(None::<CourseDto>);

    let save = Action::new_local(move |request: &CourseRequest| {
        let request = request.clone();
        async move {
            let result = match existing {
                Some(current) => {
                    let update = UpdateCourseRequest {
                        course: request,
                        version: current.get_untracked().version,
                    };
                    api::update_course(current.get_untracked().id, &update).await
                }
                None => api::create_course(&request).await,
            };
            match result {
                Ok(course) => {
                    field_errors.set(Vec::new());
                    match existing {
                        Some(current) => {
                            current.set(course.clone());
                            saved.set(true);
                        }
                        None => {
                            title.set(String::new());
                            hours.set(String::new());
                            description.set(String::new());
                            created.set(Some(course.clone()));
                        }
                    }
                    on_saved.run(course);
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
        let typed = hours.get_untracked();
        let parsed = parse_hours(&typed);
        let request = CourseRequest {
            title: title.get_untracked().trim().to_owned(),
            category: category.get_untracked(),
            // Not a number: the other fields are still checked, the hours reported below.
            credit_hours: parsed.unwrap_or(1.0),
            description: optional_text(&description.get_untracked()),
        };
        let mut errors = CourseData::try_from(request.clone())
            .err()
            .unwrap_or_default();
        match (typed.trim().is_empty(), parsed) {
            (true, _) => errors.push(FieldError::new("credit_hours", "required", "required")),
            (false, None) => errors.push(FieldError::new("credit_hours", "number", "not a number")),
            _ => {}
        }
        let ok = errors.is_empty();
        field_errors.set(errors);
        if ok {
            save.dispatch(request);
        }
    };
    let on_reload = on_reload.unwrap_or_else(|| Callback::new(|()| {}));
    let title_key = match (existing.is_some(), readonly) {
        (_, true) => CourseKey::CourseDetails,
        (true, false) => CourseKey::EditCourse,
        (false, false) => CourseKey::CreateCourse,
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="course-form" novalidate>
            <h2>{i18n.tr(title_key)}</h2>
            {readonly
                .then(|| view! { <p class="notice warning">{i18n.tr(Key::ReadOnlyNotice)}</p> })}
            <fieldset class="plain" disabled=readonly>
                <TextField
                    id="course-title"
                    label=CourseKey::CourseName
                    value=title
                    field="title"
                    errors=field_errors
                />
                <div class="field">
                    <label for="course-category">{i18n.tr(CourseKey::Category)}</label>
                    <EnumSelect
                        id="course-category"
                        value=category
                        options=CourseCategory::ALL
                        label=I18n::course_category
                    />
                </div>
                <TextField
                    id="course-hours"
                    label=CourseKey::CreditHours
                    value=hours
                    field="credit_hours"
                    errors=field_errors
                    placeholder=CourseKey::CreditHoursHint
                />
                <TextArea
                    id="course-description"
                    label=CourseKey::Description
                    value=description
                    field="description"
                    errors=field_errors
                    optional=true
                />
            </fieldset>
            <SaveProblem error on_reload />
            <Show when=move || saved.get()>
                <p class="notice success" data-testid="course-saved">
                    {i18n.tr(Key::Saved)}
                </p>
            </Show>
            {move || {
                created
                    .get()
                    .map(|c| {
                        view! {
                            <p class="notice success" data-testid="course-created">
                                {move || i18n.created(&c.title)}
                                " "
                                <A href=format!("/courses/{}", c.id)>{i18n.tr(Key::Open)}</A>
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
                            data-testid="course-submit"
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
