//! Persistence of cebase.
//!
//! Queries and mutations are plain functions taking a connection (`&impl ConnectionTrait`), so
//! callers compose them inside one transaction. Entities stay private to this crate: every
//! function takes and returns domain values.
//!
//! **Architecture invariant:** only this crate (and `migrations`) knows SQL.

pub mod assessments;
pub mod attendance;
pub mod audit;
// --- certificates ---
pub mod certificates;
pub mod classes;
// --- reports (Art. 11, 16-18) ---
pub mod class_reports;
pub mod evaluations;
pub mod needs;
pub mod operations;
// ---
pub mod completion;
mod connect;
pub mod courses;
mod decode;
pub mod enrolments;
mod entities;
mod error;
pub mod imports;
pub mod learning_records;
pub mod leases;
pub mod listing;
// --- materials3: lecture materials ---
pub mod materials;
pub mod organisations;
pub mod partners;
pub mod people;
pub mod person_registrations;
pub mod plans;
pub mod reviews;
pub mod secrets;
pub mod sessions;
pub mod teachers;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use connect::{Backend, connect, migrate};
pub use error::StoreError;
pub use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};

use sea_orm::Statement;

/// Starts a transaction for an audited write.
///
/// The first statement takes the audit chain's head row for writing. On PostgreSQL that row
/// lock serialises audited writers until commit; on SQLite the write lock is taken before any
/// read, so a transaction never has to upgrade a stale read snapshot (which would fail with
/// `SQLITE_BUSY` instead of waiting). Every audited write therefore starts here.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, StoreError> {
    let txn = db.begin().await?;
    let backend = txn.get_database_backend();
    txn.execute_raw(Statement::from_string(
        backend,
        "UPDATE audit_head SET last_seq = last_seq WHERE id = 1",
    ))
    .await?;
    Ok(txn)
}

/// Checks that the database answers (for `/ready`).
pub async fn ping(db: &DatabaseConnection) -> Result<(), StoreError> {
    db.ping().await?;
    Ok(())
}
