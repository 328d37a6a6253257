//! Learning records (学习档案, Art. 6): one entry per completed training — form, content, credit
//! hours split by category (public required / professional, Art. 4), assessment result — with
//! the year (of the class's end date), the class and, once issued, the certificate number.
//!
//! **Entries are never edited in place:** a correction is a new version with who, when and why;
//! earlier versions stay readable and lists show the current one. Annual compliance
//! ([`crate::learning::compliance`]) sums the current versions of a person's entries of a year.

use chrono::{DateTime, Datelike, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Assessment, ClassSession, DeliveryForm, ResultValue, TrainingClass};
use crate::FieldError;
use crate::learning::{Compliance, ComplianceRules, CourseCategory, CreditTenths};
use crate::validation::{Checks, Text, optional};

/// The content of one version of a learning record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordContent {
    /// The year the training counts for: that of the class's end date.
    pub year: i32,
    pub form: DeliveryForm,
    /// The class title and the courses taught.
    pub content: Text,
    pub public_required: CreditTenths,
    pub professional: CreditTenths,
    /// The assessment result as it reads (`结业考试 86.5/100 合格`), if the class had one.
    pub assessment_result: Option<Text>,
    /// Filled by certificate issuance (Art. 9).
    pub certificate_number: Option<Text>,
}

/// A stored version of a learning record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearningRecordVersion {
    /// The record (stable across versions).
    pub record_id: Uuid,
    /// 1 for the entry written at completion, bumped by each correction.
    pub version: i32,
    pub person_id: Uuid,
    pub class_id: Uuid,
    pub class_title: String,
    pub content: RecordContent,
    /// Why this version was written; `None` for the first.
    pub reason: Option<Text>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// The most hours of one category a record may carry.
pub const MAX_RECORD_HOURS: u32 = 2000;

/// The entry a completed enrolment produces: hours by the categories of the sessions' courses,
/// the content from the class title and its courses (in timetable order, each once), the
/// result from every assessment of the class (`results`: the enrolment's, by assessment).
pub fn record_content(
    class: &TrainingClass,
    sessions: &[ClassSession],
    assessments: &[(Assessment, Option<ResultValue>)],
) -> RecordContent {
    let mut public_required = CreditTenths::default();
    let mut professional = CreditTenths::default();
    let mut courses: Vec<&str> = Vec::new();
    for s in sessions {
        match s.course_category {
            CourseCategory::PublicRequired => {
                public_required = public_required + s.data.credit_hours
            }
            CourseCategory::Professional => professional = professional + s.data.credit_hours,
        }
        if !courses.contains(&s.course_title.as_str()) {
            courses.push(&s.course_title);
        }
    }
    let title = class.data.title.as_ref();
    let content = if courses.is_empty() {
        title.to_owned()
    } else {
        format!("{title}：{}", courses.join("、"))
    };
    let result = assessments
        .iter()
        .map(|(a, r)| a.describe(*r))
        .collect::<Vec<_>>()
        .join("；");
    RecordContent {
        year: class.data.end_date.year(),
        form: class.data.form,
        // Built from stored, non-blank titles; the fallback cannot be reached.
        content: Text::paragraphs(&content, "content", usize::MAX)
            .unwrap_or_else(|_| class.data.title.clone()),
        public_required,
        professional,
        assessment_result: Text::paragraphs(&result, "assessment_result", usize::MAX).ok(),
        certificate_number: None,
    }
}

/// Body of `POST /learning-records/{id}/corrections`: the corrected content in full, why, and
/// the version it corrects.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordCorrectionRequest {
    /// 2000–2100.
    #[cfg_attr(feature = "openapi", schema(example = 2026))]
    pub year: i32,
    pub form: DeliveryForm,
    /// 1–4000 characters.
    pub content: String,
    /// 0–2000, one decimal place.
    #[cfg_attr(feature = "openapi", schema(example = 6.0))]
    pub public_required_hours: f64,
    /// 0–2000, one decimal place.
    #[cfg_attr(feature = "openapi", schema(example = 18.5))]
    pub professional_hours: f64,
    /// Up to 500 characters.
    #[serde(default)]
    pub assessment_result: Option<String>,
    /// Up to 64 characters.
    #[serde(default)]
    pub certificate_number: Option<String>,
    /// Why (1–2000 characters); kept with the new version.
    #[cfg_attr(feature = "openapi", schema(example = "课时统计有误，据教学日程更正"))]
    pub reason: String,
    /// The current version the correction is based on; a stale one is refused with 409.
    pub version: i32,
}

/// A parsed correction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCorrection {
    pub content: RecordContent,
    pub reason: Text,
    pub version: i32,
}

fn hours(value: f64, field: &str) -> Result<CreditTenths, FieldError> {
    let error = |code: &str, message: &str| FieldError::new(field, code, message);
    if !value.is_finite() || value < 0.0 || value > f64::from(MAX_RECORD_HOURS) {
        return Err(error("range", "between 0 and 2000 hours"));
    }
    let tenths = (value * 10.0).round();
    if (value * 10.0 - tenths).abs() > 1e-6 {
        return Err(error("precision", "at most one decimal place (e.g. 1.5)"));
    }
    // In range by the check above.
    Ok(CreditTenths(tenths as u32))
}

