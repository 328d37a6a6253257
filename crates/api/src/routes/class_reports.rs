//! Class summary reports (班级总结报告, Art. 18): `/class-reports` (every completed or reported
//! class with its report and due date; `overdue=true` for the overdue ones; `POST` starts a
//! report), `/class-reports/{id}` (show, edit the draft's narrative) and
//! `/class-reports/{id}/transitions` (submit — freezing the figures —, file, return, revise; and
//! the history) and `/class-reports/{id}/report.pdf` (the report as a formal document).
//!
//! Readers: admin, staff and reviewers (others 403) — a reviewer reads only the reports submitted
//! to their authority (404 for the others). The handlers extract, call `app::class_reports` and
//! respond. Staff and admin write and may record the
//! provincial HR department's paper reply; a reviewer scoped to the provincial HR department
//! files or returns; other reviewers never see a report (404). Filing moves the class to
//! `reported` in the same transaction. Every write appends to the audit trail.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::reports::{
    ClassReportDto, ClassReportRequest, ClassReportRowDto, ReportTransitionDto,
    ReportTransitionRequest, UpdateClassReportRequest,
};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::class_reports::ReportListFilter;
use crate::app::{self, Ctx};
use crate::documents::PDF;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::imports::FileBody;
use crate::routes::{PageParams, attachment, created, whole};

#[derive(Debug, Deserialize, IntoParams)]
pub struct ClassReportListParams {
    /// Only classes whose report is not filed and whose due date (the class's last day +
    /// `CEBASE_CLASS_REPORT_DUE_DAYS`) has passed, in Asia/Shanghai.
    pub overdue: Option<bool>,
    /// Only classes whose report is not filed yet (due or overdue).
    pub unfiled: Option<bool>,
    /// Only this class: its row (with `report_id`) when it is completed or reported, else none.
    pub class_id: Option<Uuid>,
}

/// Every completed or reported class, in creation order, with its report (`report_id` and
/// `status` are `null` when none has been started) and when the report is due.
#[utoipa::path(tag = "class-reports", security(("bearer" = [])), params(ClassReportListParams, PageParams), responses(
    (status = 200, body = Page<ClassReportRowDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, trainees, organisation contacts", body = Problem, content_type = "application/problem+json"),
))]
#[get("/class-reports")]
pub async fn list_class_reports(
    ctx: Ctx,
    filter: web::Query<ClassReportListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let filter = ReportListFilter {
        overdue: filter.overdue.unwrap_or(false),
        unfiled: filter.unfiled.unwrap_or(false),
        class_id: filter.class_id,
    };
    let page = app::class_reports::list(&ctx, filter, page.unsynced()?).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Start the summary report of a completed class (staff, admin), as a draft with an optional
/// narrative. One report per class.
#[utoipa::path(tag = "class-reports", security(("bearer" = [])), request_body = ClassReportRequest, responses(
    (status = 201, body = ClassReportDto, headers(("Location" = String, description = "the new report"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "report_exists: the class has a report; class_not_completed: the class has not been completed", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: class_id not_found; analysis, lessons, improvements length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/class-reports")]
pub async fn create_class_report(
    ctx: Ctx,
    body: Json<ClassReportRequest>,
) -> Result<HttpResponse, ApiError> {
    let report = app::class_reports::create(&ctx, body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/class-reports/{}", report.id),
        &report,
    ))
}

/// One report: narrative, the figures its latest submission froze, a draft's preview figures,
/// when it is due and the actions the caller may take.
#[utoipa::path(tag = "class-reports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClassReportDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/class-reports/{id}")]
pub async fn get_class_report(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let report = app::class_reports::get(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The report as a formal document (PDF, Chinese, A4): the class, the report's state and due
/// date, the figures (frozen at the latest submission; a draft's as they would be frozen now)
/// and the narrative, issued by the base (`CEBASE_CERTIFICATE_ISSUER`) with the date and page
/// numbers. Readable by whoever may read the report.
#[utoipa::path(tag = "class-reports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/pdf", description = "the class summary report (培训班总结报告), as `培训班总结报告-{class title}.pdf`"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, trainees, organisation contacts", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/class-reports/{id}/report.pdf")]
pub async fn class_report_pdf(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let (name, bytes) = app::class_reports::document(&ctx, id.into_inner()).await?;
    Ok(attachment(PDF, &name, bytes))
}

/// Replace a draft's narrative (staff, admin) with the `version` read.
#[utoipa::path(tag = "class-reports", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateClassReportRequest, responses(
    (status = 200, body = ClassReportDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "report_not_editable: not a draft; version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: analysis, lessons, improvements length", body = Problem, content_type = "application/problem+json"),
))]
#[put("/class-reports/{id}")]
pub async fn update_class_report(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdateClassReportRequest>,
) -> Result<HttpResponse, ApiError> {
    let report = app::class_reports::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The report's moves, oldest first; each submission carries the figures it froze.
#[utoipa::path(tag = "class-reports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<ReportTransitionDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/class-reports/{id}/transitions")]
pub async fn list_class_report_transitions(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let items = app::class_reports::transitions(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(whole(items)))
}

/// Move the report (Art. 18). Staff and admin: `submit` (computes the figures from the class's
/// stored data and freezes them with the narrative; analysis, lessons and improvements are
/// required), `revise` (returned → draft), and the provincial HR department's decisions from a
/// paper reply (`file`, `return` with `document_number` and `reply_date`). A reviewer scoped to
/// the provincial HR department `file`s or `return`s (with `comments`). Filing moves the class
/// `completed → reported` in the same transaction.
#[utoipa::path(tag = "class-reports", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ReportTransitionRequest, responses(
    (status = 200, body = ClassReportDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: the role may not take this action (a reviewer of another authority than the provincial HR department gets 404: reports are outside its scope)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found, also for a reviewer the report was not submitted to", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "transition_not_allowed: the detail names the report's state and the caller's allowed actions; version_conflict: moved concurrently", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: action required; comments required (return); document_number, reply_date required (paper reply), reply_date in_future, not_applicable fields; analysis, lessons, improvements required (submit)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/class-reports/{id}/transitions")]
pub async fn transition_class_report(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<ReportTransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let report = app::class_reports::transition(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(report))
}
