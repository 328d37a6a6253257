//! Running bulk imports: validating an uploaded sheet into a preview, and committing it.
//!
//! Both phases run inline for small files and as a background task (a tokio task on the
//! instance that received the request) for files with more than `import_background_rows` data
//! rows; the job's state lives in `import_jobs` (`cebase_store::imports`), its progress while a
//! phase runs in this instance's [`ImportRegistry`]. That progress is deliberately not written
//! to the database as it goes: the commit's single transaction holds SQLite's write lock for its
//! whole length (and its rows are invisible elsewhere until it commits), so the counts are kept
//! in memory and persisted at phase changes.
//!
//! **Atomicity:** the commit re-reads and re-checks everything inside one `begin_write`
//! transaction — existing people, employers, the class's seats and enrolments — writes the
//! people in multi-row `INSERT`s, takes every seat with one conditional update, appends one
//! audit entry and marks the job `done`, then commits. Any failure, or an interrupted process,
//! rolls the whole import back.
//!
//! **Leases:** every phase runs under this instance's lease on the job (`owner`, see
//! `cebase_store::leases`); each of its writes to the job is conditional on still holding it.
//! A commit whose instance died is resumed elsewhere by `crate::job_leases`, with [`run_commit`]
//! again.

use cebase_domain::ProblemCode;
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use cebase_domain::imports::{
    ClassFacts, ImportFacts, ImportHeader, ImportJob, ImportPerson, ImportRowError, ImportStatus,
    PlannedPerson, StagedImport, is_blank, parse_row, review_import,
};
use cebase_domain::training::{EnrolmentSource, TrainingClass};
use cebase_store::audit::{self as audit_trail, Actor, NewEntry};
use cebase_store::enrolments::{self, NewEnrolment};
use cebase_store::imports::{self as jobs, Preview, Written};
use cebase_store::{
    ConnectionTrait, DatabaseConnection, begin_write, classes, organisations, people,
};
use serde_json::json;
use uuid::Uuid;

use crate::error::ApiError;
use crate::spreadsheet::Sheet;

/// Progress of a phase running on this instance.
#[derive(Debug, Default)]
pub struct Progress {
    processed: AtomicU32,
    written: AtomicU32,
}

impl Progress {
    fn processed(&self, n: usize) {
        self.processed
            .store(u32::try_from(n).unwrap_or(u32::MAX), Ordering::Relaxed);
    }

    fn written(&self, n: usize) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        self.written.store(n, Ordering::Relaxed);
        self.processed.store(n, Ordering::Relaxed);
    }
}

/// The import phases running on this instance, by job.
#[derive(Debug, Default)]
pub struct ImportRegistry {
    running: Mutex<HashMap<Uuid, Arc<Progress>>>,
}

impl ImportRegistry {
    fn start(&self, id: Uuid) -> Arc<Progress> {
        let progress = Arc::new(Progress::default());
        if let Ok(mut running) = self.running.lock() {
            running.insert(id, progress.clone());
        }
        progress
    }

    fn finish(&self, id: Uuid) {
        if let Ok(mut running) = self.running.lock() {
            running.remove(&id);
        }
    }

    /// Whether a job runs here (its lease is to be renewed).
    pub fn busy(&self) -> bool {
        self.running.lock().is_ok_and(|r| !r.is_empty())
    }

    /// `job` with the live counts of its running phase, when it runs here.
    pub fn overlay(&self, mut job: ImportJob) -> ImportJob {
        if !job.status.is_running() {
            return job;
        }
        let progress = self
            .running
            .lock()
            .ok()
            .and_then(|r| r.get(&job.id).cloned());
        if let Some(p) = progress {
            job.processed_rows = p.processed.load(Ordering::Relaxed);
            if job.status == ImportStatus::Committing {
                job.written_rows = p.written.load(Ordering::Relaxed);
            }
        }
        job
    }
}

/// Who runs an import, for its audit entry and enrolments.
#[derive(Debug, Clone)]
pub struct Importer {
    pub actor: Actor,
    pub request_id: Option<String>,
}

/// Looks up what the review of `rows` needs: existing people with the same documents,
/// employers by credit code, and — with a class — its free seats and the enrolments of the
/// existing people.
async fn facts(
    db: &impl ConnectionTrait,
    rows: &[ImportPerson],
    class: Option<&TrainingClass>,
) -> Result<ImportFacts, ApiError> {
    let numbers: Vec<&str> = rows.iter().map(|r| r.data.document.number()).collect();
    let existing = people::by_documents(db, &numbers).await?;
    let codes: HashSet<&str> = rows
        .iter()
        .filter_map(|r| r.employer_credit_code.as_ref().map(AsRef::as_ref))
        .collect();
    let codes: Vec<&str> = codes.into_iter().collect();
    let employers = organisations::ids_by_credit_codes(db, &codes).await?;
    let class = match class {
        None => None,
        Some(class) => {
            let ids: Vec<Uuid> = existing.values().map(|on_file| on_file.id).collect();
            let mut found = HashMap::new();
            for chunk in ids.chunks(people::INSERT_BATCH) {
                found.extend(enrolments::of_people(db, class.id, chunk).await?);
            }
            Some(ClassFacts {
                seats_left: class.seats_left(),
                enrolments: found,
            })
        }
    };
    Ok(ImportFacts {
        employers,
        existing,
        class,
    })
}

