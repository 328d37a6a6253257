//! Training-effect evaluation (Art. 11, 16) and follow-up feedback (Art. 17).
//!
//! **Anonymity:** an evaluation response (`evaluations`) is stored with its class only — a
//! random (v4, not time-ordered) id, no enrolment, no person, no time. "One response per
//! enrolment" is kept by a separate receipt (`evaluation_receipts`, keyed by the enrolment)
//! inserted in the same transaction: a second receipt violates the primary key and the whole
//! response is refused (`Conflict("already_evaluated")`), also under concurrency.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::reports::{
    EvaluationAnswers, FollowUpAnswers, FollowUpResponse, Questionnaire, Respondent,
};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{evaluation, evaluation_receipt, follow_up, questionnaire};
use crate::listing::corrupt;

// --- questionnaires ---

/// A class's own questionnaire and its version, if it has one.
pub async fn questionnaire(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<Option<(Questionnaire, i32)>, StoreError> {
    let Some(m) = questionnaire::Entity::find_by_id(class_id).one(db).await? else {
        return Ok(None);
    };
    let q = serde_json::from_str(&m.content)
        .map_err(|_| corrupt("questionnaires.content", class_id))?;
    Ok(Some((q, m.version)))
}

/// Stores the class's questionnaire: `expected_version` 0 creates it (a concurrent creation
/// violates the key: `VersionConflict`), otherwise it replaces version `expected_version`.
pub async fn save_questionnaire(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    q: &Questionnaire,
    expected_version: i32,
    by: Uuid,
) -> Result<i32, StoreError> {
    let content = serde_json::to_string(q)
        .map_err(|e| StoreError::Corrupt(format!("questionnaire not serialisable: {e}")))?;
    if expected_version == 0 {
        questionnaire::ActiveModel {
            class_id: Set(class_id),
            content: Set(content),
            updated_by: Set(by),
            updated_at: Set(Utc::now()),
            version: Set(1),
        }
        .insert(db)
        .await
        .map_err(|e| StoreError::unique_as(e, ProblemCode::VersionConflict))
        .map_err(|e| match e {
            StoreError::Conflict(_) => StoreError::VersionConflict,
            other => other,
        })?;
        return Ok(1);
    }
    let result = questionnaire::Entity::update_many()
        .col_expr(questionnaire::Column::Content, Expr::value(content))
        .col_expr(questionnaire::Column::UpdatedBy, Expr::value(by))
        .col_expr(questionnaire::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            questionnaire::Column::Version,
            Expr::col(questionnaire::Column::Version).add(1),
        )
        .filter(questionnaire::Column::ClassId.eq(class_id))
        .filter(questionnaire::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::VersionConflict);
    }
    Ok(expected_version + 1)
}

// --- evaluations ---

