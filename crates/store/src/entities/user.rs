use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    /// Roles as `,admin,staff,` (delimited on both ends so a LIKE filter matches whole names).
    pub roles: String,
    pub reviewer_authority: Option<String>,
    pub disabled: bool,
    /// Every endpoint but `/me`, `/me/password` answers 403 `password_change_required` until the
    /// password is changed.
    pub must_change_password: bool,
    pub sessions_valid_after: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
