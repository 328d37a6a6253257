//! Attendance (考勤) per session and enrolment: present, absent or excused leave (Art. 11). It is
//! recorded while the class is in progress ([`crate::class::ClassStatus::records_attendance`]),
//! by the class's teachers and staff, in batches that are written whole or not at all.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ClassSession, Enrolment, EnrolmentStatus};
use crate::FieldError;
use crate::text_enum::text_enum;

/// One mark of the attendance sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AttendanceStatus {
    /// 出勤.
    Present,
    /// 缺勤.
    Absent,
    /// 请假 — excused leave; counts as attended for completion
    /// ([`crate::learning::CompletionRules`]).
    Excused,
}

text_enum!(AttendanceStatus {
    Present => "present",
    Absent => "absent",
    Excused => "excused",
});

impl AttendanceStatus {
    /// Whether the session counts towards the attendance rate (present or excused).
    pub fn counts_as_attended(self) -> bool {
        matches!(self, AttendanceStatus::Present | AttendanceStatus::Excused)
    }
}

/// One mark, as sent and as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceMark {
    pub session_id: Uuid,
    pub enrolment_id: Uuid,
    pub status: AttendanceStatus,
}

/// Body of `PUT /classes/{id}/attendance`: marks to set (each replaces the earlier mark of its
/// session and enrolment).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceRequest {
    /// 1–5000 marks; all are written or none.
    pub marks: Vec<AttendanceMark>,
}

/// The most marks one request may set.
pub const MAX_MARKS: usize = 5000;

/// Checks a batch of marks against the class: every session must be one of the class's
/// `sessions`, every enrolment one of its `enrolments` and active, and no session–enrolment pair
/// may appear twice. Names every failing mark at once.
pub fn review_marks(
    marks: &[AttendanceMark],
    sessions: &HashSet<Uuid>,
    enrolments: &HashMap<Uuid, EnrolmentStatus>,
) -> Result<(), Vec<FieldError>> {
    if !(1..=MAX_MARKS).contains(&marks.len()) {
        return Err(vec![FieldError::new(
            "marks",
            "range",
            format!("between 1 and {MAX_MARKS} marks per request"),
        )]);
    }
    let mut errors = Vec::new();
    let mut seen: HashMap<(Uuid, Uuid), usize> = HashMap::new();
    for (i, m) in marks.iter().enumerate() {
        if !sessions.contains(&m.session_id) {
            errors.push(FieldError::new(
                format!("marks[{i}].session_id"),
                "not_found",
                "no session of this class with this id",
            ));
        }
        match enrolments.get(&m.enrolment_id) {
            None => errors.push(FieldError::new(
                format!("marks[{i}].enrolment_id"),
                "not_found",
                "no enrolment in this class with this id",
            )),
            Some(EnrolmentStatus::Withdrawn) => errors.push(FieldError::new(
                format!("marks[{i}].enrolment_id"),
                "withdrawn",
                "the enrolment was withdrawn; withdrawn trainees have no attendance",
            )),
            Some(EnrolmentStatus::Enrolled) => {}
        }
        if let Some(first) = seen.insert((m.session_id, m.enrolment_id), i) {
            errors.push(FieldError::new(
                format!("marks[{i}]"),
                "duplicate",
                format!("the same session and enrolment as marks[{first}]"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// A session as a column of the attendance sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridSessionDto {
    pub id: Uuid,
    pub date: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "09:00:00"))]
    pub start_time: NaiveTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "11:30:00"))]
    pub end_time: NaiveTime,
    pub course_title: String,
    pub teacher_name: String,
}

/// An enrolment as a row of the attendance sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GridRowDto {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    /// One entry per session, in the order of `sessions`; `null` where nothing is recorded.
    pub marks: Vec<Option<AttendanceStatus>>,
    /// Sessions attended (present or excused).
    pub attended: u32,
}

/// The attendance sheet of a class: its sessions × its active enrolments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceGridDto {
    pub class_id: Uuid,
    /// In schedule order (date, start time).
    pub sessions: Vec<GridSessionDto>,
    /// Active enrolments in enrolment order.
    pub rows: Vec<GridRowDto>,
}

