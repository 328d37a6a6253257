//! The stored certificate, what it prints, and the DTOs of certificates, public verification,
//! the eligibility preview and batch issuance.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{CertificateNumber, CertificateStatus, Ineligibility, VerificationCode, issue_date};
use crate::class::ClassStatus;
use crate::text_enum::text_enum;
use crate::training::{ClassKind, DeliveryForm};

/// A name as public verification shows it: the first character, the rest as `*`
/// (`张伟` → `张*`, `欧阳娜娜` → `欧***`); spaces are kept.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let mut out = String::from(first);
    out.extend(chars.map(|c| if c.is_whitespace() { c } else { '*' }));
    out
}

/// The kind of a class as a certificate prints it.
pub fn class_kind_text(kind: ClassKind) -> &'static str {
    match kind {
        ClassKind::TrainingClass => "培训班",
        ClassKind::Seminar => "研修班",
        ClassKind::AdvancedStudy => "进修班",
        ClassKind::MajorProject => "国家重大专项",
        ClassKind::Exchange => "交流活动",
    }
}

/// What a certificate states, copied from the learning record and the class when issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateContent {
    pub holder_name: String,
    pub class_title: String,
    pub class_kind: ClassKind,
    pub form: DeliveryForm,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// Credit hours in tenths by category (Art. 4).
    pub public_required_tenths: u32,
    pub professional_tenths: u32,
    /// The assessment result as the learning record reads, if any.
    pub result: Option<String>,
    /// The learning record and version copied.
    pub learning_record_id: Uuid,
    pub learning_record_version: i32,
}

/// Revocation details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revoked {
    pub at: DateTime<Utc>,
    pub by: Uuid,
    pub reason: String,
}

/// A stored certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    pub id: Uuid,
    pub number: CertificateNumber,
    pub year: i32,
    pub sequence: u64,
    pub verification_code: VerificationCode,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub class_id: Uuid,
    pub content: CertificateContent,
    pub status: CertificateStatus,
    pub revoked: Option<Revoked>,
    pub replaces: Option<Uuid>,
    pub replaced_by: Option<Uuid>,
    /// The bit of this certificate in its year's revocation status list.
    pub status_list_index: u32,
    pub issued_at: DateTime<Utc>,
    pub issued_by: Uuid,
}

fn hours(tenths: u32) -> f64 {
    f64::from(tenths) / 10.0
}

/// A certificate as staff, its holder and the holder's organisation contact see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateDto {
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "CEB2026000123"))]
    pub number: String,
    /// Printed beside the number; with it anyone can verify the certificate.
    #[cfg_attr(feature = "openapi", schema(example = "7M2K9QX4T1B8RZ3C"))]
    pub verification_code: String,
    pub status: CertificateStatus,
    pub year: i32,
    pub sequence: u64,
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub holder_name: String,
    pub class_id: Uuid,
    pub class_title: String,
    pub class_kind: ClassKind,
    pub form: DeliveryForm,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub public_required_hours: f64,
    pub professional_hours: f64,
    pub total_hours: f64,
    pub result: Option<String>,
    pub learning_record_id: Uuid,
    pub learning_record_version: i32,
    pub issued_at: DateTime<Utc>,
    pub issued_by: Uuid,
    pub revoked_at: Option<DateTime<Utc>>,
    pub revoked_by: Option<Uuid>,
    pub revocation_reason: Option<String>,
    /// The revoked certificate this one re-issues.
    pub replaces: Option<Uuid>,
    /// The certificate that re-issued this (revoked) one.
    pub replaced_by: Option<Uuid>,
    pub status_list_index: u32,
}

impl Certificate {
    pub fn to_dto(&self) -> CertificateDto {
        let c = &self.content;
        CertificateDto {
            id: self.id,
            number: self.number.to_string(),
            verification_code: self.verification_code.as_ref().to_owned(),
            status: self.status,
            year: self.year,
            sequence: self.sequence,
            enrolment_id: self.enrolment_id,
            person_id: self.person_id,
            holder_name: c.holder_name.clone(),
            class_id: self.class_id,
            class_title: c.class_title.clone(),
            class_kind: c.class_kind,
            form: c.form,
            start_date: c.start_date,
            end_date: c.end_date,
            public_required_hours: hours(c.public_required_tenths),
            professional_hours: hours(c.professional_tenths),
            total_hours: hours(c.public_required_tenths + c.professional_tenths),
            result: c.result.clone(),
            learning_record_id: c.learning_record_id,
            learning_record_version: c.learning_record_version,
            issued_at: self.issued_at,
            issued_by: self.issued_by,
            revoked_at: self.revoked.as_ref().map(|r| r.at),
            revoked_by: self.revoked.as_ref().map(|r| r.by),
            revocation_reason: self.revoked.as_ref().map(|r| r.reason.clone()),
            replaces: self.replaces,
            replaced_by: self.replaced_by,
            status_list_index: self.status_list_index,
        }
    }

