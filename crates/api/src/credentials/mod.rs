//! Certificates' portable and printable forms (Art. 9): the base's signing keys and their
//! JWKS, the Open Badges 3.0 VC-JWT of a certificate, the Bitstring Status List credential
//! that publishes revocations, the PDF with its QR code, and zips of PDFs.
//!
//! The certificate feature decides *what* is issued and stores it; this module only turns a
//! certificate's facts into signed or printed bytes, so everything here is a pure function of
//! its inputs plus the loaded keys.

mod keys;
mod pdf;
pub mod status_list;
pub mod vc;
mod zip;

use std::fmt;

use anyhow::{Context, bail};
use cebase_store::audit::{self as audit_trail, NewEntry};
use cebase_store::{ConnectionTrait, DatabaseConnection, secrets};
use chrono::Utc;
use jsonwebtoken::{EncodingKey, Header};
use serde_json::{Value, json};

pub use keys::Algorithm;
pub use pdf::{CertificateFont, render_pdf};
pub use status_list::StatusList;
pub use zip::zip_files;

use keys::{KeySet, SECRET_NAME, StoredKey};

/// What a certificate says, handed over by the certificate feature.
#[derive(Clone, Debug)]
pub struct CertificateFacts {
    pub certificate_id: uuid::Uuid,
    /// e.g. `CEB2026000123`
    pub number: String,
    /// Unguessable, printed on the certificate.
    pub verification_code: String,
    /// Full name (PDF only; never in the credential).
    pub holder_name: String,
    /// The holder's person record: the opaque subject id is derived from it (never from the
    /// identity document number).
    pub person_id: uuid::Uuid,
    pub class_title: String,
    /// Display text, Chinese (e.g. 培训班).
    pub class_kind: String,
    pub start_date: chrono::NaiveDate,
    pub end_date: chrono::NaiveDate,
    pub hours_total_tenths: i64,
    pub hours_public_tenths: i64,
    pub hours_professional_tenths: i64,
    /// e.g. `合格` or a score text.
    pub result: String,
    /// The base's name (from configuration).
    pub issuer_name: String,
    pub issued_at: chrono::DateTime<Utc>,
    /// Bit position in the status list of its year/list.
    pub status_list_index: u32,
    /// URL of the status list credential.
    pub status_list_url: String,
    /// Public verification page URL including number and code (for the QR code).
    pub verification_url: String,
}

/// The active signing key, ready to sign.
struct Signer {
    kid: String,
    alg: Algorithm,
    key: EncodingKey,
}

impl Signer {
    fn from_stored(stored: &StoredKey) -> anyhow::Result<Self> {
        let der = stored.private_der()?;
        let key = match stored.alg {
            Algorithm::RS256 => EncodingKey::from_rsa_der(&der),
            Algorithm::EdDSA => EncodingKey::from_ed_der(&der),
        };
        Ok(Self {
            kid: stored.kid.clone(),
            alg: stored.alg,
            key,
        })
    }

    fn sign(&self, claims: &Value) -> anyhow::Result<String> {
        let mut header = Header::new(self.alg.jsonwebtoken());
        header.kid = Some(self.kid.clone());
        header.typ = Some("JWT".into());
        jsonwebtoken::encode(&header, claims, &self.key)
            .with_context(|| format!("signing with key {}", self.kid))
    }
}

/// The signing keys as a running instance uses them: the loaded [`Credentials`], reloaded
/// whenever the stored set changed (a rotation or retirement by `cebase keys`, or another
/// instance), so a retired key stops signing everywhere at once, without a restart.
pub struct CredentialKeys {
    alg: Algorithm,
    loaded: std::sync::RwLock<(String, std::sync::Arc<Credentials>)>,
}

impl fmt::Debug for CredentialKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialKeys")
            .field("signing", &self.alg)
            .finish_non_exhaustive()
    }
}

impl CredentialKeys {
    /// Loads (or creates, on first start) the keys; signs with `alg`.
    pub async fn load(db: &impl ConnectionTrait, alg: Algorithm) -> anyhow::Result<Self> {
        let credentials = Credentials::load_or_create(db).await?;
        let stored = credentials.set.to_json()?;
        Ok(Self {
            alg,
            loaded: std::sync::RwLock::new((
                stored,
                std::sync::Arc::new(credentials.with_signing_algorithm(alg)),
            )),
        })
    }

