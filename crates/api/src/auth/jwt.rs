//! Access tokens: HS256 JWTs of at most 15 minutes, with `iss`, `aud`, `exp`, `nbf` checked and an
//! algorithm allow-list of exactly HS256 (so `alg: none` and algorithm confusion are refused).
//!
//! The key is `CEBASE_JWT_SECRET` or, unset, a random secret generated on first start and kept
//! in the database (`server_secrets` row `jwt_hs256`). A generated key is rotated by `cebase keys
//! rotate-access-token-key` ([`rotate`]): the new key signs, and the previous one
//! (`jwt_hs256_previous`) still verifies until one token lifetime (plus the reload interval and
//! the leeway) after the rotation, so nobody is logged out by it. Tokens name their key in the
//! header (`kid`, a hash of the key, not the key); every instance reloads the keys every
//! [`RELOAD_SECS`] and at once when a token names a key it does not know.

use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cebase_store::audit::{self as audit_trail, NewEntry};
use cebase_store::{ConnectionTrait, DatabaseConnection, secrets};
use chrono::{DateTime, Utc};
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::config::Settings;

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

/// The `server_secrets` row of the generated access-token key.
pub const SECRET_NAME: &str = "jwt_hs256";
/// The row of the key a rotation replaced, with the end of its verification window.
pub const PREVIOUS_SECRET_NAME: &str = "jwt_hs256_previous";
/// Seconds between two reloads of the keys by a running instance.
pub const RELOAD_SECS: u64 = 30;
/// Small clock-skew allowance between instances.
const LEEWAY_SECS: u64 = 5;
/// A token naming an unknown key reloads the keys at most this often.
const RELOAD_ON_MISS: Duration = Duration::from_secs(2);

/// The previous key as stored: base64url secret and the end of its verification window.
#[derive(Serialize, Deserialize)]
struct PreviousKey {
    secret: String,
    valid_until: DateTime<Utc>,
}

struct Key {
    kid: String,
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl Key {
    fn new(secret: &[u8]) -> Self {
        Self {
            kid: key_id(secret),
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }
}

/// A key's public name: 16 hex digits of SHA-256 over a label and the key (not reversible).
fn key_id(secret: &[u8]) -> String {
    let digest = Sha256::digest([b"cebase access-token key\n".as_slice(), secret].concat());
    hex::encode(&digest[..8])
}

struct Ring {
    current: Key,
    previous: Option<(Key, DateTime<Utc>)>,
    /// The stored rows this ring was built from (generated keys only).
    stored: (String, Option<String>),
}

pub struct JwtKeys {
    ring: RwLock<Ring>,
    /// `CEBASE_JWT_SECRET`: nothing to reload.
    configured: bool,
    last_reload: Mutex<Option<Instant>>,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl_secs: u64,
}

fn decode_secret(stored: &str, name: &str) -> anyhow::Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(stored)
        .with_context(|| format!("stored {name} secret is not base64url"))
}

fn ring_from(stored: (String, Option<String>)) -> anyhow::Result<Ring> {
    let current = Key::new(&decode_secret(&stored.0, SECRET_NAME)?);
    let previous = match &stored.1 {
        Some(json) => {
            let p: PreviousKey = serde_json::from_str(json)
                .with_context(|| format!("stored {PREVIOUS_SECRET_NAME} is not valid"))?;
            Some((
                Key::new(&decode_secret(&p.secret, PREVIOUS_SECRET_NAME)?),
                p.valid_until,
            ))
        }
        None => None,
    };
    Ok(Ring {
        current,
        previous,
        stored,
    })
}

impl JwtKeys {
    /// Keys of one fixed secret (configured, or in tests).
    pub fn new(secret: &[u8], issuer: &str, audience: &str, ttl_secs: u64) -> Self {
        Self::with_ring(
            Ring {
                current: Key::new(secret),
                previous: None,
                stored: (String::new(), None),
            },
            true,
            issuer,
            audience,
            ttl_secs,
        )
    }

    fn with_ring(
        ring: Ring,
        configured: bool,
        issuer: &str,
        audience: &str,
        ttl_secs: u64,
    ) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = LEEWAY_SECS;
        Self {
            ring: RwLock::new(ring),
            configured,
            last_reload: Mutex::new(None),
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
            ttl_secs,
        }
    }

