//! The append-only, hash-chained audit trail (Art. 10). Rows are only ever inserted; nothing in
//! the system updates or deletes them.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cebase_domain::audit::{
    AuditRecord, ChainHead, ChainVerifier, StoredAuditEntry, Verification, canonical_json,
    truncate_to_micros,
};
use cebase_domain::dto::{AuditEntryDto, Page};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde_json::Value;
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{audit_head, audit_log};

/// Who acted: an account, or the system itself (`None`).
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: Uuid,
    pub username: String,
}

/// An entry to append.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub actor: Option<Actor>,
    pub action: &'static str,
    pub entity_type: &'static str,
    pub entity_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub request_id: Option<String>,
}

async fn head_row(db: &impl ConnectionTrait) -> Result<audit_head::Model, StoreError> {
    audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::Corrupt("audit_head row missing".into()))
}

/// The sequence number of the chain's last entry (0 when it is empty). Audited writers are
/// serialised (`begin_write` locks the head row until commit), so entries become visible in
/// sequence order: every entry up to the head a reader sees is there to be read.
pub async fn head_seq(db: &impl ConnectionTrait) -> Result<i64, StoreError> {
    Ok(head_row(db).await?.last_seq)
}

/// The chain's head: the last entry's sequence number and hash (0 and the genesis hash when
/// the chain is empty).
pub async fn head(db: &impl ConnectionTrait) -> Result<ChainHead, StoreError> {
    let row = head_row(db).await?;
    Ok(ChainHead {
        last_seq: row.last_seq,
        last_hash: row.last_hash,
    })
}

/// The stored hash of entry `seq`, if there is such an entry.
pub async fn hash_at(db: &impl ConnectionTrait, seq: i64) -> Result<Option<String>, StoreError> {
    Ok(audit_log::Entity::find_by_id(seq)
        .select_only()
        .column(audit_log::Column::Hash)
        .into_tuple()
        .one(db)
        .await?)
}

/// Appends `entry` to the chain inside `txn` (which must come from [`crate::begin_write`], so
/// the head row is already locked) and returns its sequence number.
pub async fn append(txn: &DatabaseTransaction, entry: NewEntry) -> Result<i64, StoreError> {
    let head = head_row(txn).await?;
    let record = AuditRecord {
        seq: head.last_seq + 1,
        actor_id: entry.actor.as_ref().map(|a| a.id),
        actor_username: entry.actor.map(|a| a.username),
        action: entry.action.to_owned(),
        entity_type: entry.entity_type.to_owned(),
        entity_id: entry.entity_id,
        before: entry.before.as_ref().map(canonical_json),
        after: entry.after.as_ref().map(canonical_json),
        request_id: entry.request_id,
        created_at: truncate_to_micros(Utc::now()),
        prev_hash: head.last_hash.clone(),
    };
    let hash = record.hash();
    let seq = record.seq;
    audit_log::ActiveModel {
        seq: Set(record.seq),
        actor_id: Set(record.actor_id),
        actor_username: Set(record.actor_username),
        action: Set(record.action),
        entity_type: Set(record.entity_type),
        entity_id: Set(record.entity_id),
        before_json: Set(record.before),
        after_json: Set(record.after),
        request_id: Set(record.request_id),
        created_at: Set(record.created_at),
        prev_hash: Set(record.prev_hash),
        hash: Set(hash.clone()),
    }
    .insert(txn)
    .await?;
    audit_head::ActiveModel {
        id: Set(1),
        last_seq: Set(seq),
        last_hash: Set(hash),
    }
    .update(txn)
    .await?;
    Ok(seq)
}

/// Filters of the audit list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub actor_id: Option<Uuid>,
    pub action: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// The opaque cursor that continues the trail (newest first) after entry `seq`.
pub fn encode_cursor(seq: i64) -> String {
    URL_SAFE_NO_PAD.encode(seq.to_be_bytes())
}

/// `None` when `cursor` was not produced by [`encode_cursor`].
pub fn decode_cursor(cursor: &str) -> Option<i64> {
    let bytes: [u8; 8] = URL_SAFE_NO_PAD.decode(cursor).ok()?.try_into().ok()?;
    Some(i64::from_be_bytes(bytes))
}

/// Newest first; the cursor (see [`encode_cursor`]) is the last entry seen.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    limit: u64,
    cursor: Option<i64>,
) -> Result<Page<AuditEntryDto>, StoreError> {
    let mut query = audit_log::Entity::find().order_by_desc(audit_log::Column::Seq);
    if let Some(v) = &filter.entity_type {
        query = query.filter(audit_log::Column::EntityType.eq(v.as_str()));
    }
    if let Some(v) = &filter.entity_id {
        query = query.filter(audit_log::Column::EntityId.eq(v.as_str()));
    }
    if let Some(v) = filter.actor_id {
        query = query.filter(audit_log::Column::ActorId.eq(v));
    }
    if let Some(v) = &filter.action {
        query = query.filter(audit_log::Column::Action.eq(v.as_str()));
    }
    if let Some(v) = filter.from {
        query = query.filter(audit_log::Column::CreatedAt.gte(v));
    }
    if let Some(v) = filter.to {
        query = query.filter(audit_log::Column::CreatedAt.lt(v));
    }
    if let Some(seq) = cursor {
        query = query.filter(audit_log::Column::Seq.lt(seq));
    }
    let mut rows = query.limit(limit + 1).all(db).await?;
    let next_cursor = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| encode_cursor(r.seq))
    } else {
        None
    };
    let items = rows.into_iter().map(to_dto).collect::<Result<_, _>>()?;
    Ok(Page { items, next_cursor })
}

fn parse_json(text: Option<String>, what: &str) -> Result<Option<Value>, StoreError> {
    text.map(|t| serde_json::from_str(&t))
        .transpose()
        .map_err(|_| StoreError::Corrupt(format!("audit_log.{what}")))
}

fn to_dto(m: audit_log::Model) -> Result<AuditEntryDto, StoreError> {
    Ok(AuditEntryDto {
        id: m.seq,
        actor_id: m.actor_id,
        actor_username: m.actor_username,
        action: m.action,
        entity_type: m.entity_type,
        entity_id: m.entity_id,
        before: parse_json(m.before_json, "before_json")?,
        after: parse_json(m.after_json, "after_json")?,
        request_id: m.request_id,
        created_at: m.created_at,
        prev_hash: m.prev_hash,
        hash: m.hash,
    })
}

/// Walks the whole chain in sequence order, in batches, and compares its end with the head.
pub async fn verify(db: &impl ConnectionTrait) -> Result<Verification, StoreError> {
    const BATCH: u64 = 1000;
    let mut verifier = ChainVerifier::new();
    let mut after_seq = 0i64;
    loop {
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gt(after_seq))
            .order_by_asc(audit_log::Column::Seq)
            .limit(BATCH)
            .all(db)
            .await?;
        let Some(last) = rows.last() else { break };
        after_seq = last.seq;
        for m in rows {
            verifier.push(&StoredAuditEntry {
                hash: m.hash,
                record: AuditRecord {
                    seq: m.seq,
                    actor_id: m.actor_id,
                    actor_username: m.actor_username,
                    action: m.action,
                    entity_type: m.entity_type,
                    entity_id: m.entity_id,
                    before: m.before_json,
                    after: m.after_json,
                    request_id: m.request_id,
                    created_at: m.created_at,
                    prev_hash: m.prev_hash,
                },
            });
        }
    }
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|h| ChainHead {
            last_seq: h.last_seq,
            last_hash: h.last_hash,
        });
    Ok(verifier.finish(head.as_ref()))
}