impl TryFrom<RecordCorrectionRequest> for RecordCorrection {
    type Error = Vec<FieldError>;

    fn try_from(r: RecordCorrectionRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        if !(2000..=2100).contains(&r.year) {
            c.push(FieldError::new("year", "range", "between 2000 and 2100"));
        }
        let content = c.check(Text::paragraphs(&r.content, "content", 4000));
        let public_required = c.check(hours(r.public_required_hours, "public_required_hours"));
        let professional = c.check(hours(r.professional_hours, "professional_hours"));
        let assessment_result = c.check(optional(r.assessment_result.as_deref(), |v| {
            Text::paragraphs(v, "assessment_result", 500)
        }));
        let certificate_number = c.check(optional(r.certificate_number.as_deref(), |v| {
            Text::line(v, "certificate_number", 64)
        }));
        let reason = c.check(Text::paragraphs(&r.reason, "reason", 2000));
        let (
            Some(content),
            Some(public_required),
            Some(professional),
            Some(assessment_result),
            Some(certificate_number),
            Some(reason),
        ) = (
            content,
            public_required,
            professional,
            assessment_result,
            certificate_number,
            reason,
        )
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            content: RecordContent {
                year: r.year,
                form: r.form,
                content,
                public_required,
                professional,
                assessment_result,
                certificate_number,
            },
            reason,
            version: r.version,
        })
    }
}

/// A version of a learning record as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearningRecordDto {
    /// The record's id (the same for all its versions).
    pub id: Uuid,
    pub version: i32,
    pub person_id: Uuid,
    pub class_id: Uuid,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "人工智能工程技术人员高级研修班")
    )]
    pub class_title: String,
    #[cfg_attr(feature = "openapi", schema(example = 2026))]
    pub year: i32,
    pub form: DeliveryForm,
    pub content: String,
    #[cfg_attr(feature = "openapi", schema(example = 6.0))]
    pub public_required_hours: f64,
    #[cfg_attr(feature = "openapi", schema(example = 18.5))]
    pub professional_hours: f64,
    #[cfg_attr(feature = "openapi", schema(example = 24.5))]
    pub total_hours: f64,
    #[cfg_attr(feature = "openapi", schema(example = "结业考试 86.5/100 合格"))]
    pub assessment_result: Option<String>,
    /// `null` until a certificate is issued.
    pub certificate_number: Option<String>,
    /// Why this version was written (`null` for the entry written at completion).
    pub reason: Option<String>,
    /// The account that wrote this version.
    pub created_by: Uuid,
    /// That account's display name (`null` when it is not known to the answer, e.g. in audit
    /// snapshots).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "教务 陈静"))]
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl LearningRecordVersion {
    pub fn to_dto(&self) -> LearningRecordDto {
        let c = &self.content;
        let text = |t: &Option<Text>| t.as_ref().map(|v| v.as_ref().to_owned());
        LearningRecordDto {
            id: self.record_id,
            version: self.version,
            person_id: self.person_id,
            class_id: self.class_id,
            class_title: self.class_title.clone(),
            year: c.year,
            form: c.form,
            content: c.content.as_ref().to_owned(),
            public_required_hours: c.public_required.as_hours(),
            professional_hours: c.professional.as_hours(),
            total_hours: (c.public_required + c.professional).as_hours(),
            assessment_result: text(&c.assessment_result),
            certificate_number: text(&c.certificate_number),
            reason: self.reason.as_ref().map(|r| r.as_ref().to_owned()),
            created_by: self.created_by,
            created_by_name: None,
            created_at: self.created_at,
        }
    }

    /// The state recorded in the audit trail's before/after.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto()).unwrap_or_default()
    }
}

/// A person's annual compliance (MOHRSS Decree No. 25): hours of the year's current record
/// versions against the configured requirement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ComplianceDto {
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub person_name: String,
    pub year: i32,
    /// The configured annual requirement.
    #[cfg_attr(feature = "openapi", schema(example = 90.0))]
    pub required_hours: f64,
    /// The configured professional share of it, rounded up to a tenth.
    #[cfg_attr(feature = "openapi", schema(example = 60.0))]
    pub required_professional_hours: f64,
    pub total_hours: f64,
    pub public_required_hours: f64,
    pub professional_hours: f64,
    pub total_shortfall_hours: f64,
    pub professional_shortfall_hours: f64,
    pub compliant: bool,
}

/// The compliance of `person` in `year` from the sums of their record hours.
pub fn compliance_dto(
    rules: ComplianceRules,
    person_id: Uuid,
    person_name: String,
    year: i32,
    figures: Compliance,
) -> ComplianceDto {
    ComplianceDto {
        person_id,
        person_name,
        year,
        required_hours: rules.annual_hours.as_hours(),
        required_professional_hours: rules.required_professional().as_hours(),
        total_hours: figures.total.as_hours(),
        public_required_hours: figures.public_required.as_hours(),
        professional_hours: figures.professional.as_hours(),
        total_shortfall_hours: figures.total_shortfall.as_hours(),
        professional_shortfall_hours: figures.professional_shortfall.as_hours(),
        compliant: figures.compliant,
    }
}

