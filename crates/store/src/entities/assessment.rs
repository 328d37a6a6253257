use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    pub course_id: Option<Uuid>,
    pub title: String,
    /// `cebase_domain::training::AssessmentKind` as text.
    pub kind: String,
    /// `cebase_domain::training::Scoring` as text.
    pub scoring: String,
    /// Set exactly for scored assessments.
    pub max_score_tenths: Option<i32>,
    pub pass_mark_tenths: Option<i32>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
