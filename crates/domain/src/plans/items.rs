//! Plans and their items (年度计划及计划项目, Art. 8): what the base plans to run in year Y.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::learning::{CourseCategory, CreditTenths};
use crate::master::{Checks, Text, optional};
use crate::money::Fen;
use crate::plans::PlanStatus;
use crate::training::ClassKind;

/// Plan years accepted.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The most trainees one plan item may plan for.
pub const MAX_PLANNED_TRAINEES: u32 = 100_000;

/// Body of `POST /plans`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRequest {
    /// The year the plan is for (2000–2100); one plan per year.
    #[cfg_attr(feature = "openapi", schema(example = 2026))]
    pub year: i32,
    /// 1–200 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "2026年度国家级专业技术人员继续教育基地培训计划")
    )]
    pub title: String,
    /// The narrative of the execution summary of year − 1 (up to 20 000 characters).
    #[serde(default)]
    pub narrative: Option<String>,
}

/// Body of `PUT /plans/{id}` (drafts only; the year does not change).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePlanRequest {
    pub title: String,
    #[serde(default)]
    pub narrative: Option<String>,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// The validated header of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanData {
    pub year: i32,
    pub title: Text,
    pub narrative: Option<Text>,
}

impl PlanData {
    pub fn parse(year: i32, title: &str, narrative: Option<&str>) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        if !YEARS.contains(&year) {
            c.push(FieldError::new(
                "year",
                "range",
                format!("between {} and {}", YEARS.start(), YEARS.end()),
            ));
        }
        let title = c.check(Text::line(title, "title", 200));
        let narrative = c.check(optional(narrative, |v| {
            Text::paragraphs(v, "narrative", 20_000)
        }));
        let (Some(title), Some(narrative)) = (title, narrative) else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            year,
            title,
            narrative,
        })
    }
}

/// A stored plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub id: Uuid,
    pub data: PlanData,
    pub status: PlanStatus,
    /// 1 for the first version; amending a filed plan opens the next.
    pub revision: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// Body of `POST /plans/{id}/items` (and, with `version`, `PUT /plans/{id}/items/{item_id}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItemRequest {
    /// 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "工业互联网安全高级研修班"))]
    pub title: String,
    pub class_kind: ClassKind,
    /// `public_required` (公需科目) or `professional` (专业科目), Art. 4.
    pub category: CourseCategory,
    /// Who the class is for (培训对象), 1–500 characters.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "信息通信行业副高级以上专业技术人员")
    )]
    pub target_audience: String,
    /// 1–100 000.
    #[cfg_attr(feature = "openapi", schema(example = 60))]
    pub planned_trainees: i64,
    /// Credit hours per trainee, greater than 0, at most 1000, one decimal place.
    #[cfg_attr(feature = "openapi", schema(example = 40.0))]
    pub planned_hours: f64,
    /// First day of the planned period, within the plan's year.
    pub planned_start: NaiveDate,
    /// Last day of the planned period, within the plan's year, not before `planned_start`.
    pub planned_end: NaiveDate,
    /// Budget in fen (1 yuan = 100 fen), 0 or more.
    #[cfg_attr(feature = "openapi", schema(example = 30000000))]
    pub budget_fen: i64,
    /// The commissioning body (委托单位/主办单位), up to 200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "工业和信息化部人事教育司"))]
    pub commissioning_body: Option<String>,
}

/// Body of `PUT /plans/{id}/items/{item_id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePlanItemRequest {
    #[serde(flatten)]
    pub item: PlanItemRequest,
    pub version: i32,
}

/// A validated plan item.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItemData {
    pub title: Text,
    pub class_kind: ClassKind,
    pub category: CourseCategory,
    pub target_audience: Text,
    pub planned_trainees: u32,
    pub planned_hours: CreditTenths,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub budget: Fen,
    pub commissioning_body: Option<Text>,
}

