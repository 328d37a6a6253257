//! Accounts: administration by admins (list, create, roles, disable, enable, password reset)
//! and the caller's own password change. Every change is audited; disabling an account or
//! changing its password ends its sessions at once.

use cebase_domain::dto::{
    ChangePasswordRequest, CreateUserRequest, Page, ResetPasswordRequest, UpdateRolesRequest,
    UserDto,
};
use cebase_domain::user::{NewAccount, NewPassword, User};
use cebase_domain::{ProblemCode, Role, RoleSet};
use cebase_store::{begin_write, tokens, users};
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::auth::throttle;
use crate::error::ApiError;
use crate::paging::Paging;

/// Filters of the account list.
pub use cebase_store::users::UserFilter;

/// Applies an audited change to account `id` (at `expected_version` when given) and ends its
/// sessions when the change says so.
async fn change(
    ctx: &Ctx,
    id: Uuid,
    expected_version: Option<i32>,
    change: users::UserChange,
    action: &'static str,
) -> Result<User, ApiError> {
    let revoke = change.end_sessions;
    let txn = begin_write(ctx.db()).await?;
    let before = users::find(&txn, id).await?;
    let after = users::update(&txn, id, expected_version, change).await?;
    if revoke {
        tokens::revoke_all_for_user(&txn, id).await?;
    }
    record_audit(
        &txn,
        &ctx.caller,
        action,
        "user",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(after)
}

/// 409 `code` when the admin would act on their own account in a way that locks them out.
fn refuse_self(ctx: &Ctx, id: Uuid, code: ProblemCode, detail: &str) -> Result<(), ApiError> {
    if ctx.caller.id() == id {
        Err(ApiError::Problem {
            code,
            detail: detail.to_owned(),
        })
    } else {
        Ok(())
    }
}

/// Accounts ordered by username (admin).
pub async fn list(ctx: &Ctx, filter: UserFilter, page: Paging) -> Result<Page<UserDto>, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    page.refuse_sync()?;
    let limit = page.limit();
    let cursor = page.after(users::decode_cursor)?;
    let (items, next_cursor) = users::list(ctx.db(), &filter, limit, cursor.as_deref()).await?;
    Ok(Page {
        items: items.iter().map(User::to_dto).collect(),
        next_cursor,
    })
}

/// Creates an account (admin).
pub async fn create(ctx: &Ctx, request: CreateUserRequest) -> Result<UserDto, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    let account = NewAccount::try_from(request).map_err(ApiError::Validation)?;
    let password_hash = ctx
        .passwords()
        .hash(account.password.expose().to_owned())
        .await?;
    let txn = begin_write(ctx.db()).await?;
    let user = users::create(
        &txn,
        users::NewUser {
            username: account.username,
            display_name: account.display_name,
            password_hash,
            roles: account.roles,
            must_change_password: false,
        },
    )
    .await?;
    record_audit(
        &txn,
        &ctx.caller,
        "user.create",
        "user",
        user.id,
        None,
        Some(user.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(user.to_dto())
}

/// One account (admin).
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<UserDto, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    Ok(users::find(ctx.db(), id).await?.to_dto())
}

/// Replaces an account's roles (admin) at the version read; an admin keeps their own admin role.
pub async fn update_roles(
    ctx: &Ctx,
    id: Uuid,
    request: UpdateRolesRequest,
) -> Result<UserDto, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    let roles = RoleSet::new(request.roles, request.reviewer_authority)
        .map_err(|e| ApiError::validation(e.field_error()))?;
    if !roles.contains(Role::Admin) {
        refuse_self(
            ctx,
            id,
            ProblemCode::CannotRemoveOwnAdmin,
            "you cannot remove your own admin role",
        )?;
    }
    let roles_change = users::UserChange {
        roles: Some(roles),
        ..Default::default()
    };
    let user = change(
        ctx,
        id,
        Some(request.version),
        roles_change,
        "user.roles_change",
    )
    .await?;
    Ok(user.to_dto())
}

/// Disables an account (admin, not their own): no more logins, its tokens stop working at once.
pub async fn disable(ctx: &Ctx, id: Uuid) -> Result<UserDto, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    refuse_self(
        ctx,
        id,
        ProblemCode::CannotDisableSelf,
        "you cannot disable your own account",
    )?;
    let disabling = users::UserChange {
        disabled: Some(true),
        end_sessions: true,
        ..Default::default()
    };
    Ok(change(ctx, id, None, disabling, "user.disable")
        .await?
        .to_dto())
}

/// Enables a disabled account (admin).
pub async fn enable(ctx: &Ctx, id: Uuid) -> Result<UserDto, ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    let enabling = users::UserChange {
        disabled: Some(false),
        ..Default::default()
    };
    Ok(change(ctx, id, None, enabling, "user.enable")
        .await?
        .to_dto())
}

/// Sets a new password for an account (admin); ends all its sessions.
pub async fn reset_password(
    ctx: &Ctx,
    id: Uuid,
    request: ResetPasswordRequest,
) -> Result<(), ApiError> {
    ctx.caller.require(&[Role::Admin])?;
    let new_password =
        NewPassword::parse("new_password", &request.new_password).map_err(ApiError::validation)?;
    let hash = ctx
        .passwords()
        .hash(new_password.expose().to_owned())
        .await?;
    let reset = users::UserChange {
        password_hash: Some(hash),
        end_sessions: true,
        ..Default::default()
    };
    change(ctx, id, None, reset, "user.password_reset").await?;
    Ok(())
}

/// Changes the caller's own password after checking the current one (wrong ones throttled
/// like the logins of one account); ends every session of the account.
pub async fn change_own_password(
    ctx: &Ctx,
    request: ChangePasswordRequest,
) -> Result<(), ApiError> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = request;
    let me = ctx.caller.id();
    let new_password =
        NewPassword::parse("new_password", &new_password).map_err(ApiError::validation)?;
    let attempt = throttle::reserve_password_change(ctx.db(), ctx.settings(), me).await?;
    let (_, hash) = users::find_credentials_by_id(ctx.db(), me).await?;
    if !ctx.passwords().verify(current_password, hash).await? {
        throttle::password_change_failed(attempt);
        return Err(ApiError::Problem {
            code: ProblemCode::WrongPassword,
            detail: "the current password is not correct".into(),
        });
    }
    throttle::password_change_succeeded(ctx.db(), me, attempt).await?;
    let new_hash = ctx
        .passwords()
        .hash(new_password.expose().to_owned())
        .await?;
    let password_change = users::UserChange {
        password_hash: Some(new_hash),
        end_sessions: true,
        must_change_password: Some(false),
        ..Default::default()
    };
    change(ctx, me, None, password_change, "user.password_change").await?;
    Ok(())
}
