//! Connecting to SQLite or PostgreSQL and running migrations.

use std::time::Duration;

use cebase_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection};

use crate::StoreError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Connects to `url` (`sqlite://path?mode=rwc` or `postgres://…`).
///
/// SQLite runs in WAL mode so readers never block the single writer; sqlx already enables
/// foreign keys and a busy timeout, so concurrent writers wait instead of failing.
pub async fn connect(
    url: &str,
    max_connections: u32,
) -> Result<(DatabaseConnection, Backend), StoreError> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(30))
        // A connection is pinged before use only after it sat idle (a database restart or a
        // dropped idle connection shows there); pinging on every acquire would double the round
        // trips of every query.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false);
    let db = Database::connect(options).await?;
    let backend = match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            db.execute_unprepared("PRAGMA journal_mode = WAL").await?;
            db.execute_unprepared("PRAGMA synchronous = NORMAL").await?;
            Backend::Sqlite
        }
        DatabaseBackend::Postgres => Backend::Postgres,
        other => {
            return Err(StoreError::Corrupt(format!(
                "unsupported database backend {other:?}"
            )));
        }
    };
    Ok((db, backend))
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), StoreError> {
    Migrator::up(db, None).await?;
    Ok(())
}
