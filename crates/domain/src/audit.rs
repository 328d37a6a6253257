//! The tamper-evident audit trail (Art. 10: the base must not falsify its records).
//!
//! Every entry is hashed over the previous entry's hash and the entry's own canonical form, so
//! editing or deleting any row breaks the chain at that row. This module owns the canonical form,
//! the hash and the verification walk; storage only feeds rows in sequence order.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// A record whose writes the audit trail records: its kind, id and the state kept as an entry's
/// `before`/`after`. The actions are `{ENTITY}.create` and `{ENTITY}.update`.
pub trait Audited {
    /// The entry's `entity_type`, e.g. `organisation`.
    const ENTITY: &'static str;
    /// `{ENTITY}.create`.
    const CREATED: &'static str;
    /// `{ENTITY}.update`.
    const UPDATED: &'static str;
    fn audit_id(&self) -> Uuid;
    /// The state recorded in the audit trail's before/after.
    fn audit_snapshot(&self) -> Value;
}

/// Implements [`Audited`] for a record with an `id` and an inherent `audit_snapshot`.
#[macro_export]
macro_rules! audited {
    ($record:ty, $entity:literal) => {
        impl $crate::audit::Audited for $record {
            const ENTITY: &'static str = $entity;
            const CREATED: &'static str = concat!($entity, ".create");
            const UPDATED: &'static str = concat!($entity, ".update");
            fn audit_id(&self) -> uuid::Uuid {
                self.id
            }
            fn audit_snapshot(&self) -> serde_json::Value {
                <$record>::audit_snapshot(self)
            }
        }
    };
}

/// `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of one audit entry, exactly as it is hashed.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    /// Position in the chain, 1, 2, 3 … without gaps.
    pub seq: i64,
    /// The account that acted; `None` for the system itself (first-start bootstrap, CLI).
    pub actor_id: Option<Uuid>,
    /// The actor's username at the time (kept so the trail reads well after renames).
    pub actor_username: Option<String>,
    /// What was done, e.g. `user.create`, `auth.login`.
    pub action: String,
    pub entity_type: String,
    pub entity_id: Option<String>,
    /// State before the change (canonical JSON text), `None` for creations.
    pub before: Option<String>,
    /// State after the change (canonical JSON text), `None` for deletions.
    pub after: Option<String>,
    pub request_id: Option<String>,
    /// Truncated to microseconds so every database stores it exactly.
    pub created_at: DateTime<Utc>,
    pub prev_hash: String,
}

impl AuditRecord {
    /// The canonical form: one line per field in a fixed order, values escaped as JSON strings,
    /// so no field can bleed into the next.
    pub fn canonical(&self) -> String {
        let s = |v: &str| Value::String(v.to_owned()).to_string();
        let opt = |v: &Option<String>| v.as_deref().map_or_else(|| "null".to_owned(), s);
        [
            format!("seq:{}", self.seq),
            format!("actor_id:{}", opt(&self.actor_id.map(|u| u.to_string()))),
            format!("actor_username:{}", opt(&self.actor_username)),
            format!("action:{}", s(&self.action)),
            format!("entity_type:{}", s(&self.entity_type)),
            format!("entity_id:{}", opt(&self.entity_id)),
            format!("before:{}", opt(&self.before)),
            format!("after:{}", opt(&self.after)),
            format!("request_id:{}", opt(&self.request_id)),
            format!("created_at:{}", format_time(self.created_at)),
            format!("prev_hash:{}", self.prev_hash),
        ]
        .join("\n")
    }

    /// SHA-256 over the previous hash and this entry's canonical form, lowercase hex.
    pub fn hash(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.prev_hash.as_bytes());
        hasher.update(b"\n");
        hasher.update(self.canonical().as_bytes());
        hex::encode(hasher.finalize())
    }
}

/// RFC 3339 with exactly six fractional digits and `Z`.
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Drops sub-microsecond precision (PostgreSQL keeps microseconds).
pub fn truncate_to_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    let micros = t.timestamp_micros();
    DateTime::from_timestamp_micros(micros).unwrap_or(t)
}

/// JSON text with object keys sorted at every level, so equal values always hash equally,
/// whatever key order a serialiser or database produced.
pub fn canonical_json(value: &Value) -> String {
    fn sort(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                let mut out = serde_json::Map::new();
                for (k, v) in entries {
                    out.insert(k.clone(), sort(v));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(sort).collect()),
            other => other.clone(),
        }
    }
    // With serde_json's `preserve_order` the map keeps insertion order, which `sort` fixed;
    // without it the map is a BTreeMap and sorted anyway.
    sort(value).to_string()
}

/// A stored entry: the hashed record plus the hash the database holds for it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredAuditEntry {
    pub record: AuditRecord,
    pub hash: String,
}

/// The chain head as the database records it after the last append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub last_seq: i64,
    pub last_hash: String,
}

