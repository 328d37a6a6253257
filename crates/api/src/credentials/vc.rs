//! The JSON of the credentials: an Open Badges 3.0 `OpenBadgeCredential` (W3C VC Data Model
//! 2.0) for a certificate, and the `BitstringStatusListCredential` its revocation status lives
//! in. Pure functions of their inputs, so the shapes are unit-tested without keys.
//!
//! Personal data: neither the holder's name nor anything derived from the identity document
//! number enters the credential. A resident ID number has so little entropy (its masked form
//! leaves ~36 000 candidates) that any hash of it — salted or not, when the salt travels with
//! it — gives the number back, so there is no `IdentityObject`. The subject is an opaque
//! `urn:uuid:`: an HMAC of the person's record id under the base's subject key, the same for
//! all of one person's certificates and unlinkable to the person without that key.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use hmac::{Hmac, Mac};
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::CertificateFacts;

pub const VC_CONTEXT_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_CONTEXT_V3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// The certificate's name (Art. 9).
pub const CERTIFICATE_NAME: &str = "专业技术人员继续教育证书";

/// Formats integer tenths of an hour as `32` or `32.5`.
pub fn hours_text(tenths: i64) -> String {
    if tenths % 10 == 0 {
        format!("{}", tenths / 10)
    } else {
        format!("{}.{}", tenths / 10, (tenths % 10).abs())
    }
}

fn hours_number(tenths: i64) -> Value {
    if tenths % 10 == 0 {
        json!(tenths / 10)
    } else {
        json!(tenths as f64 / 10.0)
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A calendar date as the start of that day in China Standard Time (UTC+8, no daylight
/// saving), where the classes take place.
fn day_start(date: NaiveDate) -> String {
    format!("{date}T00:00:00+08:00")
}

fn hmac_hex(key: &[u8], message: &str) -> String {
    // HMAC accepts keys of any length; the error arm cannot occur.
    match <Hmac<Sha256> as Mac>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => hex::encode(Sha256::digest([key, message.as_bytes()].concat())),
    }
}

/// The holder's opaque subject id (`urn:uuid:`, UUID version 8): an HMAC of the person's record
/// id under `subject_key`. Stable per person, derived from nothing the holder discloses.
pub fn subject_id(subject_key: &[u8], person_id: uuid::Uuid) -> String {
    let digest = hmac_hex(subject_key, &format!("person:{person_id}"));
    let mut bytes = [0u8; 16];
    for (i, b) in bytes.iter_mut().enumerate() {
        *b = u8::from_str_radix(&digest[2 * i..2 * i + 2], 16).unwrap_or(0);
    }
    format!(
        "urn:uuid:{}",
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    )
}

/// The unsigned `OpenBadgeCredential` of a certificate.
pub fn open_badge_credential(
    facts: &CertificateFacts,
    issuer_url: &str,
    subject_key: &[u8],
) -> Value {
    let issuer_url = issuer_url.trim_end_matches('/');
    let achievement_key = hex::encode(Sha256::digest(
        format!(
            "{}|{}|{}|{}",
            facts.class_title, facts.class_kind, facts.start_date, facts.end_date
        )
        .as_bytes(),
    ));
    let total = hours_text(facts.hours_total_tenths);
    json!({
        "@context": [VC_CONTEXT_V2, OB_CONTEXT_V3],
        "id": format!("urn:uuid:{}", facts.certificate_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": CERTIFICATE_NAME,
        "issuer": {
            "id": issuer_url,
            "type": ["Profile"],
            "name": facts.issuer_name,
        },
        "validFrom": rfc3339(facts.issued_at),
        "credentialSubject": {
            "id": subject_id(subject_key, facts.person_id),
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("{issuer_url}/achievements/{}", &achievement_key[..32]),
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": facts.class_title,
                "description": format!(
                    "{}《{}》，{} 至 {}，共 {total} 学时",
                    facts.class_kind, facts.class_title, facts.start_date, facts.end_date
                ),
                "criteria": {
                    "narrative": "完成培训并达到结业要求（出勤与考核）的专业技术人员，\
                                  颁发专业技术人员继续教育证书。"
                },
                "creditsAvailable": hours_number(facts.hours_total_tenths),
            },
            "activityStartDate": day_start(facts.start_date),
            "activityEndDate": day_start(facts.end_date),
            "creditsEarned": hours_number(facts.hours_total_tenths),
            "licenseNumber": facts.number,
            "narrative": format!(
                "公需科目 {} 学时，专业科目 {} 学时；考核结果：{}",
                hours_text(facts.hours_public_tenths),
                hours_text(facts.hours_professional_tenths),
                facts.result
            ),
        },
        "credentialStatus": {
            "id": format!("{}#{}", facts.status_list_url, facts.status_list_index),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": facts.status_list_index.to_string(),
            "statusListCredential": facts.status_list_url,
        },
    })
}

/// The unsigned `BitstringStatusListCredential` (Bitstring Status List v1.0 §2.2).
pub fn status_list_credential(
    list_url: &str,
    encoded_list: &str,
    issuer_url: &str,
    valid_from: DateTime<Utc>,
) -> Value {
    json!({
        "@context": [VC_CONTEXT_V2],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_url.trim_end_matches('/'),
        "validFrom": rfc3339(valid_from),
        "credentialSubject": {
            "id": format!("{list_url}#list"),
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded_list,
        },
    })
}

/// The JWT claims set of a VC-JWT: the credential itself is the payload (VC-JOSE-COSE for the
/// VC Data Model 2.0; no `vc` claim), with the registered claims Open Badges 3.0 §8.2 derives
/// from it: `iss` = issuer id, `jti` = credential id, `sub` = subject id, `nbf` = `validFrom`,
/// and `iat`. Certificates do not expire, so there is no `exp`.
pub fn jwt_claims(
    credential: &Value,
    issued_at: DateTime<Utc>,
    valid_from: DateTime<Utc>,
) -> Value {
    let mut claims: Map<String, Value> = credential.as_object().cloned().unwrap_or_default();
    let issuer = match &credential["issuer"] {
        Value::String(s) => s.clone(),
        other => other["id"].as_str().unwrap_or_default().to_owned(),
    };
    claims.insert("iss".into(), json!(issuer));
    if let Some(id) = credential["id"].as_str() {
        claims.insert("jti".into(), json!(id));
    }
    if let Some(sub) = credential["credentialSubject"]["id"].as_str() {
        claims.insert("sub".into(), json!(sub));
    }
    claims.insert("nbf".into(), json!(valid_from.timestamp()));
    claims.insert("iat".into(), json!(issued_at.timestamp()));
    Value::Object(claims)
}
