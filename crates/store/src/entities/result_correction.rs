use sea_orm::entity::prelude::*;

/// Only ever inserted: the history of a result.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "result_corrections")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub result_id: Uuid,
    pub previous_score_tenths: Option<i32>,
    pub previous_passed: bool,
    pub score_tenths: Option<i32>,
    pub passed: bool,
    pub reason: String,
    pub corrected_by: Uuid,
    pub corrected_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
