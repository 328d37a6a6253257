//! Throttling of password guessing, with state in the database so it holds across instances.
//!
//! Logins are counted under three keys:
//! - the client address (`ip:`; an IPv6 client by its /64), limited by
//!   `CEBASE_LOGIN_MAX_FAILURES_PER_IP` — one source guessing at many accounts;
//! - the account *and* address (`ai:`), limited by `CEBASE_LOGIN_MAX_FAILURES_PER_ACCOUNT` —
//!   one source guessing at one account. Counting this per address is what keeps a stranger
//!   from locking the owner out: their failures do not count against the owner's address;
//! - the account alone (`a:`), never a lock: once the account has that many failures in the
//!   window from anywhere, every attempt on it waits first (doubling from 250 ms up to 8 s), which
//!   slows guessing spread over many addresses while the owner still gets in.
//!
//! Account keys carry a hash of the normalised username, so any username fits the key column.
//! Attempts are reserved before the password is checked (`cebase_store::throttle::reserve`), so
//! parallel requests cannot all pass a count read before any failure was written.
//! `PUT /me/password` is limited per account (`pw:`) in the same way.

use std::net::IpAddr;
use std::time::Duration as StdDuration;

use cebase_store::{DatabaseConnection, throttle};
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::client_address::throttle_scope;
use crate::config::Settings;
use crate::error::ApiError;

/// The first wait of an account guessed at from many addresses, and the longest.
const ACCOUNT_DELAY_BASE: StdDuration = StdDuration::from_millis(250);
const ACCOUNT_DELAY_MAX: StdDuration = StdDuration::from_secs(8);

pub struct LoginKeys {
    address: String,
    account_at_address: String,
    account: String,
}

impl LoginKeys {
    pub fn new(username: &str, client: IpAddr) -> Self {
        let normalised = cebase_domain::user::Username::normalise_for_lookup(username);
        // 128 bits of SHA-256: a fixed length whatever the client sends, no collisions to fear.
        let account = &hex::encode(Sha256::digest(normalised.as_bytes()))[..32];
        let scope = throttle_scope(client);
        Self {
            address: format!("ip:{scope}"),
            account_at_address: format!("ai:{account}:{scope}"),
            account: format!("a:{account}"),
        }
    }
}

/// A reserved attempt: its rows stay as the failure unless the attempt succeeds.
#[must_use = "an attempt is either a failure (kept) or succeeded"]
pub struct Attempt {
    ids: Vec<i32>,
}

fn window(settings: &Settings) -> Duration {
    Duration::seconds(settings.login_window_secs as i64)
}

/// Reserves an attempt under `keys` (each with its limit), or refuses with 429 and the seconds
/// until the oldest counted attempt leaves the window, giving the reservation back.
async fn reserve(
    db: &DatabaseConnection,
    settings: &Settings,
    keys: &[(&str, u64)],
) -> Result<Attempt, ApiError> {
    let now = Utc::now();
    let names: Vec<&str> = keys.iter().map(|(key, _)| *key).collect();
    let reservation = throttle::reserve(db, &names, now, now - window(settings)).await?;
    for ((count, oldest), (_, limit)) in reservation.counts.iter().zip(keys) {
        if count > limit {
            throttle::release(db, &reservation.ids).await?;
            return Err(ApiError::TooManyAttempts {
                retry_after_secs: retry_after(settings, *oldest, now),
            });
        }
    }
    Ok(Attempt {
        ids: reservation.ids,
    })
}

