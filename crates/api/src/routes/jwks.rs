//! `GET /.well-known/jwks.json`: the public keys certificates' verifiable credentials are
//! signed with (no authentication; anyone verifying a credential needs them).

use actix_web::{HttpResponse, get, http::header, web};
use cebase_domain::Problem;
use cebase_domain::credential::JwkSet;

use crate::credentials::Credentials;
use crate::error::ApiError;
use crate::state::AppState;

/// The JWK Set (RFC 7517) of every credential signing key, current and superseded by a
/// rotation, newest first; a retired key (`cebase keys retire`) is not in it.
/// Read from the database on each request, so a key rotation is published by every instance
/// at once. A credential's JWT header names its key by `kid` (the RFC 7638 thumbprint).
#[utoipa::path(tag = "credentials", responses(
    (status = 200, body = JwkSet, description = "the JWK Set"),
    (status = 500, body = Problem, content_type = "application/problem+json"),
))]
#[get("/.well-known/jwks.json")]
pub async fn jwks(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let value = Credentials::published_jwks(&state.db).await?;
    let set: JwkSet = serde_json::from_value(value)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("stored JWKS")))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "public, max-age=300"))
        .json(set))
}