    /// The keys as stored now, read through `db` (in an issuing transaction: the set that
    /// transaction sees).
    pub async fn current(
        &self,
        db: &impl ConnectionTrait,
    ) -> anyhow::Result<std::sync::Arc<Credentials>> {
        let stored = secrets::get(db, SECRET_NAME)
            .await?
            .context("no credential signing keys stored")?;
        if let Ok(loaded) = self.loaded.read()
            && loaded.0 == stored
        {
            return Ok(loaded.1.clone());
        }
        let fresh = std::sync::Arc::new(
            Credentials::from_set(KeySet::parse(&stored)?)?.with_signing_algorithm(self.alg),
        );
        if let Ok(mut loaded) = self.loaded.write() {
            *loaded = (stored, fresh.clone());
        }
        Ok(fresh)
    }
}

/// The base's credential signing keys, loaded at start-up.
pub struct Credentials {
    set: KeySet,
    subject_key: Vec<u8>,
    rs256: Signer,
    eddsa: Signer,
    signing: Algorithm,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("keys", &self.set)
            .field("signing", &self.signing)
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Loads the signing keys from the database, generating and storing a key set (one RSA,
    /// one Ed25519 key) on first start. Instances starting together agree on one set: the
    /// first insert wins and the others read it. Signs with EdDSA until
    /// [`Credentials::with_signing_algorithm`] says otherwise.
    pub async fn load_or_create(db: &impl ConnectionTrait) -> anyhow::Result<Self> {
        let stored = match secrets::get(db, SECRET_NAME).await? {
            Some(stored) => stored,
            None => {
                // RSA prime search is CPU-bound: keep it off the async workers.
                let generated = tokio::task::spawn_blocking(KeySet::generate)
                    .await
                    .context("key generation task failed")??
                    .to_json()?;
                let stored = secrets::get_or_create(db, SECRET_NAME, || generated).await?;
                let set = KeySet::parse(&stored)?;
                tracing::info!(
                    kids = ?set.keys.iter().map(|k| k.kid.as_str()).collect::<Vec<_>>(),
                    "credential signing keys generated"
                );
                stored
            }
        };
        Self::from_set(KeySet::parse(&stored)?)
    }

    fn from_set(set: KeySet) -> anyhow::Result<Self> {
        let rs256 = set
            .active(Algorithm::RS256)
            .context("no RS256 key")
            .and_then(Signer::from_stored)?;
        let eddsa = set
            .active(Algorithm::EdDSA)
            .context("no EdDSA key")
            .and_then(Signer::from_stored)?;
        Ok(Self {
            subject_key: set.subject_key()?,
            set,
            rs256,
            eddsa,
            signing: Algorithm::EdDSA,
        })
    }

    /// Signs credentials with `alg` (both keys are always published).
    pub fn with_signing_algorithm(mut self, alg: Algorithm) -> Self {
        self.signing = alg;
        self
    }

    fn signer(&self) -> &Signer {
        match self.signing {
            Algorithm::RS256 => &self.rs256,
            Algorithm::EdDSA => &self.eddsa,
        }
    }

    /// The `kid` new credentials are signed with.
    pub fn signing_kid(&self) -> &str {
        &self.signer().kid
    }

    /// The JWK Set of every key, current and superseded (not retired), as loaded.
    pub fn jwks(&self) -> Value {
        self.set.jwks()
    }

    /// The JWK Set as stored now: includes keys another instance (or `cebase keys rotate`)
    /// added after this one started, so every instance publishes every key at once.
    pub async fn published_jwks(db: &impl ConnectionTrait) -> anyhow::Result<Value> {
        match secrets::get(db, SECRET_NAME).await? {
            Some(stored) => Ok(KeySet::parse(&stored)?.jwks()),
            None => bail!("no credential signing keys stored yet"),
        }
    }

    /// Adds a new RSA and Ed25519 key; the old ones stay published for verification. Running
    /// instances sign with the new keys from their next signature on ([`CredentialKeys`]).
    /// Audited as `credential_keys.rotate`.
    pub async fn rotate(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let current = Self::load_or_create(db).await?;
        let next = {
            let set = current.set.clone();
            tokio::task::spawn_blocking(move || set.rotated())
                .await
                .context("key generation task failed")??
        };
        swap_keys(
            db,
            &current.set,
            &next,
            "rotating",
            "credential_keys.rotate",
            None,
        )
        .await?;
        Self::from_set(next).map(|c| c.with_signing_algorithm(current.signing))
    }

    /// Retires key `kid`: it leaves the set and so the JWKS (a fresh key of its algorithm takes
    /// its place when it is the one that signs), with one compare-and-swap and the audit entry
    /// `credential_keys.retire` in one `begin_write` transaction, so no issuance signs with it
    /// after the commit (issuers read the set in their own `begin_write` transaction). Returns
    /// the new set (signing with `alg`) and whether `kid` was retired just now (`false`: it
    /// was retired before — resuming an interrupted retirement). The certificates it signed are
    /// re-signed by `crate::certificates::resign`.
    pub async fn retire(
        db: &DatabaseConnection,
        kid: &str,
        alg: Algorithm,
    ) -> anyhow::Result<(Self, bool)> {
        let current = Self::load_or_create(db).await?;
        if current.set.was_retired(kid) {
            return Ok((current.with_signing_algorithm(alg), false));
        }
        let next = {
            let (set, kid) = (current.set.clone(), kid.to_owned());
            tokio::task::spawn_blocking(move || set.retiring(&kid))
                .await
                .context("key generation task failed")??
        };
        swap_keys(
            db,
            &current.set,
            &next,
            "retiring",
            "credential_keys.retire",
            Some(kid),
        )
        .await?;
        Ok((Self::from_set(next)?.with_signing_algorithm(alg), true))
    }

    /// The unsigned `OpenBadgeCredential` of a certificate.
    pub fn credential(&self, facts: &CertificateFacts, issuer_url: &str) -> Value {
        vc::open_badge_credential(facts, issuer_url, &self.subject_key)
    }

    /// The certificate as a VC-JWT (compact JWS; header `alg`, `kid`, `typ: JWT`).
    pub fn sign_credential(
        &self,
        facts: &CertificateFacts,
        issuer_url: &str,
    ) -> anyhow::Result<String> {
        let credential = self.credential(facts, issuer_url);
        self.signer().sign(&vc::jwt_claims(
            &credential,
            facts.issued_at,
            facts.issued_at,
        ))
    }

    /// A signed `BitstringStatusListCredential` of `list_len` bits (at least 131 072) with the
    /// `revoked` indexes set; valid from now.
    pub fn status_list_credential(
        &self,
        list_url: &str,
        revoked: &[u32],
        list_len: u32,
        issuer_url: &str,
    ) -> anyhow::Result<String> {
        let mut list = StatusList::new(list_len)?;
        for &index in revoked {
            list.set(index)?;
        }
        let now = Utc::now();
        let credential = vc::status_list_credential(list_url, &list.encode()?, issuer_url, now);
        self.signer().sign(&vc::jwt_claims(&credential, now, now))
    }
}

/// Replaces the stored key set `current` by `next` with one compare-and-swap and the audit entry
/// `action` (the key ids before and after, and `retired` when a key was retired) in one
/// `begin_write` transaction; refused when the set changed meanwhile (`doing`: what was being
/// done, for the message).
async fn swap_keys(
    db: &DatabaseConnection,
    current: &KeySet,
    next: &KeySet,
    doing: &str,
    action: &'static str,
    retired: Option<&str>,
) -> anyhow::Result<()> {
    let txn = cebase_store::begin_write(db).await?;
    if !secrets::replace(&txn, SECRET_NAME, &current.to_json()?, next.to_json()?).await? {
        bail!("the signing keys changed while {doing} (a concurrent rotation?); run it again");
    }
    let kids = |set: &KeySet| -> Vec<String> { set.keys.iter().map(|k| k.kid.clone()).collect() };
    let mut after = json!({ "kids": kids(next) });
    if let Some(kid) = retired {
        after["retired"] = json!(kid);
    }
    audit_trail::append(
        &txn,
        NewEntry {
            actor: None,
            action,
            entity_type: "credential_keys",
            entity_id: retired.map(str::to_owned),
            before: Some(json!({ "kids": kids(current) })),
            after: Some(after),
            request_id: None,
        },
    )
    .await?;
    txn.commit()
        .await
        .with_context(|| format!("committing after {doing} the keys"))?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use chrono::{NaiveDate, TimeZone};

    pub(crate) fn facts() -> CertificateFacts {
        CertificateFacts {
            certificate_id: uuid::Uuid::parse_str("01936f5e-0000-7000-8000-000000000001")
                .expect("uuid"),
            number: "CEB2026000123".into(),
            verification_code: "K7PX-M2QD-9RWT".into(),
            holder_name: "张三丰".into(),
            person_id: uuid::Uuid::parse_str("01936f5e-0000-7000-8000-0000000000aa").expect("uuid"),
            class_title: "人工智能与数字经济高级研修班".into(),
            class_kind: "研修班".into(),
            start_date: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
            end_date: NaiveDate::from_ymd_opt(2026, 3, 6).expect("date"),
            hours_total_tenths: 325,
            hours_public_tenths: 100,
            hours_professional_tenths: 225,
            result: "结业考试 86.5/100 合格".into(),
            issuer_name: "国家级专业技术人员继续教育基地（示例）".into(),
            issued_at: Utc
                .with_ymd_and_hms(2026, 3, 9, 2, 30, 0)
                .single()
                .expect("time"),
            status_list_index: 42,
            status_list_url: "https://cebase.example/api/v1/public/status-lists/2026".into(),
            verification_url: "https://cebase.example/verify/CEB2026000123?code=K7PX-M2QD-9RWT"
                .into(),
        }
    }

    fn credentials() -> Credentials {
        Credentials::from_set(KeySet::generate().expect("keys")).expect("loads")
    }

    fn payload(jwt: &str) -> (Value, Value) {
        let parts: Vec<&str> = jwt.split('.').collect();
        assert_eq!(parts.len(), 3, "compact JWS");
        let decode = |p: &str| -> Value {
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(p).expect("base64url")).expect("json")
        };
        (decode(parts[0]), decode(parts[1]))
    }

