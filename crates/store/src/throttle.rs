//! Login throttling state, kept in the database so every instance behind a load balancer sees
//! the same counts.
//!
//! An attempt is *reserved* before the password is checked ([`reserve`]): one row per key is
//! inserted first, and only then are the rows in the window counted. Each insert is atomic on its
//! own, so the k-th attempt to be stored sees at least k rows, and however many requests arrive
//! at once, at most `limit` of them see a count within the limit — there is no window between
//! reading the count and writing the failure for parallel requests to slip through. A refused
//! attempt gives its rows back ([`release`]) so it does not lengthen the wait; an evaluated wrong
//! password keeps them as its failure; a success gives them back and clears the key.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::StoreError;
use crate::entities::login_failure;

/// Failures recorded for `key` at or after `since`, and the oldest of them.
pub async fn failures_since(
    db: &impl ConnectionTrait,
    key: &str,
    since: DateTime<Utc>,
) -> Result<(u64, Option<DateTime<Utc>>), StoreError> {
    let base = login_failure::Entity::find()
        .filter(login_failure::Column::ThrottleKey.eq(key))
        .filter(login_failure::Column::FailedAt.gte(since));
    let count = base.clone().count(db).await?;
    let oldest = if count > 0 {
        base.order_by_asc(login_failure::Column::FailedAt)
            .one(db)
            .await?
            .map(|m| m.failed_at)
    } else {
        None
    };
    Ok((count, oldest))
}

pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    login_failure::ActiveModel {
        throttle_key: Set(key.to_owned()),
        failed_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// An attempt's rows, one per key, and what each key counted once they were stored.
#[derive(Debug)]
pub struct Reservation {
    /// The inserted rows, for [`release`].
    pub ids: Vec<i32>,
    /// Per key (in the order given): attempts in the window including this one, and the oldest.
    pub counts: Vec<(u64, Option<DateTime<Utc>>)>,
}

/// Stores an attempt under every key at `at`, then counts each key's attempts at or after
/// `since` (see the module documentation for why in this order). Not in a transaction on
/// purpose: each insert must be visible to the others' counts at once.
pub async fn reserve(
    db: &impl ConnectionTrait,
    keys: &[&str],
    at: DateTime<Utc>,
    since: DateTime<Utc>,
) -> Result<Reservation, StoreError> {
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        let row = login_failure::ActiveModel {
            throttle_key: Set((*key).to_owned()),
            failed_at: Set(at),
            ..Default::default()
        }
        .insert(db)
        .await?;
        ids.push(row.id);
    }
    let mut counts = Vec::with_capacity(keys.len());
    for key in keys {
        counts.push(failures_since(db, key, since).await?);
    }
    Ok(Reservation { ids, counts })
}

/// Gives reserved rows back (a refused attempt, or one that succeeded).
pub async fn release(db: &impl ConnectionTrait, ids: &[i32]) -> Result<(), StoreError> {
    if ids.is_empty() {
        return Ok(());
    }
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Id.is_in(ids.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets the failures of `key` (after a successful login of that account).
pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<(), StoreError> {
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::ThrottleKey.eq(key))
        .exec(db)
        .await?;
    Ok(())
}

/// Removes failures older than `before` (older than every throttling window, they are never
/// counted again). Called by the API's periodic housekeeping.
pub async fn prune(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, StoreError> {
    let result = login_failure::Entity::delete_many()
        .filter(login_failure::Column::FailedAt.lt(before))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
