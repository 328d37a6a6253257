use sea_orm::entity::prelude::*;

/// Only ever inserted: one move of a plan through its workflow.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "plan_transitions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub revision: i32,
    /// `cebase_domain::plans::PlanAction` as text.
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    /// `cebase_domain::Authority` as text.
    pub authority: Option<String>,
    pub from_paper: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub comments: Option<String>,
    pub document_number: Option<String>,
    pub reply_date: Option<Date>,
    pub late: bool,
    pub scan_id: Option<Uuid>,
    pub snapshot_id: Option<Uuid>,
    pub acted_by: Uuid,
    pub acted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
