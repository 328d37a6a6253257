//! Figures for operators (the `/metrics` endpoint): background jobs by state and the length of
//! the audit chain, read from the database so every instance reports the same.

use cebase_domain::certificate::BatchStatus;
use cebase_domain::imports::ImportStatus;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, PaginatorTrait,
    QueryFilter,
};

use crate::StoreError;
use crate::entities::{certificate_batch, import_job};

/// Background jobs that have not finished, by kind and state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JobCounts {
    /// Imports received but not yet being validated.
    pub imports_queued: u64,
    /// Imports being validated or committed.
    pub imports_running: u64,
    /// Certificate batches being issued.
    pub batches_running: u64,
}

pub async fn job_counts(db: &impl ConnectionTrait) -> Result<JobCounts, StoreError> {
    let imports = |states: &'static [ImportStatus]| {
        import_job::Entity::find()
            .filter(import_job::Column::Status.is_in(states.iter().map(|s| s.as_str())))
            .count(db)
    };
    Ok(JobCounts {
        imports_queued: imports(&[ImportStatus::Pending]).await?,
        imports_running: imports(&[ImportStatus::Validating, ImportStatus::Committing]).await?,
        batches_running: certificate_batch::Entity::find()
            .filter(certificate_batch::Column::Status.eq(BatchStatus::Running.as_str()))
            .count(db)
            .await?,
    })
}

/// Open and idle connections of the pool.
pub fn pool_connections(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    }
}
