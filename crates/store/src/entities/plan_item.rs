use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub title: String,
    /// `cebase_domain::training::ClassKind` as text.
    pub class_kind: String,
    /// `cebase_domain::learning::CourseCategory` as text.
    pub category: String,
    pub target_audience: String,
    pub planned_trainees: i32,
    pub planned_hours_tenths: i32,
    pub planned_start: Date,
    pub planned_end: Date,
    pub budget_fen: i64,
    pub commissioning_body: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
