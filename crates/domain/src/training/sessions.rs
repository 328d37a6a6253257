//! The teaching schedule (教学日程) of a class: sessions with a date, a time, a course, a teacher
//! and credit hours. Dates and times are the base's local wall-clock (Asia/Shanghai), as on a
//! printed timetable. Whether the teacher may teach (Art. 13) is checked by the server against
//! the stored teacher record.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ClassData;
use crate::FieldError;
use crate::learning::{CourseCategory, CreditTenths};
use crate::validation::Checks;

/// The validated content of a session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionData {
    /// Within the class's dates.
    pub date: NaiveDate,
    pub start_time: NaiveTime,
    /// After `start_time`.
    pub end_time: NaiveTime,
    /// The course taught (must exist; checked by the server).
    pub course_id: Uuid,
    /// The teacher (must exist and be qualified under Art. 13; checked by the server).
    pub teacher_id: Uuid,
    pub credit_hours: CreditTenths,
}

/// A stored session with the names it is shown with.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSession {
    pub id: Uuid,
    pub class_id: Uuid,
    pub data: SessionData,
    pub course_title: String,
    pub course_category: CourseCategory,
    pub teacher_name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// Body of `POST /classes/{id}/sessions` (and, with `version`, of `PUT`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionRequest {
    /// Within the class's dates.
    pub date: NaiveDate,
    /// Local time (Asia/Shanghai), `HH:MM` or `HH:MM:SS`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "09:00"))]
    pub start_time: NaiveTime,
    /// After `start_time`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "11:30"))]
    pub end_time: NaiveTime,
    pub course_id: Uuid,
    /// A teacher qualified under Art. 13; an unqualified one is refused with
    /// `422 teacher_not_qualified`.
    pub teacher_id: Uuid,
    /// Greater than 0, at most 1000, at most one decimal place.
    #[cfg_attr(feature = "openapi", schema(example = 3.0))]
    pub credit_hours: f64,
}

/// Body of `PUT /classes/{id}/sessions/{session_id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateSessionRequest {
    #[serde(flatten)]
    pub session: SessionRequest,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// A session as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionDto {
    pub id: Uuid,
    pub class_id: Uuid,
    pub date: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "09:00:00"))]
    pub start_time: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "11:30:00"))]
    pub end_time: NaiveTime,
    pub course_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "人工智能伦理与治理"))]
    pub course_title: String,
    pub course_category: CourseCategory,
    pub teacher_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "李娜"))]
    pub teacher_name: String,
    #[cfg_attr(feature = "openapi", schema(example = 3.0))]
    pub credit_hours: f64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl SessionData {
    /// Parses a session of `class`, naming every failing field.
    pub fn parse(r: SessionRequest, class: &ClassData) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        if !class.covers(r.date) {
            c.push(FieldError::new(
                "date",
                "outside_class",
                format!(
                    "must be within the class dates, {} to {}",
                    class.start_date, class.end_date
                ),
            ));
        }
        if r.end_time <= r.start_time {
            c.push(FieldError::new(
                "end_time",
                "before_start",
                "the session must end after it starts",
            ));
        }
        let credit_hours = c.check(CreditTenths::parse_hours(r.credit_hours, "credit_hours"));
        let Some(credit_hours) = credit_hours else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            date: r.date,
            start_time: r.start_time,
            end_time: r.end_time,
            course_id: r.course_id,
            teacher_id: r.teacher_id,
            credit_hours,
        })
    }
}

/// A session already on the timetable of the same date, as the double-booking check sees it:
/// when it runs, which class it belongs to and who teaches what.
#[derive(Debug, Clone, PartialEq)]
pub struct BookedSession {
    pub session: ClassSession,
    pub class_title: String,
}

impl SessionData {
    /// Whether this session and `other` overlap in time. Sessions that merely touch (one ends
    /// at 10:00, the next starts at 10:00) do not overlap.
    pub fn overlaps(&self, other: &SessionData) -> bool {
        self.date == other.date
            && self.start_time < other.end_time
            && other.start_time < self.end_time
    }

    /// Checks this session of class `class_id` against the sessions already `booked` on its date
    /// (of any class that still takes place): the same teacher must not teach two overlapping
    /// sessions, and a class's own sessions must not overlap (a trainee cannot attend both).
    /// `replacing` is the session being moved, which does not clash with itself. Every clash is
    /// reported, each naming the session it collides with.
    pub fn clashes(
        &self,
        class_id: Uuid,
        replacing: Option<Uuid>,
        booked: &[BookedSession],
    ) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for b in booked {
            let other = &b.session;
            if Some(other.id) == replacing || !self.overlaps(&other.data) {
                continue;
            }
            let when = format!(
                "{} {}–{}",
                other.data.date,
                other.data.start_time.format("%H:%M"),
                other.data.end_time.format("%H:%M")
            );
            if other.data.teacher_id == self.teacher_id {
                errors.push(FieldError::new(
                    "teacher_id",
                    "teacher_double_booked",
                    format!(
                        "{} already teaches session {} ({}, {when}) of class {}; a teacher cannot teach two overlapping sessions",
                        other.teacher_name, other.id, other.course_title, b.class_title
                    ),
                ));
            }
            if other.class_id == class_id {
                errors.push(FieldError::new(
                    "start_time",
                    "session_overlap",
                    format!(
                        "overlaps session {} ({}, {when}) of the same class; a class's sessions must not overlap",
                        other.id, other.course_title
                    ),
                ));
            }
        }
        errors
    }
}

