//! Annual plans (Art. 8). Answers are the DTOs of `cebase_domain::plans`.

use cebase_domain::dto::Page;
use cebase_domain::plans::{
    PlanDto, PlanItemDto, PlanItemRequest, PlanRequest, PlanTransitionDto, PlanTransitionRequest,
};
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, json, send};

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
