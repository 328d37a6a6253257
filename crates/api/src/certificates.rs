//! Issuing certificates (Art. 9): the eligibility review of a class's enrolments, issuance of
//! one or many in a `begin_write` transaction (numbers from the year's counter row, so unique
//! and gapless; each certificate stored with its credential, signed by `crate::credentials` as
//! it is issued), batch issuance for a class as a background task with progress, and the facts
//! the PDF, the credential and the status list are made from.
//!
//! **Atomicity:** a batch re-reads and re-checks every enrolment inside its transaction, takes
//! all its numbers with one counter update, writes every certificate, one audit entry and the
//! batch's `done` state, then commits; an error or an interrupted process leaves nothing issued
//! (and the counter untouched).

use cebase_domain::ProblemCode;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use cebase_domain::certificate::{
    BatchStatus, Certificate, CertificateBatchDto, CertificateContent, CertificateStatus,
    EligibilityDto, EligibilityFacts, EligibilityRowDto, Ineligibility, VERIFICATION_CODE_BYTES,
    VerificationCode, eligibility, issue_year, status_list_bits,
};
use cebase_domain::training::{Enrolment, TrainingClass};
use cebase_store::audit::{self as audit_trail, Actor, NewEntry};
use cebase_store::certificates::{self as store, RecordFacts};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{ConnectionTrait, DatabaseTransaction, begin_write, enrolments};
use chrono::Utc;
use rand::RngCore;
use serde_json::json;
use uuid::Uuid;

use crate::credentials::CertificateFacts;
use crate::error::ApiError;
use crate::state::AppState;

/// One enrolment as the review sees it.
pub struct Reviewed {
    pub enrolment: Enrolment,
    /// The learning record to copy, when eligible.
    pub verdict: Result<RecordFacts, Vec<Ineligibility>>,
    /// The enrolment's valid certificate, if it has one.
    pub valid: Option<Certificate>,
}

impl Reviewed {
    /// Eligible and without a valid certificate: a batch would issue one.
    pub fn issuable(&self) -> bool {
        self.verdict.is_ok() && self.valid.is_none()
    }

    fn to_dto(&self) -> EligibilityRowDto {
        EligibilityRowDto {
            enrolment_id: self.enrolment.id,
            person_id: self.enrolment.person_id,
            person_name: self.enrolment.person_name.clone(),
            eligible: self.issuable(),
            reasons: self.verdict.as_ref().err().cloned().unwrap_or_default(),
            certificate_number: self.valid.as_ref().map(|c| c.number.to_string()),
        }
    }
}

/// Reviews `list` (enrolments of `class`): eligibility from the stored outcomes and learning
/// records, and their valid certificates.
pub async fn review(
    db: &impl ConnectionTrait,
    class: &TrainingClass,
    list: Vec<Enrolment>,
) -> Result<Vec<Reviewed>, ApiError> {
    let ids: Vec<Uuid> = list.iter().map(|e| e.id).collect();
    let mut outcomes = store::outcomes_of_enrolments(db, &ids).await?;
    let mut records = store::records_of_enrolments(db, &ids).await?;
    let mut valid = store::valid_of_enrolments(db, &ids).await?;
    Ok(list
        .into_iter()
        .map(|e| {
            let facts = EligibilityFacts {
                class_status: class.status,
                enrolment_status: e.status,
                outcome: outcomes.remove(&e.id),
                has_learning_record: records.contains_key(&e.id),
            };
            let verdict = eligibility(&facts).and_then(|()| {
                records
                    .remove(&e.id)
                    .ok_or_else(|| vec![Ineligibility::NoLearningRecord])
            });
            Reviewed {
                valid: valid.remove(&e.id),
                enrolment: e,
                verdict,
            }
        })
        .collect())
}

/// The eligibility preview of a class.
pub async fn preview(
    db: &impl ConnectionTrait,
    class: &TrainingClass,
) -> Result<EligibilityDto, ApiError> {
    let list = enrolments::in_class(db, class.id, TrainingVisibility::All).await?;
    let rows = review(db, class, list).await?;
    let count = |f: &dyn Fn(&Reviewed) -> bool| {
        u32::try_from(rows.iter().filter(|r| f(r)).count()).unwrap_or(u32::MAX)
    };
    Ok(EligibilityDto {
        class_id: class.id,
        class_status: class.status,
        eligible: count(&|r| r.issuable()),
        certified: count(&|r| r.valid.is_some()),
        ineligible: count(&|r| r.verdict.is_err() && r.valid.is_none()),
        rows: rows.iter().map(Reviewed::to_dto).collect(),
    })
}

