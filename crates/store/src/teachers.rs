//! Teachers (Art. 13). A person has at most one teacher record (`teacher_exists`).

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::master::{EvidenceVerification, Teacher, TeacherProfile};
use cebase_domain::teacher::{Degree, Employment, TitleLevel, meets_degree_or_title};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{optional, text};
use crate::entities::teacher;
use crate::listing::{PageRequest, Visibility, corrupt, nothing, paged, split_page};
use crate::people;

/// Filters of the teacher list.
#[derive(Debug, Clone, Default)]
pub struct TeacherFilter {
    pub person_id: Option<Uuid>,
    pub employment: Option<Employment>,
    /// Only teachers who are (`true`) or are not (`false`) qualified under Art. 13.
    pub qualified: Option<bool>,
}

const EXISTS: ProblemCode = ProblemCode::TeacherExists;

fn columns(p: &TeacherProfile, evidence: Option<EvidenceVerification>) -> teacher::ActiveModel {
    teacher::ActiveModel {
        id: NotSet,
        person_id: NotSet,
        employment: Set(p.employment.as_str().to_owned()),
        degree: Set(p.degree.as_str().to_owned()),
        title_level: Set(p.title_level.as_str().to_owned()),
        field: Set(crate::decode::owned(&p.field)),
        affiliation: Set(crate::decode::owned(&p.affiliation)),
        teaching_experience: Set(p
            .teaching_experience
            .as_ref()
            .map(|v| v.as_ref().to_owned())),
        leader_attested: Set(p.leader_attested),
        evidence_verified_at: Set(evidence.map(|e| e.at)),
        evidence_verified_by: Set(evidence.map(|e| e.by)),
        created_at: NotSet,
        updated_at: NotSet,
        version: NotSet,
    }
}

