//! Master data (`docs/domain.md`, "Master data"): organisations (单位), partner agreements
//! (产学研, Art. 22), people (专业技术人员) with identity documents, teachers (Art. 13) and
//! courses (课程, Art. 4).
//!
//! Each resource has a request type (the JSON body), a `…Data` type that the request parses into
//! through `TryFrom` (collecting **every** field error, not just the first), a stored form
//! ([`Record`] of the data, or [`Teacher`]) and a response DTO. The value types shared by the
//! resources — phone numbers and e-mail addresses — live here; bounded text and the collection of
//! field errors are [`crate::validation`].

mod courses;
mod organisations;
mod partners;
mod people;
mod registrations;

/// Teachers are master data too; their home is [`crate::teacher`].
pub use crate::teacher::{
    EvidenceVerification, QualificationDto, Teacher, TeacherDto, TeacherProfile,
    TeacherProfileRequest, TeacherRequest, UnmetRuleDto, UpdateTeacherRequest, VerifyEvidenceError,
};
pub use courses::*;
pub use organisations::*;
pub use partners::*;
pub use people::*;
pub use registrations::*;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::FieldError;
/// The request-parsing blocks at their former paths, for the modules that still import them from
/// here (plans, reports, the review workflow).
pub use crate::validation::{Checks, Text, optional};

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

/// A text as the owned string a DTO carries.
pub(crate) fn string(text: &Text) -> String {
    text.as_ref().to_owned()
}

/// An optional value as the optional string a DTO carries.
pub(crate) fn opt_string<T: AsRef<str>>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(|v| v.as_ref().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