/// Result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verification {
    pub valid: bool,
    pub checked: u64,
    /// The first entry (by sequence number) that does not match the chain: edited, or following
    /// a deleted entry; for a deleted last entry, the sequence number the head says is last.
    pub first_invalid: Option<i64>,
}

/// Walks the chain one entry at a time, so a long trail is verified in constant memory.
#[derive(Debug)]
pub struct ChainVerifier {
    prev_hash: String,
    next_seq: i64,
    checked: u64,
    first_invalid: Option<i64>,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            prev_hash: GENESIS_HASH.to_owned(),
            next_seq: 1,
            checked: 0,
            first_invalid: None,
        }
    }
}

impl ChainVerifier {
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next entry in sequence order.
    pub fn push(&mut self, entry: &StoredAuditEntry) {
        self.checked += 1;
        if self.first_invalid.is_some() {
            return;
        }
        let r = &entry.record;
        let intact =
            r.seq == self.next_seq && r.prev_hash == self.prev_hash && r.hash() == entry.hash;
        if intact {
            self.prev_hash = entry.hash.clone();
            self.next_seq = r.seq + 1;
        } else {
            self.first_invalid = Some(r.seq);
        }
    }

    /// Compares the end of the walk with the recorded head, which catches a deleted last entry.
    pub fn finish(self, head: Option<&ChainHead>) -> Verification {
        let mut first_invalid = self.first_invalid;
        if first_invalid.is_none() {
            let (last_seq, last_hash) =
                head.map_or((0, GENESIS_HASH), |h| (h.last_seq, h.last_hash.as_str()));
            if last_seq != self.next_seq - 1 || last_hash != self.prev_hash {
                first_invalid = Some(last_seq.max(self.next_seq));
            }
        }
        Verification {
            valid: first_invalid.is_none(),
            checked: self.checked,
            first_invalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn chain(n: i64) -> (Vec<StoredAuditEntry>, ChainHead) {
        let mut prev = GENESIS_HASH.to_owned();
        let mut out = Vec::new();
        for seq in 1..=n {
            let record = AuditRecord {
                seq,
                actor_id: None,
                actor_username: None,
                action: "user.create".into(),
                entity_type: "user".into(),
                entity_id: Some(format!("u{seq}")),
                before: None,
                after: Some(canonical_json(&json!({"username": format!("u{seq}")}))),
                request_id: Some("req".into()),
                created_at: truncate_to_micros(Utc::now()),
                prev_hash: prev.clone(),
            };
            let hash = record.hash();
            prev = hash.clone();
            out.push(StoredAuditEntry { record, hash });
        }
        (
            out,
            ChainHead {
                last_seq: n,
                last_hash: prev,
            },
        )
    }

    fn verify(entries: &[StoredAuditEntry], head: &ChainHead) -> Verification {
        let mut v = ChainVerifier::new();
        entries.iter().for_each(|e| v.push(e));
        v.finish(Some(head))
    }

    #[test]
    fn intact_chain_verifies() {
        let (entries, head) = chain(5);
        assert_eq!(
            verify(&entries, &head),
            Verification {
                valid: true,
                checked: 5,
                first_invalid: None
            }
        );
        assert!(
            ChainVerifier::new().finish(None).valid,
            "an empty trail is valid"
        );
    }

    #[test]
    fn edited_entry_is_named() {
        let (mut entries, head) = chain(5);
        entries[2].record.after = Some(r#"{"username":"mallory"}"#.into());
        let v = verify(&entries, &head);
        assert!(!v.valid);
        assert_eq!(v.first_invalid, Some(3));
    }

    #[test]
    fn edited_entry_with_recomputed_hash_breaks_the_next_link() {
        let (mut entries, head) = chain(5);
        entries[1].record.action = "user.delete".into();
        entries[1].hash = entries[1].record.hash();
        assert_eq!(verify(&entries, &head).first_invalid, Some(3));
    }

    #[test]
    fn deleted_entry_names_its_successor_and_deleted_tail_names_the_head() {
        let (mut entries, head) = chain(5);
        entries.remove(1);
        assert_eq!(verify(&entries, &head).first_invalid, Some(3));
        let (mut entries, head) = chain(5);
        entries.pop();
        assert_eq!(verify(&entries, &head).first_invalid, Some(5));
    }

    #[test]
    fn canonical_json_sorts_keys_at_every_level() {
        let a = json!({"b": 1, "a": {"d": [ {"z": 1, "y": 2} ], "c": null}});
        assert_eq!(
            canonical_json(&a),
            r#"{"a":{"c":null,"d":[{"y":2,"z":1}]},"b":1}"#
        );
    }

    #[test]
    fn canonical_form_escapes_separators() {
        let (entries, _) = chain(1);
        let mut r = entries[0].record.clone();
        r.action = "a\nentity_type:\"x\"".into();
        assert_ne!(r.hash(), entries[0].hash);
        assert_eq!(
            r.canonical().lines().count(),
            11,
            "newlines inside values are escaped"
        );
    }
}
