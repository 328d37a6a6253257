//! The class form, for creating one (list page) and changing one (its page, sending the
//! `version` it was loaded at). The fee is typed in yuan and sent as whole fen; the input is
//! checked as the server does (`ClassData::try_from`) before sending.

use cebase_domain::FieldError;
use cebase_domain::learning::CompletionRules;
use cebase_domain::training::{
    ClassData, ClassDto, ClassKind, ClassRequest, DeliveryForm, UpdateClassRequest,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::form::{TextArea, TextField, optional_text};
use crate::components::picker::{PickFrom, RecordPicker};
use crate::components::problem::{FieldErrors, SaveProblem, save_field_errors};
use crate::components::select::EnumSelect;
use crate::i18n::{ClassKey, I18n, Key, OrgKey, use_i18n};

/// A fee typed in yuan (`2800`, `2800.5`, `2,800.50`, decimal comma) as whole fen; `None` when
/// it is not an amount with at most two decimals.
pub fn parse_yuan(raw: &str) -> Option<i64> {
    let raw = raw.trim().replace([',', '，', ' '], "");
    let raw = raw.strip_prefix('¥').unwrap_or(&raw);
    let (whole, cents) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.is_empty() && cents.is_empty()
        || cents.len() > 2
        || !whole
            .chars()
            .chain(cents.chars())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i64 = format!("{cents:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(cents)
}

/// Whole fen as typed yuan: `280000` → `2800`, `280050` → `2800.50`.
pub fn fen_to_input(fen: i64) -> String {
    if fen % 100 == 0 {
        (fen / 100).to_string()
    } else {
        format!("{}.{:02}", fen / 100, fen % 100)
    }
}

fn parse_date(raw: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()
}

#[component]
pub fn ClassForm(
    #[prop(optional)] existing: Option<RwSignal<ClassDto>>,
    on_saved: Callback<ClassDto>,
    #[prop(optional)] on_reload: Option<Callback<()>>,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let initial = existing.map(|e| e.get_untracked());
    let init = |f: fn(&ClassDto) -> String| initial.as_ref().map(f).unwrap_or_default();
    let title = RwSignal::new(init(|c| c.title.clone()));
    let kind = RwSignal::new(
        initial
            .as_ref()
            .map_or(ClassKind::TrainingClass, |c| c.kind),
    );
    let organisation = RwSignal::new(
        initial
            .as_ref()
            .and_then(|c| c.commissioning_organisation_id),
    );
    let form = RwSignal::new(
        initial
            .as_ref()
            .map_or(DeliveryForm::FaceToFace, |c| c.form),
    );
    let start = RwSignal::new(init(|c| c.start_date.to_string()));
    let end = RwSignal::new(init(|c| c.end_date.to_string()));
    let location = RwSignal::new(init(|c| c.location.clone().unwrap_or_default()));
    let capacity = RwSignal::new(init(|c| c.capacity.to_string()));
    let fee = RwSignal::new(init(|c| fen_to_input(c.fee_fen)));
    let syllabus = RwSignal::new(init(|c| c.syllabus.clone().unwrap_or_default()));
    let logistics = RwSignal::new(init(|c| c.logistics.clone().unwrap_or_default()));
    let min_attendance = RwSignal::new(initial.as_ref().map_or("80".to_owned(), |c| {
        c.completion_rules.min_attendance_percent.to_string()
    }));
    let assessment = RwSignal::new(
        initial
            .as_ref()
            .is_some_and(|c| c.completion_rules.assessment_required),
    );
    let open_enrolment = RwSignal::new(initial.as_ref().is_some_and(|c| c.open_enrolment));
    let field_errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let created = RwSignal::new(None::<ClassDto>);

    let save = Action::new_local(move |request: &ClassRequest| {
        let request = request.clone();
        async move {
            let result = match existing {
                Some(current) => {
                    let update = UpdateClassRequest {
                        class: request,
                        version: current.get_untracked().version,
                    };
                    api::update_class(current.get_untracked().id, &update).await
                }
                None => api::create_class(&request).await,
            };
            match result {
                Ok(class) => {
                    field_errors.set(Vec::new());
                    match existing {
                        Some(current) => {
                            current.set(class.clone());
                            saved.set(true);
                        }
                        None => {
                            title.set(String::new());
                            created.set(Some(class.clone()));
                        }
                    }
                    on_saved.run(class);
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
        let mut errors = Vec::new();
        let mut required_date = |raw: String, field: &'static str| match parse_date(&raw) {
            Some(d) => Some(d),
            None => {
                errors.push(FieldError::new(field, "required", "required"));
                None
            }
        };
        let start_date = required_date(start.get_untracked(), "start_date");
        let end_date = required_date(end.get_untracked(), "end_date");
        let fee_fen = parse_yuan(&fee.get_untracked());
        if fee_fen.is_none() {
            errors.push(FieldError::new("fee_fen", "range", "not an amount"));
        }
        let capacity_n = capacity.get_untracked().trim().parse::<i64>().ok();
        let percent = min_attendance.get_untracked().trim().parse::<u8>().ok();
        if percent.is_none() {
            errors.push(FieldError::new(
                "completion_rules.min_attendance_percent",
                "range",
                "0-100",
            ));
        }
        let fallback = NaiveDate::default();
        let request = ClassRequest {
            title: title.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            commissioning_organisation_id: organisation.get_untracked(),
            form: form.get_untracked(),
            start_date: start_date.unwrap_or(fallback),
            end_date: end_date.or(start_date).unwrap_or(fallback),
            location: optional_text(&location.get_untracked()),
            capacity: capacity_n.unwrap_or(0),
            fee_fen: fee_fen.unwrap_or(0),
            syllabus: optional_text(&syllabus.get_untracked()),
            logistics: optional_text(&logistics.get_untracked()),
            completion_rules: CompletionRules {
                min_attendance_percent: percent.unwrap_or(0),
                assessment_required: assessment.get_untracked(),
            },
            open_enrolment: open_enrolment.get_untracked(),
            // Left out: a `PUT` keeps the class's link to its plan item (set on the plan page).
            plan_item_id: None,
        };
        for e in ClassData::try_from(request.clone())
            .err()
            .unwrap_or_default()
        {
            if !errors.iter().any(|known| known.field == e.field) {
                errors.push(e);
            }
        }
        let ok = errors.is_empty();
        field_errors.set(errors);
        if ok {
            save.dispatch(request);
        }
    };
    let on_reload = on_reload.unwrap_or_else(|| Callback::new(|()| {}));
    let title_key = match (existing.is_some(), readonly) {
        (_, true) => ClassKey::ClassDetails,
        (true, false) => ClassKey::EditClass,
        (false, false) => ClassKey::CreateClass,
    };

    view! {
        <form class="card form" on:submit=on_submit data-testid="class-form" novalidate>
            <h2>{i18n.tr(title_key)}</h2>
            {readonly
                .then(|| view! { <p class="notice warning">{i18n.tr(Key::ReadOnlyNotice)}</p> })}
            <fieldset class="plain" disabled=readonly>
                <TextField
                    id="class-title"
                    label=ClassKey::ClassTitle
                    value=title
                    field="title"
                    errors=field_errors
                />
                <div class="field">
                    <label for="class-kind">{i18n.tr(ClassKey::ClassKindLabel)}</label>
                    <EnumSelect
                        id="class-kind"
                        value=kind
                        options=ClassKind::ALL
                        label=I18n::class_kind
                    />
                </div>
                <div class="field">
                    <label for="class-organisation">
                        {i18n.tr(ClassKey::CommissioningOrganisation)}
                        <span class="muted small">{i18n.tr(Key::Optional)}</span>
                    </label>
                    <RecordPicker
                        from=PickFrom::Organisations
                        selected=organisation
                        id="class-organisation"
                        placeholder=OrgKey::OrganisationSearch
                    />
                    <FieldErrors errors=field_errors field="commissioning_organisation_id" />
                </div>
                <div class="field">
                    <label for="class-form">{i18n.tr(ClassKey::DeliveryFormLabel)}</label>
                    <EnumSelect
                        id="class-form"
                        value=form
                        options=DeliveryForm::ALL
                        label=I18n::delivery_form
                    />
                </div>
                <div class="field-row">
                    <TextField
                        id="class-start"
                        label=Key::StartDate
                        value=start
                        field="start_date"
                        errors=field_errors
                        kind="date"
                    />
                    <TextField
                        id="class-end"
                        label=Key::EndDate
                        value=end
                        field="end_date"
                        errors=field_errors
                        kind="date"
                    />
                </div>
                <TextField
                    id="class-location"
                    label=ClassKey::Location
                    value=location
                    field="location"
                    errors=field_errors
                />
                <div class="field-row">
                    <TextField
                        id="class-capacity"
                        label=ClassKey::Capacity
                        value=capacity
                        field="capacity"
                        errors=field_errors
                        kind="number"
                    />
                    <TextField
                        id="class-fee"
                        label=ClassKey::FeeYuan
                        value=fee
                        field="fee_fen"
                        errors=field_errors
                        placeholder=ClassKey::FeeHint
                    />
                </div>
                <TextArea
                    id="class-syllabus"
                    label=ClassKey::Syllabus
                    value=syllabus
                    field="syllabus"
                    errors=field_errors
                    optional=true
                />
                <TextArea
                    id="class-logistics"
                    label=ClassKey::Logistics
                    value=logistics
                    field="logistics"
                    errors=field_errors
                    optional=true
                />
                <TextField
                    id="class-min-attendance"
                    label=ClassKey::MinAttendance
                    value=min_attendance
                    field="completion_rules.min_attendance_percent"
                    errors=field_errors
                    kind="number"
                />
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="class-assessment-required"
                        bind:checked=assessment
                    />
                    {i18n.tr(ClassKey::AssessmentRequired)}
                </label>
                <label class="check">
                    <input
                        type="checkbox"
                        data-testid="class-open-enrolment"
                        bind:checked=open_enrolment
                    />
                    {i18n.tr(ClassKey::OpenEnrolment)}
                </label>
            </fieldset>
            <SaveProblem error on_reload />
            <Show when=move || saved.get()>
                <p class="notice success" data-testid="class-saved">
                    {i18n.tr(Key::Saved)}
                </p>
            </Show>
            {move || {
                created
                    .get()
                    .map(|c| {
                        view! {
                            <p class="notice success" data-testid="class-created">
                                {move || i18n.created(&c.title)}
                                " "
                                <A
                                    href=format!("/classes/{}", c.id)
                                    attr:data-testid="class-created-link"
                                >
                                    {i18n.tr(Key::Open)}
                                </A>
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
                            data-testid="class-submit"
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
