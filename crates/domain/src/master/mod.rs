//! Master data (`docs/domain.md`, "Master data"): organisations (单位), partner agreements
//! (产学研, Art. 22), people (专业技术人员) with identity documents, teachers (Art. 13) and
//! courses (课程, Art. 4).
//!
//! Each resource has a request type (the JSON body), a `…Data` type that the request parses into
//! through `TryFrom` (collecting **every** field error, not just the first), a stored form
//! ([`Record`] of the data, or [`Teacher`]) and a response DTO. The value types shared by the
//! resources — bounded text, phone numbers, e-mail addresses — live here.

mod courses;
mod organisations;
mod partners;
mod people;
mod teachers;

pub use courses::*;
pub use organisations::*;
pub use partners::*;
pub use people::*;
pub use teachers::*;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::FieldError;

/// A stored master-data record: its validated content plus identity and bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<T> {
    /// UUID v7 (time-ordered), the public identifier.
    pub id: Uuid,
    pub data: T,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version, 1 on creation and bumped by every change.
    pub version: i32,
}

/// Whether a reader may see identity document numbers in full.
///
/// ID numbers are sensitive personal information: only `staff` and `admin` see them, and only
/// when reading one person; every list masks them ([`crate::identity::IdDocument::masked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdVisibility {
    Full,
    Masked,
}

/// Free text of bounded length: trimmed, never blank, no control characters (multi-line text
/// may contain line breaks and tabs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(String);

impl Text {
    /// One line of 1–`max` characters.
    pub fn line(raw: &str, field: &str, max: usize) -> Result<Self, FieldError> {
        Self::parse(raw, field, max, false)
    }

    /// Text of 1–`max` characters that may span lines.
    pub fn paragraphs(raw: &str, field: &str, max: usize) -> Result<Self, FieldError> {
        Self::parse(raw, field, max, true)
    }

    fn parse(raw: &str, field: &str, max: usize, multiline: bool) -> Result<Self, FieldError> {
        let value = raw.trim();
        if value.is_empty() {
            return Err(FieldError::new(field, "required", "must not be empty"));
        }
        if value.chars().count() > max {
            return Err(FieldError::new(
                field,
                "length",
                format!("must be at most {max} characters"),
            ));
        }
        let allowed_control = |c: char| multiline && matches!(c, '\n' | '\r' | '\t');
        if value.chars().any(|c| c.is_control() && !allowed_control(c)) {
            return Err(FieldError::new(
                field,
                "pattern",
                "must not contain control characters",
            ));
        }
        Ok(Self(value.to_owned()))
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Parses an optional value: absent or blank is `None`, anything else must parse.
pub fn optional<T>(
    raw: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, FieldError>,
) -> Result<Option<T>, FieldError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => parse(value).map(Some),
    }
}

/// A telephone number as people write it (`+86 10 1234-5678`, `13800138000`): 5–20 characters
/// of digits, spaces, `+`, `-`, `(` and `)`, with at least 5 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let value = raw.trim();
        let len = value.chars().count();
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = |c: char| c.is_ascii_digit() || " +-()".contains(c);
        if !(5..=20).contains(&len) || digits < 5 || !value.chars().all(allowed) {
            return Err(FieldError::new(
                field,
                "phone_format",
                "a phone number has 5–20 characters: digits, spaces, '+', '-', '(' or ')'",
            ));
        }
        Ok(Self(value.to_owned()))
    }
}

impl AsRef<str> for Phone {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// An e-mail address: `local@domain` with a dotted domain, no spaces, at most 254 characters.
/// Deliverability is not checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let value = raw.trim();
        let well_formed = value.chars().count() <= 254
            && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            && value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && local.chars().count() <= 64
                    && !domain.contains('@')
                    && domain.contains('.')
                    && domain.split('.').all(|label| !label.is_empty())
            });
        if !well_formed {
            return Err(FieldError::new(
                field,
                "email_format",
                "must be an e-mail address such as name@example.cn",
            ));
        }
        Ok(Self(value.to_owned()))
    }
}