impl ClassSession {
    pub fn to_dto(&self) -> SessionDto {
        let d = &self.data;
        SessionDto {
            id: self.id,
            class_id: self.class_id,
            date: d.date,
            start_time: d.start_time,
            end_time: d.end_time,
            course_id: d.course_id,
            course_title: self.course_title.clone(),
            course_category: self.course_category,
            teacher_id: d.teacher_id,
            teacher_name: self.teacher_name.clone(),
            credit_hours: d.credit_hours.as_hours(),
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
    use crate::learning::CompletionRules;
    use crate::training::{ClassKind, ClassRequest, DeliveryForm};

    fn date(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).expect("date")
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("time")
    }

    fn class() -> ClassData {
        ClassData::try_from(ClassRequest {
            title: "研修班".into(),
            kind: ClassKind::Seminar,
            commissioning_organisation_id: None,
            form: DeliveryForm::Online,
            start_date: date(2),
            end_date: date(6),
            location: None,
            capacity: 10,
            fee_fen: 0,
            syllabus: None,
            logistics: None,
            completion_rules: CompletionRules {
                min_attendance_percent: 80,
                assessment_required: false,
            },
            open_enrolment: false,
            plan_item_id: None,
        })
        .expect("valid class")
    }

    fn request(day: u32, from: NaiveTime, to: NaiveTime, hours: f64) -> SessionRequest {
        SessionRequest {
            date: date(day),
            start_time: from,
            end_time: to,
            course_id: Uuid::nil(),
            teacher_id: Uuid::nil(),
            credit_hours: hours,
        }
    }

    #[test]
    fn a_session_lies_within_the_class_and_ends_after_it_starts() {
        let ok =
            SessionData::parse(request(6, time(9, 0), time(11, 30), 2.5), &class()).expect("valid");
        assert_eq!(ok.credit_hours, CreditTenths(25));
        let errors = SessionData::parse(request(7, time(9, 0), time(9, 0), 0.0), &class())
            .expect_err("invalid");
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("date", "outside_class"),
                ("end_time", "before_start"),
                ("credit_hours", "range")
            ]
        );
        assert!(errors[0].message.contains("2026-03-02 to 2026-03-06"));
        assert!(SessionData::parse(request(1, time(9, 0), time(10, 0), 1.0), &class()).is_err());
    }

    fn booked(
        id: u128,
        class_id: u128,
        teacher: u128,
        from: NaiveTime,
        to: NaiveTime,
    ) -> BookedSession {
        let mut data =
            SessionData::parse(request(3, from, to, 1.0), &class()).expect("valid session");
        data.teacher_id = Uuid::from_u128(teacher);
        BookedSession {
            session: ClassSession {
                id: Uuid::from_u128(id),
                class_id: Uuid::from_u128(class_id),
                data,
                course_title: "数据安全".into(),
                course_category: CourseCategory::Professional,
                teacher_name: "李娜".into(),
                created_at: DateTime::<Utc>::MIN_UTC,
                updated_at: DateTime::<Utc>::MIN_UTC,
                version: 1,
            },
            class_title: "研修班".into(),
        }
    }

    #[test]
    fn a_teacher_is_not_booked_twice_and_a_class_does_not_overlap_itself() {
        let mut new =
            SessionData::parse(request(3, time(10, 0), time(12, 0), 2.0), &class()).expect("valid");
        new.teacher_id = Uuid::from_u128(7);
        let class_id = Uuid::from_u128(1);
        let codes = |errors: Vec<FieldError>| -> Vec<(String, String)> {
            errors.into_iter().map(|e| (e.field, e.code)).collect()
        };
        // The same teacher in another class at an overlapping time.
        let other_class = booked(100, 2, 7, time(11, 0), time(13, 0));
        let errors = new.clashes(class_id, None, std::slice::from_ref(&other_class));
        assert_eq!(
            codes(errors.clone()),
            vec![("teacher_id".into(), "teacher_double_booked".into())]
        );
        assert!(
            errors[0]
                .message
                .contains(&Uuid::from_u128(100).to_string())
        );
        assert!(errors[0].message.contains("2026-03-03 11:00–13:00"));
        // Another teacher in the same class at an overlapping time.
        let same_class = booked(101, 1, 8, time(8, 0), time(10, 30));
        assert_eq!(
            codes(new.clashes(class_id, None, std::slice::from_ref(&same_class))),
            vec![("start_time".into(), "session_overlap".into())]
        );
        // Both at once: the same teacher in the same class.
        let both = booked(102, 1, 7, time(9, 0), time(10, 1));
        assert_eq!(
            codes(new.clashes(class_id, None, std::slice::from_ref(&both))).len(),
            2
        );
        // Touching sessions, another teacher elsewhere, and the session being moved do not clash.
        let before = booked(103, 1, 7, time(8, 0), time(10, 0));
        let after = booked(104, 2, 7, time(12, 0), time(14, 0));
        let elsewhere = booked(105, 2, 9, time(10, 0), time(12, 0));
        assert!(
            new.clashes(class_id, None, &[before, after, elsewhere])
                .is_empty()
        );
        assert!(
            new.clashes(class_id, Some(Uuid::from_u128(102)), &[both])
                .is_empty()
        );
        // Another day never clashes.
        let mut other_day = booked(106, 1, 7, time(10, 0), time(12, 0));
        other_day.session.data.date = date(4);
        assert!(new.clashes(class_id, None, &[other_day]).is_empty());
    }
}
