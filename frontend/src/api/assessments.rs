//! Assessments of a class, their results (the sheet, batches of entries and corrections, the
//! history of one result) and the completion review of a class. Bodies and answers are the DTOs
//! of `cebase_domain::training`.

use cebase_domain::dto::Page;
use cebase_domain::training::{
    AssessmentDto, AssessmentRequest, CompletionDto, ResultHistoryDto, ResultsDto, ResultsRequest,
};
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, json, send};

/// The assessments of a class, whole, in creation order.
pub async fn list_assessments(class_id: Uuid) -> Result<Page<AssessmentDto>, ApiError> {
    let path = format!("/classes/{class_id}/assessments");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn create_assessment(
    class_id: Uuid,
    request: &AssessmentRequest,
) -> Result<AssessmentDto, ApiError> {
    let path = format!("/classes/{class_id}/assessments");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

/// The results sheet: one row per active enrolment the caller may see.
pub async fn get_results(assessment_id: Uuid) -> Result<ResultsDto, ApiError> {
    let path = format!("/assessments/{assessment_id}/results");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// Enters or corrects results, all or nothing; answers the updated sheet. An entry whose
/// `version` is stale is refused with `409 version_conflict`.
pub async fn put_results(
    assessment_id: Uuid,
    request: &ResultsRequest,
) -> Result<ResultsDto, ApiError> {
    let path = format!("/assessments/{assessment_id}/results");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// One result and every correction of it, oldest first.
pub async fn result_history(
    assessment_id: Uuid,
    enrolment_id: Uuid,
) -> Result<ResultHistoryDto, ApiError> {
    let path = format!("/assessments/{assessment_id}/results/{enrolment_id}/history");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// The completion review: a preview before the class is completed, the stored outcomes after.
pub async fn get_completion(class_id: Uuid) -> Result<CompletionDto, ApiError> {
    let path = format!("/classes/{class_id}/completion");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}
