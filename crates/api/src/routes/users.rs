//! `/users`: account administration (admin only).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::ProblemCode;
use cebase_domain::dto::{
    CreateUserRequest, Page, ResetPasswordRequest, UpdateRolesRequest, UserDto,
};
use cebase_domain::user::{DisplayName, NewPassword, User, Username};
use cebase_domain::{FieldError, Problem, Role, RoleSet};
use cebase_store::audit::{self, NewEntry};
use cebase_store::{StoreError, begin_write, tokens, users};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::PageParams;
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct UserListParams {
    /// Substring of the username or display name.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub disabled: Option<bool>,
}

/// A create request parsed into domain values, with every failure collected.
struct NewAccount {
    username: Username,
    display_name: DisplayName,
    password: NewPassword,
    roles: RoleSet,
}

impl TryFrom<CreateUserRequest> for NewAccount {
    type Error = ApiError;
    fn try_from(r: CreateUserRequest) -> Result<Self, ApiError> {
        let username = Username::parse(&r.username);
        let display_name = DisplayName::parse(&r.display_name);
        let password = NewPassword::parse("password", &r.password);
        let roles = RoleSet::new(r.roles, r.reviewer_authority)
            .map_err(|e| FieldError::new(e.field(), e.code(), e.to_string()));
        match (username, display_name, password, roles) {
            (Ok(username), Ok(display_name), Ok(password), Ok(roles)) => Ok(Self {
                username,
                display_name,
                password,
                roles,
            }),
            (u, d, p, r) => Err(ApiError::Validation(
                [u.err(), d.err(), p.err(), r.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )),
        }
    }
}

/// List accounts, ordered by username.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(UserListParams, PageParams), responses(
    (status = 200, body = Page<UserDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<UserListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    page.refuse_sync()?;
    let limit = page.limit();
    let cursor = page.after(users::decode_cursor)?;
    let filter = users::UserFilter {
        q: params.q.clone(),
        role: params.role,
        disabled: params.disabled,
    };
    let (items, next_cursor) = users::list(&state.db, &filter, limit, cursor.as_deref()).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(User::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// Create an account.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = CreateUserRequest, responses(
    (status = 201, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "username_taken", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let account = NewAccount::try_from(body.into_inner())?;
    let password_hash = state
        .passwords
        .hash(account.password.expose().to_owned())
        .await?;
    let txn = begin_write(&state.db).await?;
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
    audit::append(
        &txn,
        NewEntry {
            actor: Some(auth.actor()),
            action: "user.create",
            entity_type: "user",
            entity_id: Some(user.id.to_string()),
            before: None,
            after: Some(user.audit_snapshot()),
            request_id: auth.request_id.clone(),
        },
    )
    .await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/users/{}", user.id)))
        .json(user.to_dto()))
}

/// One account.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let user = users::find(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(user.to_dto()))
}

/// Applies an audited change to an account and ends its sessions when asked.
pub(crate) async fn change_user(
    state: &AppState,
    auth: &AuthUser,
    id: Uuid,
    expected_version: Option<i32>,
    change: users::UserChange,
    action: &'static str,
) -> Result<User, ApiError> {
    let revoke = change.end_sessions;
    let txn = begin_write(&state.db).await?;
    let before = users::find(&txn, id).await?;
    let after = users::update(&txn, id, expected_version, change).await?;
    if revoke {
        tokens::revoke_all_for_user(&txn, id).await?;
    }
    audit::append(
        &txn,
        NewEntry {
            actor: Some(auth.actor()),
            action,
            entity_type: "user",
            entity_id: Some(id.to_string()),
            before: Some(before.audit_snapshot()),
            after: Some(after.audit_snapshot()),
            request_id: auth.request_id.clone(),
        },
    )
    .await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(after)
}

fn refuse_self(auth: &AuthUser, id: Uuid, code: ProblemCode, detail: &str) -> Result<(), ApiError> {
    if auth.id() == id {
        Err(ApiError::Problem {
            code,
            detail: detail.to_owned(),
        })
    } else {
        Ok(())
    }
}

/// Replace an account's roles (optimistic concurrency: send the `version` you read).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateRolesRequest, responses(
    (status = 200, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict, or cannot_remove_own_admin", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/users/{id}/roles")]
pub async fn update_roles(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateRolesRequest>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let id = id.into_inner();
    let body = body.into_inner();
    let roles = RoleSet::new(body.roles, body.reviewer_authority)
        .map_err(|e| ApiError::validation(FieldError::new(e.field(), e.code(), e.to_string())))?;
    if !roles.contains(Role::Admin) {
        refuse_self(
            &auth,
            id,
            ProblemCode::CannotRemoveOwnAdmin,
            "you cannot remove your own admin role",
        )?;
    }
    let change = users::UserChange {
        roles: Some(roles),
        ..Default::default()
    };
    let user = change_user(
        &state,
        &auth,
        id,
        Some(body.version),
        change,
        "user.roles_change",
    )
    .await?;
    Ok(HttpResponse::Ok().json(user.to_dto()))
}

/// Disable an account: it can no longer log in, and its tokens stop working at once.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "cannot_disable_self", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users/{id}/disable")]
pub async fn disable_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let id = id.into_inner();
    refuse_self(
        &auth,
        id,
        ProblemCode::CannotDisableSelf,
        "you cannot disable your own account",
    )?;
    let change = users::UserChange {
        disabled: Some(true),
        end_sessions: true,
        ..Default::default()
    };
    let user = change_user(&state, &auth, id, None, change, "user.disable").await?;
    Ok(HttpResponse::Ok().json(user.to_dto()))
}

/// Enable a disabled account.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users/{id}/enable")]
pub async fn enable_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let change = users::UserChange {
        disabled: Some(false),
        ..Default::default()
    };
    let user = change_user(&state, &auth, id.into_inner(), None, change, "user.enable").await?;
    Ok(HttpResponse::Ok().json(user.to_dto()))
}

/// Set a new password for an account; ends all its sessions.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ResetPasswordRequest, responses(
    (status = 204, description = "password reset; sessions ended"),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (new_password)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users/{id}/password")]
pub async fn reset_password(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ResetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    auth.require(&[Role::Admin])?;
    let new_password =
        NewPassword::parse("new_password", &body.new_password).map_err(ApiError::validation)?;
    let hash = state
        .passwords
        .hash(new_password.expose().to_owned())
        .await?;
    let change = users::UserChange {
        password_hash: Some(hash),
        end_sessions: true,
        ..Default::default()
    };
    change_user(
        &state,
        &auth,
        id.into_inner(),
        None,
        change,
        "user.password_reset",
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
