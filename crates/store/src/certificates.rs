//! Certificates (Art. 9), their per-year numbering counter and batch issuance jobs.
//!
//! **Numbering:** the sequence of a year comes from its row in `certificate_counters`, advanced
//! by [`allocate`] with one conditional `UPDATE … SET next_seq = next_seq + n WHERE year = ? AND
//! next_seq = ?` inside the issuing transaction, which the caller opens with
//! [`crate::begin_write`] (serialising audited writers on both databases). A rolled-back
//! issuance rolls the counter back with it, so numbers are unique **and gapless** per year.
//!
//! **One valid certificate per enrolment** is the partial unique index
//! `uq_certificates_valid_enrolment`; a race that slips past the caller's check becomes
//! `Conflict("certificate_exists")`.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::certificate::{
    BatchStatus, Certificate, CertificateBatchDto, CertificateContent, CertificateNumber,
    CertificateStatus, Revoked, Verifiable, VerificationCode, status_list_bits,
};
use cebase_domain::learning::CompletionFailure;
use cebase_domain::training::CompletionOutcome;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{
    certificate, certificate_batch, certificate_counter, enrolment_outcome, learning_record,
    learning_record_version, person,
};
use crate::leases::{self, Lease};
use crate::listing::{
    PageRequest, Visibility, contains, corrupt, nothing, paged, search_text, split_page,
};

/// Rows per multi-row `INSERT` (30 parameters each).
const CHUNK: usize = 500;
/// Ids per `IN (…)` list.
const IN_CHUNK: usize = 1000;

fn decode(m: certificate::Model) -> Result<Certificate, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("certificates.{what}"), id);
    let status: CertificateStatus = m.status.parse().map_err(|_| bad("status"))?;
    let revoked = match (m.revoked_at, m.revoked_by, m.revocation_reason) {
        (Some(at), Some(by), Some(reason)) => Some(Revoked { at, by, reason }),
        (None, None, None) => None,
        _ => return Err(bad("revoked_at/by/reason")),
    };
    if (status == CertificateStatus::Revoked) != revoked.is_some() {
        return Err(bad("status/revoked_at"));
    }
    let tenths = |v: i32, what: &str| u32::try_from(v).map_err(|_| bad(what));
    Ok(Certificate {
        id,
        number: CertificateNumber::stored(&m.number).ok_or_else(|| bad("number"))?,
        year: m.year,
        sequence: u64::try_from(m.sequence).map_err(|_| bad("sequence"))?,
        verification_code: VerificationCode::parse(&m.verification_code)
            .ok_or_else(|| bad("verification_code"))?,
        enrolment_id: m.enrolment_id,
        person_id: m.person_id,
        class_id: m.class_id,
        content: CertificateContent {
            holder_name: m.holder_name,
            class_title: m.class_title,
            class_kind: m.class_kind.parse().map_err(|_| bad("class_kind"))?,
            form: m.form.parse().map_err(|_| bad("form"))?,
            start_date: m.start_date,
            end_date: m.end_date,
            public_required_tenths: tenths(m.public_required_tenths, "public_required_tenths")?,
            professional_tenths: tenths(m.professional_tenths, "professional_tenths")?,
            result: m.result,
            learning_record_id: m.learning_record_id,
            learning_record_version: m.learning_record_version,
        },
        status,
        revoked,
        replaces: m.replaces,
        replaced_by: m.replaced_by,
        status_list_index: u32::try_from(m.status_list_index)
            .map_err(|_| bad("status_list_index"))?,
        issued_at: m.issued_at,
        issued_by: m.issued_by,
    })
}

fn encode(c: &Certificate) -> Result<certificate::ActiveModel, StoreError> {
    let range = |what: &str| StoreError::Corrupt(format!("certificate {what} out of range"));
    let content = &c.content;
    Ok(certificate::ActiveModel {
        id: Set(c.id),
        number: Set(c.number.to_string()),
        year: Set(c.year),
        sequence: Set(i64::try_from(c.sequence).map_err(|_| range("sequence"))?),
        verification_code: Set(c.verification_code.as_ref().to_owned()),
        enrolment_id: Set(c.enrolment_id),
        person_id: Set(c.person_id),
        class_id: Set(c.class_id),
        learning_record_id: Set(content.learning_record_id),
        learning_record_version: Set(content.learning_record_version),
        holder_name: Set(content.holder_name.clone()),
        class_title: Set(content.class_title.clone()),
        class_kind: Set(content.class_kind.as_str().to_owned()),
        form: Set(content.form.as_str().to_owned()),
        start_date: Set(content.start_date),
        end_date: Set(content.end_date),
        public_required_tenths: Set(
            i32::try_from(content.public_required_tenths).map_err(|_| range("hours"))?
        ),
        professional_tenths: Set(
            i32::try_from(content.professional_tenths).map_err(|_| range("hours"))?
        ),
        result: Set(content.result.clone()),
        status: Set(c.status.as_str().to_owned()),
        revoked_at: Set(c.revoked.as_ref().map(|r| r.at)),
        revoked_by: Set(c.revoked.as_ref().map(|r| r.by)),
        revocation_reason: Set(c.revoked.as_ref().map(|r| r.reason.clone())),
        replaces: Set(c.replaces),
        replaced_by: Set(c.replaced_by),
        status_list_index: Set(
            i32::try_from(c.status_list_index).map_err(|_| range("status_list_index"))?
        ),
        issued_at: Set(c.issued_at),
        issued_by: Set(c.issued_by),
        credential: Set(None),
        updated_at: Set(c.issued_at),
    })
}

