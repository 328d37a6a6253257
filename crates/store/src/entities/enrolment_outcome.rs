use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolment_outcomes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub enrolment_id: Uuid,
    pub class_id: Uuid,
    /// `cebase_domain::training::CompletionOutcome` as text.
    pub outcome: String,
    /// JSON array of `cebase_domain::learning::CompletionFailure`.
    pub failures: String,
    pub attended: i32,
    pub sessions: i32,
    pub assessment_passed: Option<bool>,
    pub evaluated_by: Uuid,
    pub evaluated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
