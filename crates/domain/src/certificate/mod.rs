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

mod code;
mod dto;
mod eligibility;
mod number;
mod status;

pub use code::*;
pub use dto::*;
pub use eligibility::*;
pub use number::*;
pub use status::*;

/// The article the certificate rules come from, cited in refusals.
pub const ARTICLE: &str = "Art. 9";
