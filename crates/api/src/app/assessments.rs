//! Assessments (考试/考核, Art. 11) and their results.
//!
//! Whoever may see a class sees its assessments; staff and admin create them. Results are
//! entered by staff, admin and the class's teachers while the class is in progress; rows are
//! shown as enrolments are (staff and the class's teachers all, organisation contacts their
//! people's, trainees their own). Every correction keeps the previous value, who, when and why.

use std::collections::HashMap;

use cebase_domain::ProblemCode;
use cebase_domain::access::TrainingResource;
use cebase_domain::dto::Page;
use cebase_domain::training::{
    Assessment, AssessmentData, AssessmentDto, AssessmentRequest, ResultHistoryDto, ResultRowDto,
    ResultsDto, ResultsRequest, review_results, stale_entries,
};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{
    ConnectionTrait, assessments, begin_write, classes, courses, enrolments, people,
};
use serde_json::json;
use uuid::Uuid;

use super::classes::not_editable;
use super::{Ctx, commit, record_audit, unknown_reference, validated};
use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;

/// The results sheet of `assessment` with the rows `visibility` shows: one per active
/// enrolment, with its result or `null`s.
async fn sheet(
    db: &impl ConnectionTrait,
    assessment: &Assessment,
    visibility: TrainingVisibility,
) -> Result<ResultsDto, ApiError> {
    let rows: Vec<_> = enrolments::in_class(db, assessment.class_id, visibility)
        .await?
        .into_iter()
        .filter(|e| e.status == cebase_domain::training::EnrolmentStatus::Enrolled)
        .collect();
    let person_ids: Vec<Uuid> = rows.iter().map(|e| e.person_id).collect();
    // Lists mask identity document numbers for every role (docs/api.md).
    let masked: HashMap<Uuid, String> = people::find_many(db, &person_ids)
        .await?
        .into_iter()
        .map(|(id, p)| (id, p.data.document.masked()))
        .collect();
    let mut results = assessments::results(db, assessment.id).await?;
    Ok(ResultsDto {
        assessment: assessment.to_dto(),
        rows: rows
            .into_iter()
            .map(|e| {
                let id_number = masked.get(&e.person_id).cloned().unwrap_or_default();
                match results.remove(&e.id) {
                    Some(r) => r.row_dto(e.person_id, e.person_name, id_number),
                    None => ResultRowDto {
                        enrolment_id: e.id,
                        person_id: e.person_id,
                        person_name: e.person_name,
                        id_number,
                        score: None,
                        passed: None,
                        recorded_by: None,
                        recorded_at: None,
                        corrections: 0,
                        version: 0,
                    },
                }
            })
            .collect(),
    })
}

/// Assessment `id` and its class as the caller may see them (404 for a class outside the
/// caller's scope, as for an unknown assessment).
async fn visible_assessment(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    id: Uuid,
) -> Result<(Assessment, access::Caller), ApiError> {
    let assessment = assessments::find(db, id).await?;
    let (_, caller) = access::visible_class(db, auth, assessment.class_id).await?;
    Ok((assessment, caller))
}

/// The assessments of a class in creation order (whole), for whoever may see the class.
pub async fn of_class(ctx: &Ctx, id: Uuid) -> Result<Page<AssessmentDto>, ApiError> {
    let (class, _) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    let items = assessments::of_class(ctx.db(), class.id).await?;
    Ok(Page {
        items: items.iter().map(Assessment::to_dto).collect::<Vec<_>>(),
        next_cursor: None,
    })
}

