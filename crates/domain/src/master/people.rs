//! People (专业技术人员): trainees, teachers and organisation contacts, identified by an identity
//! document (GB 11643-1999 for resident ID numbers). A person may be linked to one login account.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Email, IdVisibility, Phone, Record, opt_string, string};
use crate::FieldError;
use crate::identity::{IdDocument, IdDocumentKind};
use crate::teacher::{Degree, TitleLevel};
use crate::validation::{Checks, Text, optional};

/// The validated content of a person.
#[derive(Debug, Clone, PartialEq)]
pub struct PersonData {
    pub name: Text,
    /// Unique per kind and number.
    pub document: IdDocument,
    /// The employer (must exist; checked by the server).
    pub employer_id: Option<Uuid>,
    /// Professional title as awarded, e.g. 高级工程师.
    pub title: Option<Text>,
    pub title_level: TitleLevel,
    /// Professional field (专业领域).
    pub field: Option<Text>,
    pub degree: Degree,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    /// The login account of this person (trainee, teacher or organisation contact); an account
    /// belongs to at most one person.
    pub user_id: Option<Uuid>,
}

pub type Person = Record<PersonData>;

/// Body of `POST /people` (and, with `version`, of `PUT /people/{id}`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonRequest {
    /// 1–100 characters.
    #[cfg_attr(feature = "openapi", schema(example = "张伟"))]
    pub name: String,
    pub id_kind: IdDocumentKind,
    /// For `resident_id`: 18 characters, digits 7–14 a real birth date, the last the
    /// GB 11643-1999 check character (`x` is accepted as `X`). Other documents: 3–32 letters,
    /// digits or `-`.
    #[cfg_attr(feature = "openapi", schema(example = "11010519491231002X"))]
    pub id_number: String,
    #[serde(default)]
    pub employer_id: Option<Uuid>,
    /// Professional title as awarded (职称), e.g. 高级工程师.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "高级工程师"))]
    pub title: Option<String>,
    pub title_level: TitleLevel,
    /// Professional field (专业领域).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "软件工程"))]
    pub field: Option<String>,
    pub degree: Degree,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "13800138000"))]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Link to a login account; one account belongs to at most one person.
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// Body of `PUT /people/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdatePersonRequest {
    #[serde(flatten)]
    pub person: PersonRequest,
    /// The `version` the change is based on; a stale version is refused with 409.
    pub version: i32,
}

/// A person as the API shows it. `id_number` is masked (`110105********002X`) in every list and
/// for every role but staff and admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDto {
    pub id: Uuid,
    pub name: String,
    pub id_kind: IdDocumentKind,
    #[cfg_attr(feature = "openapi", schema(example = "110105********002X"))]
    pub id_number: String,
    /// Whether `id_number` is masked in this answer.
    pub id_number_masked: bool,
    pub employer_id: Option<Uuid>,
    pub title: Option<String>,
    pub title_level: TitleLevel,
    pub field: Option<String>,
    pub degree: Degree,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub user_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl TryFrom<PersonRequest> for PersonData {
    type Error = Vec<FieldError>;

    fn try_from(r: PersonRequest) -> Result<Self, Self::Error> {
        let mut c = Checks::default();
        let name = c.check(Text::line(&r.name, "name", 100));
        let document = c.check(IdDocument::parse(r.id_kind, &r.id_number, "id_number"));
        let title = c.check(optional(r.title.as_deref(), |v| {
            Text::line(v, "title", 100)
        }));
        let field = c.check(optional(r.field.as_deref(), |v| {
            Text::line(v, "field", 100)
        }));
        let phone = c.check(optional(r.phone.as_deref(), |v| Phone::parse(v, "phone")));
        let email = c.check(optional(r.email.as_deref(), |v| Email::parse(v, "email")));
        let (Some(name), Some(document), Some(title), Some(field), Some(phone), Some(email)) =
            (name, document, title, field, phone, email)
        else {
            return Err(c.into_errors());
        };
        c.finish()?;
        Ok(Self {
            name,
            document,
            employer_id: r.employer_id,
            title,
            title_level: r.title_level,
            field,
            degree: r.degree,
            phone,
            email,
            user_id: r.user_id,
        })
    }
}

impl Person {
    /// The person as `visibility` allows: the document number in full or masked.
    pub fn to_dto(&self, visibility: IdVisibility) -> PersonDto {
        let d = &self.data;
        let (id_number, id_number_masked) = match visibility {
            IdVisibility::Full => (d.document.number().to_owned(), false),
            IdVisibility::Masked => (d.document.masked(), true),
        };
        PersonDto {
            id: self.id,
            name: string(&d.name),
            id_kind: d.document.kind(),
            id_number,
            id_number_masked,
            employer_id: d.employer_id,
            title: opt_string(&d.title),
            title_level: d.title_level,
            field: opt_string(&d.field),
            degree: d.degree,
            phone: opt_string(&d.phone),
            email: opt_string(&d.email),
            user_id: d.user_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// The state recorded in the audit trail's before/after. The document number is recorded
    /// **masked**: the trail is permanent and cannot be edited, so it must not become a second,
    /// undeletable copy of sensitive personal information.
    pub fn audit_snapshot(&self) -> serde_json::Value {
        serde_json::to_value(self.to_dto(IdVisibility::Masked)).unwrap_or_default()
    }
}

crate::audited!(Person, "person");

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> PersonRequest {
        PersonRequest {
            name: "张伟".into(),
            id_kind: IdDocumentKind::ResidentId,
            id_number: "11010519491231002x".into(),
            employer_id: None,
            title: Some("高级工程师".into()),
            title_level: TitleLevel::AssociateSenior,
            field: None,
            degree: Degree::Master,
            phone: Some("13800138000".into()),
            email: None,
            user_id: None,
        }
    }

    fn person() -> Person {
        Record {
            id: Uuid::nil(),
            data: PersonData::try_from(request()).expect("valid"),
            created_at: DateTime::UNIX_EPOCH,
            updated_at: DateTime::UNIX_EPOCH,
            version: 1,
        }
    }

    #[test]
    fn id_numbers_are_masked_unless_full_visibility() {
        let p = person();
        let full = p.to_dto(IdVisibility::Full);
        assert_eq!(
            (full.id_number.as_str(), full.id_number_masked),
            ("11010519491231002X", false)
        );
        let masked = p.to_dto(IdVisibility::Masked);
        assert_eq!(
            (masked.id_number.as_str(), masked.id_number_masked),
            ("110105********002X", true)
        );
        let audit = p.audit_snapshot().to_string();
        assert!(
            !audit.contains("19491231"),
            "the trail never holds the full number"
        );
    }

    #[test]
    fn every_failing_field_is_named_and_cites_the_standard() {
        let errors = PersonData::try_from(PersonRequest {
            name: "".into(),
            id_number: "110105194912310021".into(),
            phone: Some("x".into()),
            email: Some("x".into()),
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
                ("id_number", "id_number_check"),
                ("phone", "phone_format"),
                ("email", "email_format"),
            ]
        );
        assert!(errors[1].message.contains("GB 11643-1999"));
        let birth = PersonData::try_from(PersonRequest {
            id_number: "44030519900230590X".into(),
            ..request()
        })
        .expect_err("30 February");
        assert_eq!(birth[0].code, "id_number_birth_date");
    }

    #[test]
    fn other_documents_skip_the_resident_id_check() {
        let data = PersonData::try_from(PersonRequest {
            id_kind: IdDocumentKind::Passport,
            id_number: "e12345678".into(),
            ..request()
        })
        .expect("a passport number");
        assert_eq!(data.document.number(), "E12345678");
    }
}
