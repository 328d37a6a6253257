//! Master-data endpoints: organisations, partner agreements, people, teachers and courses.
//!
//! Lists take a query struct (filters, `cursor`, `limit`) and answer one keyset page; changes
//! send the `version` the client read (`PUT`), so a stale edit comes back as 409
//! `version_conflict`. Bodies and answers are the DTOs of `cebase_domain::master`.

use cebase_domain::dto::Page;
use cebase_domain::learning::CourseCategory;
use cebase_domain::master::{
    CourseDto, CourseRequest, DecideRegistrationRequest, OrganisationDto, OrganisationKind,
    OrganisationRequest, PartnerDto, PartnerRequest, PersonDto, PersonRegistrationDto,
    PersonRequest, RegistrationStatus, TeacherDto, TeacherRequest, UpdateCourseRequest,
    UpdateOrganisationRequest, UpdatePersonRequest, UpdateTeacherRequest,
};
use cebase_domain::teacher::Employment;
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, json, push_opt, send};

/// Filters and position of one page of `GET /organisations`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrganisationQuery {
    /// Substring of the name.
    pub q: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_organisations(
    query: &OrganisationQuery,
) -> Result<Page<OrganisationDto>, ApiError> {
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(&mut params, "q", query.q.clone());
    push_opt(&mut params, "kind", query.kind.map(|k| k.to_string()));
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/organisations", &params, None, true).await?).await
}

pub async fn get_organisation(id: Uuid) -> Result<OrganisationDto, ApiError> {
    let path = format!("/organisations/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn create_organisation(
    request: &OrganisationRequest,
) -> Result<OrganisationDto, ApiError> {
    decode(
        send(
            Method::POST,
            "/organisations",
            &[],
            Some(json(request)?),
            true,
        )
        .await?,
    )
    .await
}

pub async fn update_organisation(
    id: Uuid,
    request: &UpdateOrganisationRequest,
) -> Result<OrganisationDto, ApiError> {
    let path = format!("/organisations/{id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// The partner agreements of one organisation (one page of `GET /partners`).
pub async fn list_partners(
    organisation_id: Uuid,
    cursor: Option<String>,
    limit: u32,
) -> Result<Page<PartnerDto>, ApiError> {
    let mut params = vec![
        ("limit", limit.to_string()),
        ("organisation_id", organisation_id.to_string()),
    ];
    push_opt(&mut params, "cursor", cursor);
    decode(send(Method::GET, "/partners", &params, None, true).await?).await
}

pub async fn create_partner(request: &PartnerRequest) -> Result<PartnerDto, ApiError> {
    decode(send(Method::POST, "/partners", &[], Some(json(request)?), true).await?).await
}

/// Filters and position of one page of `GET /people`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleQuery {
    /// Substring of the name.
    pub q: Option<String>,
    /// Exact document number (admin and staff only).
    pub id_number: Option<String>,
    /// Employer.
    pub organisation_id: Option<Uuid>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_people(query: &PeopleQuery) -> Result<Page<PersonDto>, ApiError> {
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(&mut params, "q", query.q.clone());
    push_opt(&mut params, "id_number", query.id_number.clone());
    push_opt(
        &mut params,
        "organisation_id",
        query.organisation_id.map(|id| id.to_string()),
    );
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/people", &params, None, true).await?).await
}

/// One person; staff and admin get the document number in full.
pub async fn get_person(id: Uuid) -> Result<PersonDto, ApiError> {
    let path = format!("/people/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// What `POST /people` did: staff and admin put the person on file (201); an organisation
/// contact's request became a registration that staff decide (202).
#[derive(Debug, Clone, PartialEq)]
pub enum Registered {
    Person(PersonDto),
    Registration(PersonRegistrationDto),
}

pub async fn create_person(request: &PersonRequest) -> Result<Registered, ApiError> {
    let response = send(Method::POST, "/people", &[], Some(json(request)?), true).await?;
    if response.status() == 202 {
        decode(response).await.map(Registered::Registration)
    } else {
        decode(response).await.map(Registered::Person)
    }
}

/// Filters and position of one page of `GET /person-registrations`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistrationQuery {
    pub status: Option<RegistrationStatus>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_person_registrations(
    query: &RegistrationQuery,
) -> Result<Page<PersonRegistrationDto>, ApiError> {
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(&mut params, "status", query.status.map(|s| s.to_string()));
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/person-registrations", &params, None, true).await?).await
}

pub async fn decide_person_registration(
    id: Uuid,
    request: &DecideRegistrationRequest,
) -> Result<PersonRegistrationDto, ApiError> {
    let path = format!("/person-registrations/{id}/decision");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn update_person(id: Uuid, request: &UpdatePersonRequest) -> Result<PersonDto, ApiError> {
    let path = format!("/people/{id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// Filters and position of one page of `GET /teachers`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TeacherQuery {
    pub employment: Option<Employment>,
    /// Only qualified (`true`) or unqualified (`false`) teachers.
    pub qualified: Option<bool>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_teachers(query: &TeacherQuery) -> Result<Page<TeacherDto>, ApiError> {
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(
        &mut params,
        "employment",
        query.employment.map(|e| e.to_string()),
    );
    push_opt(
        &mut params,
        "qualified",
        query.qualified.map(|q| q.to_string()),
    );
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/teachers", &params, None, true).await?).await
}

pub async fn get_teacher(id: Uuid) -> Result<TeacherDto, ApiError> {
    let path = format!("/teachers/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn create_teacher(request: &TeacherRequest) -> Result<TeacherDto, ApiError> {
    decode(send(Method::POST, "/teachers", &[], Some(json(request)?), true).await?).await
}

pub async fn update_teacher(
    id: Uuid,
    request: &UpdateTeacherRequest,
) -> Result<TeacherDto, ApiError> {
    let path = format!("/teachers/{id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// `POST /teachers/{id}/verify-evidence`: staff verified the attestation's evidence.
pub async fn verify_teacher_evidence(id: Uuid) -> Result<TeacherDto, ApiError> {
    let path = format!("/teachers/{id}/verify-evidence");
    decode(send(Method::POST, &path, &[], None, true).await?).await
}

/// Filters and position of one page of `GET /courses`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CourseQuery {
    /// Substring of the title.
    pub q: Option<String>,
    pub category: Option<CourseCategory>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_courses(query: &CourseQuery) -> Result<Page<CourseDto>, ApiError> {
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(&mut params, "q", query.q.clone());
    push_opt(
        &mut params,
        "category",
        query.category.map(|c| c.to_string()),
    );
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/courses", &params, None, true).await?).await
}

pub async fn get_course(id: Uuid) -> Result<CourseDto, ApiError> {
    let path = format!("/courses/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn create_course(request: &CourseRequest) -> Result<CourseDto, ApiError> {
    decode(send(Method::POST, "/courses", &[], Some(json(request)?), true).await?).await
}

pub async fn update_course(id: Uuid, request: &UpdateCourseRequest) -> Result<CourseDto, ApiError> {
    let path = format!("/courses/{id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}
