//! The teaching schedule (教学日程): sessions of a class with their course and teacher.

use std::collections::HashMap;

use cebase_domain::class::ClassStatus;
use cebase_domain::learning::{CourseCategory, CreditTenths};
use cebase_domain::training::{BookedSession, ClassSession, SessionData};
use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{class, class_session, course};
use crate::listing::corrupt;
use crate::teachers;

fn columns(d: &SessionData) -> Result<class_session::ActiveModel, StoreError> {
    let tenths = i32::try_from(d.credit_hours.0)
        .map_err(|_| StoreError::Corrupt("credit hours out of range".into()))?;
    Ok(class_session::ActiveModel {
        id: NotSet,
        class_id: NotSet,
        session_date: Set(d.date),
        start_time: Set(d.start_time),
        end_time: Set(d.end_time),
        course_id: Set(d.course_id),
        teacher_id: Set(d.teacher_id),
        credit_tenths: Set(tenths),
        created_at: NotSet,
        updated_at: NotSet,
        version: NotSet,
    })
}

/// Decodes rows with their courses' titles and categories and their teachers' names.
async fn decode_all(
    db: &impl ConnectionTrait,
    rows: Vec<class_session::Model>,
) -> Result<Vec<ClassSession>, StoreError> {
    let mut course_ids: Vec<Uuid> = rows.iter().map(|m| m.course_id).collect();
    course_ids.sort_unstable();
    course_ids.dedup();
    let courses: HashMap<Uuid, (String, String)> = if course_ids.is_empty() {
        HashMap::new()
    } else {
        course::Entity::find()
            .select_only()
            .column(course::Column::Id)
            .column(course::Column::Title)
            .column(course::Column::Category)
            .filter(course::Column::Id.is_in(course_ids))
            .into_tuple::<(Uuid, String, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, title, category)| (id, (title, category)))
            .collect()
    };
    let teachers = teachers::names(db, rows.iter().map(|m| m.teacher_id)).await?;
    rows.into_iter()
        .map(|m| {
            let id = m.id;
            let bad = |what: &str| corrupt(&format!("class_sessions.{what}"), id);
            let (course_title, category) =
                courses.get(&m.course_id).ok_or_else(|| bad("course_id"))?;
            let course_category: CourseCategory =
                category.parse().map_err(|_| bad("course_id (category)"))?;
            let teacher_name = teachers
                .get(&m.teacher_id)
                .cloned()
                .ok_or_else(|| bad("teacher_id"))?;
            let credit_tenths = u32::try_from(m.credit_tenths)
                .ok()
                .filter(|t| *t > 0)
                .ok_or_else(|| bad("credit_tenths"))?;
            Ok(ClassSession {
                id,
                class_id: m.class_id,
                data: SessionData {
                    date: m.session_date,
                    start_time: m.start_time,
                    end_time: m.end_time,
                    course_id: m.course_id,
                    teacher_id: m.teacher_id,
                    credit_hours: CreditTenths(credit_tenths),
                },
                course_title: course_title.clone(),
                course_category,
                teacher_name,
                created_at: m.created_at,
                updated_at: m.updated_at,
                version: m.version,
            })
        })
        .collect()
}

/// Adds a session to class `class_id` (which must exist, with the course and teacher).
pub async fn create(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    data: SessionData,
) -> Result<ClassSession, StoreError> {
    let now = Utc::now();
    let mut model = columns(&data)?;
    model.id = Set(Uuid::now_v7());
    model.class_id = Set(class_id);
    model.created_at = Set(now);
    model.updated_at = Set(now);
    model.version = Set(1);
    let m = model.insert(db).await?;
    find(db, class_id, m.id).await
}

