//! Public certificate verification's in-process state (Art. 9): a cache of what verification
//! reads of certificates, and a mirror of the client addresses the failure throttle refuses.
//!
//! **Why it is safe to cache.** What verification shows is copied into the certificate when it
//! is issued and never changes, except its status, which changes at most once: valid → revoked
//! (a re-issue is another certificate with another number). So an entry can only go stale
//! through a revocation, and every revocation is seen:
//! - on the revoking instance, [`VerificationCache::revoked`] drops the entry after the
//!   revocation commits, before the revoke request is answered;
//! - on every instance, the task [`spawn_sync`] starts reads the audit chain every
//!   `certificate_verify_sync_ms` (each revocation is an audit entry of the revoking
//!   transaction, and entries become visible in sequence order) and drops the entries of the
//!   certificates revoked since it last looked. A revocation elsewhere is therefore reflected
//!   within about one interval.
//! - Whatever happens to that task — the database unreachable, a read that hangs, the task
//!   gone — the cache is not used once its last successful read of the chain began more than
//!   [`STALE_AFTER_SYNCS`] intervals ago: lookups then read the database, as without a cache. A
//!   revocation elsewhere is never answered as valid for longer than that.
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

/// The cache is not used once its last successful sync began this many intervals ago.
pub const STALE_AFTER_SYNCS: u32 = 3;
/// The shortest sync interval.
const MIN_SYNC_INTERVAL: Duration = Duration::from_millis(10);
/// Addresses remembered as refused before expired ones are swept out (at most once a second).
const BLOCKED_SWEEP_AT: usize = 10_000;
/// At most this many refused addresses are remembered (memory stays bounded when many
/// addresses fail at once); beyond, an address is refused at its next failure, which reads the
/// shared count, while its right answers — which reveal nothing new — are still given.
const BLOCKED_MAX: usize = 100_000;

/// What verification reads of certificates, by number, and the refused client addresses.
pub struct VerificationCache {
    /// `None` when caching is switched off (`certificate_verify_cache_entries = 0`).
    entries: Option<quick_cache::sync::Cache<String, Arc<Verifiable>>>,
    /// Advanced whenever entries are dropped for a revocation.
    generation: AtomicU64,
    /// How often revocations made elsewhere are read.
    interval: Duration,
    /// The instant the times below count from.
    epoch: Instant,
    /// When the last successful sync began (milliseconds after `epoch` + 1; 0: never).
    synced_at: AtomicU64,
    /// The audit sequence number up to which revocations have been applied.
    synced: Mutex<Option<i64>>,
    /// Throttle keys over the limit, with the instant their refusal ends.
    blocked: Mutex<Blocked>,
}

#[derive(Default)]
struct Blocked {
    until: HashMap<String, Instant>,
    next_sweep: Option<Instant>,
}

impl std::fmt::Debug for VerificationCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerificationCache")
            .field("entries", &self.entries.as_ref().map(|c| c.len()))
            .field("generation", &self.generation)
            .field("interval", &self.interval)
            .finish_non_exhaustive()
    }
}

/// A lookup's ticket: taken before reading the database, it lets [`VerificationCache::fill`]
/// refuse an answer that a revocation may have overtaken.
#[derive(Debug, Clone, Copy)]
pub struct Ticket(u64);

impl VerificationCache {
    /// A cache of at most `capacity` certificates (0: no caching), kept in step with
    /// revocations elsewhere every `interval` (at least 10 ms).
    pub fn new(capacity: usize, interval: Duration) -> Self {
        Self {
            entries: (capacity > 0).then(|| quick_cache::sync::Cache::new(capacity)),
            generation: AtomicU64::new(0),
            interval: interval.max(MIN_SYNC_INTERVAL),
            epoch: Instant::now(),
            synced_at: AtomicU64::new(0),
            synced: Mutex::new(None),
            blocked: Mutex::new(Blocked::default()),
        }
    }

    /// Whether certificates are cached at all.
    pub fn caches(&self) -> bool {
        self.entries.is_some()
    }

    fn millis(&self, at: Instant) -> u64 {
        u64::try_from(at.saturating_duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX)
    }

    /// Whether the last successful sync began recently enough at `now` for entries to be used.
    fn fresh(&self, now: Instant) -> bool {
        let began = self.synced_at.load(Ordering::SeqCst);
        let limit =
            u64::try_from((self.interval * STALE_AFTER_SYNCS).as_millis()).unwrap_or(u64::MAX);
        began > 0 && self.millis(now).saturating_add(1).saturating_sub(began) <= limit
    }

    /// The cached certificate numbered `number`, while the cache is in step (at `now`).
    pub fn get(&self, number: &CertificateNumber, now: Instant) -> Option<Arc<Verifiable>> {
        let entries = self.entries.as_ref()?;
        if !self.fresh(now) {
            return None;
        }
        entries.get(number.as_ref())
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
        let until = *blocked.until.get(key)?;
        (until > now).then(|| until.duration_since(now).as_secs().max(1))
    }

    /// Remembers that `key` is refused for `for_secs` seconds from `now`.
    pub fn refuse(&self, key: &str, now: Instant, for_secs: u64) {
        let Some(until) = now.checked_add(Duration::from_secs(for_secs)) else {
            return;
        };
        let Ok(mut blocked) = self.blocked.lock() else {
            return;
        };
        if blocked.until.len() >= BLOCKED_SWEEP_AT && blocked.next_sweep.is_none_or(|t| now >= t) {
            blocked.until.retain(|_, until| *until > now);
            blocked.next_sweep = now.checked_add(Duration::from_secs(1));
        }
        if blocked.until.len() < BLOCKED_MAX || blocked.until.contains_key(key) {
            blocked.until.insert(key.to_owned(), until);
        }
    }