fn retry_after(settings: &Settings, oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> u64 {
    oldest
        .map(|t| (t + window(settings) - now).num_seconds().max(1) as u64)
        .unwrap_or(settings.login_window_secs)
}

/// Reserves a login attempt (per address and per account at that address).
pub async fn reserve_login(
    db: &DatabaseConnection,
    settings: &Settings,
    keys: &LoginKeys,
) -> Result<Attempt, ApiError> {
    reserve(
        db,
        settings,
        &[
            (&keys.address, settings.login_max_failures_per_ip),
            (
                &keys.account_at_address,
                settings.login_max_failures_per_account,
            ),
        ],
    )
    .await
}

/// How long an attempt on this account waits before its password is checked: nothing until the
/// account has `CEBASE_LOGIN_MAX_FAILURES_PER_ACCOUNT` failures in the window (from all
/// addresses), then 250 ms doubling with each further failure, at most 8 s.
pub async fn account_delay(
    db: &DatabaseConnection,
    settings: &Settings,
    keys: &LoginKeys,
) -> Result<StdDuration, ApiError> {
    let (count, _) =
        throttle::failures_since(db, &keys.account, Utc::now() - window(settings)).await?;
    Ok(delay_for(count, settings.login_max_failures_per_account))
}

fn delay_for(failures: u64, limit: u64) -> StdDuration {
    if failures < limit {
        return StdDuration::ZERO;
    }
    let doublings = u32::try_from(failures - limit).unwrap_or(u32::MAX).min(6);
    (ACCOUNT_DELAY_BASE * 2u32.pow(doublings)).min(ACCOUNT_DELAY_MAX)
}

/// A wrong password: the reservation stays as the failure, and the account's own count grows.
pub async fn login_failed(
    db: &DatabaseConnection,
    keys: &LoginKeys,
    attempt: Attempt,
) -> Result<(), ApiError> {
    let _kept = attempt.ids;
    throttle::record_failure(db, &keys.account, Utc::now()).await?;
    Ok(())
}

/// A successful login: the reservation is given back and the account's failures forgotten (at
/// this address and overall).
pub async fn login_succeeded(
    db: &DatabaseConnection,
    keys: &LoginKeys,
    attempt: Attempt,
) -> Result<(), ApiError> {
    throttle::release(db, &attempt.ids).await?;
    throttle::clear(db, &keys.account_at_address).await?;
    throttle::clear(db, &keys.account).await?;
    Ok(())
}

fn password_change_key(user: Uuid) -> String {
    format!("pw:{user}")
}

/// Reserves an attempt to change `user`'s password (checked against the current password), limited
/// like logins of one account from one address.
pub async fn reserve_password_change(
    db: &DatabaseConnection,
    settings: &Settings,
    user: Uuid,
) -> Result<Attempt, ApiError> {
    let key = password_change_key(user);
    reserve(
        db,
        settings,
        &[(&key, settings.login_max_failures_per_account)],
    )
    .await
}

/// The current password was right: the reservation is given back and the count forgotten.
pub async fn password_change_succeeded(
    db: &DatabaseConnection,
    user: Uuid,
    attempt: Attempt,
) -> Result<(), ApiError> {
    throttle::release(db, &attempt.ids).await?;
    throttle::clear(db, &password_change_key(user)).await?;
    Ok(())
}

/// The current password was wrong: the reservation stays as the failure.
pub fn password_change_failed(attempt: Attempt) {
    let _kept = attempt.ids;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_have_a_bounded_length_whatever_the_username() {
        let keys = LoginKeys::new(
            &"x".repeat(10_000),
            "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"
                .parse()
                .expect("ip"),
        );
        for key in [&keys.address, &keys.account_at_address, &keys.account] {
            assert!(key.len() <= 128, "{key}");
        }
        assert_eq!(
            LoginKeys::new("Admin", "192.0.2.1".parse().expect("ip")).account,
            LoginKeys::new("admin", "192.0.2.2".parse().expect("ip")).account,
            "usernames are case-insensitive"
        );
    }

    #[test]
    fn the_account_delay_grows_from_the_limit_and_is_capped() {
        assert_eq!(delay_for(4, 5), StdDuration::ZERO);
        assert_eq!(delay_for(5, 5), StdDuration::from_millis(250));
        assert_eq!(delay_for(6, 5), StdDuration::from_millis(500));
        assert_eq!(delay_for(1_000, 5), StdDuration::from_secs(8));
    }
}