    /// What public verification reads of this certificate.
    pub fn verifiable(&self) -> Verifiable {
        let c = &self.content;
        Verifiable {
            number: self.number.clone(),
            verification_code: self.verification_code.clone(),
            status: self.status,
            holder_name: c.holder_name.clone(),
            class_title: c.class_title.clone(),
            start_date: c.start_date,
            end_date: c.end_date,
            public_required_tenths: c.public_required_tenths,
            professional_tenths: c.professional_tenths,
            issued_at: self.issued_at,
        }
    }

    /// What public verification shows: nothing more than status, masked name, class, hours,
    /// dates and issuer.
    pub fn to_public(&self, issuer: &str) -> PublicCertificateDto {
        self.verifiable().to_public(issuer)
    }

    /// The audit trail's view (the verification code is a secret of the holder: left out).
    pub fn audit_snapshot(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self.to_dto()).unwrap_or_default();
        if let Some(o) = v.as_object_mut() {
            o.remove("verification_code");
        }
        v
    }
}

/// What public verification reads of a certificate: number and code, status, and the facts it
/// shows. All of it is copied at issuance and never changes, except the status, which changes
/// at most once (valid → revoked; a re-issue is another certificate with another number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifiable {
    pub number: CertificateNumber,
    pub verification_code: VerificationCode,
    pub status: CertificateStatus,
    pub holder_name: String,
    pub class_title: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub public_required_tenths: u32,
    pub professional_tenths: u32,
    pub issued_at: DateTime<Utc>,
}

impl Verifiable {
    /// Whether `code` is this certificate's verification code (constant time).
    pub fn accepts(&self, code: &VerificationCode) -> bool {
        self.verification_code.matches(code)
    }

    /// The public answer: status, masked name, class, hours, dates and issuer.
    pub fn to_public(&self, issuer: &str) -> PublicCertificateDto {
        PublicCertificateDto {
            number: self.number.to_string(),
            status: self.status,
            holder_name_masked: mask_name(&self.holder_name),
            class_title: self.class_title.clone(),
            public_required_hours: hours(self.public_required_tenths),
            professional_hours: hours(self.professional_tenths),
            total_hours: hours(self.public_required_tenths + self.professional_tenths),
            start_date: self.start_date,
            end_date: self.end_date,
            issued_on: issue_date(self.issued_at),
            issuer: issuer.to_owned(),
        }
    }
}

/// `GET /public/certificates/{number}?code=…`: what anyone holding number and code may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicCertificateDto {
    #[cfg_attr(feature = "openapi", schema(example = "CEB2026000123"))]
    pub number: String,
    pub status: CertificateStatus,
    #[cfg_attr(feature = "openapi", schema(example = "张*"))]
    pub holder_name_masked: String,
    pub class_title: String,
    pub public_required_hours: f64,
    pub professional_hours: f64,
    pub total_hours: f64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    /// The issue date (Beijing time).
    pub issued_on: NaiveDate,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "国家级专业技术人员继续教育基地")
    )]
    pub issuer: String,
}

/// One enrolment of the eligibility preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityRowDto {
    pub enrolment_id: Uuid,
    pub person_id: Uuid,
    pub person_name: String,
    /// May get a certificate now (eligible and without a valid one).
    pub eligible: bool,
    /// Every unmet rule (empty when eligible or already certified).
    pub reasons: Vec<Ineligibility>,
    /// The number of the enrolment's valid certificate, when it has one.
    pub certificate_number: Option<String>,
}

/// `GET /classes/{id}/certificates/eligibility`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EligibilityDto {
    pub class_id: Uuid,
    pub class_status: ClassStatus,
    /// How many would get a certificate by a batch issuance now.
    pub eligible: u32,
    /// How many already hold a valid certificate.
    pub certified: u32,
    /// How many may not get one.
    pub ineligible: u32,
    pub rows: Vec<EligibilityRowDto>,
}

/// The state of a batch issuance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BatchStatus {
    Running,
    Done,
    Failed,
}

text_enum!(BatchStatus {
    Running => "running",
    Done => "done",
    Failed => "failed",
});

/// A batch issuance for a class (`POST /classes/{id}/certificates`), run in the background.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateBatchDto {
    pub id: Uuid,
    pub class_id: Uuid,
    pub status: BatchStatus,
    /// Enrolments to certify (eligible, without a valid certificate) when the batch started.
    pub total: u32,
    /// Certificates prepared so far (for a progress bar); equals `issued` when done.
    pub processed: u32,
    /// Certificates written (all in one transaction: 0 until done).
    pub issued: u32,
    /// Enrolments passed over: ineligible or already certified.
    pub skipped: u32,
    /// Why the batch failed.
    pub message: Option<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_masked_after_the_first_character() {
        assert_eq!(mask_name("张伟"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("Li Na"), "L* **");
        assert_eq!(mask_name(""), "");
    }
}
