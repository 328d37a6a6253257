use sea_orm::entity::prelude::*;

/// A class's own questionnaire (classes without one use the default template).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "questionnaires")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub class_id: Uuid,
    /// JSON `cebase_domain::reports::Questionnaire`.
    #[sea_orm(column_type = "Text")]
    pub content: String,
    pub updated_by: Uuid,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
