use sea_orm::entity::prelude::*;

/// Only ever inserted: one move of a class report; a submission carries its frozen figures.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "class_report_transitions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub report_id: Uuid,
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub authority: Option<String>,
    pub from_paper: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub comments: Option<String>,
    pub document_number: Option<String>,
    pub reply_date: Option<Date>,
    /// JSON `cebase_domain::reports::ReportSubmission` (submissions only).
    #[sea_orm(column_type = "Text", nullable)]
    pub submission: Option<String>,
    pub acted_by: Uuid,
    pub acted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
