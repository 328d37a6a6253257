//! First-start and command-line account bootstrap: no default password exists anywhere; the
//! first administrator gets a random one, shown once — printed on a terminal, otherwise written
//! to a file only the server's account can read ([`write_password_file`]), never into logs — and
//! must change it at the first login.

use std::io::Write as _;
use std::path::{Path, PathBuf};

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
    match create_or_reset_admin(db, INITIAL_ADMIN, &secret, "系统管理员", true).await {
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

/// The file the first-start password goes to when the output is not a terminal.
pub const PASSWORD_FILE: &str = "initial-admin-password";

/// Writes the first-start administrator's password to `dir/initial-admin-password`, readable
/// and writable by the server's account only (0600, also when the file existed), and answers
/// its path.
pub fn write_password_file(dir: &Path, password: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    let path = dir.join(PASSWORD_FILE);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // `mode` applies only when the file is created.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .with_context(|| format!("cannot restrict {}", path.display()))?;
    }
    writeln!(file, "{password}").with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

/// Creates an administrator, or, when the username exists, sets its password, enables it and
/// makes sure it has the admin role (recovery of a lost admin password). Audited as the system.
/// With `must_change_password` the account has to replace the password at its first login (a
/// generated one, which passed through a console or a file).
pub async fn create_or_reset_admin(
    db: &DatabaseConnection,
    username: &str,
    new_password: &str,
    display_name: &str,
    must_change_password: bool,
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
                    must_change_password,
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
                must_change_password: Some(must_change_password),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_file_is_readable_by_the_owner_only() {
        let dir = std::env::temp_dir().join(format!("cebase-pw-{}", uuid::Uuid::new_v4()));
        let path = write_password_file(&dir, "s3cret").expect("written");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "s3cret\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).expect("metadata").permissions().mode();
            assert_eq!(mode(&path) & 0o777, 0o600);
            // An existing file with wider permissions is narrowed.
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            write_password_file(&dir, "other").expect("rewritten");
            assert_eq!(mode(&path) & 0o777, 0o600);
            assert_eq!(std::fs::read_to_string(&path).expect("reads"), "other\n");
        }
        std::fs::remove_dir_all(dir).ok();
    }
}
