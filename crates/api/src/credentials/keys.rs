//! The base's credential signing keys: generation, the stored form, JWK public keys and their
//! RFC 7638 thumbprints (used as `kid`).
//!
//! The key set lives in one `server_secrets` row as JSON, so a rotation replaces it with one
//! compare-and-swap and every instance reads the same set. Private keys are held as DER
//! (PKCS#1 for RSA, PKCS#8 for Ed25519, the forms jsonwebtoken's RustCrypto backend reads) and
//! never printed: [`StoredKey`]'s `Debug` shows the `kid` only.

use std::fmt;

use anyhow::{Context, bail};
use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Name of the `server_secrets` row holding the key set.
pub const SECRET_NAME: &str = "credential_signing_keys";

/// RSA modulus size: 2048 bits, the RS256 minimum of RFC 7518 §3.3.
const RSA_BITS: usize = 2048;

/// JWS algorithms the base signs credentials with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Algorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256: the algorithm every Open Badges 3.0 verifier supports.
    RS256,
    /// Ed25519 (RFC 8037), the base's key type in the domain rules (Art. 9).
    EdDSA,
}

impl Algorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::RS256 => "RS256",
            Algorithm::EdDSA => "EdDSA",
        }
    }

    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        match raw {
            "RS256" => Ok(Algorithm::RS256),
            "EdDSA" => Ok(Algorithm::EdDSA),
            _ => bail!("expected RS256 or EdDSA"),
        }
    }

    pub(crate) fn jsonwebtoken(self) -> jsonwebtoken::Algorithm {
        match self {
            Algorithm::RS256 => jsonwebtoken::Algorithm::RS256,
            Algorithm::EdDSA => jsonwebtoken::Algorithm::EdDSA,
        }
    }
}

/// One key of the stored set.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredKey {
    pub kid: String,
    pub alg: Algorithm,
    pub created_at: DateTime<Utc>,
    /// The public key as a JWK (with `kid`, `alg`, `use`), published in the JWKS.
    pub public_jwk: Value,
    /// Standard base64 of the private key's DER (PKCS#1 RSA / PKCS#8 Ed25519).
    private_der: String,
}

impl fmt::Debug for StoredKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

impl StoredKey {
    pub fn private_der(&self) -> anyhow::Result<Vec<u8>> {
        STANDARD
            .decode(&self.private_der)
            .with_context(|| format!("stored private key {} is not base64", self.kid))
    }
}

/// The stored key set: every key ever generated, oldest first. The newest key of each
/// algorithm signs; older ones stay published so earlier credentials remain verifiable.
#[derive(Clone, Serialize, Deserialize)]
pub struct KeySet {
    pub version: u32,
    /// Standard base64 of 32 random bytes: the HMAC key deriving each credential's subject
    /// salt and pseudonymous subject id (see `vc.rs`).
    subject_key: String,
    pub keys: Vec<StoredKey>,
    /// Keys taken out of the set (`cebase keys retire`): no longer published nor used; kept by
    /// `kid` so a retirement can be resumed and told apart from an unknown `kid`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub retired: Vec<RetiredKey>,
}

/// A retired key: its id and when it was retired (the private key is gone).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RetiredKey {
    pub kid: String,
    pub alg: Algorithm,
    pub retired_at: DateTime<Utc>,
}

impl fmt::Debug for KeySet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySet")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