    #[test]
    fn the_credential_is_an_open_badge_with_an_opaque_subject_and_status_entry() {
        let creds = credentials();
        let f = facts();
        let vc = creds.credential(&f, "https://cebase.example/");
        assert_eq!(vc["@context"][0], vc::VC_CONTEXT_V2);
        assert_eq!(vc["@context"][1], vc::OB_CONTEXT_V3);
        assert_eq!(
            vc["type"],
            json!(["VerifiableCredential", "OpenBadgeCredential"])
        );
        assert_eq!(vc["id"], "urn:uuid:01936f5e-0000-7000-8000-000000000001");
        assert_eq!(vc["issuer"]["id"], "https://cebase.example");
        assert_eq!(vc["issuer"]["name"], f.issuer_name.as_str());
        assert_eq!(vc["validFrom"], "2026-03-09T02:30:00Z");
        let subject = &vc["credentialSubject"];
        assert_eq!(subject["achievement"]["name"], f.class_title.as_str());
        assert_eq!(subject["creditsEarned"], json!(32.5));
        assert_eq!(subject["licenseNumber"], "CEB2026000123");
        assert_eq!(subject["activityStartDate"], "2026-03-02T00:00:00+08:00");

        // The subject is opaque: no identifier, no hash, no salt.
        assert!(subject.get("identifier").is_none(), "{subject}");
        let subject_id = subject["id"].as_str().expect("subject id");
        assert!(subject_id.starts_with("urn:uuid:"), "{subject_id}");
        assert_ne!(subject_id, format!("urn:uuid:{}", f.person_id));

        // No personal data in clear.
        let text = vc.to_string();
        assert!(!text.contains("张三丰"), "{text}");
        for word in ["identityHash", "salt", "hashed", "IdentityObject"] {
            assert!(!text.contains(word), "{word} in {text}");
        }

        let status = &vc["credentialStatus"];
        assert_eq!(status["type"], "BitstringStatusListEntry");
        assert_eq!(status["statusPurpose"], "revocation");
        assert_eq!(status["statusListIndex"], "42");
        assert_eq!(status["statusListCredential"], f.status_list_url.as_str());
        assert_eq!(status["id"], format!("{}#42", f.status_list_url).as_str());
    }

