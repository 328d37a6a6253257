//! The data of a class: its kind and form, the validated details, and the stored class.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ClassDto, ClassStatus, TransitionAction};
use crate::FieldError;
use crate::learning::{CompletionRules, CreditTenths};
use crate::money::Fen;
use crate::text_enum::text_enum;
use crate::validation::{Checks, Text};

/// Kind of class (Art. 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClassKind {
    /// 培训班.
    TrainingClass,
    /// 研修班.
    Seminar,
    /// 进修班.
    AdvancedStudy,
    /// 国家重大专项.
    MajorProject,
    /// 交流活动.
    Exchange,
}

text_enum!(ClassKind {
    TrainingClass => "training_class",
    Seminar => "seminar",
    AdvancedStudy => "advanced_study",
    MajorProject => "major_project",
    Exchange => "exchange",
});

/// Form of delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryForm {
    /// 面授.
    FaceToFace,
    /// 网络.
    Online,
    /// 混合.
    Blended,
}

text_enum!(DeliveryForm {
    FaceToFace => "face_to_face",
    Online => "online",
    Blended => "blended",
});

impl DeliveryForm {
    /// Whether trainees meet somewhere, so the class needs a location.
    pub fn needs_location(self) -> bool {
        matches!(self, DeliveryForm::FaceToFace | DeliveryForm::Blended)
    }
}

/// The most trainees one class may take.
pub const MAX_CAPACITY: u32 = 10_000;

/// The validated details of a class: everything staff edit with `PUT /classes/{id}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassData {
    pub title: Text,
    pub kind: ClassKind,
    /// The organisation that commissioned the class (委托单位), if any (must exist; checked by
    /// the server). Its contacts may enrol their people even when enrolment is not open.
    pub commissioning_organisation_id: Option<Uuid>,
    pub form: DeliveryForm,
    pub start_date: NaiveDate,
    /// Never before `start_date`.
    pub end_date: NaiveDate,
    /// Required for face-to-face and blended classes.
    pub location: Option<Text>,
    /// 1 to [`MAX_CAPACITY`]; never below the number enrolled.
    pub capacity: u32,
    /// Fee per trainee.
    pub fee: Fen,
    /// 教学大纲.
    pub syllabus: Option<Text>,
    /// Teaching materials, board and lodging (教材和食宿).
    pub logistics: Option<Text>,
    pub completion_rules: CompletionRules,
    /// Trainees may enrol themselves and every organisation contact may enrol their people;
    /// otherwise only staff and the commissioning organisation's contacts enrol.
    pub open_enrolment: bool,
    /// The annual-plan item the class implements (Art. 8), if any (must exist; checked by the
    /// server).
    pub plan_item_id: Option<Uuid>,
}

/// The size of a class's schedule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScheduleSummary {
    pub sessions: u32,
    pub credit_hours: CreditTenths,
}

/// A stored class.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingClass {
    pub id: Uuid,
    pub data: ClassData,
    pub status: ClassStatus,
    /// Why the class was cancelled; set exactly when it is.
    pub cancel_reason: Option<Text>,
    /// Active enrolments; never above the capacity.
    pub enrolled_count: u32,
    pub schedule: ScheduleSummary,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl ClassData {
    /// Whether `date` lies within the class's dates.
    pub fn covers(&self, date: NaiveDate) -> bool {
        (self.start_date..=self.end_date).contains(&date)
    }
}

/// Why the details of a class cannot be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClassUpdateError {
    /// Completed, reported and cancelled classes are history.
    NotEditable(ClassStatus),
    /// The new details do not fit what the class already holds.
    Invalid(Vec<FieldError>),
}

impl TrainingClass {
    pub fn seats_left(&self) -> u32 {
        self.data.capacity.saturating_sub(self.enrolled_count)
    }