/// The refusal of an ineligible enrolment: 422 `not_eligible`, one error per unmet rule.
pub fn not_eligible(unmet: &[Ineligibility]) -> ApiError {
    ApiError::RuleViolated {
        code: ProblemCode::NotEligible,
        detail: format!(
            "the enrolment may not get a certificate (Art. 9): {}",
            unmet
                .iter()
                .map(Ineligibility::explain)
                .collect::<Vec<_>>()
                .join("; ")
        ),
        errors: unmet.iter().map(Ineligibility::to_field_error).collect(),
    }
}

/// 409 `certificate_exists`.
pub fn certificate_exists(number: &str) -> ApiError {
    ApiError::Problem {
        code: ProblemCode::CertificateExists,
        detail: format!(
            "the enrolment already has the valid certificate {number} (at most one per enrolment, Art. 9)"
        ),
    }
}

/// A fresh verification code from the operating system's generator.
fn verification_code() -> VerificationCode {
    let mut bytes = [0u8; VERIFICATION_CODE_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    VerificationCode::from_random(bytes)
}

/// Certificates signed (and then inserted) together.
const SIGN_CHUNK: usize = 500;
/// Chunks signed ahead of the one being inserted: one per core of a small server.
const SIGN_AHEAD: usize = 2;

/// `count` positions in `year`'s revocation status list for new certificates, drawn uniformly
/// at random (operating-system generator) among the positions no certificate of the year holds,
/// within the list's length for the year's certificates including these
/// ([`status_list_bits`]). A position tells nothing about the certificate's number or issue
/// order, so the public list does not tell which numbers were revoked (Bitstring Status List
/// v1.0 §6.5, herd privacy). Drawn inside the issuing `begin_write` transaction, which
/// serialises issuers, so no other issuer can take a position between the read of the held
/// ones and the commit; the unique index `uq_certificates_year_status_list_index` refuses a
/// duplicate should anything ever write certificates outside that lock.
async fn draw_status_positions(
    txn: &DatabaseTransaction,
    year: i32,
    count: usize,
) -> Result<Vec<u32>, ApiError> {
    use rand::Rng as _;
    let mut taken: HashSet<u32> = store::status_indices_of_year(txn, year)
        .await?
        .into_iter()
        .collect();
    let bits = status_list_bits(u64::try_from(taken.len() + count).unwrap_or(u64::MAX));
    if taken.len() + count > (bits / 2) as usize {
        return Err(ApiError::Problem {
            code: ProblemCode::SequenceExhausted,
            detail: format!("the status list of {year} is full ({bits} bits, at most half used)"),
        });
    }
    let mut rng = rand::rngs::OsRng;
    let mut drawn = Vec::with_capacity(count);
    // At most half the list is held, so each draw hits a free position at least every other try.
    while drawn.len() < count {
        let position = rng.gen_range(0..bits);
        if taken.insert(position) {
            drawn.push(position);
        }
    }
    Ok(drawn)
}

/// Issues a certificate to each of `candidates` (enrolment of `class`, its learning record, and
/// the revoked certificate it replaces, if any) in `txn`, which must come from `begin_write`:
/// takes `candidates.len()` consecutive numbers of this year, writes the certificates and links
/// replaced ones. `progress` is told how many were written so far.
pub async fn issue(
    txn: &DatabaseTransaction,
    state: &AppState,
    class: &TrainingClass,
    candidates: Vec<(Enrolment, RecordFacts, Option<Uuid>)>,
    by: Uuid,
    progress: Option<&BatchProgress>,
) -> Result<Vec<Certificate>, ApiError> {
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let numbers = &state.settings.certificate_numbers;
    let now = Utc::now();
    let year = issue_year(now);
    let count = u64::try_from(candidates.len()).unwrap_or(u64::MAX);
    let first = store::next_sequence(txn, year).await?;
    let exhausted = |e: cebase_domain::certificate::SequenceExhausted| ApiError::Problem {
        code: ProblemCode::SequenceExhausted,
        detail: e.to_string(),
    };
    // Refuse before taking numbers when the last would not fit the format.
    numbers.number(year, first + count - 1).map_err(exhausted)?;
    let first = store::allocate(txn, year, count).await?;
    let positions = draw_status_positions(txn, year, candidates.len()).await?;
    let mut issued = Vec::with_capacity(candidates.len());
    for (i, ((enrolment, record, replaces), status_list_index)) in
        candidates.into_iter().zip(positions).enumerate()
    {
        let sequence = first + i as u64;
        let number = numbers.number(year, sequence).map_err(exhausted)?;
        issued.push((
            Certificate {
                id: Uuid::now_v7(),
                number,
                year,
                sequence,
                verification_code: verification_code(),
                enrolment_id: enrolment.id,
                person_id: enrolment.person_id,
                class_id: class.id,
                content: CertificateContent {
                    holder_name: enrolment.person_name,
                    class_title: class.data.title.as_ref().to_owned(),
                    class_kind: class.data.kind,
                    form: class.data.form,
                    start_date: class.data.start_date,
                    end_date: class.data.end_date,
                    public_required_tenths: record.public_required_tenths,
                    professional_tenths: record.professional_tenths,
                    result: record.assessment_result,
                    learning_record_id: record.record_id,
                    learning_record_version: record.version,
                },
                status: CertificateStatus::Valid,
                revoked: None,
                replaces,
                replaced_by: None,
                status_list_index,
                issued_at: now,
                issued_by: by,
            },
            replaces,
        ));
    }
    // Signing is CPU work (JSON, hashes, a signature per credential): it runs on the blocking
    // pool, chunk by chunk, `SIGN_AHEAD` chunks ahead of the inserts, so the cores sign while the
    // database stores the chunk before and the async workers stay free for other requests.
    let base_url = state.settings.public_base_url.clone();
    // The keys as stored when this transaction holds the write lock: a retirement committed
    // before is seen, and none can commit before this issuance does.
    let signing_keys = state
        .credentials
        .current(txn)
        .await
        .map_err(ApiError::Internal)?;
    let mut jobs = issued
        .chunks(SIGN_CHUNK)
        .map(|chunk| {
            chunk
                .iter()
                .map(|(c, _)| facts(c, &state.settings))
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|chunk| {
            let (credentials, base_url) = (signing_keys.clone(), base_url.clone());
            move || {
                chunk
                    .iter()
                    .map(|f| credentials.sign_credential(f, &base_url))
                    .collect::<anyhow::Result<Vec<String>>>()
            }
        });
    let mut signing = VecDeque::with_capacity(SIGN_AHEAD + 1);
    signing.extend(
        jobs.by_ref()
            .take(SIGN_AHEAD)
            .map(tokio::task::spawn_blocking),
    );
    let mut written = 0usize;
    for chunk in issued.chunks(SIGN_CHUNK) {
        let credentials = signing
            .pop_front()
            .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a chunk was not signed")))?
            .await
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("signing task failed")))?
            .map_err(ApiError::Internal)?;
        // The next chunks sign while this one is stored.
        signing.extend(jobs.next().map(tokio::task::spawn_blocking));
        if credentials.len() != chunk.len() {
            return Err(ApiError::Internal(anyhow::anyhow!(
                "{} credentials signed for {} certificates",
                credentials.len(),
                chunk.len()
            )));
        }
        let signed: Vec<(Certificate, String)> = chunk
            .iter()
            .map(|(c, _)| c.clone())
            .zip(credentials)
            .collect();
        store::insert_many(txn, &signed).await.map_err(|e| match e {
            cebase_store::StoreError::Conflict(ProblemCode::CertificateExists) => ApiError::Problem {
                code: ProblemCode::CertificateExists,
                detail: "an enrolment already has a valid certificate (at most one per enrolment, Art. 9)".into(),
            },
            other => other.into(),
        })?;
        written += chunk.len();
        if let Some(p) = progress {
            p.processed(u32::try_from(written).unwrap_or(u32::MAX));
        }
    }
    for (c, replaces) in &issued {
        if let Some(old) = replaces {
            store::link_replacement(txn, *old, c.id).await?;
        }
    }
    Ok(issued.into_iter().map(|(c, _)| c).collect())
}

