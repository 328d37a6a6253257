use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "classes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub title: String,
    /// `cebase_domain::training::ClassKind` as text.
    pub kind: String,
    pub commissioning_organisation_id: Option<Uuid>,
    /// `cebase_domain::training::DeliveryForm` as text.
    pub form: String,
    pub start_date: Date,
    pub end_date: Date,
    pub location: Option<String>,
    pub capacity: i32,
    /// Active enrolments; a CHECK keeps it within 0..=capacity.
    pub enrolled_count: i32,
    pub fee_fen: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub syllabus: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub logistics: Option<String>,
    pub min_attendance_percent: i32,
    pub assessment_required: bool,
    pub open_enrolment: bool,
    /// `cebase_domain::class::ClassStatus` as text.
    pub status: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    /// The annual-plan item the class implements (added by the plans migration).
    pub plan_item_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
