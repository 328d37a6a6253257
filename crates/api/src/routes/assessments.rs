//! Assessments (考试/考核, Art. 11): `/classes/{id}/assessments` (list, create),
//! `/assessments/{id}` and their results: `/assessments/{id}/results` (the sheet; entering and
//! correcting in all-or-nothing batches) and `/assessments/{id}/results/{enrolment_id}/history`.
//!
//! Whoever may see a class sees its assessments; staff and admin create them. Results are
//! entered by staff, admin and the class's teachers while the class is in progress; rows are
//! shown as enrolments are (staff and the class's teachers all, organisation contacts their
//! people's, trainees their own). Every correction keeps the previous value, who, when and why.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
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

use crate::access;
use crate::app::classes::not_editable;
use crate::app::{commit, record_audit, unknown_reference, validated};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::routes::created;
use crate::state::AppState;

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

/// The assessments of a class in creation order, whole (`next_cursor` is always `null`).
/// Readable by whoever may see the class.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<AssessmentDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/assessments")]
pub async fn list_assessments(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (class, _) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    let items = assessments::of_class(&state.db, class.id).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(Assessment::to_dto).collect::<Vec<_>>(),
        next_cursor: None,
    }))
}

/// Add an assessment to a class (staff, admin; until the class is completed or cancelled):
/// an `exam` or `assessment`, optionally of one course, `scored` (with `max_score` and
/// `pass_mark`) or `pass_fail`. When the class's completion rules require the assessment,
/// every assessment of the class must be passed.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = AssessmentRequest, responses(
    (status = 201, body = AssessmentDto, headers(("Location" = String, description = "the new assessment"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "class_not_editable: the class is completed, reported or cancelled", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. max_score/pass_mark required for a scored assessment, pass_mark above_max_score, course_id not_found", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/assessments")]
pub async fn create_assessment(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<AssessmentRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_class_management(&auth)?;
    let id = id.into_inner();
    let request = body.into_inner();
    let missing = match request.course_id {
        Some(course) if !courses::exists(&state.db, course).await? => {
            Some(unknown_reference("course_id", "course"))
        }
        _ => None,
    };
    let data = validated(AssessmentData::try_from(request), missing)?;
    let txn = begin_write(&state.db).await?;
    let class = classes::find(&txn, id).await?;
    if !class.status.accepts_assessments() {
        return Err(not_editable(class.status, "the assessments"));
    }
    let assessment = assessments::create(&txn, class.id, data, auth.id()).await?;
    record_audit(
        &txn,
        &auth,
        "assessment.create",
        "assessment",
        assessment.id,
        None,
        Some(assessment.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/assessments/{}", assessment.id),
        &assessment.to_dto(),
    ))
}

/// One assessment. Readable by whoever may see its class.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = AssessmentDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also an assessment of a class outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{id}")]
pub async fn get_assessment(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (assessment, _) = visible_assessment(&state.db, &auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(assessment.to_dto()))
}

/// The results sheet: one row per active enrolment with its score (scored assessments),
/// whether it passed, who recorded it when, and how often it was corrected; `null`s where
/// nothing is recorded. Staff, admin and the class's teachers see every row; organisation
/// contacts their organisation's people; trainees their own row.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ResultsDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another teacher's class)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{id}/results")]
pub async fn get_results(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (visibility, _) =
        access::training_visibility(&state.db, &auth, TrainingResource::Enrolments).await?;
    let (assessment, _) = visible_assessment(&state.db, &auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(sheet(&state.db, &assessment, visibility).await?))
}

/// Enter or correct results while the class is in progress (staff, admin, a teacher of one of
/// the class's sessions): one entry per enrolment, `score` for scored assessments (0 to
/// `max_score`, one decimal place; passed at `pass_mark` or above), `passed` for pass/fail ones.
/// Changing a recorded result needs a `reason`; the previous value, who, when and why are kept
/// (see `…/history`). An entry repeating the recorded value changes nothing. All entries are
/// written or none. Answers with the updated sheet.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ResultsRequest, responses(
    (status = 200, body = ResultsDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another teacher's class)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "results_closed: the class is not in progress; version_conflict: an entry's `version` is not the result's current one (it changed since it was read), or a result changed concurrently; nothing written", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: results[i].enrolment_id not_found or withdrawn, results[i] duplicate, results[i].score required/range/precision/not_applicable, results[i].passed required/not_applicable, results[i].reason required (a correction); nothing written", body = Problem, content_type = "application/problem+json"),
))]
#[put("/assessments/{id}/results")]
pub async fn record_results(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ResultsRequest>,
) -> Result<HttpResponse, ApiError> {
    let (assessment, caller) = visible_assessment(&state.db, &auth, id.into_inner()).await?;
    access::require_result_recorder(&state.db, &auth, &caller, assessment.class_id).await?;
    let entries = body.into_inner().results;
    let txn = begin_write(&state.db).await?;
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
        assessments::record(&txn, assessment.id, &writes, &recorded, auth.id()).await?;
        record_audit(
            &txn,
            &auth,
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
    Ok(HttpResponse::Ok().json(sheet(&state.db, &assessment, TrainingVisibility::All).await?))
}

/// The history of one result: the current value and every correction (the previous value, the
/// new value, who, when and why), oldest first. Visible to whoever may see the enrolment's row.
#[utoipa::path(tag = "assessments", security(("bearer" = [])), params(("id" = Uuid, Path), ("enrolment_id" = Uuid, Path)), responses(
    (status = 200, body = ResultHistoryDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no result recorded, or an enrolment or class outside the caller's scope", body = Problem, content_type = "application/problem+json"),
))]
#[get("/assessments/{id}/results/{enrolment_id}/history")]
pub async fn result_history(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, enrolment_id) = path.into_inner();
    let (visibility, _) =
        access::training_visibility(&state.db, &auth, TrainingResource::Enrolments).await?;
    let (assessment, _) = visible_assessment(&state.db, &auth, id).await?;
    let enrolment = enrolments::find_visible(&state.db, enrolment_id, visibility).await?;
    if enrolment.class_id != assessment.class_id {
        return Err(ApiError::NotFound);
    }
    let (result, corrections) =
        assessments::history(&state.db, assessment.id, enrolment.id).await?;
    let names = assessments::account_names(
        &state.db,
        std::iter::once(result.recorded_by).chain(corrections.iter().map(|c| c.corrected_by)),
    )
    .await?;
    Ok(HttpResponse::Ok().json(result.history_dto(&corrections, &names)))
}
