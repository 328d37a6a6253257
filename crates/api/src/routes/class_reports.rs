//! Class summary reports (班级总结报告, Art. 18): `/class-reports` (every completed or reported
//! class with its report and due date; `overdue=true` for the overdue ones; `POST` starts a
//! report), `/class-reports/{id}` (show, edit the draft's narrative) and
//! `/class-reports/{id}/transitions` (submit — freezing the figures —, file, return, revise; and
//! the history) and `/class-reports/{id}/report.pdf` (the report as a formal document).
//!
//! Readers: admin, staff and reviewers (others 403). Staff and admin write and may record the
//! provincial HR department's paper reply; a reviewer scoped to the provincial HR department
//! files or returns; other reviewers get 403 `wrong_authority`. Filing moves the class to
//! `reported` in the same transaction. Every write appends to the audit trail.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::ProblemCode;
use cebase_domain::class::{ClassAction, ClassStatus};
use cebase_domain::dto::Page;
use cebase_domain::plans::{authority_name, shanghai_date};
use cebase_domain::reports::{
    ClassReport, ClassReportDto, ClassReportRequest, ClassReportRowDto, FigureInputs, Narrative,
    REPORT_AUTHORITY, ReportAction, ReportActor, ReportDue, ReportFiguresDto, ReportMoveError,
    ReportMoveInput, ReportStatus, ReportSubmission, ReportTransitionDto, ReportTransitionRequest,
    UpdateClassReportRequest, allowed_report_actions, decide_report_move,
};
use cebase_domain::training::{TrainingClass, Transition};
use cebase_domain::{FieldError, Problem};
use cebase_store::class_reports::{self, ReportFilter};
use cebase_store::{ConnectionTrait, StoreError, begin_write, classes};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::auth::AuthUser;
use crate::documents::{self, PDF};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::evaluations::class_summary;
use crate::routes::imports::FileBody;
use crate::routes::{PageParams, attachment, commit, created, record_audit};
use crate::state::AppState;

fn today() -> NaiveDate {
    shanghai_date(Utc::now())
}

/// The figures of class `class_id` computed from its stored data now.
pub(crate) async fn compute_figures(
    db: &impl ConnectionTrait,
    class: &TrainingClass,
) -> Result<ReportFiguresDto, ApiError> {
    let mut inputs: FigureInputs = class_reports::figure_inputs(db, class.id).await?;
    inputs.evaluation = class_summary(db, class, false).await?.figures();
    Ok(ReportFiguresDto::compute(inputs, Utc::now()))
}

async fn dto(
    db: &impl ConnectionTrait,
    state: &AppState,
    actor: ReportActor,
    report: &ClassReport,
) -> Result<ClassReportDto, ApiError> {
    let class = classes::find(db, report.class_id).await?;
    let figures = class_reports::latest_figures(db, report.id).await?;
    let preview_figures = if report.status == ReportStatus::Draft {
        Some(compute_figures(db, &class).await?)
    } else {
        None
    };
    let t = |v: &Option<cebase_domain::master::Text>| v.as_ref().map(|t| t.as_ref().to_owned());
    Ok(ClassReportDto {
        id: report.id,
        class_id: class.id,
        class_title: class.data.title.as_ref().to_owned(),
        class_status: class.status,
        class_end_date: class.data.end_date,
        status: report.status,
        analysis: t(&report.narrative.analysis),
        lessons: t(&report.narrative.lessons),
        improvements: t(&report.narrative.improvements),
        figures,
        preview_figures,
        due: ReportDue::of(
            class.data.end_date,
            state.settings.reports.class_report_due_days,
            today(),
            report.status == ReportStatus::Filed,
        ),
        allowed_actions: allowed_report_actions(report.status, actor),
        created_at: report.created_at,
        updated_at: report.updated_at,
        version: report.version,
    })
}

fn move_error(e: ReportMoveError) -> ApiError {
    match e {
        ReportMoveError::Forbidden => ApiError::Problem {
            code: ProblemCode::Forbidden,
            detail: "your role does not allow this action on a class report: staff submit and revise; the provincial HR department files or returns".into(),
        },
        ReportMoveError::NotAllowed { status, allowed } => ApiError::Problem {
            code: ProblemCode::TransitionNotAllowed,
            detail: format!(
                "the report is {status}; allowed actions for you now: {}",
                if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(", ")
                }
            ),
        },
        ReportMoveError::WrongAuthority { actual } => ApiError::Problem {
            code: ProblemCode::WrongAuthority,
            detail: format!(
                "class summary reports are filed by {}; your reviewer account is scoped to {} (Art. 18)",
                authority_name(REPORT_AUTHORITY),
                authority_name(actual)
            ),
        },
        ReportMoveError::Invalid(errors) => ApiError::Validation(errors),
    }
}