/// The class of an import, re-read and still accepting enrolments (409 otherwise).
async fn enrolling_class(
    db: &impl ConnectionTrait,
    class_id: Option<Uuid>,
) -> Result<Option<TrainingClass>, ApiError> {
    let Some(id) = class_id else {
        return Ok(None);
    };
    let class = classes::find(db, id).await?;
    if !class.status.accepts_enrolment() {
        return Err(crate::access::enrolment_conflict(
            cebase_domain::training::EnrolmentConflict::Closed(class.status),
        ));
    }
    Ok(Some(class))
}

/// Parses and checks every row of `sheet` into a preview.
async fn preview(
    db: &DatabaseConnection,
    sheet: Sheet,
    class_id: Option<Uuid>,
    progress: &Progress,
) -> Result<Preview, ApiError> {
    let header = match ImportHeader::parse(&sheet.header) {
        Ok(header) => header,
        Err(errors) => {
            return Ok(Preview {
                processed_rows: 0,
                valid_rows: 0,
                errors,
                staged: StagedImport::default(),
            });
        }
    };
    let mut parsed = Vec::with_capacity(sheet.rows.len());
    let mut rejected = Vec::new();
    let mut processed = 0;
    for (row, cells) in &sheet.rows {
        if is_blank(cells) {
            continue;
        }
        match parse_row(&header, *row, cells) {
            Ok(person) => parsed.push(person),
            Err(errors) => rejected.extend(errors),
        }
        processed += 1;
        if processed % 1000 == 0 {
            progress.processed(processed);
        }
    }
    let class = enrolling_class(db, class_id).await?;
    let facts = facts(db, &parsed, class.as_ref()).await?;
    let staged = StagedImport {
        rows: parsed.iter().map(ImportPerson::to_staged).collect(),
        rejected: rejected.clone(),
    };
    let (planned, review_errors) = review_import(parsed, &facts, Uuid::now_v7);
    let mut errors = rejected;
    errors.extend(review_errors);
    errors.sort_by_key(|e| e.row);
    progress.processed(processed);
    Ok(Preview {
        processed_rows: u32::try_from(processed).unwrap_or(u32::MAX),
        valid_rows: u32::try_from(planned.len()).unwrap_or(u32::MAX),
        errors,
        staged,
    })
}