impl AsRef<str> for Email {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Collects field errors while a request is parsed, so the answer names every failing field.
///
/// `check` keeps the value of a successful parse and records the error of a failed one; once
/// every field is checked, a `let (Some(a), Some(b), …) = … else { return Err(checks.into_errors()) }`
/// takes the values (any `None` means an error was recorded).
#[derive(Debug, Default)]
pub struct Checks(Vec<FieldError>);

impl Checks {
    pub fn check<T>(&mut self, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(e);
                None
            }
        }
    }

    /// Records a failure of a rule that spans fields.
    pub fn push(&mut self, error: FieldError) {
        self.0.push(error);
    }

    /// `Err` with every recorded failure, if there is one.
    pub fn finish(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }

    pub fn into_errors(self) -> Vec<FieldError> {
        self.0
    }
}

/// A text as the owned string a DTO carries.
fn string(text: &Text) -> String {
    text.as_ref().to_owned()
}

/// An optional value as the optional string a DTO carries.
fn opt_string<T: AsRef<str>>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(|v| v.as_ref().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_bounded_and_free_of_control_characters() {
        assert_eq!(
            Text::line("  继续教育学院 ", "name", 10).map(|t| string(&t)),
            Ok("继续教育学院".into())
        );
        assert_eq!(
            Text::line(" ", "name", 10).map_err(|e| (e.field, e.code)),
            Err(("name".into(), "required".into()))
        );
        assert_eq!(
            Text::line(&"名".repeat(11), "name", 10).map_err(|e| e.code),
            Err("length".into())
        );
        assert!(Text::line("a\nb", "name", 10).is_err());
        assert!(Text::paragraphs("a\nb\tc", "scope", 10).is_ok());
        assert!(Text::paragraphs("a\u{7}b", "scope", 10).is_err());
    }

    #[test]
    fn optional_values_treat_blank_as_absent() {
        assert_eq!(optional(None, |v| Text::line(v, "x", 5)), Ok(None));
        assert_eq!(optional(Some("  "), |v| Text::line(v, "x", 5)), Ok(None));
        assert!(optional(Some("toolong"), |v| Text::line(v, "x", 5)).is_err());
    }

    #[test]
    fn phone_numbers() {
        for ok in [
            "13800138000",
            "+86 10 1234-5678",
            "(029) 8866 1234",
            "12345",
        ] {
            assert!(Phone::parse(ok, "phone").is_ok(), "{ok}");
        }
        for bad in ["1234", "phone me", "+86-10-1234-5678-9999-0", "--------"] {
            assert_eq!(
                Phone::parse(bad, "phone").map_err(|e| e.code),
                Err("phone_format".into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn email_addresses() {
        for ok in ["li.na@example.cn", "a@b.co", "张伟@例子.中国"] {
            assert!(Email::parse(ok, "email").is_ok(), "{ok}");
        }
        for bad in [
            "no-at.example",
            "@example.cn",
            "a@b",
            "a@@b.cn",
            "a b@c.cn",
            "a@b..cn",
        ] {
            assert_eq!(
                Email::parse(bad, "email").map_err(|e| e.code),
                Err("email_format".into()),
                "{bad}"
            );
        }
    }

    #[test]
    fn checks_collect_every_failure() {
        let mut checks = Checks::default();
        assert_eq!(
            checks.check(Text::line("ok", "a", 5)).map(|t| string(&t)),
            Some("ok".into())
        );
        assert_eq!(checks.check(Text::line("", "b", 5)), None);
        checks.push(FieldError::new("c", "rule", "spans fields"));
        let errors = checks.finish().expect_err("two failures");
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, vec!["b", "c"]);
        assert_eq!(Checks::default().finish(), Ok(()));
    }
}