/// Re-signs, with the current key, the stored credential of every valid certificate that key
/// `kid` signed (after `kid` was retired: `Credentials::retire`), 500 at a time, each batch in
/// a `begin_write` transaction; a certificate revoked meanwhile is skipped. Audited once as
/// `credential_keys.resign` with the count. Idempotent: run again, it finds nothing left (an
/// interrupted run resumes). Certificates without a stored credential are signed on request
/// with the current key anyway. Returns how many were re-signed.
pub async fn resign(
    db: &cebase_store::DatabaseConnection,
    settings: &crate::config::Settings,
    keys: &crate::credentials::CredentialKeys,
    kid: &str,
) -> anyhow::Result<u64> {
    const PAGE: u64 = 500;
    let mut after = None;
    let mut total = 0u64;
    loop {
        let page = store::valid_with_credentials(db, after, PAGE).await?;
        let Some((last, _)) = page.last() else {
            break;
        };
        after = Some(last.id);
        let stale: Vec<Certificate> = page
            .into_iter()
            .filter(|(_, jwt)| {
                jsonwebtoken::decode_header(jwt)
                    .ok()
                    .and_then(|h| h.kid)
                    .is_some_and(|k| k == kid)
            })
            .map(|(c, _)| c)
            .collect();
        if stale.is_empty() {
            continue;
        }
        let txn = begin_write(db).await?;
        let credentials = keys.current(&txn).await?;
        anyhow::ensure!(
            credentials.signing_kid() != kid,
            "key {kid} still signs: retire it before re-signing"
        );
        for c in &stale {
            let jwt =
                credentials.sign_credential(&facts(c, settings), &settings.public_base_url)?;
            if store::replace_credential(&txn, c.id, jwt).await? {
                total += 1;
            }
        }
        txn.commit().await?;
    }
    if total > 0 {
        let txn = begin_write(db).await?;
        let signing = keys.current(&txn).await?.signing_kid().to_owned();
        audit_trail::append(
            &txn,
            NewEntry {
                actor: None,
                action: "credential_keys.resign",
                entity_type: "credential_keys",
                entity_id: Some(kid.to_owned()),
                before: Some(json!({ "kid": kid })),
                after: Some(json!({ "kid": signing, "certificates": total })),
                request_id: None,
            },
        )
        .await?;
        txn.commit().await?;
    }
    Ok(total)
}

