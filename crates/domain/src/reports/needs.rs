//! The training-needs survey (培训需求调查): organisations (through their contacts) and
//! trainees submit topics, fields, head counts and preferred periods; staff see them grouped by
//! topic and by field and turn one into an item of a draft annual plan (Art. 8).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::learning::CourseCategory;
use crate::master::{Checks, Text, optional};
use crate::plans::PlanItemRequest;
use crate::text_enum::text_enum;

/// Who a need comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NeedSource {
    Organisation,
    Trainee,
    Staff,
}

text_enum!(NeedSource {
    Organisation => "organisation",
    Trainee => "trainee",
    Staff => "staff",
});

/// Body of `POST /needs`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedRequest {
    /// 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "工业数据安全"))]
    pub topic: String,
    /// Professional field, 1–100 characters.
    #[cfg_attr(feature = "openapi", schema(example = "信息安全"))]
    pub field: String,
    /// People who would attend, 1–100 000.
    #[cfg_attr(feature = "openapi", schema(example = 30))]
    pub head_count: i64,
    /// The preferred period, first and last day.
    pub preferred_start: NaiveDate,
    pub preferred_end: NaiveDate,
    #[serde(default)]
    pub category: Option<CourseCategory>,
    /// Up to 2000 characters.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A checked need.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedData {
    pub topic: Text,
    pub field: Text,
    pub head_count: u32,
    pub preferred_start: NaiveDate,
    pub preferred_end: NaiveDate,
    pub category: Option<CourseCategory>,
    pub notes: Option<Text>,
}

impl NeedData {
    pub fn parse(r: &NeedRequest) -> Result<Self, Vec<FieldError>> {
        let mut c = Checks::default();
        let topic = c.check(Text::line(&r.topic, "topic", 200));
        let field = c.check(Text::line(&r.field, "field", 100));
        let head_count = c.check(
            u32::try_from(r.head_count)
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| FieldError::new("head_count", "range", "1 to 100 000 people")),
        );
        if r.preferred_end < r.preferred_start {
            c.push(FieldError::new(
                "preferred_end",
                "before_start",
                "the preferred period ends on or after its first day",
            ));
        }
        let notes = c.check(optional(r.notes.as_deref(), |v| {
            Text::paragraphs(v, "notes", 2000)
        }));
        let (Some(topic), Some(field), Some(head_count), Some(notes)) =
            (topic, field, head_count, notes)
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            topic,
            field,
            head_count,
            preferred_start: r.preferred_start,
            preferred_end: r.preferred_end,
            category: r.category,
            notes,
        })
    }
}

/// A need as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedDto {
    pub id: Uuid,
    pub topic: String,
    pub field: String,
    pub head_count: u32,
    pub preferred_start: NaiveDate,
    pub preferred_end: NaiveDate,
    pub category: Option<CourseCategory>,
    pub notes: Option<String>,
    pub source: NeedSource,
    /// The submitting organisation (organisation contacts), if any.
    pub organisation_id: Option<Uuid>,
    pub organisation_name: Option<String>,
    /// The plan item the need was turned into, once it was.
    pub plan_item_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// One group of `GET /needs/summary`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedGroupDto {
    /// The topic or field (as submitted, trimmed; grouped case-insensitively).
    pub key: String,
    pub submissions: u32,
    pub head_count: u32,
    pub earliest_start: NaiveDate,
    pub latest_end: NaiveDate,
    /// Needs of the group not yet turned into a plan item.
    pub unplanned: u32,
}

/// `GET /needs/summary`: the needs grouped by topic and by field, largest head count first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedSummaryDto {
    pub by_topic: Vec<NeedGroupDto>,
    pub by_field: Vec<NeedGroupDto>,
}

/// Groups `needs` by `key` (case-insensitive), largest head count first, then by key.
pub fn group_needs(needs: &[NeedDto], key: impl Fn(&NeedDto) -> &str) -> Vec<NeedGroupDto> {
    let mut groups: Vec<NeedGroupDto> = Vec::new();
    for n in needs {
        let k = key(n).trim();
        match groups
            .iter_mut()
            .find(|g| g.key.to_lowercase() == k.to_lowercase())
        {
            Some(g) => {
                g.submissions += 1;
                g.head_count = g.head_count.saturating_add(n.head_count);
                g.earliest_start = g.earliest_start.min(n.preferred_start);
                g.latest_end = g.latest_end.max(n.preferred_end);
                g.unplanned += u32::from(n.plan_item_id.is_none());
            }
            None => groups.push(NeedGroupDto {
                key: k.to_owned(),
                submissions: 1,
                head_count: n.head_count,
                earliest_start: n.preferred_start,
                latest_end: n.preferred_end,
                unplanned: u32::from(n.plan_item_id.is_none()),
            }),
        }
    }
    groups.sort_by(|a, b| b.head_count.cmp(&a.head_count).then(a.key.cmp(&b.key)));
    groups
}

/// Body of `POST /needs/{id}/plan-item`: the item to add to a draft plan (the SPA pre-fills it
/// from the need).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NeedToPlanItemRequest {
    pub plan_id: Uuid,
    #[serde(flatten)]
    pub item: PlanItemRequest,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(topic: &str, field: &str, n: u32, planned: bool) -> NeedDto {
        let d = |m| NaiveDate::from_ymd_opt(2027, m, 1).expect("date");
        NeedDto {
            id: Uuid::now_v7(),
            topic: topic.into(),
            field: field.into(),
            head_count: n,
            preferred_start: d(n % 12 + 1),
            preferred_end: d(12),
            category: None,
            notes: None,
            source: NeedSource::Organisation,
            organisation_id: None,
            organisation_name: None,
            plan_item_id: planned.then(Uuid::now_v7),
            created_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn needs_group_by_topic_case_insensitively_largest_first() {
        let needs = [
            need("AI Safety", "信息", 10, false),
            need("ai safety ", "信息", 5, true),
            need("数据治理", "管理", 20, false),
        ];
        let g = group_needs(&needs, |n| &n.topic);
        assert_eq!(g.len(), 2);
        assert_eq!((g[0].key.as_str(), g[0].head_count), ("数据治理", 20));
        assert_eq!(
            (g[1].submissions, g[1].head_count, g[1].unplanned),
            (2, 15, 1)
        );
        let f = group_needs(&needs, |n| &n.field);
        assert_eq!(
            f.iter()
                .map(|g| (g.key.as_str(), g.head_count))
                .collect::<Vec<_>>(),
            vec![("管理", 20), ("信息", 15)]
        );
    }

    #[test]
    fn needs_are_checked() {
        let r = NeedRequest {
            topic: " ".into(),
            field: "信息".into(),
            head_count: 0,
            preferred_start: NaiveDate::from_ymd_opt(2027, 5, 1).expect("date"),
            preferred_end: NaiveDate::from_ymd_opt(2027, 4, 1).expect("date"),
            category: None,
            notes: None,
        };
        let e = NeedData::parse(&r).expect_err("refused");
        let f: Vec<_> = e.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(f, vec!["topic", "head_count", "preferred_end"]);
    }
}
