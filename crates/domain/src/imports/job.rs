//! An import job: its state, format and what its answer shows.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ImportRowError;
use crate::text_enum::text_enum;

/// State of an import job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// Received, not yet being validated.
    Pending,
    /// Rows are being parsed and checked (a background job for large files).
    Validating,
    /// The preview is ready: `valid_rows` can be committed.
    Ready,
    /// The rows are being written, in one transaction.
    Committing,
    /// Written (the whole import in one transaction).
    Done,
    /// Nothing was written; `message` says why.
    Failed,
}

text_enum!(ImportStatus {
    Pending => "pending",
    Validating => "validating",
    Ready => "ready",
    Committing => "committing",
    Done => "done",
    Failed => "failed",
});

impl ImportStatus {
    /// Whether a job in this state is being worked on.
    pub fn is_running(self) -> bool {
        matches!(
            self,
            ImportStatus::Pending | ImportStatus::Validating | ImportStatus::Committing
        )
    }
}

/// The file format of an import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    Xlsx,
}

text_enum!(ImportFormat {
    Csv => "csv",
    Xlsx => "xlsx",
});

/// The most row errors an import answer lists; `error_count` has them all.
pub const MAX_LISTED_ERRORS: usize = 200;

/// A stored import job.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportJob {
    pub id: Uuid,
    pub created_by: Uuid,
    pub format: ImportFormat,
    /// SHA-256 of the uploaded file, hex.
    pub file_sha256: String,
    pub class_id: Option<Uuid>,
    pub keep_valid: bool,
    pub status: ImportStatus,
    pub total_rows: u32,
    pub valid_rows: u32,
    pub processed_rows: u32,
    pub written_rows: u32,
    pub people_created: u32,
    pub people_reused: u32,
    pub enrolments_created: u32,
    pub error_count: u32,
    /// The first [`MAX_LISTED_ERRORS`] row errors, by row.
    pub errors: Vec<ImportRowError>,
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An import job as the API shows it: the preview (`total_rows`, `valid_rows`, `errors`) and
/// the progress (`status`, `processed_rows`, `written_rows`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportJobDto {
    pub import_id: Uuid,
    pub status: ImportStatus,
    pub format: ImportFormat,
    pub file_sha256: String,
    pub class_id: Option<Uuid>,
    pub keep_valid: bool,
    /// Data rows in the file (blank rows not counted).
    pub total_rows: u32,
    /// Rows that passed every check at the preview.
    pub valid_rows: u32,
    /// Rows validated (while `validating`) or written (while `committing`) so far.
    pub processed_rows: u32,
    /// Rows written by the commit (a person created or reused and, with a class, enrolled).
    pub written_rows: u32,
    pub people_created: u32,
    /// Rows whose person was on file (same document and name) and was reused unchanged.
    pub people_reused: u32,
    pub enrolments_created: u32,
    /// Every rejected row counted; `errors` lists the first 200.
    pub error_count: u32,
    pub errors: Vec<ImportRowError>,
    /// Why a job failed, or a note about its outcome.
    pub message: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ImportJob {
    pub fn to_dto(&self) -> ImportJobDto {
        ImportJobDto {
            import_id: self.id,
            status: self.status,
            format: self.format,
            file_sha256: self.file_sha256.clone(),
            class_id: self.class_id,
            keep_valid: self.keep_valid,
            total_rows: self.total_rows,
            valid_rows: self.valid_rows,
            processed_rows: self.processed_rows,
            written_rows: self.written_rows,
            people_created: self.people_created,
            people_reused: self.people_reused,
            enrolments_created: self.enrolments_created,
            error_count: self.error_count,
            errors: self.errors.clone(),
            message: self.message.clone(),
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}
