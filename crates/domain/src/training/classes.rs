//! Training classes (Art. 5, 11, 12): what is taught to whom, where, when, for how many and at
//! what fee, with the syllabus (教学大纲), logistics (教材和食宿) and completion rules, and the
//! lifecycle moves the API offers ([`TransitionAction`]).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::class::{ClassStatus, TransitionAction, TransitionError};
use crate::learning::{CompletionRules, CreditTenths};
use crate::master::{Checks, Text, optional};
use crate::money::Fen;
use crate::text_enum::text_enum;

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

/// Body of `POST /classes` (and, with `version`, of `PUT /classes/{id}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassRequest {
    /// 1–200 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "人工智能工程技术人员高级研修班")
    )]
    pub title: String,
    pub kind: ClassKind,
    /// The commissioning organisation (委托单位), if any.
    #[serde(default)]
    pub commissioning_organisation_id: Option<Uuid>,
    pub form: DeliveryForm,
    pub start_date: NaiveDate,
    /// On or after `start_date`.
    pub end_date: NaiveDate,
    /// Up to 200 characters; required for `face_to_face` and `blended` classes.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "北京市海淀区学院路 37 号 继续教育学院 201 室")
    )]
    pub location: Option<String>,
    /// 1–10 000 trainees.
    #[cfg_attr(feature = "openapi", schema(example = 40))]
    pub capacity: i64,
    /// Fee per trainee in fen (1 yuan = 100 fen), 0 or more.
    #[cfg_attr(feature = "openapi", schema(example = 280000))]
    pub fee_fen: i64,
    /// Syllabus (教学大纲), up to 20 000 characters.
    #[serde(default)]
    pub syllabus: Option<String>,
    /// Teaching materials, board and lodging (教材和食宿), up to 4000 characters.
    #[serde(default)]
    pub logistics: Option<String>,
    pub completion_rules: CompletionRules,
    /// Trainees may enrol themselves (once the class is open) and any organisation contact may
    /// enrol their organisation's people. Default `false`: only staff and the commissioning
    /// organisation's contacts enrol.
    #[serde(default)]
    pub open_enrolment: bool,
    /// The annual-plan item (Art. 8) the class implements. Optional: on `PUT`, leaving it out
    /// keeps the current link and `null` removes it.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub plan_item_id: Option<Option<Uuid>>,
}

/// A field that is present in the body (possibly `null`), as opposed to left out.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<Uuid>>, D::Error> {
    Option::<Uuid>::deserialize(d).map(Some)
}

/// Body of `PUT /classes/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateClassRequest {
    #[serde(flatten)]
    pub class: ClassRequest,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// Body of `POST /classes/{id}/transitions`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassTransitionRequest {
    pub action: TransitionAction,
    /// Why: required for `cancel` (up to 2000 characters) and stored as `cancel_reason`;
    /// not used by the other actions.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "受台风影响，无法按期举办"))]
    pub reason: Option<String>,
}

