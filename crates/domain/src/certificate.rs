//! Certificates (《专业技术人员继续教育证书》, Art. 9): who may get one, how they are numbered,
//! their status and revocation, re-issuance, and what public verification shows.
//!
//! - **Eligibility** ([`eligibility`]): only an enrolment that the completion of its class
//!   stored as `completed` (and that has its learning record) gets a certificate, and at most one
//!   valid certificate per enrolment; a refusal names every unmet rule ([`Ineligibility`]).
//! - **Numbers** ([`NumberFormat`]): a configured pattern such as `{base}{year}{seq:06}`, parsed
//!   and checked when the configuration is loaded. It must contain the year and the sequence, so
//!   numbers of different years never collide; the sequence is gapless per year (the store's
//!   counter row guarantees it).
//! - **Verification code** ([`VerificationCode`]): 80 random bits in Crockford base32, printed
//!   on the certificate beside the number and compared in constant time.
//! - **Revocation** ([`Revocation`]) needs a reason; a revoked certificate stays verifiable as
//!   revoked. **Re-issuance** ([`check_reissue`]) is only for a revoked certificate that has not
//!   been replaced yet; the new certificate gets a new number and links to the old one.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::FieldError;
use crate::class::ClassStatus;
use crate::learning::CompletionFailure;
use crate::master::Text;
use crate::text_enum::text_enum;
use crate::training::{ClassKind, CompletionOutcome, DeliveryForm, EnrolmentStatus};

/// The article the certificate rules come from, cited in refusals.
pub const ARTICLE: &str = "Art. 9";

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Verification code
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Status, revocation, re-issuance
// ---------------------------------------------------------------------------------------------

/// Whether a certificate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    /// 有效.
    Valid,
    /// 已撤销: revoked by staff with a reason; still verifiable, as revoked.
    Revoked,
}

text_enum!(CertificateStatus {
    Valid => "valid",
    Revoked => "revoked",
});

/// Why a certificate cannot be revoked or re-issued (409).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CertificateConflict {
    #[error("the certificate is already revoked")]
    AlreadyRevoked,
    #[error("only a revoked certificate can be re-issued; revoke it first (Art. 9)")]
    NotRevoked,
    #[error("the certificate was already re-issued as another certificate")]
    AlreadyReissued,
    #[error("the enrolment already has a valid certificate (at most one per enrolment, Art. 9)")]
    CertificateExists,
}

impl CertificateConflict {
    /// The stable problem code.
    pub fn code(self) -> &'static str {
        match self {
            Self::AlreadyRevoked => "already_revoked",
            Self::NotRevoked => "certificate_not_revoked",
            Self::AlreadyReissued => "already_reissued",
            Self::CertificateExists => "certificate_exists",
        }
    }
}

/// Body of `POST /certificates/{id}/revoke`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokeRequest {
    /// Why (5–500 characters); kept with the certificate and in the audit trail.
    #[cfg_attr(feature = "openapi", schema(example = "学时记录有误，经核查后撤销"))]
    pub reason: String,
}

/// A checked revocation: the reason, 5–500 characters of one or more lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revocation {
    pub reason: Text,
}

/// The shortest revocation reason accepted: a word or two is no reason.
pub const MIN_REASON_CHARS: usize = 5;

impl TryFrom<RevokeRequest> for Revocation {
    type Error = Vec<FieldError>;

    fn try_from(r: RevokeRequest) -> Result<Self, Self::Error> {
        let reason = Text::paragraphs(&r.reason, "reason", 500).map_err(|e| vec![e])?;
        if reason.as_ref().chars().count() < MIN_REASON_CHARS {
            return Err(vec![FieldError::new(
                "reason",
                "too_short",
                format!(
                    "a revocation needs a reason of at least {MIN_REASON_CHARS} characters ({ARTICLE})"
                ),
            )]);
        }
        Ok(Self { reason })
    }
}

/// Whether a certificate in `status` may be revoked.
pub fn check_revoke(status: CertificateStatus) -> Result<(), CertificateConflict> {
    match status {
        CertificateStatus::Valid => Ok(()),
        CertificateStatus::Revoked => Err(CertificateConflict::AlreadyRevoked),
    }
}

/// Whether a certificate in `status`, replaced by `replaced_by`, may be re-issued.
pub fn check_reissue(
    status: CertificateStatus,
    replaced_by: Option<Uuid>,
) -> Result<(), CertificateConflict> {
    match (status, replaced_by) {
        (CertificateStatus::Valid, _) => Err(CertificateConflict::NotRevoked),
        (CertificateStatus::Revoked, Some(_)) => Err(CertificateConflict::AlreadyReissued),
        (CertificateStatus::Revoked, None) => Ok(()),
    }
}

// ---------------------------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------------------------

