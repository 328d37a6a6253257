//! Access tokens: HS256 JWTs of at most 15 minutes, with `iss`, `aud`, `exp`, `nbf` checked and an
//! algorithm allow-list of exactly HS256 (so `alg: none` and algorithm confusion are refused).

use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    /// The user id.
    pub sub: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    pub jti: String,
    /// When the session was authenticated, in milliseconds, compared with the account's
    /// `sessions_valid_after` (seconds are too coarse for "password changed just now").
    pub auth_ms: i64,
}

pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_secs: u64,
}

/// Small clock-skew allowance between instances.
const LEEWAY_SECS: u64 = 5;

impl JwtKeys {
    pub fn new(secret: &[u8], issuer: &str, audience: &str, ttl_secs: u64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl_secs,
        }
    }

    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    pub fn issue(&self, user_id: Uuid) -> anyhow::Result<String> {
        let now = Utc::now();
        let iat = now.timestamp();
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_string(),
            iat,
            nbf: iat,
            exp: iat + self.ttl_secs as i64,
            jti: Uuid::new_v4().to_string(),
            auth_ms: now.timestamp_millis(),
        };
        Ok(encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// Checks signature, algorithm, issuer, audience and validity period.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    fn keys() -> JwtKeys {
        JwtKeys::new(&[7u8; 32], "cebase", "cebase-api", 900)
    }

    #[test]
    fn issued_tokens_verify() {
        let k = keys();
        let id = Uuid::new_v4();
        let claims = k.verify(&k.issue(id).expect("issues")).expect("valid");
        assert_eq!(claims.sub, id.to_string());
        assert_eq!(claims.exp - claims.iat, 900);
    }

    #[test]
    fn other_key_issuer_audience_and_alg_none_are_refused() {
        let token = keys().issue(Uuid::new_v4()).expect("issues");
        assert!(
            JwtKeys::new(&[8u8; 32], "cebase", "cebase-api", 900)
                .verify(&token)
                .is_none()
        );
        assert!(
            JwtKeys::new(&[7u8; 32], "other", "cebase-api", 900)
                .verify(&token)
                .is_none()
        );
        assert!(
            JwtKeys::new(&[7u8; 32], "cebase", "other", 900)
                .verify(&token)
                .is_none()
        );
        let payload = token.split('.').nth(1).expect("payload");
        let none_header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        assert!(
            keys()
                .verify(&format!("{none_header}.{payload}."))
                .is_none()
        );
    }
}
