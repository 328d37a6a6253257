//! Immutable snapshots of a plan, one per submission, and their comparison item by item.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::plans::{Plan, PlanAction, PlanItem, PlanItemDto, PlanStatus};

/// What a snapshot keeps: the plan's header and every item as they were when submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSnapshotContent {
    pub year: i32,
    pub title: String,
    pub narrative: Option<String>,
    pub revision: i32,
    pub items: Vec<PlanItemDto>,
}

impl PlanSnapshotContent {
    pub fn of(plan: &Plan, items: &[PlanItem]) -> Self {
        Self {
            year: plan.data.year,
            title: plan.data.title.as_ref().to_owned(),
            narrative: plan.data.narrative.as_ref().map(|t| t.as_ref().to_owned()),
            revision: plan.revision,
            items: items.iter().map(PlanItem::to_dto).collect(),
        }
    }
}

/// A stored snapshot without its content (for the list).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanVersionSummaryDto {
    /// 1, 2, … per plan, in the order of submission.
    pub seq: i32,
    pub revision: i32,
    /// The submission that stored it.
    pub action: PlanAction,
    /// The status the submission led to.
    pub status: PlanStatus,
    pub item_count: u32,
    pub taken_by: Uuid,
    pub taken_at: DateTime<Utc>,
}

/// A stored snapshot with its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanVersionDto {
    #[serde(flatten)]
    pub summary: PlanVersionSummaryDto,
    pub content: PlanSnapshotContent,
}

/// A field whose value differs between two versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub before: Value,
    pub after: Value,
}

/// An item present in both versions with changed fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ItemChange {
    pub item_id: Uuid,
    /// The item's title in the later version.
    pub title: String,
    pub changes: Vec<FieldChange>,
}

/// `GET /plans/{id}/versions/compare?from=&to=`: what changed from one snapshot to another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanComparisonDto {
    pub from_seq: i32,
    pub to_seq: i32,
    /// Changes of the plan's header (title, narrative, revision).
    pub plan_changes: Vec<FieldChange>,
    pub added: Vec<PlanItemDto>,
    pub removed: Vec<PlanItemDto>,
    pub changed: Vec<ItemChange>,
}

/// The fields of `before` and `after` (JSON objects) that differ, in `after`'s field order,
/// ignoring `skip`.
fn field_changes(before: &Value, after: &Value, skip: &[&str]) -> Vec<FieldChange> {
    let (Some(b), Some(a)) = (before.as_object(), after.as_object()) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| !skip.contains(&k.as_str()))
        .filter_map(|k| {
            let old = b.get(k).cloned().unwrap_or(Value::Null);
            let new = a.get(k).cloned().unwrap_or(Value::Null);
            (old != new).then(|| FieldChange {
                field: k.clone(),
                before: old,
                after: new,
            })
        })
        .collect()
}

/// Compares two snapshots item by item (items keep their id across edits and revisions).
pub fn compare(
    from_seq: i32,
    from: &PlanSnapshotContent,
    to_seq: i32,
    to: &PlanSnapshotContent,
) -> PlanComparisonDto {
    let header = |c: &PlanSnapshotContent| serde_json::json!({"title": c.title, "narrative": c.narrative, "revision": c.revision});
    let json = |i: &PlanItemDto| serde_json::to_value(i).unwrap_or(Value::Null);
    let added = to
        .items
        .iter()
        .filter(|i| !from.items.iter().any(|o| o.id == i.id))
        .cloned()
        .collect();
    let removed = from
        .items
        .iter()
        .filter(|o| !to.items.iter().any(|i| i.id == o.id))
        .cloned()
        .collect();
    let changed = to
        .items
        .iter()
        .filter_map(|i| {
            let old = from.items.iter().find(|o| o.id == i.id)?;
            // `version` is bookkeeping, not content.
            let changes = field_changes(&json(old), &json(i), &["id", "version"]);
            (!changes.is_empty()).then(|| ItemChange {
                item_id: i.id,
                title: i.title.clone(),
                changes,
            })
        })
        .collect();
    PlanComparisonDto {
        from_seq,
        to_seq,
        plan_changes: field_changes(&header(from), &header(to), &[]),
        added,
        removed,
        changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learning::CourseCategory;
    use crate::training::ClassKind;
    use chrono::NaiveDate;

    fn item(id: u128, title: &str, trainees: u32) -> PlanItemDto {
        PlanItemDto {
            id: Uuid::from_u128(id),
            title: title.into(),
            class_kind: ClassKind::TrainingClass,
            category: CourseCategory::Professional,
            target_audience: "专业技术人员".into(),
            planned_trainees: trainees,
            planned_hours: 24.0,
            planned_start: NaiveDate::from_ymd_opt(2026, 4, 1).expect("date"),
            planned_end: NaiveDate::from_ymd_opt(2026, 4, 3).expect("date"),
            budget_fen: 100_000,
            commissioning_body: None,
            version: 1,
        }
    }

    fn content(items: Vec<PlanItemDto>) -> PlanSnapshotContent {
        PlanSnapshotContent {
            year: 2026,
            title: "计划".into(),
            narrative: None,
            revision: 1,
            items,
        }
    }

    #[test]
    fn comparison_names_added_removed_and_changed_fields() {
        let from = content(vec![item(1, "甲", 40), item(2, "乙", 30)]);
        let mut changed = item(1, "甲（调整）", 50);
        changed.version = 3;
        let mut to = content(vec![changed, item(3, "丙", 20)]);
        to.narrative = Some("补充说明".into());
        let diff = compare(1, &from, 2, &to);
        assert_eq!(
            diff.added.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![Uuid::from_u128(3)]
        );
        assert_eq!(
            diff.removed.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![Uuid::from_u128(2)]
        );
        assert_eq!(diff.changed.len(), 1);
        let fields: Vec<&str> = diff.changed[0]
            .changes
            .iter()
            .map(|c| c.field.as_str())
            .collect();
        assert_eq!(
            fields,
            vec!["planned_trainees", "title"],
            "version is not a change"
        );
        assert_eq!(diff.changed[0].changes[0].before, serde_json::json!(40));
        assert_eq!(diff.changed[0].changes[0].after, serde_json::json!(50));
        assert_eq!(diff.plan_changes.len(), 1);
        assert_eq!(diff.plan_changes[0].field, "narrative");
    }

    #[test]
    fn identical_snapshots_have_no_differences() {
        let c = content(vec![item(1, "甲", 40)]);
        let diff = compare(1, &c, 1, &c);
        assert!(diff.added.is_empty() && diff.removed.is_empty() && diff.changed.is_empty());
        assert!(diff.plan_changes.is_empty());
    }
}
