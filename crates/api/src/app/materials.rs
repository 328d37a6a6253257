//! Lecture materials (讲义, Art. 14) of a course: upload, list, download, delete, and the
//! materials of every course on a class's schedule. The bytes are stored in the database in the
//! transaction that writes the metadata and the audit entry (which records the SHA-256, never
//! the bytes). Who may do what: `cebase_domain::access::material_access`.

use cebase_domain::FieldError;
use cebase_domain::access::{MaterialAction, MaterialLinks};
use cebase_domain::dto::Page;
use cebase_domain::materials::{
    CourseMaterial, CourseMaterialDto, FileName, MaterialFile, MediaType,
};
use cebase_store::{begin_write, courses, materials};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::access;
use crate::error::ApiError;

/// The caller's links to course `course_id` (staff and admin need none).
async fn course_links(ctx: &Ctx, course_id: Uuid) -> Result<MaterialLinks, ApiError> {
    let caller = access::caller(ctx.db(), &ctx.caller).await?;
    Ok(materials::links(ctx.db(), course_id, caller.person, caller.teacher).await?)
}

/// 404 unless course `id` exists (for staff and admin, whose links do not depend on it).
async fn require_course(ctx: &Ctx, id: Uuid) -> Result<(), ApiError> {
    if courses::exists(ctx.db(), id).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// The lecture materials of a course, in upload order (whole).
pub async fn of_course(ctx: &Ctx, id: Uuid) -> Result<Page<CourseMaterialDto>, ApiError> {
    let links = course_links(ctx, id).await?;
    access::require_material_access(&ctx.caller, MaterialAction::Read, links)?;
    require_course(ctx, id).await?;
    let items = materials::of_courses(ctx.db(), &[id]).await?;
    Ok(Page {
        items: items.iter().map(CourseMaterial::to_dto).collect(),
        next_cursor: None,
    })
}

/// 403/404 unless the caller may upload to course `id`; checked before the body is read.
pub async fn may_upload(ctx: &Ctx, id: Uuid) -> Result<(), ApiError> {
    let links = course_links(ctx, id).await?;
    access::require_material_access(&ctx.caller, MaterialAction::Upload, links)?;
    require_course(ctx, id).await
}

/// An uploaded file as it arrived: the name and media type the client gave, and the bytes.
pub struct Upload<'a> {
    pub file_name: Option<&'a str>,
    pub content_type: Option<&'a str>,
    pub bytes: Vec<u8>,
}

/// Stores a lecture material of course `id` (after [`may_upload`]), naming every bad field.
pub async fn upload(
    ctx: &Ctx,
    id: Uuid,
    upload: Upload<'_>,
) -> Result<CourseMaterialDto, ApiError> {
    may_upload(ctx, id).await?;
    let Upload {
        file_name,
        content_type,
        bytes,
    } = upload;
    let mut errors = Vec::new();
    let file_name = FileName::parse(file_name.unwrap_or_default(), "file_name")
        .map_err(|e| errors.push(e))
        .ok();
    let content_type = MediaType::parse(content_type, "content_type")
        .map_err(|e| errors.push(e))
        .ok();
    if bytes.is_empty() {
        errors.push(FieldError::new("file", "empty", "the file is empty"));
    }
    let file = match (file_name, content_type) {
        (Some(file_name), Some(content_type)) if errors.is_empty() => MaterialFile {
            file_name,
            content_type,
            size_bytes: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(&bytes)),
        },
        _ => return Err(ApiError::Validation(errors)),
    };
    let txn = begin_write(ctx.db()).await?;
    let material = materials::create(&txn, id, file, bytes, ctx.caller.id()).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "course_material.upload",
        "course_material",
        material.id,
        None,
        Some(material.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(material.to_dto())
}

/// A lecture material with its bytes, for whoever may list the course's materials.
pub async fn download(
    ctx: &Ctx,
    id: Uuid,
    material_id: Uuid,
) -> Result<(CourseMaterial, Vec<u8>), ApiError> {
    let links = course_links(ctx, id).await?;
    access::require_material_access(&ctx.caller, MaterialAction::Read, links)?;
    let material = materials::find(ctx.db(), id, material_id).await?;
    let bytes = materials::content(ctx.db(), material_id).await?;
    Ok((material, bytes))
}

/// Deletes a lecture material, bytes and all (staff, admin; a teacher of the course what they
/// uploaded); the audit trail keeps its name, size and SHA-256.
pub async fn delete(ctx: &Ctx, id: Uuid, material_id: Uuid) -> Result<(), ApiError> {
    let mut links = course_links(ctx, id).await?;
    // Look the material up only for someone who may see the course's materials at all.
    access::require_material_access(&ctx.caller, MaterialAction::Read, links)?;
    let txn = begin_write(ctx.db()).await?;
    let material = materials::find(&txn, id, material_id).await?;
    links.uploaded_it = material.uploaded_by == ctx.caller.id();
    access::require_material_access(&ctx.caller, MaterialAction::Delete, links)?;
    materials::delete(&txn, id, material_id).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "course_material.delete",
        "course_material",
        material_id,
        Some(material.audit_snapshot()),
        None,
    )
    .await?;
    commit(txn).await
}

/// The materials of every course on a class's schedule, course by course in timetable order.
pub async fn of_class(ctx: &Ctx, id: Uuid) -> Result<Page<CourseMaterialDto>, ApiError> {
    let (class, caller) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    let links = materials::class_links(ctx.db(), class.id, caller.person, caller.teacher).await?;
    access::require_material_access(&ctx.caller, MaterialAction::Read, links)?;
    let course_ids = materials::courses_of_class(ctx.db(), class.id).await?;
    let mut items = materials::of_courses(ctx.db(), &course_ids).await?;
    items.sort_by_key(|m| (course_ids.iter().position(|c| *c == m.course_id), m.id));
    Ok(Page {
        items: items.iter().map(CourseMaterial::to_dto).collect(),
        next_cursor: None,
    })
}
