//! Annual plans (Art. 8). Answers are the DTOs of `cebase_domain::plans`.

use cebase_domain::dto::Page;
use cebase_domain::plans::{
    ExecutionSummaryDto, PlanComparisonDto, PlanDto, PlanItemDto, PlanItemRequest, PlanRequest,
    PlanScanDto, PlanTransitionDto, PlanTransitionRequest, PlanVersionSummaryDto,
    UpdatePlanItemRequest, UpdatePlanRequest,
};
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, download, json, no_content, send, upload};

/// `GET /plans`.
pub async fn list_plans() -> Result<Page<PlanDto>, ApiError> {
    let params = vec![("limit", "200".to_owned())];
    decode(send(Method::GET, "/plans", &params, None, true).await?).await
}

pub async fn get_plan(id: Uuid) -> Result<PlanDto, ApiError> {
    decode(send(Method::GET, &format!("/plans/{id}"), &[], None, true).await?).await
}

pub async fn create_plan(request: &PlanRequest) -> Result<PlanDto, ApiError> {
    decode(send(Method::POST, "/plans", &[], Some(json(request)?), true).await?).await
}

/// `PUT /plans/{id}`: title and narrative of a draft.
pub async fn update_plan(id: Uuid, request: &UpdatePlanRequest) -> Result<PlanDto, ApiError> {
    let path = format!("/plans/{id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn plan_items(id: Uuid) -> Result<Page<PlanItemDto>, ApiError> {
    decode(send(Method::GET, &format!("/plans/{id}/items"), &[], None, true).await?).await
}

pub async fn create_plan_item(
    id: Uuid,
    request: &PlanItemRequest,
) -> Result<PlanItemDto, ApiError> {
    let path = format!("/plans/{id}/items");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn update_plan_item(
    id: Uuid,
    item_id: Uuid,
    request: &UpdatePlanItemRequest,
) -> Result<PlanItemDto, ApiError> {
    let path = format!("/plans/{id}/items/{item_id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn delete_plan_item(id: Uuid, item_id: Uuid) -> Result<(), ApiError> {
    let path = format!("/plans/{id}/items/{item_id}");
    no_content(send(Method::DELETE, &path, &[], None, true).await?).await
}

pub async fn plan_transitions(id: Uuid) -> Result<Page<PlanTransitionDto>, ApiError> {
    decode(
        send(
            Method::GET,
            &format!("/plans/{id}/transitions"),
            &[],
            None,
            true,
        )
        .await?,
    )
    .await
}

pub async fn transition_plan(
    id: Uuid,
    request: &PlanTransitionRequest,
) -> Result<PlanDto, ApiError> {
    let path = format!("/plans/{id}/transitions");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

/// `POST /plans/{id}/scans`: the scan of a paper reply (PDF, JPEG or PNG).
pub async fn upload_plan_scan(id: Uuid, file: &web_sys::File) -> Result<PlanScanDto, ApiError> {
    upload(&format!("/plans/{id}/scans"), file).await
}

/// Saves the scan `scan_id` of the plan as a download.
pub async fn download_plan_scan(id: Uuid, scan_id: Uuid) -> Result<(), ApiError> {
    download(&format!("/plans/{id}/scans/{scan_id}"), "scan").await
}

/// Saves `plan.xlsx` (items and execution summary, Chinese headers) as a download.
pub async fn download_plan_xlsx(id: Uuid, year: i32) -> Result<(), ApiError> {
    download(
        &format!("/plans/{id}/plan.xlsx"),
        &format!("{year}年度培训计划.xlsx"),
    )
    .await
}

/// Saves `plan.pdf` (the plan and the execution summary as a formal document, Chinese) as a
/// download.
pub async fn download_plan_pdf(id: Uuid, year: i32) -> Result<(), ApiError> {
    download(
        &format!("/plans/{id}/plan.pdf"),
        &format!("{year}年度培训计划.pdf"),
    )
    .await
}

pub async fn plan_versions(id: Uuid) -> Result<Page<PlanVersionSummaryDto>, ApiError> {
    let path = format!("/plans/{id}/versions");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn compare_plan_versions(
    id: Uuid,
    from: i32,
    to: i32,
) -> Result<PlanComparisonDto, ApiError> {
    let path = format!("/plans/{id}/versions/compare");
    let params = vec![("from", from.to_string()), ("to", to.to_string())];
    decode(send(Method::GET, &path, &params, None, true).await?).await
}

pub async fn execution_summary(id: Uuid) -> Result<ExecutionSummaryDto, ApiError> {
    let path = format!("/plans/{id}/execution-summary");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}