fn conflict(e: sea_orm::DbErr) -> StoreError {
    StoreError::unique_by_column(
        e,
        &[
            (
                "uq_certificates_valid_enrolment",
                ProblemCode::CertificateExists,
            ),
            ("enrolment_id", ProblemCode::CertificateExists),
        ],
        ProblemCode::CertificateNumberTaken,
    )
}

/// Takes `count` consecutive sequence numbers of `year` from its counter row, in the caller's
/// `begin_write` transaction, and answers the first. The numbers are this transaction's: if it
/// rolls back, so does the counter, which keeps the sequence gapless.
pub async fn allocate(txn: &DatabaseTransaction, year: i32, count: u64) -> Result<u64, StoreError> {
    let current = match certificate_counter::Entity::find_by_id(year)
        .one(txn)
        .await?
    {
        Some(row) => row.next_seq,
        None => {
            certificate_counter::ActiveModel {
                year: Set(year),
                next_seq: Set(1),
            }
            .insert(txn)
            .await
            .map_err(|e| StoreError::unique_as(e, ProblemCode::CounterRace))?;
            1
        }
    };
    let step = i64::try_from(count).map_err(|_| StoreError::Corrupt("count".into()))?;
    let moved = certificate_counter::Entity::update_many()
        .col_expr(
            certificate_counter::Column::NextSeq,
            Expr::col(certificate_counter::Column::NextSeq).add(step),
        )
        .filter(certificate_counter::Column::Year.eq(year))
        .filter(certificate_counter::Column::NextSeq.eq(current))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        // Someone advanced the counter between our read and the update: only possible outside
        // `begin_write`; the caller's transaction must not go on with stale numbers.
        return Err(StoreError::VersionConflict);
    }
    u64::try_from(current).map_err(|_| StoreError::Corrupt("certificate_counters.next_seq".into()))
}

/// The next sequence number of `year` (1 when none was issued).
pub async fn next_sequence(db: &impl ConnectionTrait, year: i32) -> Result<u64, StoreError> {
    let next = certificate_counter::Entity::find_by_id(year)
        .one(db)
        .await?
        .map_or(1, |r| r.next_seq);
    u64::try_from(next).map_err(|_| StoreError::Corrupt("certificate_counters.next_seq".into()))
}

