use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "teachers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub person_id: Uuid,
    pub employment: String,
    pub degree: String,
    pub title_level: String,
    pub field: Option<String>,
    pub affiliation: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub teaching_experience: Option<String>,
    pub leader_attested: bool,
    pub evidence_verified_at: Option<DateTimeUtc>,
    pub evidence_verified_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
