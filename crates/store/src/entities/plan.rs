use sea_orm::entity::prelude::*;

/// An annual plan (Art. 8); one per year (`uq_plans_year`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub year: i32,
    pub title: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub narrative: Option<String>,
    /// `cebase_domain::plans::PlanStatus` as text.
    pub status: String,
    pub revision: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
