//! Certificate numbers: the configured pattern, the numbers it prints and the year they count in.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

/// One piece of a number pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Base,
    Year,
    /// The sequence, zero-padded to `width` digits.
    Seq {
        width: usize,
    },
}

/// The configured certificate number format, e.g. `{base}{year}{seq:06}` with base code `CEB`:
/// `CEB2026000123`. Placeholders: `{base}`, `{year}` (four digits), `{seq}` / `{seq:0N}` (the
/// sequence within the year, zero-padded to N digits, 1 ≤ N ≤ 12). Literal text may use ASCII
/// letters, digits and `-`. Both `{year}` and `{seq…}` are required exactly once, and `{seq}`
/// must have a fixed width, so that a number names its year and sequence unambiguously.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    pieces: Vec<Piece>,
    base: String,
    width: usize,
}

/// The default pattern: base code, year, six-digit sequence.
pub const DEFAULT_NUMBER_PATTERN: &str = "{base}{year}{seq:06}";
/// The default base code.
pub const DEFAULT_BASE_CODE: &str = "CEB";

fn literal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

impl NumberFormat {
    /// Parses `pattern` with base code `base`. The error explains what is wrong (for the
    /// configuration loader).
    pub fn parse(pattern: &str, base: &str) -> Result<Self, String> {
        if base.is_empty() || base.len() > 16 || !base.chars().all(literal_char) {
            return Err(format!(
                "base code `{base}` must be 1–16 ASCII letters, digits or `-`"
            ));
        }
        let mut pieces = Vec::new();
        let mut rest = pattern;
        let (mut years, mut width) = (0, None);
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let end = after
                    .find('}')
                    .ok_or_else(|| format!("unclosed `{{` in `{pattern}`"))?;
                let name = &after[..end];
                rest = &after[end + 1..];
                match name {
                    "base" => pieces.push(Piece::Base),
                    "year" => {
                        years += 1;
                        pieces.push(Piece::Year);
                    }
                    _ => {
                        let w = match name.strip_prefix("seq:0") {
                            Some(digits) => digits.parse::<usize>().ok(),
                            None => None,
                        };
                        match w {
                            Some(w) if (1..=12).contains(&w) => {
                                if width.replace(w).is_some() {
                                    return Err("`{seq}` may appear only once".into());
                                }
                                pieces.push(Piece::Seq { width: w });
                            }
                            _ if name == "seq" || name.starts_with("seq:") => {
                                return Err(
                                    "the sequence needs a fixed width of 1–12 digits, e.g. `{seq:06}`"
                                        .into(),
                                );
                            }
                            _ => return Err(format!("unknown placeholder `{{{name}}}`")),
                        }
                    }
                }
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let text = &rest[..end];
                if !text.chars().all(literal_char) {
                    return Err(format!(
                        "literal text `{text}` may only use ASCII letters, digits and `-`"
                    ));
                }
                pieces.push(Piece::Literal(text.to_ascii_uppercase()));
                rest = &rest[end..];
            }
        }
        if years != 1 {
            return Err("the pattern must contain `{year}` exactly once".into());
        }
        let width = width.ok_or("the pattern must contain the sequence, e.g. `{seq:06}`")?;
        // Numbers are printed in capitals: verification reads them case-insensitively (as
        // capitals), so a number must never be stored in lower case.
        let format = Self {
            pieces,
            base: base.to_ascii_uppercase(),
            width,
        };
        let longest = format.render(9999, format.max_sequence());
        if longest.len() > 64 {
            return Err("numbers would be longer than 64 characters".into());
        }
        Ok(format)
    }

    /// The largest sequence number the width allows.
    pub fn max_sequence(&self) -> u64 {
        10u64.pow(u32::try_from(self.width).unwrap_or(12)) - 1
    }

    fn render(&self, year: i32, seq: u64) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            match p {
                Piece::Literal(t) => out.push_str(t),
                Piece::Base => out.push_str(&self.base),
                Piece::Year => out.push_str(&format!("{year:04}")),
                Piece::Seq { width } => out.push_str(&format!("{seq:0width$}")),
            }
        }
        out
    }

    /// The number of sequence `seq` (from 1) of `year`; `SequenceExhausted` when the width
    /// cannot hold it.
    pub fn number(&self, year: i32, seq: u64) -> Result<CertificateNumber, SequenceExhausted> {
        if seq == 0 || seq > self.max_sequence() || !(1000..=9999).contains(&year) {
            return Err(SequenceExhausted { year });
        }
        Ok(CertificateNumber(self.render(year, seq)))
    }
}

impl Default for NumberFormat {
    fn default() -> Self {
        Self {
            pieces: vec![Piece::Base, Piece::Year, Piece::Seq { width: 6 }],
            base: DEFAULT_BASE_CODE.to_owned(),
            width: 6,
        }
    }
}

/// The year's sequence is used up (the configured width has no more numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the certificate numbers of {year} are used up; widen the sequence in the number format")]
pub struct SequenceExhausted {
    pub year: i32,
}

/// A certificate number as printed (ASCII letters, digits and `-`, at most 64 characters).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CertificateNumber(String);

impl CertificateNumber {
    /// A number as a client sends it (path of the public verification); `None` when it cannot
    /// be a number at all.
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        (!raw.is_empty() && raw.len() <= 64 && raw.chars().all(literal_char))
            .then(|| Self(raw.to_ascii_uppercase()))
    }

    /// A number read back from storage.
    pub fn stored(raw: &str) -> Option<Self> {
        Self::parse(raw)
    }
}

