use sea_orm::entity::prelude::*;

/// A submitted training need.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_needs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub topic: String,
    pub field: String,
    pub head_count: i32,
    pub preferred_start: Date,
    pub preferred_end: Date,
    pub category: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub notes: Option<String>,
    pub source: String,
    pub organisation_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub submitted_by: Uuid,
    pub plan_item_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
