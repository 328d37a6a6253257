//! Class summary reports (Art. 18): the use cases behind `/class-reports`. Readers are admin,
//! staff and reviewers — a reviewer only of the reports submitted to their authority (the
//! provincial HR department's; 404 for the others); staff and admin write. Filing moves the
//! class to `reported` in the same transaction. Every write is audited.

use cebase_domain::class::{ClassAction, ClassStatus};
use cebase_domain::dto::Page;
use cebase_domain::master::Text;
use cebase_domain::reports::{
    ClassReport, ClassReportDto, ClassReportRequest, ClassReportRowDto, FigureInputs, Narrative,
    ReportAction, ReportDue, ReportFiguresDto, ReportReview, ReportStatus, ReportSubmission,
    ReportTransitionDto, ReportTransitionRequest, UpdateClassReportRequest,
};
use cebase_domain::review::{Actor, Move, MoveInput, allowed_actions};
use cebase_domain::training::{TrainingClass, Transition};
use cebase_domain::{Authority, ProblemCode};
use cebase_store::class_reports::{self, ReportFilter};
use cebase_store::listing::PageRequest;
use cebase_store::{ConnectionTrait, DatabaseTransaction, StoreError, begin_write, classes};
use chrono::Utc;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::review::{self, Reviewed, reader_of};
use super::{Ctx, commit, record_audit, unknown_reference, validated};
use crate::access;
use crate::documents;
use crate::error::ApiError;

/// The class report review as the application layer runs it.
pub(crate) struct ClassReports;

impl Reviewed for ClassReports {
    type W = ReportReview;
    type Doc = ClassReport;
    type Dto = ClassReportDto;
    type Extra = ();

    const ENTITY: &'static str = "class_report";

    fn reader(ctx: &Ctx) -> Result<Actor, ApiError> {
        access::report_reader(&ctx.caller)
    }

    async fn submitted_to(
        db: &impl ConnectionTrait,
        id: Uuid,
        authority: Authority,
    ) -> Result<bool, ApiError> {
        Ok(class_reports::submitted_to(db, id, authority).await?)
    }

    async fn load(txn: &DatabaseTransaction, id: Uuid) -> Result<ClassReport, ApiError> {
        Ok(class_reports::find(txn, id).await?)
    }

    fn state(report: &ClassReport) -> ReportStatus {
        report.status
    }

    async fn facts(
        _ctx: &Ctx,
        _txn: &DatabaseTransaction,
        report: &ClassReport,
    ) -> Result<Narrative, ApiError> {
        Ok(report.narrative.clone())
    }

    async fn write(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        report: &ClassReport,
        mv: &Move<ReportReview>,
        _extra: (),
    ) -> Result<(ClassReport, Uuid, Map<String, Value>), ApiError> {
        let class = classes::find(txn, report.class_id).await?;
        let submission = if mv.snapshot {
            let t = |v: &Option<Text>| v.as_ref().map(|t| t.as_ref().to_owned());
            Some(ReportSubmission {
                figures: compute_figures(txn, &class).await?,
                analysis: t(&report.narrative.analysis),
                lessons: t(&report.narrative.lessons),
                improvements: t(&report.narrative.improvements),
            })
        } else {
            None
        };
        let by = ctx.caller.id();
        let (after, transition_id) =
            class_reports::record_move(txn, report, mv, submission.as_ref(), by).await?;
        if mv.action == ReportAction::File {
            mark_reported(ctx, txn, &class, report.id).await?;
        }
        let mut audit = Map::new();
        if let Some(s) = &submission {
            audit.insert("figures".into(), json!(s.figures));
        }
        Ok((after, transition_id, audit))
    }

    fn audit_action(action: ReportAction) -> &'static str {
        match action {
            ReportAction::Submit => "class_report.submit",
            ReportAction::File => "class_report.file",
            ReportAction::Return => "class_report.return",
            ReportAction::Revise => "class_report.revise",
        }
    }

    fn audit_snapshot(report: &ClassReport) -> Value {
        report.audit_snapshot()
    }

    async fn dto(
        ctx: &Ctx,
        txn: &DatabaseTransaction,
        actor: Actor,
        report: &ClassReport,
    ) -> Result<ClassReportDto, ApiError> {
        dto(ctx, txn, actor, report).await
    }
}

