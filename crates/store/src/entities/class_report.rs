use sea_orm::entity::prelude::*;

/// A class summary report (Art. 18); one per class.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    /// `cebase_domain::reports::ReportStatus` as text.
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub analysis: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub lessons: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub improvements: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
