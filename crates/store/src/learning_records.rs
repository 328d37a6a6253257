//! Learning records (学习档案, Art. 6): a header per completed enrolment
//! (`uq_learning_records_enrolment_id`) naming its current version, and the versions themselves,
//! which are only ever inserted. A correction inserts version n + 1 and moves the header from n
//! to n + 1 with one conditional `UPDATE` (0 rows: someone corrected it meanwhile), so an entry
//! is never edited in place and the history stays complete.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::learning::CreditTenths;
use cebase_domain::training::{LearningRecordVersion, RecordContent};
use cebase_domain::validation::Text;
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::decode::{optional, text};
use crate::entities::{learning_record, learning_record_version};
use crate::listing::{PageRequest, corrupt, paged, split_page};
use crate::{StoreError, classes};

fn tenths(v: CreditTenths) -> Result<i32, StoreError> {
    i32::try_from(v.0).map_err(|_| StoreError::Corrupt("credit hours out of range".into()))
}

fn decode(
    m: learning_record_version::Model,
    titles: &HashMap<Uuid, String>,
    certificates: &HashMap<Uuid, String>,
) -> Result<LearningRecordVersion, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("learning_record_versions.{what}"), id);
    let hours = |v: i32, what: &str| u32::try_from(v).map(CreditTenths).map_err(|_| bad(what));
    Ok(LearningRecordVersion {
        record_id: m.record_id,
        version: m.version,
        person_id: m.person_id,
        class_id: m.class_id,
        class_title: titles
            .get(&m.class_id)
            .cloned()
            .ok_or_else(|| bad("class_id"))?,
        content: RecordContent {
            year: m.year,
            form: m.form.parse().map_err(|_| bad("form"))?,
            content: text(&m.content).ok_or_else(|| bad("content"))?,
            public_required: hours(m.public_required_tenths, "public_required_tenths")?,
            professional: hours(m.professional_tenths, "professional_tenths")?,
            assessment_result: optional(m.assessment_result.as_deref(), text)
                .ok_or_else(|| bad("assessment_result"))?,
            certificate_number: match optional(m.certificate_number.as_deref(), text)
                .ok_or_else(|| bad("certificate_number"))?
            {
                // Issuance does not write a new version: a version without a number shows the
                // record's valid certificate (Art. 9), if it has one.
                None => certificates.get(&m.record_id).and_then(|n| text(n)),
                written => written,
            },
        },
        reason: optional(m.reason.as_deref(), text).ok_or_else(|| bad("reason"))?,
        created_by: m.created_by,
        created_at: m.created_at,
    })
}

async fn decode_all(
    db: &impl ConnectionTrait,
    rows: Vec<learning_record_version::Model>,
) -> Result<Vec<LearningRecordVersion>, StoreError> {
    let titles = classes::titles(db, rows.iter().map(|m| m.class_id)).await?;
    let records: Vec<Uuid> = rows.iter().map(|m| m.record_id).collect();
    let numbers = crate::certificates::valid_numbers_of_records(db, &records).await?;
    rows.into_iter()
        .map(|m| decode(m, &titles, &numbers))
        .collect()
}

/// Which record a version belongs to: the record, its person and its class.
#[derive(Clone, Copy)]
struct Owner {
    record_id: Uuid,
    person_id: Uuid,
    class_id: Uuid,
}

/// Version `version` of `owner`'s record with `content`.
async fn insert_version(
    txn: &DatabaseTransaction,
    owner: Owner,
    version: i32,
    content: &RecordContent,
    reason: Option<&Text>,
    by: Uuid,
) -> Result<LearningRecordVersion, StoreError> {
    let m = learning_record_version::ActiveModel {
        id: Set(Uuid::now_v7()),
        record_id: Set(owner.record_id),
        version: Set(version),
        person_id: Set(owner.person_id),
        class_id: Set(owner.class_id),
        year: Set(content.year),
        form: Set(content.form.as_str().to_owned()),
        content: Set(content.content.as_ref().to_owned()),
        public_required_tenths: Set(tenths(content.public_required)?),
        professional_tenths: Set(tenths(content.professional)?),
        assessment_result: Set(crate::decode::owned(&content.assessment_result)),
        certificate_number: Set(crate::decode::owned(&content.certificate_number)),
        reason: Set(reason.map(|r| r.as_ref().to_owned())),
        created_by: Set(by),
        created_at: Set(Utc::now()),
    }
    .insert(txn)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::VersionConflict))?;
    decode_all(txn, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Writes the learning record of completed enrolment `enrolment_id` (version 1), on behalf of
/// account `by`, in the caller's transaction.
pub async fn create(
    txn: &DatabaseTransaction,
    enrolment_id: Uuid,
    person_id: Uuid,
    class_id: Uuid,
    content: &RecordContent,
    by: Uuid,
) -> Result<LearningRecordVersion, StoreError> {
    let now = Utc::now();
    let id = Uuid::now_v7();
    learning_record::ActiveModel {
        id: Set(id),
        person_id: Set(person_id),
        class_id: Set(class_id),
        enrolment_id: Set(enrolment_id),
        current_version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(txn)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::RecordExists))?;
    let owner = Owner {
        record_id: id,
        person_id,
        class_id,
    };
    insert_version(txn, owner, 1, content, None, by).await
}

