//! Error shapes shared by server and SPA: the RFC 9457 problem document and field-level
//! validation failures.

use serde::{Deserialize, Serialize};

/// One failed validation: which field, which rule (a stable machine code) and a human message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as it appears in the request body (`snake_case`, dotted for nesting).
    #[cfg_attr(feature = "openapi", schema(example = "password"))]
    pub field: String,
    /// Stable machine code of the rule that failed.
    #[cfg_attr(feature = "openapi", schema(example = "too_short"))]
    pub code: String,
    /// Human-readable explanation, citing the article of the source document where one applies.
    #[cfg_attr(feature = "openapi", schema(example = "must be at least 8 characters"))]
    pub message: String,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        code: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// An RFC 9457 problem document (`application/problem+json`), as every error of the API is
/// answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// URI reference identifying the problem type.
    #[serde(rename = "type")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://cebase.example/problems/validation_failed")
    )]
    pub problem_type: String,
    /// Short, human-readable summary of the problem type.
    #[cfg_attr(feature = "openapi", schema(example = "Validation failed"))]
    pub title: String,
    /// The HTTP status code.
    #[cfg_attr(feature = "openapi", schema(example = 422))]
    pub status: u16,
    /// Human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Stable machine code; the contract for clients (never changes meaning).
    #[cfg_attr(feature = "openapi", schema(example = "validation_failed"))]
    pub code: String,
    /// The request path this occurrence concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Request id, also found in the server log and the `x-request-id` response header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Field-level failures of a validation problem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}
