//! Public certificate verification's in-process state (Art. 9): a cache of what verification
//! reads of certificates, and a mirror of the client addresses the failure throttle refuses.
//!
//! **Why it is safe to cache.** What verification shows is copied into the certificate when it
//! is issued and never changes, except its status, which changes at most once: valid → revoked
//! (a re-issue is another certificate with another number). So an entry can only go stale
//! through a revocation, and every revocation is seen:
//! - on the revoking instance, [`VerificationCache::revoked`] drops the entry after the
//!   revocation commits, before the revoke request is answered;
//! - on every other instance, [`sync`] reads the audit chain every
//!   `certificate_verify_sync_ms` (each revocation is an audit entry of the revoking
//!   transaction, and entries become visible in sequence order) and drops the entries of the
//!   certificates revoked since it last looked. A revocation elsewhere is therefore reflected
//!   within one interval; when the chain cannot be read the whole cache is dropped.
//!
//! A lookup that misses reads the database and fills the entry only if no revocation was
//! applied while it read (a generation counter), so a read that raced a revocation never
//! leaves the old status behind.
//!
//! **Throttle.** Failures (unknown number, wrong or missing code) are always counted in the
//! database, across instances, as before. An address over the limit is remembered here until
//! its window ends, so a cached lookup refuses it too without asking the database. A cached
//! answer needs the right number *and* code, so an address refused by another instance but
//! not yet by this one learns nothing it did not know; its next failure here reads the shared
//! count and refuses it.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use cebase_domain::certificate::{CertificateNumber, Verifiable};
use cebase_store::certificates as store;

use crate::state::AppState;

/// Addresses remembered as refused before expired ones are swept out.
const BLOCKED_SWEEP_AT: usize = 10_000;

/// What verification reads of certificates, by number, and the refused client addresses.
pub struct VerificationCache {
    /// `None` when caching is switched off (`certificate_verify_cache_entries = 0`).
    entries: Option<quick_cache::sync::Cache<String, Arc<Verifiable>>>,
    /// Advanced whenever entries are dropped for a revocation.
    generation: AtomicU64,
    /// The audit sequence number up to which revocations have been applied.
    synced: Mutex<Option<i64>>,
    /// Throttle keys over the limit, with the instant their refusal ends.
    blocked: Mutex<HashMap<String, Instant>>,
}

impl std::fmt::Debug for VerificationCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationCache")
            .field("entries", &self.entries.as_ref().map(|c| c.len()))
            .field("generation", &self.generation)
            .finish_non_exhaustive()
    }
}

/// A lookup's ticket: taken before reading the database, it lets [`VerificationCache::fill`]
/// refuse an answer that a revocation may have overtaken.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl VerificationCache {
    /// A cache of at most `capacity` certificates (0: no caching).
    pub fn new(capacity: usize) -> Self {
        Self {
            entries: (capacity > 0).then(|| quick_cache::sync::Cache::new(capacity)),
            generation: AtomicU64::new(0),
            synced: Mutex::new(None),
            blocked: Mutex::new(HashMap::new()),
        }
    }

    /// The cached certificate numbered `number`.
    pub fn get(&self, number: &CertificateNumber) -> Option<Arc<Verifiable>> {
        self.entries.as_ref()?.get(number.as_ref())
    }

    /// Taken before a lookup reads the database.
    pub fn ticket(&self) -> Ticket {
        Ticket(self.generation.load(Ordering::SeqCst))
    }

    /// Caches what a lookup read, unless a revocation was applied since its `ticket`.
    pub fn fill(&self, ticket: Ticket, certificate: Verifiable) {
        let Some(entries) = &self.entries else {
            return;
        };
        if self.generation.load(Ordering::SeqCst) != ticket.0 {
            return;
        }
        let number = certificate.number.as_ref().to_owned();
        entries.insert(number.clone(), Arc::new(certificate));
        // A revocation applied between the check and the insert may have missed the entry.
        if self.generation.load(Ordering::SeqCst) != ticket.0 {
            entries.remove(&number);
        }
    }

    /// Drops the entries of `numbers`, just revoked (after their revocation committed).
    pub fn revoked<'a>(&self, numbers: impl IntoIterator<Item = &'a str>) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Some(entries) = &self.entries {
            for number in numbers {
                entries.remove(number);
            }
        }
    }

    /// Drops every entry (when revocations elsewhere cannot be read).
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Some(entries) = &self.entries {
            entries.clear();
        }
    }

    /// The seconds until `key`'s refusal ends, while it is refused.
    pub fn refused(&self, key: &str, now: Instant) -> Option<u64> {
        let blocked = self.blocked.lock().ok()?;
        let until = *blocked.get(key)?;
        (until > now).then(|| until.duration_since(now).as_secs().max(1))
    }

    /// Remembers that `key` is refused for `for_secs` seconds from `now`.
    pub fn refuse(&self, key: &str, now: Instant, for_secs: u64) {
        if let Ok(mut blocked) = self.blocked.lock() {
            if blocked.len() >= BLOCKED_SWEEP_AT {
                blocked.retain(|_, until| *until > now);
            }
            blocked.insert(key.to_owned(), now + Duration::from_secs(for_secs));
        }
    }

    /// Applies the revocations recorded in the audit chain since the last call (the first call
    /// only notes where the chain stands: the cache starts empty).
    async fn sync(&self, db: &impl cebase_store::ConnectionTrait) -> anyhow::Result<()> {
        let head = store::audit_head(db).await?;
        let synced = *self
            .synced
            .lock()
            .map_err(|_| anyhow::anyhow!("poisoned"))?;
        match synced {
            Some(seen) if head > seen => {
                let numbers = store::revoked_between(db, seen, head).await?;
                if !numbers.is_empty() {
                    self.revoked(numbers.iter().map(String::as_str));
                }
            }
            Some(seen) if head == seen => {}
            // The chain is shorter than it was: the database was replaced (a restore).
            Some(_) => self.clear(),
            None => self.clear(),
        }
        if let Ok(mut synced) = self.synced.lock() {
            *synced = Some(head);
        }
        Ok(())
    }
}

