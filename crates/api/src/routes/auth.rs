//! `/auth`: login, refresh-token rotation with reuse detection, logout.

use actix_web::{HttpRequest, HttpResponse, post, web};
use cebase_domain::Problem;
use cebase_domain::dto::{LoginRequest, RefreshRequest, TokenResponse};
use cebase_domain::user::User;
use cebase_store::audit::{self, Actor, NewEntry};
use cebase_store::{DatabaseTransaction, StoreError, begin_write, tokens, users};
use chrono::{Duration, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::auth::extractor::{client_ip, request_id};
use crate::auth::{refresh, throttle};
use crate::error::ApiError;
use crate::extract::Json;
use crate::state::AppState;

/// Issues an access token and stores a new refresh token of `family` inside `txn`.
async fn issue_tokens(
    state: &AppState,
    txn: &DatabaseTransaction,
    user: &User,
    family: Uuid,
) -> Result<TokenResponse, ApiError> {
    let (refresh_token, refresh_hash) = refresh::generate();
    let expires = Utc::now() + Duration::seconds(state.settings.refresh_token_ttl_secs as i64);
    tokens::insert(txn, user.id, family, refresh_hash, expires).await?;
    Ok(TokenResponse {
        access_token: state.jwt.issue(user.id)?,
        refresh_token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.ttl_secs(),
    })
}

fn actor_of(user: &User) -> Actor {
    Actor {
        id: user.id,
        username: user.username.to_string(),
    }
}

/// Log in with username and password.
///
/// Unknown users, wrong passwords and disabled accounts all get the same 401. Failed attempts are
/// throttled per client address and per account at that address (429 with `Retry-After`); an
/// account guessed at from many addresses answers more slowly, but is never locked.
#[utoipa::path(tag = "auth", request_body = LoginRequest, responses(
    (status = 200, body = TokenResponse),
    (status = 400, description = "malformed body", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "invalid_credentials", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "too_many_attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password } = body.into_inner();
    let keys = throttle::LoginKeys::new(&username, client_ip(&req, &state.settings));
    let attempt = match throttle::reserve_login(&state.db, &state.settings, &keys).await {
        Ok(attempt) => attempt,
        Err(refused) => {
            state.metrics.login_failed("throttled");
            return Err(refused);
        }
    };
    let delay = throttle::account_delay(&state.db, &state.settings, &keys).await?;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }

    let found = users::find_credentials(&state.db, &username).await?;
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, state.dummy_hash.clone()),
    };
    let password_ok = state.passwords.verify(password, hash).await?;
    let user = match user {
        Some(user) if password_ok && !user.disabled => user,
        _ => {
            throttle::login_failed(&state.db, &keys, attempt).await?;
            state.metrics.login_failed("invalid_credentials");
            return Err(ApiError::InvalidCredentials);
        }
    };
    throttle::login_succeeded(&state.db, &keys, attempt).await?;

    let txn = begin_write(&state.db).await?;
    let tokens = issue_tokens(&state, &txn, &user, Uuid::now_v7()).await?;
    audit::append(
        &txn,
        NewEntry {
            actor: Some(actor_of(&user)),
            action: "auth.login",
            entity_type: "user",
            entity_id: Some(user.id.to_string()),
            before: None,
            after: None,
            request_id: request_id(&req),
        },
    )
    .await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Whether a stored refresh token may still be exchanged (not revoked, not expired); whether it
/// was used already is decided by `tokens::mark_used` inside the write transaction.
fn usable(token: &tokens::RefreshToken) -> bool {
    token.revoked_at.is_none() && token.expires_at > Utc::now()
}

/// Exchange a refresh token for a new access token and a new refresh token.
///
/// Each refresh token works once. Presenting one that was already used revokes its whole family
/// (every token descended from the same login), since it was probably stolen.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses(
    (status = 200, body = TokenResponse),
    (status = 401, description = "invalid_refresh_token", body = Problem, content_type = "application/problem+json"),
))]
#[post("/auth/refresh")]
pub async fn refresh_session(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = refresh::hash(&body.refresh_token);
    // Looked up before the audited write transaction: a token that is unknown, revoked or
    // expired is refused without taking the lock every audited writer (and every login) waits
    // for. The state is read again inside the transaction, where `mark_used` decides.
    let known = tokens::find_by_hash(&state.db, &hash)
        .await?
        .ok_or(ApiError::InvalidRefreshToken)?;
    if !usable(&known) {
        return Err(ApiError::InvalidRefreshToken);
    }
    let txn = begin_write(&state.db).await?;
    let stored = tokens::find_by_hash(&txn, &hash)
        .await?
        .ok_or(ApiError::InvalidRefreshToken)?;
    if !usable(&stored) {
        return Err(ApiError::InvalidRefreshToken);
    }
    let reused = stored.used_at.is_some() || !tokens::mark_used(&txn, stored.id).await?;
    let user = users::find(&txn, stored.user_id).await?;
    if reused {
        tokens::revoke_family(&txn, stored.family_id).await?;
        audit::append(
            &txn,
            NewEntry {
                actor: Some(actor_of(&user)),
                action: "auth.refresh_token_reused",
                entity_type: "user",
                entity_id: Some(user.id.to_string()),
                before: None,
                after: Some(json!({ "revoked_family": stored.family_id })),
                request_id: request_id(&req),
            },
        )
        .await?;
        txn.commit().await.map_err(StoreError::from)?;
        tracing::warn!(user_id = %user.id, family = %stored.family_id, "refresh token reuse detected; family revoked");
        return Err(ApiError::InvalidRefreshToken);
    }
    if user.disabled {
        return Err(ApiError::InvalidRefreshToken);
    }
    let tokens = issue_tokens(&state, &txn, &user, stored.family_id).await?;
    txn.commit().await.map_err(StoreError::from)?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// End the session the refresh token belongs to. Always 204, so the answer reveals nothing.
#[utoipa::path(tag = "auth", request_body = RefreshRequest, responses((status = 204, description = "session ended")))]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let hash = refresh::hash(&body.refresh_token);
    // Only a token that can still be revoked opens the audited write transaction (see
    // `refresh_session`); anything else is answered at once, with the same 204.
    let live = tokens::find_by_hash(&state.db, &hash).await?;
    if live.is_none_or(|t| t.revoked_at.is_some()) {
        return Ok(HttpResponse::NoContent().finish());
    }
    let txn = begin_write(&state.db).await?;
    if let Some(stored) = tokens::find_by_hash(&txn, &hash).await?
        && tokens::revoke_family(&txn, stored.family_id).await? > 0
    {
        let user = users::find(&txn, stored.user_id).await?;
        audit::append(
            &txn,
            NewEntry {
                actor: Some(actor_of(&user)),
                action: "auth.logout",
                entity_type: "user",
                entity_id: Some(user.id.to_string()),
                before: None,
                after: None,
                request_id: request_id(&req),
            },
        )
        .await?;
    }
    txn.commit().await.map_err(StoreError::from)?;
    Ok(HttpResponse::NoContent().finish())
}
