//! The verification code printed beside a certificate's number.

use std::fmt;

/// Crockford's base32 alphabet: no I, L, O or U, so a code read off paper is not misread.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The random bytes of a verification code (80 bits).
pub const VERIFICATION_CODE_BYTES: usize = 10;

/// The unguessable code printed beside the number: 80 random bits as 16 Crockford base32
/// characters. Only holders of the certificate (or its QR code) know it.
#[derive(Clone, PartialEq, Eq)]
pub struct VerificationCode(String);

impl VerificationCode {
    /// The code of `bytes`, which must come from a cryptographically secure generator.
    pub fn from_random(bytes: [u8; VERIFICATION_CODE_BYTES]) -> Self {
        let mut bits: u128 = 0;
        for b in bytes {
            bits = (bits << 8) | u128::from(b);
        }
        let code = (0..16)
            .rev()
            .map(|i| char::from(CROCKFORD[((bits >> (i * 5)) & 31) as usize]))
            .collect();
        Self(code)
    }

    /// A code as typed or scanned: case-insensitive, spaces and `-` ignored, `O`→`0`,
    /// `I`/`L`→`1` (Crockford). `None` unless 16 symbols of the alphabet remain.
    pub fn parse(raw: &str) -> Option<Self> {
        let code: String = raw
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                c => c,
            })
            .collect();
        (code.len() == 16 && code.bytes().all(|b| CROCKFORD.contains(&b))).then_some(Self(code))
    }

    /// Compares with `other` in time independent of where they differ.
    pub fn matches(&self, other: &VerificationCode) -> bool {
        constant_time_eq(self.0.as_bytes(), other.0.as_bytes())
    }
}

impl AsRef<str> for VerificationCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Never prints the code (it is a secret of the holder).
impl fmt::Debug for VerificationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("VerificationCode(<redacted>)")
    }
}

/// Equality of two byte strings without an early exit.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verification_codes_hold_80_bits_and_read_back_leniently() {
        let code = VerificationCode::from_random([0xff; VERIFICATION_CODE_BYTES]);
        assert_eq!(code.as_ref(), "ZZZZZZZZZZZZZZZZ");
        let zero = VerificationCode::from_random([0; VERIFICATION_CODE_BYTES]);
        assert_eq!(zero.as_ref(), "0000000000000000");
        let mixed = VerificationCode::from_random([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(mixed.as_ref().len(), 16);
        assert_ne!(mixed, zero);
        // Typed by hand: lower case, hyphens, O for 0 and l for 1.
        let typed = mixed.as_ref().to_lowercase();
        let typed = format!("{}-{}", &typed[..8], &typed[8..]);
        let parsed = VerificationCode::parse(&typed).expect("parses");
        assert!(parsed.matches(&mixed));
        let with_o = VerificationCode::parse("O000-0000-0000-000o").expect("parses");
        assert!(with_o.matches(&zero));
        assert!(!zero.matches(&code));
        assert!(VerificationCode::parse("ZZZZ").is_none());
        assert!(
            VerificationCode::parse("UUUUUUUUUUUUUUUU").is_none(),
            "U is not Crockford"
        );
        assert_eq!(format!("{code:?}"), "VerificationCode(<redacted>)");
    }

    #[test]
    fn constant_time_comparison_is_equality() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
