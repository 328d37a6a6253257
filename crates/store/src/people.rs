//! People (专业技术人员). One person per identity document (`person_duplicate`) and per login
//! account (`user_already_linked`).

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::identity::{IdDocument, IdDocumentKind};
use cebase_domain::imports::OnFile;
use cebase_domain::master::{Email, Person, PersonData, Phone, Record};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{optional, text};
use crate::entities::person;
use crate::listing::{
    PageRequest, Visibility, contains, corrupt, nothing, paged, search_text, split_page,
};

/// Filters of the people list.
#[derive(Debug, Clone, Default)]
pub struct PeopleFilter {
    /// Substring of the name.
    pub q: Option<String>,
    /// Exact document number (any kind), normalised like a stored one.
    pub id_number: Option<String>,
    /// Employer.
    pub organisation_id: Option<Uuid>,
    pub user_id: Option<Uuid>,
}

/// Which unique constraint a violation came from (see `StoreError::unique_by_column`).
const UNIQUE: &[(&str, ProblemCode)] = &[("user_id", ProblemCode::UserAlreadyLinked)];
const DUPLICATE: ProblemCode = ProblemCode::PersonDuplicate;

fn columns(d: &PersonData) -> person::ActiveModel {
    person::ActiveModel {
        id: NotSet,
        name: Set(d.name.as_ref().to_owned()),
        id_kind: Set(d.document.kind().as_str().to_owned()),
        id_number: Set(d.document.number().to_owned()),
        employer_id: Set(d.employer_id),
        title: Set(crate::decode::owned(&d.title)),
        title_level: Set(d.title_level.as_str().to_owned()),
        field: Set(crate::decode::owned(&d.field)),
        degree: Set(d.degree.as_str().to_owned()),
        phone: Set(crate::decode::owned(&d.phone)),
        email: Set(crate::decode::owned(&d.email)),
        user_id: Set(d.user_id),
        created_at: NotSet,
        updated_at: NotSet,
        version: NotSet,
    }
}

