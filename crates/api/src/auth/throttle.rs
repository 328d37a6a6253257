//! Login throttling per account and per client address, with state in the database so it holds
//! across instances. Only failures count; a success clears the account's failures.

use cebase_store::{DatabaseConnection, throttle};
use chrono::{Duration, Utc};

use crate::config::Settings;
use crate::error::ApiError;

pub struct ThrottleKeys {
    pub account: String,
    pub address: String,
}

impl ThrottleKeys {
    pub fn new(username: &str, client_ip: &str) -> Self {
        Self {
            account: format!(
                "account:{}",
                cebase_domain::user::Username::normalise_for_lookup(username)
            ),
            address: format!("ip:{client_ip}"),
        }
    }
}

/// Refuses with 429 and the seconds until the oldest counted failure leaves the window.
pub async fn check(
    db: &DatabaseConnection,
    settings: &Settings,
    keys: &ThrottleKeys,
) -> Result<(), ApiError> {
    let window = Duration::seconds(settings.login_window_secs as i64);
    let now = Utc::now();
    let since = now - window;
    for (key, limit) in [
        (&keys.account, settings.login_max_failures_per_account),
        (&keys.address, settings.login_max_failures_per_ip),
    ] {
        let (count, oldest) = throttle::failures_since(db, key, since).await?;
        if count >= limit {
            let retry_after = oldest
                .map(|t| (t + window - now).num_seconds().max(1) as u64)
                .unwrap_or(settings.login_window_secs);
            return Err(ApiError::TooManyAttempts {
                retry_after_secs: retry_after,
            });
        }
    }
    Ok(())
}

pub async fn record_failure(db: &DatabaseConnection, keys: &ThrottleKeys) -> Result<(), ApiError> {
    let now = Utc::now();
    throttle::record_failure(db, &keys.account, now).await?;
    throttle::record_failure(db, &keys.address, now).await?;
    Ok(())
}

pub async fn clear_account(db: &DatabaseConnection, keys: &ThrottleKeys) -> Result<(), ApiError> {
    throttle::clear(db, &keys.account).await?;
    Ok(())
}
