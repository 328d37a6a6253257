//! This instance's side of the background jobs' leases (`cebase_store::leases`): renewing the
//! leases of the jobs it runs, and taking over the jobs whose instance died.
//!
//! Once at start and then every third of `CEBASE_JOB_LEASE_SECS`, each instance
//!
//! 1. renews the lease of every import and certificate batch it is running, and
//! 2. looks for running jobs whose lease ran out — their process was killed, crashed or lost the
//!    database for a whole lease; after a restart that includes the jobs of the process before —
//!    and takes each over with one conditional update, so only one instance gets it:
//!    - an import **commit** and a certificate **batch** are resumed here: run again from the
//!      staged rows (the import) or the class (the batch), recorded under the account that asked
//!      for them. Nothing of the dead run was written (its transaction died with it), and the run
//!      re-checks everything against the database as it is now;
//!    - an import **validation** fails with a reason: its file was only in the dead process's
//!      memory;
//!    - a job already started [`MAX_ATTEMPTS`] times fails with a reason instead of being resumed
//!      again, so a job that kills its server cannot keep killing the next one.
//!
//! A job whose lease is current is never touched: another live instance is running it. An
//! instance never takes over its own jobs, which live as long as it does (on SQLite its lease
//! cannot even be renewed while one of its commits holds the write lock).

use std::sync::{Arc, Weak};
use std::time::Duration;

use cebase_domain::imports::ImportStatus;
use cebase_store::audit::Actor;
use cebase_store::certificates::{self as batches, LapsedBatch};
use cebase_store::imports::{self as imports, Lapsed};
use cebase_store::{StoreError, users};
use chrono::Utc;
use uuid::Uuid;

use crate::certificates::{BatchRunner, run_batch};
use crate::imports::{Importer, run_commit};
use crate::state::AppState;

/// Runs of one job (the first and the resumed ones) after which it is failed, not resumed.
pub const MAX_ATTEMPTS: u32 = 3;

/// Runs [`pass`] now and then every third of the lease, for as long as the application's state
/// lives. Passes run one at a time (a late one delays the next), so a pass waiting for SQLite's
/// write lock holds one connection, not one per interval.
pub fn spawn(state: Weak<AppState>) {
    let Some(first) = state.upgrade() else {
        return;
    };
    let interval = Duration::from_millis(u64::from(first.lease.secs) * 1000 / 3);
    tokio::spawn(async move { logged(&first).await });
    crate::housekeeping::every(state, interval, move |state| async move {
        logged(&state).await;
    });
}

async fn logged(state: &Arc<AppState>) {
    // Bounded, so a stalled database does not stop the loop for good.
    let limit = Duration::from_secs(u64::from(state.lease.secs).max(30));
    let Ok(done) = tokio::time::timeout(limit, pass(state)).await else {
        tracing::warn!("job leases: the pass timed out; trying again at the next interval");
        return;
    };
    if let Err(e) = &done.renewing {
        // On SQLite a long commit of this instance holds the write lock: its leases wait, and
        // nobody takes its jobs over meanwhile (there is no other instance).
        let message =
            "job leases: renewing this instance's leases failed; trying again at the next interval";
        match state.backend {
            cebase_store::Backend::Sqlite => tracing::debug!(error = %e, "{message}"),
            cebase_store::Backend::Postgres => tracing::warn!(error = %e, "{message}"),
        }
    }
    match &done.taking_over {
        Ok(taken) if taken.resumed > 0 || taken.failed > 0 => tracing::warn!(
            resumed = taken.resumed,
            failed = taken.failed,
            "background jobs of a stopped instance taken over"
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(
            error = %e,
            "job leases: taking over the jobs of stopped instances failed; trying again at the next interval"
        ),
    }
}

/// What one pass did.
#[derive(Debug)]
pub struct Pass {
    /// How many of this instance's jobs had their lease renewed.
    pub renewing: Result<u64, StoreError>,
    /// The jobs of stopped instances this one took over.
    pub taking_over: Result<Taken, StoreError>,
}

/// Jobs of stopped instances taken over by one pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Taken {
    /// Started again here.
    pub resumed: u32,
    /// Failed with a reason.
    pub failed: u32,
}

/// Renews this instance's leases, then takes over the jobs whose lease ran out (each part is
/// tried whatever the other's outcome).
pub async fn pass(state: &Arc<AppState>) -> Pass {
    let lease = &state.lease;
    // Only while something runs here: a job is between its creation (or taking over), which
    // writes a fresh lease, and its registration for a moment only, and on SQLite an update
    // takes the write lock even when it matches nothing.
    let busy = state.imports.busy() || state.certificate_batches.busy();
    let renewing = async {
        if !busy {
            return Ok(0);
        }
        Ok(imports::renew(&state.db, lease).await?
            + batches::renew_batches(&state.db, lease).await?)
    }
    .await;
    Pass {
        renewing,
        taking_over: take_over(state).await,
    }
}

