//! Unified social credit code (统一社会信用代码) of organisations, GB 32100-2015: 18 characters of
//! `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, Z, S, V); the 18th is the check character:
//! weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28; check = 31 − (Σ mod 31), 31 → 0.

use std::fmt;

use crate::FieldError;

const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CreditCode(String);

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// The check character of the first 17 characters, or `None` if one is outside the alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    if first17.chars().count() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
    }
    let check = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(check as usize)
}

impl CreditCode {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.chars().count() != 18 {
            return Err(FieldError::new(
                field,
                "credit_code_format",
                "a unified social credit code has 18 characters (GB 32100-2015)",
            ));
        }
        if let Some(bad) = code.chars().find(|c| value(*c).is_none()) {
            return Err(FieldError::new(
                field,
                "credit_code_character",
                format!(
                    "`{bad}` is not allowed; the letters I, O, Z, S and V are never used (GB 32100-2015)"
                ),
            ));
        }
        if check_char(&code[..17]) != code.chars().nth(17) {
            return Err(FieldError::new(
                field,
                "credit_code_check",
                "the check character does not match (GB 32100-2015)",
            ));
        }
        Ok(Self(code))
    }
}

impl AsRef<str> for CreditCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CreditCode({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(key: &str) -> Vec<String> {
        let v: serde_json::Value =
            serde_json::from_str(include_str!("../testdata/test-vectors.json")).expect("vectors");
        v["unified_social_credit_code"][key]
            .as_array()
            .expect("array")
            .iter()
            .map(|s| s.as_str().expect("string").to_owned())
            .collect()
    }

    #[test]
    fn independent_vectors() {
        for c in list("valid") {
            assert!(CreditCode::parse(&c, "credit_code").is_ok(), "{c}");
        }
        for (key, code) in [
            ("invalid_check_character", "credit_code_check"),
            ("invalid_characters_I_O_Z_S_V", "credit_code_character"),
            ("invalid_shape", "credit_code_format"),
        ] {
            for c in list(key) {
                let err = CreditCode::parse(&c, "credit_code").expect_err(&c);
                // A hyphen in the right length is a bad character, not a bad shape.
                let expected = if c.contains('-') {
                    "credit_code_character"
                } else {
                    code
                };
                assert_eq!(err.code, expected, "{c}");
                assert!(err.message.contains("GB 32100-2015"));
            }
        }
    }

    #[test]
    fn lower_case_is_normalised() {
        assert_eq!(
            CreditCode::parse("91440300708461136t", "c").map(|c| c.as_ref().to_owned()),
            Ok("91440300708461136T".into())
        );
    }
}
