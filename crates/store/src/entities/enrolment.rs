use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "enrolments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique together with `person_id`.
    pub class_id: Uuid,
    pub person_id: Uuid,
    /// `cebase_domain::training::EnrolmentStatus` as text.
    pub status: String,
    /// `cebase_domain::training::EnrolmentSource` as text.
    pub source: String,
    pub enrolled_at: DateTimeUtc,
    pub enrolled_by: Uuid,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawn_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
