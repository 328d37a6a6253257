//! What is due of the plans (for the dashboard and `plans/due`) and the SQL aggregates behind
//! the execution summary of a year.

use std::collections::HashMap;

use cebase_domain::Authority;
use cebase_domain::class::ClassStatus;
use cebase_domain::plans::{ClassActuals, PlanDeadlines, PlanDueDto, PlanReview, PlanStatus};
use cebase_domain::training::CompletionOutcome;
use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, JoinType, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::decode;
use crate::StoreError;
use crate::entities::{class, enrolment_outcome, learning_record, learning_record_version, plan};
use crate::listing::corrupt;
use crate::reviews;

/// The deadline-bound steps every unfiled plan still has to take, with days left as of the
/// local date `today`, soonest first — what a dashboard asks ("what is due").
/// A reviewer (`reviewer`) sees only the steps of plans submitted to their authority.
pub async fn due_steps(
    db: &impl ConnectionTrait,
    deadlines: &PlanDeadlines,
    today: NaiveDate,
    reviewer: Option<Authority>,
) -> Result<Vec<PlanDueDto>, StoreError> {
    let mut open = plan::Entity::find().filter(plan::Column::Status.ne(PlanStatus::Filed.as_str()));
    if let Some(authority) = reviewer {
        open = open.filter(reviews::reached::<PlanReview>(&reviews::PLANS, authority));
    }
    let open = open.order_by_asc(plan::Column::Year).all(db).await?;
    let mut due = Vec::new();
    for m in open {
        let p = decode(m)?;
        for step in deadlines.pending(p.status, p.data.year, today) {
            due.push(PlanDueDto {
                plan_id: p.id,
                year: p.data.year,
                title: p.data.title.as_ref().to_owned(),
                status: p.status,
                due: step,
            });
        }
    }
    due.sort_by_key(|d| (d.due.due_before, d.year));
    Ok(due)
}

// --- execution summary ---

const HELD: [ClassStatus; 2] = [ClassStatus::Completed, ClassStatus::Reported];

/// What each class held (completed or reported) in `year` achieved — classes whose end date
/// falls in `year` or that implement one of `item_ids` — by SQL aggregates over stored outcomes
/// and the current versions of learning records.
pub async fn held_class_actuals(
    db: &impl ConnectionTrait,
    year: i32,
    item_ids: &[Uuid],
) -> Result<Vec<ClassActuals>, StoreError> {
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Ok(Vec::new());
    };
    let mut in_scope = Condition::any().add(
        Condition::all()
            .add(class::Column::EndDate.gte(first))
            .add(class::Column::EndDate.lte(last)),
    );
    if !item_ids.is_empty() {
        in_scope = in_scope.add(class::Column::PlanItemId.is_in(item_ids.iter().copied()));
    }
    let held: Vec<(Uuid, Option<Uuid>)> = class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .column(class::Column::PlanItemId)
        .filter(class::Column::Status.is_in(HELD.iter().map(|s| s.as_str())))
        .filter(in_scope)
        .order_by_asc(class::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if held.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = held.iter().map(|(id, _)| *id).collect();

    let completed: HashMap<Uuid, i64> = enrolment_outcome::Entity::find()
        .select_only()
        .column(enrolment_outcome::Column::ClassId)
        .column_as(enrolment_outcome::Column::EnrolmentId.count(), "n")
        .filter(enrolment_outcome::Column::ClassId.is_in(ids.clone()))
        .filter(enrolment_outcome::Column::Outcome.eq(CompletionOutcome::Completed.as_str()))
        .group_by(enrolment_outcome::Column::ClassId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();

    // Person-hours: the current version of every learning record of the classes.
    let v = Alias::new("v");
    let h = Alias::new("h");
    let query = Query::select()
        .expr_as(
            Expr::col((v.clone(), learning_record_version::Column::ClassId)),
            Alias::new("class_id"),
        )
        .expr_as(
            Func::coalesce([
                Func::sum(Expr::col((
                    v.clone(),
                    learning_record_version::Column::PublicRequiredTenths,
                )))
                .into(),
                Expr::value(0),
            ]),
            Alias::new("public_tenths"),
        )
        .expr_as(
            Func::coalesce([
                Func::sum(Expr::col((
                    v.clone(),
                    learning_record_version::Column::ProfessionalTenths,
                )))
                .into(),
                Expr::value(0),
            ]),
            Alias::new("professional_tenths"),
        )
        .from_as(learning_record_version::Entity, v.clone())
        .join_as(
            JoinType::InnerJoin,
            learning_record::Entity,
            h.clone(),
            Expr::col((h.clone(), learning_record::Column::Id))
                .equals((v.clone(), learning_record_version::Column::RecordId))
                .and(
                    Expr::col((h.clone(), learning_record::Column::CurrentVersion))
                        .equals((v.clone(), learning_record_version::Column::Version)),
                ),
        )
        .and_where(Expr::col((v.clone(), learning_record_version::Column::ClassId)).is_in(ids))
        .group_by_col((v, learning_record_version::Column::ClassId))
        .to_owned();
    let mut hours: HashMap<Uuid, (i64, i64)> = HashMap::new();
    for row in db.query_all(&query).await? {
        let class_id: Uuid = row.try_get("", "class_id")?;
        let public: i64 = row.try_get("", "public_tenths")?;
        let professional: i64 = row.try_get("", "professional_tenths")?;
        hours.insert(class_id, (public, professional));
    }

    let certificates = certificates_issued_per_class(db, &held).await?;
    held.into_iter()
        .map(|(class_id, plan_item_id)| {
            let bad = || corrupt("execution summary figures", class_id);
            let (public, professional) = hours.get(&class_id).copied().unwrap_or((0, 0));
            Ok(ClassActuals {
                class_id,
                plan_item_id,
                completed_trainees: u32::try_from(completed.get(&class_id).copied().unwrap_or(0))
                    .map_err(|_| bad())?,
                public_required_tenths: u64::try_from(public).map_err(|_| bad())?,
                professional_tenths: u64::try_from(professional).map_err(|_| bad())?,
                certificates_issued: certificates
                    .as_ref()
                    .map(|c| c.get(&class_id).copied().unwrap_or(0)),
                spending_fen: None,
            })
        })
        .collect()
}

/// Valid certificates per class, for the execution summary (a re-issued certificate counts
/// once). Always known, so `Some`.
pub async fn certificates_issued_per_class(
    db: &impl ConnectionTrait,
    classes: &[(Uuid, Option<Uuid>)],
) -> Result<Option<HashMap<Uuid, u32>>, StoreError> {
    let ids: Vec<Uuid> = classes.iter().map(|(id, _)| *id).collect();
    crate::certificates::valid_count_per_class(db, &ids)
        .await
        .map(Some)
}
