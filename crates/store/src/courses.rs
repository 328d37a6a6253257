//! Courses (课程, Art. 4). Credit hours are stored exactly, as integer tenths.

use cebase_domain::learning::{CourseCategory, CreditTenths};
use cebase_domain::master::{Course, CourseData, Record};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{optional, text};
use crate::entities::course;
use crate::listing::{PageRequest, contains, corrupt, paged, search_text, split_page};

/// Filters of the course list.
#[derive(Debug, Clone, Default)]
pub struct CourseFilter {
    /// Substring of the title.
    pub q: Option<String>,
    pub category: Option<CourseCategory>,
}

fn columns(d: &CourseData) -> Result<course::ActiveModel, StoreError> {
    let tenths = i32::try_from(d.credit_hours.0)
        .map_err(|_| StoreError::Corrupt("credit hours out of range".into()))?;
    Ok(course::ActiveModel {
        id: NotSet,
        title: Set(d.title.as_ref().to_owned()),
        category: Set(d.category.as_str().to_owned()),
        credit_tenths: Set(tenths),
        description: Set(crate::decode::owned(&d.description)),
        created_at: NotSet,
        updated_at: NotSet,
        version: NotSet,
    })
}

fn decode(m: course::Model) -> Result<Course, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("courses.{what}"), id);
    let tenths = u32::try_from(m.credit_tenths)
        .ok()
        .filter(|t| *t > 0)
        .ok_or_else(|| bad("credit_tenths"))?;
    Ok(Record {
        id,
        data: CourseData {
            title: text(&m.title).ok_or_else(|| bad("title"))?,
            category: m.category.parse().map_err(|_| bad("category"))?,
            credit_hours: CreditTenths(tenths),
            description: optional(m.description.as_deref(), text)
                .ok_or_else(|| bad("description"))?,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

pub async fn create(db: &impl ConnectionTrait, data: CourseData) -> Result<Course, StoreError> {
    let now = Utc::now();
    let mut model = columns(&data)?;
    model.id = Set(Uuid::now_v7());
    model.created_at = Set(now);
    model.updated_at = Set(now);
    model.version = Set(1);
    decode(model.insert(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Course, StoreError> {
    let m = course::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// Replaces the course when it is still at `expected_version`, bumping the version.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    data: CourseData,
) -> Result<Course, StoreError> {
    let result = course::Entity::update_many()
        .set(columns(&data)?)
        .col_expr(course::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            course::Column::Version,
            Expr::col(course::Column::Version).add(1),
        )
        .filter(course::Column::Id.eq(id))
        .filter(course::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Courses in creation order (every reader of courses reads them all).
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &CourseFilter,
    page: &PageRequest,
) -> Result<(Vec<Course>, Option<String>), StoreError> {
    let mut query = course::Entity::find();
    if let Some(q) = search_text(filter.q.as_deref()) {
        query = query.filter(contains(course::Column::Title, q));
    }
    if let Some(category) = filter.category {
        query = query.filter(course::Column::Category.eq(category.as_str()));
    }
    let rows = paged(query, course::Column::Id, course::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    let items = rows.into_iter().map(decode).collect::<Result<_, _>>()?;
    Ok((items, next))
}

pub async fn exists(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, StoreError> {
    Ok(course::Entity::find_by_id(id).count(db).await? > 0)
}
