//! Training classes (Art. 5, 11, 12) and their seat count.
//!
//! **Capacity invariant:** `enrolled_count` is the number of active enrolments and never exceeds
//! `capacity`. A seat is taken only by [`take_seats`] — one conditional
//! `UPDATE … SET enrolled_count = enrolled_count + n WHERE id = ? AND enrolled_count + n <= capacity`
//! — in the same transaction as the enrolment rows it pays for, and freed by [`free_seat`] in the
//! transaction that withdraws. The condition is evaluated by the database on the row it updates,
//! so concurrent enrolments cannot both take the last seat on either SQLite or PostgreSQL; a
//! CHECK constraint (`ck_classes_enrolled_count`) backs it up.

use std::collections::HashMap;

use cebase_domain::class::ClassStatus;
use cebase_domain::learning::{CompletionRules, CreditTenths};
use cebase_domain::money::Fen;
use cebase_domain::training::{ClassData, ClassKind, ScheduleSummary, TrainingClass, Transition};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, NotSet, QueryFilter,
    QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{optional, text};
use crate::entities::{class, class_session, enrolment, person};
use crate::listing::{
    PageRequest, TrainingVisibility, contains, corrupt, nothing, paged, search_text, split_page,
};

/// Filters of the class list.
#[derive(Debug, Clone, Default)]
pub struct ClassFilter {
    /// Substring of the title.
    pub q: Option<String>,
    pub kind: Option<ClassKind>,
    pub status: Option<ClassStatus>,
    /// Commissioned by this organisation.
    pub organisation_id: Option<Uuid>,
    pub open_enrolment: Option<bool>,
}

fn columns(d: &ClassData) -> Result<class::ActiveModel, StoreError> {
    let capacity = i32::try_from(d.capacity)
        .map_err(|_| StoreError::Corrupt("class capacity out of range".into()))?;
    Ok(class::ActiveModel {
        id: NotSet,
        title: Set(d.title.as_ref().to_owned()),
        kind: Set(d.kind.as_str().to_owned()),
        commissioning_organisation_id: Set(d.commissioning_organisation_id),
        form: Set(d.form.as_str().to_owned()),
        start_date: Set(d.start_date),
        end_date: Set(d.end_date),
        location: Set(crate::decode::owned(&d.location)),
        capacity: Set(capacity),
        enrolled_count: NotSet,
        fee_fen: Set(d.fee.fen()),
        syllabus: Set(crate::decode::owned(&d.syllabus)),
        logistics: Set(crate::decode::owned(&d.logistics)),
        min_attendance_percent: Set(i32::from(d.completion_rules.min_attendance_percent)),
        assessment_required: Set(d.completion_rules.assessment_required),
        open_enrolment: Set(d.open_enrolment),
        plan_item_id: Set(d.plan_item_id),
        status: NotSet,
        cancel_reason: NotSet,
        created_at: NotSet,
        updated_at: NotSet,
        version: NotSet,
    })
}

