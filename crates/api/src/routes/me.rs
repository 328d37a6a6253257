//! `/me`: the caller's own account.

use actix_web::{HttpResponse, get, put, web};
use cebase_domain::Problem;
use cebase_domain::ProblemCode;
use cebase_domain::dto::{ChangePasswordRequest, UserDto};
use cebase_domain::user::NewPassword;
use cebase_store::users;

use crate::auth::{AuthUser, throttle};
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::users::change_user;
use crate::state::AppState;

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
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let ChangePasswordRequest {
        current_password,
        new_password,
    } = body.into_inner();
    let new_password =
        NewPassword::parse("new_password", &new_password).map_err(ApiError::validation)?;
    let attempt = throttle::reserve_password_change(&state.db, &state.settings, auth.id()).await?;
    let (_, hash) = users::find_credentials_by_id(&state.db, auth.id()).await?;
    if !state.passwords.verify(current_password, hash).await? {
        throttle::password_change_failed(attempt);
        return Err(ApiError::Problem {
            code: ProblemCode::WrongPassword,
            detail: "the current password is not correct".into(),
        });
    }
    throttle::password_change_succeeded(&state.db, auth.id(), attempt).await?;
    let new_hash = state
        .passwords
        .hash(new_password.expose().to_owned())
        .await?;
    let change = users::UserChange {
        password_hash: Some(new_hash),
        end_sessions: true,
        must_change_password: Some(false),
        ..Default::default()
    };
    change_user(
        &state,
        &auth,
        auth.id(),
        None,
        change,
        "user.password_change",
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
