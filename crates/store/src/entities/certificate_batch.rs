use sea_orm::entity::prelude::*;

/// A batch issuance of a class's certificates.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub class_id: Uuid,
    /// `cebase_domain::certificate::BatchStatus` as text.
    pub status: String,
    pub total: i32,
    pub issued: i32,
    pub skipped: i32,
    pub message: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The instance running the batch (`crate::leases`).
    pub lease_owner: Option<Uuid>,
    pub lease_expires_at: Option<DateTimeUtc>,
    /// Runs started, the first and any resumed after a stop.
    pub attempts: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
