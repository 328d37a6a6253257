//! Whether a certificate stands: revocation with a reason, and re-issuance of a revoked one.

use crate::ProblemCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ARTICLE;
use crate::FieldError;
use crate::text_enum::text_enum;
use crate::validation::Text;

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
    pub fn code(self) -> ProblemCode {
        match self {
            Self::AlreadyRevoked => ProblemCode::AlreadyRevoked,
            Self::NotRevoked => ProblemCode::CertificateNotRevoked,
            Self::AlreadyReissued => ProblemCode::AlreadyReissued,
            Self::CertificateExists => ProblemCode::CertificateExists,
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

#[cfg(test)]
mod tests {
    use super::*;

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
            crate::ProblemCode::AlreadyReissued
        );
    }
}