/// The revoked certificates of `enrolments` not yet re-issued (the latest per enrolment): a new
/// certificate for such an enrolment is its re-issue and links to it.
pub async fn unreplaced_revoked(
    db: &impl ConnectionTrait,
    enrolment_ids: &[Uuid],
) -> Result<HashMap<Uuid, Uuid>, ApiError> {
    Ok(store::unreplaced_revoked(db, enrolment_ids).await?)
}

// ---------------------------------------------------------------------------------------------
// Writers' queue on SQLite
// ---------------------------------------------------------------------------------------------

/// Queues this instance's certificate writers before they open their transaction.
///
/// Issuance is serialised anyway (`begin_write` locks the audit chain's head), so a burst of
/// issuances — a whole class issued one request at a time — queues up. Without this gate the
/// queue forms in the wrong places: on SQLite a writer waiting for the write lock polls with
/// growing sleeps until its busy timeout (5 s) and, under a sustained burst, keeps missing the
/// moments the lock is free (`database is locked`); on PostgreSQL the waiting writers hold pool
/// connections while they wait for the row lock, so the requests behind them time out waiting
/// for a connection (30 s). A fair (FIFO) async mutex taken before `begin_write` hands the turn
/// from one writer to the next without polling and without holding a connection; it costs no
/// throughput, and across instances the database lock still serialises them.
#[derive(Debug, Default)]
pub struct WriteGate {
    queue: tokio::sync::Mutex<()>,
}

impl WriteGate {
    /// Waits for this writer's turn; the guard ends it.
    pub async fn enter(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.queue.lock().await
    }
}

// ---------------------------------------------------------------------------------------------
// Batches
// ---------------------------------------------------------------------------------------------

/// Progress of a batch running on this instance.
#[derive(Debug, Default)]
pub struct BatchProgress {
    processed: AtomicU32,
}

impl BatchProgress {
    fn processed(&self, n: u32) {
        self.processed.store(n, Ordering::Relaxed);
    }
}

/// The batches running on this instance, by id.
#[derive(Debug, Default)]
pub struct BatchRegistry {
    running: Mutex<HashMap<Uuid, Arc<BatchProgress>>>,
}

