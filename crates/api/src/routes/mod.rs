//! HTTP routes, one module per resource. Handlers are thin: extract, authorise, call domain and
//! store, map to DTOs.

pub mod audit;
pub mod auth;
pub mod health;
pub mod me;
pub mod users;

use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::error::ApiError;
use cebase_domain::FieldError;

/// Everything under `/api/v1`.
pub fn configure_v1(cfg: &mut ServiceConfig) {
    cfg.service(auth::login)
        .service(auth::refresh_session)
        .service(auth::logout)
        .service(me::get_me)
        .service(me::change_password)
        .service(users::list_users)
        .service(users::create_user)
        .service(users::get_user)
        .service(users::update_roles)
        .service(users::disable_user)
        .service(users::enable_user)
        .service(users::reset_password)
        .service(audit::list_audit)
        .service(audit::verify_audit);
}

/// Keyset pagination parameters shared by every list.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PageParams {
    /// Page size, 1–200 (default 50).
    pub limit: Option<u64>,
    /// Opaque cursor from the previous page's `next_cursor`.
    pub cursor: Option<String>,
}

impl PageParams {
    pub const DEFAULT: u64 = 50;
    pub const MAX: u64 = 200;

    pub fn limit(&self) -> Result<u64, ApiError> {
        match self.limit {
            None => Ok(Self::DEFAULT),
            Some(n) if (1..=Self::MAX).contains(&n) => Ok(n),
            Some(_) => Err(ApiError::validation(FieldError::new(
                "limit",
                "range",
                format!("must be between 1 and {}", Self::MAX),
            ))),
        }
    }
}

pub fn invalid_cursor() -> ApiError {
    ApiError::BadRequest {
        code: "invalid_cursor",
        detail: "the cursor was not produced by this list; start again without it".into(),
    }
}