impl PlanItemData {
    /// Parses an item of the plan for `year`, collecting every failure.
    pub fn parse(r: &PlanItemRequest, year: i32) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        let title = c.check(Text::line(&r.title, "title", 200));
        let target_audience = c.check(Text::line(&r.target_audience, "target_audience", 500));
        let planned_trainees = c.check(
            u32::try_from(r.planned_trainees)
                .ok()
                .filter(|n| (1..=MAX_PLANNED_TRAINEES).contains(n))
                .ok_or_else(|| {
                    FieldError::new(
                        "planned_trainees",
                        "range",
                        format!("between 1 and {MAX_PLANNED_TRAINEES} trainees"),
                    )
                }),
        );
        let planned_hours = c.check(CreditTenths::parse_hours(r.planned_hours, "planned_hours"));
        for (field, date) in [
            ("planned_start", r.planned_start),
            ("planned_end", r.planned_end),
        ] {
            if date.year() != year {
                c.push(FieldError::new(
                    field,
                    "outside_plan_year",
                    format!("the plan for {year} covers classes held in {year} (Art. 8)"),
                ));
            }
        }
        if r.planned_end < r.planned_start {
            c.push(FieldError::new(
                "planned_end",
                "before_start",
                "the planned period cannot end before it starts",
            ));
        }
        let budget = c.check(Fen::parse(r.budget_fen, "budget_fen"));
        let commissioning_body = c.check(optional(r.commissioning_body.as_deref(), |v| {
            Text::line(v, "commissioning_body", 200)
        }));
        let (
            Some(title),
            Some(target_audience),
            Some(planned_trainees),
            Some(planned_hours),
            Some(budget),
            Some(commissioning_body),
        ) = (
            title,
            target_audience,
            planned_trainees,
            planned_hours,
            budget,
            commissioning_body,
        )
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            title,
            class_kind: r.class_kind,
            category: r.category,
            target_audience,
            planned_trainees,
            planned_hours,
            planned_start: r.planned_start,
            planned_end: r.planned_end,
            budget,
            commissioning_body,
        })
    }

    /// Planned person-hours (trainees × hours per trainee), in tenths.
    pub fn planned_person_tenths(&self) -> u64 {
        u64::from(self.planned_trainees) * u64::from(self.planned_hours.0)
    }
}

/// A stored plan item.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanItem {
    pub id: Uuid,
    pub plan_id: Uuid,
    pub data: PlanItemData,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// A plan item as the API shows it (and as a snapshot keeps it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanItemDto {
    pub id: Uuid,
    pub title: String,
    pub class_kind: ClassKind,
    pub category: CourseCategory,
    pub target_audience: String,
    pub planned_trainees: u32,
    /// Credit hours per trainee (one decimal place).
    pub planned_hours: f64,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub budget_fen: i64,
    pub commissioning_body: Option<String>,
    pub version: i32,
}

impl PlanItem {
    pub fn to_dto(&self) -> PlanItemDto {
        let d = &self.data;
        PlanItemDto {
            id: self.id,
            title: d.title.as_ref().to_owned(),
            class_kind: d.class_kind,
            category: d.category,
            target_audience: d.target_audience.as_ref().to_owned(),
            planned_trainees: d.planned_trainees,
            planned_hours: d.planned_hours.as_hours(),
            planned_start: d.planned_start,
            planned_end: d.planned_end,
            budget_fen: d.budget.fen(),
            commissioning_body: d.commissioning_body.as_ref().map(|t| t.as_ref().to_owned()),
            version: self.version,
        }
    }

    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn request() -> PlanItemRequest {
        PlanItemRequest {
            title: "工业互联网安全高级研修班".into(),
            class_kind: ClassKind::Seminar,
            category: CourseCategory::Professional,
            target_audience: "信息通信行业副高级以上专业技术人员".into(),
            planned_trainees: 60,
            planned_hours: 40.0,
            planned_start: NaiveDate::from_ymd_opt(2026, 5, 11).expect("date"),
            planned_end: NaiveDate::from_ymd_opt(2026, 5, 15).expect("date"),
            budget_fen: 30_000_000,
            commissioning_body: Some("工业和信息化部人事教育司".into()),
        }
    }

    #[test]
    fn a_valid_item_parses() {
        let item = PlanItemData::parse(&request(), 2026).expect("valid");
        assert_eq!(item.planned_hours, CreditTenths(400));
        assert_eq!(item.planned_person_tenths(), 24_000);
        assert_eq!(item.budget.fen(), 30_000_000);
    }

    #[test]
    fn every_failing_field_is_named_with_its_rule() {
        let bad = PlanItemRequest {
            title: " ".into(),
            target_audience: String::new(),
            planned_trainees: 0,
            planned_hours: 1.25,
            planned_start: NaiveDate::from_ymd_opt(2025, 12, 20).expect("date"),
            planned_end: NaiveDate::from_ymd_opt(2025, 12, 1).expect("date"),
            budget_fen: -1,
            commissioning_body: Some("x".repeat(201)),
            ..request()
        };
        let errors = PlanItemData::parse(&bad, 2026).expect_err("refused");
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("title", "required"),
                ("target_audience", "required"),
                ("planned_trainees", "range"),
                ("planned_hours", "precision"),
                ("planned_start", "outside_plan_year"),
                ("planned_end", "outside_plan_year"),
                ("planned_end", "before_start"),
                ("budget_fen", "range"),
                ("commissioning_body", "length"),
            ]
        );
        assert!(errors[4].message.contains("Art. 8"));
    }

    #[test]
    fn plan_headers_check_year_and_title() {
        assert!(PlanData::parse(2026, "计划", None).is_ok());
        let errors = PlanData::parse(1999, "", Some("  ")).expect_err("refused");
        let got: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(got, vec![("year", "range"), ("title", "required")]);
    }
}
