//! Certificates (Art. 9): the eligibility preview and batch issuance of a class, the certificate
//! list, revocation and re-issuance, the caller's own certificates and public verification (no
//! login). Answers are the DTOs of `cebase_domain::certificate`.

use cebase_domain::certificate::{
    CertificateBatchDto, CertificateDto, CertificateStatus, EligibilityDto, PublicCertificateDto,
    RevokeRequest,
};
use cebase_domain::dto::Page;
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, json, push_opt, send};

/// `GET /classes/{id}/certificates/eligibility`.
pub async fn certificate_eligibility(class_id: Uuid) -> Result<EligibilityDto, ApiError> {
    let path = format!("/classes/{class_id}/certificates/eligibility");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// `POST /classes/{id}/certificates`: starts the batch (answered 202 with it).
pub async fn issue_class_certificates(class_id: Uuid) -> Result<CertificateBatchDto, ApiError> {
    let path = format!("/classes/{class_id}/certificates");
    decode(send(Method::POST, &path, &[], Some("{}".to_owned()), true).await?).await
}

/// `GET /certificate-batches/{id}`.
pub async fn certificate_batch(id: Uuid) -> Result<CertificateBatchDto, ApiError> {
    let path = format!("/certificate-batches/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// Filters and position of one page of `GET /certificates`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CertificateQuery {
    /// Part of the number or of the holder's name.
    pub q: Option<String>,
    pub status: Option<CertificateStatus>,
    pub year: Option<i32>,
    pub class_id: Option<Uuid>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_certificates(query: &CertificateQuery) -> Result<Page<CertificateDto>, ApiError> {
    let mut params = vec![("limit", query.limit.max(1).to_string())];
    push_opt(&mut params, "q", query.q.clone());
    push_opt(&mut params, "status", query.status.map(|s| s.to_string()));
    push_opt(&mut params, "year", query.year.map(|y| y.to_string()));
    push_opt(
        &mut params,
        "class_id",
        query.class_id.map(|c| c.to_string()),
    );
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/certificates", &params, None, true).await?).await
}

/// `GET /me/certificates` (the first 200).
pub async fn my_certificates() -> Result<Page<CertificateDto>, ApiError> {
    let params = vec![("limit", "200".to_owned())];
    decode(send(Method::GET, "/me/certificates", &params, None, true).await?).await
}

/// `POST /certificates/{id}/revoke`.
pub async fn revoke_certificate(id: Uuid, reason: String) -> Result<CertificateDto, ApiError> {
    let path = format!("/certificates/{id}/revoke");
    let body = json(&RevokeRequest { reason })?;
    decode(send(Method::POST, &path, &[], Some(body), true).await?).await
}

/// `POST /certificates/{id}/reissue`: answers the new certificate.
pub async fn reissue_certificate(id: Uuid) -> Result<CertificateDto, ApiError> {
    let path = format!("/certificates/{id}/reissue");
    decode(send(Method::POST, &path, &[], Some("{}".to_owned()), true).await?).await
}

/// `GET /public/certificates/{number}?code=…`, without a session.
pub async fn verify_certificate(
    number: &str,
    code: &str,
) -> Result<PublicCertificateDto, ApiError> {
    let number: String = number
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let path = format!("/public/certificates/{number}");
    let params = vec![("code", code.trim().to_owned())];
    decode(send(Method::GET, &path, &params, None, false).await?).await
}

/// `GET /certificates/{id}/certificate.pdf`, saved as `{number}.pdf`.
pub async fn download_certificate_pdf(id: Uuid, number: &str) -> Result<(), ApiError> {
    let path = format!("/certificates/{id}/certificate.pdf");
    super::download(&path, &format!("{number}.pdf")).await
}

/// `GET /certificates/{id}/credential` (the signed Open Badges 3.0 VC-JWT), saved as
/// `{number}.jwt`.
pub async fn download_certificate_credential(id: Uuid, number: &str) -> Result<(), ApiError> {
    let path = format!("/certificates/{id}/credential");
    super::download(&path, &format!("{number}.jwt")).await
}

/// `GET /classes/{id}/certificates.zip`: the class's valid certificates as PDFs in one zip.
pub async fn download_class_certificates(class_id: Uuid) -> Result<(), ApiError> {
    let path = format!("/classes/{class_id}/certificates.zip");
    super::download(&path, "certificates.zip").await
}
