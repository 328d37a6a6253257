//! Assessments of a class, their results (one per assessment and enrolment:
//! `uq_assessment_results_assessment_enrolment`) and the results' correction history.
//!
//! A correction updates the result row (bumping its `version`, conditional on the version the
//! caller read) and inserts a `result_corrections` row with the previous value, who, when and
//! why, in the caller's transaction; correction rows are never changed.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::training::{
    Assessment, AssessmentData, AssessmentResult, Grading, ResultChange, ResultCorrection,
    ResultValue, ResultWrite, ScoreTenths,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::text;
use crate::entities::{assessment, assessment_result, result_correction};
use crate::listing::corrupt;

fn tenths(v: ScoreTenths) -> Result<i32, StoreError> {
    i32::try_from(v.0).map_err(|_| StoreError::Corrupt("score out of range".into()))
}

fn score(raw: Option<i32>) -> Option<Option<ScoreTenths>> {
    match raw {
        None => Some(None),
        Some(v) => u32::try_from(v).ok().map(|v| Some(ScoreTenths(v))),
    }
}

fn decode(m: assessment::Model) -> Result<Assessment, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("assessments.{what}"), id);
    let scoring: cebase_domain::training::Scoring =
        m.scoring.parse().map_err(|_| bad("scoring"))?;
    let grading = match (
        scoring,
        score(m.max_score_tenths),
        score(m.pass_mark_tenths),
    ) {
        (
            cebase_domain::training::Scoring::Scored,
            Some(Some(max_score)),
            Some(Some(pass_mark)),
        ) if pass_mark <= max_score => Grading::Scored {
            max_score,
            pass_mark,
        },
        (cebase_domain::training::Scoring::PassFail, Some(None), Some(None)) => Grading::PassFail,
        _ => return Err(bad("scoring/max_score/pass_mark")),
    };
    Ok(Assessment {
        id,
        class_id: m.class_id,
        data: AssessmentData {
            title: text(&m.title).ok_or_else(|| bad("title"))?,
            kind: m.kind.parse().map_err(|_| bad("kind"))?,
            course_id: m.course_id,
            grading,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

fn decode_result(m: assessment_result::Model) -> Result<AssessmentResult, StoreError> {
    let score = score(m.score_tenths).ok_or_else(|| corrupt("assessment_results.score", m.id))?;
    Ok(AssessmentResult {
        id: m.id,
        assessment_id: m.assessment_id,
        enrolment_id: m.enrolment_id,
        value: ResultValue {
            score,
            passed: m.passed,
        },
        recorded_by: m.recorded_by,
        recorded_at: m.recorded_at,
        version: m.version,
    })
}

/// Creates an assessment of class `class_id` on behalf of account `by`.
pub async fn create(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    data: AssessmentData,
    by: Uuid,
) -> Result<Assessment, StoreError> {
    let now = Utc::now();
    let (max, pass) = match data.grading {
        Grading::Scored {
            max_score,
            pass_mark,
        } => (Some(tenths(max_score)?), Some(tenths(pass_mark)?)),
        Grading::PassFail => (None, None),
    };
    let m = assessment::ActiveModel {
        id: Set(Uuid::now_v7()),
        class_id: Set(class_id),
        course_id: Set(data.course_id),
        title: Set(data.title.as_ref().to_owned()),
        kind: Set(data.kind.as_str().to_owned()),
        scoring: Set(data.grading.scoring().as_str().to_owned()),
        max_score_tenths: Set(max),
        pass_mark_tenths: Set(pass),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    decode(m)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Assessment, StoreError> {
    let m = assessment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// Every assessment of a class, in creation order.
pub async fn of_class(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<Vec<Assessment>, StoreError> {
    assessment::Entity::find()
        .filter(assessment::Column::ClassId.eq(class_id))
        .order_by_asc(assessment::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(decode)
        .collect()
}

/// Every result of an assessment, by enrolment.
pub async fn results(
    db: &impl ConnectionTrait,
    assessment_id: Uuid,
) -> Result<HashMap<Uuid, AssessmentResult>, StoreError> {
    assessment_result::Entity::find()
        .filter(assessment_result::Column::AssessmentId.eq(assessment_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| decode_result(m).map(|r| (r.enrolment_id, r)))
        .collect()
}

/// Every result of every assessment of a class, by (assessment, enrolment).
pub async fn results_of_class(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<HashMap<(Uuid, Uuid), ResultValue>, StoreError> {
    let ids: Vec<Uuid> = of_class(db, class_id).await?.iter().map(|a| a.id).collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    assessment_result::Entity::find()
        .filter(assessment_result::Column::AssessmentId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| decode_result(m).map(|r| ((r.assessment_id, r.enrolment_id), r.value)))
        .collect()
}

/// Writes reviewed results of assessment `assessment_id` on behalf of account `by`, in the
/// caller's transaction: a first result is inserted; a correction updates the row `recorded`
/// holds (if it is still at that version: `VersionConflict` otherwise) and keeps the previous
/// value with the reason.
pub async fn record(
    txn: &DatabaseTransaction,
    assessment_id: Uuid,
    writes: &[ResultWrite],
    recorded: &HashMap<Uuid, AssessmentResult>,
    by: Uuid,
) -> Result<(), StoreError> {
    let now = Utc::now();
    for w in writes {
        let score = w.value.score.map(tenths).transpose()?;
        match &w.change {
            ResultChange::First => {
                assessment_result::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    assessment_id: Set(assessment_id),
                    enrolment_id: Set(w.enrolment_id),
                    score_tenths: Set(score),
                    passed: Set(w.value.passed),
                    recorded_by: Set(by),
                    recorded_at: Set(now),
                    version: Set(1),
                }
                .insert(txn)
                .await
                .map_err(|e| StoreError::unique_as(e, ProblemCode::VersionConflict))?;
            }
            ResultChange::Correction { previous, reason } => {
                let current = recorded
                    .get(&w.enrolment_id)
                    .ok_or(StoreError::VersionConflict)?;
                let updated = assessment_result::Entity::update_many()
                    .col_expr(assessment_result::Column::ScoreTenths, Expr::value(score))
                    .col_expr(
                        assessment_result::Column::Passed,
                        Expr::value(w.value.passed),
                    )
                    .col_expr(assessment_result::Column::RecordedBy, Expr::value(by))
                    .col_expr(assessment_result::Column::RecordedAt, Expr::value(now))
                    .col_expr(
                        assessment_result::Column::Version,
                        Expr::col(assessment_result::Column::Version).add(1),
                    )
                    .filter(assessment_result::Column::Id.eq(current.id))
                    .filter(assessment_result::Column::Version.eq(current.version))
                    .exec(txn)
                    .await?;
                if updated.rows_affected == 0 {
                    return Err(StoreError::VersionConflict);
                }
                result_correction::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    result_id: Set(current.id),
                    previous_score_tenths: Set(previous.score.map(tenths).transpose()?),
                    previous_passed: Set(previous.passed),
                    score_tenths: Set(score),
                    passed: Set(w.value.passed),
                    reason: Set(reason.as_ref().to_owned()),
                    corrected_by: Set(by),
                    corrected_at: Set(now),
                }
                .insert(txn)
                .await?;
            }
        }
    }
    Ok(())
}

/// The result of `enrolment_id` in `assessment_id` and its corrections, oldest first.
pub async fn history(
    db: &impl ConnectionTrait,
    assessment_id: Uuid,
    enrolment_id: Uuid,
) -> Result<(AssessmentResult, Vec<ResultCorrection>), StoreError> {
    let m = assessment_result::Entity::find()
        .filter(assessment_result::Column::AssessmentId.eq(assessment_id))
        .filter(assessment_result::Column::EnrolmentId.eq(enrolment_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let result = decode_result(m)?;
    let corrections = result_correction::Entity::find()
        .filter(result_correction::Column::ResultId.eq(result.id))
        .order_by_asc(result_correction::Column::CorrectedAt)
        .order_by_asc(result_correction::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let bad = |what: &str| corrupt(&format!("result_corrections.{what}"), c.id);
            Ok(ResultCorrection {
                id: c.id,
                previous: ResultValue {
                    score: score(c.previous_score_tenths).ok_or_else(|| bad("previous_score"))?,
                    passed: c.previous_passed,
                },
                value: ResultValue {
                    score: score(c.score_tenths).ok_or_else(|| bad("score"))?,
                    passed: c.passed,
                },
                reason: text(&c.reason).ok_or_else(|| bad("reason"))?,
                corrected_by: c.corrected_by,
                corrected_at: c.corrected_at,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    Ok((result, corrections))
}

/// The display names of the given accounts (who recorded and corrected results), by id.
pub async fn account_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    crate::users::display_names(db, &ids).await
}