/// Session `id` of class `class_id`; `NotFound` also when it belongs to another class.
pub async fn find(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    id: Uuid,
) -> Result<ClassSession, StoreError> {
    let m = class_session::Entity::find_by_id(id)
        .filter(class_session::Column::ClassId.eq(class_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_all(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Replaces session `id` of class `class_id` when it is still at `expected_version`.
pub async fn update(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    id: Uuid,
    expected_version: i32,
    data: SessionData,
) -> Result<ClassSession, StoreError> {
    let result = class_session::Entity::update_many()
        .set(columns(&data)?)
        .col_expr(class_session::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            class_session::Column::Version,
            Expr::col(class_session::Column::Version).add(1),
        )
        .filter(class_session::Column::Id.eq(id))
        .filter(class_session::Column::ClassId.eq(class_id))
        .filter(class_session::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        find(db, class_id, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, class_id, id).await
}

/// Removes session `id` of class `class_id`. Sessions change only before a class starts, so no
/// attendance refers to it (and the foreign key would refuse if one did).
pub async fn delete(db: &impl ConnectionTrait, class_id: Uuid, id: Uuid) -> Result<(), StoreError> {
    let result = class_session::Entity::delete_many()
        .filter(class_session::Column::Id.eq(id))
        .filter(class_session::Column::ClassId.eq(class_id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

/// The whole schedule of a class in timetable order (date, start time, creation).
pub async fn list(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<Vec<ClassSession>, StoreError> {
    let rows = class_session::Entity::find()
        .filter(class_session::Column::ClassId.eq(class_id))
        .order_by_asc(class_session::Column::SessionDate)
        .order_by_asc(class_session::Column::StartTime)
        .order_by_asc(class_session::Column::Id)
        .all(db)
        .await?;
    decode_all(db, rows).await
}

/// The first and last session dates of a class, if it has sessions.
pub async fn date_range(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<Option<(NaiveDate, NaiveDate)>, StoreError> {
    let row = class_session::Entity::find()
        .select_only()
        .column_as(class_session::Column::SessionDate.min(), "first")
        .column_as(class_session::Column::SessionDate.max(), "last")
        .filter(class_session::Column::ClassId.eq(class_id))
        .into_tuple::<(Option<NaiveDate>, Option<NaiveDate>)>()
        .one(db)
        .await?;
    Ok(match row {
        Some((Some(first), Some(last))) => Some((first, last)),
        _ => None,
    })
}

/// Whether `teacher_id` teaches at least one session of `class_id`.
pub async fn teaches(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    teacher_id: Uuid,
) -> Result<bool, StoreError> {
    Ok(class_session::Entity::find()
        .filter(class_session::Column::ClassId.eq(class_id))
        .filter(class_session::Column::TeacherId.eq(teacher_id))
        .count(db)
        .await?
        > 0)
}

/// The sessions on `date` that a session of `class_id` taught by `teacher_id` could clash with:
/// that teacher's sessions in any class and the class's own sessions, leaving out classes that
/// were cancelled (they no longer take place). Each with its class's title. Overlap itself is
/// decided by the domain ([`SessionData::clashes`]), so times are compared the same way on
/// every database.
pub async fn booked_on(
    db: &impl ConnectionTrait,
    date: NaiveDate,
    teacher_id: Uuid,
    class_id: Uuid,
) -> Result<Vec<BookedSession>, StoreError> {
    let rows = class_session::Entity::find()
        .filter(class_session::Column::SessionDate.eq(date))
        .filter(
            Condition::any()
                .add(class_session::Column::TeacherId.eq(teacher_id))
                .add(class_session::Column::ClassId.eq(class_id)),
        )
        .order_by_asc(class_session::Column::StartTime)
        .order_by_asc(class_session::Column::Id)
        .all(db)
        .await?;
    let mut class_ids: Vec<Uuid> = rows.iter().map(|m| m.class_id).collect();
    class_ids.sort_unstable();
    class_ids.dedup();
    let classes: HashMap<Uuid, String> = if class_ids.is_empty() {
        HashMap::new()
    } else {
        class::Entity::find()
            .select_only()
            .column(class::Column::Id)
            .column(class::Column::Title)
            .filter(class::Column::Id.is_in(class_ids))
            .filter(class::Column::Status.ne(ClassStatus::Cancelled.as_str()))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let rows: Vec<class_session::Model> = rows
        .into_iter()
        .filter(|m| classes.contains_key(&m.class_id))
        .collect();
    Ok(decode_all(db, rows)
        .await?
        .into_iter()
        .filter_map(|session| {
            let class_title = classes.get(&session.class_id)?.clone();
            Some(BookedSession {
                session,
                class_title,
            })
        })
        .collect())
}