    /// The keys of `settings`: `CEBASE_JWT_SECRET`, or the generated key in the database
    /// (created on first start) with the previous one while its window lasts.
    pub async fn load(db: &impl ConnectionTrait, settings: &Settings) -> anyhow::Result<Self> {
        let (issuer, audience, ttl) = (
            settings.jwt_issuer.as_str(),
            settings.jwt_audience.as_str(),
            settings.access_token_ttl_secs,
        );
        if let Some(secret) = &settings.jwt_secret {
            return Ok(Self::new(secret.as_bytes(), issuer, audience, ttl));
        }
        let ring = ring_from(stored_rows(db).await?)?;
        Ok(Self::with_ring(ring, false, issuer, audience, ttl))
    }

    /// Re-reads the generated keys; rebuilds them when a rotation changed them.
    pub async fn reload(&self, db: &impl ConnectionTrait) -> anyhow::Result<()> {
        if self.configured {
            return Ok(());
        }
        if let Ok(mut last) = self.last_reload.lock() {
            *last = Some(Instant::now());
        }
        let stored = stored_rows(db).await?;
        let unchanged = self
            .ring
            .read()
            .map(|r| r.stored == stored)
            .unwrap_or(false);
        if !unchanged {
            let ring = ring_from(stored)?;
            tracing::info!(kid = %ring.current.kid, "access-token keys reloaded");
            if let Ok(mut current) = self.ring.write() {
                *current = ring;
            }
        }
        Ok(())
    }

    pub fn ttl_secs(&self) -> u64 {
        self.ttl_secs
    }

    /// The `kid` new tokens carry.
    pub fn current_kid(&self) -> String {
        self.ring
            .read()
            .map(|r| r.current.kid.clone())
            .unwrap_or_default()
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
        let ring = self
            .ring
            .read()
            .map_err(|_| anyhow::anyhow!("access-token keys poisoned"))?;
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(ring.current.kid.clone());
        Ok(encode(&header, &claims, &ring.current.encoding)?)
    }

    /// Checks signature, algorithm, issuer, audience and validity period, with the key the
    /// token names: the current one (also for tokens without `kid`, from before keys were
    /// named), or the previous one until its window ends.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        self.check(token).ok().flatten()
    }

    /// `Err(())` when the token names a key this instance does not know (a reload may help).
    #[allow(clippy::result_unit_err)]
    fn check(&self, token: &str) -> Result<Option<Claims>, ()> {
        let kid = decode_header(token).ok().and_then(|h| h.kid);
        let ring = self.ring.read().map_err(|_| ())?;
        let key = match kid.as_deref() {
            None => &ring.current.decoding,
            Some(kid) if kid == ring.current.kid => &ring.current.decoding,
            Some(kid) => match &ring.previous {
                Some((key, until)) if key.kid == kid => {
                    if Utc::now() > *until {
                        return Ok(None);
                    }
                    &key.decoding
                }
                _ => return Err(()),
            },
        };
        Ok(decode::<Claims>(token, key, &self.validation)
            .ok()
            .map(|data| data.claims))
    }

    /// [`JwtKeys::verify`], reloading the keys first when the token names an unknown key (a
    /// rotation another process made), at most every two seconds.
    pub async fn verify_current(&self, db: &impl ConnectionTrait, token: &str) -> Option<Claims> {
        match self.check(token) {
            Ok(claims) => claims,
            Err(()) if !self.configured => {
                let due = self
                    .last_reload
                    .lock()
                    .map(|l| l.is_none_or(|t| t.elapsed() >= RELOAD_ON_MISS))
                    .unwrap_or(false);
                if !due {
                    return None;
                }
                if let Err(e) = self.reload(db).await {
                    tracing::warn!(
                        error = format!("{e:#}"),
                        "reloading access-token keys failed"
                    );
                    return None;
                }
                self.verify(token)
            }
            Err(()) => None,
        }
    }
}

async fn stored_rows(db: &impl ConnectionTrait) -> anyhow::Result<(String, Option<String>)> {
    let current =
        secrets::get_or_create(db, SECRET_NAME, || crate::auth::refresh::random_secret(64)).await?;
    let previous = secrets::get(db, PREVIOUS_SECRET_NAME).await?;
    Ok((current, previous))
}

