use sea_orm::entity::prelude::*;

/// Only ever inserted: the plan and its items as submitted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_snapshots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    /// 1, 2, … per plan (`uq_plan_snapshots_plan_seq`).
    pub seq: i32,
    pub revision: i32,
    /// `cebase_domain::plans::PlanAction` as text.
    pub action: String,
    /// `cebase_domain::plans::PlanStatus` as text.
    pub status: String,
    pub item_count: i32,
    /// JSON of `cebase_domain::plans::PlanSnapshotContent`.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub taken_by: Uuid,
    pub taken_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
