//! First-start and command-line account bootstrap: no default password exists anywhere; the
//! first administrator gets a random one, printed once.

use anyhow::Context;
use cebase_domain::user::{DisplayName, NewPassword, Username};
use cebase_domain::{Role, RoleSet};
use cebase_store::audit::{self, NewEntry};
use cebase_store::{DatabaseConnection, StoreError, begin_write, users};

use crate::auth::{password, refresh};

pub const INITIAL_ADMIN: &str = "admin";

/// Creates `admin` with a random password when the database has no account at all, and returns
/// that password. `None` when accounts exist (or another instance just created the first one).
pub async fn ensure_initial_admin(db: &DatabaseConnection) -> anyhow::Result<Option<String>> {
    if users::count(db).await? > 0 {
        return Ok(None);
    }
    let secret = refresh::random_secret(12);
    match create_or_reset_admin(db, INITIAL_ADMIN, &secret, "系统管理员").await {
        Ok(()) => Ok(Some(secret)),
        Err(e)
            if matches!(
                e.downcast_ref::<StoreError>(),
                Some(StoreError::Conflict(_))
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Creates an administrator, or, when the username exists, sets its password, enables it and
/// makes sure it has the admin role (recovery of a lost admin password). Audited as the system.
pub async fn create_or_reset_admin(
    db: &DatabaseConnection,
    username: &str,
    new_password: &str,
    display_name: &str,
) -> anyhow::Result<()> {
    let username =
        Username::parse(username).map_err(|e| anyhow::anyhow!("username {}", e.message))?;
    let new_password = NewPassword::parse("password", new_password)
        .map_err(|e| anyhow::anyhow!("password {}", e.message))?;
    let hash = password::hash(new_password.expose().to_owned()).await?;
    let txn = begin_write(db).await?;
    let existing = users::find_credentials(&txn, username.as_ref()).await?;
    let (action, before, after) = match existing {
        None => {
            let user = users::create(
                &txn,
                users::NewUser {
                    username,
                    display_name: DisplayName::parse(display_name)
                        .map_err(|e| anyhow::anyhow!("display name {}", e.message))?,
                    password_hash: hash,
                    roles: RoleSet::new([Role::Admin], None)?,
                },
            )
            .await?;
            ("user.create", None, user)
        }
        Some((user, _)) => {
            let mut roles = user.roles.to_vec();
            roles.push(Role::Admin);
            let change = users::UserChange {
                roles: Some(RoleSet::new(roles, user.roles.authority())?),
                disabled: Some(false),
                password_hash: Some(hash),
                end_sessions: true,
            };
            let after = users::update(&txn, user.id, None, change).await?;
            cebase_store::tokens::revoke_all_for_user(&txn, user.id).await?;
            ("user.password_reset", Some(user.audit_snapshot()), after)
        }
    };
    audit::append(
        &txn,
        NewEntry {
            actor: None,
            action,
            entity_type: "user",
            entity_id: Some(after.id.to_string()),
            before,
            after: Some(after.audit_snapshot()),
            request_id: None,
        },
    )
    .await?;
    txn.commit()
        .await
        .map_err(StoreError::from)
        .context("committing the admin account")?;
    Ok(())
}