fn decode(m: person::Model) -> Result<Person, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("people.{what}"), id);
    let kind: IdDocumentKind = m.id_kind.parse().map_err(|_| bad("id_kind"))?;
    Ok(Record {
        id,
        data: PersonData {
            name: text(&m.name).ok_or_else(|| bad("name"))?,
            document: IdDocument::parse(kind, &m.id_number, "id_number")
                .map_err(|_| bad("id_number"))?,
            employer_id: m.employer_id,
            title: optional(m.title.as_deref(), text).ok_or_else(|| bad("title"))?,
            title_level: m.title_level.parse().map_err(|_| bad("title_level"))?,
            field: optional(m.field.as_deref(), text).ok_or_else(|| bad("field"))?,
            degree: m.degree.parse().map_err(|_| bad("degree"))?,
            phone: optional(m.phone.as_deref(), |v| Phone::parse(v, "").ok())
                .ok_or_else(|| bad("phone"))?,
            email: optional(m.email.as_deref(), |v| Email::parse(v, "").ok())
                .ok_or_else(|| bad("email"))?,
            user_id: m.user_id,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

pub async fn create(db: &impl ConnectionTrait, data: PersonData) -> Result<Person, StoreError> {
    let now = Utc::now();
    let mut model = columns(&data);
    model.id = Set(Uuid::now_v7());
    model.created_at = Set(now);
    model.updated_at = Set(now);
    model.version = Set(1);
    let m = model
        .insert(db)
        .await
        .map_err(|e| StoreError::unique_by_column(e, UNIQUE, DUPLICATE))?;
    decode(m)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Person, StoreError> {
    let m = person::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

pub async fn exists(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, StoreError> {
    Ok(person::Entity::find_by_id(id).count(db).await? > 0)
}

/// The person linked to a login account, if any.
pub async fn find_by_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Option<Person>, StoreError> {
    person::Entity::find()
        .filter(person::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(decode)
        .transpose()
}

/// The person on file with this identity document, if any.
pub async fn find_by_document(
    db: &impl ConnectionTrait,
    document: &IdDocument,
) -> Result<Option<Person>, StoreError> {
    person::Entity::find()
        .filter(person::Column::IdKind.eq(document.kind().as_str()))
        .filter(person::Column::IdNumber.eq(document.number()))
        .one(db)
        .await?
        .map(decode)
        .transpose()
}

/// Records `employer_id` as the person's employer, bumping the version.
pub async fn set_employer(
    db: &impl ConnectionTrait,
    id: Uuid,
    employer_id: Uuid,
) -> Result<Person, StoreError> {
    let result = person::Entity::update_many()
        .col_expr(person::Column::EmployerId, Expr::value(Some(employer_id)))
        .col_expr(person::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            person::Column::Version,
            Expr::col(person::Column::Version).add(1),
        )
        .filter(person::Column::Id.eq(id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::NotFound);
    }
    find(db, id).await
}

/// Replaces the person's data when it is still at `expected_version`, bumping the version.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    data: PersonData,
) -> Result<Person, StoreError> {
    let result = person::Entity::update_many()
        .set(columns(&data))
        .col_expr(person::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            person::Column::Version,
            Expr::col(person::Column::Version).add(1),
        )
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Version.eq(expected_version))
        .exec(db)
        .await
        .map_err(|e| StoreError::unique_by_column(e, UNIQUE, DUPLICATE))?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// People in creation order. `Visibility::Only` keeps the people its organisation employs and
/// its person.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &PeopleFilter,
    visibility: Visibility,
    page: &PageRequest,
) -> Result<(Vec<Person>, Option<String>), StoreError> {
    let mut query = person::Entity::find();
    if let Visibility::Only {
        organisation,
        person: own,
    } = visibility
    {
        let mut visible = Condition::any();
        if let Some(org) = organisation {
            visible = visible.add(person::Column::EmployerId.eq(org));
        }
        if let Some(p) = own {
            visible = visible.add(person::Column::Id.eq(p));
        }
        query = if organisation.is_none() && own.is_none() {
            query.filter(nothing())
        } else {
            query.filter(visible)
        };
    }
    if let Some(q) = search_text(filter.q.as_deref()) {
        query = query.filter(contains(person::Column::Name, q));
    }
    if let Some(number) = search_text(filter.id_number.as_deref()) {
        query = query.filter(person::Column::IdNumber.eq(number.to_ascii_uppercase()));
    }
    if let Some(org) = filter.organisation_id {
        query = query.filter(person::Column::EmployerId.eq(org));
    }
    if let Some(user) = filter.user_id {
        query = query.filter(person::Column::UserId.eq(user));
    }
    let rows = paged(query, person::Column::Id, person::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    let items = rows.into_iter().map(decode).collect::<Result<_, _>>()?;
    Ok((items, next))
}

/// The names of the given people, for showing who a teacher is.
pub(crate) async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<Vec<(Uuid, String)>, StoreError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::Name)
        .filter(person::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?)
}

/// The given people that exist, by id (for checking a bulk request in one query).
pub async fn find_many(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Person>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| decode(m).map(|p| (p.id, p)))
        .collect()
}

/// Rows per multi-row `INSERT` of [`create_many`]: 500 rows × 15 columns stay well below the
/// bind-parameter limits of SQLite (32 766) and PostgreSQL (65 535).
pub const INSERT_BATCH: usize = 500;

/// Creates many people at once with the given ids, in multi-row `INSERT`s of
/// [`INSERT_BATCH`] rows, calling `progress` with the rows written so far after each. A document
/// already on file is `Conflict("person_duplicate")`; the caller's transaction rolls back.
pub async fn create_many(
    db: &impl ConnectionTrait,
    people: &[(Uuid, &PersonData)],
    mut progress: impl FnMut(usize),
) -> Result<(), StoreError> {
    let now = Utc::now();
    let mut written = 0;
    for chunk in people.chunks(INSERT_BATCH) {
        let models = chunk.iter().map(|(id, data)| {
            let mut model = columns(data);
            model.id = Set(*id);
            model.created_at = Set(now);
            model.updated_at = Set(now);
            model.version = Set(1);
            model
        });
        person::Entity::insert_many(models)
            .exec_without_returning(db)
            .await
            .map_err(|e| StoreError::unique_by_column(e, UNIQUE, DUPLICATE))?;
        written += chunk.len();
        progress(written);
    }
    Ok(())
}

/// The people on file with any of the given document numbers (of any kind), by kind and number:
/// their id and name. Looked up [`INSERT_BATCH`] numbers per query.
pub async fn by_documents(
    db: &impl ConnectionTrait,
    numbers: &[&str],
) -> Result<HashMap<(IdDocumentKind, String), OnFile>, StoreError> {
    let mut found = HashMap::new();
    for chunk in numbers.chunks(INSERT_BATCH) {
        let rows: Vec<(Uuid, String, String, String, Option<Uuid>)> = person::Entity::find()
            .select_only()
            .column(person::Column::Id)
            .column(person::Column::IdKind)
            .column(person::Column::IdNumber)
            .column(person::Column::Name)
            .column(person::Column::EmployerId)
            .filter(person::Column::IdNumber.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, kind, number, name, employer_id) in rows {
            let kind: IdDocumentKind = kind.parse().map_err(|_| corrupt("people.id_kind", id))?;
            found.insert(
                (kind, number),
                OnFile {
                    id,
                    name,
                    employer_id,
                },
            );
        }
    }
    Ok(found)
}
