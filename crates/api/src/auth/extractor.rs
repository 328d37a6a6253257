//! `AuthUser`: the authenticated caller, loaded from the database on every request so that
//! disabling an account or ending its sessions takes effect at once.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use cebase_domain::Role;
use cebase_domain::user::User;
use cebase_store::{StoreError, audit::Actor, users};
use uuid::Uuid;

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
            Ok(AuthUser { user, request_id })
        })
    }
}

/// The client's address for throttling: the peer, or the first `X-Forwarded-For` hop when the
/// deployment says a trusted proxy sets it.
pub fn client_ip(req: &HttpRequest, trust_forwarded_for: bool) -> String {
    if trust_forwarded_for && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_owned();
    }
    req.peer_addr()
        .map_or_else(|| "unknown".to_owned(), |a| a.ip().to_string())
}

/// The request id of a request (for audit entries of unauthenticated endpoints).
pub fn request_id(req: &HttpRequest) -> Option<String> {
    req.extensions().get::<RequestId>().map(|r| r.0.clone())
}
