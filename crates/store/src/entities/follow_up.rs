use sea_orm::entity::prelude::*;

/// A follow-up response (Art. 17); one per class and respondent (`respondent_key`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "follow_ups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub respondent: String,
    /// `trainee:<person id>` or `employer:<organisation id>`.
    pub respondent_key: String,
    pub person_id: Option<Uuid>,
    pub organisation_id: Option<Uuid>,
    pub applied: i32,
    pub improvement: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub comment: Option<String>,
    pub submitted_by: Uuid,
    pub submitted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
