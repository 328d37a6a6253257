//! `AuthUser`: the authenticated caller, loaded from the database on every request so that
//! disabling an account or ending its sessions takes effect at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use cebase_domain::user::User;
use cebase_domain::{ProblemCode, Role};
use cebase_store::{StoreError, audit::Actor, users};
use uuid::Uuid;

use std::net::IpAddr;

use crate::client_address;
use crate::config::Settings;
use crate::error::ApiError;
use crate::middleware::RequestId;
use crate::state::AppState;

/// The caller of an authenticated endpoint.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub user: User,
    pub request_id: Option<String>,
}

impl AuthUser {
    /// Refuses with 403 unless the caller holds one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if self.user.roles.any(roles) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: self.user.id,
            username: self.user.username.to_string(),
        }
    }

    pub fn id(&self) -> Uuid {
        self.user.id
    }
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(|t| t.trim().to_owned());
        let request_id = req.extensions().get::<RequestId>().map(|r| r.0.clone());
        let (method, path) = (req.method().clone(), req.path().to_owned());
        Box::pin(async move {
            let state = state
                .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))?;
            let token = token.ok_or(ApiError::Unauthenticated)?;
            let claims = state
                .jwt
                .verify_current(&state.db, &token)
                .await
                .ok_or(ApiError::Unauthenticated)?;
            let id: Uuid = claims.sub.parse().map_err(|_| ApiError::Unauthenticated)?;
            let user = match users::find(&state.db, id).await {
                Ok(user) => user,
                Err(StoreError::NotFound) => return Err(ApiError::Unauthenticated),
                Err(e) => return Err(e.into()),
            };
            if user.disabled || claims.auth_ms < user.sessions_valid_after.timestamp_millis() {
                return Err(ApiError::Unauthenticated);
            }
            if user.must_change_password && !allowed_before_password_change(&method, &path) {
                return Err(ApiError::Problem {
                    code: ProblemCode::PasswordChangeRequired,
                    detail: "change the generated password first (PUT /api/v1/me/password)".into(),
                });
            }
            Ok(AuthUser { user, request_id })
        })
    }
}

/// What an account that must change its password may still do: read itself and change the
/// password (logging out and refreshing need no access token).
fn allowed_before_password_change(method: &Method, path: &str) -> bool {
    matches!(
        (method.as_str(), path.trim_end_matches('/')),
        ("GET", "/api/v1/me") | ("PUT", "/api/v1/me/password")
    )
}

/// The client's address for throttling and the log: the peer, or — when the peer is a trusted
/// proxy — the right-most forwarded address that is not one (see `crate::client_address`).
pub fn client_ip(req: &HttpRequest, settings: &Settings) -> IpAddr {
    client_address::client_ip(req, &settings.trusted_proxies, settings.forwarded_header)
}

/// The request id of a request (for audit entries of unauthenticated endpoints).
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}
