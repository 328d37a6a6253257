//! `/users`: account administration (admin only).

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::dto::{
    CreateUserRequest, Page, ResetPasswordRequest, UpdateRolesRequest, UserDto,
};
use cebase_domain::{Problem, Role};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::users::UserFilter;
use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct UserListParams {
    /// Substring of the username or display name.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub disabled: Option<bool>,
}

/// List accounts, ordered by username.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(UserListParams, PageParams), responses(
    (status = 200, body = Page<UserDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users")]
pub async fn list_users(
    ctx: Ctx,
    params: web::Query<UserListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let filter = UserFilter {
        q: params.q,
        role: params.role,
        disabled: params.disabled,
    };
    Ok(HttpResponse::Ok().json(app::users::list(&ctx, filter, page).await?))
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
    ctx: Ctx,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = app::users::create(&ctx, body.into_inner()).await?;
    Ok(created(format!("/api/v1/users/{}", user.id), &user))
}

/// One account.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/users/{id}")]
pub async fn get_user(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::users::get(&ctx, id.into_inner()).await?))
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdateRolesRequest>,
) -> Result<HttpResponse, ApiError> {
    let user = app::users::update_roles(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(user))
}

/// Disable an account: it can no longer log in, and its tokens stop working at once.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "cannot_disable_self", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users/{id}/disable")]
pub async fn disable_user(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::users::disable(&ctx, id.into_inner()).await?))
}

/// Enable a disabled account.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = UserDto),
    (status = 403, description = "forbidden: admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[post("/users/{id}/enable")]
pub async fn enable_user(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::users::enable(&ctx, id.into_inner()).await?))
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
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<ResetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    app::users::reset_password(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
