//! Request-scoped plumbing: request ids, the access log, and the context errors read.

use std::cell::RefCell;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

use crate::error::{REQUEST_CONTEXT, RequestContext};

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the current request, as an extension for handlers (`ReqData<RequestId>`).
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Accepts a caller's `x-request-id` when it is short and plain, otherwise makes one; exposes it
/// to handlers and errors, echoes it in the response, and writes one access-log line.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.path().to_owned();
    let context = RefCell::new(RequestContext {
        request_id: id.clone(),
        path: path.clone(),
    });
    let result = REQUEST_CONTEXT.scope(context, next.call(req)).await;
    let mut res = result?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), value);
    }
    let status = res.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(request_id = %id, %method, %path, status, elapsed_ms, "request failed");
    } else {
        tracing::info!(request_id = %id, %method, %path, status, elapsed_ms, "request");
    }
    Ok(res)
}