fn decode(m: class::Model, schedule: ScheduleSummary) -> Result<TrainingClass, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("classes.{what}"), id);
    let capacity = u32::try_from(m.capacity)
        .ok()
        .filter(|c| *c > 0)
        .ok_or_else(|| bad("capacity"))?;
    let enrolled_count = u32::try_from(m.enrolled_count)
        .ok()
        .filter(|n| *n <= capacity)
        .ok_or_else(|| bad("enrolled_count"))?;
    let min_attendance_percent =
        u8::try_from(m.min_attendance_percent).map_err(|_| bad("min_attendance_percent"))?;
    let completion_rules = CompletionRules {
        min_attendance_percent,
        assessment_required: m.assessment_required,
    }
    .check("")
    .map_err(|_| bad("min_attendance_percent"))?;
    Ok(TrainingClass {
        id,
        data: ClassData {
            title: text(&m.title).ok_or_else(|| bad("title"))?,
            kind: m.kind.parse().map_err(|_| bad("kind"))?,
            commissioning_organisation_id: m.commissioning_organisation_id,
            form: m.form.parse().map_err(|_| bad("form"))?,
            start_date: m.start_date,
            end_date: m.end_date,
            location: optional(m.location.as_deref(), text).ok_or_else(|| bad("location"))?,
            capacity,
            fee: Fen::parse(m.fee_fen, "").map_err(|_| bad("fee_fen"))?,
            syllabus: optional(m.syllabus.as_deref(), text).ok_or_else(|| bad("syllabus"))?,
            logistics: optional(m.logistics.as_deref(), text).ok_or_else(|| bad("logistics"))?,
            completion_rules,
            open_enrolment: m.open_enrolment,
            plan_item_id: m.plan_item_id,
        },
        status: m.status.parse().map_err(|_| bad("status"))?,
        cancel_reason: optional(m.cancel_reason.as_deref(), text)
            .ok_or_else(|| bad("cancel_reason"))?,
        enrolled_count,
        schedule,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// The size of each class's schedule (one grouped query).
async fn schedules(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, ScheduleSummary>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = class_session::Entity::find()
        .select_only()
        .column(class_session::Column::ClassId)
        .column_as(class_session::Column::Id.count(), "sessions")
        .column_as(class_session::Column::CreditTenths.sum(), "tenths")
        .filter(class_session::Column::ClassId.is_in(ids))
        .group_by(class_session::Column::ClassId)
        .into_tuple::<(Uuid, i64, Option<i64>)>()
        .all(db)
        .await?;
    rows.into_iter()
        .map(|(id, sessions, tenths)| {
            let summary = ScheduleSummary {
                sessions: u32::try_from(sessions).map_err(|_| corrupt("class_sessions", id))?,
                credit_hours: CreditTenths(
                    u32::try_from(tenths.unwrap_or(0))
                        .map_err(|_| corrupt("class_sessions.credit_tenths", id))?,
                ),
            };
            Ok((id, summary))
        })
        .collect()
}

async fn decode_all(
    db: &impl ConnectionTrait,
    rows: Vec<class::Model>,
) -> Result<Vec<TrainingClass>, StoreError> {
    let summaries = schedules(db, rows.iter().map(|m| m.id).collect()).await?;
    rows.into_iter()
        .map(|m| {
            let schedule = summaries.get(&m.id).copied().unwrap_or_default();
            decode(m, schedule)
        })
        .collect()
}

/// Creates a class, `planned`, with no one enrolled.
pub async fn create(
    db: &impl ConnectionTrait,
    data: ClassData,
) -> Result<TrainingClass, StoreError> {
    let now = Utc::now();
    let mut model = columns(&data)?;
    model.id = Set(Uuid::now_v7());
    model.enrolled_count = Set(0);
    model.status = Set(ClassStatus::Planned.as_str().to_owned());
    model.cancel_reason = Set(None);
    model.created_at = Set(now);
    model.updated_at = Set(now);
    model.version = Set(1);
    let m = model.insert(db).await?;
    decode(m, ScheduleSummary::default())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<TrainingClass, StoreError> {
    let m = class::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_all(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Class `id` if it exists and lies within `visibility`; `NotFound` otherwise (the two are not
/// told apart).
pub async fn find_visible(
    db: &impl ConnectionTrait,
    id: Uuid,
    visibility: TrainingVisibility,
) -> Result<TrainingClass, StoreError> {
    let m = class::Entity::find_by_id(id)
        .filter(visible(visibility))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_all(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Replaces the class's details when it is still at `expected_version`, bumping the version.
/// The capacity never drops below the seats taken (the caller checks first and names the field;
/// the condition here keeps the invariant even so).
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    data: ClassData,
) -> Result<TrainingClass, StoreError> {
    let capacity = i64::from(data.capacity);
    let result = class::Entity::update_many()
        .set(columns(&data)?)
        .col_expr(class::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            class::Column::Version,
            Expr::col(class::Column::Version).add(1),
        )
        .filter(class::Column::Id.eq(id))
        .filter(class::Column::Version.eq(expected_version))
        .filter(class::Column::EnrolledCount.lte(capacity))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Moves class `id` from `from` to the transition's state (and cancel reason), bumping the
/// version. `VersionConflict` when the class is no longer in `from`.
pub async fn set_status(
    db: &impl ConnectionTrait,
    id: Uuid,
    from: ClassStatus,
    to: &Transition,
) -> Result<TrainingClass, StoreError> {
    let result = class::Entity::update_many()
        .col_expr(class::Column::Status, Expr::value(to.status.as_str()))
        .col_expr(
            class::Column::CancelReason,
            Expr::value(to.cancel_reason.as_ref().map(|r| r.as_ref().to_owned())),
        )
        .col_expr(class::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            class::Column::Version,
            Expr::col(class::Column::Version).add(1),
        )
        .filter(class::Column::Id.eq(id))
        .filter(class::Column::Status.eq(from.as_str()))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Takes `seats` seats of class `id` if that many are left: one conditional `UPDATE`, so the
/// database decides on the current row and two transactions can never both take the last seat.
/// `false` (nothing changed) when the class has fewer seats left. The class's `version` is not
/// bumped (the seat count is not part of what staff edit), its `updated_at` is.
pub(crate) async fn take_seats(
    db: &impl ConnectionTrait,
    id: Uuid,
    seats: u32,
) -> Result<bool, StoreError> {
    let seats = i64::from(seats);
    let result = class::Entity::update_many()
        .col_expr(
            class::Column::EnrolledCount,
            Expr::col(class::Column::EnrolledCount).add(seats),
        )
        .col_expr(class::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(class::Column::Id.eq(id))
        .filter(
            Expr::col(class::Column::EnrolledCount)
                .add(seats)
                .lte(Expr::col(class::Column::Capacity)),
        )
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Frees one seat of class `id` (a withdrawal in the same transaction).
pub(crate) async fn free_seat(db: &impl ConnectionTrait, id: Uuid) -> Result<(), StoreError> {
    let result = class::Entity::update_many()
        .col_expr(
            class::Column::EnrolledCount,
            Expr::col(class::Column::EnrolledCount).sub(1),
        )
        .col_expr(class::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(class::Column::Id.eq(id))
        .filter(class::Column::EnrolledCount.gt(0))
        .exec(db)
        .await?;
    if result.rows_affected == 1 {
        Ok(())
    } else {
        Err(corrupt("classes.enrolled_count (no seat to free)", id))
    }
}

/// The condition selecting the classes `visibility` lets a caller see.
fn visible(visibility: TrainingVisibility) -> Condition {
    let TrainingVisibility::Only {
        open_enrolment,
        organisation,
        person: own,
        teacher,
    } = visibility
    else {
        return Condition::all();
    };
    let mut any = Condition::any();
    let mut grounds = 0;
    if open_enrolment {
        any = any.add(class::Column::OpenEnrolment.eq(true));
        grounds += 1;
    }
    if let Some(org) = organisation {
        let employed = Query::select()
            .column(person::Column::Id)
            .from(person::Entity)
            .and_where(person::Column::EmployerId.eq(org))
            .to_owned();
        let with_its_people = Query::select()
            .column(enrolment::Column::ClassId)
            .from(enrolment::Entity)
            .and_where(enrolment::Column::PersonId.in_subquery(employed))
            .to_owned();
        any = any
            .add(class::Column::CommissioningOrganisationId.eq(org))
            .add(class::Column::Id.in_subquery(with_its_people));
        grounds += 1;
    }
    if let Some(p) = own {
        let enrolled = Query::select()
            .column(enrolment::Column::ClassId)
            .from(enrolment::Entity)
            .and_where(enrolment::Column::PersonId.eq(p))
            .to_owned();
        any = any.add(class::Column::Id.in_subquery(enrolled));
        grounds += 1;
    }
    if let Some(t) = teacher {
        any = any.add(class::Column::Id.in_subquery(taught_by(t)));
        grounds += 1;
    }
    if grounds == 0 {
        Condition::all().add(nothing())
    } else {
        any
    }
}

/// `SELECT class_id FROM class_sessions WHERE teacher_id = ?`: the classes a teacher teaches.
pub(crate) fn taught_by(teacher: Uuid) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(class_session::Column::ClassId)
        .from(class_session::Entity)
        .and_where(class_session::Column::TeacherId.eq(teacher))
        .to_owned()
}

/// Classes in creation order, within `visibility`.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &ClassFilter,
    visibility: TrainingVisibility,
    page: &PageRequest,
) -> Result<(Vec<TrainingClass>, Option<String>), StoreError> {
    let mut query = class::Entity::find().filter(visible(visibility));
    if let Some(q) = search_text(filter.q.as_deref()) {
        query = query.filter(contains(class::Column::Title, q));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(class::Column::Kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(class::Column::Status.eq(status.as_str()));
    }
    if let Some(org) = filter.organisation_id {
        query = query.filter(class::Column::CommissioningOrganisationId.eq(org));
    }
    if let Some(open) = filter.open_enrolment {
        query = query.filter(class::Column::OpenEnrolment.eq(open));
    }
    let rows = paged(query, class::Column::Id, class::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    Ok((decode_all(db, rows).await?, next))
}

/// The titles of the given classes, for showing enrolments.
pub(crate) async fn titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .column(class::Column::Title)
        .filter(class::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
