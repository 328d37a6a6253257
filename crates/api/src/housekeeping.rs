//! Housekeeping: deletes rows that no rule reads any more, so their tables do not grow forever —
//! refresh tokens past their expiry (refreshing refuses them before looking further) and failed
//! logins or verifications older than the throttling window (`CEBASE_LOGIN_WINDOW_SECS`, the only
//! window they are counted in). Every instance runs a pass every `CEBASE_PRUNE_INTERVAL_SECS`;
//! the deletes are idempotent, so instances need no coordination. A failing pass is logged and
//! retried at the next interval; it never stops the server.

use std::future::Future;
use std::sync::{Arc, Weak};
use std::time::Duration;

use cebase_store::{ConnectionTrait, StoreError, throttle, tokens};
use chrono::{DateTime, Utc};

use crate::state::AppState;

/// Rows one pass deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pruned {
    pub refresh_tokens: u64,
    pub login_failures: u64,
}

/// One pass at `now`: deletes refresh tokens that expired before `now` and throttling failures
/// recorded before `now − window_secs`. Both deletes are tried; the first error is answered
/// after the other delete ran.
pub async fn prune(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    window_secs: u64,
) -> Result<Pruned, StoreError> {
    let window = chrono::Duration::seconds(i64::try_from(window_secs).unwrap_or(i64::MAX));
    let tokens = tokens::delete_expired(db, now).await;
    let failures = throttle::prune(db, now.checked_sub_signed(window).unwrap_or(now)).await;
    Ok(Pruned {
        refresh_tokens: tokens?,
        login_failures: failures?,
    })
}

/// Runs `pass` every `interval` — the first time one interval after the start, a late tick
/// delaying the next rather than bunching up — for as long as the application's state lives.
/// Every periodic task of an instance (pruning, audit checkpoints, key reloads, metrics upkeep)
/// runs through this.
pub fn every<F, Fut>(state: Weak<AppState>, interval: Duration, mut pass: F)
where
    F: FnMut(Arc<AppState>) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    tokio::spawn(async move {
        let start = tokio::time::Instant::now() + interval;
        let mut tick = tokio::time::interval_at(start, interval);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            let Some(state) = state.upgrade() else {
                return;
            };
            pass(state).await;
        }
    });
}

/// Runs [`prune`] every `CEBASE_PRUNE_INTERVAL_SECS` (the first pass one interval after the
/// start) for as long as the application's state lives.
pub fn spawn(state: Weak<AppState>) {
    let Some(interval) = state
        .upgrade()
        .map(|s| Duration::from_secs(s.settings.prune_interval_secs))
    else {
        return;
    };
    every(state, interval, move |state| async move {
        let window = state.settings.login_window_secs;
        // Bounded, so a stalled database does not pile passes up.
        let pass = tokio::time::timeout(interval, prune(&state.db, Utc::now(), window)).await;
        match pass {
            Ok(Ok(pruned)) if pruned != Pruned::default() => tracing::info!(
                refresh_tokens = pruned.refresh_tokens,
                login_failures = pruned.login_failures,
                "housekeeping: expired rows deleted"
            ),
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::warn!(
                error = format!("{e:#}"),
                "housekeeping: pruning failed; trying again at the next interval"
            ),
            Err(_) => {
                tracing::warn!("housekeeping: pruning timed out; trying again at the next interval")
            }
        }
    });
}
