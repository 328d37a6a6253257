//! Learning records (学习档案, Art. 6) and annual compliance (MOHRSS Decree No. 25) of a person.
//! Answers are the DTOs of `cebase_domain::training`.

use cebase_domain::dto::Page;
use cebase_domain::training::{ComplianceDto, LearningRecordDto, RecordCorrectionRequest};
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, json, send};

/// `GET /people/{id}/learning-records`: the current versions, in the order written.
pub async fn learning_records(person_id: Uuid) -> Result<Page<LearningRecordDto>, ApiError> {
    let path = format!("/people/{person_id}/learning-records");
    let params = vec![("limit", "200".to_owned())];
    decode(send(Method::GET, &path, &params, None, true).await?).await
}

/// `GET /people/{id}/compliance?year=Y`.
pub async fn compliance(person_id: Uuid, year: i32) -> Result<ComplianceDto, ApiError> {
    let path = format!("/people/{person_id}/compliance");
    let params = vec![("year", year.to_string())];
    decode(send(Method::GET, &path, &params, None, true).await?).await
}

/// `GET /learning-records/{id}`: the current version.
pub async fn learning_record(record_id: Uuid) -> Result<LearningRecordDto, ApiError> {
    let path = format!("/learning-records/{record_id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// `GET /learning-records/{id}/versions`: every version, oldest first, with who, when and why.
pub async fn learning_record_versions(
    record_id: Uuid,
) -> Result<Page<LearningRecordDto>, ApiError> {
    let path = format!("/learning-records/{record_id}/versions");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// `POST /learning-records/{id}/corrections` (staff, admin): writes version n + 1;
/// `409 version_conflict` when `request.version` is no longer the current one.
pub async fn correct_learning_record(
    record_id: Uuid,
    request: &RecordCorrectionRequest,
) -> Result<LearningRecordDto, ApiError> {
    let path = format!("/learning-records/{record_id}/corrections");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}