/// The number of data rows of `sheet` (blank rows are not counted).
pub fn data_rows(sheet: &Sheet) -> u32 {
    let n = sheet.rows.iter().filter(|(_, c)| !is_blank(c)).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Validates job `id` and stores its preview; a failure marks the job failed. With
/// `commit_after` (the `keep_valid` of an upload that commits at once) a preview that may be
/// committed moves straight on to `committing`, for [`run_commit`] to take.
pub async fn run_preview(
    db: &DatabaseConnection,
    registry: &ImportRegistry,
    id: Uuid,
    sheet: Sheet,
    class_id: Option<Uuid>,
    commit_after: Option<bool>,
    owner: Uuid,
) -> Result<ImportJob, ApiError> {
    let progress = registry.start(id);
    let outcome = async {
        jobs::start_validation(db, id, owner).await?;
        let preview = preview(db, sheet, class_id, &progress).await?;
        let then_commit =
            commit_after.is_some_and(|keep_valid| keep_valid || preview.errors.is_empty());
        jobs::save_preview(db, id, &preview, then_commit, owner).await?;
        Ok::<_, ApiError>(())
    }
    .await;
    registry.finish(id);
    if let Err(e) = &outcome {
        jobs::fail(db, id, &failure_message(e), owner).await?;
    }
    outcome?;
    Ok(jobs::find(db, id).await?)
}

/// Why a phase failed, as the job reports it (internal causes stay in the log).
fn failure_message(e: &ApiError) -> String {
    match e {
        ApiError::Internal(cause) => {
            tracing::error!(error = format!("{cause:#}"), "import job failed");
            "the import failed on the server; nothing was written".into()
        }
        other => format!("{other}; nothing was written"),
    }
}

/// The answer to a commit refused because rows were rejected (all or nothing).
pub fn rejected(errors: &[ImportRowError], error_count: usize, total: usize) -> ApiError {
    ApiError::RuleViolated {
        code: ProblemCode::ImportRejected,
        detail: format!(
            "{error_count} row error(s) in {total} rows, so nothing was written; commit with keep_valid=true to write the valid rows"
        ),
        errors: errors
            .iter()
            .take(cebase_domain::imports::MAX_LISTED_ERRORS)
            .map(|e| cebase_domain::FieldError {
                field: format!("rows[{}].{}", e.row, e.field),
                code: e.code.clone(),
                message: e.message.clone(),
            })
            .collect(),
    }
}

/// Commits job `id` (already `committing` under `owner`'s lease: taken with `claim_commit`, by
/// [`run_preview`], or resumed with `resume_commit`): everything in one transaction. A refusal
/// returns the job to `ready` (all or nothing: [`rejected`]); any other failure marks it failed.
/// Either way nothing is written.
pub async fn run_commit(
    db: &DatabaseConnection,
    registry: &ImportRegistry,
    job: ImportJob,
    keep_valid: bool,
    by: Importer,
    owner: Uuid,
) -> Result<ImportJob, ApiError> {
    let id = job.id;
    let progress = registry.start(id);
    let outcome = commit(db, &job, keep_valid, by, &progress, owner).await;
    registry.finish(id);
    match outcome {
        Ok(()) => Ok(jobs::find(db, id).await?),
        Err(Refusal::Rejected {
            valid_rows,
            errors,
            total,
        }) => {
            let error = rejected(&errors, errors.len(), total);
            jobs::reject_commit(db, id, valid_rows, &errors, &error.to_string(), owner).await?;
            Err(error)
        }
        Err(Refusal::Failed(e)) => {
            jobs::fail(db, id, &failure_message(&e), owner).await?;
            Err(e)
        }
    }
}

enum Refusal {
    Rejected {
        valid_rows: u32,
        errors: Vec<ImportRowError>,
        total: usize,
    },
    Failed(ApiError),
}

impl From<ApiError> for Refusal {
    fn from(e: ApiError) -> Self {
        Refusal::Failed(e)
    }
}

impl From<cebase_store::StoreError> for Refusal {
    fn from(e: cebase_store::StoreError) -> Self {
        Refusal::Failed(e.into())
    }
}

async fn commit(
    db: &DatabaseConnection,
    job: &ImportJob,
    keep_valid: bool,
    by: Importer,
    progress: &Progress,
    owner: Uuid,
) -> Result<(), Refusal> {
    let staged = jobs::staged(db, job.id).await?;
    let parsed = staged
        .rows
        .iter()
        .map(|row| {
            row.parse().map_err(|_| {
                ApiError::Internal(anyhow::anyhow!(
                    "staged row {} of import {} does not parse",
                    row.0,
                    job.id
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let total = parsed.len() + staged.rejected.len();
    let txn = begin_write(db).await?;
    let class = enrolling_class(&txn, job.class_id).await?;
    let facts = facts(&txn, &parsed, class.as_ref()).await?;
    let (planned, review_errors) = review_import(parsed, &facts, Uuid::now_v7);
    let mut errors = staged.rejected;
    errors.extend(review_errors);
    errors.sort_by_key(|e| e.row);
    if !errors.is_empty() && !keep_valid {
        drop(txn);
        return Err(Refusal::Rejected {
            valid_rows: u32::try_from(planned.len()).unwrap_or(u32::MAX),
            errors,
            total,
        });
    }
    let new: Vec<(Uuid, &cebase_domain::master::PersonData)> = planned
        .iter()
        .filter_map(|p| match &p.person {
            PlannedPerson::New { id, data } => Some((*id, data.as_ref())),
            PlannedPerson::Existing { .. } => None,
        })
        .collect();
    people::create_many(&txn, &new, |n| progress.written(n)).await?;
    let enrolled = match &class {
        Some(class) => {
            let items: Vec<NewEnrolment> = planned
                .iter()
                .filter_map(|p| {
                    p.enrolment.map(|plan| NewEnrolment {
                        person_id: p.person.id(),
                        plan,
                        source: EnrolmentSource::Staff,
                    })
                })
                .collect();
            enrolments::enrol_batch(&txn, class.id, &items, by.actor.id).await?
        }
        None => 0,
    };
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let written = Written {
        written_rows: count(planned.len()),
        people_created: count(new.len()),
        people_reused: count(planned.len() - new.len()),
        enrolments_created: u32::try_from(enrolled).unwrap_or(u32::MAX),
    };
    // One entry for the whole import: what was imported from which file, not 100 000 rows.
    audit_trail::append(
        &txn,
        NewEntry {
            actor: Some(by.actor),
            action: "import.commit",
            entity_type: "import",
            entity_id: Some(job.id.to_string()),
            before: None,
            after: Some(json!({
                "format": job.format,
                "file_sha256": job.file_sha256,
                "class_id": job.class_id,
                "keep_valid": keep_valid,
                "total_rows": total,
                "written_rows": written.written_rows,
                "people_created": written.people_created,
                "people_reused": written.people_reused,
                "enrolments_created": written.enrolments_created,
                "rejected_rows": errors.iter().map(|e| e.row).collect::<HashSet<_>>().len(),
            })),
            request_id: by.request_id,
        },
    )
    .await?;
    jobs::finish_commit(&txn, job.id, written, &errors, owner).await?;
    txn.commit().await.map_err(cebase_store::StoreError::from)?;
    progress.written(planned.len());
    Ok(())
}
