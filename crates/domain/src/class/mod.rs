//! Training classes (培训班, Art. 5, 11, 12, 18): what is taught to whom, where, when, for how
//! many and at what fee, with the syllabus (教学大纲), logistics (教材和食宿) and completion
//! rules ([`data`], [`request`]), and their lifecycle ([`lifecycle`]):
//! `planned → open → in_progress → completed → reported`; `cancelled` from any state before
//! `completed`, with a reason. Transitions consume the state and return the next one or an error
//! that names the refused move.
//!
//! [`TransitionAction`] is what `POST /classes/{id}/transitions` accepts. `complete` does more
//! than change the state: the handler evaluates every enrolment against the completion rules
//! ([`crate::training::evaluate_class`]) and writes the outcomes and learning records in the
//! same transaction. `mark_reported` arrives with the class summary report (Art. 18).
//!
//! The class's data types are also re-exported by [`crate::training`], beside the other training
//! resources.

pub mod data;
pub mod lifecycle;
pub mod request;

pub use data::*;
pub use lifecycle::*;
pub use request::*;

/// A valid class request and a class built from it, for the tests of this module.
#[cfg(test)]
pub(crate) mod fixtures {
    use chrono::{DateTime, NaiveDate};
    use uuid::Uuid;

    use super::*;
    use crate::FieldError;
    use crate::learning::CompletionRules;

    pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    pub(crate) fn request() -> ClassRequest {
        ClassRequest {
            title: "人工智能工程技术人员高级研修班".into(),
            kind: ClassKind::Seminar,
            commissioning_organisation_id: None,
            form: DeliveryForm::FaceToFace,
            start_date: date(2026, 3, 2),
            end_date: date(2026, 3, 6),
            location: Some("继续教育学院 201 室".into()),
            capacity: 40,
            fee_fen: 280_000,
            syllabus: Some("一、机器学习基础\n二、大模型应用".into()),
            logistics: None,
            completion_rules: CompletionRules {
                min_attendance_percent: 80,
                assessment_required: true,
            },
            open_enrolment: true,
            plan_item_id: None,
        }
    }

    pub(crate) fn class(status: ClassStatus, enrolled: u32) -> TrainingClass {
        TrainingClass {
            id: Uuid::nil(),
            data: ClassData::try_from(request()).expect("valid"),
            status,
            cancel_reason: None,
            enrolled_count: enrolled,
            schedule: ScheduleSummary::default(),
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    pub(crate) fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }
}
