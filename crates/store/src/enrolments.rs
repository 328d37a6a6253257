//! Enrolments: a person in a class, at most once (`uq_enrolments_class_person`). Enrolling takes
//! the seats first ([`crate::classes`]' conditional update) and writes the rows in the same
//! transaction; withdrawing frees the seat in the same transaction. Both therefore take the
//! caller's transaction (from `begin_write`) rather than any connection.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::training::{
    Enrolment, EnrolmentPlan, EnrolmentSource, EnrolmentStatus, Withdrawal,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

use crate::entities::{enrolment, person};
use crate::listing::{PageRequest, TrainingVisibility, corrupt, nothing, paged, split_page};
use crate::{StoreError, classes, people};

/// Filters of the enrolment lists.
#[derive(Debug, Clone, Default)]
pub struct EnrolmentFilter {
    pub class_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub status: Option<EnrolmentStatus>,
}

/// One enrolment to write: who, as planned by `cebase_domain::training::plan_enrolment`, and
/// by which source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEnrolment {
    pub person_id: Uuid,
    pub plan: EnrolmentPlan,
    pub source: EnrolmentSource,
}

const ALREADY_ENROLLED: ProblemCode = ProblemCode::AlreadyEnrolled;

fn decode(
    m: enrolment::Model,
    class_title: String,
    person_name: String,
) -> Result<Enrolment, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("enrolments.{what}"), id);
    let withdrawal = match (m.withdrawn_at, m.withdrawn_by) {
        (Some(at), Some(by)) => Some(Withdrawal { at, by }),
        (None, None) => None,
        _ => return Err(bad("withdrawn_at/by")),
    };
    let status: EnrolmentStatus = m.status.parse().map_err(|_| bad("status"))?;
    if (status == EnrolmentStatus::Withdrawn) != withdrawal.is_some() {
        return Err(bad("status/withdrawn_at"));
    }
    Ok(Enrolment {
        id,
        class_id: m.class_id,
        class_title,
        person_id: m.person_id,
        person_name,
        status,
        source: m.source.parse().map_err(|_| bad("source"))?,
        enrolled_at: m.enrolled_at,
        enrolled_by: m.enrolled_by,
        withdrawal,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// Decodes rows with their classes' titles and people's names (one query each).
async fn decode_all(
    db: &impl ConnectionTrait,
    rows: Vec<enrolment::Model>,
) -> Result<Vec<Enrolment>, StoreError> {
    let titles = classes::titles(db, rows.iter().map(|m| m.class_id)).await?;
    let names: HashMap<Uuid, String> = people::names(db, rows.iter().map(|m| m.person_id))
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|m| {
            let title = titles
                .get(&m.class_id)
                .cloned()
                .ok_or_else(|| corrupt("enrolments.class_id", m.id))?;
            let name = names
                .get(&m.person_id)
                .cloned()
                .ok_or_else(|| corrupt("enrolments.person_id", m.id))?;
            decode(m, title, name)
        })
        .collect()
}

async fn find_where(
    db: &impl ConnectionTrait,
    condition: Condition,
) -> Result<Enrolment, StoreError> {
    let m = enrolment::Entity::find()
        .filter(condition)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_all(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Enrolment, StoreError> {
    find_where(db, Condition::all().add(enrolment::Column::Id.eq(id))).await
}

/// Enrolment `id` if it exists and lies within `visibility`; `NotFound` otherwise.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    id: Uuid,
    visibility: TrainingVisibility,
) -> Result<Enrolment, StoreError> {
    find_where(
        db,
        Condition::all()
            .add(enrolment::Column::Id.eq(id))
            .add(visible(visibility)),
    )
    .await
}

/// The enrolments (active or withdrawn) of the given people in a class, by person.
pub async fn of_people(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    person_ids: &[Uuid],
) -> Result<HashMap<Uuid, Enrolment>, StoreError> {
    if person_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(enrolment::Column::PersonId.is_in(person_ids.iter().copied()))
        .all(db)
        .await?;
    Ok(decode_all(db, rows)
        .await?
        .into_iter()
        .map(|e| (e.person_id, e))
        .collect())
}

/// Enrols `items` in class `class_id` on behalf of account `by`, all or nothing: first takes one
/// seat per item with the class's conditional seat update (`Conflict("class_full")` when fewer
/// are left — nothing is written then), then inserts the new rows and reactivates the withdrawn
/// ones. A person enrolled meanwhile is refused by the unique index or the reactivation's
/// condition (`Conflict("already_enrolled")`). The caller rolls back on any error.
pub async fn enrol(
    txn: &DatabaseTransaction,
    class_id: Uuid,
    items: &[NewEnrolment],
    by: Uuid,
) -> Result<Vec<Enrolment>, StoreError> {
    let seats = u32::try_from(items.len())
        .map_err(|_| StoreError::Corrupt("too many enrolments at once".into()))?;
    if !classes::take_seats(txn, class_id, seats).await? {
        return Err(StoreError::Conflict(ProblemCode::ClassFull));
    }
    let now = Utc::now();
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let id = match item.plan {
            EnrolmentPlan::New => {
                let id = Uuid::now_v7();
                enrolment::ActiveModel {
                    id: Set(id),
                    class_id: Set(class_id),
                    person_id: Set(item.person_id),
                    status: Set(EnrolmentStatus::Enrolled.as_str().to_owned()),
                    source: Set(item.source.as_str().to_owned()),
                    enrolled_at: Set(now),
                    enrolled_by: Set(by),
                    withdrawn_at: Set(None),
                    withdrawn_by: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    version: Set(1),
                }
                .insert(txn)
                .await
                .map_err(|e| StoreError::unique_as(e, ALREADY_ENROLLED))?;
                id
            }
            EnrolmentPlan::Reactivate { id } => {
                let result = enrolment::Entity::update_many()
                    .col_expr(
                        enrolment::Column::Status,
                        Expr::value(EnrolmentStatus::Enrolled.as_str()),
                    )
                    .col_expr(enrolment::Column::Source, Expr::value(item.source.as_str()))
                    .col_expr(enrolment::Column::EnrolledAt, Expr::value(now))
                    .col_expr(enrolment::Column::EnrolledBy, Expr::value(by))
                    .col_expr(
                        enrolment::Column::WithdrawnAt,
                        Expr::value(Option::<chrono::DateTime<Utc>>::None),
                    )
                    .col_expr(
                        enrolment::Column::WithdrawnBy,
                        Expr::value(Option::<Uuid>::None),
                    )
                    .col_expr(enrolment::Column::UpdatedAt, Expr::value(now))
                    .col_expr(
                        enrolment::Column::Version,
                        Expr::col(enrolment::Column::Version).add(1),
                    )
                    .filter(enrolment::Column::Id.eq(id))
                    .filter(enrolment::Column::ClassId.eq(class_id))
                    .filter(enrolment::Column::PersonId.eq(item.person_id))
                    .filter(enrolment::Column::Status.eq(EnrolmentStatus::Withdrawn.as_str()))
                    .exec(txn)
                    .await?;
                if result.rows_affected == 0 {
                    return Err(StoreError::Conflict(ALREADY_ENROLLED));
                }
                id
            }
        };
        ids.push(id);
    }
    let mut by_id: HashMap<Uuid, Enrolment> = decode_all(
        txn,
        enrolment::Entity::find()
            .filter(enrolment::Column::Id.is_in(ids.iter().copied()))
            .all(txn)
            .await?,
    )
    .await?
    .into_iter()
    .map(|e| (e.id, e))
    .collect();
    ids.iter()
        .map(|id| by_id.remove(id).ok_or(StoreError::NotFound))
        .collect()
}

/// Withdraws active enrolment `id` on behalf of account `by` and frees its seat, in the caller's
/// transaction. `Conflict("already_withdrawn")` when it is not active (any more).
pub async fn withdraw(
    txn: &DatabaseTransaction,
    id: Uuid,
    by: Uuid,
) -> Result<Enrolment, StoreError> {
    let now = Utc::now();
    let before = find(txn, id).await?;
    let result = enrolment::Entity::update_many()
        .col_expr(
            enrolment::Column::Status,
            Expr::value(EnrolmentStatus::Withdrawn.as_str()),
        )
        .col_expr(enrolment::Column::WithdrawnAt, Expr::value(now))
        .col_expr(enrolment::Column::WithdrawnBy, Expr::value(by))
        .col_expr(enrolment::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            enrolment::Column::Version,
            Expr::col(enrolment::Column::Version).add(1),
        )
        .filter(enrolment::Column::Id.eq(id))
        .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled.as_str()))
        .exec(txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::Conflict(ProblemCode::AlreadyWithdrawn));
    }
    classes::free_seat(txn, before.class_id).await?;
    find(txn, id).await
}