/// A rule of Art. 9 an enrolment does not meet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Ineligibility {
    /// The class has not been completed (evaluated) yet.
    ClassNotCompleted { class_status: ClassStatus },
    /// The person withdrew from the class.
    EnrolmentWithdrawn,
    /// Completion stored the outcome `not_completed`; `failures` are its reasons.
    NotCompleted { failures: Vec<CompletionFailure> },
    /// No completion outcome was stored for the enrolment.
    NoOutcome,
    /// The completed enrolment has no learning record to copy from.
    NoLearningRecord,
}

impl Ineligibility {
    /// The stable code of the rule.
    pub fn code(&self) -> &'static str {
        match self {
            Self::ClassNotCompleted { .. } => "class_not_completed",
            Self::EnrolmentWithdrawn => "enrolment_withdrawn",
            Self::NotCompleted { .. } => "not_completed",
            Self::NoOutcome => "no_outcome",
            Self::NoLearningRecord => "no_learning_record",
        }
    }

    /// A sentence naming the rule, citing Art. 9.
    pub fn explain(&self) -> String {
        match self {
            Self::ClassNotCompleted { class_status } => format!(
                "certificates are issued for completed classes only ({ARTICLE}); the class is {class_status}"
            ),
            Self::EnrolmentWithdrawn => {
                format!(
                    "the person withdrew from the class; only completed enrolments get a certificate ({ARTICLE})"
                )
            }
            Self::NotCompleted { failures } => {
                let reasons: Vec<String> = failures
                    .iter()
                    .map(|f| match f {
                        CompletionFailure::Attendance {
                            attended,
                            sessions,
                            required_percent,
                        } => format!(
                            "attended {attended} of {sessions} sessions, {required_percent}% required"
                        ),
                        CompletionFailure::AssessmentNotPassed => "assessment not passed".into(),
                        CompletionFailure::AssessmentMissing => "assessment result missing".into(),
                    })
                    .collect();
                format!(
                    "the completion rules were not met ({}); only completed enrolments get a certificate ({ARTICLE})",
                    reasons.join("; ")
                )
            }
            Self::NoOutcome => {
                format!("no completion outcome is stored for the enrolment ({ARTICLE})")
            }
            Self::NoLearningRecord => format!(
                "the enrolment has no learning record to copy hours and result from ({ARTICLE}, Art. 6)"
            ),
        }
    }

    /// As a field error of a refusal (`field` is `enrolment`).
    pub fn to_field_error(&self) -> FieldError {
        FieldError::new("enrolment", self.code(), self.explain())
    }
}

/// What eligibility is decided on: the class's state, the enrolment's, the outcome completion
/// stored for it, and whether its learning record exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EligibilityFacts {
    pub class_status: ClassStatus,
    pub enrolment_status: EnrolmentStatus,
    /// `None` when no outcome is stored.
    pub outcome: Option<(CompletionOutcome, Vec<CompletionFailure>)>,
    pub has_learning_record: bool,
}

