//! Lecture materials of courses (讲义, Art. 14): files uploaded for a course and downloaded by
//! the staff, the teachers of classes that teach the course and the trainees enrolled in them.
//! This module owns what a stored file is described by — a sanitised file name, a media type,
//! size and SHA-256 — and the answer shown for it; who may do what is
//! [`crate::access::material_access`].

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;

/// A file name safe to store and to offer for download: the last component of whatever the
/// client sent (no directories), without control characters or characters that file systems
/// refuse (`<>:"/\|?*` become `_`), trimmed of spaces and dots at the ends, 1–255 characters.
/// Chinese names stay as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileName(String);

impl FileName {
    pub const MAX_CHARS: usize = 255;

    /// Sanitises `raw`, or names the field and the rule it breaks.
    pub fn parse(raw: &str, field: &str) -> Result<Self, FieldError> {
        let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
        let cleaned: String = last
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| match c {
                '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
                other => other,
            })
            .collect();
        let cleaned = cleaned.trim_matches(|c: char| c.is_whitespace() || c == '.');
        if cleaned.is_empty() {
            return Err(FieldError::new(
                field,
                "required",
                "a file name is required (e.g. 讲义.pdf)",
            ));
        }
        if cleaned.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                "too_long",
                format!("at most {} characters", Self::MAX_CHARS),
            ));
        }
        Ok(Self(cleaned.to_owned()))
    }

    /// A stored name (already sanitised when it was stored).
    pub fn from_stored(name: String) -> Self {
        Self(name)
    }
}

impl AsRef<str> for FileName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// A media type (`type/subtype`, lower case, without parameters). A missing one is
/// `application/octet-stream`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaType(String);

impl MediaType {
    pub const OCTET_STREAM: &'static str = "application/octet-stream";
    pub const MAX_CHARS: usize = 127;

    /// Parses a `Content-Type` value: its essence (before any `;`) must be `type/subtype` made
    /// of RFC 9110 token characters.
    pub fn parse(raw: Option<&str>, field: &str) -> Result<Self, FieldError> {
        let essence = raw
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if essence.is_empty() {
            return Ok(Self(Self::OCTET_STREAM.to_owned()));
        }
        let token = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
        };
        let valid = essence.len() <= Self::MAX_CHARS
            && essence
                .split_once('/')
                .is_some_and(|(kind, sub)| token(kind) && token(sub));
        if valid {
            Ok(Self(essence))
        } else {
            Err(FieldError::new(
                field,
                "invalid",
                "must be a media type such as application/pdf",
            ))
        }
    }

    pub fn from_stored(value: String) -> Self {
        Self(value)
    }
}

impl AsRef<str> for MediaType {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// What is stored about an uploaded file besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialFile {
    pub file_name: FileName,
    pub content_type: MediaType,
    pub size_bytes: u64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
}

/// A stored lecture material.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseMaterial {
    pub id: Uuid,
    pub course_id: Uuid,
    pub course_title: String,
    pub file: MaterialFile,
    /// The account that uploaded it.
    pub uploaded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// A lecture material as the API shows it (the bytes are downloaded from `download_path`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseMaterialDto {
    pub id: Uuid,
    pub course_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "人工智能伦理与治理"))]
    pub course_title: String,
    /// The sanitised original file name.
    #[cfg_attr(feature = "openapi", schema(example = "第一讲 讲义.pdf"))]
    pub file_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "application/pdf"))]
    pub content_type: String,
    pub size_bytes: u64,
    /// Lower-case hex SHA-256 of the file, to check a download.
    pub sha256: String,
    /// The account that uploaded it.
    pub uploaded_by: Uuid,
    pub created_at: DateTime<Utc>,
    /// Where to `GET` the file (under the server root).
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/api/v1/courses/0193…/materials/0194…")
    )]
    pub download_path: String,
}

impl CourseMaterial {
    pub fn to_dto(&self) -> CourseMaterialDto {
        CourseMaterialDto {
            id: self.id,
            course_id: self.course_id,
            course_title: self.course_title.clone(),
            file_name: self.file.file_name.as_ref().to_owned(),
            content_type: self.file.content_type.as_ref().to_owned(),
            size_bytes: self.file.size_bytes,
            sha256: self.file.sha256.clone(),
            uploaded_by: self.uploaded_by,
            created_at: self.created_at,
            download_path: format!("/api/v1/courses/{}/materials/{}", self.course_id, self.id),
        }
    }

    /// The audit trail records the metadata and the hash, never the bytes.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_sanitised_and_keep_chinese() {
        let ok = |raw: &str| FileName::parse(raw, "file_name").map(|n| n.0);
        assert_eq!(ok("第一讲 讲义.pdf").as_deref(), Ok("第一讲 讲义.pdf"));
        assert_eq!(ok("C:\\Users\\李\\课件.pptx").as_deref(), Ok("课件.pptx"));
        assert_eq!(ok("../../etc/passwd").as_deref(), Ok("passwd"));
        assert_eq!(ok(" a<b>:c?.txt ").as_deref(), Ok("a_b__c_.txt"));
        assert_eq!(ok("line\nbreak\u{0}.md").as_deref(), Ok("linebreak.md"));
        for bad in ["", "  ", "..", "dir/", "\u{7}"] {
            let e = FileName::parse(bad, "file_name").expect_err(bad);
            assert_eq!(
                (e.field.as_str(), e.code.as_str()),
                ("file_name", "required")
            );
        }
        let long = format!("{}.pdf", "讲".repeat(252));
        assert_eq!(
            FileName::parse(&long, "file_name").expect_err("long").code,
            "too_long"
        );
        assert!(FileName::parse(&format!("{}.pd", "讲".repeat(252)), "file_name").is_ok());
    }

    #[test]
    fn media_types_are_checked_and_default_to_octet_stream() {
        let ok = |raw: Option<&str>| MediaType::parse(raw, "content_type").map(|m| m.0);
        assert_eq!(ok(None).as_deref(), Ok("application/octet-stream"));
        assert_eq!(ok(Some("")).as_deref(), Ok("application/octet-stream"));
        assert_eq!(
            ok(Some("Application/PDF; charset=binary")).as_deref(),
            Ok("application/pdf")
        );
        assert_eq!(
            ok(Some(
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            ))
            .as_deref(),
            Ok("application/vnd.openxmlformats-officedocument.presentationml.presentation")
        );
        for bad in ["pdf", "text/", "/plain", "text/html\r\nx: y", "a b/c"] {
            assert_eq!(
                MediaType::parse(Some(bad), "content_type")
                    .expect_err(bad)
                    .code,
                "invalid"
            );
        }
    }
}