/// The condition selecting the enrolments `visibility` lets a caller see.
fn visible(visibility: TrainingVisibility) -> Condition {
    let TrainingVisibility::Only {
        organisation,
        person: own,
        teacher,
        ..
    } = visibility
    else {
        return Condition::all();
    };
    let mut any = Condition::any();
    let mut grounds = 0;
    if let Some(org) = organisation {
        let employed = Query::select()
            .column(person::Column::Id)
            .from(person::Entity)
            .and_where(person::Column::EmployerId.eq(org))
            .to_owned();
        any = any.add(enrolment::Column::PersonId.in_subquery(employed));
        grounds += 1;
    }
    if let Some(p) = own {
        any = any.add(enrolment::Column::PersonId.eq(p));
        grounds += 1;
    }
    if let Some(t) = teacher {
        any = any.add(enrolment::Column::ClassId.in_subquery(classes::taught_by(t)));
        grounds += 1;
    }
    if grounds == 0 {
        Condition::all().add(nothing())
    } else {
        any
    }
}

/// Enrolments in creation order, within `visibility`.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &EnrolmentFilter,
    visibility: TrainingVisibility,
    page: &PageRequest,
) -> Result<(Vec<Enrolment>, Option<String>), StoreError> {
    let mut query = enrolment::Entity::find().filter(visible(visibility));
    if let Some(class_id) = filter.class_id {
        query = query.filter(enrolment::Column::ClassId.eq(class_id));
    }
    if let Some(person_id) = filter.person_id {
        query = query.filter(enrolment::Column::PersonId.eq(person_id));
    }
    if let Some(status) = filter.status {
        query = query.filter(enrolment::Column::Status.eq(status.as_str()));
    }
    let rows = paged(
        query,
        enrolment::Column::Id,
        enrolment::Column::UpdatedAt,
        page,
    )
    .all(db)
    .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    Ok((decode_all(db, rows).await?, next))
}

