use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub submitted_by: Uuid,
    /// `cebase_domain::identity::IdDocumentKind` as text.
    pub id_kind: String,
    /// The full, normalised document number (never logged; masked for contacts and the audit
    /// trail).
    pub id_number: String,
    /// The rest of the person as submitted, JSON (`cebase_store::person_registrations`).
    pub details: String,
    /// `cebase_domain::master::RegistrationStatus` as text.
    pub status: String,
    pub person_id: Option<Uuid>,
    pub reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
