use sea_orm::entity::prelude::*;

/// A certificate (Art. 9) with what it states, copied when issued.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub number: String,
    pub year: i32,
    pub sequence: i64,
    pub verification_code: String,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub class_id: Uuid,
    pub learning_record_id: Uuid,
    pub learning_record_version: i32,
    pub holder_name: String,
    pub class_title: String,
    pub class_kind: String,
    pub form: String,
    pub start_date: Date,
    pub end_date: Date,
    pub public_required_tenths: i32,
    pub professional_tenths: i32,
    pub result: Option<String>,
    /// `cebase_domain::certificate::CertificateStatus` as text.
    pub status: String,
    pub revoked_at: Option<DateTimeUtc>,
    pub revoked_by: Option<Uuid>,
    pub revocation_reason: Option<String>,
    pub replaces: Option<Uuid>,
    pub replaced_by: Option<Uuid>,
    pub status_list_index: i32,
    pub issued_at: DateTimeUtc,
    pub issued_by: Uuid,
    /// The signed Open Badges credential (VC-JWT), signed at issuance.
    pub credential: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
