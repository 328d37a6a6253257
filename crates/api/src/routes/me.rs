//! `/me`: the caller's own account.

use actix_web::{HttpResponse, get, put};
use cebase_domain::Problem;
use cebase_domain::dto::{ChangePasswordRequest, UserDto};

use crate::app::{self, Ctx};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;

/// The authenticated account.
#[utoipa::path(tag = "me", security(("bearer" = [])), responses(
    (status = 200, body = UserDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me")]
pub async fn get_me(auth: AuthUser) -> HttpResponse {
    HttpResponse::Ok().json(auth.user.to_dto())
}

/// Change the caller's password. Ends every session of the account, this one included: the
/// client logs in again with the new password. Wrong current passwords are throttled like the
/// logins of one account (429 with `Retry-After`).
#[utoipa::path(tag = "me", security(("bearer" = [])), request_body = ChangePasswordRequest, responses(
    (status = 204, description = "password changed; all sessions ended"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "wrong_password: the current password is wrong", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (new_password)", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "too_many_attempts: too many wrong current passwords; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[put("/me/password")]
pub async fn change_password(
    ctx: Ctx,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    app::users::change_own_password(&ctx, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