    #[test]
    fn the_subject_id_is_stable_per_person_and_differs_between_people() {
        let creds = credentials();
        let a = creds.credential(&facts(), "https://cebase.example");
        let mut other = facts();
        other.certificate_id = uuid::Uuid::now_v7();
        let b = creds.credential(&other, "https://cebase.example");
        assert_eq!(a["credentialSubject"]["id"], b["credentialSubject"]["id"]);
        let mut stranger = facts();
        stranger.person_id = uuid::Uuid::now_v7();
        let c = creds.credential(&stranger, "https://cebase.example");
        assert_ne!(a["credentialSubject"]["id"], c["credentialSubject"]["id"]);
        // Another base (another subject key) gives the same person another id.
        let d = credentials().credential(&facts(), "https://cebase.example");
        assert_ne!(a["credentialSubject"]["id"], d["credentialSubject"]["id"]);
    }

    #[test]
    fn the_jwt_carries_kid_and_the_registered_claims() {
        for alg in [Algorithm::EdDSA, Algorithm::RS256] {
            let creds = credentials().with_signing_algorithm(alg);
            let f = facts();
            let jwt = creds
                .sign_credential(&f, "https://cebase.example")
                .expect("signs");
            let (header, claims) = payload(&jwt);
            assert_eq!(header["alg"], alg.as_str());
            assert_eq!(header["kid"], creds.signing_kid());
            assert_eq!(header["typ"], "JWT");
            assert_eq!(claims["iss"], "https://cebase.example");
            assert_eq!(claims["jti"], claims["id"]);
            assert_eq!(claims["sub"], claims["credentialSubject"]["id"]);
            assert_eq!(claims["nbf"], f.issued_at.timestamp());
            assert_eq!(claims["iat"], f.issued_at.timestamp());
            assert!(claims.get("vc").is_none() && claims.get("exp").is_none());

            // Verifies with the published key of that kid (jsonwebtoken; the independent
            // check with another JOSE implementation is in the integration tests).
            let jwks: jsonwebtoken::jwk::JwkSet =
                serde_json::from_value(creds.jwks()).expect("a valid JWK Set");
            let jwk = jwks.find(creds.signing_kid()).expect("kid published");
            let key = jsonwebtoken::DecodingKey::from_jwk(jwk).expect("key");
            let mut validation = jsonwebtoken::Validation::new(alg.jsonwebtoken());
            validation.required_spec_claims.clear();
            validation.validate_aud = false;
            jsonwebtoken::decode::<Value>(&jwt, &key, &validation).expect("verifies");
            let tampered = format!("{}x", &jwt[..jwt.len() - 1]);
            assert!(jsonwebtoken::decode::<Value>(&tampered, &key, &validation).is_err());
        }
    }

