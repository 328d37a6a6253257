//! Annual plans (年度计划审核备案, Art. 8): `/plans` (list, create, show, update the draft),
//! `/plans/due` (what is due), `/plans/{id}/items` (while a draft), `/plans/{id}/transitions`
//! (the review workflow with MIIT and MOHRSS, and its history), `/plans/{id}/scans` (scans of
//! paper replies), `/plans/{id}/versions` (immutable snapshots of every submission and their
//! comparison), `/plans/{id}/execution-summary`, and the plan with its execution summary as a
//! workbook (`/plans/{id}/plan.xlsx`) and as a formal document (`/plans/{id}/plan.pdf`).
//!
//! Readers: admin, staff, finance and reviewers scoped to MIIT or MOHRSS; others get 403.
//! Staff and admin draft, submit, revise, amend and record paper replies; a reviewer decides
//! the stage of their own authority (403 `wrong_authority` naming the deciding authority
//! otherwise). Every write appends to the audit trail in its transaction.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use cebase_domain::ProblemCode;
use cebase_domain::dto::Page;
use cebase_domain::plans::{
    ExecutionRowDto, ExecutionSummaryDto, MoveInput, Plan, PlanAction, PlanActor,
    PlanComparisonDto, PlanData, PlanDto, PlanDueDto, PlanItem, PlanItemData, PlanItemDto,
    PlanItemRequest, PlanMoveError, PlanRequest, PlanScanDto, PlanSnapshotContent, PlanStatus,
    PlanTransitionDto, PlanTransitionRequest, PlanVersionDto, PlanVersionSummaryDto,
    SCAN_CONTENT_TYPES, UpdatePlanItemRequest, UpdatePlanRequest, authority_name, compare,
    decide_move, execution_rows, shanghai_date,
};
use cebase_domain::{FieldError, Problem};
use cebase_store::plans::{self, NewTransition, PlanFilter};
use cebase_store::{ConnectionTrait, begin_write};
use chrono::{NaiveDate, Utc};
use futures_util::StreamExt;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::auth::AuthUser;
use crate::documents::{self, PDF, category_label, class_kind_label};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::imports::FileBody;
use crate::routes::{PageParams, attachment, commit, created, record_audit};
use crate::spreadsheet::XLSX;
use crate::state::AppState;

/// The base's local date now.
fn today() -> NaiveDate {
    shanghai_date(Utc::now())
}

/// `plan` as the caller sees it, with its items' count and budget.
async fn dto(
    db: &impl ConnectionTrait,
    state: &AppState,
    actor: PlanActor,
    plan: &Plan,
) -> Result<PlanDto, ApiError> {
    let items = plans::items(db, plan.id).await?;
    Ok(plan.to_dto(actor, &state.settings.plan_deadlines, today(), &items))
}

fn not_editable(status: PlanStatus) -> ApiError {
    ApiError::Problem {
        code: ProblemCode::PlanNotEditable,
        detail: format!(
            "the plan is {status}: it and its items change only while it is a draft (a returned plan is revised, a filed one amended, into a draft first)"
        ),
    }
}

/// A draft plan for an edit (409 `plan_not_editable` otherwise).
async fn draft(db: &impl ConnectionTrait, id: Uuid) -> Result<Plan, ApiError> {
    let plan = plans::find(db, id).await?;
    if !plan.status.is_editable() {
        return Err(not_editable(plan.status));
    }
    Ok(plan)
}

fn audit_action(action: PlanAction) -> &'static str {
    match action {
        PlanAction::SubmitToMiit => "plan.submit_to_miit",
        PlanAction::Approve => "plan.approve",
        PlanAction::SubmitToMohrss => "plan.submit_to_mohrss",
        PlanAction::File => "plan.file",
        PlanAction::Return => "plan.return",
        PlanAction::Revise => "plan.revise",
        PlanAction::Amend => "plan.amend",
    }
}

