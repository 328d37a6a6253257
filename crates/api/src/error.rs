//! The API's one error type and its RFC 9457 rendering.
//!
//! Every failure leaves the server as `application/problem+json` with a stable machine `code`
//! (the contract; see the table in `docs/api.md`). Internal errors are logged with their cause
//! chain and request id, and answered with an opaque 500.

use std::cell::RefCell;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpResponse, ResponseError};
use cebase_domain::{FieldError, Problem, ProblemCode};
use cebase_store::StoreError;

pub const PROBLEM_JSON: &str = "application/problem+json";

tokio::task_local! {
    /// Request id and path of the request being served, so errors built far from the request
    /// (extractors, `ResponseError`) can carry them.
    pub static REQUEST_CONTEXT: RefCell<RequestContext>;
}

#[derive(Clone, Debug, Default)]
pub struct RequestContext {
    pub request_id: String,
    pub path: String,
}

pub fn current_request_id() -> Option<String> {
    REQUEST_CONTEXT
        .try_with(|c| c.borrow().request_id.clone())
        .ok()
}

fn current_path() -> Option<String> {
    REQUEST_CONTEXT.try_with(|c| c.borrow().path.clone()).ok()
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 422 `validation_failed`: the body parsed but broke rules; each failure names its field.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// A problem with its own code (the status is the code's): a malformed request, a refusal, a
    /// conflict with the current state.
    #[error("{detail}")]
    Problem { code: ProblemCode, detail: String },
    /// 422 with its own code: the request is well-formed but a domain rule refuses it (e.g.
    /// `teacher_not_qualified`); `errors` names each unmet rule.
    #[error("{detail}")]
    RuleViolated {
        code: ProblemCode,
        detail: String,
        errors: Vec<FieldError>,
    },
    /// 401: no valid credentials on the request.
    #[error("authentication required")]
    Unauthenticated,
    /// 401: login refused — the same answer for unknown users, wrong passwords and disabled
    /// accounts, so the answer does not reveal which accounts exist.
    #[error("invalid username or password")]
    InvalidCredentials,
    /// 401: refresh token unknown, expired, revoked or reused.
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    #[error("not found")]
    NotFound,
    /// 413.
    #[error("request body too large")]
    PayloadTooLarge,
    /// 429 with `Retry-After`.
    #[error("too many attempts")]
    TooManyAttempts { retry_after_secs: u64 },
    /// 503: a dependency (the database) is unavailable.
    #[error("service unavailable")]
    Unavailable,
    /// 500: logged in full, answered opaquely.
    #[error("internal error")]
    Internal(#[source] anyhow::Error),
}

impl ApiError {
    pub fn forbidden() -> Self {
        ApiError::Problem {
            code: ProblemCode::Forbidden,
            detail: "your role does not allow this action".into(),
        }
    }

    pub fn validation(field: FieldError) -> Self {
        ApiError::Validation(vec![field])
    }

    pub fn code(&self) -> ProblemCode {
        match self {
            ApiError::Validation(_) => ProblemCode::ValidationFailed,
            ApiError::Problem { code, .. } | ApiError::RuleViolated { code, .. } => *code,
            ApiError::Unauthenticated => ProblemCode::Unauthenticated,
            ApiError::InvalidCredentials => ProblemCode::InvalidCredentials,
            ApiError::InvalidRefreshToken => ProblemCode::InvalidRefreshToken,
            ApiError::NotFound => ProblemCode::NotFound,
            ApiError::PayloadTooLarge => ProblemCode::PayloadTooLarge,
            ApiError::TooManyAttempts { .. } => ProblemCode::TooManyAttempts,
            ApiError::Unavailable => ProblemCode::ServiceUnavailable,
            ApiError::Internal(_) => ProblemCode::InternalError,
        }
    }

    fn detail(&self) -> String {
        match self {
            ApiError::Validation(errors) => format!(
                "{} field(s) failed validation: {}",
                errors.len(),
                errors
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            ApiError::TooManyAttempts { retry_after_secs } => {
                format!("too many failed attempts; retry after {retry_after_secs} s")
            }
            ApiError::Internal(_) => {
                "the server failed to handle the request; quote the request id when reporting it"
                    .into()
            }
            ApiError::Unauthenticated => {
                "a valid access token is required (Authorization: Bearer …)".into()
            }
            ApiError::NotFound => "no such resource".into(),
            other => other.to_string(),
        }
    }

    pub fn to_problem(&self) -> Problem {
        let code = self.code();
        Problem {
            problem_type: code.type_uri(),
            title: code.title().to_owned(),
            status: code.status(),
            detail: Some(self.detail()),
            code: code.as_str().to_owned(),
            instance: current_path(),
            request_id: current_request_id(),
            errors: match self {
                ApiError::Validation(errors) | ApiError::RuleViolated { errors, .. } => {
                    errors.clone()
                }
                _ => Vec::new(),
            },
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(
                request_id = current_request_id().unwrap_or_default(),
                error = format!("{cause:#}"),
                "internal error"
            );
        }
        let mut response = problem_response(&self.to_problem());
        if let ApiError::Unauthenticated = self {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let ApiError::TooManyAttempts { retry_after_secs } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response
    }
}

pub fn problem_response(problem: &Problem) -> HttpResponse {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_string(problem).unwrap_or_else(|_| "{}".into());
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, PROBLEM_JSON))
        .body(body)
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Conflict(code) => ApiError::Problem {
                code,
                detail: match code {
                    ProblemCode::UsernameTaken => "this username is already taken".into(),
                    ProblemCode::CreditCodeTaken => {
                        "an organisation with this unified social credit code already exists".into()
                    }
                    ProblemCode::PersonDuplicate => {
                        "a person with this identity document already exists".into()
                    }
                    ProblemCode::UserAlreadyLinked => {
                        "this login account already belongs to another person".into()
                    }
                    ProblemCode::TeacherExists => "this person already has a teacher record".into(),
                    ProblemCode::ClassFull => "the class is full: every seat is taken".into(),
                    ProblemCode::AlreadyEnrolled => {
                        "the person is already enrolled in this class".into()
                    }
                    ProblemCode::AlreadyWithdrawn => "the enrolment was already withdrawn".into(),
                    other => other.as_str().replace('_', " "),
                },
            },
            StoreError::VersionConflict => ApiError::Problem {
                code: ProblemCode::VersionConflict,
                detail:
                    "the record was changed by someone else since you loaded it; reload and retry"
                        .into(),
            },
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

/// Safety net: any error response that is not already a problem document (from actix itself or
/// a library) is rewritten into one with a code derived from its status.
pub fn ensure_problem<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON));
    if is_problem || !(res.status().is_client_error() || res.status().is_server_error()) {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::NotFound,
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
        StatusCode::UNAUTHORIZED => ApiError::Unauthenticated,
        StatusCode::FORBIDDEN => ApiError::forbidden(),
        s if s.is_server_error() => ApiError::Internal(anyhow::anyhow!("unhandled {s} response")),
        s => ApiError::Problem {
            code: ProblemCode::BadRequest,
            detail: s.canonical_reason().unwrap_or("bad request").to_lowercase(),
        },
    };
    let mut problem = error.to_problem();
    problem.status = status.as_u16();
    let (req, old) = res.into_parts();
    let mut new = problem_response(&problem);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.headers_mut().insert(name.clone(), value.clone());
        }
    }
    let new: HttpResponse<BoxBody> = new;
    Ok(ErrorHandlerResponse::Response(
        ServiceResponse::new(req, new).map_into_right_body::<B>(),
    ))
}