impl KeySet {
    /// A new set with one RSA and one Ed25519 key. CPU-bound (RSA prime search): call it
    /// off the async runtime.
    pub fn generate() -> anyhow::Result<Self> {
        let mut subject_key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut subject_key);
        Ok(Self {
            version: 1,
            subject_key: STANDARD.encode(subject_key),
            keys: vec![generate_rsa()?, generate_ed25519()?],
            retired: Vec::new(),
        })
    }

    /// This set without key `kid` (recorded as retired), with a fresh key of its algorithm
    /// added first when `kid` is the one that signs, so the set always signs with both
    /// algorithms. CPU-bound when it generates (RSA): call it off the async runtime.
    pub fn retiring(&self, kid: &str) -> anyhow::Result<Self> {
        let Some(key) = self.keys.iter().find(|k| k.kid == kid) else {
            bail!("no published credential signing key has kid {kid}");
        };
        let alg = key.alg;
        let mut next = self.clone();
        if self.active(alg).is_some_and(|k| k.kid == kid) {
            next.keys.push(match alg {
                Algorithm::RS256 => generate_rsa()?,
                Algorithm::EdDSA => generate_ed25519()?,
            });
        }
        next.keys.retain(|k| k.kid != kid);
        next.retired.push(RetiredKey {
            kid: kid.to_owned(),
            alg,
            retired_at: Utc::now(),
        });
        Ok(next)
    }

    /// Whether `kid` was retired from this set.
    pub fn was_retired(&self, kid: &str) -> bool {
        self.retired.iter().any(|r| r.kid == kid)
    }

    /// This set plus a fresh key of each algorithm (a rotation).
    pub fn rotated(&self) -> anyhow::Result<Self> {
        let mut next = self.clone();
        next.keys.push(generate_rsa()?);
        next.keys.push(generate_ed25519()?);
        Ok(next)
    }

    pub fn parse(stored: &str) -> anyhow::Result<Self> {
        let set: KeySet = serde_json::from_str(stored)
            .context("the stored credential signing keys are not valid JSON")?;
        if set.version != 1 {
            bail!(
                "the stored credential signing keys have unknown version {}",
                set.version
            );
        }
        for alg in [Algorithm::RS256, Algorithm::EdDSA] {
            if !set.keys.iter().any(|k| k.alg == alg) {
                bail!(
                    "the stored credential signing keys hold no {} key",
                    alg.as_str()
                );
            }
        }
        Ok(set)
    }

    pub fn to_json(&self) -> anyhow::Result<String> {
        serde_json::to_string(self).context("serialising the credential signing keys")
    }

    pub fn subject_key(&self) -> anyhow::Result<Vec<u8>> {
        STANDARD
            .decode(&self.subject_key)
            .context("the stored subject key is not base64")
    }

    /// The newest key of `alg`.
    pub fn active(&self, alg: Algorithm) -> Option<&StoredKey> {
        self.keys.iter().rev().find(|k| k.alg == alg)
    }

    /// The JWK Set (RFC 7517 §5) of every public key, newest first.
    pub fn jwks(&self) -> Value {
        let keys: Vec<&Value> = self.keys.iter().rev().map(|k| &k.public_jwk).collect();
        json!({ "keys": keys })
    }
}

fn generate_rsa() -> anyhow::Result<StoredKey> {
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, RSA_BITS)
        .context("generating an RSA key")?;
    let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
    let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
    // RFC 7638 §3.2: the required members in lexicographic order, no whitespace.
    let kid = thumbprint(&format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#));
    let der = key
        .to_pkcs1_der()
        .context("encoding the RSA key as PKCS#1")?;
    Ok(StoredKey {
        public_jwk: json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid, "n": n, "e": e}),
        kid,
        alg: Algorithm::RS256,
        created_at: Utc::now(),
        private_der: STANDARD.encode(der.as_bytes()),
    })
}

