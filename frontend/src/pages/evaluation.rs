//! Evaluation of a class (Art. 11, 16): the questionnaire editor for staff on the class page
//! (while the class is planned), the aggregated results for staff and the class's teachers
//! (per question and per teacher; the free texts for staff only — never who answered what), and
//! the trainee's form under "my classes" (ratings 1–5 and a free text, once per enrolment).

mod answer;
mod questionnaire;
mod summary;

pub use answer::MyEvaluations;

use cebase_domain::Role;
use cebase_domain::class::ClassStatus;
use cebase_domain::reports::RatingItem;
use leptos::prelude::*;
use uuid::Uuid;

use crate::i18n::{EvaluationKey, use_i18n};
use crate::pages::class_reports::ClassReportPanel;
use crate::session::use_session;

use questionnaire::QuestionnaireEditor;
use summary::SummaryCard;

/// What the class page shows below the schedule for evaluation and reporting: the
/// questionnaire (staff), the results (staff; teachers of the class) and the summary report
/// (those who read reports, once the class is completed).
#[component]
pub fn ClassEvaluation(class_id: Uuid, #[prop(into)] status: Signal<ClassStatus>) -> impl IntoView {
    let session = use_session();
    let roles = session.role_set();
    let manages = roles
        .as_ref()
        .is_some_and(|r| cebase_domain::access::Operation::ManageEvaluations.allows(r));
    let reads_reports = roles
        .as_ref()
        .is_some_and(|r| cebase_domain::access::Operation::ReadClassReports.allows(r));
    let teaches = session.has_role(Role::Teacher);
    let answered = move || {
        matches!(
            status.get(),
            ClassStatus::InProgress | ClassStatus::Completed | ClassStatus::Reported
        )
    };
    let finished = move || matches!(status.get(), ClassStatus::Completed | ClassStatus::Reported);
    let watch = Signal::derive(move || status.get().to_string());
    view! {
        <Show when=move || reads_reports && finished()>
            <ClassReportPanel class_id watch />
        </Show>
        <Show when=move || (manages || teaches) && answered()>
            <SummaryCard class_id />
        </Show>
        {manages.then(|| view! { <QuestionnaireEditor class_id status /> })}
    }
}

/// A question's label in the current language: the default template's questions are
/// translated, a class's own questions are shown as written.
fn item_label(i18n: crate::i18n::I18n, item: &RatingItem) -> String {
    i18n.question_label(&item.key, &item.label)
}

/// The messages of one field whose name is built at run time (`items[2].label`,
/// `ratings.content`), next to its input (`field-error-{field}`).
#[component]
fn ErrorsFor(errors: Signal<Vec<cebase_domain::FieldError>>, field: String) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let messages: Vec<String> = errors.with(|all| {
            all.iter()
                .filter(|e| e.field == field)
                .map(|e| {
                    if e.code == "pattern" && e.field.ends_with(".key") {
                        i18n.t(EvaluationKey::QuestionKeyPattern).to_owned()
                    } else {
                        i18n.field_error(e)
                    }
                })
                .collect()
        });
        (!messages.is_empty()).then(|| {
            view! {
                <span class="field-error" data-testid=format!("field-error-{field}")>
                    {messages.join(" ")}
                </span>
            }
        })
    }
}
