//! The one module that speaks HTTP to the cebase API (`/api/v1`, same origin).
//!
//! It owns the bearer token (see [`tokens`]), turns every failure into a typed [`ApiError`] (a
//! problem+json body becomes a [`Problem`]; a request that got no answer is a network error), and
//! renews the session transparently: a 401 on an authenticated request triggers one
//! `POST /auth/refresh` with the stored refresh token, shared by all requests that fail at the
//! same moment (refresh tokens are single-use), and the request is retried once. When the server
//! refuses the refresh token the tokens are dropped and the handler registered with
//! [`on_session_lost`] sends the user to the login page.
//!
//! Request and response bodies are the DTOs of `cebase_domain::dto` and `cebase_domain::master`
//! (the master-data endpoints are in [`master`]); nothing is redefined here.

mod classes;
mod files;
mod master;
mod plans;
mod records;
mod tokens;

use std::cell::RefCell;
use std::rc::Rc;

use cebase_domain::dto::{
    AuditEntryDto, AuditVerificationDto, ChangePasswordRequest, CreateUserRequest, LoginRequest,
    Page, RefreshRequest, ResetPasswordRequest, TokenResponse, UpdateRolesRequest, UserDto,
};
use cebase_domain::{FieldError, Problem};
use chrono::{DateTime, SecondsFormat, Utc};
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

pub use classes::*;
pub use files::{download, upload};
pub use master::*;
pub use plans::*;
pub use records::*;
pub use tokens::has_session;

const BASE: &str = "/api/v1";

/// Why a call to the API did not give the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// The server answered with an RFC 9457 problem document.
    Problem {
        problem: Problem,
        /// Seconds from the `Retry-After` header (sent with 429).
        retry_after: Option<u64>,
    },
    /// The request got no answer at all (server down, connection refused, offline).
    Network(String),
    /// An answer that is neither the expected body nor a problem document.
    Unexpected { status: u16 },
    /// The session could not be renewed; the app is on its way to the login page.
    SessionExpired,
}

impl ApiError {
    /// The stable machine code of a problem answer (`invalid_credentials`, `username_taken` …).
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Problem { problem, .. } => Some(&problem.code),
            ApiError::SessionExpired => Some("unauthenticated"),
            _ => None,
        }
    }

    /// The field-level failures of a validation problem (empty otherwise).
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            ApiError::Problem { problem, .. } => &problem.errors,
            _ => &[],
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

/// `POST /auth/login`; on success the tokens are kept for the following requests.
pub async fn login(request: &LoginRequest) -> Result<(), ApiError> {
    let response = send(
        Method::POST,
        "/auth/login",
        &[],
        Some(json(request)?),
        false,
    )
    .await?;
    let answer: TokenResponse = decode(response).await?;
    tokens::store(&answer);
    Ok(())
}

/// `POST /auth/logout`: revokes the refresh-token family on the server (best effort: an
/// unreachable server must not keep anyone logged in) and forgets the tokens here.
pub async fn logout() {
    if let Some(refresh_token) = tokens::refresh_token()
        && let Ok(body) = json(&RefreshRequest { refresh_token })
    {
        let _ = send(Method::POST, "/auth/logout", &[], Some(body), false).await;
    }
    tokens::clear();
}

/// Forgets the tokens without telling the server (used when the server already refused them).
pub fn forget_tokens() {
    tokens::clear();
}

/// `GET /me`: the logged-in account.
pub async fn me() -> Result<UserDto, ApiError> {
    decode(send(Method::GET, "/me", &[], None, true).await?).await
}

/// `PUT /me/password`.
pub async fn change_password(request: &ChangePasswordRequest) -> Result<(), ApiError> {
    no_content(send(Method::PUT, "/me/password", &[], Some(json(request)?), true).await?).await
}

/// Filters and position of one page of `GET /users`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserQuery {
    /// Free-text search over username and display name.
    pub q: Option<String>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_users(query: &UserQuery) -> Result<Page<UserDto>, ApiError> {
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(&mut params, "q", query.q.clone());
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/users", &params, None, true).await?).await
}

pub async fn create_user(request: &CreateUserRequest) -> Result<UserDto, ApiError> {
    decode(send(Method::POST, "/users", &[], Some(json(request)?), true).await?).await
}