fn generate_ed25519() -> anyhow::Result<StoredKey> {
    use ed25519_dalek::pkcs8::EncodePrivateKey;
    let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
    let x = URL_SAFE_NO_PAD.encode(key.verifying_key().as_bytes());
    let kid = thumbprint(&format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#));
    let der = key
        .to_pkcs8_der()
        .map_err(|e| anyhow::anyhow!("encoding the Ed25519 key as PKCS#8: {e}"))?;
    Ok(StoredKey {
        public_jwk: json!({"kty": "OKP", "crv": "Ed25519", "use": "sig", "alg": "EdDSA", "kid": kid, "x": x}),
        kid,
        alg: Algorithm::EdDSA,
        created_at: Utc::now(),
        private_der: STANDARD.encode(der.as_bytes()),
    })
}

/// RFC 7638 JWK thumbprint: base64url(SHA-256(canonical JWK)).
fn thumbprint(canonical: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thumbprint_matches_rfc_7638_example() {
        // RFC 7638 §3.1: the example RSA key's thumbprint.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let canonical = format!(r#"{{"e":"AQAB","kty":"RSA","n":"{n}"}}"#);
        assert_eq!(
            thumbprint(&canonical),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn a_generated_set_round_trips_and_rotation_keeps_old_keys() {
        let set = KeySet::generate().expect("generates");
        assert_eq!(set.keys.len(), 2);
        let parsed = KeySet::parse(&set.to_json().expect("json")).expect("parses");
        let rsa = parsed.active(Algorithm::RS256).expect("rsa key");
        let ed = parsed.active(Algorithm::EdDSA).expect("ed key");
        assert_ne!(rsa.kid, ed.kid);
        assert_eq!(rsa.public_jwk["kid"], rsa.kid.as_str());
        assert_eq!(ed.public_jwk["crv"], "Ed25519");

        let rotated = parsed.rotated().expect("rotates");
        assert_eq!(rotated.keys.len(), 4);
        assert_ne!(
            rotated.active(Algorithm::RS256).expect("rsa").kid,
            rsa.kid,
            "the newest RSA key signs after a rotation"
        );
        let jwks = rotated.jwks();
        let kids: Vec<&str> = jwks["keys"]
            .as_array()
            .expect("keys")
            .iter()
            .filter_map(|k| k["kid"].as_str())
            .collect();
        assert!(kids.contains(&rsa.kid.as_str()) && kids.contains(&ed.kid.as_str()));
        assert_eq!(kids.len(), 4);
    }

    #[test]
    fn retiring_the_signing_key_replaces_it_and_drops_it_from_the_jwks() {
        let set = KeySet::generate().expect("generates");
        let ed = set.active(Algorithm::EdDSA).expect("ed").kid.clone();
        let rsa = set.active(Algorithm::RS256).expect("rsa").kid.clone();
        let next = set.retiring(&ed).expect("retires");
        let new_ed = next.active(Algorithm::EdDSA).expect("a new Ed25519 key");
        assert_ne!(new_ed.kid, ed);
        assert_eq!(next.active(Algorithm::RS256).expect("rsa").kid, rsa);
        assert!(next.was_retired(&ed) && !next.was_retired(&rsa));
        assert!(!next.jwks().to_string().contains(&ed), "gone from the JWKS");
        let parsed = KeySet::parse(&next.to_json().expect("json")).expect("parses");
        assert!(parsed.was_retired(&ed));
        // An older, non-signing key leaves without a replacement.
        let rotated = parsed.rotated().expect("rotates");
        let older = rotated.retiring(&rsa).expect("retires");
        assert_eq!(older.keys.len(), rotated.keys.len() - 1);
        let err = older.retiring("no-such-kid").expect_err("unknown");
        assert!(err.to_string().contains("no-such-kid"), "{err}");
    }

    #[test]
    fn debug_output_never_shows_private_keys() {
        let set = KeySet::generate().expect("generates");
        let printed = format!("{set:?}");
        for key in &set.keys {
            assert!(printed.contains(&key.kid));
            assert!(!printed.contains(&key.private_der), "{printed}");
        }
        assert!(!printed.contains(&set.subject_key));
    }

    #[test]
    fn a_set_without_both_algorithms_is_refused() {
        let mut set = KeySet::generate().expect("generates");
        set.keys.retain(|k| k.alg == Algorithm::RS256);
        let err = KeySet::parse(&set.to_json().expect("json")).expect_err("refused");
        assert!(err.to_string().contains("EdDSA"), "{err}");
    }
}
