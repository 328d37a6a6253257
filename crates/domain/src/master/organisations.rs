//! Organisations (单位): employers of trainees and commissioning bodies of classes, identified by
//! their unified social credit code (统一社会信用代码, GB 32100-2015).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Email, Phone, Record, opt_string, string};
use crate::FieldError;
use crate::credit_code::CreditCode;
use crate::text_enum::text_enum;
use crate::validation::{Checks, Text, optional};

/// Kind of organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// 政府部门.
    GovernmentDepartment,
    /// 行业协会.
    IndustryAssociation,
    /// 企业.
    Enterprise,
    /// 事业单位.
    PublicInstitution,
    /// 高等院校.
    University,
    /// 科研院所.
    ResearchInstitute,
}

text_enum!(OrganisationKind {
    GovernmentDepartment => "government_department",
    IndustryAssociation => "industry_association",
    Enterprise => "enterprise",
    PublicInstitution => "public_institution",
    University => "university",
    ResearchInstitute => "research_institute",
});

/// The validated content of an organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationData {
    pub name: Text,
    pub kind: OrganisationKind,
    /// Unique among organisations.
    pub credit_code: CreditCode,
    pub contact_name: Option<Text>,
    pub contact_phone: Option<Phone>,
    pub contact_email: Option<Email>,
}

pub type Organisation = Record<OrganisationData>;

/// Body of `POST /organisations` (and, with `version`, of `PUT /organisations/{id}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationRequest {
    /// 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(example = "深圳市腾讯计算机系统有限公司"))]
    pub name: String,
    pub kind: OrganisationKind,
    /// Unified social credit code, 18 characters with the GB 32100-2015 check character;
    /// lower case is accepted and normalised.
    #[cfg_attr(feature = "openapi", schema(example = "91440300708461136T"))]
    pub credit_code: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "王芳"))]
    pub contact_name: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "0755-86013388"))]
    pub contact_phone: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "hr@example.cn"))]
    pub contact_email: Option<String>,
}

/// Body of `PUT /organisations/{id}`: the whole organisation and the version it is based on.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateOrganisationRequest {
    #[serde(flatten)]
    pub organisation: OrganisationRequest,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// An organisation as the API shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationDto {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganisationKind,
    #[cfg_attr(feature = "openapi", schema(example = "91440300708461136T"))]
    pub credit_code: String,
    pub contact_name: Option<String>,
    pub contact_phone: Option<String>,
    pub contact_email: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Optimistic-concurrency version; send it back when changing the organisation.
    pub version: i32,
}

impl TryFrom<OrganisationRequest> for OrganisationData {
    type Error = Vec<FieldError>;

    fn try_from(r: OrganisationRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        let name = c.check(Text::line(&r.name, "name", 200));
        let credit_code = c.check(CreditCode::parse(&r.credit_code, "credit_code"));
        let contact_name = c.check(optional(r.contact_name.as_deref(), |v| {
            Text::line(v, "contact_name", 100)
        }));
        let contact_phone = c.check(optional(r.contact_phone.as_deref(), |v| {
            Phone::parse(v, "contact_phone")
        }));
        let contact_email = c.check(optional(r.contact_email.as_deref(), |v| {
            Email::parse(v, "contact_email")
        }));
        let (
            Some(name),
            Some(credit_code),
            Some(contact_name),
            Some(contact_phone),
            Some(contact_email),
        ) = (
            name,
            credit_code,
            contact_name,
            contact_phone,
            contact_email,
        )
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            name,
            kind: r.kind,
            credit_code,
            contact_name,
            contact_phone,
            contact_email,
        })
    }
}

impl Organisation {
    pub fn to_dto(&self) -> OrganisationDto {
        let d = &self.data;
        OrganisationDto {
            id: self.id,
            name: string(&d.name),
            kind: d.kind,
            credit_code: d.credit_code.as_ref().to_owned(),
            contact_name: opt_string(&d.contact_name),
            contact_phone: opt_string(&d.contact_phone),
            contact_email: opt_string(&d.contact_email),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The state recorded in the audit trail's before/after.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto()).unwrap_or_default()
    }
}

crate::audited!(Organisation, "organisation");

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> OrganisationRequest {
        OrganisationRequest {
            name: " 深圳市腾讯计算机系统有限公司 ".into(),
            kind: OrganisationKind::Enterprise,
            credit_code: "91440300708461136t".into(),
            contact_name: Some("王芳".into()),
            contact_phone: Some("".into()),
            contact_email: None,
        }
    }

    #[test]
    fn a_valid_request_parses_and_normalises() {
        let data = OrganisationData::try_from(request()).expect("valid");
        assert_eq!(data.name.as_ref(), "深圳市腾讯计算机系统有限公司");
        assert_eq!(data.credit_code.as_ref(), "91440300708461136T");
        assert_eq!(data.contact_phone, None, "blank is absent");
    }

    #[test]
    fn every_failing_field_is_named() {
        let errors = OrganisationData::try_from(OrganisationRequest {
            name: "".into(),
            credit_code: "91440300708461136I".into(),
            contact_phone: Some("call me".into()),
            contact_email: Some("nobody".into()),
            ..request()
        })
        .expect_err("invalid");
        let found: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                ("name", "required"),
                ("credit_code", "credit_code_character"),
                ("contact_phone", "phone_format"),
                ("contact_email", "email_format"),
            ]
        );
        assert!(errors[1].message.contains("GB 32100-2015"));
    }
}
