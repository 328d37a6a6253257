//! The audited write and the checks of a request's references, shared by every use case.

use cebase_domain::FieldError;
use cebase_domain::audit::Audited;
use cebase_store::audit::{self as audit_trail, NewEntry};
use cebase_store::{DatabaseTransaction, StoreError, begin_write};

use super::Ctx;
use crate::auth::AuthUser;
use crate::error::ApiError;

/// Creates a record in one audited write transaction: `write` inserts it, the trail records
/// `{entity}.create` with its state.
pub(crate) async fn create_audited<T: Audited>(
    ctx: &Ctx,
    write: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, StoreError>,
) -> Result<T, ApiError> {
    let txn = begin_write(ctx.db()).await?;
    let created = write(&txn).await?;
    record_audit(
        &txn,
        &ctx.caller,
        T::CREATED,
        T::ENTITY,
        created.audit_id(),
        None,
        Some(created.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created)
}

/// Changes a record in one audited write transaction: `read` reads it as it is, `write` changes
/// it, given that state (a stale version is the store's `version_conflict`), the trail records
/// `{entity}.update` with both states.
pub(crate) async fn update_audited<T: Audited>(
    ctx: &Ctx,
    read: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, StoreError>,
    write: impl AsyncFnOnce(&DatabaseTransaction, &T) -> Result<T, StoreError>,
) -> Result<T, ApiError> {
    let txn = begin_write(ctx.db()).await?;
    let before = read(&txn).await?;
    let after = write(&txn, &before).await?;
    record_audit(
        &txn,
        &ctx.caller,
        T::UPDATED,
        T::ENTITY,
        after.audit_id(),
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(after)
}

/// Records one audited write of an entity inside the write's transaction.
pub(crate) async fn record_audit(
    txn: &DatabaseTransaction,
    auth: &AuthUser,
    action: &'static str,
    entity_type: &'static str,
    entity_id: uuid::Uuid,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Result<(), ApiError> {
    audit_trail::append(
        txn,
        NewEntry {
            actor: Some(auth.actor()),
            action,
            entity_type,
            entity_id: Some(entity_id.to_string()),
            before,
            after,
            request_id: auth.request_id.clone(),
        },
    )
    .await?;
    Ok(())
}

/// Commits an audited write.
pub(crate) async fn commit(txn: DatabaseTransaction) -> Result<(), ApiError> {
    txn.commit().await.map_err(StoreError::from)?;
    Ok(())
}

/// A reference in a request body that names no existing record.
pub(crate) fn unknown_reference(field: &str, what: &str) -> FieldError {
    FieldError::new(field, "not_found", format!("no {what} with this id"))
}

/// A parsed request body together with the checks of its references (ids of other records):
/// `Ok` only when both pass, otherwise every failure at once.
pub(crate) fn validated<T>(
    parsed: Result<T, Vec<FieldError>>,
    missing_references: impl IntoIterator<Item = FieldError>,
) -> Result<T, ApiError> {
    let missing: Vec<FieldError> = missing_references.into_iter().collect();
    match parsed {
        Ok(data) if missing.is_empty() => Ok(data),
        Ok(_) => Err(ApiError::Validation(missing)),
        Err(mut errors) => {
            errors.extend(missing);
            Err(ApiError::Validation(errors))
        }
    }
}