    #[test]
    fn the_status_list_credential_carries_the_revoked_bits() {
        let creds = credentials();
        let url = "https://cebase.example/api/v1/public/status-lists/2026";
        let jwt = creds
            .status_list_credential(url, &[0, 42, 131_071], 1000, "https://cebase.example")
            .expect("signs");
        let (_, claims) = payload(&jwt);
        assert_eq!(
            claims["type"],
            json!(["VerifiableCredential", "BitstringStatusListCredential"])
        );
        assert_eq!(claims["id"], url);
        assert_eq!(claims["iss"], "https://cebase.example");
        let subject = &claims["credentialSubject"];
        assert_eq!(subject["type"], "BitstringStatusList");
        assert_eq!(subject["statusPurpose"], "revocation");
        let list =
            StatusList::decode(subject["encodedList"].as_str().expect("list")).expect("decodes");
        assert_eq!(list.len_bits(), status_list::MIN_BITS);
        for i in [0, 42, 131_071] {
            assert_eq!(list.get(i), Some(true), "bit {i}");
        }
        assert_eq!(list.get(41), Some(false));
        assert!(
            creds
                .status_list_credential(url, &[131_072], 1000, "https://cebase.example")
                .is_err(),
            "an index beyond the list is an error, not a silent no-op"
        );
    }
}
