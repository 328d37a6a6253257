//! Training endpoints: classes and their lifecycle, the teaching schedule, enrolments (one, bulk,
//! withdraw), the attendance sheet and the caller's own enrolments (`/me/enrolments`). Bodies
//! and answers are the DTOs of `cebase_domain::training`.

use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    AttendanceGridDto, AttendanceRequest, BulkEnrolRequest, BulkEnrolmentResponse, ClassDto,
    ClassKind, ClassRequest, ClassTransitionRequest, EnrolRequest, EnrolmentDto, SessionDto,
    SessionRequest, UpdateClassRequest, UpdateSessionRequest,
};
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, json, no_content, push_opt, send};

/// Filters and position of one page of `GET /classes`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassQuery {
    /// Substring of the title.
    pub q: Option<String>,
    pub kind: Option<ClassKind>,
    pub status: Option<ClassStatus>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_classes(query: &ClassQuery) -> Result<Page<ClassDto>, ApiError> {
    let mut params = vec![("limit", query.limit.to_string())];
    push_opt(&mut params, "q", query.q.clone());
    push_opt(&mut params, "kind", query.kind.map(|k| k.to_string()));
    push_opt(&mut params, "status", query.status.map(|s| s.to_string()));
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/classes", &params, None, true).await?).await
}

pub async fn get_class(id: Uuid) -> Result<ClassDto, ApiError> {
    let path = format!("/classes/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn create_class(request: &ClassRequest) -> Result<ClassDto, ApiError> {
    decode(send(Method::POST, "/classes", &[], Some(json(request)?), true).await?).await
}

pub async fn update_class(id: Uuid, request: &UpdateClassRequest) -> Result<ClassDto, ApiError> {
    let path = format!("/classes/{id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// `POST /classes/{id}/transitions`: answers the class in its new state.
pub async fn transition_class(
    id: Uuid,
    request: &ClassTransitionRequest,
) -> Result<ClassDto, ApiError> {
    let path = format!("/classes/{id}/transitions");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

/// The whole schedule, in timetable order.
pub async fn list_sessions(class_id: Uuid) -> Result<Page<SessionDto>, ApiError> {
    let path = format!("/classes/{class_id}/sessions");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn create_session(
    class_id: Uuid,
    request: &SessionRequest,
) -> Result<SessionDto, ApiError> {
    let path = format!("/classes/{class_id}/sessions");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn update_session(
    class_id: Uuid,
    session_id: Uuid,
    request: &UpdateSessionRequest,
) -> Result<SessionDto, ApiError> {
    let path = format!("/classes/{class_id}/sessions/{session_id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn delete_session(class_id: Uuid, session_id: Uuid) -> Result<(), ApiError> {
    let path = format!("/classes/{class_id}/sessions/{session_id}");
    no_content(send(Method::DELETE, &path, &[], None, true).await?).await
}

pub async fn list_enrolments(class_id: Uuid) -> Result<Page<EnrolmentDto>, ApiError> {
    let path = format!("/classes/{class_id}/enrolments");
    let params = [("limit", "200".to_owned())];
    decode(send(Method::GET, &path, &params, None, true).await?).await
}

/// Every enrolment of a class, following `next_cursor` page by page (a class holds at most
/// 10 000 seats).
pub async fn list_all_enrolments(class_id: Uuid) -> Result<Page<EnrolmentDto>, ApiError> {
    let path = format!("/classes/{class_id}/enrolments");
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut params = vec![("limit", "200".to_owned())];
        push_opt(&mut params, "cursor", cursor.take());
        let page: Page<EnrolmentDto> =
            decode(send(Method::GET, &path, &params, None, true).await?).await?;
        items.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(Page {
        items,
        next_cursor: None,
    })
}

pub async fn enrol(class_id: Uuid, request: &EnrolRequest) -> Result<EnrolmentDto, ApiError> {
    let path = format!("/classes/{class_id}/enrolments");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

/// All or nothing: `422 bulk_rejected` names each refused person (`person_ids[i]`).
pub async fn enrol_bulk(
    class_id: Uuid,
    request: &BulkEnrolRequest,
) -> Result<BulkEnrolmentResponse, ApiError> {
    let path = format!("/classes/{class_id}/enrolments/bulk");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn withdraw(enrolment_id: Uuid) -> Result<EnrolmentDto, ApiError> {
    let path = format!("/enrolments/{enrolment_id}/withdraw");
    decode(send(Method::POST, &path, &[], None, true).await?).await
}

pub async fn get_attendance(class_id: Uuid) -> Result<AttendanceGridDto, ApiError> {
    let path = format!("/classes/{class_id}/attendance");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// Sets the marks, all or nothing; answers the updated sheet.
pub async fn put_attendance(
    class_id: Uuid,
    request: &AttendanceRequest,
) -> Result<AttendanceGridDto, ApiError> {
    let path = format!("/classes/{class_id}/attendance");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// The caller's own enrolments ("my classes").
pub async fn my_enrolments() -> Result<Page<EnrolmentDto>, ApiError> {
    let params = [("limit", "100".to_owned())];
    decode(send(Method::GET, "/me/enrolments", &params, None, true).await?).await
}
