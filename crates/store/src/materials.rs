//! Lecture materials of courses (讲义, Art. 14): metadata in `course_materials`, the bytes in
//! `course_material_contents` (read only for a download), and the links between a caller and a
//! course that decide who may see them (`cebase_domain::access::material_access`).

use std::collections::HashMap;

use cebase_domain::access::MaterialLinks;
use cebase_domain::class::ClassStatus;
use cebase_domain::materials::{CourseMaterial, FileName, MaterialFile, MediaType};
use cebase_domain::training::EnrolmentStatus;
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{
    class, class_session, course, course_material, course_material_content, enrolment,
};
use crate::listing::corrupt;

async fn course_titles(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<HashMap<Uuid, String>, StoreError> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(course::Entity::find()
        .select_only()
        .column(course::Column::Id)
        .column(course::Column::Title)
        .filter(course::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

async fn decode_all(
    db: &impl ConnectionTrait,
    rows: Vec<course_material::Model>,
) -> Result<Vec<CourseMaterial>, StoreError> {
    let titles = course_titles(db, rows.iter().map(|m| m.course_id)).await?;
    rows.into_iter()
        .map(|m| {
            let bad = |what: &str| corrupt(&format!("course_materials.{what}"), m.id);
            Ok(CourseMaterial {
                id: m.id,
                course_id: m.course_id,
                course_title: titles
                    .get(&m.course_id)
                    .cloned()
                    .ok_or_else(|| bad("course_id"))?,
                file: MaterialFile {
                    file_name: FileName::from_stored(m.file_name),
                    content_type: MediaType::from_stored(m.content_type),
                    size_bytes: u64::try_from(m.size_bytes).map_err(|_| bad("size_bytes"))?,
                    sha256: m.sha256,
                },
                uploaded_by: m.uploaded_by,
                created_at: m.created_at,
            })
        })
        .collect()
}

/// Stores `bytes` as a material of course `course_id` (which must exist) described by `file`.
pub async fn create(
    db: &impl ConnectionTrait,
    course_id: Uuid,
    file: MaterialFile,
    bytes: Vec<u8>,
    uploaded_by: Uuid,
) -> Result<CourseMaterial, StoreError> {
    let id = Uuid::now_v7();
    let size = i64::try_from(file.size_bytes)
        .map_err(|_| StoreError::Corrupt("material size out of range".into()))?;
    course_material::ActiveModel {
        id: Set(id),
        course_id: Set(course_id),
        file_name: Set(file.file_name.as_ref().to_owned()),
        content_type: Set(file.content_type.as_ref().to_owned()),
        size_bytes: Set(size),
        sha256: Set(file.sha256.clone()),
        uploaded_by: Set(uploaded_by),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    course_material_content::ActiveModel {
        material_id: Set(id),
        content: Set(bytes),
    }
    .insert(db)
    .await?;
    find(db, course_id, id).await
}

/// Material `id` of course `course_id` (metadata only); `NotFound` also for another course's.
pub async fn find(
    db: &impl ConnectionTrait,
    course_id: Uuid,
    id: Uuid,
) -> Result<CourseMaterial, StoreError> {
    let m = course_material::Entity::find_by_id(id)
        .filter(course_material::Column::CourseId.eq(course_id))
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode_all(db, vec![m])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The bytes of material `id`.
pub async fn content(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<u8>, StoreError> {
    course_material_content::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|m| m.content)
        .ok_or(StoreError::NotFound)
}

/// Removes material `id` of course `course_id`, bytes and all.
pub async fn delete(
    db: &impl ConnectionTrait,
    course_id: Uuid,
    id: Uuid,
) -> Result<(), StoreError> {
    find(db, course_id, id).await?;
    course_material_content::Entity::delete_by_id(id)
        .exec(db)
        .await?;
    course_material::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The materials of the given courses, by course and then in upload order.
pub async fn of_courses(
    db: &impl ConnectionTrait,
    course_ids: &[Uuid],
) -> Result<Vec<CourseMaterial>, StoreError> {
    if course_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = course_material::Entity::find()
        .filter(course_material::Column::CourseId.is_in(course_ids.iter().copied()))
        .order_by_asc(course_material::Column::CourseId)
        .order_by_asc(course_material::Column::Id)
        .all(db)
        .await?;
    decode_all(db, rows).await
}

/// The courses on the schedule of class `class_id`, in timetable order of their first session.
pub async fn courses_of_class(
    db: &impl ConnectionTrait,
    class_id: Uuid,
) -> Result<Vec<Uuid>, StoreError> {
    let rows: Vec<Uuid> = class_session::Entity::find()
        .select_only()
        .column(class_session::Column::CourseId)
        .filter(class_session::Column::ClassId.eq(class_id))
        .order_by_asc(class_session::Column::SessionDate)
        .order_by_asc(class_session::Column::StartTime)
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    let mut seen = Vec::new();
    for id in rows {
        if !seen.contains(&id) {
            seen.push(id);
        }
    }
    Ok(seen)
}

/// The classes that are not cancelled and have a session of course `course_id`.
async fn classes_teaching(
    db: &impl ConnectionTrait,
    course_id: Uuid,
) -> Result<Vec<Uuid>, StoreError> {
    let mut ids: Vec<Uuid> = class_session::Entity::find()
        .select_only()
        .column(class_session::Column::ClassId)
        .filter(class_session::Column::CourseId.eq(course_id))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(ids);
    }
    Ok(class::Entity::find()
        .select_only()
        .column(class::Column::Id)
        .filter(class::Column::Id.is_in(ids))
        .filter(class::Column::Status.ne(ClassStatus::Cancelled.as_str()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

/// How `person` (enrolled) and `teacher` (teaching) are linked to course `course_id` through
/// classes that are not cancelled; `uploaded_it` is left false.
pub async fn links(
    db: &impl ConnectionTrait,
    course_id: Uuid,
    person: Option<Uuid>,
    teacher: Option<Uuid>,
) -> Result<MaterialLinks, StoreError> {
    let classes = classes_teaching(db, course_id).await?;
    links_in(db, &classes, Some(course_id), person, teacher).await
}

/// How `person` and `teacher` are linked to class `class_id` (enrolled in it, teaching in it),
/// unless it is cancelled.
pub async fn class_links(
    db: &impl ConnectionTrait,
    class_id: Uuid,
    person: Option<Uuid>,
    teacher: Option<Uuid>,
) -> Result<MaterialLinks, StoreError> {
    let live = class::Entity::find_by_id(class_id)
        .filter(class::Column::Status.ne(ClassStatus::Cancelled.as_str()))
        .count(db)
        .await?
        > 0;
    let classes = if live { vec![class_id] } else { Vec::new() };
    links_in(db, &classes, None, person, teacher).await
}

async fn links_in(
    db: &impl ConnectionTrait,
    classes: &[Uuid],
    course_id: Option<Uuid>,
    person: Option<Uuid>,
    teacher: Option<Uuid>,
) -> Result<MaterialLinks, StoreError> {
    let mut links = MaterialLinks::default();
    if classes.is_empty() {
        return Ok(links);
    }
    if let Some(person) = person {
        links.enrolled = enrolment::Entity::find()
            .filter(enrolment::Column::PersonId.eq(person))
            .filter(enrolment::Column::ClassId.is_in(classes.iter().copied()))
            .filter(enrolment::Column::Status.eq(EnrolmentStatus::Enrolled.as_str()))
            .count(db)
            .await?
            > 0;
    }
    if let Some(teacher) = teacher {
        let taught = class_session::Entity::find()
            .select_only()
            .column(class_session::Column::CourseId)
            .filter(class_session::Column::TeacherId.eq(teacher))
            .filter(class_session::Column::ClassId.is_in(classes.iter().copied()))
            .into_tuple::<Uuid>()
            .all(db)
            .await?;
        links.teaches_class = !taught.is_empty();
        links.teaches_course = course_id.is_some_and(|c| taught.contains(&c));
    }
    Ok(links)
}
