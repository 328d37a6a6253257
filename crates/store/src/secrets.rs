//! Server secrets generated on first start and shared by every instance through the database
//! (e.g. the JWT signing key when none is configured).

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

use crate::StoreError;
use crate::entities::server_secret;

/// Returns the secret `name`, storing `generate()` first if there is none yet. When two
/// instances start at once, the insert of one fails on the primary key and both read the
/// winner's value.
pub async fn get_or_create(
    db: &impl ConnectionTrait,
    name: &str,
    generate: impl FnOnce() -> String,
) -> Result<String, StoreError> {
    if let Some(m) = server_secret::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
    {
        return Ok(m.value);
    }
    let inserted = server_secret::ActiveModel {
        name: Set(name.to_owned()),
        value: Set(generate()),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await;
    match inserted {
        Ok(m) => Ok(m.value),
        Err(_) => server_secret::Entity::find_by_id(name.to_owned())
            .one(db)
            .await?
            .map(|m| m.value)
            .ok_or(StoreError::NotFound),
    }
}

/// The secret `name`, if one is stored.
pub async fn get(db: &impl ConnectionTrait, name: &str) -> Result<Option<String>, StoreError> {
    Ok(server_secret::Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .map(|m| m.value))
}

/// Replaces the secret `name` with `new` only while it still holds `expected` (compare and
/// swap), so two concurrent rotations cannot both win and silently drop one another's keys.
/// Returns whether the value was replaced.
pub async fn replace(
    db: &impl ConnectionTrait,
    name: &str,
    expected: &str,
    new: String,
) -> Result<bool, StoreError> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let result = server_secret::Entity::update_many()
        .col_expr(server_secret::Column::Value, Expr::value(new))
        .filter(server_secret::Column::Name.eq(name))
        .filter(server_secret::Column::Value.eq(expected))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Sets the secret `name` to `value`, creating or replacing it.
pub async fn put(db: &impl ConnectionTrait, name: &str, value: String) -> Result<(), StoreError> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    let updated = server_secret::Entity::update_many()
        .col_expr(server_secret::Column::Value, Expr::value(value.clone()))
        .filter(server_secret::Column::Name.eq(name))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        server_secret::ActiveModel {
            name: Set(name.to_owned()),
            value: Set(value),
            created_at: Set(Utc::now()),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}