/// Stores one response of enrolment `enrolment_id` in class `class_id`: the receipt (once per
/// enrolment: `Conflict("already_evaluated")`) and the anonymous answers.
pub async fn submit(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    enrolment_id: Uuid,
    answers: &EvaluationAnswers,
) -> Result<(), StoreError> {
    evaluation_receipt::ActiveModel {
        enrolment_id: Set(enrolment_id),
        class_id: Set(class_id),
        submitted_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::AlreadyEvaluated))?;
    let json = serde_json::to_string(answers)
        .map_err(|e| StoreError::Corrupt(format!("answers not serialisable: {e}")))?;
    evaluation::ActiveModel {
        id: Set(Uuid::new_v4()),
        class_id: Set(class_id),
        answers: Set(json),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Whether enrolment `enrolment_id` has answered.
pub async fn answered(db: &impl ConnectionTrait, enrolment_id: Uuid) -> Result<bool, StoreError> {
    Ok(evaluation_receipt::Entity::find_by_id(enrolment_id)
        .count(db)
        .await?
        > 0)
}

/// Every response of the given classes (anonymous), by class.
pub async fn answers_of(
    db: &impl ConnectionTrait,
    class_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<EvaluationAnswers>>, StoreError> {
    let mut by_class: HashMap<Uuid, Vec<EvaluationAnswers>> = HashMap::new();
    if class_ids.is_empty() {
        return Ok(by_class);
    }
    for m in evaluation::Entity::find()
        .filter(evaluation::Column::ClassId.is_in(class_ids.iter().copied()))
        .all(db)
        .await?
    {
        let a: EvaluationAnswers =
            serde_json::from_str(&m.answers).map_err(|_| corrupt("evaluations.answers", m.id))?;
        by_class.entry(m.class_id).or_default().push(a);
    }
    Ok(by_class)
}

// --- follow-ups ---

/// Who answers a follow-up: a trainee (by person) or an employer (by organisation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpSubject {
    Trainee(Uuid),
    Employer(Uuid),
}

impl FollowUpSubject {
    fn key(self) -> String {
        match self {
            FollowUpSubject::Trainee(p) => format!("trainee:{p}"),
            FollowUpSubject::Employer(o) => format!("employer:{o}"),
        }
    }
}

/// Stores a follow-up response (once per class and subject: `Conflict("already_answered")`).
pub async fn submit_follow_up(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    subject: FollowUpSubject,
    answers: &FollowUpAnswers,
    by: Uuid,
) -> Result<Uuid, StoreError> {
    let id = Uuid::now_v7();
    let (respondent, person, organisation) = match subject {
        FollowUpSubject::Trainee(p) => (Respondent::Trainee, Some(p), None),
        FollowUpSubject::Employer(o) => (Respondent::Employer, None, Some(o)),
    };
    follow_up::ActiveModel {
        id: Set(id),
        class_id: Set(class_id),
        respondent: Set(respondent.as_str().to_owned()),
        respondent_key: Set(subject.key()),
        person_id: Set(person),
        organisation_id: Set(organisation),
        applied: Set(i32::from(answers.applied)),
        improvement: Set(i32::from(answers.improvement)),
        comment: Set(answers.comment.as_ref().map(|t| t.as_ref().to_owned())),
        submitted_by: Set(by),
        submitted_at: Set(Utc::now()),
    }
    .insert(db)
    .await
    .map_err(|e| StoreError::unique_as(e, ProblemCode::AlreadyAnswered))?;
    Ok(id)
}

/// Whether `subject` has answered the follow-up of class `class_id`.
pub async fn follow_up_answered(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    subject: FollowUpSubject,
) -> Result<bool, StoreError> {
    Ok(follow_up::Entity::find()
        .filter(follow_up::Column::ClassId.eq(class_id))
        .filter(follow_up::Column::RespondentKey.eq(subject.key()))
        .count(db)
        .await?
        > 0)
}

/// Every follow-up response of the given classes.
pub async fn follow_ups_of(
    db: &impl ConnectionTrait,
    class_ids: &[Uuid],
) -> Result<Vec<FollowUpResponse>, StoreError> {
    if class_ids.is_empty() {
        return Ok(Vec::new());
    }
    follow_up::Entity::find()
        .filter(follow_up::Column::ClassId.is_in(class_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            let bad = |what: &str| corrupt(&format!("follow_ups.{what}"), m.id);
            Ok(FollowUpResponse {
                class_id: m.class_id,
                respondent: m.respondent.parse().map_err(|_| bad("respondent"))?,
                applied: u8::try_from(m.applied).map_err(|_| bad("applied"))?,
                improvement: u8::try_from(m.improvement).map_err(|_| bad("improvement"))?,
                comment: m.comment,
            })
        })
        .collect()
}

/// A class whose follow-up may concern the caller: completed or reported, with who completed
/// it (person and employer).
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpClass {
    pub class_id: Uuid,
    pub title: String,
    pub end_date: NaiveDate,
    /// (person, employer) of every enrolment with the outcome `completed`.
    pub completed: Vec<(Uuid, Option<Uuid>)>,
}

/// Completed and reported classes with the people who completed them, by end date.
pub async fn follow_up_classes(
    db: &impl ConnectionTrait,
) -> Result<Vec<FollowUpClass>, StoreError> {
    use crate::entities::{class, enrolment, enrolment_outcome, person};
    use cebase_domain::class::ClassStatus;
    use cebase_domain::training::CompletionOutcome;
    use sea_orm::{QueryOrder, QuerySelect};
    let classes: Vec<(Uuid, String, NaiveDate)> = class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .column(class::Column::Title)
        .column(class::Column::EndDate)
        .filter(class::Column::Status.is_in([
            ClassStatus::Completed.as_str(),
            ClassStatus::Reported.as_str(),
        ]))
        .order_by_asc(class::Column::EndDate)
        .order_by_asc(class::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if classes.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = classes.iter().map(|c| c.0).collect();
    let completed: Vec<Uuid> = enrolment_outcome::Entity::find()
        .select_only()
        .column(enrolment_outcome::Column::EnrolmentId)
        .filter(enrolment_outcome::Column::ClassId.is_in(ids.clone()))
        .filter(enrolment_outcome::Column::Outcome.eq(CompletionOutcome::Completed.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    let mut by_class: HashMap<Uuid, Vec<(Uuid, Option<Uuid>)>> = HashMap::new();
    if !completed.is_empty() {
        let enrolments: Vec<(Uuid, Uuid)> = enrolment::Entity::find()
            .select_only()
            .column(enrolment::Column::ClassId)
            .column(enrolment::Column::PersonId)
            .filter(enrolment::Column::Id.is_in(completed))
            .into_tuple()
            .all(db)
            .await?;
        let people: Vec<Uuid> = enrolments.iter().map(|e| e.1).collect();
        let employers: HashMap<Uuid, Option<Uuid>> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .column(person::Column::EmployerId)
            .filter(person::Column::Id.is_in(people))
            .into_tuple::<(Uuid, Option<Uuid>)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        for (class_id, person_id) in enrolments {
            by_class
                .entry(class_id)
                .or_default()
                .push((person_id, employers.get(&person_id).copied().flatten()));
        }
    }
    Ok(classes
        .into_iter()
        .map(|(class_id, title, end_date)| FollowUpClass {
            class_id,
            title,
            end_date,
            completed: by_class.remove(&class_id).unwrap_or_default(),
        })
        .collect())
}