fn not_editable(status: ReportStatus) -> ApiError {
    ApiError::Problem {
        code: ProblemCode::ReportNotEditable,
        detail: format!(
            "the report is {status}: its narrative changes only while it is a draft (a returned report is revised into a draft first)"
        ),
    }
}

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
    state: web::Data<AppState>,
    auth: AuthUser,
    filter: web::Query<ClassReportListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    access::report_reader(&auth)?;
    let request = page.unsynced()?;
    let due_days = state.settings.reports.class_report_due_days;
    let today = today();
    let filter = ReportFilter {
        overdue: filter.overdue.unwrap_or(false).then_some((today, due_days)),
        unfiled: filter.unfiled.unwrap_or(false),
        class_id: filter.class_id,
    };
    let (rows, next) = class_reports::rows(&state.db, &filter, &request).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: rows
            .into_iter()
            .map(|r| {
                let status = r.report.map(|(_, s, _)| s);
                ClassReportRowDto {
                    due: ReportDue::of(
                        r.class_end_date,
                        due_days,
                        today,
                        r.class_status == ClassStatus::Reported,
                    ),
                    class_id: r.class_id,
                    class_title: r.class_title,
                    class_status: r.class_status,
                    class_end_date: r.class_end_date,
                    report_id: r.report.map(|(id, _, _)| id),
                    status,
                }
            })
            .collect::<Vec<_>>(),
        next_cursor: next,
    }))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<ClassReportRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_evaluation_manager(&auth)?;
    let r = body.into_inner();
    let narrative = Narrative::parse(
        r.analysis.as_deref(),
        r.lessons.as_deref(),
        r.improvements.as_deref(),
    );
    let txn = begin_write(&state.db).await?;
    let class = match classes::find(&txn, r.class_id).await {
        Ok(c) => Some(c),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let narrative = crate::routes::validated(
        narrative,
        class
            .is_none()
            .then(|| crate::routes::unknown_reference("class_id", "class")),
    )?;
    let Some(class) = class else {
        return Err(ApiError::NotFound);
    };
    if !matches!(class.status, ClassStatus::Completed | ClassStatus::Reported) {
        return Err(ApiError::Problem {
            code: ProblemCode::ClassNotCompleted,
            detail: format!(
                "the class is {}; its summary report is written once it is completed (Art. 18)",
                class.status
            ),
        });
    }
    let report = class_reports::create(&txn, class.id, &narrative, auth.id())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(code) => ApiError::Problem {
                code,
                detail: "the class already has a summary report".into(),
            },
            e => e.into(),
        })?;
    record_audit(
        &txn,
        &auth,
        "class_report.create",
        "class_report",
        report.id,
        None,
        Some(report.audit_snapshot()),
    )
    .await?;
    let body = dto(&txn, &state, ReportActor::Staff, &report).await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/class-reports/{}", report.id),
        &body,
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
pub async fn get_class_report(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let actor = access::report_reader(&auth)?;
    let report = class_reports::find(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(dto(&state.db, &state, actor, &report).await?))
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
pub async fn class_report_pdf(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let actor = access::report_reader(&auth)?;
    let report = class_reports::find(&state.db, id.into_inner()).await?;
    let body = dto(&state.db, &state, actor, &report).await?;
    let class = classes::find(&state.db, report.class_id).await?;
    let doc = documents::class_report::document(
        &body,
        &class,
        &state.settings.certificate_issuer,
        Utc::now(),
    );
    let bytes = documents::render_blocking(doc, state.certificate_font.clone())
        .await
        .map_err(ApiError::Internal)?;
    Ok(attachment(
        PDF,
        &documents::class_report::file_name(&body),
        bytes,
    ))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateClassReportRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_evaluation_manager(&auth)?;
    let r = body.into_inner();
    let narrative = Narrative::parse(
        r.analysis.as_deref(),
        r.lessons.as_deref(),
        r.improvements.as_deref(),
    )
    .map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let before = class_reports::find(&txn, id.into_inner()).await?;
    if before.status != ReportStatus::Draft {
        return Err(not_editable(before.status));
    }
    let after = class_reports::update_narrative(&txn, before.id, r.version, &narrative).await?;
    record_audit(
        &txn,
        &auth,
        "class_report.update",
        "class_report",
        after.id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    let body = dto(&txn, &state, ReportActor::Staff, &after).await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(body))
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
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::report_reader(&auth)?;
    let report = class_reports::find(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: class_reports::transitions(&state.db, report.id).await?,
        next_cursor: None,
    }))
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
    (status = 403, description = "forbidden: the role may not take this action; wrong_authority: a reviewer of another authority than the provincial HR department", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "transition_not_allowed: the detail names the report's state and the caller's allowed actions; version_conflict: moved concurrently", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: action required; comments required (return); document_number, reply_date required (paper reply), reply_date in_future, not_applicable fields; analysis, lessons, improvements required (submit)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/class-reports/{id}/transitions")]
pub async fn transition_class_report(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ReportTransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    let actor = access::report_reader(&auth)?;
    let r = body.into_inner();
    let action = r.action.ok_or_else(|| {
        ApiError::validation(FieldError::new(
            "action",
            "required",
            "one of submit, file, return, revise",
        ))
    })?;
    let txn = begin_write(&state.db).await?;
    let report = class_reports::find(&txn, id.into_inner()).await?;
    let input = ReportMoveInput {
        comments: r.comments,
        document_number: r.document_number,
        reply_date: r.reply_date,
    };
    let mv =
        decide_report_move(report.status, action, actor, &input, today()).map_err(move_error)?;
    let class = classes::find(&txn, report.class_id).await?;
    let submission = if action == ReportAction::Submit {
        let missing = report.narrative.missing_for_submission();
        if !missing.is_empty() {
            return Err(ApiError::Validation(missing));
        }
        let t = |v: &Option<cebase_domain::master::Text>| v.as_ref().map(|t| t.as_ref().to_owned());
        Some(ReportSubmission {
            figures: compute_figures(&txn, &class).await?,
            analysis: t(&report.narrative.analysis),
            lessons: t(&report.narrative.lessons),
            improvements: t(&report.narrative.improvements),
        })
    } else {
        None
    };
    let after = class_reports::set_status(&txn, &report, &mv).await?;
    let transition_id =
        class_reports::insert_transition(&txn, report.id, &mv, submission.as_ref(), auth.id())
            .await?;
    if action == ReportAction::File {
        // Filing is what makes the class `reported` (Art. 18), in this same transaction.
        let to = class
            .status
            .apply(ClassAction::MarkReported, None)
            .map_err(|e| ApiError::Problem {
                code: ProblemCode::TransitionNotAllowed,
                detail: format!("the class cannot be marked reported: {e}"),
            })?;
        let moved = classes::set_status(
            &txn,
            class.id,
            class.status,
            &Transition {
                status: to,
                cancel_reason: None,
            },
        )
        .await?;
        record_audit(
            &txn,
            &auth,
            "class.mark_reported",
            "class",
            class.id,
            Some(serde_json::json!({"status": class.status})),
            Some(serde_json::json!({"status": moved.status, "class_report_id": report.id})),
        )
        .await?;
    }
    let mut snapshot = after.audit_snapshot();
    if let Some(obj) = snapshot.as_object_mut() {
        obj.insert("transition_id".into(), transition_id.to_string().into());
        obj.insert("authority".into(), serde_json::json!(mv.authority));
        obj.insert("from_paper".into(), mv.from_paper.into());
        obj.insert(
            "document_number".into(),
            serde_json::json!(mv.document_number.as_ref().map(|t| t.as_ref())),
        );
        if let Some(s) = &submission {
            obj.insert("figures".into(), serde_json::json!(s.figures));
        }
    }
    record_audit(
        &txn,
        &auth,
        match action {
            ReportAction::Submit => "class_report.submit",
            ReportAction::File => "class_report.file",
            ReportAction::Return => "class_report.return",
            ReportAction::Revise => "class_report.revise",
        },
        "class_report",
        after.id,
        Some(report.audit_snapshot()),
        Some(snapshot),
    )
    .await?;
    let body = dto(&txn, &state, actor, &after).await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(body))
}
