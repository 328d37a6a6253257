//! Annual plans (年度计划审核备案, Art. 8): `/plans` (list, create, show, update the draft),
//! `/plans/due` (what is due), `/plans/{id}/items` (while a draft), `/plans/{id}/transitions`
//! (the review workflow with MIIT and MOHRSS, and its history), `/plans/{id}/scans` (scans of
//! paper replies), `/plans/{id}/versions` (immutable snapshots of every submission and their
//! comparison), `/plans/{id}/execution-summary`, and the plan with its execution summary as a
//! workbook (`/plans/{id}/plan.xlsx`) and as a formal document (`/plans/{id}/plan.pdf`).
//!
//! Readers: admin, staff, finance and reviewers scoped to MIIT or MOHRSS — a reviewer reads only
//! the plans submitted to their authority (404 for the others, drafts included) and the scans of
//! their authority's decisions; others get 403. The handlers extract, call `app::plans` and
//! respond.
//! Staff and admin draft, submit, revise, amend and record paper replies; a reviewer decides
//! the stage of their own authority (403 `wrong_authority` naming the deciding authority
//! otherwise). Every write appends to the audit trail in its transaction.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use cebase_domain::dto::Page;
use cebase_domain::plans::{
    ExecutionSummaryDto, PlanComparisonDto, PlanDto, PlanDueDto, PlanItemDto, PlanItemRequest,
    PlanRequest, PlanScanDto, PlanStatus, PlanTransitionDto, PlanTransitionRequest, PlanVersionDto,
    PlanVersionSummaryDto, SCAN_CONTENT_TYPES, UpdatePlanItemRequest, UpdatePlanRequest,
};
use cebase_domain::{Problem, ProblemCode};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::plans::PlanListFilter;
use crate::app::{self, Ctx};
use crate::documents::PDF;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::imports::FileBody;
use crate::routes::{PageParams, attachment, created, whole};
use crate::spreadsheet::XLSX;

#[derive(Debug, Deserialize, IntoParams)]
pub struct PlanListParams {
    /// Only the plan for this year.
    pub year: Option<i32>,
    pub status: Option<PlanStatus>,
}

/// Plans in creation order. Readable by admin, staff, finance and reviewers of MIIT and MOHRSS;
/// `allowed_actions` is what the caller may do now.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(PlanListParams, PageParams), responses(
    (status = 200, body = Page<PlanDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: teachers, trainees, organisation contacts, provincial reviewers", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans")]
