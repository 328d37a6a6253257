//! Liveness and readiness probes (no authentication).

use actix_web::{HttpResponse, get, web};
use cebase_domain::Problem;
use cebase_domain::dto::HealthDto;

use crate::error::ApiError;
use crate::state::AppState;

/// The process is alive.
#[utoipa::path(tag = "health", responses((status = 200, body = HealthDto)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(HealthDto {
        status: "ok".into(),
    })
}

/// The database answers; load balancers route traffic only to ready instances.
#[utoipa::path(tag = "health", responses(
    (status = 200, body = HealthDto),
    (status = 503, description = "database unreachable", body = Problem, content_type = "application/problem+json"),
))]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match cebase_store::ping(&state.db).await {
        Ok(()) => Ok(HttpResponse::Ok().json(HealthDto {
            status: "ok".into(),
        })),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            Err(ApiError::Unavailable)
        }
    }
}
