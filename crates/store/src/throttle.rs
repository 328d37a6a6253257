//! Login throttling state, kept in the database so every instance behind a load balancer sees
//! the same counts.

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
