//! The assessments (考试/考核, Art. 11) of a class: one tab per assessment with its grading
//! (`max_score` and `pass_mark`, or pass/fail) and, for whoever records results (staff, admin,
//! the class's teachers), its score entry grid ([`super::scores`]); the form that adds an
//! assessment for staff and admin until the class is completed or cancelled. Trainees,
//! organisation contacts, finance and reviewers see the list only — never the grid's controls.

use cebase_domain::FieldError;
use cebase_domain::class::ClassStatus;
use cebase_domain::training::{
    AssessmentDto, AssessmentKind, AssessmentRequest, ClassDto, ScoreTenths, Scoring,
};
use leptos::prelude::*;
use uuid::Uuid;

use super::scores::ScoreGrid;
use crate::api::{self, ApiError};
use crate::components::problem::ProblemView;
use crate::components::select::EnumSelect;
use crate::i18n::{I18n, Key, Lang, ScoreKey, use_i18n};

#[component]
pub fn AssessmentsPanel(
    class: RwSignal<ClassDto>,
    /// Staff and admin: may add assessments.
    manages: bool,
    /// Staff, admin and the class's teachers: see the score entry grid.
    records: bool,
    /// Bumped after results were saved (the completion review re-evaluates).
    results_saved: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class_id = class.get_untracked().id;
    let reloads = RwSignal::new(0u32);
    let list = LocalResource::new(move || {
        reloads.track();
        api::list_assessments(class_id)
    });
    let selected = RwSignal::new(None::<Uuid>);
    let status = Memo::new(move |_| class.with(|c| c.status));
    let may_add = move || {
        manages
            && !matches!(
                status.get(),
                ClassStatus::Completed | ClassStatus::Reported | ClassStatus::Cancelled
            )
    };
    let on_created = Callback::new(move |a: AssessmentDto| {
        selected.set(Some(a.id));
        reloads.update(|n| *n += 1);
    });
    view! {
        <div class="card" data-testid="class-assessments">
            <h2>{i18n.tr(ScoreKey::Assessments)}</h2>
            <Transition fallback=move || view! { <p class="muted">{i18n.tr(Key::Loading)}</p> }>
                {move || {
                    list.get()
                        .map(|answer| match answer {
                            Ok(page) => {
                                let items = page.items;
                                if selected.get_untracked().is_none() {
                                    selected.set(items.first().map(|a| a.id));
                                }
                                view! { <Tabs items selected records status results_saved /> }
                                    .into_any()
                            }
                            Err(error) => view! { <ProblemView error=Some(error) /> }.into_any(),
                        })
                }}
            </Transition>
            <Show when=may_add>
                <CreateAssessment class_id on_created />
            </Show>
        </div>
    }
}

/// How an assessment is graded, e.g. `满分 100，及格 60` or `合格/不合格`.
pub fn grading_text(i18n: &I18n, a: &AssessmentDto) -> String {
    match (a.scoring, a.max_score, a.pass_mark, i18n.lang()) {
        (Scoring::Scored, Some(max), Some(pass), Lang::Zh) => format!("满分 {max}，及格 {pass}"),
        (Scoring::Scored, Some(max), Some(pass), Lang::En) => {
            format!("max. {max}, pass mark {pass}")
        }
        _ => i18n.t(ScoreKey::PassFailGrading).to_owned(),
    }
}

pub fn kind_text(i18n: &I18n, kind: AssessmentKind) -> &'static str {
    match kind {
        AssessmentKind::Exam => i18n.t(ScoreKey::AssessmentExam),
        AssessmentKind::Assessment => i18n.t(ScoreKey::AssessmentAssessment),
    }
}

fn scoring_text(i18n: &I18n, scoring: Scoring) -> &'static str {
    match scoring {
        Scoring::Scored => i18n.t(ScoreKey::ScoringScored),
        Scoring::PassFail => i18n.t(ScoreKey::ScoringPassFail),
    }
}