/// Whether an enrolment may get a certificate (Art. 9): its class completed (or reported), the
/// enrolment active, completion's stored outcome `completed`, and its learning record written.
/// Every unmet rule is named. (At most one valid certificate per enrolment is checked apart:
/// it is a conflict with the current state, not a rule the enrolment fails.)
pub fn eligibility(facts: &EligibilityFacts) -> Result<(), Vec<Ineligibility>> {
    let mut unmet = Vec::new();
    if !matches!(
        facts.class_status,
        ClassStatus::Completed | ClassStatus::Reported
    ) {
        unmet.push(Ineligibility::ClassNotCompleted {
            class_status: facts.class_status,
        });
    }
    if facts.enrolment_status == EnrolmentStatus::Withdrawn {
        unmet.push(Ineligibility::EnrolmentWithdrawn);
    } else if unmet.is_empty() {
        // Outcomes exist only once the class is completed; before that the class rule says it.
        match &facts.outcome {
            None => unmet.push(Ineligibility::NoOutcome),
            Some((CompletionOutcome::NotCompleted, failures)) => {
                unmet.push(Ineligibility::NotCompleted {
                    failures: failures.clone(),
                })
            }
            Some((CompletionOutcome::Completed, _)) if !facts.has_learning_record => {
                unmet.push(Ineligibility::NoLearningRecord)
            }
            Some((CompletionOutcome::Completed, _)) => {}
        }
    }
    if unmet.is_empty() { Ok(()) } else { Err(unmet) }
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

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

/// The year a certificate issued at `at` is numbered in: the calendar year in Beijing time.
pub fn issue_year(at: DateTime<Utc>) -> i32 {
    use chrono::Datelike;
    let beijing = chrono::FixedOffset::east_opt(8 * 3600).map(|o| at.with_timezone(&o));
    beijing.map_or(at.year(), |t| t.year())
}

// ---------------------------------------------------------------------------------------------
// Stored certificate and DTOs
// ---------------------------------------------------------------------------------------------

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

/// The date (Beijing time) of an instant.
pub fn issue_date(at: DateTime<Utc>) -> NaiveDate {
    chrono::FixedOffset::east_opt(8 * 3600)
        .map_or(at.date_naive(), |o| at.with_timezone(&o).date_naive())
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

    fn facts() -> EligibilityFacts {
        EligibilityFacts {
            class_status: ClassStatus::Completed,
            enrolment_status: EnrolmentStatus::Enrolled,
            outcome: Some((CompletionOutcome::Completed, vec![])),
            has_learning_record: true,
        }
    }

    #[test]
    fn a_completed_enrolment_of_a_completed_class_is_eligible() {
        assert_eq!(eligibility(&facts()), Ok(()));
        let reported = EligibilityFacts {
            class_status: ClassStatus::Reported,
            ..facts()
        };
        assert_eq!(eligibility(&reported), Ok(()));
    }

    #[test]
    fn each_unmet_rule_is_named() {
        let running = EligibilityFacts {
            class_status: ClassStatus::InProgress,
            outcome: None,
            has_learning_record: false,
            ..facts()
        };
        assert_eq!(
            eligibility(&running),
            Err(vec![Ineligibility::ClassNotCompleted {
                class_status: ClassStatus::InProgress
            }])
        );
        let withdrawn = EligibilityFacts {
            enrolment_status: EnrolmentStatus::Withdrawn,
            outcome: None,
            ..facts()
        };
        assert_eq!(
            eligibility(&withdrawn),
            Err(vec![Ineligibility::EnrolmentWithdrawn])
        );
        let failures = vec![CompletionFailure::AssessmentNotPassed];
        let failed = EligibilityFacts {
            outcome: Some((CompletionOutcome::NotCompleted, failures.clone())),
            has_learning_record: false,
            ..facts()
        };
        let unmet = eligibility(&failed).expect_err("refused");
        assert_eq!(unmet, vec![Ineligibility::NotCompleted { failures }]);
        let explained = unmet[0].to_field_error();
        assert_eq!(explained.code, "not_completed");
        assert!(explained.message.contains("assessment not passed"));
        assert!(explained.message.contains("Art. 9"));
        let no_outcome = EligibilityFacts {
            outcome: None,
            ..facts()
        };
        assert_eq!(
            eligibility(&no_outcome),
            Err(vec![Ineligibility::NoOutcome])
        );
        let no_record = EligibilityFacts {
            has_learning_record: false,
            ..facts()
        };
        assert_eq!(
            eligibility(&no_record),
            Err(vec![Ineligibility::NoLearningRecord])
        );
    }

    #[test]
    fn the_rule_serialises_with_its_tag() {
        let v = serde_json::to_value(Ineligibility::ClassNotCompleted {
            class_status: ClassStatus::Open,
        })
        .expect("json");
        assert_eq!(
            v,
            serde_json::json!({"rule": "class_not_completed", "class_status": "open"})
        );
    }

    #[test]
    fn revocation_needs_a_reason_and_a_valid_certificate() {
        let ok = Revocation::try_from(RevokeRequest {
            reason: "  学时记录有误  ".into(),
        })
        .expect("valid");
        assert_eq!(ok.reason.as_ref(), "学时记录有误");
        for (reason, code) in [("", "required"), ("错误", "too_short"), ("  ", "required")] {
            let err = Revocation::try_from(RevokeRequest {
                reason: reason.into(),
            })
            .expect_err(reason);
            assert_eq!(
                (err[0].field.as_str(), err[0].code.as_str()),
                ("reason", code)
            );
        }
        let long = Revocation::try_from(RevokeRequest {
            reason: "长".repeat(501),
        });
        assert_eq!(long.expect_err("too long")[0].code, "length");
        assert_eq!(check_revoke(CertificateStatus::Valid), Ok(()));
        assert_eq!(
            check_revoke(CertificateStatus::Revoked),
            Err(CertificateConflict::AlreadyRevoked)
        );
    }

    #[test]
    fn only_a_revoked_unreplaced_certificate_is_reissued() {
        assert_eq!(check_reissue(CertificateStatus::Revoked, None), Ok(()));
        assert_eq!(
            check_reissue(CertificateStatus::Valid, None),
            Err(CertificateConflict::NotRevoked)
        );
        assert_eq!(
            check_reissue(CertificateStatus::Revoked, Some(Uuid::nil())),
            Err(CertificateConflict::AlreadyReissued)
        );
        assert_eq!(
            CertificateConflict::AlreadyReissued.code(),
            "already_reissued"
        );
    }

    #[test]
    fn names_are_masked_after_the_first_character() {
        assert_eq!(mask_name("张伟"), "张*");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("Li Na"), "L* **");
        assert_eq!(mask_name(""), "");
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