    /// Applies the revocations recorded in the audit chain since the last call (the first call
    /// drops whatever was cached before it and notes where the chain stands). The server calls
    /// it once before it takes requests, then [`spawn_sync`]'s task every interval.
    pub async fn sync(&self, db: &impl cebase_store::ConnectionTrait) -> anyhow::Result<()> {
        let began = Instant::now();
        let head = cebase_store::audit::head_seq(db).await?;
        let synced = *self
            .synced
            .lock()
            .map_err(|_| anyhow::anyhow!("verification cache state poisoned"))?;
        match synced {
            Some(seen) if head > seen => {
                let numbers = store::revoked_between(db, seen, head).await?;
                if !numbers.is_empty() {
                    self.revoked(numbers.iter().map(String::as_str));
                }
            }
            Some(seen) if head == seen => {}
            // None: the first sync. Some(seen) with head < seen: the chain is shorter than it
            // was, so the database was replaced (a restore).
            _ => self.clear(),
        }
        if let Ok(mut synced) = self.synced.lock() {
            *synced = Some(head);
        }
        self.synced_at
            .store(self.millis(began).saturating_add(1), Ordering::SeqCst);
        Ok(())
    }
}

/// Keeps `state`'s verification cache in step with revocations made by other instances, every
/// sync interval, for as long as the application state lives.
pub fn spawn_sync(state: Weak<AppState>) {
    tokio::spawn(async move {
        let Some(interval) = state.upgrade().map(|s| s.verification.interval) else {
            return;
        };
        let mut tick = tokio::time::interval(interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        // Said once when reading starts failing and once when it works again, not every tick.
        let mut failing = false;
        loop {
            tick.tick().await;
            let Some(state) = state.upgrade() else {
                return;
            };
            let cache = &state.verification;
            let outcome = tokio::time::timeout(interval * STALE_AFTER_SYNCS, cache.sync(&state.db))
                .await
                .unwrap_or_else(|_| Err(anyhow::anyhow!("reading revocations timed out")));
            match outcome {
                Err(e) => {
                    cache.clear();
                    if !failing {
                        tracing::warn!(
                            error = format!("{e:#}"),
                            "verification cache: cannot read revocations; verifying from the database until it can"
                        );
                    }
                    failing = true;
                }
                Ok(()) if failing => {
                    tracing::info!("verification cache: reading revocations again");
                    failing = false;
                }
                Ok(()) => {}
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

    /// A cache that has just synced (as its task does first thing).
    fn cache(capacity: usize) -> VerificationCache {
        let cache = VerificationCache::new(capacity, Duration::from_secs(1));
        cache
            .synced_at
            .store(cache.millis(Instant::now()) + 1, Ordering::SeqCst);
        cache
    }

    fn get(cache: &VerificationCache, n: &str) -> Option<Arc<Verifiable>> {
        cache.get(&number(n), Instant::now())
    }

    #[test]
    fn a_lookup_overtaken_by_a_revocation_is_not_cached() {
        let cache = cache(100);
        let ticket = cache.ticket();
        // The lookup read "valid"; meanwhile the certificate was revoked and dropped.
        cache.revoked(["CEB2026000001"]);
        cache.fill(ticket, verifiable("CEB2026000001"));
        assert!(get(&cache, "CEB2026000001").is_none());
        // A lookup that starts after the revocation caches what it reads.
        let ticket = cache.ticket();
        cache.fill(ticket, verifiable("CEB2026000001"));
        assert!(get(&cache, "CEB2026000001").is_some());
    }

    #[test]
    fn a_revocation_drops_only_its_certificates() {
        let cache = cache(100);
        for n in ["CEB2026000001", "CEB2026000002"] {
            cache.fill(cache.ticket(), verifiable(n));
        }
        cache.revoked(["CEB2026000002"]);
        assert!(get(&cache, "CEB2026000001").is_some());
        assert!(get(&cache, "CEB2026000002").is_none());
        cache.clear();
        assert!(get(&cache, "CEB2026000001").is_none());
    }

    #[test]
    fn capacity_zero_caches_nothing() {
        let cache = cache(0);
        cache.fill(cache.ticket(), verifiable("CEB2026000001"));
        assert!(get(&cache, "CEB2026000001").is_none());
    }

    #[test]
    fn entries_are_not_used_once_syncing_stopped() {
        let cache = cache(10);
        cache.fill(cache.ticket(), verifiable("CEB2026000001"));
        let now = Instant::now();
        assert!(cache.get(&number("CEB2026000001"), now).is_some());
        // Three intervals (of one second) after the last sync began, still used; after, not.
        assert!(
            cache
                .get(&number("CEB2026000001"), now + Duration::from_millis(2900))
                .is_some()
        );
        assert!(
            cache
                .get(&number("CEB2026000001"), now + Duration::from_millis(3100))
                .is_none()
        );
        // A cache that never synced is not used at all.
        let never = VerificationCache::new(10, Duration::from_secs(1));
        never.fill(never.ticket(), verifiable("CEB2026000001"));
        assert!(
            never
                .get(&number("CEB2026000001"), Instant::now())
                .is_none()
        );
    }

    #[test]
    fn a_refused_address_is_refused_until_its_window_ends() {
        let cache = cache(10);
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
