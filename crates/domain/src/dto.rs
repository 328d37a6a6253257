//! Request and response bodies of the JSON API, shared by the server and the SPA.
//!
//! Field names are the public contract (`snake_case`); changing one is a breaking change of
//! `/api/v1`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Authority, Role};

/// A page of a keyset-paginated list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Opaque cursor for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    #[cfg_attr(feature = "openapi", schema(example = "admin"))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(example = "correct horse battery staple"))]
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Short-lived JWT (HS256) for the `Authorization: Bearer` header.
    pub access_token: String,
    /// Single-use opaque token for `POST /api/v1/auth/refresh`; rotated on every use.
    pub refresh_token: String,
    #[cfg_attr(feature = "openapi", schema(example = "Bearer"))]
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    #[cfg_attr(feature = "openapi", schema(example = 900))]
    pub expires_in: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

/// A user account as the API shows it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserDto {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "zhang.wei"))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub display_name: String,
    pub roles: Vec<Role>,
    /// The authority a reviewer decides for; `null` unless the account has the reviewer role.
    pub reviewer_authority: Option<Authority>,
    pub disabled: bool,
    /// The password must be changed (`PUT /me/password`) before any other endpoint answers;
    /// until then they answer 403 `password_change_required`.
    #[serde(default)]
    pub must_change_password: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version; send it back when changing the account.
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUserRequest {
    #[cfg_attr(feature = "openapi", schema(example = "zhang.wei"))]
    pub username: String,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub display_name: String,
    /// Initial password (8–128 characters).
    pub password: String,
    pub roles: Vec<Role>,
    #[serde(default)]
    pub reviewer_authority: Option<Authority>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateRolesRequest {
    pub roles: Vec<Role>,
    #[serde(default)]
    pub reviewer_authority: Option<Authority>,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    pub new_password: String,
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntryDto {
    /// Sequence number in the chain (1, 2, 3 …).
    pub id: i64,
    pub actor_id: Option<Uuid>,
    pub actor_username: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "user.create"))]
    pub action: String,
    #[cfg_attr(feature = "openapi", schema(example = "user"))]
    pub entity_type: String,
    pub entity_id: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub prev_hash: String,
    pub hash: String,
}

/// Outcome of verifying the audit chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditVerificationDto {
    pub valid: bool,
    /// Number of entries examined.
    pub checked: u64,
    /// Sequence number of the first entry that does not match, `null` when valid.
    pub first_invalid: Option<i64>,
    /// Signed checkpoints checked (0 when checkpoints are off or none was written yet).
    #[serde(default)]
    pub checkpoints: u64,
    /// The first checkpoint whose entry no longer has the signed hash: an entry at or before it
    /// was rewritten (even with every later hash recomputed) or the chain was cut back.
    #[serde(default)]
    pub checkpoint_mismatch: Option<i64>,
    /// Why the checkpoint file cannot be trusted (a forged or malformed line, a deleted file).
    #[serde(default)]
    pub checkpoint_error: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthDto {
    #[cfg_attr(feature = "openapi", schema(example = "ok"))]
    pub status: String,
}