/// Adds an assessment to a class (staff, admin) until the class is completed or cancelled.
pub async fn create(ctx: &Ctx, id: Uuid, r: AssessmentRequest) -> Result<AssessmentDto, ApiError> {
    access::require_class_management(&ctx.caller)?;
    let request = r;
    let missing = match request.course_id {
        Some(course) if !courses::exists(ctx.db(), course).await? => {
            Some(unknown_reference("course_id", "course"))
        }
        _ => None,
    };
    let data = validated(AssessmentData::try_from(request), missing)?;
    let txn = begin_write(ctx.db()).await?;
    let class = classes::find(&txn, id).await?;
    if !class.status.accepts_assessments() {
        return Err(not_editable(class.status, "the assessments"));
    }
    let assessment = assessments::create(&txn, class.id, data, ctx.caller.id()).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "assessment.create",
        "assessment",
        assessment.id,
        None,
        Some(assessment.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(assessment.to_dto())
}

/// One assessment, for whoever may see its class.
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<AssessmentDto, ApiError> {
    let (assessment, _) = visible_assessment(ctx.db(), &ctx.caller, id).await?;
    Ok(assessment.to_dto())
}

/// The results sheet with the rows the caller may see.
pub async fn results(ctx: &Ctx, id: Uuid) -> Result<ResultsDto, ApiError> {
    let (visibility, _) =
        access::training_visibility(ctx.db(), &ctx.caller, TrainingResource::Enrolments).await?;
    let (assessment, _) = visible_assessment(ctx.db(), &ctx.caller, id).await?;
    sheet(ctx.db(), &assessment, visibility).await
}

/// Enters or corrects results while the class is in progress, all or none; answers the whole sheet.
pub async fn record(ctx: &Ctx, id: Uuid, r: ResultsRequest) -> Result<ResultsDto, ApiError> {
    let (assessment, caller) = visible_assessment(ctx.db(), &ctx.caller, id).await?;
    access::require_result_recorder(ctx.db(), &ctx.caller, &caller, assessment.class_id).await?;
    let entries = r.results;
    let txn = begin_write(ctx.db()).await?;
    let class = classes::find(&txn, assessment.class_id).await?;
    if !class.status.records_results() {
        return Err(ApiError::Problem {
            code: ProblemCode::ResultsClosed,
            detail: format!(
                "results are entered and corrected while a class is in progress; this class is {} (a completed class's learning records are corrected instead)",
                class.status
            ),
        });
    }
    let enrolment_statuses: HashMap<Uuid, _> =
        enrolments::in_class(&txn, class.id, TrainingVisibility::All)
            .await?
            .into_iter()
            .map(|e| (e.id, e.status))
            .collect();
    let recorded = assessments::results(&txn, assessment.id).await?;
    let versions = recorded
        .iter()
        .map(|(enrolment, r)| (*enrolment, r.version))
        .collect();
    let stale = stale_entries(&entries, &versions);
    if !stale.is_empty() {
        return Err(ApiError::Problem {
            code: ProblemCode::VersionConflict,
            detail: format!(
                "results changed since they were read ({}); reload the sheet and enter them again",
                stale
                    .iter()
                    .map(|(i, enrolment)| format!("results[{i}]: enrolment {enrolment}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let values = recorded
        .iter()
        .map(|(enrolment, r)| (*enrolment, r.value))
        .collect();
    let writes = review_results(
        assessment.data.grading,
        &entries,
        &enrolment_statuses,
        &values,
    )
    .map_err(ApiError::Validation)?;
    if !writes.is_empty() {
        let before: Vec<serde_json::Value> = writes
            .iter()
            .filter_map(|w| {
                values
                    .get(&w.enrolment_id)
                    .map(|v| v.snapshot(w.enrolment_id))
            })
            .collect();
        let after: Vec<serde_json::Value> = writes
            .iter()
            .map(|w| {
                let mut v = w.value.snapshot(w.enrolment_id);
                if let cebase_domain::training::ResultChange::Correction { reason, .. } = &w.change
                {
                    v["reason"] = json!(reason.as_ref());
                }
                v
            })
            .collect();
        assessments::record(&txn, assessment.id, &writes, &recorded, ctx.caller.id()).await?;
        record_audit(
            &txn,
            &ctx.caller,
            "assessment.results",
            "assessment",
            assessment.id,
            Some(json!(before)),
            Some(json!(after)),
        )
        .await?;
    }
    commit(txn).await?;
    // Whoever may record sees every row of the class (staff all; a teacher their class's).
    sheet(ctx.db(), &assessment, TrainingVisibility::All).await
}

/// The history of one result: the current value and every correction, oldest first.
pub async fn history(
    ctx: &Ctx,
    id: Uuid,
    enrolment_id: Uuid,
) -> Result<ResultHistoryDto, ApiError> {
    let (visibility, _) =
        access::training_visibility(ctx.db(), &ctx.caller, TrainingResource::Enrolments).await?;
    let (assessment, _) = visible_assessment(ctx.db(), &ctx.caller, id).await?;
    let enrolment = enrolments::find_visible(ctx.db(), enrolment_id, visibility).await?;
    if enrolment.class_id != assessment.class_id {
        return Err(ApiError::NotFound);
    }
    let (result, corrections) = assessments::history(ctx.db(), assessment.id, enrolment.id).await?;
    let names = assessments::account_names(
        ctx.db(),
        std::iter::once(result.recorded_by).chain(corrections.iter().map(|c| c.corrected_by)),
    )
    .await?;
    Ok(result.history_dto(&corrections, &names))
}
