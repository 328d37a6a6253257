//! Completing a class (Art. 6, 11): the evaluation of every active enrolment against the class's
//! completion rules — a preview ([`review`]) until the class is completed, then stored by the
//! `complete` transition ([`complete`], called by [`super::classes`] in the transaction that
//! changes the state), which also writes a learning record (学习档案) for every completed
//! enrolment.

use std::collections::HashMap;

use cebase_domain::access::TrainingResource;
use cebase_domain::class::ClassStatus;
use cebase_domain::training::{
    CompletionDto, CompletionOutcome, Enrolment, EnrolmentEvaluation, LearningRecordVersion,
    TrainingClass, evaluate_class, record_content,
};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{
    ConnectionTrait, DatabaseTransaction, assessments, attendance, completion, enrolments,
    learning_records, sessions,
};
use serde_json::json;
use uuid::Uuid;

use super::{Ctx, record_audit};
use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;

/// Evaluates `enrolments` of `class` against its rules with what is recorded now: attendance
/// (present or excused over the scheduled sessions) and the results of every assessment.
pub(crate) async fn evaluate(
    db: &impl ConnectionTrait,
    class: &TrainingClass,
    enrolments: &[Enrolment],
) -> Result<Vec<EnrolmentEvaluation>, ApiError> {
    let schedule = sessions::list(db, class.id).await?;
    let mut attended: HashMap<Uuid, u32> = HashMap::new();
    for ((_, enrolment), status) in attendance::marks(db, class.id).await? {
        if status.counts_as_attended() {
            *attended.entry(enrolment).or_default() += 1;
        }
    }
    let class_assessments = assessments::of_class(db, class.id).await?;
    let mut passes: HashMap<Uuid, Vec<bool>> = HashMap::new();
    for ((_, enrolment), value) in assessments::results_of_class(db, class.id).await? {
        passes.entry(enrolment).or_default().push(value.passed);
    }
    let sessions = u32::try_from(schedule.len()).unwrap_or(u32::MAX);
    Ok(evaluate_class(
        class.data.completion_rules,
        sessions,
        enrolments,
        &attended,
        class_assessments.len(),
        &passes,
    ))
}

/// Evaluates every active enrolment of `class` (just moved to `completed` in `txn`) and stores
/// the outcomes; writes version 1 of a learning record for each completed enrolment, audited.
/// Answers the evaluations and the records written.
pub(crate) async fn complete(
    txn: &DatabaseTransaction,
    auth: &AuthUser,
    class: &TrainingClass,
) -> Result<(Vec<EnrolmentEvaluation>, Vec<LearningRecordVersion>), ApiError> {
    let all = enrolments::in_class(txn, class.id, TrainingVisibility::All).await?;
    let evaluations = evaluate(txn, class, &all).await?;
    completion::store(txn, class.id, &evaluations, auth.id()).await?;
    let schedule = sessions::list(txn, class.id).await?;
    let class_assessments = assessments::of_class(txn, class.id).await?;
    let results = assessments::results_of_class(txn, class.id).await?;
    let mut records = Vec::new();
    for e in evaluations
        .iter()
        .filter(|e| e.outcome == CompletionOutcome::Completed)
    {
        let with_results: Vec<_> = class_assessments
            .iter()
            .map(|a| (a.clone(), results.get(&(a.id, e.enrolment_id)).copied()))
            .collect();
        let content = record_content(class, &schedule, &with_results);
        let record = learning_records::create(
            txn,
            e.enrolment_id,
            e.person_id,
            class.id,
            &content,
            auth.id(),
        )
        .await?;
        record_audit(
            txn,
            auth,
            "learning_record.create",
            "learning_record",
            record.record_id,
            None,
            Some(record.audit_snapshot()),
        )
        .await?;
        records.push(record);
    }
    Ok((evaluations, records))
}

/// A summary of stored evaluations for the audit trail of the completion.
pub(crate) fn audit_summary(evaluations: &[EnrolmentEvaluation]) -> serde_json::Value {
    json!(
        evaluations
            .iter()
            .map(|e| json!({
                "enrolment_id": e.enrolment_id,
                "outcome": e.outcome,
                "failures": e.failures,
            }))
            .collect::<Vec<_>>()
    )
}

/// The completion review of class `id`: stored outcomes once the class is completed, otherwise
/// a preview; rows as the caller may see enrolments.
pub async fn review(ctx: &Ctx, id: Uuid) -> Result<CompletionDto, ApiError> {
    let (visibility, _) =
        access::training_visibility(ctx.db(), &ctx.caller, TrainingResource::Enrolments).await?;
    let (class, _) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    let rows = enrolments::in_class(ctx.db(), class.id, visibility).await?;
    let stored = matches!(class.status, ClassStatus::Completed | ClassStatus::Reported);
    let rows = if stored {
        completion::stored(ctx.db(), class.id, &rows)
            .await?
            .iter()
            .map(|s| s.evaluation.to_dto(Some(s.evaluated_at)))
            .collect()
    } else {
        evaluate(ctx.db(), &class, &rows)
            .await?
            .iter()
            .map(|e| e.to_dto(None))
            .collect()
    };
    Ok(CompletionDto {
        class_id: class.id,
        class_status: class.status,
        stored,
        rules: class.data.completion_rules,
        rows,
    })
}