/// Filing is what makes the class `reported` (Art. 18), in the filing's transaction.
async fn mark_reported(
    ctx: &Ctx,
    txn: &DatabaseTransaction,
    class: &TrainingClass,
    report_id: Uuid,
) -> Result<(), ApiError> {
    let to = class
        .status
        .apply(ClassAction::MarkReported, None)
        .map_err(|e| ApiError::Problem {
            code: ProblemCode::TransitionNotAllowed,
            detail: format!("the class cannot be marked reported: {e}"),
        })?;
    let transition = Transition {
        status: to,
        cancel_reason: None,
    };
    let moved = classes::set_status(txn, class.id, class.status, &transition).await?;
    record_audit(
        txn,
        &ctx.caller,
        "class.mark_reported",
        "class",
        class.id,
        Some(json!({"status": class.status})),
        Some(json!({"status": moved.status, "class_report_id": report_id})),
    )
    .await
}

/// The figures of a class computed from its stored data now.
async fn compute_figures(
    db: &impl ConnectionTrait,
    class: &TrainingClass,
) -> Result<ReportFiguresDto, ApiError> {
    let mut inputs: FigureInputs = class_reports::figure_inputs(db, class.id).await?;
    inputs.evaluation = super::evaluations::class_summary(db, class, false)
        .await?
        .figures();
    Ok(ReportFiguresDto::compute(inputs, Utc::now()))
}

async fn dto(
    ctx: &Ctx,
    db: &impl ConnectionTrait,
    actor: Actor,
    report: &ClassReport,
) -> Result<ClassReportDto, ApiError> {
    let class = classes::find(db, report.class_id).await?;
    let figures = class_reports::latest_figures(db, report.id).await?;
    let preview_figures = if report.status == ReportStatus::Draft {
        Some(compute_figures(db, &class).await?)
    } else {
        None
    };
    let t = |v: &Option<Text>| v.as_ref().map(|t| t.as_ref().to_owned());
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
            ctx.settings().reports.class_report_due_days,
            ctx.today(),
            report.status == ReportStatus::Filed,
        ),
        allowed_actions: allowed_actions::<ReportReview>(report.status, actor),
        created_at: report.created_at,
        updated_at: report.updated_at,
        version: report.version,
    })
}

/// Report `id` for a read by the caller (403 by role; 404 missing or out of a reviewer's scope).
async fn readable(ctx: &Ctx, id: Uuid) -> Result<(Actor, ClassReport), ApiError> {
    let actor = reader_of::<ClassReports>(ctx, ctx.db(), id).await?;
    Ok((actor, class_reports::find(ctx.db(), id).await?))
}

/// What the report list is filtered by.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportListFilter {
    pub overdue: bool,
    pub unfiled: bool,
    pub class_id: Option<Uuid>,
}

/// Every completed or reported class with its report and due date (a reviewer's: the classes
/// whose report was submitted to their authority).
pub async fn list(
    ctx: &Ctx,
    filter: ReportListFilter,
    page: PageRequest,
) -> Result<Page<ClassReportRowDto>, ApiError> {
    access::report_reader(&ctx.caller)?;
    let due_days = ctx.settings().reports.class_report_due_days;
    let today = ctx.today();
    let filter = ReportFilter {
        overdue: filter.overdue.then_some((today, due_days)),
        unfiled: filter.unfiled,
        class_id: filter.class_id,
        reviewer: access::reviewer_scope(&ctx.caller),
    };
    let (rows, next) = class_reports::rows(ctx.db(), &filter, &page).await?;
    let items = rows
        .into_iter()
        .map(|r| ClassReportRowDto {
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
            status: r.report.map(|(_, s, _)| s),
        })
        .collect();
    Ok(Page {
        items,
        next_cursor: next,
    })
}

