//! `GET /metrics` in the Prometheus text format, for operators (`docs/operations.md`,
//! "Monitoring"): requests and their latency per route pattern and status, the database pool,
//! background jobs, failed logins and the length of the audit chain.
//!
//! Off unless `CEBASE_METRICS_TOKEN` is set; then a scrape must send it as a bearer token. Each
//! server has its own recorder (not the process-global one), so two servers in one process —
//! as in the tests — never mix their figures.

use std::sync::{Arc, Weak};
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, get, http::header, web};
use cebase_domain::Problem;
use metrics::{Recorder, with_local_recorder};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusRecorder};

use crate::error::ApiError;
use crate::state::AppState;

/// Latency buckets in seconds: from a cached read to a slow report.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// This server's recorder; `None` when metrics are off.
#[derive(Clone, Default)]
pub struct Metrics(Option<Arc<PrometheusRecorder>>);

impl Metrics {
    /// A recorder when `enabled` (its upkeep is [`spawn_upkeep`]).
    pub fn new(enabled: bool) -> Self {
        if !enabled {
            return Self(None);
        }
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("duration_seconds".into()), LATENCY_BUCKETS)
            .expect("the latency buckets are not empty")
            .build_recorder();
        Self(Some(Arc::new(recorder)))
    }

    /// Records with this server's recorder (nothing when metrics are off).
    pub fn record(&self, record: impl FnOnce()) {
        if let Some(recorder) = &self.0 {
            with_local_recorder(recorder.as_ref() as &dyn Recorder, record);
        }
    }

    /// One failed login (wrong password, unknown or disabled account, or refused by the throttle).
    pub fn login_failed(&self, reason: &'static str) {
        self.record(|| {
            metrics::counter!("cebase_login_failures_total", "reason" => reason).increment(1)
        });
    }
}

/// Histogram maintenance of the recorder every five seconds, while the state lives.
pub fn spawn_upkeep(state: Weak<AppState>) {
    if state.upgrade().is_none_or(|s| s.metrics.0.is_none()) {
        return;
    }
    crate::housekeeping::every(state, Duration::from_secs(5), |state| async move {
        if let Some(recorder) = &state.metrics.0 {
            recorder.handle().run_upkeep();
        }
    });
}

/// Middleware: counts every request and its latency by method, route pattern and status.
pub async fn track(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|state| state.metrics.clone())
        .unwrap_or_default();
    if metrics.0.is_none() {
        return next.call(req).await;
    }
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let res = next.call(req).await?;
    let status = res.status().as_u16().to_string();
    let elapsed = started.elapsed().as_secs_f64();
    metrics.record(|| {
        metrics::counter!("cebase_http_requests_total",
            "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
        metrics::histogram!("cebase_http_request_duration_seconds",
            "method" => method, "route" => route)
        .record(elapsed);
    });
    Ok(res)
}

/// Prometheus scrape: the figures in the text exposition format. Off (404) unless
/// `CEBASE_METRICS_TOKEN` is set; the scrape sends that token as a bearer token.
#[utoipa::path(tag = "health", security(("metrics" = [])), responses(
    (status = 200, description = "the figures in the Prometheus text format (version 0.0.4)", body = String, content_type = "text/plain"),
    (status = 401, description = "unauthenticated: the metrics token is missing or wrong", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: metrics are off (CEBASE_METRICS_TOKEN unset)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/metrics")]
pub async fn scrape(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let (Some(expected), Some(recorder)) = (&state.settings.metrics_token, &state.metrics.0) else {
        return Err(ApiError::NotFound);
    };
    let sent = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !cebase_domain::certificate::constant_time_eq(sent.as_bytes(), expected.as_bytes()) {
        return Err(ApiError::Unauthenticated);
    }
    let jobs = cebase_store::operations::job_counts(&state.db).await?;
    let audit_entries = cebase_store::audit::head_seq(&state.db).await?;
    let (pool_size, pool_idle) = cebase_store::operations::pool_connections(&state.db);
    state.metrics.record(|| {
        metrics::gauge!("cebase_db_pool_connections", "state" => "open").set(pool_size as f64);
        metrics::gauge!("cebase_db_pool_connections", "state" => "idle").set(pool_idle as f64);
        for (kind, state, n) in [
            ("import", "queued", jobs.imports_queued),
            ("import", "running", jobs.imports_running),
            ("certificate_batch", "running", jobs.batches_running),
        ] {
            metrics::gauge!("cebase_jobs", "kind" => kind, "state" => state).set(n as f64);
        }
        metrics::gauge!("cebase_audit_entries").set(audit_entries as f64);
    });
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(recorder.handle().render()))
}
