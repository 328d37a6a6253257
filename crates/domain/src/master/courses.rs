//! Courses (课程): the catalogue classes are scheduled from, each public-required (公需科目) or
//! professional (专业科目) (Art. 4) and worth a number of credit hours.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Record, opt_string, string};
use crate::FieldError;
use crate::learning::{CourseCategory, CreditTenths};
use crate::validation::{Checks, Text, optional};

/// The validated content of a course.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseData {
    pub title: Text,
    pub category: CourseCategory,
    pub credit_hours: CreditTenths,
    pub description: Option<Text>,
}

pub type Course = Record<CourseData>;

/// Body of `POST /courses` (and, with `version`, of `PUT /courses/{id}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseRequest {
    /// 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "人工智能伦理与治理"))]
    pub title: String,
    pub category: CourseCategory,
    /// Greater than 0, at most 1000, at most one decimal place.
    #[cfg_attr(feature = "openapi", schema(example = 1.5))]
    pub credit_hours: f64,
    /// Up to 4000 characters.
    #[serde(default)]
    pub description: Option<String>,
}

/// Body of `PUT /courses/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCourseRequest {
    #[serde(flatten)]
    pub course: CourseRequest,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// A course as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseDto {
    pub id: Uuid,
    pub title: String,
    pub category: CourseCategory,
    /// Credit hours with at most one decimal place (stored exactly, in tenths).
    #[cfg_attr(feature = "openapi", schema(example = 1.5))]
    pub credit_hours: f64,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl TryFrom<CourseRequest> for CourseData {
    type Error = Vec<FieldError>;

    fn try_from(r: CourseRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        let title = c.check(Text::line(&r.title, "title", 200));
        let credit_hours = c.check(CreditTenths::parse_hours(r.credit_hours, "credit_hours"));
        let description = c.check(optional(r.description.as_deref(), |v| {
            Text::paragraphs(v, "description", 4000)
        }));
        let (Some(title), Some(credit_hours), Some(description)) =
            (title, credit_hours, description)
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            title,
            category: r.category,
            credit_hours,
            description,
        })
    }
}

impl Course {
    pub fn to_dto(&self) -> CourseDto {
        let d = &self.data;
        CourseDto {
            id: self.id,
            title: string(&d.title),
            category: d.category,
            credit_hours: d.credit_hours.as_hours(),
            description: opt_string(&d.description),
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

crate::audited!(Course, "course");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn courses_carry_exact_credit_hours() {
        let data = CourseData::try_from(CourseRequest {
            title: "人工智能伦理与治理".into(),
            category: CourseCategory::PublicRequired,
            credit_hours: 1.5,
            description: None,
        })
        .expect("valid");
        assert_eq!(data.credit_hours, CreditTenths(15));
        let errors = CourseData::try_from(CourseRequest {
            title: "".into(),
            category: CourseCategory::Professional,
            credit_hours: 0.25,
            description: Some(" ".into()),
        })
        .expect_err("invalid");
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![("title", "required"), ("credit_hours", "precision")]
        );
    }
}