/// `PUT /users/{id}/roles`; `request.version` must be the version the change is based on.
pub async fn update_roles(id: Uuid, request: &UpdateRolesRequest) -> Result<UserDto, ApiError> {
    let path = format!("/users/{id}/roles");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// `POST /users/{id}/disable` or `/enable`.
pub async fn set_disabled(id: Uuid, disabled: bool) -> Result<UserDto, ApiError> {
    let verb = if disabled { "disable" } else { "enable" };
    let path = format!("/users/{id}/{verb}");
    decode(send(Method::POST, &path, &[], None, true).await?).await
}

pub async fn reset_password(id: Uuid, request: &ResetPasswordRequest) -> Result<(), ApiError> {
    let path = format!("/users/{id}/password");
    no_content(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

/// Filters and position of one page of `GET /audit`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditQuery {
    pub entity_type: Option<String>,
    pub actor_id: Option<Uuid>,
    /// Inclusive lower bound of `created_at`.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive upper bound of `created_at`.
    pub to: Option<DateTime<Utc>>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_audit(query: &AuditQuery) -> Result<Page<AuditEntryDto>, ApiError> {
    let time = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(&mut params, "entity_type", query.entity_type.clone());
    push_opt(
        &mut params,
        "actor_id",
        query.actor_id.map(|id| id.to_string()),
    );
    push_opt(&mut params, "from", query.from.map(time));
    push_opt(&mut params, "to", query.to.map(time));
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/audit", &params, None, true).await?).await
}

pub async fn verify_audit() -> Result<AuditVerificationDto, ApiError> {
    decode(send(Method::GET, "/audit/verify", &[], None, true).await?).await
}

// ---------------------------------------------------------------------------------------------
// Plumbing
// ---------------------------------------------------------------------------------------------

type Params = [(&'static str, String)];

fn push_opt(params: &mut Vec<(&'static str, String)>, name: &'static str, value: Option<String>) {
    if let Some(value) = value.filter(|v| !v.is_empty()) {
        params.push((name, value));
    }
}

fn json<T: Serialize>(body: &T) -> Result<String, ApiError> {
    // Serialising our own DTOs cannot fail; should it, report it rather than panic.
    serde_json::to_string(body).map_err(|e| ApiError::Network(e.to_string()))
}

fn build(
    method: &Method,
    path: &str,
    params: &Params,
    body: Option<&str>,
    access_token: Option<&str>,
) -> Result<Request, ApiError> {
    let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
        .method(method.clone())
        .header("Accept", "application/json, application/problem+json");
    if !params.is_empty() {
        builder = builder.query(params.iter().map(|(k, v)| (*k, v.as_str())));
    }
    if let Some(token) = access_token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    };
    request.map_err(|e| ApiError::Network(e.to_string()))
}

/// Sends one request; with `authenticated`, adds the bearer token and renews the session once
/// on 401.
async fn send(
    method: Method,
    path: &str,
    params: &Params,
    body: Option<String>,
    authenticated: bool,
) -> Result<Response, ApiError> {
    let mut renewed = false;
    loop {
        let token = if authenticated {
            tokens::access_token()
        } else {
            None
        };
        let response = build(&method, path, params, body.as_deref(), token.as_deref())?
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        if response.status() != 401 || !authenticated {
            return Ok(response);
        }
        if renewed {
            // Even a fresh token is refused: the account is disabled or the session revoked.
            session_lost();
            return Err(ApiError::SessionExpired);
        }
        match renew_session(token.as_deref()).await {
            Renewal::Renewed => renewed = true,
            Renewal::Refused => {
                session_lost();
                return Err(ApiError::SessionExpired);
            }
            Renewal::Unreachable(message) => return Err(ApiError::Network(message)),
        }
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    if !response.ok() {
        return Err(error_from(response).await);
    }
    let status = response.status();
    response
        .json::<T>()
        .await
        .map_err(|_| ApiError::Unexpected { status })
}

async fn no_content(response: Response) -> Result<(), ApiError> {
    if response.ok() {
        Ok(())
    } else {
        Err(error_from(response).await)
    }
}

async fn error_from(response: Response) -> ApiError {
    let status = response.status();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    match response.json::<Problem>().await {
        Ok(problem) => ApiError::Problem {
            problem,
            retry_after,
        },
        Err(_) => ApiError::Unexpected { status },
    }
}

// ---------------------------------------------------------------------------------------------
// Session renewal
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Renewal {
    Renewed,
    /// The server refused the refresh token (or there is none): the session is over.
    Refused,
    /// The refresh request got no answer; the session may still be fine.
    Unreachable(String),
}

type SharedRenewal = Shared<LocalBoxFuture<'static, Renewal>>;

thread_local! {
    /// The refresh in flight, awaited by every request that hits 401 meanwhile.
    static RENEWAL: RefCell<Option<SharedRenewal>> = const { RefCell::new(None) };
    static ON_SESSION_LOST: RefCell<Option<Rc<dyn Fn()>>> = const { RefCell::new(None) };
}

/// Registers what to do when the session ends without the user logging out (the app clears
/// its user and shows the login page).
pub fn on_session_lost(handler: impl Fn() + 'static) {
    ON_SESSION_LOST.set(Some(Rc::new(handler)));
}

fn session_lost() {
    tokens::clear();
    if let Some(handler) = ON_SESSION_LOST.with_borrow(Clone::clone) {
        handler();
    }
}

async fn renew_session(rejected_token: Option<&str>) -> Renewal {
    // Another request may have renewed the session while this one was on its way.
    let current = tokens::access_token();
    if current.is_some() && current.as_deref() != rejected_token {
        return Renewal::Renewed;
    }
    let renewal = RENEWAL.with_borrow_mut(|slot| {
        slot.get_or_insert_with(|| {
            async {
                let outcome = refresh().await;
                // Only the renewal in flight sits in the slot; done, it makes room for the next.
                RENEWAL.set(None);
                outcome
            }
            .boxed_local()
            .shared()
        })
        .clone()
    });
    renewal.await
}

async fn refresh() -> Renewal {
    let Some(refresh_token) = tokens::refresh_token() else {
        return Renewal::Refused;
    };
    let Ok(body) = json(&RefreshRequest { refresh_token }) else {
        return Renewal::Refused;
    };
    let request = match build(&Method::POST, "/auth/refresh", &[], Some(&body), None) {
        Ok(request) => request,
        Err(_) => return Renewal::Refused,
    };
    match request.send().await {
        Ok(response) if response.ok() => match response.json::<TokenResponse>().await {
            Ok(answer) => {
                tokens::store(&answer);
                Renewal::Renewed
            }
            Err(_) => Renewal::Refused,
        },
        Ok(_) => Renewal::Refused,
        Err(e) => Renewal::Unreachable(e.to_string()),
    }
}