/// Lays out the sheet: a row per active enrolment of `enrolments`, a column per session of
/// `sessions` (in the given order), and each of `marks` in its cell.
pub fn attendance_grid(
    class_id: Uuid,
    sessions: &[ClassSession],
    enrolments: &[Enrolment],
    marks: &[AttendanceMark],
) -> AttendanceGridDto {
    let column: HashMap<Uuid, usize> = sessions
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id, i))
        .collect();
    let mut cells: HashMap<Uuid, Vec<Option<AttendanceStatus>>> = HashMap::new();
    for m in marks {
        if let Some(&col) = column.get(&m.session_id) {
            cells
                .entry(m.enrolment_id)
                .or_insert_with(|| vec![None; sessions.len()])[col] = Some(m.status);
        }
    }
    let rows = enrolments
        .iter()
        .filter(|e| e.status == EnrolmentStatus::Enrolled)
        .map(|e| {
            let marks = cells
                .remove(&e.id)
                .unwrap_or_else(|| vec![None; sessions.len()]);
            let attended = marks
                .iter()
                .flatten()
                .filter(|s| s.counts_as_attended())
                .count();
            GridRowDto {
                enrolment_id: e.id,
                person_id: e.person_id,
                person_name: e.person_name.clone(),
                attended: u32::try_from(attended).unwrap_or(u32::MAX),
                marks,
            }
        })
        .collect();
    AttendanceGridDto {
        class_id,
        sessions: sessions
            .iter()
            .map(|s| GridSessionDto {
                id: s.id,
                date: s.data.date,
                start_time: s.data.start_time,
                end_time: s.data.end_time,
                course_title: s.course_title.clone(),
                teacher_name: s.teacher_name.clone(),
            })
            .collect(),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;

    use super::*;
    use crate::learning::{CourseCategory, CreditTenths};
    use crate::training::{EnrolmentSource, SessionData};

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn session(n: u128) -> ClassSession {
        ClassSession {
            id: id(n),
            class_id: id(0),
            data: SessionData {
                date: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
                start_time: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
                end_time: NaiveTime::from_hms_opt(11, 0, 0).expect("time"),
                course_id: id(90),
                teacher_id: id(91),
                credit_hours: CreditTenths(20),
            },
            course_title: format!("课程{n}"),
            course_category: CourseCategory::Professional,
            teacher_name: "李娜".into(),
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    fn enrolment(n: u128, status: EnrolmentStatus) -> Enrolment {
        Enrolment {
            id: id(n),
            class_id: id(0),
            class_title: "研修班".into(),
            person_id: id(n + 100),
            person_name: format!("学员{n}"),
            status,
            source: EnrolmentSource::Staff,
            enrolled_at: DateTime::UNIX_EPOCH,
            enrolled_by: id(99),
            withdrawal: None,
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    fn mark(s: u128, e: u128, status: AttendanceStatus) -> AttendanceMark {
        AttendanceMark {
            session_id: id(s),
            enrolment_id: id(e),
            status,
        }
    }

    #[test]
    fn excused_leave_counts_as_attended() {
        assert!(AttendanceStatus::Present.counts_as_attended());
        assert!(AttendanceStatus::Excused.counts_as_attended());
        assert!(!AttendanceStatus::Absent.counts_as_attended());
    }

    #[test]
    fn marks_must_belong_to_the_class_and_to_active_enrolments() {
        use AttendanceStatus as A;
        let sessions: HashSet<Uuid> = [id(1), id(2)].into();
        let enrolments: HashMap<Uuid, EnrolmentStatus> = [
            (id(11), EnrolmentStatus::Enrolled),
            (id(12), EnrolmentStatus::Withdrawn),
        ]
        .into();
        assert_eq!(
            review_marks(
                &[mark(1, 11, A::Present), mark(2, 11, A::Absent)],
                &sessions,
                &enrolments
            ),
            Ok(())
        );
        let errors = review_marks(
            &[
                mark(1, 11, A::Present),
                mark(3, 12, A::Present),
                mark(2, 13, A::Excused),
                mark(1, 11, A::Absent),
            ],
            &sessions,
            &enrolments,
        )
        .expect_err("invalid");
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("marks[1].session_id", "not_found"),
                ("marks[1].enrolment_id", "withdrawn"),
                ("marks[2].enrolment_id", "not_found"),
                ("marks[3]", "duplicate"),
            ]
        );
        assert!(
            review_marks(&[], &sessions, &enrolments).is_err(),
            "an empty batch"
        );
    }

    #[test]
    fn the_grid_has_a_cell_per_session_and_active_enrolment() {
        use AttendanceStatus as A;
        let grid = attendance_grid(
            id(0),
            &[session(1), session(2), session(3)],
            &[
                enrolment(11, EnrolmentStatus::Enrolled),
                enrolment(12, EnrolmentStatus::Withdrawn),
                enrolment(13, EnrolmentStatus::Enrolled),
            ],
            &[
                mark(1, 11, A::Present),
                mark(3, 11, A::Excused),
                mark(2, 11, A::Absent),
                mark(1, 13, A::Absent),
                mark(1, 12, A::Present),
            ],
        );
        assert_eq!(grid.sessions.len(), 3);
        assert_eq!(grid.sessions[1].course_title, "课程2");
        assert_eq!(
            grid.rows
                .iter()
                .map(|r| (r.enrolment_id, r.marks.clone(), r.attended))
                .collect::<Vec<_>>(),
            vec![
                (
                    id(11),
                    vec![Some(A::Present), Some(A::Absent), Some(A::Excused)],
                    2
                ),
                (id(13), vec![Some(A::Absent), None, None], 0),
            ]
        );
    }
}