/// Keeps `state`'s verification cache in step with revocations made by other instances, every
/// `interval`, for as long as the application state lives.
pub fn spawn_sync(state: Weak<AppState>, interval: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(state) = state.upgrade() else {
                return;
            };
            if let Err(e) = state.verification.sync(&state.db).await {
                tracing::warn!(error = %e, "verification cache: cannot read revocations; dropped the cache");
                state.verification.clear();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Utc};

    use cebase_domain::certificate::{CertificateStatus, VerificationCode};

    use super::*;

    fn verifiable(number: &str) -> Verifiable {
        Verifiable {
            number: CertificateNumber::parse(number).expect("number"),
            verification_code: VerificationCode::from_random([3; 10]),
            status: CertificateStatus::Valid,
            holder_name: "张伟".into(),
            class_title: "研修班".into(),
            start_date: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
            end_date: NaiveDate::from_ymd_opt(2026, 3, 6).expect("date"),
            public_required_tenths: 300,
            professional_tenths: 600,
            issued_at: Utc::now(),
        }
    }

    fn number(n: &str) -> CertificateNumber {
        CertificateNumber::parse(n).expect("number")
    }

    #[test]
    fn a_lookup_overtaken_by_a_revocation_is_not_cached() {
        let cache = VerificationCache::new(100);
        let ticket = cache.ticket();
        // The lookup read "valid"; meanwhile the certificate was revoked and dropped.
        cache.revoked(["CEB2026000001"]);
        cache.fill(ticket, verifiable("CEB2026000001"));
        assert!(cache.get(&number("CEB2026000001")).is_none());
        // A lookup that starts after the revocation caches what it reads.
        let ticket = cache.ticket();
        cache.fill(ticket, verifiable("CEB2026000001"));
        assert!(cache.get(&number("CEB2026000001")).is_some());
    }

    #[test]
    fn a_revocation_drops_only_its_certificates() {
        let cache = VerificationCache::new(100);
        for n in ["CEB2026000001", "CEB2026000002"] {
            cache.fill(cache.ticket(), verifiable(n));
        }
        cache.revoked(["CEB2026000002"]);
        assert!(cache.get(&number("CEB2026000001")).is_some());
        assert!(cache.get(&number("CEB2026000002")).is_none());
        cache.clear();
        assert!(cache.get(&number("CEB2026000001")).is_none());
    }

    #[test]
    fn capacity_zero_caches_nothing() {
        let cache = VerificationCache::new(0);
        cache.fill(cache.ticket(), verifiable("CEB2026000001"));
        assert!(cache.get(&number("CEB2026000001")).is_none());
    }

    #[test]
    fn a_refused_address_is_refused_until_its_window_ends() {
        let cache = VerificationCache::new(10);
        let now = Instant::now();
        assert_eq!(cache.refused("verify-ip:1.2.3.4", now), None);
        cache.refuse("verify-ip:1.2.3.4", now, 60);
        assert_eq!(cache.refused("verify-ip:1.2.3.4", now), Some(60));
        assert_eq!(cache.refused("verify-ip:5.6.7.8", now), None);
        assert_eq!(
            cache.refused("verify-ip:1.2.3.4", now + Duration::from_secs(60)),
            None
        );
    }
}
