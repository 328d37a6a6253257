use sea_orm::entity::prelude::*;

/// Only ever inserted: one version of a learning record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "learning_record_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Unique together with `version`.
    pub record_id: Uuid,
    pub version: i32,
    pub person_id: Uuid,
    pub class_id: Uuid,
    pub year: i32,
    /// `cebase_domain::training::DeliveryForm` as text.
    pub form: String,
    pub content: String,
    pub public_required_tenths: i32,
    pub professional_tenths: i32,
    pub assessment_result: Option<String>,
    pub certificate_number: Option<String>,
    pub reason: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
