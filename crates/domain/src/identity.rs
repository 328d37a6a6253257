//! Identity documents of people (`docs/domain.md`, "Master data").
//!
//! A mainland resident ID number (居民身份证号码) is checked per GB 11643-1999: 17 digits, a
//! check character (weights 7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2; Σ mod 11 indexes `10X98765432`),
//! and digits 7–14 a real birth date. Other documents are accepted as given (trimmed, 3–32
//! visible characters). Numbers are sensitive personal data: see [`IdDocument::masked`].

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::text_enum::text_enum;

/// Kind of identity document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdDocumentKind {
    /// 居民身份证 — checked per GB 11643-1999.
    ResidentId,
    /// 护照.
    Passport,
    /// 港澳居民来往内地通行证.
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证.
    TaiwanPermit,
}

text_enum!(IdDocumentKind {
    ResidentId => "resident_id",
    Passport => "passport",
    HkMacaoPermit => "hk_macao_permit",
    TaiwanPermit => "taiwan_permit",
});

/// A checked identity document number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdDocument {
    kind: IdDocumentKind,
    number: String,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The GB 11643-1999 check character of the first 17 digits.
pub fn resident_id_check_char(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

impl IdDocument {
    /// Parses `raw` as a document of `kind`; errors name `field`.
    pub fn parse(kind: IdDocumentKind, raw: &str, field: &str) -> Result<Self, FieldError> {
        let number = raw.trim().to_ascii_uppercase();
        match kind {
            IdDocumentKind::ResidentId => {
                if number.len() != 18
                    || !number[..17].bytes().all(|b| b.is_ascii_digit())
                    || !number[17..].chars().all(|c| c.is_ascii_digit() || c == 'X')
                {
                    return Err(FieldError::new(
                        field,
                        "id_number_format",
                        "a resident ID number has 17 digits and a check character (digit or X) (GB 11643-1999)",
                    ));
                }
                let birth = &number[6..14];
                if NaiveDate::parse_from_str(birth, "%Y%m%d").is_err() {
                    return Err(FieldError::new(
                        field,
                        "id_number_birth_date",
                        format!("digits 7–14 ({birth}) are not a real birth date (GB 11643-1999)"),
                    ));
                }
                let expected = resident_id_check_char(&number[..17]);
                if number.chars().nth(17) != expected {
                    return Err(FieldError::new(
                        field,
                        "id_number_check",
                        "the check character does not match (GB 11643-1999)",
                    ));
                }
            }
            _ => {
                let len = number.chars().count();
                if !(3..=32).contains(&len)
                    || !number
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
                {
                    return Err(FieldError::new(
                        field,
                        "document_number_format",
                        "must be 3–32 letters, digits or '-'",
                    ));
                }
            }
        }
        Ok(Self { kind, number })
    }

    pub fn kind(&self) -> IdDocumentKind {
        self.kind
    }

    /// The full number — only for staff and admins.
    pub fn number(&self) -> &str {
        &self.number
    }

    /// The birth date a resident ID number encodes.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        match self.kind {
            IdDocumentKind::ResidentId => {
                NaiveDate::parse_from_str(&self.number[6..14], "%Y%m%d").ok()
            }
            _ => None,
        }
    }

    /// The number with its middle hidden: the first 6 and last 4 characters stay
    /// (`610102********123X`); short numbers keep only their first and last character.
    pub fn masked(&self) -> String {
        mask(&self.number)
    }
}

/// Masks any document number for display to roles that may not see it.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let n = chars.len();
    let (keep_head, keep_tail) = if n >= 14 {
        (6, 4)
    } else if n > 2 {
        (1, 1)
    } else {
        (0, 0)
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_head || i >= n - keep_tail {
                *c
            } else {
                '*'
            }
        })
        .collect()
}

impl fmt::Debug for IdDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug output ends up in logs: never the full number.
        write!(f, "IdDocument({:?}, {})", self.kind, self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> serde_json::Value {
        serde_json::from_str(include_str!("../testdata/test-vectors.json")).expect("vectors")
    }

    fn list(v: &serde_json::Value, key: &str) -> Vec<String> {
        v["resident_id"][key]
            .as_array()
            .expect("array")
            .iter()
            .map(|s| s.as_str().expect("string").to_owned())
            .collect()
    }

    #[test]
    fn independent_valid_vectors_are_accepted() {
        for n in list(&vectors(), "valid") {
            assert!(
                IdDocument::parse(IdDocumentKind::ResidentId, &n, "id").is_ok(),
                "{n}"
            );
        }
        // Lower-case x is normalised.
        assert!(IdDocument::parse(IdDocumentKind::ResidentId, "11010519491231002x", "id").is_ok());
    }

    #[test]
    fn independent_invalid_vectors_are_refused_for_the_right_reason() {
        let v = vectors();
        for (key, code) in [
            ("invalid_check_character", "id_number_check"),
            (
                "invalid_birth_date_but_correct_check",
                "id_number_birth_date",
            ),
            ("invalid_shape", "id_number_format"),
        ] {
            for n in list(&v, key) {
                let err =
                    IdDocument::parse(IdDocumentKind::ResidentId, &n, "id_number").expect_err(&n);
                assert_eq!(
                    (err.field.as_str(), err.code.as_str()),
                    ("id_number", code),
                    "{n}"
                );
                assert!(err.message.contains("GB 11643-1999"), "cites the standard");
            }
        }
    }

    #[test]
    fn birth_date_and_masking() {
        let id = IdDocument::parse(IdDocumentKind::ResidentId, "11010519491231002X", "id")
            .expect("valid");
        assert_eq!(id.birth_date(), NaiveDate::from_ymd_opt(1949, 12, 31));
        assert_eq!(id.masked(), "110105********002X");
        assert!(!format!("{id:?}").contains("19491231"));
        assert_eq!(mask("E12345678"), "E*******8");
    }

    #[test]
    fn other_documents_are_accepted_without_the_check() {
        assert!(IdDocument::parse(IdDocumentKind::Passport, "E12345678", "id").is_ok());
        assert!(IdDocument::parse(IdDocumentKind::HkMacaoPermit, "H1234567890", "id").is_ok());
        assert!(IdDocument::parse(IdDocumentKind::Passport, "E1 2345", "id").is_err());
    }
}
