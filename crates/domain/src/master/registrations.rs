//! Person registrations (人员登记): how an organisation contact asks for a colleague to be put
//! on file.
//!
//! A contact must not learn whether an identity document is already on file (it is sensitive
//! personal information of someone who may work elsewhere), and must not be able to move a
//! person employed elsewhere into their own organisation. So a contact's `POST /people` never
//! writes a person: it files a registration, answered the same way whether the document is new,
//! on file in their organisation or on file elsewhere. Staff decide it: approving creates the
//! person employed by the contact's organisation, or — when the document is on file — records the
//! person as employed there (staff see who that is before deciding); rejecting gives a reason.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{IdVisibility, PersonData, opt_string, string};
use crate::FieldError;
use crate::identity::IdDocumentKind;
use crate::imports::OnFile;
use crate::teacher::{Degree, TitleLevel};
use crate::text_enum::text_enum;
use crate::validation::Text;

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    /// Waiting for staff (待审核).
    Pending,
    /// The person is on file, employed by the registering organisation (已通过).
    Approved,
    /// Refused by staff with a reason (未通过).
    Rejected,
}

text_enum!(RegistrationStatus {
    Pending => "pending",
    Approved => "approved",
    Rejected => "rejected",
});

/// A stored registration: the person as the contact described them, employed by
/// `organisation_id` (their organisation; never a login account).
#[derive(Debug, Clone, PartialEq)]
pub struct PersonRegistration {
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// The contact's account.
    pub submitted_by: Uuid,
    /// The person as submitted (`employer_id` is the organisation, `user_id` none).
    pub person: PersonData,
    pub status: RegistrationStatus,
    /// The person on file once approved.
    pub person_id: Option<Uuid>,
    /// Why it was rejected.
    pub reason: Option<Text>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// Staff's decision on a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RegistrationDecision {
    Approve,
    Reject,
}

/// Body of `POST /person-registrations/{id}/decision`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecideRegistrationRequest {
    pub decision: RegistrationDecision,
    /// Required to reject (1–500 characters): the contact reads it.
    #[serde(default)]
    pub reason: Option<String>,
    /// The `version` the decision is based on; a stale one is refused with 409.
    pub version: i32,
}

/// A validated decision: approve, or reject with a reason.
#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Approve,
    Reject(Text),
}

impl TryFrom<&DecideRegistrationRequest> for Decision {
    type Error = Vec<FieldError>;

    fn try_from(r: &DecideRegistrationRequest) -> Result<Self, Self::Error> {
        match r.decision {
            RegistrationDecision::Approve => Ok(Decision::Approve),
            RegistrationDecision::Reject => match r.reason.as_deref() {
                Some(reason) => Text::paragraphs(reason, "reason", 500)
                    .map(Decision::Reject)
                    .map_err(|e| vec![e]),
                None => Err(vec![FieldError::new(
                    "reason",
                    "required",
                    "a rejection gives its reason; the organisation contact reads it",
                )]),
            },
        }
    }
}

/// Who is on file with a registration's document, as staff see it before deciding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OnFileDto {
    pub person_id: Uuid,
    pub name: String,
    /// Their employer as recorded; approving records the registering organisation instead.
    pub employer_id: Option<Uuid>,
}

impl From<OnFile> for OnFileDto {
    fn from(p: OnFile) -> Self {
        Self {
            person_id: p.id,
            name: p.name,
            employer_id: p.employer_id,
        }
    }
}

/// A registration as the API shows it. The contact sees the number masked and never `on_file`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRegistrationDto {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub submitted_by: Uuid,
    pub name: String,
    pub id_kind: IdDocumentKind,
    #[cfg_attr(feature = "openapi", schema(example = "110105********002X"))]
    pub id_number: String,
    /// Whether `id_number` is masked in this answer.
    pub id_number_masked: bool,
    pub title: Option<String>,
    pub title_level: TitleLevel,
    pub field: Option<String>,
    pub degree: Degree,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: RegistrationStatus,
    /// The person on file, once approved.
    pub person_id: Option<Uuid>,
    /// Staff only, while pending: the person already on file with this document, if any.
    pub on_file: Option<OnFileDto>,
    pub reason: Option<String>,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl PersonRegistration {
    /// The registration as `visibility` allows, with `on_file` for staff.
    pub fn to_dto(
        &self,
        visibility: IdVisibility,
        on_file: Option<OnFile>,
    ) -> PersonRegistrationDto {
        let d = &self.person;
        let (id_number, id_number_masked) = match visibility {
            IdVisibility::Full => (d.document.number().to_owned(), false),
            IdVisibility::Masked => (d.document.masked(), true),
        };
        PersonRegistrationDto {
            id: self.id,
            organisation_id: self.organisation_id,
            submitted_by: self.submitted_by,
            name: string(&d.name),
            id_kind: d.document.kind(),
            id_number,
            id_number_masked,
            title: opt_string(&d.title),
            title_level: d.title_level,
            field: opt_string(&d.field),
            degree: d.degree,
            phone: opt_string(&d.phone),
            email: opt_string(&d.email),
            status: self.status,
            person_id: self.person_id,
            on_file: on_file.map(Into::into),
            reason: opt_string(&self.reason),
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The audit trail's before/after: the number masked, as for people.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto(IdVisibility::Masked, None)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(decision: RegistrationDecision, reason: Option<&str>) -> DecideRegistrationRequest {
        DecideRegistrationRequest {
            decision,
            reason: reason.map(Into::into),
            version: 1,
        }
    }

    #[test]
    fn a_rejection_needs_its_reason_and_an_approval_none() {
        assert_eq!(
            Decision::try_from(&request(RegistrationDecision::Approve, None)),
            Ok(Decision::Approve)
        );
        let missing = Decision::try_from(&request(RegistrationDecision::Reject, None))
            .expect_err("a rejection without a reason");
        assert_eq!(
            (missing[0].field.as_str(), missing[0].code.as_str()),
            ("reason", "required")
        );
        let blank = Decision::try_from(&request(RegistrationDecision::Reject, Some("  ")))
            .expect_err("a blank reason");
        assert_eq!(blank[0].field, "reason");
        match Decision::try_from(&request(
            RegistrationDecision::Reject,
            Some("不是本单位职工"),
        )) {
            Ok(Decision::Reject(reason)) => assert_eq!(reason.as_ref(), "不是本单位职工"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn statuses_round_trip_as_text() {
        for s in RegistrationStatus::ALL {
            assert_eq!(s.as_str().parse::<RegistrationStatus>(), Ok(*s));
        }
    }
}