#[component]
fn Tabs(
    items: Vec<AssessmentDto>,
    selected: RwSignal<Option<Uuid>>,
    records: bool,
    status: Memo<ClassStatus>,
    results_saved: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! {
            <p class="muted" data-testid="assessments-empty">{i18n.tr(ScoreKey::NoAssessments)}</p>
        }
        .into_any();
    }
    let tabs = items
        .iter()
        .cloned()
        .map(|a| {
            let id = a.id;
            let title = a.title.clone();
            view! {
                <button
                    type="button"
                    role="tab"
                    class="tab"
                    class:tab-current=move || selected.get() == Some(id)
                    aria-selected=move || (selected.get() == Some(id)).to_string()
                    data-testid=format!("assessment-tab-{title}")
                    on:click=move |_| selected.set(Some(id))
                >
                    <strong>{title.clone()}</strong>
                    <span class="muted small">
                        {move || format!("{} · {}", kind_text(&i18n, a.kind), grading_text(&i18n, &a))}
                    </span>
                </button>
            }
        })
        .collect_view();
    let current = move || {
        let id = selected.get()?;
        items.iter().find(|a| a.id == id).cloned()
    };
    view! {
        <div class="tabs" role="tablist" data-testid="assessment-tabs">{tabs}</div>
        {move || {
            current()
                .map(|assessment| {
                    if records {
                        view! { <ScoreGrid assessment status results_saved /> }.into_any()
                    } else {
                        view! {
                            <p class="muted small" data-testid="assessment-readonly">
                                {i18n.tr(ScoreKey::ResultsByTeachers)}
                            </p>
                        }
                            .into_any()
                    }
                })
        }}
    }
    .into_any()
}

/// An assessment's field errors in the current language (`title`, `max_score`, `pass_mark`,
/// `course_id`), with the limits of `cebase_domain::training`.
pub fn assessment_error(i18n: &I18n, e: &FieldError) -> String {
    let zh = i18n.lang() == Lang::Zh;
    match (e.field.as_str(), e.code.as_str()) {
        ("max_score", "range") => {
            if zh {
                "满分须为 0.1–1000。".to_owned()
            } else {
                "The maximum score is 0.1–1000.".to_owned()
            }
        }
        ("pass_mark", "range") => {
            if zh {
                "及格分须为 0–1000。".to_owned()
            } else {
                "The pass mark is 0–1000.".to_owned()
            }
        }
        (_, "above_max_score") => i18n.t(ScoreKey::PassMarkAboveMax).to_owned(),
        (_, "precision") => i18n.t(ScoreKey::ScorePrecision).to_owned(),
        (_, "number") => i18n.t(ScoreKey::ScoreNotANumber).to_owned(),
        _ => i18n.field_error(e),
    }
}

/// The messages of `field` among `errors`, translated by [`assessment_error`].
#[component]
fn Errors(#[prop(into)] errors: Signal<Vec<FieldError>>, field: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let messages: Vec<String> = errors.with(|all| {
            all.iter()
                .filter(|e| e.field == field)
                .map(|e| assessment_error(&i18n, e))
                .collect()
        });
        (!messages.is_empty()).then(|| {
            view! {
                <span class="field-error" data-testid=format!("assessment-error-{field}")>
                    {messages.join(" ")}
                </span>
            }
        })
    }
}

/// Parses a points input (`86.5`) as the API will: empty is `None`; otherwise a number with at
/// most one decimal place from `min` to `max` tenths.
pub fn parse_points(
    text: &str,
    field: &str,
    min: u32,
    max: u32,
) -> Result<Option<f64>, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let points: f64 = text
        .parse()
        .map_err(|_| FieldError::new(field, "number", "not a number"))?;
    ScoreTenths::parse(points, field, min, max).map(|s| Some(s.as_points()))
}

