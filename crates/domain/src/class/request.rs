//! The requests and the response of the class endpoints, and how a request becomes
//! [`ClassData`].

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ClassData, ClassKind, ClassStatus, DeliveryForm, MAX_CAPACITY, TransitionAction};
use crate::FieldError;
use crate::learning::CompletionRules;
use crate::money::Fen;
use crate::validation::{Checks, Text, optional};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::fixtures::{class, codes, date, request};

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
}