pub async fn list_plans(
    ctx: Ctx,
    filter: web::Query<PlanListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let filter = PlanListFilter {
        year: filter.year,
        status: filter.status,
    };
    let page = app::plans::list(&ctx, filter, page.unsynced()?).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// Start the plan for a year (staff, admin): one plan per year, created as a `draft`.
#[utoipa::path(tag = "plans", security(("bearer" = [])), request_body = PlanRequest, responses(
    (status = 201, body = PlanDto, headers(("Location" = String, description = "the new plan"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "plan_exists: the year has a plan", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: year range, title required/length, narrative length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/plans")]
pub async fn create_plan(ctx: Ctx, body: Json<PlanRequest>) -> Result<HttpResponse, ApiError> {
    let plan = app::plans::create(&ctx, body.into_inner()).await?;
    Ok(created(format!("/api/v1/plans/{}", plan.id), &plan))
}

/// What is due: every deadline-bound step (submission to MIIT, filing with MOHRSS) that an
/// unfiled plan still has to take, with its date, days left as of today in Shanghai and whether
/// it is overdue, soonest first. The whole list (`next_cursor` is `null`).
#[utoipa::path(tag = "plans", security(("bearer" = [])), responses(
    (status = 200, body = Page<PlanDueDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/due")]
pub async fn due_plans(ctx: Ctx) -> Result<HttpResponse, ApiError> {
    let items = app::plans::due(&ctx).await?;
    Ok(HttpResponse::Ok().json(whole(items)))
}

/// One plan, with its deadlines, pending steps and the actions the caller may take now.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = PlanDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}")]
pub async fn get_plan(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::plans::get(&ctx, id.into_inner()).await?))
}

/// Replace a draft plan's title and narrative (staff, admin) with the `version` read.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdatePlanRequest, responses(
    (status = 200, body = PlanDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "plan_not_editable: not a draft; version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json"),
))]
#[put("/plans/{id}")]
pub async fn update_plan(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<UpdatePlanRequest>,
) -> Result<HttpResponse, ApiError> {
    let plan = app::plans::update(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// The items of a plan in creation order, whole (`next_cursor` is `null`).
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<PlanItemDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/items")]
pub async fn list_plan_items(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let items = app::plans::items(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(whole(items)))
}

/// Add an item to a draft plan (staff, admin). The planned period lies in the plan's year.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = PlanItemRequest, responses(
    (status = 201, body = PlanItemDto, headers(("Location" = String, description = "the new item"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "plan_not_editable: the plan is not a draft", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: title, target_audience required/length; planned_trainees range; planned_hours range/precision; planned_start/planned_end outside_plan_year, planned_end before_start; budget_fen range; commissioning_body length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/plans/{id}/items")]
pub async fn create_plan_item(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<PlanItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let (plan_id, item) = app::plans::create_item(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(created(
        format!("/api/v1/plans/{plan_id}/items/{}", item.id),
        &item,
    ))
}

/// Replace an item of a draft plan (staff, admin) with the item's `version` read.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path), ("item_id" = Uuid, Path)), request_body = UpdatePlanItemRequest, responses(
    (status = 200, body = PlanItemDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "plan_not_editable; version_conflict", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (as for creating an item)", body = Problem, content_type = "application/problem+json"),
))]
#[put("/plans/{id}/items/{item_id}")]
pub async fn update_plan_item(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdatePlanItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let (id, item_id) = path.into_inner();
    let item = app::plans::update_item(&ctx, id, item_id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(item))
}

/// Remove an item from a draft plan (staff, admin); refused while classes implement it.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path), ("item_id" = Uuid, Path)), responses(
    (status = 204, description = "removed"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "plan_not_editable; plan_item_in_use: classes implement the item", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/plans/{id}/items/{item_id}")]
pub async fn delete_plan_item(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, item_id) = path.into_inner();
    app::plans::delete_item(&ctx, id, item_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The plan's moves, oldest first: who, when, what, the authority, comments, 文号, reply date,
/// whether the step was late, the scan and the snapshot a submission stored.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<PlanTransitionDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/transitions")]
pub async fn list_plan_transitions(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let items = app::plans::transitions(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(whole(items)))
}

/// Move the plan through review and filing (Art. 8). Staff and admin: `submit_to_miit`,
/// `submit_to_mohrss` (each stores an immutable snapshot), `revise` (returned → draft),
/// `amend` (filed → draft of the next revision), and the authorities' decisions from a paper
/// reply (`approve`, `return`, `file` with `document_number`, `reply_date` and optionally a
/// `scan_id`). A reviewer scoped to MIIT approves or returns `submitted_to_miit`; one scoped to
/// MOHRSS files or returns `submitted_to_mohrss`. `return` needs `comments`. Steps taken on or
/// after their deadline (Asia/Shanghai; a paper decision counts on its reply date) are
/// accepted and recorded as `late`.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = PlanTransitionRequest, responses(
    (status = 200, body = PlanDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: the role may not take this action; wrong_authority: a reviewer of another authority than the one deciding this stage (the detail names it)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "transition_not_allowed: the detail names the plan's state and the caller's allowed actions; version_conflict: the plan moved concurrently", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: action required; comments required (return); document_number, reply_date required (paper reply), reply_date in_future, not_applicable fields; scan_id not_found/already_used; items required (submitting an empty plan)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/plans/{id}/transitions")]
pub async fn transition_plan(
    ctx: Ctx,
    id: web::Path<Uuid>,
    body: Json<PlanTransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let plan = app::plans::transition(&ctx, id.into_inner(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(plan))
}

/// Upload the scan of an authority's paper reply (staff, admin) as the raw body
/// (`application/pdf`, `image/jpeg` or `image/png`, up to `CEBASE_PLAN_SCAN_MAX_BYTES`), kept in
/// the database; then record the decision with its `scan_id`.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body(content = FileBody, content_type = "application/pdf", description = "the scan: PDF, JPEG or PNG"), responses(
    (status = 201, body = PlanScanDto, headers(("Location" = String, description = "the scan"))),
    (status = 400, description = "unsupported_media_type: not PDF, JPEG or PNG; invalid_file: empty", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "payload_too_large", body = Problem, content_type = "application/problem+json"),
))]
#[post("/plans/{id}/scans")]
pub async fn upload_plan_scan(
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    app::plans::may_upload_scan(&ctx)?;
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if !SCAN_CONTENT_TYPES.contains(&content_type.as_str()) {
        return Err(ApiError::Problem {
            code: ProblemCode::UnsupportedMediaType,
            detail: format!(
                "a scan is uploaded as {} (not `{content_type}`)",
                SCAN_CONTENT_TYPES.join(", ")
            ),
        });
    }
    let limit = ctx.settings().plan_scan_max_bytes;
    let announced = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut bytes = Vec::with_capacity(announced.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::Problem {
            code: ProblemCode::BadRequest,
            detail: format!("the upload was interrupted: {e}"),
        })?;
        if bytes.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    let id = id.into_inner();
    let scan = app::plans::upload_scan(&ctx, id, &content_type, bytes).await?;
    Ok(created(
        format!("/api/v1/plans/{id}/scans/{}", scan.id),
        &scan,
    ))
}

/// Download a scan of a paper reply.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path), ("scan_id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/pdf", description = "the scan as uploaded (PDF, JPEG or PNG)"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/scans/{scan_id}")]
pub async fn get_plan_scan(
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, scan_id) = path.into_inner();
    let (scan, bytes) = app::plans::scan(&ctx, id, scan_id).await?;
    let extension = match scan.content_type.as_str() {
        "application/pdf" => "pdf",
        "image/png" => "png",
        _ => "jpg",
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, scan.content_type.clone()))
        .insert_header((
            CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"plan-reply-{}.{extension}\"",
                scan.id
            ),
        ))
        .body(bytes))
}

/// The plan's snapshots, one per submission, oldest first (without content). Snapshots are
/// immutable: no endpoint changes or removes them.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<PlanVersionSummaryDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/versions")]
pub async fn list_plan_versions(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let items = app::plans::versions(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(whole(items)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CompareParams {
    /// The earlier snapshot's `seq`.
    pub from: i32,
    /// The later snapshot's `seq`.
    pub to: i32,
}

/// Compare two snapshots item by item: items `added` and `removed`, and per item present in
/// both the fields whose values `changed` (before and after); header changes in `plan_changes`.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path), CompareParams), responses(
    (status = 200, body = PlanComparisonDto),
    (status = 400, description = "invalid_query: from and to are required", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such plan or snapshot", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/versions/compare")]
pub async fn compare_plan_versions(
    ctx: Ctx,
    id: web::Path<Uuid>,
    query: web::Query<CompareParams>,
) -> Result<HttpResponse, ApiError> {
    let comparison =
        app::plans::compare_versions(&ctx, id.into_inner(), query.from, query.to).await?;
    Ok(HttpResponse::Ok().json(comparison))
}

/// One snapshot with the plan and items exactly as submitted.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path), ("seq" = i32, Path)), responses(
    (status = 200, body = PlanVersionDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/versions/{seq}")]
pub async fn get_plan_version(
    ctx: Ctx,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    let (id, seq) = path.into_inner();
    Ok(HttpResponse::Ok().json(app::plans::version(&ctx, id, seq).await?))
}

/// The execution summary of year Y−1 for the plan of year Y: per item of the Y−1 plan, for the
/// unplanned classes and in total, planned against actual — classes held (completed or
/// reported), trainees who completed, person-hours by category from the learning records,
/// valid certificates (a re-issued one counts once) and spending (`null`: not kept yet) —
/// computed from the classes actually run, with the plan's narrative.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ExecutionSummaryDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/execution-summary")]
pub async fn plan_execution_summary(
    ctx: Ctx,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let summary = app::plans::execution_summary(&ctx, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(summary))
}

/// The plan as a workbook with Chinese headers: its items (计划项目) and the execution summary
/// of year Y−1 (执行情况: planned against actual, with the narrative).
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the plan (年度计划)"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/plan.xlsx")]
pub async fn plan_xlsx(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let file = app::plans::workbook(&ctx, id.into_inner()).await?;
    Ok(attachment(XLSX, &file.name, file.bytes))
}

/// The plan as a formal document for the written submission (PDF, Chinese, A4 landscape):
/// title, the base (`CEBASE_CERTIFICATE_ISSUER`) and date, the plan's items with every field
/// and the budget in yuan, then the execution summary of year Y−1 (planned against actual per
/// item and in total) with its narrative; tables continue across pages, which are numbered.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/pdf", description = "the plan (年度培训计划) with the execution summary, as `{year}年度培训计划.pdf`"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: teachers, trainees, organisation contacts, provincial reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/plan.pdf")]
pub async fn plan_pdf(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    let file = app::plans::document(&ctx, id.into_inner()).await?;
    Ok(attachment(PDF, &file.name, file.bytes))
}