/// Every enrolment of a class within `visibility`, in enrolment order (for the attendance
/// sheet).
pub async fn in_class(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    visibility: TrainingVisibility,
) -> Result<Vec<Enrolment>, StoreError> {
    let rows = enrolment::Entity::find()
        .filter(enrolment::Column::ClassId.eq(class_id))
        .filter(visible(visibility))
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    decode_all(db, rows).await
}

/// Enrols many people in class `class_id` at once (a bulk import), in the caller's
/// transaction: takes all their seats with one conditional update (`Conflict("class_full")`
/// when fewer are left), inserts the new enrolments in multi-row `INSERT`s and reactivates the
/// withdrawn ones. Answers how many were written; unlike [`enrol`] it reads nothing back.
pub async fn enrol_batch(
    txn: &DatabaseTransaction,
    class_id: Uuid,
    items: &[NewEnrolment],
    by: Uuid,
) -> Result<u64, StoreError> {
    if items.is_empty() {
        return Ok(0);
    }
    let seats = u32::try_from(items.len())
        .map_err(|_| StoreError::Corrupt("too many enrolments at once".into()))?;
    if !classes::take_seats(txn, class_id, seats).await? {
        return Err(StoreError::Conflict(ProblemCode::ClassFull));
    }
    let now = Utc::now();
    let (new, again): (Vec<&NewEnrolment>, Vec<&NewEnrolment>) = items
        .iter()
        .partition(|i| matches!(i.plan, EnrolmentPlan::New));
    for chunk in new.chunks(crate::people::INSERT_BATCH) {
        let models = chunk.iter().map(|item| enrolment::ActiveModel {
            id: Set(Uuid::now_v7()),
            class_id: Set(class_id),
            person_id: Set(item.person_id),
            status: Set(EnrolmentStatus::Enrolled.as_str().to_owned()),
            source: Set(item.source.as_str().to_owned()),
            enrolled_at: Set(now),
            enrolled_by: Set(by),
            withdrawn_at: Set(None),
            withdrawn_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        });
        enrolment::Entity::insert_many(models)
            .exec_without_returning(txn)
            .await
            .map_err(|e| StoreError::unique_as(e, ALREADY_ENROLLED))?;
    }
    for item in again {
        let EnrolmentPlan::Reactivate { id } = item.plan else {
            continue;
        };
        let result = enrolment::Entity::update_many()
            .col_expr(
                enrolment::Column::Status,
                Expr::value(EnrolmentStatus::Enrolled.as_str()),
            )
            .col_expr(enrolment::Column::Source, Expr::value(item.source.as_str()))
            .col_expr(enrolment::Column::EnrolledAt, Expr::value(now))
            .col_expr(enrolment::Column::EnrolledBy, Expr::value(by))
            .col_expr(
                enrolment::Column::WithdrawnAt,
                Expr::value(Option::<chrono::DateTime<Utc>>::None),
            )
            .col_expr(
                enrolment::Column::WithdrawnBy,
                Expr::value(Option::<Uuid>::None),
            )
            .col_expr(enrolment::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                enrolment::Column::Version,
                Expr::col(enrolment::Column::Version).add(1),
            )
            .filter(enrolment::Column::Id.eq(id))
            .filter(enrolment::Column::Status.eq(EnrolmentStatus::Withdrawn.as_str()))
            .exec(txn)
            .await?;
        if result.rows_affected == 0 {
            return Err(StoreError::Conflict(ALREADY_ENROLLED));
        }
    }
    Ok(seats.into())
}