async fn take_over(state: &Arc<AppState>) -> Result<Taken, StoreError> {
    let owner = state.lease.owner;
    let mut taken = Taken::default();
    let now = Utc::now();
    let mut count = |outcome: Option<bool>| match outcome {
        Some(true) => taken.resumed += 1,
        Some(false) => taken.failed += 1,
        None => {}
    };
    for job in imports::lapsed(&state.db, owner, now).await? {
        count(take_import(state, &job).await?);
    }
    for batch in batches::lapsed_batches(&state.db, owner, now).await? {
        count(take_batch(state, &batch).await?);
    }
    Ok(taken)
}

/// Takes import `job` over: `Some(true)` resumed, `Some(false)` failed, `None` when someone
/// else got to it first.
async fn take_import(state: &Arc<AppState>, job: &Lapsed) -> Result<Option<bool>, StoreError> {
    let (db, owner) = (&state.db, state.lease.owner);
    let id = job.id;
    if job.status != ImportStatus::Committing {
        let reason = "the server validating this file stopped before the preview was ready; nothing was written, upload the file again";
        return Ok(imports::abandon(db, id, owner, reason)
            .await?
            .then_some(false));
    }
    if job.attempts >= MAX_ATTEMPTS {
        let reason = format!(
            "the commit was interrupted {} times (the server running it stopped each time); nothing was written, upload the file again",
            job.attempts
        );
        return Ok(imports::abandon(db, id, owner, &reason)
            .await?
            .then_some(false));
    }
    let note = format!(
        "the server committing this import stopped before it finished, so nothing was written; the commit was resumed (attempt {} of {MAX_ATTEMPTS})",
        job.attempts + 1
    );
    if !imports::resume_commit(db, id, &state.lease, &note).await? {
        return Ok(None);
    }
    tracing::warn!(import_id = %id, attempt = job.attempts + 1, "resuming an import commit of a stopped instance");
    let state = state.clone();
    let committer = job.committer;
    tokio::spawn(async move {
        let (db, owner) = (&state.db, state.lease.owner);
        let resumed = async {
            let job = imports::find(db, id).await?;
            let by = Importer {
                actor: actor(db, committer).await?,
                request_id: None,
            };
            let keep_valid = job.keep_valid;
            // The outcome is recorded on the job, as for a commit started by a request.
            let _ = run_commit(db, &state.imports, job, keep_valid, by, owner).await;
            Ok::<_, StoreError>(())
        };
        if let Err(e) = resumed.await {
            tracing::error!(import_id = %id, error = %e, "cannot resume an import commit");
            let reason = "the commit could not be resumed after its server stopped; nothing was written, upload the file again";
            let _ = imports::fail(db, id, reason, owner).await;
        }
    });
    Ok(Some(true))
}

/// Takes certificate batch `batch` over: `Some(true)` resumed, `Some(false)` failed, `None`
/// when someone else got to it first.
async fn take_batch(
    state: &Arc<AppState>,
    batch: &LapsedBatch,
) -> Result<Option<bool>, StoreError> {
    let (db, owner) = (&state.db, state.lease.owner);
    let id = batch.id;
    if batch.attempts >= MAX_ATTEMPTS {
        let reason = format!(
            "the batch was interrupted {} times (the server running it stopped each time); nothing was issued, start the batch again",
            batch.attempts
        );
        return Ok(batches::abandon_batch(db, id, owner, &reason)
            .await?
            .then_some(false));
    }
    let note = format!(
        "the server issuing this batch stopped before it finished, so nothing was issued; the batch was resumed (attempt {} of {MAX_ATTEMPTS})",
        batch.attempts + 1
    );
    if !batches::resume_batch(db, id, &state.lease, &note).await? {
        return Ok(None);
    }
    tracing::warn!(batch_id = %id, attempt = batch.attempts + 1, "resuming a certificate batch of a stopped instance");
    let state = state.clone();
    let (class_id, created_by) = (batch.class_id, batch.created_by);
    tokio::spawn(async move {
        match actor(&state.db, created_by).await {
            Ok(actor) => {
                let runner = BatchRunner {
                    actor,
                    request_id: None,
                };
                // The outcome is recorded on the batch, as for a batch started by a request.
                let _ = run_batch(&state, id, class_id, runner).await;
            }
            Err(e) => {
                tracing::error!(batch_id = %id, error = %e, "cannot resume a certificate batch");
                let reason = "the batch could not be resumed after its server stopped; nothing was issued, start the batch again";
                let failed = cebase_domain::certificate::BatchStatus::Failed;
                let _ = batches::finish_batch(
                    &state.db,
                    id,
                    failed,
                    0,
                    0,
                    Some(reason),
                    state.lease.owner,
                )
                .await;
            }
        }
    });
    Ok(Some(true))
}

/// The account `id` as an audit actor.
async fn actor(db: &cebase_store::DatabaseConnection, id: Uuid) -> Result<Actor, StoreError> {
    let user = users::find(db, id).await?;
    Ok(Actor {
        id: user.id,
        username: user.username.to_string(),
    })
}