fn decode(m: teacher::Model, person_name: String) -> Result<Teacher, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("teachers.{what}"), id);
    let evidence = match (m.evidence_verified_at, m.evidence_verified_by) {
        (Some(at), Some(by)) => Some(EvidenceVerification { at, by }),
        (None, None) => None,
        _ => return Err(bad("evidence_verified_at/by")),
    };
    Ok(Teacher {
        id,
        person_id: m.person_id,
        person_name,
        profile: TeacherProfile {
            employment: m.employment.parse().map_err(|_| bad("employment"))?,
            degree: m.degree.parse().map_err(|_| bad("degree"))?,
            title_level: m.title_level.parse().map_err(|_| bad("title_level"))?,
            field: optional(m.field.as_deref(), text).ok_or_else(|| bad("field"))?,
            affiliation: optional(m.affiliation.as_deref(), text)
                .ok_or_else(|| bad("affiliation"))?,
            teaching_experience: optional(m.teaching_experience.as_deref(), text)
                .ok_or_else(|| bad("teaching_experience"))?,
            leader_attested: m.leader_attested,
        },
        evidence,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// Decodes rows with their people's names (one query for the whole page).
async fn decode_all(
    db: &impl ConnectionTrait,
    rows: Vec<teacher::Model>,
) -> Result<Vec<Teacher>, StoreError> {
    let names: HashMap<Uuid, String> = people::names(db, rows.iter().map(|m| m.person_id))
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|m| {
            let name = names
                .get(&m.person_id)
                .cloned()
                .ok_or_else(|| corrupt("teachers.person_id", m.id))?;
            decode(m, name)
        })
        .collect()
}

/// Creates the teacher record of `person_id` (which must exist), without verified evidence.
pub async fn create(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    profile: TeacherProfile,
) -> Result<Teacher, StoreError> {
    let now = Utc::now();
    let mut model = columns(&profile, None);
    model.id = Set(Uuid::now_v7());
    model.person_id = Set(person_id);
    model.created_at = Set(now);
    model.updated_at = Set(now);
    model.version = Set(1);
    let m = model
        .insert(db)
        .await
        .map_err(|e| StoreError::unique_as(e, EXISTS))?;
    find(db, m.id).await
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Teacher, StoreError> {
    let m = teacher::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_all(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// Replaces the profile and the evidence verification when the record is still at
/// `expected_version` (if given), bumping the version.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: Option<i32>,
    profile: &TeacherProfile,
    evidence: Option<EvidenceVerification>,
) -> Result<Teacher, StoreError> {
    let mut update = teacher::Entity::update_many()
        .set(columns(profile, evidence))
        .col_expr(teacher::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            teacher::Column::Version,
            Expr::col(teacher::Column::Version).add(1),
        )
        .filter(teacher::Column::Id.eq(id));
    if let Some(v) = expected_version {
        update = update.filter(teacher::Column::Version.eq(v));
    }
    let result = update.exec(db).await?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Art. 13 as a query condition. The rule "degree ≥ master **or** title ≥ associate senior" is a
/// disjunction of one condition on each column, so the qualifying values of each column are
/// those that meet the rule on their own; the domain's rule decides which they are.
fn qualified_condition() -> Condition {
    let degrees: Vec<&str> = Degree::ALL
        .iter()
        .filter(|d| meets_degree_or_title(**d, TitleLevel::None))
        .map(|d| d.as_str())
        .collect();
    let titles: Vec<&str> = TitleLevel::ALL
        .iter()
        .filter(|t| meets_degree_or_title(Degree::None, **t))
        .map(|t| t.as_str())
        .collect();
    Condition::all()
        .add(
            Condition::any()
                .add(teacher::Column::Degree.is_in(degrees))
                .add(teacher::Column::TitleLevel.is_in(titles)),
        )
        .add(teacher::Column::LeaderAttested.eq(true))
        .add(teacher::Column::EvidenceVerifiedAt.is_not_null())
}

/// Teachers in creation order. `Visibility::Only` keeps the teacher record of its person.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &TeacherFilter,
    visibility: Visibility,
    page: &PageRequest,
) -> Result<(Vec<Teacher>, Option<String>), StoreError> {
    let mut query = teacher::Entity::find();
    if let Visibility::Only { person, .. } = visibility {
        query = match person {
            Some(p) => query.filter(teacher::Column::PersonId.eq(p)),
            None => query.filter(nothing()),
        };
    }
    if let Some(p) = filter.person_id {
        query = query.filter(teacher::Column::PersonId.eq(p));
    }
    if let Some(e) = filter.employment {
        query = query.filter(teacher::Column::Employment.eq(e.as_str()));
    }
    match filter.qualified {
        Some(true) => query = query.filter(qualified_condition()),
        Some(false) => query = query.filter(qualified_condition().not()),
        None => {}
    }
    let rows = paged(query, teacher::Column::Id, teacher::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    Ok((decode_all(db, rows).await?, next))
}

/// The teacher record of a person, if they have one.
pub async fn find_by_person(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> Result<Option<Uuid>, StoreError> {
    Ok(teacher::Entity::find()
        .select_only()
        .column(teacher::Column::Id)
        .filter(teacher::Column::PersonId.eq(person_id))
        .into_tuple::<Uuid>()
        .one(db)
        .await?)
}

/// The names of the given teachers (their people's names), for showing a schedule.
pub(crate) async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let persons: Vec<(Uuid, Uuid)> = teacher::Entity::find()
        .select_only()
        .column(teacher::Column::Id)
        .column(teacher::Column::PersonId)
        .filter(teacher::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    let names: HashMap<Uuid, String> = people::names(db, persons.iter().map(|(_, p)| *p))
        .await?
        .into_iter()
        .collect();
    Ok(persons
        .into_iter()
        .filter_map(|(t, p)| names.get(&p).map(|n| (t, n.clone())))
        .collect())
}

pub async fn exists(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, StoreError> {
    Ok(teacher::Entity::find_by_id(id).count(db).await? > 0)
}
