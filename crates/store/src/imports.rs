//! Import jobs (`import_jobs`): an uploaded file's preview, its staged rows and its state.
//!
//! A job moves `validating → ready → committing → done` (or `failed`). The staged rows are one
//! blob (a JSON array of [`StagedRow`]) written with the preview, so a finished preview survives
//! a restart. **The `done` state is written in the commit's own transaction**
//! ([`finish_commit`], conditional on `committing` and on the runner still holding the job's
//! lease), so "done" and "rows written" are one fact: a commit that is interrupted rolls back
//! entirely and leaves the job `committing`; once its lease runs out another instance (or the
//! restarted one) takes it over with [`resume_commit`] and commits it again from the staged rows,
//! or fails it with a reason ([`abandon`]: a validation, whose file was only in the dead
//! process's memory, or a commit interrupted too often). Two commits of one job cannot both
//! write, whatever happens to the instances running them (`crate::leases`).
//!
//! Progress while a phase runs is not written here: during the commit the write transaction
//! holds SQLite's write lock (and on PostgreSQL its rows would stay invisible until commit), so
//! the instance running the job keeps the counts in memory and persists them at phase changes.

use cebase_domain::ProblemCode;
use cebase_domain::imports::{
    ImportFormat, ImportJob, ImportRowError, ImportStatus, MAX_LISTED_ERRORS, StagedImport,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, Iterable,
    QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::import_job;
use crate::leases::{self, Lease};
use crate::listing::corrupt;

/// The states in which a job is being worked on by the instance holding its lease.
const RUNNING: [ImportStatus; 3] = [
    ImportStatus::Pending,
    ImportStatus::Validating,
    ImportStatus::Committing,
];

fn running() -> impl Iterator<Item = &'static str> {
    RUNNING.iter().map(|s| s.as_str())
}

/// A job to create: `pending` (queued for a background validation) or `validating`.
#[derive(Debug, Clone)]
pub struct NewImportJob {
    pub status: ImportStatus,
    pub created_by: Uuid,
    pub format: ImportFormat,
    pub file_sha256: String,
    pub class_id: Option<Uuid>,
    pub keep_valid: bool,
    pub total_rows: u32,
}

/// The outcome of validating a file.
#[derive(Debug, Clone, Default)]
pub struct Preview {
    /// Data rows looked at (all of them, once the preview is ready).
    pub processed_rows: u32,
    pub valid_rows: u32,
    /// Every row error, by row; the first [`MAX_LISTED_ERRORS`] are kept.
    pub errors: Vec<ImportRowError>,
    /// The rows that parsed (checked again and written by the commit) and the errors of the
    /// others.
    pub staged: StagedImport,
}

/// The counts a commit wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    pub written_rows: u32,
    pub people_created: u32,
    pub people_reused: u32,
    pub enrolments_created: u32,
}

fn count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

fn uncount(n: i32) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

fn listed(errors: &[ImportRowError]) -> String {
    let first = &errors[..errors.len().min(MAX_LISTED_ERRORS)];
    serde_json::to_string(first).unwrap_or_else(|_| "[]".into())
}

/// A job row without its staged blob (which may be tens of megabytes and is read only by the
/// commit), so polling a job's progress stays cheap.
#[derive(Debug, FromQueryResult)]
struct JobRow {
    id: Uuid,
    created_by: Uuid,
    format: String,
    file_sha256: String,
    class_id: Option<Uuid>,
    keep_valid: bool,
    status: String,
    total_rows: i32,
    valid_rows: i32,
    processed_rows: i32,
    written_rows: i32,
    people_created: i32,
    people_reused: i32,
    enrolments_created: i32,
    error_count: i32,
    errors: String,
    message: Option<String>,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
}