/// Starts the summary report of a completed class (staff, admin) as a draft.
pub async fn create(ctx: &Ctx, r: ClassReportRequest) -> Result<ClassReportDto, ApiError> {
    access::require_evaluation_manager(&ctx.caller)?;
    let narrative = Narrative::parse(
        r.analysis.as_deref(),
        r.lessons.as_deref(),
        r.improvements.as_deref(),
    );
    let txn = begin_write(ctx.db()).await?;
    let class = match classes::find(&txn, r.class_id).await {
        Ok(c) => Some(c),
        Err(StoreError::NotFound) => None,
        Err(e) => return Err(e.into()),
    };
    let unknown = class
        .is_none()
        .then(|| unknown_reference("class_id", "class"));
    let narrative = validated(narrative, unknown)?;
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
    let report = class_reports::create(&txn, class.id, &narrative, ctx.caller.id())
        .await
        .map_err(|e| match e {
            StoreError::Conflict(code) => ApiError::Problem {
                code,
                detail: "the class already has a summary report".into(),
            },
            e => e.into(),
        })?;
    let after = Some(report.audit_snapshot());
    let c = &ctx.caller;
    record_audit(
        &txn,
        c,
        "class_report.create",
        "class_report",
        report.id,
        None,
        after,
    )
    .await?;
    let body = dto(ctx, &txn, Actor::Staff, &report).await?;
    commit(txn).await?;
    Ok(body)
}

pub async fn get(ctx: &Ctx, id: Uuid) -> Result<ClassReportDto, ApiError> {
    let (actor, report) = readable(ctx, id).await?;
    dto(ctx, ctx.db(), actor, &report).await
}

/// The report as a formal document (PDF): its file name and bytes.
pub async fn document(ctx: &Ctx, id: Uuid) -> Result<(String, Vec<u8>), ApiError> {
    let (actor, report) = readable(ctx, id).await?;
    let body = dto(ctx, ctx.db(), actor, &report).await?;
    let class = classes::find(ctx.db(), report.class_id).await?;
    let issuer = &ctx.settings().certificate_issuer;
    let doc = documents::class_report::document(&body, &class, issuer, ctx.clock.now());
    let bytes = documents::render_blocking(doc, ctx.font())
        .await
        .map_err(ApiError::Internal)?;
    Ok((documents::class_report::file_name(&body), bytes))
}

/// Replaces a draft's narrative (staff, admin) at the `version` read.
pub async fn update(
    ctx: &Ctx,
    id: Uuid,
    r: UpdateClassReportRequest,
) -> Result<ClassReportDto, ApiError> {
    access::require_evaluation_manager(&ctx.caller)?;
    let narrative = Narrative::parse(
        r.analysis.as_deref(),
        r.lessons.as_deref(),
        r.improvements.as_deref(),
    )
    .map_err(ApiError::Validation)?;
    let txn = begin_write(ctx.db()).await?;
    let before = class_reports::find(&txn, id).await?;
    if before.status != ReportStatus::Draft {
        return Err(ApiError::Problem {
            code: ProblemCode::ReportNotEditable,
            detail: format!(
                "the report is {}: its narrative changes only while it is a draft (a returned report is revised into a draft first)",
                before.status
            ),
        });
    }
    let after = class_reports::update_narrative(&txn, before.id, r.version, &narrative).await?;
    let (b, a) = (Some(before.audit_snapshot()), Some(after.audit_snapshot()));
    let c = &ctx.caller;
    record_audit(
        &txn,
        c,
        "class_report.update",
        "class_report",
        after.id,
        b,
        a,
    )
    .await?;
    let body = dto(ctx, &txn, Actor::Staff, &after).await?;
    commit(txn).await?;
    Ok(body)
}

pub async fn transitions(ctx: &Ctx, id: Uuid) -> Result<Vec<ReportTransitionDto>, ApiError> {
    let (_, report) = readable(ctx, id).await?;
    Ok(class_reports::transitions(ctx.db(), report.id).await?)
}

/// Moves the report (Art. 18).
pub async fn transition(
    ctx: &Ctx,
    id: Uuid,
    r: ReportTransitionRequest,
) -> Result<ClassReportDto, ApiError> {
    let input = MoveInput {
        comments: r.comments,
        document_number: r.document_number,
        reply_date: r.reply_date,
        scan_attached: false,
    };
    review::transition::<ClassReports>(ctx, id, r.action, input, ()).await
}
