//! Wire shapes of the base's published signing keys: the JWK Set (RFC 7517) served at
//! `/.well-known/jwks.json`, with which anyone verifies a certificate's signed credential
//! (Art. 9) offline.

use serde::{Deserialize, Serialize};

/// A public signing key (RFC 7517 §4): RSA (`n`, `e`; RFC 7518 §6.3) or Ed25519 (`kty` `OKP`,
/// `crv`, `x`; RFC 8037).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwk {
    #[cfg_attr(feature = "openapi", schema(example = "OKP"))]
    pub kty: String,
    /// RFC 7638 thumbprint of the key; the `kid` in a credential's JWT header.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Fh1hA8cNq3k3dNuFQ4O0PdcwKLkmx4JBPt_bOF5Ds8A")
    )]
    pub kid: String,
    #[cfg_attr(feature = "openapi", schema(example = "EdDSA"))]
    pub alg: String,
    #[serde(rename = "use")]
    #[cfg_attr(feature = "openapi", schema(example = "sig"))]
    pub use_: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub n: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub e: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = "Ed25519"))]
    pub crv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
}

/// Every key the base signs or has signed credentials with, newest first; keys superseded by a
/// rotation stay so that older credentials remain verifiable (a retired key does not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JwkSet {
    pub keys: Vec<Jwk>,
}