impl AsRef<str> for CertificateNumber {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The year a certificate issued at `at` is numbered in: the calendar year in Beijing time.
pub fn issue_year(at: DateTime<Utc>) -> i32 {
    use chrono::Datelike;
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).map(|o| at.with_timezone(&o));
    beijing.map_or(at.year(), |t| t.year())
}

/// The date (Beijing time) of an instant.
pub fn issue_date(at: DateTime<Utc>) -> NaiveDate {
    chrono::FixedOffset::east_opt(8 * 3600)
        .map_or(at.date_naive(), |o| at.with_timezone(&o).date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_pattern_gives_base_year_and_six_digits() {
        let f = NumberFormat::parse(DEFAULT_NUMBER_PATTERN, "CEB").expect("valid");
        assert_eq!(f, NumberFormat::default());
        assert_eq!(f.number(2026, 123).expect("fits").as_ref(), "CEB2026000123");
        assert_eq!(f.max_sequence(), 999_999);
        assert_eq!(
            f.number(2026, 1_000_000),
            Err(SequenceExhausted { year: 2026 })
        );
        assert!(f.number(2026, 0).is_err(), "sequences start at 1");
    }

    #[test]
    fn patterns_with_literals_and_other_widths_work() {
        let f = NumberFormat::parse("JX-{year}-{base}-{seq:04}", "BJ01").expect("valid");
        assert_eq!(
            f.number(2027, 7).expect("fits").as_ref(),
            "JX-2027-BJ01-0007"
        );
        assert_eq!(f.max_sequence(), 9999);
        // Letters are capitals whatever the configuration says: verification reads numbers
        // case-insensitively, as capitals.
        let lower = NumberFormat::parse("jx-{year}-{base}-{seq:04}", "bj01").expect("valid");
        let number = lower.number(2027, 7).expect("fits");
        assert_eq!(number.as_ref(), "JX-2027-BJ01-0007");
        assert_eq!(
            CertificateNumber::parse("jx-2027-bj01-0007").as_ref(),
            Some(&number)
        );
    }

    #[test]
    fn bad_patterns_are_refused_with_the_reason() {
        let cases = [
            ("{base}{seq:06}", "{year}"),
            ("{base}{year}", "sequence"),
            ("{base}{year}{seq}", "fixed width"),
            ("{base}{year}{seq:6}", "fixed width"),
            ("{base}{year}{seq:013}", "fixed width"),
            ("{base}{year}{seq:06}{seq:06}", "only once"),
            ("{base}{year}{year}{seq:06}", "exactly once"),
            ("{base}{yr}{seq:06}", "unknown placeholder"),
            ("{base}{year}{seq:06", "unclosed"),
            ("{base} {year}{seq:06}", "literal text"),
            ("证书{year}{seq:06}", "literal text"),
        ];
        for (pattern, expected) in cases {
            let err = NumberFormat::parse(pattern, "CEB").expect_err(pattern);
            assert!(err.contains(expected), "{pattern}: {err}");
        }
        assert!(NumberFormat::parse(DEFAULT_NUMBER_PATTERN, "").is_err());
        assert!(NumberFormat::parse(DEFAULT_NUMBER_PATTERN, "C E").is_err());
        assert!(NumberFormat::parse(DEFAULT_NUMBER_PATTERN, &"X".repeat(17)).is_err());
    }

    #[test]
    fn numbers_parse_case_insensitively_and_refuse_garbage() {
        assert_eq!(
            CertificateNumber::parse(" ceb2026000001 ").map(|n| n.to_string()),
            Some("CEB2026000001".into())
        );
        assert!(CertificateNumber::parse("").is_none());
        assert!(CertificateNumber::parse("CEB 1").is_none());
        assert!(CertificateNumber::parse(&"1".repeat(65)).is_none());
    }

    #[test]
    fn the_year_is_that_of_beijing_time() {
        let new_year_in_beijing = "2026-12-31T17:00:00Z".parse().expect("instant");
        assert_eq!(issue_year(new_year_in_beijing), 2027);
        assert_eq!(
            issue_date(new_year_in_beijing),
            NaiveDate::from_ymd_opt(2027, 1, 1).expect("date")
        );
        let before = "2026-12-31T15:59:59Z".parse().expect("instant");
        assert_eq!(issue_year(before), 2026);
    }
}

/// The least length of a status list (Bitstring Status List v1.0 §3.1: 131 072 bits, so one
/// revocation cannot be told apart from the crowd).
pub const STATUS_LIST_MIN_BITS: u32 = 131_072;

/// The longest status list the base publishes (a year of certificates never comes near).
pub const STATUS_LIST_MAX_BITS: u32 = 1 << 27;

/// The length in bits of a year's revocation status list holding `certificates` certificates:
/// [`STATUS_LIST_MIN_BITS`], doubled while the certificates would fill more than half of it.
/// Positions are drawn at random within this length (Bitstring Status List v1.0 §6.5: the
/// position must not tell which certificate it is), so a list at most half full keeps the draw
/// cheap and the positions spread; the length only grows, so earlier positions stay inside.
pub fn status_list_bits(certificates: u64) -> u32 {
    let mut bits = STATUS_LIST_MIN_BITS;
    while u64::from(bits) < certificates.saturating_mul(2) && bits < STATUS_LIST_MAX_BITS {
        bits *= 2;
    }
    bits
}

#[cfg(test)]
mod status_list_tests {
    use super::*;

    #[test]
    fn the_list_doubles_while_more_than_half_would_be_used() {
        assert_eq!(status_list_bits(0), 131_072);
        assert_eq!(status_list_bits(65_536), 131_072);
        assert_eq!(status_list_bits(65_537), 262_144);
        assert_eq!(status_list_bits(999_999), 2_097_152);
        assert_eq!(status_list_bits(u64::MAX), STATUS_LIST_MAX_BITS);
    }
}