/// A class as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassDto {
    pub id: Uuid,
    pub title: String,
    pub kind: ClassKind,
    pub commissioning_organisation_id: Option<Uuid>,
    pub form: DeliveryForm,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub location: Option<String>,
    pub capacity: u32,
    /// Active enrolments; never above `capacity`.
    pub enrolled_count: u32,
    pub seats_left: u32,
    /// Fee per trainee in fen (1 yuan = 100 fen).
    #[cfg_attr(feature = "openapi", schema(example = 280000))]
    pub fee_fen: i64,
    pub syllabus: Option<String>,
    pub logistics: Option<String>,
    pub completion_rules: CompletionRules,
    pub open_enrolment: bool,
    /// The annual-plan item (Art. 8) the class implements.
    pub plan_item_id: Option<Uuid>,
    pub status: ClassStatus,
    pub cancel_reason: Option<String>,
    /// What `POST /classes/{id}/transitions` accepts now.
    pub allowed_actions: Vec<TransitionAction>,
    /// Sessions in the teaching schedule.
    pub session_count: u32,
    /// Credit hours of all sessions together (one decimal place).
    #[cfg_attr(feature = "openapi", schema(example = 24.5))]
    pub scheduled_credit_hours: f64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl TryFrom<ClassRequest> for ClassData {
    type Error = Vec<FieldError>;

    fn try_from(r: ClassRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        let title = c.check(Text::line(&r.title, "title", 200));
        let location = c.check(optional(r.location.as_deref(), |v| {
            Text::line(v, "location", 200)
        }));
        if r.form.needs_location() && matches!(location, Some(None)) {
            c.push(FieldError::new(
                "location",
                "required",
                "a face-to-face or blended class needs a location",
            ));
        }
        if r.end_date < r.start_date {
            c.push(FieldError::new(
                "end_date",
                "before_start",
                "the class cannot end before it starts",
            ));
        }
        let capacity = c.check(
            u32::try_from(r.capacity)
                .ok()
                .filter(|n| (1..=MAX_CAPACITY).contains(n))
                .ok_or_else(|| {
                    FieldError::new(
                        "capacity",
                        "range",
                        format!("between 1 and {MAX_CAPACITY} trainees"),
                    )
                }),
        );
        let fee = c.check(Fen::parse(r.fee_fen, "fee_fen"));
        let syllabus = c.check(optional(r.syllabus.as_deref(), |v| {
            Text::paragraphs(v, "syllabus", 20_000)
        }));
        let logistics = c.check(optional(r.logistics.as_deref(), |v| {
            Text::paragraphs(v, "logistics", 4000)
        }));
        let completion_rules = c.check(r.completion_rules.check("completion_rules"));
        let (
            Some(title),
            Some(location),
            Some(capacity),
            Some(fee),
            Some(syllabus),
            Some(logistics),
            Some(completion_rules),
        ) = (
            title,
            location,
            capacity,
            fee,
            syllabus,
            logistics,
            completion_rules,
        )
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            title,
            kind: r.kind,
            commissioning_organisation_id: r.commissioning_organisation_id,
            form: r.form,
            start_date: r.start_date,
            end_date: r.end_date,
            location,
            capacity,
            fee,
            syllabus,
            logistics,
            completion_rules,
            open_enrolment: r.open_enrolment,
            plan_item_id: r.plan_item_id.flatten(),
        })
    }
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

/// The result of a lifecycle move.
#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub status: ClassStatus,
    pub cancel_reason: Option<Text>,
}

/// Why a lifecycle move was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefusal {
    #[error(
        "a class that is {from} cannot {action}; allowed now: {}",
        allowed_list(allowed)
    )]
    NotAllowed {
        from: ClassStatus,
        action: TransitionAction,
        allowed: Vec<TransitionAction>,
    },
    /// The reason is missing (for `cancel`) or malformed.
    #[error("{}", .0.message)]
    Invalid(FieldError),
}

