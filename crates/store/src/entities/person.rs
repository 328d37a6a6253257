use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub name: String,
    /// `cebase_domain::identity::IdDocumentKind` as text; unique together with `id_number`.
    pub id_kind: String,
    /// The full, normalised document number (never logged; masked in lists and the audit trail).
    pub id_number: String,
    pub employer_id: Option<Uuid>,
    pub title: Option<String>,
    pub title_level: String,
    pub field: Option<String>,
    pub degree: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// Unique when set: an account belongs to at most one person.
    pub user_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