#[component]
fn CreateAssessment(class_id: Uuid, on_created: Callback<AssessmentDto>) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let title = RwSignal::new(String::new());
    let kind = RwSignal::new(AssessmentKind::Exam);
    let scoring = RwSignal::new(Scoring::Scored);
    let max_score = RwSignal::new("100".to_owned());
    let pass_mark = RwSignal::new("60".to_owned());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let error = RwSignal::new(None::<ApiError>);
    let create = Action::new_local(move |request: &AssessmentRequest| {
        let request = request.clone();
        async move {
            match api::create_assessment(class_id, &request).await {
                Ok(created) => {
                    error.set(None);
                    errors.set(Vec::new());
                    title.set(String::new());
                    open.set(false);
                    on_created.run(created);
                }
                Err(e) => {
                    errors.set(e.field_errors().to_vec());
                    error.set(Some(e));
                }
            }
        }
    });
    let pending = create.pending();
    let submit = move || {
        let limit = cebase_domain::training::MAX_SCORE_POINTS * 10;
        let scored = scoring.get_untracked() == Scoring::Scored;
        let mut found = Vec::new();
        let mut points = |value: RwSignal<String>, field: &str, min: u32| {
            if !scored {
                return None;
            }
            match parse_points(&value.get_untracked(), field, min, limit) {
                Ok(Some(p)) => Some(p),
                Ok(None) => {
                    found.push(FieldError::new(field, "required", "required"));
                    None
                }
                Err(e) => {
                    found.push(e);
                    None
                }
            }
        };
        let max = points(max_score, "max_score", 1);
        let pass = points(pass_mark, "pass_mark", 0);
        if let (Some(max), Some(pass)) = (max, pass)
            && pass > max
        {
            found.push(FieldError::new("pass_mark", "above_max_score", "above"));
        }
        if title.get_untracked().trim().is_empty() {
            found.push(FieldError::new("title", "required", "required"));
        }
        error.set(None);
        if !found.is_empty() {
            errors.set(found);
            return;
        }
        errors.set(Vec::new());
        create.dispatch(AssessmentRequest {
            title: title.get_untracked().trim().to_owned(),
            kind: kind.get_untracked(),
            course_id: None,
            scoring: scoring.get_untracked(),
            max_score: max,
            pass_mark: pass,
        });
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || {
                view! {
                    <button type="button" data-testid="assessment-add" on:click=move |_| open.set(true)>
                        {i18n.tr(ScoreKey::AddAssessment)}
                    </button>
                }
            }
        >
            <form
                class="form inline-form"
                data-testid="assessment-form"
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <div class="field">
                    <label for="assessment-title">{i18n.tr(ScoreKey::AssessmentTitle)}</label>
                    <input
                        id="assessment-title"
                        data-testid="assessment-title"
                        autocomplete="off"
                        placeholder=move || i18n.t(ScoreKey::AssessmentTitlePlaceholder)
                        bind:value=title
                    />
                    <Errors errors field="title" />
                </div>
                <div class="field">
                    <label for="assessment-kind">{i18n.tr(ScoreKey::AssessmentKindLabel)}</label>
                    <EnumSelect
                        id="assessment-kind"
                        value=kind
                        options=&[AssessmentKind::Exam, AssessmentKind::Assessment]
                        label=kind_text
                    />
                </div>
                <div class="field">
                    <label for="assessment-scoring">{i18n.tr(ScoreKey::ScoringLabel)}</label>
                    <EnumSelect
                        id="assessment-scoring"
                        value=scoring
                        options=&[Scoring::Scored, Scoring::PassFail]
                        label=scoring_text
                    />
                </div>
                <Show when=move || scoring.get() == Scoring::Scored>
                    <div class="field">
                        <label for="assessment-max">{i18n.tr(ScoreKey::MaxScore)}</label>
                        <input
                            id="assessment-max"
                            data-testid="assessment-max"
                            inputmode="decimal"
                            autocomplete="off"
                            bind:value=max_score
                        />
                        <Errors errors field="max_score" />
                    </div>
                    <div class="field">
                        <label for="assessment-pass">{i18n.tr(ScoreKey::PassMark)}</label>
                        <input
                            id="assessment-pass"
                            data-testid="assessment-pass"
                            inputmode="decimal"
                            autocomplete="off"
                            bind:value=pass_mark
                        />
                        <Errors errors field="pass_mark" />
                    </div>
                </Show>
                <ProblemView error />
                <div class="toolbar">
                    <button
                        type="submit"
                        class="primary"
                        data-testid="assessment-submit"
                        disabled=move || pending.get()
                    >
                        {i18n.tr(Key::Create)}
                    </button>
                    <button type="button" on:click=move |_| open.set(false)>
                        {i18n.tr(Key::Back)}
                    </button>
                </div>
            </form>
        </Show>
    }
}