/// Writes `certificates`, each with its signed credential (VC-JWT), in multi-row `INSERT`s in
/// the caller's transaction. `Conflict("certificate_exists")` when an enrolment already has a
/// valid certificate.
pub async fn insert_many(
    txn: &DatabaseTransaction,
    certificates: &[(Certificate, String)],
) -> Result<(), StoreError> {
    for chunk in certificates.chunks(CHUNK) {
        let rows = chunk
            .iter()
            .map(|(c, credential)| {
                let mut row = encode(c)?;
                row.credential = Set(Some(credential.clone()));
                Ok(row)
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        if rows.is_empty() {
            continue;
        }
        certificate::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await
            .map_err(conflict)?;
    }
    Ok(())
}

/// The credential (VC-JWT) signed when certificate `id` was issued; `None` for a certificate
/// issued before credentials were stored.
pub async fn credential_of(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<String>, StoreError> {
    let row: Option<Option<String>> = certificate::Entity::find_by_id(id)
        .select_only()
        .column(certificate::Column::Credential)
        .into_tuple()
        .one(db)
        .await?;
    row.ok_or(StoreError::NotFound)
}

/// Valid certificates that have a stored credential, in id order after `after`, at most
/// `limit`: what a key retirement walks to re-sign.
pub async fn valid_with_credentials(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<(Certificate, String)>, StoreError> {
    let mut query = certificate::Entity::find()
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid.as_str()))
        .filter(certificate::Column::Credential.is_not_null())
        .order_by_asc(certificate::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        query = query.filter(certificate::Column::Id.gt(after));
    }
    query
        .all(db)
        .await?
        .into_iter()
        .map(|mut m| {
            let credential = m.credential.take().unwrap_or_default();
            Ok((decode(m)?, credential))
        })
        .collect()
}

/// Replaces the stored credential of certificate `id` while it is valid (a re-signing);
/// `false` when it is not (revoked meanwhile).
pub async fn replace_credential(
    db: &impl ConnectionTrait,
    id: Uuid,
    credential: String,
) -> Result<bool, StoreError> {
    let result = certificate::Entity::update_many()
        .col_expr(certificate::Column::Credential, Expr::value(credential))
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Certificate, StoreError> {
    let m = certificate::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// The counts a class's batch starts with, without reviewing every enrolment: the class's
/// enrolments, of those the active ones with a `completed` outcome and no valid certificate
/// (those a batch will issue to, unless one lacks its learning record), and the valid
/// certificates. The batch itself reviews every enrolment in its transaction.
pub async fn batch_counts(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<BatchCounts, StoreError> {
    use cebase_domain::training::{CompletionOutcome, EnrolmentStatus};
    use sea_orm::PaginatorTrait;

    use crate::entities::enrolment;

    let valid = CertificateStatus::Valid.as_str();
    let enrolments = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .count(db)
        .await?;
    let certified = valid_count_per_class(db, &[class_id])
        .await?
        .get(&class_id)
        .copied()
        .unwrap_or(0);
    let active = Query::select()
        .column(enrolment::Column::Id)
        .from(enrolment::Entity)
        .and_where(enrolment::Column::ClassId.eq(class_id))
        .and_where(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled.as_str()))
        .to_owned();
    let holding = Query::select()
        .column(certificate::Column::EnrolmentId)
        .from(certificate::Entity)
        .and_where(certificate::Column::ClassId.eq(class_id))
        .and_where(certificate::Column::Status.eq(valid))
        .to_owned();
    let issuable = enrolment_outcome::Entity::find()
        .filter(enrolment_outcome::Column::ClassId.eq(class_id))
        .filter(enrolment_outcome::Column::Outcome.eq(CompletionOutcome::Completed.as_str()))
        .filter(enrolment_outcome::Column::EnrolmentId.in_subquery(active))
        .filter(enrolment_outcome::Column::EnrolmentId.not_in_subquery(holding))
        .count(db)
        .await?;
    let n = |v: u64| u32::try_from(v).map_err(|_| StoreError::Corrupt("batch counts".into()));
    Ok(BatchCounts {
        enrolments: n(enrolments)?,
        issuable: n(issuable)?,
        certified,
    })
}

/// See [`batch_counts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchCounts {
    pub enrolments: u32,
    pub issuable: u32,
    pub certified: u32,
}

/// Public verification's one read: the failures counted against `throttle_key` since `since`
/// (count and oldest) and what verification shows of certificate `number`, if it exists — only
/// the columns it needs, never the stored credential.
pub async fn verification_lookup(
    db: &impl ConnectionTrait,
    number: &CertificateNumber,
    throttle_key: &str,
    since: DateTime<Utc>,
) -> Result<(u64, Option<DateTime<Utc>>, Option<Verifiable>), StoreError> {
    use certificate::Column as C;
    use sea_orm::sea_query::{Alias, JoinType};

    use crate::entities::login_failure;

    let t = Alias::new("t");
    let failures = Query::select()
        .expr_as(
            Expr::col(login_failure::Column::Id).count(),
            Alias::new("failures"),
        )
        .expr_as(
            Expr::col(login_failure::Column::FailedAt).min(),
            Alias::new("oldest"),
        )
        .from(login_failure::Entity)
        .and_where(login_failure::Column::ThrottleKey.eq(throttle_key))
        .and_where(login_failure::Column::FailedAt.gte(since))
        .to_owned();
    let mut query = Query::select();
    query
        .column((t.clone(), Alias::new("failures")))
        .column((t.clone(), Alias::new("oldest")));
    for column in VERIFIABLE {
        query.column((certificate::Entity, column));
    }
    query.from_subquery(failures, t).join(
        JoinType::LeftJoin,
        certificate::Entity,
        Expr::col((certificate::Entity, C::Number)).eq(number.as_ref()),
    );
    let row = db
        .query_one(&query)
        .await?
        .ok_or_else(|| StoreError::Corrupt("verification lookup answered no row".into()))?;
    let count: i64 = row.try_get("", "failures")?;
    let count =
        u64::try_from(count).map_err(|_| StoreError::Corrupt("login_failures count".into()))?;
    let oldest: Option<DateTime<Utc>> = if count > 0 {
        row.try_get("", "oldest")?
    } else {
        None
    };
    let found: Option<String> = row.try_get("", "number")?;
    let verifiable = match found {
        Some(number) => Some(decode_verifiable(&row, number)?),
        None => None,
    };
    Ok((count, oldest, verifiable))
}

/// The columns [`Verifiable`] is read from.
const VERIFIABLE: [certificate::Column; 10] = [
    certificate::Column::Number,
    certificate::Column::VerificationCode,
    certificate::Column::Status,
    certificate::Column::HolderName,
    certificate::Column::ClassTitle,
    certificate::Column::StartDate,
    certificate::Column::EndDate,
    certificate::Column::PublicRequiredTenths,
    certificate::Column::ProfessionalTenths,
    certificate::Column::IssuedAt,
];

fn decode_verifiable(row: &sea_orm::QueryResult, number: String) -> Result<Verifiable, StoreError> {
    let bad = |what: &str| StoreError::Corrupt(format!("certificates.{what} of {number}"));
    let tenths = |column: &str| -> Result<u32, StoreError> {
        let v: i32 = row.try_get("", column)?;
        u32::try_from(v).map_err(|_| bad(column))
    };
    let status: String = row.try_get("", "status")?;
    let code: String = row.try_get("", "verification_code")?;
    Ok(Verifiable {
        status: status.parse().map_err(|_| bad("status"))?,
        verification_code: VerificationCode::parse(&code)
            .ok_or_else(|| bad("verification_code"))?,
        holder_name: row.try_get("", "holder_name")?,
        class_title: row.try_get("", "class_title")?,
        start_date: row.try_get("", "start_date")?,
        end_date: row.try_get("", "end_date")?,
        public_required_tenths: tenths("public_required_tenths")?,
        professional_tenths: tenths("professional_tenths")?,
        issued_at: row.try_get("", "issued_at")?,
        number: CertificateNumber::stored(&number).ok_or_else(|| bad("number"))?,
    })
}

/// The audit action of a revocation: public verification's caches follow these entries.
pub const REVOKE_ACTION: &str = "certificate.revoke";

/// The numbers of the certificates revoked by the audit entries after `after`, up to and
/// including `upto` (action [`REVOKE_ACTION`]).
pub async fn revoked_between(
    db: &impl ConnectionTrait,
    after: i64,
    upto: i64,
) -> Result<Vec<String>, StoreError> {
    use crate::entities::audit_log;

    let ids: Vec<Option<String>> = audit_log::Entity::find()
        .select_only()
        .column(audit_log::Column::EntityId)
        .filter(audit_log::Column::Seq.gt(after))
        .filter(audit_log::Column::Seq.lte(upto))
        .filter(audit_log::Column::Action.eq(REVOKE_ACTION))
        .into_tuple()
        .all(db)
        .await?;
    let ids = ids
        .iter()
        .map(|id| {
            id.as_deref()
                .and_then(|id| Uuid::parse_str(id).ok())
                .ok_or_else(|| {
                    StoreError::Corrupt(format!("audit entry of a revocation names {id:?}"))
                })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut numbers = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IN_CHUNK) {
        let rows: Vec<String> = certificate::Entity::find()
            .select_only()
            .column(certificate::Column::Number)
            .filter(certificate::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        numbers.extend(rows);
    }
    Ok(numbers)
}

/// The valid certificates of `enrolments`, by enrolment.
pub async fn valid_of_enrolments(
    db: &impl ConnectionTrait,
    enrolments: &[Uuid],
) -> Result<HashMap<Uuid, Certificate>, StoreError> {
    let mut out = HashMap::new();
    for chunk in enrolments.chunks(IN_CHUNK) {
        let rows = certificate::Entity::find()
            .filter(certificate::Column::EnrolmentId.is_in(chunk.iter().copied()))
            .filter(certificate::Column::Status.eq(CertificateStatus::Valid.as_str()))
            .all(db)
            .await?;
        for m in rows {
            let c = decode(m)?;
            out.insert(c.enrolment_id, c);
        }
    }
    Ok(out)
}

/// The revoked, not yet re-issued certificates of `enrolments`: the latest per enrolment, by
/// enrolment.
pub async fn unreplaced_revoked(
    db: &impl ConnectionTrait,
    enrolments: &[Uuid],
) -> Result<HashMap<Uuid, Uuid>, StoreError> {
    let mut out = HashMap::new();
    for chunk in enrolments.chunks(IN_CHUNK) {
        let rows: Vec<(Uuid, Uuid)> = certificate::Entity::find()
            .select_only()
            .column(certificate::Column::EnrolmentId)
            .column(certificate::Column::Id)
            .filter(certificate::Column::EnrolmentId.is_in(chunk.iter().copied()))
            .filter(certificate::Column::Status.eq(CertificateStatus::Revoked.as_str()))
            .filter(certificate::Column::ReplacedBy.is_null())
            .order_by_asc(certificate::Column::Id)
            .into_tuple()
            .all(db)
            .await?;
        // In id (issue) order, so the latest wins.
        out.extend(rows);
    }
    Ok(out)
}

/// The numbers of the valid certificates issued from the learning records `records`, by record.
pub async fn valid_numbers_of_records(
    db: &impl ConnectionTrait,
    records: &[Uuid],
) -> Result<HashMap<Uuid, String>, StoreError> {
    let mut out = HashMap::new();
    for chunk in records.chunks(IN_CHUNK) {
        let rows: Vec<(Uuid, String)> = certificate::Entity::find()
            .select_only()
            .column(certificate::Column::LearningRecordId)
            .column(certificate::Column::Number)
            .filter(certificate::Column::LearningRecordId.is_in(chunk.iter().copied()))
            .filter(certificate::Column::Status.eq(CertificateStatus::Valid.as_str()))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Revokes certificate `id` (which must be valid: `Conflict("already_revoked")` otherwise) with
/// `reason`, on behalf of `by`, in the caller's transaction.
pub async fn revoke(
    txn: &DatabaseTransaction,
    id: Uuid,
    by: Uuid,
    reason: &str,
    at: DateTime<Utc>,
) -> Result<Certificate, StoreError> {
    let moved = certificate::Entity::update_many()
        .col_expr(
            certificate::Column::Status,
            Expr::value(CertificateStatus::Revoked.as_str()),
        )
        .col_expr(certificate::Column::RevokedAt, Expr::value(at))
        .col_expr(certificate::Column::RevokedBy, Expr::value(by))
        .col_expr(certificate::Column::RevocationReason, Expr::value(reason))
        .col_expr(certificate::Column::UpdatedAt, Expr::value(at))
        .filter(certificate::Column::Id.eq(id))
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid.as_str()))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        find(txn, id).await?;
        return Err(StoreError::Conflict(ProblemCode::AlreadyRevoked));
    }
    find(txn, id).await
}

/// Records that `old` was re-issued as `new` (`Conflict("already_reissued")` when it was
/// already).
pub async fn link_replacement(
    txn: &DatabaseTransaction,
    old: Uuid,
    new: Uuid,
) -> Result<(), StoreError> {
    let moved = certificate::Entity::update_many()
        .col_expr(certificate::Column::ReplacedBy, Expr::value(new))
        .col_expr(certificate::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(certificate::Column::Id.eq(old))
        .filter(certificate::Column::ReplacedBy.is_null())
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(StoreError::Conflict(ProblemCode::AlreadyReissued));
    }
    Ok(())
}

/// Filters of the certificate list.
#[derive(Debug, Clone, Default)]
pub struct CertificateFilter {
    /// Part of the number or of the holder's name.
    pub q: Option<String>,
    pub class_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub status: Option<CertificateStatus>,
    pub year: Option<i32>,
}

fn visible(visibility: Visibility) -> Condition {
    let Visibility::Only {
        organisation,
        person: own,
    } = visibility
    else {
        return Condition::all();
    };
    let mut any = Condition::any();
    let mut grounds = 0;
    if let Some(org) = organisation {
        let employed = Query::select()
            .column(person::Column::Id)
            .from(person::Entity)
            .and_where(person::Column::EmployerId.eq(org))
            .to_owned();
        any = any.add(certificate::Column::PersonId.in_subquery(employed));
        grounds += 1;
    }
    if let Some(p) = own {
        any = any.add(certificate::Column::PersonId.eq(p));
        grounds += 1;
    }
    if grounds == 0 {
        Condition::all().add(nothing())
    } else {
        any
    }
}

/// Certificates in issue order (keyset on the UUID v7 id) within `visibility`.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &CertificateFilter,
    visibility: Visibility,
    page: &PageRequest,
) -> Result<(Vec<Certificate>, Option<String>), StoreError> {
    let mut query = certificate::Entity::find().filter(visible(visibility));
    if let Some(q) = search_text(filter.q.as_deref()) {
        query = query.filter(
            Condition::any()
                .add(contains(
                    certificate::Column::Number,
                    &q.to_ascii_uppercase(),
                ))
                .add(contains(certificate::Column::HolderName, q)),
        );
    }
    if let Some(v) = filter.class_id {
        query = query.filter(certificate::Column::ClassId.eq(v));
    }
    if let Some(v) = filter.person_id {
        query = query.filter(certificate::Column::PersonId.eq(v));
    }
    if let Some(v) = filter.status {
        query = query.filter(certificate::Column::Status.eq(v.as_str()));
    }
    if let Some(v) = filter.year {
        query = query.filter(certificate::Column::Year.eq(v));
    }
    let rows = paged(
        query,
        certificate::Column::Id,
        certificate::Column::UpdatedAt,
        page,
    )
    .all(db)
    .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    Ok((
        rows.into_iter().map(decode).collect::<Result<_, _>>()?,
        next,
    ))
}

/// The valid certificates of class `class_id` within `visibility`, in number order (for a
/// class's zip of PDFs).
pub async fn valid_of_class(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    visibility: Visibility,
) -> Result<Vec<Certificate>, StoreError> {
    certificate::Entity::find()
        .filter(visible(visibility))
        .filter(certificate::Column::ClassId.eq(class_id))
        .filter(certificate::Column::Status.eq(CertificateStatus::Valid.as_str()))
        .order_by_asc(certificate::Column::Year)
        .order_by_asc(certificate::Column::Sequence)
        .all(db)
        .await?
        .into_iter()
        .map(decode)
        .collect()
}

/// How many valid certificates each of `class_ids` has (classes without any are absent). A
/// re-issued certificate counts once: its revoked predecessor is not valid.
pub async fn valid_count_per_class(
    db: &impl ConnectionTrait,
    class_ids: &[Uuid],
) -> Result<HashMap<Uuid, u32>, StoreError> {
    let mut out = HashMap::new();
    for chunk in class_ids.chunks(500) {
        let rows: Vec<(Uuid, i64)> = certificate::Entity::find()
            .select_only()
            .column(certificate::Column::ClassId)
            .column_as(certificate::Column::Id.count(), "n")
            .filter(certificate::Column::ClassId.is_in(chunk.iter().copied()))
            .filter(certificate::Column::Status.eq(CertificateStatus::Valid.as_str()))
            .group_by(certificate::Column::ClassId)
            .into_tuple()
            .all(db)
            .await?;
        for (class_id, n) in rows {
            let n = u32::try_from(n)
                .map_err(|_| StoreError::Corrupt("certificates per class".into()))?;
            out.insert(class_id, n);
        }
    }
    Ok(out)
}

/// Whether `person_id` is visible within `visibility` (for single reads).
pub async fn person_visible(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    visibility: Visibility,
) -> Result<bool, StoreError> {
    match visibility {
        Visibility::All => Ok(true),
        Visibility::Only {
            organisation,
            person: own,
        } => {
            if own == Some(person_id) {
                return Ok(true);
            }
            let Some(org) = organisation else {
                return Ok(false);
            };
            let employer = person::Entity::find_by_id(person_id)
                .one(db)
                .await?
                .and_then(|p| p.employer_id);
            Ok(employer == Some(org))
        }
    }
}

fn status_index(i: i32) -> Result<u32, StoreError> {
    u32::try_from(i).map_err(|_| StoreError::Corrupt("certificates.status_list_index".into()))
}

/// The status-list positions the certificates of `year` hold (revoked ones included: a
/// position is never given twice).
pub async fn status_indices_of_year(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<Vec<u32>, StoreError> {
    let held: Vec<i32> = certificate::Entity::find()
        .select_only()
        .column(certificate::Column::StatusListIndex)
        .filter(certificate::Column::Year.eq(year))
        .into_tuple()
        .all(db)
        .await?;
    held.into_iter().map(status_index).collect()
}

/// The status-list bits of the revoked certificates of `year`, and the length of the year's
/// list in bits: [`status_list_bits`] of its number of certificates, or beyond the largest
/// position held if that is larger (positions given before the list was randomised were the
/// sequence − 1, always inside).
pub async fn revoked_indices(
    db: &impl ConnectionTrait,
    year: i32,
) -> Result<(Vec<u32>, u32), StoreError> {
    // Revoked rows first: a certificate issued and revoked between the two reads is then
    // covered by the length read after it.
    let revoked: Vec<i32> = certificate::Entity::find()
        .select_only()
        .column(certificate::Column::StatusListIndex)
        .filter(certificate::Column::Year.eq(year))
        .filter(certificate::Column::Status.eq(CertificateStatus::Revoked.as_str()))
        .order_by_asc(certificate::Column::StatusListIndex)
        .into_tuple()
        .all(db)
        .await?;
    let revoked: Vec<u32> = revoked
        .into_iter()
        .map(status_index)
        .collect::<Result<_, _>>()?;
    let row: Option<(i64, Option<i32>)> = certificate::Entity::find()
        .select_only()
        .column_as(certificate::Column::Id.count(), "count")
        .column_as(certificate::Column::StatusListIndex.max(), "last")
        .filter(certificate::Column::Year.eq(year))
        .into_tuple()
        .one(db)
        .await?;
    let (count, last) = row.unwrap_or((0, None));
    let bits = status_list_bits(u64::try_from(count).unwrap_or(0));
    let bits = match last {
        Some(last) => std::cmp::max(bits, status_index(last)?.saturating_add(1)),
        None => bits,
    };
    Ok((revoked, bits))
}

// ---------------------------------------------------------------------------------------------
// What issuance copies: stored outcomes and learning records
// ---------------------------------------------------------------------------------------------

/// The stored completion outcomes of `enrolments`, by enrolment.
pub async fn outcomes_of_enrolments(
    db: &impl ConnectionTrait,
    enrolments: &[Uuid],
) -> Result<HashMap<Uuid, (CompletionOutcome, Vec<CompletionFailure>)>, StoreError> {
    let mut out = HashMap::new();
    for chunk in enrolments.chunks(IN_CHUNK) {
        let rows = enrolment_outcome::Entity::find()
            .filter(enrolment_outcome::Column::EnrolmentId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        for m in rows {
            let bad = |what: &str| corrupt(&format!("enrolment_outcomes.{what}"), m.enrolment_id);
            let outcome = m.outcome.parse().map_err(|_| bad("outcome"))?;
            let failures = serde_json::from_str(&m.failures).map_err(|_| bad("failures"))?;
            out.insert(m.enrolment_id, (outcome, failures));
        }
    }
    Ok(out)
}

/// What a certificate copies of a learning record's current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFacts {
    pub record_id: Uuid,
    pub version: i32,
    pub public_required_tenths: u32,
    pub professional_tenths: u32,
    pub assessment_result: Option<String>,
}

/// The current learning-record versions of `enrolments`, by enrolment (enrolments without a
/// record are absent).
pub async fn records_of_enrolments(
    db: &impl ConnectionTrait,
    enrolments: &[Uuid],
) -> Result<HashMap<Uuid, RecordFacts>, StoreError> {
    let mut out = HashMap::new();
    for chunk in enrolments.chunks(IN_CHUNK) {
        let headers = learning_record::Entity::find()
            .filter(learning_record::Column::EnrolmentId.is_in(chunk.iter().copied()))
            .all(db)
            .await?;
        if headers.is_empty() {
            continue;
        }
        let current: HashMap<Uuid, (Uuid, i32)> = headers
            .iter()
            .map(|h| (h.id, (h.enrolment_id, h.current_version)))
            .collect();
        // Only the columns copied (the content text can be long).
        let versions: Vec<(Uuid, Uuid, i32, i32, i32, Option<String>)> =
            learning_record_version::Entity::find()
                .select_only()
                .column(learning_record_version::Column::Id)
                .column(learning_record_version::Column::RecordId)
                .column(learning_record_version::Column::Version)
                .column(learning_record_version::Column::PublicRequiredTenths)
                .column(learning_record_version::Column::ProfessionalTenths)
                .column(learning_record_version::Column::AssessmentResult)
                .filter(learning_record_version::Column::RecordId.is_in(current.keys().copied()))
                .into_tuple()
                .all(db)
                .await?;
        for (id, record_id, version, public, professional, result) in versions {
            let Some(&(enrolment, current_version)) = current.get(&record_id) else {
                continue;
            };
            if version != current_version {
                continue;
            }
            let bad = || corrupt("learning_record_versions.hours", id);
            out.insert(
                enrolment,
                RecordFacts {
                    record_id,
                    version,
                    public_required_tenths: u32::try_from(public).map_err(|_| bad())?,
                    professional_tenths: u32::try_from(professional).map_err(|_| bad())?,
                    assessment_result: result,
                },
            );
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Batch jobs
// ---------------------------------------------------------------------------------------------

fn decode_batch(m: certificate_batch::Model) -> Result<CertificateBatchDto, StoreError> {
    let bad = |what: &str| corrupt(&format!("certificate_batches.{what}"), m.id);
    let count = |v: i32, what: &str| u32::try_from(v).map_err(|_| bad(what));
    let status: BatchStatus = m.status.parse().map_err(|_| bad("status"))?;
    let issued = count(m.issued, "issued")?;
    Ok(CertificateBatchDto {
        id: m.id,
        class_id: m.class_id,
        status,
        total: count(m.total, "total")?,
        processed: issued,
        issued,
        skipped: count(m.skipped, "skipped")?,
        message: m.message,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

/// Creates a running batch for class `class_id` with its counts known at the start, held by
/// `lease` (the instance that runs it; its first run).
pub async fn create_batch(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    total: u32,
    skipped: u32,
    by: Uuid,
    lease: &Lease,
) -> Result<CertificateBatchDto, StoreError> {
    let now = Utc::now();
    let count = |v: u32| i32::try_from(v).map_err(|_| StoreError::Corrupt("batch count".into()));
    let m = certificate_batch::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(class_id),
        status: Set(BatchStatus::Running.as_str().to_owned()),
        total: Set(count(total)?),
        issued: Set(0),
        skipped: Set(count(skipped)?),
        message: Set(None),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        lease_owner: Set(Some(lease.owner)),
        lease_expires_at: Set(Some(lease.expires(now))),
        attempts: Set(1),
    }
    .insert(db)
    .await?;
    decode_batch(m)
}

pub async fn find_batch(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<CertificateBatchDto, StoreError> {
    let m = certificate_batch::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_batch(m)
}

/// Ends running batch `id`, held by `owner`, as `status` with the number issued and skipped and
/// a message (`None` keeps the batch's). Only a running batch its runner still holds ends (`Conflict("batch_not_running")`
/// otherwise), so a batch is never finished twice, nor by a runner another instance took it over
/// from.
pub async fn finish_batch(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: BatchStatus,
    issued: u32,
    skipped: u32,
    message: Option<&str>,
    owner: Uuid,
) -> Result<(), StoreError> {
    let count = |v: u32| i32::try_from(v).map_err(|_| StoreError::Corrupt("batch count".into()));
    let mut update = certificate_batch::Entity::update_many()
        .col_expr(
            certificate_batch::Column::Status,
            Expr::value(status.as_str()),
        )
        .col_expr(
            certificate_batch::Column::Issued,
            Expr::value(count(issued)?),
        )
        .col_expr(
            certificate_batch::Column::Skipped,
            Expr::value(count(skipped)?),
        )
        .col_expr(
            certificate_batch::Column::UpdatedAt,
            Expr::value(Utc::now()),
        );
    // Without a message of its own, the batch keeps the one it has (a resumed batch says so).
    if let Some(message) = message {
        update = update.col_expr(certificate_batch::Column::Message, Expr::value(message));
    }
    let moved = update
        .filter(certificate_batch::Column::Id.eq(id))
        .filter(certificate_batch::Column::Status.eq(BatchStatus::Running.as_str()))
        .filter(certificate_batch::Column::LeaseOwner.eq(owner))
        .exec(db)
        .await?;
    if moved.rows_affected == 0 {
        return Err(StoreError::Conflict(ProblemCode::BatchNotRunning));
    }
    Ok(())
}

/// Renews the lease of every batch `lease.owner` is running; answers how many.
pub async fn renew_batches(db: &impl ConnectionTrait, lease: &Lease) -> Result<u64, StoreError> {
    let result = certificate_batch::Entity::update_many()
        .col_expr(
            certificate_batch::Column::LeaseExpiresAt,
            Expr::value(lease.expires(Utc::now())),
        )
        .filter(certificate_batch::Column::LeaseOwner.eq(lease.owner))
        .filter(certificate_batch::Column::Status.eq(BatchStatus::Running.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

/// A running batch whose lease ran out: its instance stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LapsedBatch {
    pub id: Uuid,
    pub class_id: Uuid,
    /// Who started it, whom a resumed run is recorded under.
    pub created_by: Uuid,
    /// Runs started so far.
    pub attempts: u32,
}

/// The running batches whose lease ran out at `now`, other than `owner`'s own.
pub async fn lapsed_batches(
    db: &impl ConnectionTrait,
    owner: Uuid,
    now: chrono::DateTime<Utc>,
) -> Result<Vec<LapsedBatch>, StoreError> {
    let rows: Vec<(Uuid, Uuid, Uuid, i32)> = certificate_batch::Entity::find()
        .select_only()
        .columns([
            certificate_batch::Column::Id,
            certificate_batch::Column::ClassId,
            certificate_batch::Column::CreatedBy,
            certificate_batch::Column::Attempts,
        ])
        .filter(certificate_batch::Column::Status.eq(BatchStatus::Running.as_str()))
        .filter(leases::lapsed(
            certificate_batch::Column::LeaseOwner,
            certificate_batch::Column::LeaseExpiresAt,
            owner,
            now,
        ))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, class_id, created_by, attempts)| LapsedBatch {
            id,
            class_id,
            created_by,
            attempts: u32::try_from(attempts).unwrap_or(0),
        })
        .collect())
}

/// Takes over running batch `id` whose lease ran out, for `lease.owner` to run it again (its next
/// attempt), noting `message` on it: `false` when it is no longer running or its lease is held.
pub async fn resume_batch(
    db: &impl ConnectionTrait,
    id: Uuid,
    lease: &Lease,
    message: &str,
) -> Result<bool, StoreError> {
    let now = Utc::now();
    let result = certificate_batch::Entity::update_many()
        .col_expr(
            certificate_batch::Column::LeaseOwner,
            Expr::value(lease.owner),
        )
        .col_expr(
            certificate_batch::Column::LeaseExpiresAt,
            Expr::value(lease.expires(now)),
        )
        .col_expr(
            certificate_batch::Column::Attempts,
            Expr::col(certificate_batch::Column::Attempts).add(1),
        )
        .col_expr(certificate_batch::Column::Message, Expr::value(message))
        .col_expr(certificate_batch::Column::UpdatedAt, Expr::value(now))
        .filter(certificate_batch::Column::Id.eq(id))
        .filter(certificate_batch::Column::Status.eq(BatchStatus::Running.as_str()))
        .filter(leases::lapsed(
            certificate_batch::Column::LeaseOwner,
            certificate_batch::Column::LeaseExpiresAt,
            lease.owner,
            now,
        ))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Fails running batch `id` whose lease ran out, with `message` (nothing of it was issued):
/// `false` when it is no longer running or its lease is held.
pub async fn abandon_batch(
    db: &impl ConnectionTrait,
    id: Uuid,
    owner: Uuid,
    message: &str,
) -> Result<bool, StoreError> {
    let now = Utc::now();
    let result = certificate_batch::Entity::update_many()
        .col_expr(
            certificate_batch::Column::Status,
            Expr::value(BatchStatus::Failed.as_str()),
        )
        .col_expr(certificate_batch::Column::Message, Expr::value(message))
        .col_expr(certificate_batch::Column::UpdatedAt, Expr::value(now))
        .filter(certificate_batch::Column::Id.eq(id))
        .filter(certificate_batch::Column::Status.eq(BatchStatus::Running.as_str()))
        .filter(leases::lapsed(
            certificate_batch::Column::LeaseOwner,
            certificate_batch::Column::LeaseExpiresAt,
            owner,
            now,
        ))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
