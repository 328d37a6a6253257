//! The store's error type: constraint outcomes callers act on, and opaque database failures.

use cebase_domain::ProblemCode;
use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write; the payload names the constraint's meaning.
    #[error("conflict: {0}")]
    Conflict(ProblemCode),
    /// An optimistic-concurrency check failed: the row changed since the caller read it.
    #[error("the record was changed by someone else")]
    VersionConflict,
    /// A stored value does not parse into its domain type (data edited outside the system).
    #[error("corrupt stored value in {0}")]
    Corrupt(String),
    #[error("database error")]
    Db(#[source] DbErr),
}

impl From<DbErr> for StoreError {
    fn from(e: DbErr) -> Self {
        StoreError::Db(e)
    }
}

impl StoreError {
    /// Maps a unique violation to `Conflict(code)`, anything else to `Db`.
    pub(crate) fn unique_as(e: DbErr, code: ProblemCode) -> Self {
        Self::unique_by_column(e, &[], code)
    }

    /// Like [`Self::unique_as`] for tables with several unique constraints: the first entry of
    /// `by_column` whose column name appears in the violation message gives the code, `default`
    /// otherwise. Both SQLite (`UNIQUE constraint failed: people.user_id`) and PostgreSQL (the
    /// index name, here chosen to contain the column: `uq_people_user_id`) name it.
    pub(crate) fn unique_by_column(
        e: DbErr,
        by_column: &[(&str, ProblemCode)],
        default: ProblemCode,
    ) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(message)) => StoreError::Conflict(
                by_column
                    .iter()
                    .find(|(column, _)| message.contains(column))
                    .map_or(default, |(_, code)| *code),
            ),
            _ => StoreError::Db(e),
        }
    }
}