fn move_error(e: PlanMoveError) -> ApiError {
    match e {
        PlanMoveError::Forbidden => ApiError::Problem {
            code: ProblemCode::Forbidden,
            detail: "your role does not allow this action on a plan: staff submit, revise and amend; reviewers decide their authority's stage".into(),
        },
        PlanMoveError::NotAllowed { status, allowed } => ApiError::Problem {
            code: ProblemCode::TransitionNotAllowed,
            detail: format!(
                "the plan is {status}; allowed actions for you now: {}",
                if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed
                        .iter()
                        .map(|a| a.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            ),
        },
        PlanMoveError::WrongAuthority { required, actual } => ApiError::Problem {
            code: ProblemCode::WrongAuthority,
            detail: format!(
                "this stage is decided by {}; your reviewer account is scoped to {} (Art. 8)",
                authority_name(required),
                authority_name(actual)
            ),
        },
        PlanMoveError::Invalid(errors) => ApiError::Validation(errors),
    }
}

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
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<PlanListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let actor = access::plan_reader(&auth)?;
    let request = page.unsynced()?;
    let filter = PlanFilter {
        year: filter.year,
        status: filter.status,
    };
    let (rows, next) = plans::list(&state.db, &filter, &request).await?;
    let ids: Vec<Uuid> = rows.iter().map(|p| p.id).collect();
    let mut items = plans::items_of(&state.db, &ids).await?;
    let deadlines = &state.settings.plan_deadlines;
    let today = today();
    Ok(HttpResponse::Ok().json(Page {
        items: rows
            .iter()
            .map(|p| {
                p.to_dto(
                    actor,
                    deadlines,
                    today,
                    &items.remove(&p.id).unwrap_or_default(),
                )
            })
            .collect::<Vec<_>>(),
        next_cursor: next,
    }))
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
pub async fn create_plan(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<PlanRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_plan_editor(&auth)?;
    let r = body.into_inner();
    let data =
        PlanData::parse(r.year, &r.title, r.narrative.as_deref()).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let plan = plans::create(&txn, data, auth.id()).await?;
    record_audit(
        &txn,
        &auth,
        "plan.create",
        "plan",
        plan.id,
        None,
        Some(plan.audit_snapshot()),
    )
    .await?;
    let body = dto(&txn, &state, PlanActor::Staff, &plan).await?;
    commit(txn).await?;
    Ok(created(format!("/api/v1/plans/{}", plan.id), &body))
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
pub async fn due_plans(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let items = plans::due_steps(&state.db, &state.settings.plan_deadlines, today()).await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// One plan, with its deadlines, pending steps and the actions the caller may take now.
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = PlanDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}")]
pub async fn get_plan(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let actor = access::plan_reader(&auth)?;
    let plan = plans::find(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(dto(&state.db, &state, actor, &plan).await?))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdatePlanRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_plan_editor(&auth)?;
    let r = body.into_inner();
    let txn = begin_write(&state.db).await?;
    let before = draft(&txn, id.into_inner()).await?;
    let data = PlanData::parse(before.data.year, &r.title, r.narrative.as_deref())
        .map_err(ApiError::Validation)?;
    let after = plans::update(&txn, before.id, r.version, &data.title, &data.narrative).await?;
    record_audit(
        &txn,
        &auth,
        "plan.update",
        "plan",
        after.id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    let body = dto(&txn, &state, PlanActor::Staff, &after).await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// The items of a plan in creation order, whole (`next_cursor` is `null`).
#[utoipa::path(tag = "plans", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<PlanItemDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/plans/{id}/items")]
pub async fn list_plan_items(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let plan = plans::find(&state.db, id.into_inner()).await?;
    let items = plans::items(&state.db, plan.id).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(PlanItem::to_dto).collect::<Vec<_>>(),
        next_cursor: None,
    }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<PlanItemRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_plan_editor(&auth)?;
    let r = body.into_inner();
    let txn = begin_write(&state.db).await?;
    let plan = draft(&txn, id.into_inner()).await?;
    let data = PlanItemData::parse(&r, plan.data.year).map_err(ApiError::Validation)?;
    let item = plans::create_item(&txn, plan.id, &data).await?;
    plans::touch(&txn, &plan).await?;
    record_audit(
        &txn,
        &auth,
        "plan_item.create",
        "plan_item",
        item.id,
        None,
        Some(item.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/plans/{}/items/{}", plan.id, item.id),
        &item.to_dto(),
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
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Json<UpdatePlanItemRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_plan_editor(&auth)?;
    let (id, item_id) = path.into_inner();
    let r = body.into_inner();
    let txn = begin_write(&state.db).await?;
    let plan = draft(&txn, id).await?;
    let before = plans::find_item(&txn, plan.id, item_id).await?;
    let data = PlanItemData::parse(&r.item, plan.data.year).map_err(ApiError::Validation)?;
    let after = plans::update_item(&txn, &before, r.version, &data).await?;
    plans::touch(&txn, &plan).await?;
    record_audit(
        &txn,
        &auth,
        "plan_item.update",
        "plan_item",
        after.id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    access::require_plan_editor(&auth)?;
    let (id, item_id) = path.into_inner();
    let txn = begin_write(&state.db).await?;
    let plan = draft(&txn, id).await?;
    let item = plans::find_item(&txn, plan.id, item_id).await?;
    let linked = plans::classes_of_item(&txn, item.id).await?;
    if linked > 0 {
        return Err(ApiError::Problem {
            code: ProblemCode::PlanItemInUse,
            detail: format!("{linked} class(es) implement this item; unlink them first"),
        });
    }
    plans::delete_item(&txn, &item).await?;
    plans::touch(&txn, &plan).await?;
    record_audit(
        &txn,
        &auth,
        "plan_item.delete",
        "plan_item",
        item.id,
        Some(item.audit_snapshot()),
        None,
    )
    .await?;
    commit(txn).await?;
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let plan = plans::find(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: plans::transitions(&state.db, plan.id).await?,
        next_cursor: None,
    }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<PlanTransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let actor = access::plan_reader(&auth)?;
    let r = body.into_inner();
    let action = r.action.ok_or_else(|| {
        ApiError::validation(FieldError::new(
            "action",
            "required",
            "one of submit_to_miit, approve, submit_to_mohrss, file, return, revise, amend",
        ))
    })?;
    let today = today();
    let txn = begin_write(&state.db).await?;
    let plan = plans::find(&txn, id.into_inner()).await?;
    let input = MoveInput {
        comments: r.comments,
        document_number: r.document_number,
        reply_date: r.reply_date,
        scan_attached: r.scan_id.is_some(),
    };
    let mv = decide_move(plan.status, action, actor, &input, today).map_err(move_error)?;
    if let Some(scan_id) = r.scan_id {
        let missing = match plans::scan(&txn, plan.id, scan_id).await {
            Err(cebase_store::StoreError::NotFound) => Some("not_found"),
            Err(e) => return Err(e.into()),
            Ok(_) if plans::scan_used(&txn, scan_id).await? => Some("already_used"),
            Ok(_) => None,
        };
        if let Some(code) = missing {
            return Err(ApiError::validation(FieldError::new(
                "scan_id",
                code,
                if code == "not_found" {
                    "no scan with this id was uploaded for this plan"
                } else {
                    "this scan already documents another decision"
                },
            )));
        }
    }
    let snapshot = if action.is_submission() {
        let items = plans::items(&txn, plan.id).await?;
        if items.is_empty() {
            return Err(ApiError::validation(FieldError::new(
                "items",
                "required",
                "a plan is submitted with at least one item (Art. 8)",
            )));
        }
        let content = PlanSnapshotContent::of(&plan, &items);
        Some(plans::insert_snapshot(&txn, &plan, action, mv.to, &content, auth.id()).await?)
    } else {
        None
    };
    let on = mv.reply_date.unwrap_or(today);
    let late = state
        .settings
        .plan_deadlines
        .is_late(action, plan.data.year, on);
    let after = plans::set_status(&txn, &plan, &mv).await?;
    let transition_id = plans::insert_transition(
        &txn,
        NewTransition {
            plan: &plan,
            mv: &mv,
            late,
            scan_id: r.scan_id,
            snapshot_id: snapshot.map(|(id, _)| id),
            by: auth.id(),
        },
    )
    .await?;
    let mut snapshot_json = after.audit_snapshot();
    if let Some(obj) = snapshot_json.as_object_mut() {
        obj.insert("transition_id".into(), transition_id.to_string().into());
        obj.insert("late".into(), late.into());
        obj.insert("authority".into(), serde_json::json!(mv.authority));
        obj.insert("from_paper".into(), mv.from_paper.into());
        obj.insert(
            "document_number".into(),
            serde_json::json!(mv.document_number.as_ref().map(|t| t.as_ref())),
        );
        obj.insert(
            "snapshot_seq".into(),
            serde_json::json!(snapshot.map(|(_, seq)| seq)),
        );
    }
    record_audit(
        &txn,
        &auth,
        audit_action(action),
        "plan",
        after.id,
        Some(plan.audit_snapshot()),
        Some(snapshot_json),
    )
    .await?;
    let body = dto(&txn, &state, actor, &after).await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(body))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    access::require_plan_editor(&auth)?;
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
    let limit = state.settings.plan_scan_max_bytes;
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
    if bytes.is_empty() {
        return Err(ApiError::Problem {
            code: ProblemCode::InvalidFile,
            detail: "the scan is empty".into(),
        });
    }
    let sha = hex::encode(Sha256::digest(&bytes));
    let txn = begin_write(&state.db).await?;
    let plan = plans::find(&txn, id.into_inner()).await?;
    let scan = plans::insert_scan(&txn, plan.id, &content_type, sha, bytes, auth.id()).await?;
    record_audit(
        &txn,
        &auth,
        "plan_scan.upload",
        "plan_scan",
        scan.id,
        None,
        Some(serde_json::to_value(&scan).unwrap_or_default()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/plans/{}/scans/{}", plan.id, scan.id),
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
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let (id, scan_id) = path.into_inner();
    let (scan, bytes) = plans::scan(&state.db, id, scan_id).await?;
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
pub async fn list_plan_versions(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let plan = plans::find(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: plans::snapshots(&state.db, plan.id).await?,
        next_cursor: None,
    }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<CompareParams>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let id = id.into_inner();
    let from = plans::snapshot(&state.db, id, query.from).await?;
    let to = plans::snapshot(&state.db, id, query.to).await?;
    Ok(HttpResponse::Ok().json(compare(
        from.summary.seq,
        &from.content,
        to.summary.seq,
        &to.content,
    )))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, i32)>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let (id, seq) = path.into_inner();
    Ok(HttpResponse::Ok().json(plans::snapshot(&state.db, id, seq).await?))
}

/// The execution summary of year Y−1 for the plan of Y.
async fn summary(db: &impl ConnectionTrait, plan: &Plan) -> Result<ExecutionSummaryDto, ApiError> {
    let previous_year = plan.data.year - 1;
    let previous = plans::of_year(db, previous_year).await?;
    let items = match &previous {
        Some(p) => plans::items(db, p.id).await?,
        None => Vec::new(),
    };
    let ids: Vec<Uuid> = items.iter().map(|i| i.id).collect();
    let held = plans::held_class_actuals(db, previous_year, &ids).await?;
    let (rows, unplanned, total) = execution_rows(&items, &held);
    Ok(ExecutionSummaryDto {
        plan_id: plan.id,
        year: plan.data.year,
        summary_year: previous_year,
        previous_plan_id: previous.map(|p| p.id),
        items: rows,
        unplanned,
        total,
        narrative: plan.data.narrative.as_ref().map(|t| t.as_ref().to_owned()),
    })
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let plan = plans::find(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(summary(&state.db, &plan).await?))
}

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

fn workbook(
    plan: &Plan,
    items: &[PlanItem],
    summary: &ExecutionSummaryDto,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("计划项目")?;
    sheet.write_string_with_format(0, 0, plan.data.title.as_ref(), &bold)?;
    let header = [
        "序号",
        "项目名称",
        "班次类型",
        "类别",
        "培训对象",
        "计划人数",
        "人均学时",
        "计划开始日期",
        "计划结束日期",
        "预算（元）",
        "委托单位",
    ];
    for (c, h) in header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.set_column_width(c, 4.0 + 2.2 * h.chars().count() as f64)?;
        sheet.write_string_with_format(1, c, *h, &bold)?;
    }
    for (r, item) in items.iter().enumerate() {
        let row = u32::try_from(r + 2).unwrap_or(u32::MAX);
        let d = &item.data;
        sheet.write_number(row, 0, (r + 1) as f64)?;
        sheet.write_string(row, 1, d.title.as_ref())?;
        sheet.write_string(row, 2, class_kind_label(d.class_kind))?;
        sheet.write_string(row, 3, category_label(Some(d.category)))?;
        sheet.write_string(row, 4, d.target_audience.as_ref())?;
        sheet.write_number(row, 5, f64::from(d.planned_trainees))?;
        sheet.write_number(row, 6, d.planned_hours.as_hours())?;
        sheet.write_string(row, 7, d.planned_start.to_string())?;
        sheet.write_string(row, 8, d.planned_end.to_string())?;
        sheet.write_number(row, 9, yuan(d.budget.fen()))?;
        if let Some(body) = &d.commissioning_body {
            sheet.write_string(row, 10, body.as_ref())?;
        }
    }
    sheet.set_freeze_panes(2, 0)?;

    let sheet = book.add_worksheet();
    sheet.set_name(format!("{}年度执行情况", summary.summary_year))?;
    let header = [
        "项目",
        "类别",
        "计划班次",
        "实际举办班次",
        "计划人数",
        "结业人数",
        "计划公需科目人学时",
        "实际公需科目人学时",
        "计划专业科目人学时",
        "实际专业科目人学时",
        "预算（元）",
        "实际支出（元）",
        "发放证书数",
    ];
    for (c, h) in header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.set_column_width(c, 4.0 + 2.2 * h.chars().count() as f64)?;
        sheet.write_string_with_format(0, c, *h, &bold)?;
    }
    let rows: Vec<&ExecutionRowDto> = summary
        .items
        .iter()
        .chain([&summary.unplanned, &summary.total])
        .collect();
    for (r, x) in rows.iter().enumerate() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        sheet.write_string(row, 0, &x.title)?;
        sheet.write_string(row, 1, category_label(x.category))?;
        sheet.write_number(row, 2, f64::from(x.planned_classes))?;
        sheet.write_number(row, 3, f64::from(x.classes_held))?;
        sheet.write_number(row, 4, f64::from(x.planned_trainees))?;
        sheet.write_number(row, 5, f64::from(x.trainees_completed))?;
        sheet.write_number(row, 6, x.planned_public_required_hours)?;
        sheet.write_number(row, 7, x.public_required_hours)?;
        sheet.write_number(row, 8, x.planned_professional_hours)?;
        sheet.write_number(row, 9, x.professional_hours)?;
        sheet.write_number(row, 10, yuan(x.planned_budget_fen))?;
        match x.spending_fen {
            Some(f) => sheet.write_number(row, 11, yuan(f))?,
            None => sheet.write_string(row, 11, "暂无数据")?,
        };
        match x.certificates_issued {
            Some(n) => sheet.write_number(row, 12, f64::from(n))?,
            None => sheet.write_string(row, 12, "暂无数据")?,
        };
    }
    if let Some(narrative) = &summary.narrative {
        let row = u32::try_from(rows.len() + 2).unwrap_or(u32::MAX);
        sheet.write_string_with_format(row, 0, "执行情况说明", &bold)?;
        sheet.write_string(row + 1, 0, narrative)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
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
pub async fn plan_xlsx(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let plan = plans::find(&state.db, id.into_inner()).await?;
    let items = plans::items(&state.db, plan.id).await?;
    let summary = summary(&state.db, &plan).await?;
    let bytes = workbook(&plan, &items, &summary)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    Ok(attachment(
        XLSX,
        &documents::plan::file_name(&plan, "xlsx"),
        bytes,
    ))
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
pub async fn plan_pdf(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::plan_reader(&auth)?;
    let plan = plans::find(&state.db, id.into_inner()).await?;
    let items = plans::items(&state.db, plan.id).await?;
    let summary = summary(&state.db, &plan).await?;
    let doc = documents::plan::document(
        &plan,
        &items,
        &summary,
        &state.settings.certificate_issuer,
        Utc::now(),
    );
    let bytes = documents::render_blocking(doc, state.certificate_font.clone())
        .await
        .map_err(ApiError::Internal)?;
    Ok(attachment(
        PDF,
        &documents::plan::file_name(&plan, "pdf"),
        bytes,
    ))
}