/// Checks the `year` of a compliance query: 2000–2100.
pub fn compliance_year(year: i32) -> Result<i32, FieldError> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(FieldError::new("year", "range", "between 2000 and 2100"))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, NaiveTime};

    use super::*;
    use crate::class::ClassStatus;
    use crate::learning::CompletionRules;
    use crate::money::Fen;
    use crate::training::{
        AssessmentData, AssessmentKind, ClassData, ClassKind, Grading, ScheduleSummary,
        ScoreTenths, SessionData,
    };

    fn text(v: &str) -> Text {
        Text::line(v, "", 200).expect("text")
    }

    fn class() -> TrainingClass {
        TrainingClass {
            id: Uuid::nil(),
            data: ClassData {
                title: text("高级研修班"),
                kind: ClassKind::Seminar,
                commissioning_organisation_id: None,
                form: DeliveryForm::Blended,
                start_date: NaiveDate::from_ymd_opt(2025, 12, 29).expect("date"),
                end_date: NaiveDate::from_ymd_opt(2026, 1, 2).expect("date"),
                location: Some(text("201 室")),
                capacity: 10,
                fee: Fen::parse(0, "").expect("fee"),
                syllabus: None,
                logistics: None,
                completion_rules: CompletionRules {
                    min_attendance_percent: 80,
                    assessment_required: true,
                },
                open_enrolment: false,
                plan_item_id: None,
            },
            status: ClassStatus::InProgress,
            cancel_reason: None,
            enrolled_count: 1,
            schedule: ScheduleSummary::default(),
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    fn session(course: &str, category: CourseCategory, tenths: u32) -> ClassSession {
        ClassSession {
            id: Uuid::now_v7(),
            class_id: Uuid::nil(),
            data: SessionData {
                date: NaiveDate::from_ymd_opt(2025, 12, 30).expect("date"),
                start_time: NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
                end_time: NaiveTime::from_hms_opt(11, 0, 0).expect("time"),
                course_id: Uuid::nil(),
                teacher_id: Uuid::nil(),
                credit_hours: CreditTenths(tenths),
            },
            course_title: course.into(),
            course_category: category,
            teacher_name: "李娜".into(),
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn a_record_splits_hours_by_category_and_counts_for_the_end_year() {
        let exam = Assessment {
            id: Uuid::nil(),
            class_id: Uuid::nil(),
            data: AssessmentData {
                title: text("结业考试"),
                kind: AssessmentKind::Exam,
                course_id: None,
                grading: Grading::Scored {
                    max_score: ScoreTenths(1000),
                    pass_mark: ScoreTenths(600),
                },
            },
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        };
        let content = record_content(
            &class(),
            &[
                session("职业道德", CourseCategory::PublicRequired, 30),
                session("机器学习", CourseCategory::Professional, 25),
                session("机器学习", CourseCategory::Professional, 25),
            ],
            &[(
                exam,
                Some(ResultValue {
                    score: Some(ScoreTenths(865)),
                    passed: true,
                }),
            )],
        );
        assert_eq!(content.year, 2026);
        assert_eq!(content.form, DeliveryForm::Blended);
        assert_eq!(content.content.as_ref(), "高级研修班：职业道德、机器学习");
        assert_eq!(content.public_required, CreditTenths(30));
        assert_eq!(content.professional, CreditTenths(50));
        assert_eq!(
            content.assessment_result.as_ref().map(AsRef::as_ref),
            Some("结业考试 86.5/100 合格")
        );
        assert_eq!(content.certificate_number, None);
        let none = record_content(&class(), &[], &[]);
        assert_eq!(none.assessment_result, None);
        assert_eq!(none.content.as_ref(), "高级研修班");
    }

    #[test]
    fn a_correction_names_every_bad_field_and_needs_a_reason() {
        let request = RecordCorrectionRequest {
            year: 1999,
            form: DeliveryForm::Online,
            content: " ".into(),
            public_required_hours: -1.0,
            professional_hours: 1.25,
            assessment_result: None,
            certificate_number: None,
            reason: "".into(),
            version: 1,
        };
        let errors = RecordCorrection::try_from(request.clone()).expect_err("invalid");
        assert_eq!(
            errors
                .iter()
                .map(|e| (e.field.as_str(), e.code.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("year", "range"),
                ("content", "required"),
                ("public_required_hours", "range"),
                ("professional_hours", "precision"),
                ("reason", "required"),
            ]
        );
        let ok = RecordCorrection::try_from(RecordCorrectionRequest {
            year: 2026,
            content: "研修班".into(),
            public_required_hours: 0.0,
            professional_hours: 12.5,
            reason: "更正课时".into(),
            ..request
        })
        .expect("valid");
        assert_eq!(ok.content.professional, CreditTenths(125));
        assert!(compliance_year(2026).is_ok() && compliance_year(1999).is_err());
    }
}