/// Rotates the generated access-token key: a new key signs from now on (every instance within
/// [`RELOAD_SECS`]); the replaced key verifies until one token lifetime plus [`RELOAD_SECS`]
/// and the leeway from now, so tokens it signed stay valid until they expire. Refused when
/// `CEBASE_JWT_SECRET` sets the key. Audited as `access_token_key.rotate` (key ids only).
/// Returns the new `kid` and the end of the previous key's window.
pub async fn rotate(
    db: &DatabaseConnection,
    settings: &Settings,
) -> anyhow::Result<(String, DateTime<Utc>)> {
    if settings.jwt_secret.is_some() {
        bail!(
            "the access-token key is set by CEBASE_JWT_SECRET: change it on every instance instead \
             (tokens signed with the old value are refused at once; clients get new ones with \
             their refresh tokens)"
        );
    }
    let (current, _) = stored_rows(db).await?;
    let old_kid = key_id(&decode_secret(&current, SECRET_NAME)?);
    let next = crate::auth::refresh::random_secret(64);
    let new_kid = key_id(&decode_secret(&next, SECRET_NAME)?);
    let window = i64::try_from(settings.access_token_ttl_secs + RELOAD_SECS + LEEWAY_SECS)
        .unwrap_or(i64::MAX);
    let valid_until = Utc::now() + chrono::Duration::seconds(window);
    let previous = serde_json::to_string(&PreviousKey {
        secret: current.clone(),
        valid_until,
    })?;
    let txn = cebase_store::begin_write(db).await?;
    if !secrets::replace(&txn, SECRET_NAME, &current, next).await? {
        bail!("the access-token key changed while rotating (a concurrent rotation?); run it again");
    }
    secrets::put(&txn, PREVIOUS_SECRET_NAME, previous).await?;
    audit_trail::append(
        &txn,
        NewEntry {
            actor: None,
            action: "access_token_key.rotate",
            entity_type: "access_token_key",
            entity_id: None,
            before: Some(serde_json::json!({ "kid": old_kid })),
            after: Some(serde_json::json!({ "kid": new_kid, "previous_valid_until": valid_until })),
            request_id: None,
        },
    )
    .await?;
    txn.commit().await.context("committing the key rotation")?;
    Ok((new_kid, valid_until))
}

/// Reloads the access-token keys every [`RELOAD_SECS`] while the state lives.
pub fn spawn_reload(state: std::sync::Weak<crate::state::AppState>) {
    crate::housekeeping::every(
        state,
        Duration::from_secs(RELOAD_SECS),
        |state| async move {
            if let Err(e) = state.jwt.reload(&state.db).await {
                tracing::warn!(
                    error = format!("{e:#}"),
                    "reloading access-token keys failed"
                );
            }
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_previous_key_verifies_until_its_window_ends_and_unknown_keys_do_not() {
        let (old, new) = ([1u8; 32], [2u8; 32]);
        let ring = |until: DateTime<Utc>| Ring {
            current: Key::new(&new),
            previous: Some((Key::new(&old), until)),
            stored: (String::new(), None),
        };
        let issued_before = JwtKeys::new(&old, "cebase", "cebase-api", 900)
            .issue(Uuid::new_v4())
            .expect("issues");
        let open = JwtKeys::with_ring(
            ring(Utc::now() + chrono::Duration::seconds(60)),
            false,
            "cebase",
            "cebase-api",
            900,
        );
        assert!(open.verify(&issued_before).is_some(), "within the window");
        let fresh = open.issue(Uuid::new_v4()).expect("issues");
        assert!(open.verify(&fresh).is_some());
        assert_eq!(
            decode_header(&fresh).expect("header").kid,
            Some(key_id(&new)),
            "new tokens are signed with the new key"
        );
        let closed = JwtKeys::with_ring(
            ring(Utc::now() - chrono::Duration::seconds(1)),
            false,
            "cebase",
            "cebase-api",
            900,
        );
        assert!(closed.verify(&issued_before).is_none(), "after the window");
        assert!(closed.verify(&fresh).is_some());
        let stranger = JwtKeys::new(&[3u8; 32], "cebase", "cebase-api", 900)
            .issue(Uuid::new_v4())
            .expect("issues");
        assert_eq!(open.check(&stranger).err(), Some(()), "unknown key");
        assert!(
            !key_id(&old).contains(&hex::encode(old)),
            "kid is not the key"
        );
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
