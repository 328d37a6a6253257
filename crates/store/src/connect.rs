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
    if let Some(path) = sqlite_file(url) {
        make_private(path)?;
    }
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

/// The file of a `sqlite:` URL (`None` for PostgreSQL and in-memory databases).
fn sqlite_file(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let in_memory =
        path.is_empty() || path == ":memory:" || query.split('&').any(|p| p == "mode=memory");
    (!in_memory).then_some(path)
}

/// The SQLite database holds password hashes, refresh-token hashes and the signing keys: it is
/// created readable and writable by the server's account only (0600), and an existing one with
/// wider permissions is narrowed. SQLite gives its `-wal` and `-shm` files the database file's
/// permissions; existing ones are narrowed too.
#[cfg(unix)]
fn make_private(path: &str) -> Result<(), StoreError> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let io = |what: &str, e: std::io::Error| {
        StoreError::Db(sea_orm::DbErr::Custom(format!("{what} {path}: {e}")))
    };
    let file = std::path::Path::new(path);
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io("cannot create the directory of", e))?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
    {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io("cannot create", e)),
    }
    for suffix in ["", "-wal", "-shm"] {
        let name = format!("{path}{suffix}");
        if let Ok(meta) = std::fs::metadata(&name)
            && meta.permissions().mode() & 0o077 != 0
        {
            tracing::warn!(file = %name, "the database file was readable by others; narrowed to 0600");
            std::fs::set_permissions(&name, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| io("cannot narrow the permissions of", e))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn make_private(_path: &str) -> Result<(), StoreError> {
    Ok(())
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), StoreError> {
    Migrator::up(db, None).await?;
    Ok(())
}