    /// Checks replacing the details with `new`: only until the class is completed or cancelled,
    /// never below the number already enrolled, and with dates that still hold every session
    /// (`scheduled`: the first and last session dates, if there are sessions).
    pub fn check_update(
        &self,
        new: &ClassData,
        scheduled: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<(), ClassUpdateError> {
        if !self.status.details_editable() {
            return Err(ClassUpdateError::NotEditable(self.status));
        }
        let mut c = Checks::default();
        if new.capacity < self.enrolled_count {
            c.push(FieldError::new(
                "capacity",
                "below_enrolled",
                format!(
                    "{} trainees are enrolled; the capacity cannot be lower",
                    self.enrolled_count
                ),
            ));
        }
        if let Some((first, last)) = scheduled {
            if first < new.start_date {
                c.push(FieldError::new(
                    "start_date",
                    "sessions_outside",
                    format!("a session is scheduled on {first}, before the new start date"),
                ));
            }
            if last > new.end_date {
                c.push(FieldError::new(
                    "end_date",
                    "sessions_outside",
                    format!("a session is scheduled on {last}, after the new end date"),
                ));
            }
        }
        c.finish().map_err(ClassUpdateError::Invalid)
    }

    /// The details `new` as they replace this class's: a request that left `plan_item_id` out
    /// (`plan_item_sent` false) keeps the class's link to its plan item; `null` removes it.
    pub fn updated_data(&self, mut new: ClassData, plan_item_sent: bool) -> ClassData {
        if !plan_item_sent {
            new.plan_item_id = self.data.plan_item_id;
        }
        new
    }

    pub fn to_dto(&self) -> ClassDto {
        let d = &self.data;
        let text = |t: &Option<Text>| t.as_ref().map(|v| v.as_ref().to_owned());
        ClassDto {
            id: self.id,
            title: d.title.as_ref().to_owned(),
            kind: d.kind,
            commissioning_organisation_id: d.commissioning_organisation_id,
            form: d.form,
            start_date: d.start_date,
            end_date: d.end_date,
            location: text(&d.location),
            capacity: d.capacity,
            enrolled_count: self.enrolled_count,
            seats_left: self.seats_left(),
            fee_fen: d.fee.fen(),
            syllabus: text(&d.syllabus),
            logistics: text(&d.logistics),
            completion_rules: d.completion_rules,
            open_enrolment: d.open_enrolment,
            plan_item_id: d.plan_item_id,
            status: self.status,
            cancel_reason: text(&self.cancel_reason),
            allowed_actions: TransitionAction::allowed_from(self.status),
            session_count: self.schedule.sessions,
            scheduled_credit_hours: self.schedule.credit_hours.as_hours(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The state recorded in the audit trail's before/after.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::ClassRequest;
    use crate::class::fixtures::{class, codes, date, request};

    #[test]
    fn an_update_keeps_the_enrolled_and_the_scheduled() {
        let c = class(ClassStatus::Open, 30);
        let smaller = ClassData::try_from(ClassRequest {
            capacity: 29,
            start_date: date(2026, 3, 3),
            end_date: date(2026, 3, 4),
            ..request()
        })
        .expect("valid");
        match c.check_update(&smaller, Some((date(2026, 3, 2), date(2026, 3, 6)))) {
            Err(ClassUpdateError::Invalid(errors)) => assert_eq!(
                codes(&errors),
                vec![
                    ("capacity", "below_enrolled"),
                    ("start_date", "sessions_outside"),
                    ("end_date", "sessions_outside"),
                ]
            ),
            other => panic!("{other:?}"),
        }
        assert!(c.check_update(&smaller, None).is_err(), "capacity alone");
        let same = ClassData::try_from(request()).expect("valid");
        assert_eq!(
            c.check_update(&same, Some((date(2026, 3, 2), date(2026, 3, 6)))),
            Ok(())
        );
        assert_eq!(
            class(ClassStatus::InProgress, 30).check_update(&same, None),
            Ok(())
        );
        for closed in [
            ClassStatus::Completed,
            ClassStatus::Reported,
            ClassStatus::Cancelled,
        ] {
            assert_eq!(
                class(closed, 0).check_update(&same, None),
                Err(ClassUpdateError::NotEditable(closed))
            );
        }
    }

    #[test]
    fn an_update_that_leaves_the_plan_item_out_keeps_the_link() {
        let item = Uuid::from_u128(7);
        let mut c = class(ClassStatus::Open, 30);
        c.data.plan_item_id = Some(item);
        let new = ClassData::try_from(request()).expect("valid");
        assert_eq!(new.plan_item_id, None);
        assert_eq!(c.updated_data(new.clone(), false).plan_item_id, Some(item));
        assert_eq!(
            c.updated_data(new.clone(), true).plan_item_id,
            None,
            "null removes it"
        );
        let other = ClassData {
            plan_item_id: Some(Uuid::from_u128(8)),
            ..new
        };
        assert_eq!(
            c.updated_data(other, true).plan_item_id,
            Some(Uuid::from_u128(8))
        );
    }
}
