//! The completion outcome of each enrolment (`enrolment_outcomes`, keyed by the enrolment),
//! written once, in the transaction that completes the class.

use std::collections::HashMap;

use cebase_domain::learning::CompletionFailure;
use cebase_domain::training::{Enrolment, EnrolmentEvaluation, StoredEvaluation};
use chrono::Utc;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::enrolment_outcome;
use crate::listing::corrupt;

/// Rows per `INSERT` (9 parameters each).
const CHUNK: usize = 500;

fn count(n: u32) -> Result<i32, StoreError> {
    i32::try_from(n).map_err(|_| StoreError::Corrupt("session count out of range".into()))
}

/// Stores the evaluations of class `class_id`, made on behalf of account `by`.
pub async fn store(
    txn: &DatabaseTransaction,
    class_id: Uuid,
    evaluations: &[EnrolmentEvaluation],
    by: Uuid,
) -> Result<(), StoreError> {
    let now = Utc::now();
    for chunk in evaluations.chunks(CHUNK) {
        let rows = chunk
            .iter()
            .map(|e| {
                Ok(enrolment_outcome::ActiveModel {
                    enrolment_id: Set(e.enrolment_id),
                    class_id: Set(class_id),
                    outcome: Set(e.outcome.as_str().to_owned()),
                    failures: Set(serde_json::to_string(&e.failures)
                        .map_err(|_| StoreError::Corrupt("completion failures".into()))?),
                    attended: Set(count(e.attended)?),
                    sessions: Set(count(e.sessions)?),
                    assessment_passed: Set(e.assessment_passed),
                    evaluated_by: Set(by),
                    evaluated_at: Set(now),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        if rows.is_empty() {
            continue;
        }
        enrolment_outcome::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// The stored outcomes of the given enrolments of class `class_id`, in their order (enrolments
/// without an outcome — none, once the class is completed — are left out).
pub async fn stored(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    enrolments: &[Enrolment],
) -> Result<Vec<StoredEvaluation>, StoreError> {
    let mut rows: HashMap<Uuid, enrolment_outcome::Model> = enrolment_outcome::Entity::find()
        .filter(enrolment_outcome::Column::ClassId.eq(class_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.enrolment_id, m))
        .collect();
    enrolments
        .iter()
        .filter_map(|e| rows.remove(&e.id).map(|m| (e, m)))
        .map(|(e, m)| {
            let bad = |what: &str| corrupt(&format!("enrolment_outcomes.{what}"), m.enrolment_id);
            let failures: Vec<CompletionFailure> =
                serde_json::from_str(&m.failures).map_err(|_| bad("failures"))?;
            Ok(StoredEvaluation {
                evaluation: EnrolmentEvaluation {
                    enrolment_id: e.id,
                    person_id: e.person_id,
                    person_name: e.person_name.clone(),
                    attended: u32::try_from(m.attended).map_err(|_| bad("attended"))?,
                    sessions: u32::try_from(m.sessions).map_err(|_| bad("sessions"))?,
                    assessment_passed: m.assessment_passed,
                    outcome: m.outcome.parse().map_err(|_| bad("outcome"))?,
                    failures,
                },
                evaluated_by: m.evaluated_by,
                evaluated_at: m.evaluated_at,
            })
        })
        .collect()
}
