//! Leases of background jobs (import phases in `import_jobs`, batches in
//! `certificate_batches`).
//!
//! The instance that starts a job writes itself as its `lease_owner` (a random id per process)
//! with `lease_expires_at` a lease's length ahead, and renews that while the job runs. A job still
//! running (by its status) whose lease ran out belongs to a process that died — killed, crashed,
//! or cut off from the database for a whole lease — and another instance may take it over; a job
//! whose lease is current is never touched by anyone but its owner. Every write a runner makes to
//! its job (progress to the next phase, `done`, `failed`) is conditional on still owning it, so a
//! runner that lost its lease can no longer finish the job: its transaction rolls back and the new
//! owner's run is the only one that counts.
//!
//! Leases compare timestamps of the instances' clocks, which must agree to well within a lease
//! (NTP).

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

/// An instance's claim on the jobs it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lease {
    /// The instance (a random id per process).
    pub owner: Uuid,
    /// How long a claim lasts without being renewed.
    pub secs: u32,
}

impl Lease {
    /// The expiry of a claim taken or renewed at `now`.
    pub(crate) fn expires(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        now + chrono::Duration::seconds(i64::from(self.secs))
    }
}

/// Rows whose lease ran out at `now` (or that never had one: jobs from before leases) and that
/// `owner` does not hold — an instance never takes its own jobs over, they are alive as long as
/// it is.
pub(crate) fn lapsed(
    owner_column: impl ColumnTrait,
    expires_column: impl ColumnTrait,
    owner: Uuid,
    now: DateTime<Utc>,
) -> Condition {
    Condition::all()
        .add(
            Condition::any()
                .add(expires_column.is_null())
                .add(expires_column.lt(now)),
        )
        .add(
            Condition::any()
                .add(owner_column.is_null())
                .add(owner_column.ne(owner)),
        )
}
