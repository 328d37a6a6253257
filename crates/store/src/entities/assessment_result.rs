use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "assessment_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique together with `enrolment_id`.
    pub assessment_id: Uuid,
    pub enrolment_id: Uuid,
    /// Set exactly for scored assessments.
    pub score_tenths: Option<i32>,
    pub passed: bool,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