fn allowed_list(allowed: &[TransitionAction]) -> String {
    if allowed.is_empty() {
        "nothing (the class is closed)".into()
    } else {
        allowed
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
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

    /// Applies a lifecycle action. `reason` is required for `cancel` (1–2000 characters) and
    /// kept as the cancel reason; the other actions ignore it.
    pub fn transition(
        &self,
        action: TransitionAction,
        reason: Option<&str>,
    ) -> Result<Transition, TransitionRefusal> {
        let reason = optional(reason, |v| Text::paragraphs(v, "reason", 2000))
            .map_err(TransitionRefusal::Invalid)?;
        match self
            .status
            .apply(action.into(), reason.as_ref().map(AsRef::as_ref))
        {
            Ok(status) => Ok(Transition {
                status,
                cancel_reason: if action == TransitionAction::Cancel {
                    reason
                } else {
                    self.cancel_reason.clone()
                },
            }),
            Err(TransitionError::ReasonRequired) => Err(TransitionRefusal::Invalid(
                FieldError::new("reason", "required", "cancelling a class needs a reason"),
            )),
            Err(TransitionError::NotAllowed { from, .. }) => Err(TransitionRefusal::NotAllowed {
                from,
                action,
                allowed: TransitionAction::allowed_from(from),
            }),
        }
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

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
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

    fn class(status: ClassStatus, enrolled: u32) -> TrainingClass {
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

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_valid_class_parses_and_shows_its_money_in_fen() {
        let c = class(ClassStatus::Planned, 3);
        assert_eq!(c.data.fee.fen(), 280_000);
        let dto = c.to_dto();
        assert_eq!(
            (dto.capacity, dto.enrolled_count, dto.seats_left),
            (40, 3, 37)
        );
        assert_eq!(
            dto.allowed_actions,
            vec![TransitionAction::Open, TransitionAction::Cancel]
        );
        assert_eq!(
            serde_json::to_value(&dto).expect("json")["fee_fen"],
            serde_json::json!(280_000)
        );
        assert!(c.data.covers(date(2026, 3, 6)));
        assert!(!c.data.covers(date(2026, 3, 7)));
    }

    #[test]
    fn every_failing_field_is_named() {
        let errors = ClassData::try_from(ClassRequest {
            title: " ".into(),
            location: None,
            end_date: date(2026, 3, 1),
            capacity: 0,
            fee_fen: -1,
            completion_rules: CompletionRules {
                min_attendance_percent: 120,
                assessment_required: false,
            },
            ..request()
        })
        .expect_err("invalid");
        assert_eq!(
            codes(&errors),
            vec![
                ("title", "required"),
                ("location", "required"),
                ("end_date", "before_start"),
                ("capacity", "range"),
                ("fee_fen", "range"),
                ("completion_rules.min_attendance_percent", "range"),
            ]
        );
        // Online classes need no place; a one-day class is fine; the capacity has a ceiling.
        assert!(
            ClassData::try_from(ClassRequest {
                form: DeliveryForm::Online,
                location: None,
                end_date: date(2026, 3, 2),
                ..request()
            })
            .is_ok()
        );
        let too_big = ClassData::try_from(ClassRequest {
            capacity: i64::from(MAX_CAPACITY) + 1,
            ..request()
        })
        .expect_err("too many");
        assert_eq!(codes(&too_big), vec![("capacity", "range")]);
    }

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
    fn transitions_name_the_state_and_what_is_allowed() {
        let planned = class(ClassStatus::Planned, 0);
        assert_eq!(
            planned.transition(TransitionAction::Open, Some("ignored")),
            Ok(Transition {
                status: ClassStatus::Open,
                cancel_reason: None
            })
        );
        let refused = planned
            .transition(TransitionAction::Start, None)
            .expect_err("not yet open");
        assert_eq!(
            refused,
            TransitionRefusal::NotAllowed {
                from: ClassStatus::Planned,
                action: TransitionAction::Start,
                allowed: vec![TransitionAction::Open, TransitionAction::Cancel],
            }
        );
        assert_eq!(
            refused.to_string(),
            "a class that is planned cannot start; allowed now: open, cancel"
        );
        let cancelled = class(ClassStatus::Cancelled, 0)
            .transition(TransitionAction::Open, None)
            .expect_err("closed");
        assert!(cancelled.to_string().contains("allowed now: nothing"));
    }

    #[test]
    fn cancelling_needs_a_reason_which_is_kept() {
        let open = class(ClassStatus::Open, 2);
        for blank in [None, Some("  ")] {
            assert_eq!(
                open.transition(TransitionAction::Cancel, blank),
                Err(TransitionRefusal::Invalid(FieldError::new(
                    "reason",
                    "required",
                    "cancelling a class needs a reason"
                )))
            );
        }
        let long = "因".repeat(2001);
        assert!(matches!(
            open.transition(TransitionAction::Cancel, Some(&long)),
            Err(TransitionRefusal::Invalid(e)) if e.code == "length"
        ));
        let done = open
            .transition(TransitionAction::Cancel, Some(" 台风 "))
            .expect("cancelled");
        assert_eq!(done.status, ClassStatus::Cancelled);
        assert_eq!(done.cancel_reason.as_ref().map(AsRef::as_ref), Some("台风"));
    }
}