/// The current version of record `id`.
pub async fn find_current(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<LearningRecordVersion, StoreError> {
    let header = learning_record::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let m = learning_record_version::Entity::find()
        .filter(learning_record_version::Column::RecordId.eq(id))
        .filter(learning_record_version::Column::Version.eq(header.current_version))
        .one(db)
        .await?
        .ok_or_else(|| corrupt("learning_records.current_version", id))?;
    decode_all(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Every version of record `id`, oldest first.
pub async fn versions(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<LearningRecordVersion>, StoreError> {
    let rows = learning_record_version::Entity::find()
        .filter(learning_record_version::Column::RecordId.eq(id))
        .order_by_asc(learning_record_version::Column::Version)
        .all(db)
        .await?;
    if rows.is_empty() {
        return Err(StoreError::NotFound);
    }
    decode_all(db, rows).await
}

/// Corrects record `id`, which the caller read at version `expected`: inserts version
/// `expected + 1` with `content` and `reason` and makes it current. `VersionConflict` when the
/// record moved on meanwhile.
pub async fn correct(
    txn: &DatabaseTransaction,
    id: Uuid,
    expected: i32,
    content: &RecordContent,
    reason: &Text,
    by: Uuid,
) -> Result<LearningRecordVersion, StoreError> {
    let current = find_current(txn, id).await?;
    let next = expected.checked_add(1).ok_or(StoreError::VersionConflict)?;
    let moved = learning_record::Entity::update_many()
        .col_expr(learning_record::Column::CurrentVersion, Expr::value(next))
        .col_expr(learning_record::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(learning_record::Column::Id.eq(id))
        .filter(learning_record::Column::CurrentVersion.eq(expected))
        .exec(txn)
        .await?;
    if moved.rows_affected == 0 {
        return Err(StoreError::VersionConflict);
    }
    let owner = Owner {
        record_id: id,
        person_id: current.person_id,
        class_id: current.class_id,
    };
    insert_version(txn, owner, next, content, Some(reason), by).await
}

/// The current versions of a person's records, in the order the records were written.
pub async fn of_person(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    page: &PageRequest,
) -> Result<(Vec<LearningRecordVersion>, Option<String>), StoreError> {
    let query =
        learning_record::Entity::find().filter(learning_record::Column::PersonId.eq(person_id));
    let headers = paged(
        query,
        learning_record::Column::Id,
        learning_record::Column::UpdatedAt,
        page,
    )
    .all(db)
    .await?;
    let (headers, next) = split_page(headers, page.limit, |m| m.id);
    let current = current_versions(db, &headers, None).await?;
    let mut by_record: HashMap<Uuid, LearningRecordVersion> = decode_all(db, current)
        .await?
        .into_iter()
        .map(|v| (v.record_id, v))
        .collect();
    let items = headers
        .iter()
        .map(|h| {
            by_record
                .remove(&h.id)
                .ok_or_else(|| corrupt("learning_records.current_version", h.id))
        })
        .collect::<Result<_, _>>()?;
    Ok((items, next))
}

/// The current version rows of `headers` (only those of `year`, when given).
async fn current_versions(
    db: &impl ConnectionTrait,
    headers: &[learning_record::Model],
    year: Option<i32>,
) -> Result<Vec<learning_record_version::Model>, StoreError> {
    if headers.is_empty() {
        return Ok(Vec::new());
    }
    let current: HashMap<Uuid, i32> = headers.iter().map(|h| (h.id, h.current_version)).collect();
    let mut query = learning_record_version::Entity::find()
        .filter(learning_record_version::Column::RecordId.is_in(current.keys().copied()));
    if let Some(year) = year {
        query = query.filter(learning_record_version::Column::Year.eq(year));
    }
    Ok(query
        .all(db)
        .await?
        .into_iter()
        .filter(|v| current.get(&v.record_id) == Some(&v.version))
        .collect())
}

/// The credit hours of `year` per person (public required, professional), summed over the
/// current versions of their records. People without records of the year are absent.
pub async fn annual_hours(
    db: &impl ConnectionTrait,
    person_ids: &[Uuid],
    year: i32,
) -> Result<HashMap<Uuid, (CreditTenths, CreditTenths)>, StoreError> {
    if person_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let headers = learning_record::Entity::find()
        .filter(learning_record::Column::PersonId.is_in(person_ids.iter().copied()))
        .all(db)
        .await?;
    let mut sums: HashMap<Uuid, (CreditTenths, CreditTenths)> = HashMap::new();
    for v in current_versions(db, &headers, Some(year)).await? {
        let bad = || corrupt("learning_record_versions.hours", v.id);
        let public = u32::try_from(v.public_required_tenths).map_err(|_| bad())?;
        let professional = u32::try_from(v.professional_tenths).map_err(|_| bad())?;
        let entry = sums.entry(v.person_id).or_default();
        entry.0 = entry.0 + CreditTenths(public);
        entry.1 = entry.1 + CreditTenths(professional);
    }
    Ok(sums)
}
