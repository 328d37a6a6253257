//! Reports to the authorities and the effect of training (Art. 11, 16–18): class summary reports
//! and their workflow, the questionnaire of a class, evaluations and their summary, follow-ups,
//! training needs and the dashboard. Bodies and answers are the DTOs of
//! `cebase_domain::reports` (and `cebase_domain::plans` for the plan item a need becomes).

use cebase_domain::dto::Page;
use cebase_domain::plans::PlanItemDto;
use cebase_domain::reports::{
    ClassReportDto, ClassReportRequest, ClassReportRowDto, DashboardDto, EvaluationRequest,
    EvaluationSummaryDto, FollowUpDto, FollowUpRequest, NeedDto, NeedRequest, NeedSummaryDto,
    NeedToPlanItemRequest, QuestionnaireDto, QuestionnaireRequest, ReportTransitionDto,
    ReportTransitionRequest, UpdateClassReportRequest,
};
use gloo_net::http::Method;
use uuid::Uuid;

use super::{ApiError, decode, download, json, no_content, push_opt, send};

/// Filters and position of one page of `GET /class-reports`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClassReportQuery {
    pub overdue: bool,
    pub unfiled: bool,
    pub class_id: Option<Uuid>,
    pub cursor: Option<String>,
    pub limit: u32,
}

pub async fn list_class_reports(
    query: &ClassReportQuery,
) -> Result<Page<ClassReportRowDto>, ApiError> {
    let mut params = vec![("limit", query.limit.max(1).to_string())];
    if query.overdue {
        params.push(("overdue", "true".to_owned()));
    }
    if query.unfiled {
        params.push(("unfiled", "true".to_owned()));
    }
    push_opt(
        &mut params,
        "class_id",
        query.class_id.map(|id| id.to_string()),
    );
    push_opt(&mut params, "cursor", query.cursor.clone());
    decode(send(Method::GET, "/class-reports", &params, None, true).await?).await
}

/// The report row of one class (none unless the class is completed or reported).
pub async fn class_report_row(class_id: Uuid) -> Result<Option<ClassReportRowDto>, ApiError> {
    let page = list_class_reports(&ClassReportQuery {
        class_id: Some(class_id),
        limit: 1,
        ..ClassReportQuery::default()
    })
    .await?;
    Ok(page.items.into_iter().next())
}

pub async fn create_class_report(request: &ClassReportRequest) -> Result<ClassReportDto, ApiError> {
    decode(
        send(
            Method::POST,
            "/class-reports",
            &[],
            Some(json(request)?),
            true,
        )
        .await?,
    )
    .await
}

/// Saves `report.pdf` (the report as a formal document, Chinese) as a download.
pub async fn download_class_report_pdf(id: Uuid) -> Result<(), ApiError> {
    download(
        &format!("/class-reports/{id}/report.pdf"),
        "培训班总结报告.pdf",
    )
    .await
}

pub async fn get_class_report(id: Uuid) -> Result<ClassReportDto, ApiError> {
    let path = format!("/class-reports/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn update_class_report(
    id: Uuid,
    request: &UpdateClassReportRequest,
) -> Result<ClassReportDto, ApiError> {
    let path = format!("/class-reports/{id}");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn class_report_transitions(id: Uuid) -> Result<Page<ReportTransitionDto>, ApiError> {
    let path = format!("/class-reports/{id}/transitions");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// `POST /class-reports/{id}/transitions`: answers the report in its new state.
pub async fn transition_class_report(
    id: Uuid,
    request: &ReportTransitionRequest,
) -> Result<ClassReportDto, ApiError> {
    let path = format!("/class-reports/{id}/transitions");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn get_questionnaire(class_id: Uuid) -> Result<QuestionnaireDto, ApiError> {
    let path = format!("/classes/{class_id}/questionnaire");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn put_questionnaire(
    class_id: Uuid,
    request: &QuestionnaireRequest,
) -> Result<QuestionnaireDto, ApiError> {
    let path = format!("/classes/{class_id}/questionnaire");
    decode(send(Method::PUT, &path, &[], Some(json(request)?), true).await?).await
}

/// The caller's answers to the class's questionnaire (204, once per enrolment).
pub async fn submit_evaluation(
    class_id: Uuid,
    request: &EvaluationRequest,
) -> Result<(), ApiError> {
    let path = format!("/classes/{class_id}/evaluations");
    no_content(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn evaluation_summary(class_id: Uuid) -> Result<EvaluationSummaryDto, ApiError> {
    let path = format!("/classes/{class_id}/evaluations/summary");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

pub async fn list_follow_ups() -> Result<Page<FollowUpDto>, ApiError> {
    decode(send(Method::GET, "/follow-ups", &[], None, true).await?).await
}

pub async fn submit_follow_up(request: &FollowUpRequest) -> Result<(), ApiError> {
    no_content(send(Method::POST, "/follow-ups", &[], Some(json(request)?), true).await?).await
}

/// The needs the caller may read (first 200, in submission order).
pub async fn list_needs() -> Result<Page<NeedDto>, ApiError> {
    let params = [("limit", "200".to_owned())];
    decode(send(Method::GET, "/needs", &params, None, true).await?).await
}

pub async fn create_need(request: &NeedRequest) -> Result<NeedDto, ApiError> {
    decode(send(Method::POST, "/needs", &[], Some(json(request)?), true).await?).await
}

pub async fn need_summary() -> Result<NeedSummaryDto, ApiError> {
    decode(send(Method::GET, "/needs/summary", &[], None, true).await?).await
}

/// Adds the need as an item of a draft plan and links it.
pub async fn need_to_plan_item(
    id: Uuid,
    request: &NeedToPlanItemRequest,
) -> Result<PlanItemDto, ApiError> {
    let path = format!("/needs/{id}/plan-item");
    decode(send(Method::POST, &path, &[], Some(json(request)?), true).await?).await
}

pub async fn dashboard() -> Result<DashboardDto, ApiError> {
    decode(send(Method::GET, "/dashboard", &[], None, true).await?).await
}
