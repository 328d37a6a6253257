use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub created_by: Uuid,
    /// `cebase_domain::imports::ImportFormat` as text.
    pub format: String,
    pub file_sha256: String,
    pub class_id: Option<Uuid>,
    pub keep_valid: bool,
    /// `cebase_domain::imports::ImportStatus` as text.
    pub status: String,
    pub total_rows: i32,
    pub valid_rows: i32,
    pub processed_rows: i32,
    pub written_rows: i32,
    pub people_created: i32,
    pub people_reused: i32,
    pub enrolments_created: i32,
    pub error_count: i32,
    /// JSON array of the first row errors.
    pub errors: String,
    pub message: Option<String>,
    /// JSON array of `cebase_domain::imports::StagedRow`.
    pub staged: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The instance running the job's current phase (`crate::leases`).
    pub lease_owner: Option<Uuid>,
    pub lease_expires_at: Option<DateTimeUtc>,
    /// Who asked for the commit (`None`: the uploader, committing at once).
    pub committed_by: Option<Uuid>,
    /// Commit runs started, the first and any resumed after a stop.
    pub attempts: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