impl BatchRegistry {
    fn start(&self, id: Uuid) -> Arc<BatchProgress> {
        let progress = Arc::new(BatchProgress::default());
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

    /// `batch` with the live count of its run, when it runs here.
    pub fn overlay(&self, mut batch: CertificateBatchDto) -> CertificateBatchDto {
        if batch.status != BatchStatus::Running {
            return batch;
        }
        let progress = self
            .running
            .lock()
            .ok()
            .and_then(|r| r.get(&batch.id).cloned());
        if let Some(p) = progress {
            batch.processed = p.processed.load(Ordering::Relaxed);
        }
        batch
    }
}

/// Who runs a batch, for its audit entry.
#[derive(Debug, Clone)]
pub struct BatchRunner {
    pub actor: Actor,
    pub request_id: Option<String>,
}

/// Runs batch `batch_id` for class `class_id`, held by this instance's lease (created by it, or
/// resumed by `crate::job_leases` after its instance died): re-reviews every enrolment inside
/// one `begin_write` transaction and issues to every issuable one, with one audit entry listing
/// them, and marks the batch done in the same transaction. On failure nothing is issued and the
/// batch is marked failed with the reason.
pub async fn run_batch(
    state: &AppState,
    batch_id: Uuid,
    class_id: Uuid,
    runner: BatchRunner,
) -> Result<CertificateBatchDto, ApiError> {
    let (db, registry) = (&state.db, &state.certificate_batches);
    let progress = registry.start(batch_id);
    let turn = state.certificate_writes.enter().await;
    let result = issue_batch(state, &progress, batch_id, class_id, &runner).await;
    drop(turn);
    registry.finish(batch_id);
    match result {
        Ok(()) => Ok(store::find_batch(db, batch_id).await?),
        Err(e) => {
            let message = match &e {
                ApiError::Internal(_) => "the batch failed; nothing was issued".to_owned(),
                other => format!("{}: {}", other.code(), other),
            };
            tracing::warn!(%batch_id, error = %e, "certificate batch failed");
            let owner = state.lease.owner;
            let failed = BatchStatus::Failed;
            match store::finish_batch(db, batch_id, failed, 0, 0, Some(&message), owner).await {
                // Another instance took the batch over (this one could not renew its lease):
                // its run is the one that counts.
                Err(cebase_store::StoreError::Conflict(_)) => {
                    tracing::warn!(%batch_id, "certificate batch taken over by another instance");
                }
                other => other?,
            }
            Err(e)
        }
    }
}

async fn issue_batch(
    state: &AppState,
    progress: &BatchProgress,
    batch_id: Uuid,
    class_id: Uuid,
    runner: &BatchRunner,
) -> Result<(), ApiError> {
    let txn = begin_write(&state.db).await?;
    let class = cebase_store::classes::find(&txn, class_id).await?;
    let list = enrolments::in_class(&txn, class.id, TrainingVisibility::All).await?;
    let rows = review(&txn, &class, list).await?;
    let total = rows.len();
    let ids: Vec<Uuid> = rows
        .iter()
        .filter(|r| r.issuable())
        .map(|r| r.enrolment.id)
        .collect();
    let replaced = unreplaced_revoked(&txn, &ids).await?;
    let candidates: Vec<_> = rows
        .into_iter()
        .filter(|r| r.valid.is_none())
        .filter_map(|r| {
            let replaces = replaced.get(&r.enrolment.id).copied();
            r.verdict.ok().map(|rec| (r.enrolment, rec, replaces))
        })
        .collect();
    let skipped = u32::try_from(total - candidates.len()).unwrap_or(u32::MAX);
    let issued = issue(
        &txn,
        state,
        &class,
        candidates,
        runner.actor.id,
        Some(progress),
    )
    .await?;
    let count = u32::try_from(issued.len()).unwrap_or(u32::MAX);
    audit_trail::append(
        &txn,
        NewEntry {
            actor: Some(runner.actor.clone()),
            action: "certificate.issue_batch",
            entity_type: "class",
            entity_id: Some(class.id.to_string()),
            before: None,
            after: Some(json!({
                "batch_id": batch_id,
                "issued": count,
                "skipped": skipped,
                "certificates": issued
                    .iter()
                    .map(|c| json!({
                        "id": c.id,
                        "number": c.number.as_ref(),
                        "enrolment_id": c.enrolment_id,
                        "person_id": c.person_id,
                        "replaces": c.replaces,
                    }))
                    .collect::<Vec<_>>(),
            })),
            request_id: runner.request_id.clone(),
        },
    )
    .await?;
    let owner = state.lease.owner;
    store::finish_batch(
        &txn,
        batch_id,
        BatchStatus::Done,
        count,
        skipped,
        None,
        owner,
    )
    .await?;
    txn.commit().await.map_err(cebase_store::StoreError::from)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// What `crate::credentials` prints and signs: the PDF, the credential, the status list.
// ---------------------------------------------------------------------------------------------

/// The facts of `certificate` for its PDF and credential.
pub fn facts(certificate: &Certificate, settings: &crate::config::Settings) -> CertificateFacts {
    let c = &certificate.content;
    CertificateFacts {
        certificate_id: certificate.id,
        number: certificate.number.to_string(),
        verification_code: certificate.verification_code.as_ref().to_owned(),
        holder_name: c.holder_name.clone(),
        person_id: certificate.person_id,
        class_title: c.class_title.clone(),
        class_kind: cebase_domain::certificate::class_kind_text(c.class_kind).to_owned(),
        start_date: c.start_date,
        end_date: c.end_date,
        hours_total_tenths: i64::from(c.public_required_tenths) + i64::from(c.professional_tenths),
        hours_public_tenths: i64::from(c.public_required_tenths),
        hours_professional_tenths: i64::from(c.professional_tenths),
        result: c.result.clone().unwrap_or_else(|| "合格".to_owned()),
        issuer_name: settings.certificate_issuer.clone(),
        issued_at: certificate.issued_at,
        status_list_index: certificate.status_list_index,
        status_list_url: status_list_url(&settings.public_base_url, certificate.year),
        verification_url: verification_url(&settings.public_base_url, certificate),
    }
}

/// The public verification page of a certificate (what its QR code carries).
pub fn verification_url(base_url: &str, certificate: &Certificate) -> String {
    format!(
        "{base_url}/verify?number={}&code={}",
        certificate.number,
        certificate.verification_code.as_ref()
    )
}

/// The revocation status list of `year` (W3C Bitstring Status List), referenced by the
/// credentials of that year's certificates.
pub fn status_list_url(base_url: &str, year: i32) -> String {
    format!("{base_url}/api/v1/public/status-lists/{year}")
}

#[cfg(test)]
mod tests {
    use cebase_domain::certificate::{CertificateNumber, VerificationCode};
    use cebase_domain::training::{ClassKind, DeliveryForm};

    use super::*;

    #[test]
    fn facts_carry_the_links_hours_and_the_printed_kind() {
        let settings = crate::config::Settings {
            public_base_url: "https://jxjy.example.cn".into(),
            ..crate::config::Settings::default()
        };
        let certificate = Certificate {
            id: Uuid::now_v7(),
            number: CertificateNumber::parse("CEB2026000007").expect("number"),
            year: 2026,
            sequence: 7,
            verification_code: VerificationCode::from_random([7; 10]),
            enrolment_id: Uuid::now_v7(),
            person_id: Uuid::now_v7(),
            class_id: Uuid::now_v7(),
            content: CertificateContent {
                holder_name: "张伟".into(),
                class_title: "人工智能高级研修班".into(),
                class_kind: ClassKind::Seminar,
                form: DeliveryForm::FaceToFace,
                start_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
                end_date: chrono::NaiveDate::from_ymd_opt(2026, 3, 6).expect("date"),
                public_required_tenths: 300,
                professional_tenths: 605,
                result: None,
                learning_record_id: Uuid::now_v7(),
                learning_record_version: 1,
            },
            status: CertificateStatus::Valid,
            revoked: None,
            replaces: None,
            replaced_by: None,
            status_list_index: 6,
            issued_at: Utc::now(),
            issued_by: Uuid::now_v7(),
        };
        let f = facts(&certificate, &settings);
        assert_eq!(
            f.verification_url,
            format!(
                "https://jxjy.example.cn/verify?number=CEB2026000007&code={}",
                certificate.verification_code.as_ref()
            )
        );
        assert_eq!(
            f.status_list_url,
            "https://jxjy.example.cn/api/v1/public/status-lists/2026"
        );
        assert_eq!(
            (
                f.hours_public_tenths,
                f.hours_professional_tenths,
                f.hours_total_tenths
            ),
            (300, 605, 905)
        );
        assert_eq!(
            (f.class_kind.as_str(), f.result.as_str()),
            ("研修班", "合格")
        );
        assert_eq!(f.issuer_name, "国家级专业技术人员继续教育基地");
        assert_eq!(f.status_list_index, 6);
    }
}