impl From<import_job::Model> for JobRow {
    fn from(m: import_job::Model) -> Self {
        Self {
            id: m.id,
            created_by: m.created_by,
            format: m.format,
            file_sha256: m.file_sha256,
            class_id: m.class_id,
            keep_valid: m.keep_valid,
            status: m.status,
            total_rows: m.total_rows,
            valid_rows: m.valid_rows,
            processed_rows: m.processed_rows,
            written_rows: m.written_rows,
            people_created: m.people_created,
            people_reused: m.people_reused,
            enrolments_created: m.enrolments_created,
            error_count: m.error_count,
            errors: m.errors,
            message: m.message,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

fn decode(m: JobRow) -> Result<ImportJob, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("import_jobs.{what}"), id);
    Ok(ImportJob {
        id,
        created_by: m.created_by,
        format: m.format.parse().map_err(|_| bad("format"))?,
        file_sha256: m.file_sha256,
        class_id: m.class_id,
        keep_valid: m.keep_valid,
        status: m.status.parse().map_err(|_| bad("status"))?,
        total_rows: uncount(m.total_rows),
        valid_rows: uncount(m.valid_rows),
        processed_rows: uncount(m.processed_rows),
        written_rows: uncount(m.written_rows),
        people_created: uncount(m.people_created),
        people_reused: uncount(m.people_reused),
        enrolments_created: uncount(m.enrolments_created),
        error_count: uncount(m.error_count),
        errors: serde_json::from_str(&m.errors).map_err(|_| bad("errors"))?,
        message: m.message,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Creates job `new`, held by `lease` (the instance that will validate it).
pub async fn create(
    db: &impl ConnectionTrait,
    new: NewImportJob,
    lease: &Lease,
) -> Result<ImportJob, StoreError> {
    let now = Utc::now();
    let m = import_job::ActiveModel {
        id: Set(Uuid::now_v7()),
        created_by: Set(new.created_by),
        format: Set(new.format.as_str().to_owned()),
        file_sha256: Set(new.file_sha256),
        class_id: Set(new.class_id),
        keep_valid: Set(new.keep_valid),
        status: Set(new.status.as_str().to_owned()),
        total_rows: Set(count(new.total_rows)),
        valid_rows: Set(0),
        processed_rows: Set(0),
        written_rows: Set(0),
        people_created: Set(0),
        people_reused: Set(0),
        enrolments_created: Set(0),
        error_count: Set(0),
        errors: Set("[]".into()),
        message: Set(None),
        staged: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        lease_owner: Set(Some(lease.owner)),
        lease_expires_at: Set(Some(lease.expires(now))),
        committed_by: Set(None),
        attempts: Set(0),
    }
    .insert(db)
    .await?;
    decode(m.into())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<ImportJob, StoreError> {
    let m = import_job::Entity::find_by_id(id)
        .select_only()
        .columns(import_job::Column::iter().filter(|c| !matches!(c, import_job::Column::Staged)))
        .into_model::<JobRow>()
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// Stores a finished preview and makes the job `ready` — or, for an upload that commits at
/// once, `committing` (so it is never seen ready in between; its first commit run) — if it is
/// still validating under `owner`'s lease.
pub async fn save_preview(
    db: &impl ConnectionTrait,
    id: Uuid,
    preview: &Preview,
    then_commit: bool,
    owner: Uuid,
) -> Result<(), StoreError> {
    let next = if then_commit {
        ImportStatus::Committing
    } else {
        ImportStatus::Ready
    };
    let staged = serde_json::to_vec(&preview.staged)
        .map_err(|e| StoreError::Corrupt(format!("staged rows do not serialise: {e}")))?;
    import_job::Entity::update_many()
        .col_expr(import_job::Column::Status, Expr::value(next.as_str()))
        .col_expr(
            import_job::Column::ValidRows,
            Expr::value(count(preview.valid_rows)),
        )
        .col_expr(
            import_job::Column::ProcessedRows,
            Expr::value(count(preview.processed_rows)),
        )
        .col_expr(
            import_job::Column::ErrorCount,
            Expr::value(i32::try_from(preview.errors.len()).unwrap_or(i32::MAX)),
        )
        .col_expr(
            import_job::Column::Errors,
            Expr::value(listed(&preview.errors)),
        )
        .col_expr(import_job::Column::Staged, Expr::value(staged))
        .col_expr(
            import_job::Column::Attempts,
            Expr::value(i32::from(then_commit)),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.eq(ImportStatus::Validating.as_str()))
        .filter(import_job::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// A queued job held by `owner` starts validating (`pending → validating`).
pub async fn start_validation(
    db: &impl ConnectionTrait,
    id: Uuid,
    owner: Uuid,
) -> Result<(), StoreError> {
    import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Validating.as_str()),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.eq(ImportStatus::Pending.as_str()))
        .filter(import_job::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks a running job held by `owner` `failed` with `message` (nothing of it was written).
pub async fn fail(
    db: &impl ConnectionTrait,
    id: Uuid,
    message: &str,
    owner: Uuid,
) -> Result<(), StoreError> {
    import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Failed.as_str()),
        )
        .col_expr(import_job::Column::Message, Expr::value(message))
        .col_expr(
            import_job::Column::Staged,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.is_in(running()))
        .filter(import_job::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes a `ready` job for committing (`keep_valid` as given) by account `by`, held by
/// `lease`: `false` when it is not ready, e.g. because a concurrent request took it first.
pub async fn claim_commit(
    db: &impl ConnectionTrait,
    id: Uuid,
    keep_valid: bool,
    by: Uuid,
    lease: &Lease,
) -> Result<bool, StoreError> {
    let now = Utc::now();
    let result = import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Committing.as_str()),
        )
        .col_expr(import_job::Column::KeepValid, Expr::value(keep_valid))
        .col_expr(import_job::Column::ProcessedRows, Expr::value(0))
        .col_expr(
            import_job::Column::Message,
            Expr::value(Option::<String>::None),
        )
        .col_expr(import_job::Column::CommittedBy, Expr::value(by))
        .col_expr(import_job::Column::Attempts, Expr::value(1))
        .col_expr(import_job::Column::LeaseOwner, Expr::value(lease.owner))
        .col_expr(
            import_job::Column::LeaseExpiresAt,
            Expr::value(lease.expires(now)),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.eq(ImportStatus::Ready.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Returns a job that `owner` took for committing to `ready`, with the errors the commit found
/// (nothing was written: all or nothing).
pub async fn reject_commit(
    db: &impl ConnectionTrait,
    id: Uuid,
    valid_rows: u32,
    errors: &[ImportRowError],
    message: &str,
    owner: Uuid,
) -> Result<(), StoreError> {
    import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Ready.as_str()),
        )
        .col_expr(
            import_job::Column::ValidRows,
            Expr::value(count(valid_rows)),
        )
        .col_expr(
            import_job::Column::ErrorCount,
            Expr::value(i32::try_from(errors.len()).unwrap_or(i32::MAX)),
        )
        .col_expr(import_job::Column::Errors, Expr::value(listed(errors)))
        .col_expr(import_job::Column::Message, Expr::value(message))
        .col_expr(import_job::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.eq(ImportStatus::Committing.as_str()))
        .filter(import_job::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    Ok(())
}

/// The staged rows of a job (none once it is done).
pub async fn staged(db: &impl ConnectionTrait, id: Uuid) -> Result<StagedImport, StoreError> {
    let staged: Option<Vec<u8>> = import_job::Entity::find_by_id(id)
        .select_only()
        .column(import_job::Column::Staged)
        .into_tuple()
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    match staged {
        None => Ok(StagedImport::default()),
        Some(bytes) => {
            serde_json::from_slice(&bytes).map_err(|_| corrupt("import_jobs.staged", id))
        }
    }
}

/// Records a commit's outcome in the commit's transaction `txn`: `committing → done`, the
/// counts, every row error, and drops the staged rows. `Conflict("import_not_committing")` when
/// the job is no longer committing or `owner` no longer holds it (another commit finished it, or
/// another instance took it over) — the caller rolls back.
pub async fn finish_commit(
    txn: &impl ConnectionTrait,
    id: Uuid,
    written: Written,
    errors: &[ImportRowError],
    owner: Uuid,
) -> Result<(), StoreError> {
    let result = import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Done.as_str()),
        )
        .col_expr(
            import_job::Column::ProcessedRows,
            Expr::value(count(written.written_rows)),
        )
        .col_expr(
            import_job::Column::WrittenRows,
            Expr::value(count(written.written_rows)),
        )
        .col_expr(
            import_job::Column::PeopleCreated,
            Expr::value(count(written.people_created)),
        )
        .col_expr(
            import_job::Column::PeopleReused,
            Expr::value(count(written.people_reused)),
        )
        .col_expr(
            import_job::Column::EnrolmentsCreated,
            Expr::value(count(written.enrolments_created)),
        )
        .col_expr(
            import_job::Column::ErrorCount,
            Expr::value(i32::try_from(errors.len()).unwrap_or(i32::MAX)),
        )
        .col_expr(import_job::Column::Errors, Expr::value(listed(errors)))
        .col_expr(
            import_job::Column::Staged,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.eq(ImportStatus::Committing.as_str()))
        .filter(import_job::Column::LeaseOwner.eq(owner))
        .exec(txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::Conflict(ProblemCode::ImportNotCommitting));
    }
    Ok(())
}

/// Renews the lease of every job `lease.owner` is running; answers how many.
pub async fn renew(db: &impl ConnectionTrait, lease: &Lease) -> Result<u64, StoreError> {
    let result = import_job::Entity::update_many()
        .col_expr(
            import_job::Column::LeaseExpiresAt,
            Expr::value(lease.expires(Utc::now())),
        )
        .filter(import_job::Column::LeaseOwner.eq(lease.owner))
        .filter(import_job::Column::Status.is_in(running()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// A running job whose lease ran out: its instance stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lapsed {
    pub id: Uuid,
    pub status: ImportStatus,
    /// Commit runs started so far.
    pub attempts: u32,
    /// The account a resumed commit is recorded under: who asked for the commit (the uploader
    /// for an upload that committed at once, and for jobs from before this was recorded).
    pub committer: Uuid,
}

/// The running jobs whose lease ran out at `now`, other than `owner`'s own.
pub async fn lapsed(
    db: &impl ConnectionTrait,
    owner: Uuid,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<Lapsed>, StoreError> {
    let rows: Vec<(Uuid, String, i32, Option<Uuid>, Uuid)> = import_job::Entity::find()
        .select_only()
        .columns([
            import_job::Column::Id,
            import_job::Column::Status,
            import_job::Column::Attempts,
            import_job::Column::CommittedBy,
            import_job::Column::CreatedBy,
        ])
        .filter(import_job::Column::Status.is_in(running()))
        .filter(leases::lapsed(
            import_job::Column::LeaseOwner,
            import_job::Column::LeaseExpiresAt,
            owner,
            now,
        ))
        .into_tuple()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, status, attempts, committed_by, created_by)| {
            Ok(Lapsed {
                id,
                status: status
                    .parse()
                    .map_err(|_| corrupt("import_jobs.status", id))?,
                attempts: uncount(attempts),
                committer: committed_by.unwrap_or(created_by),
            })
        })
        .collect()
}

/// Takes over committing job `id` whose lease ran out, for `lease.owner` to commit it again (its
/// next attempt), noting `message` on it: `false` when the job is no longer committing or its
/// lease is held (its instance finished it, renewed it, or another took it over first).
pub async fn resume_commit(
    db: &impl ConnectionTrait,
    id: Uuid,
    lease: &Lease,
    message: &str,
) -> Result<bool, StoreError> {
    let now = Utc::now();
    let result = import_job::Entity::update_many()
        .col_expr(import_job::Column::LeaseOwner, Expr::value(lease.owner))
        .col_expr(
            import_job::Column::LeaseExpiresAt,
            Expr::value(lease.expires(now)),
        )
        .col_expr(
            import_job::Column::Attempts,
            Expr::col(import_job::Column::Attempts).add(1),
        )
        .col_expr(import_job::Column::ProcessedRows, Expr::value(0))
        .col_expr(import_job::Column::Message, Expr::value(message))
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.eq(ImportStatus::Committing.as_str()))
        .filter(leases::lapsed(
            import_job::Column::LeaseOwner,
            import_job::Column::LeaseExpiresAt,
            lease.owner,
            now,
        ))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Fails running job `id` whose lease ran out, with `message` (nothing of it was written):
/// `false` when it is no longer running or its lease is held.
pub async fn abandon(
    db: &impl ConnectionTrait,
    id: Uuid,
    owner: Uuid,
    message: &str,
) -> Result<bool, StoreError> {
    let now = Utc::now();
    let result = import_job::Entity::update_many()
        .col_expr(
            import_job::Column::Status,
            Expr::value(ImportStatus::Failed.as_str()),
        )
        .col_expr(import_job::Column::Message, Expr::value(message))
        .col_expr(
            import_job::Column::Staged,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(import_job::Column::UpdatedAt, Expr::value(now))
        .filter(import_job::Column::Id.eq(id))
        .filter(import_job::Column::Status.is_in(running()))
        .filter(leases::lapsed(
            import_job::Column::LeaseOwner,
            import_job::Column::LeaseExpiresAt,
            owner,
            now,
        ))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
