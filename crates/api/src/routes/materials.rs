//! `/courses/{id}/materials`: lecture materials (讲义, Art. 14) of a course — upload, list,
//! download, delete — and `/classes/{id}/materials`, the materials of every course on a class's
//! schedule (how trainees reach them from "my classes").
//!
//! **Upload format:** the file is the raw request body with its own `Content-Type` and the
//! original name in the `file_name` query parameter (UTF-8, percent-encoded like any query
//! value). That is what a browser sends with `fetch(url, {body: file})` and what `curl
//! --data-binary @讲义.pdf` sends, needs no multipart parser, and is documented exactly in
//! OpenAPI; bulk imports take files the same way. The body is refused with 413 past
//! `CEBASE_MATERIALS_MAX_BYTES` (before it is read when its length is announced) and nothing is
//! stored.
//!
//! **Storage:** the bytes go into the database (`course_material_contents`, one BLOB/bytea per
//! file) in the transaction that writes the metadata and the audit entry, so every instance
//! serves every file and a backup of the database holds the materials too. The audit entry
//! records the metadata and the SHA-256, never the bytes.
//!
//! Who may do what: `cebase_domain::access::material_access`.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use cebase_domain::Problem;
use cebase_domain::access::{MaterialAction, MaterialLinks};
use cebase_domain::dto::Page;
use cebase_domain::materials::{
    CourseMaterial, CourseMaterialDto, FileName, MaterialFile, MediaType,
};
use cebase_store::{begin_write, courses, materials};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::app::{commit, record_audit};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::imports::{FileBody, read_body};
use crate::routes::{content_disposition, created};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadParams {
    /// The original file name (UTF-8, e.g. `第一讲 讲义.pdf`). It is sanitised: directories are
    /// dropped, control characters removed, `<>:"|?*` replaced by `_`; 1–255 characters.
    pub file_name: Option<String>,
}

/// The caller's links to course `course_id` (staff and admin need none).
async fn course_links(
    state: &AppState,
    auth: &AuthUser,
    course_id: Uuid,
) -> Result<MaterialLinks, ApiError> {
    let caller = access::caller(&state.db, auth).await?;
    Ok(materials::links(&state.db, course_id, caller.person, caller.teacher).await?)
}

/// 404 unless course `id` exists (for staff and admin, whose links do not depend on it).
async fn require_course(state: &AppState, id: Uuid) -> Result<(), ApiError> {
    if courses::exists(&state.db, id).await? {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// The lecture materials of a course, in upload order (the whole list; `next_cursor` is always
/// `null`). Staff and admin; the teachers of classes with a session of the course; trainees
/// enrolled in such a class (not withdrawn, the class not cancelled).
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<CourseMaterialDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, reviewers, organisation contacts", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such course, or a teacher or trainee without a class of it", body = Problem, content_type = "application/problem+json"),
))]
#[get("/courses/{id}/materials")]
pub async fn list_materials(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let links = course_links(&state, &auth, id).await?;
    access::require_material_access(&auth, MaterialAction::Read, links)?;
    require_course(&state, id).await?;
    let items = materials::of_courses(&state.db, &[id]).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(CourseMaterial::to_dto).collect::<Vec<_>>(),
        next_cursor: None,
    }))
}

/// Upload a lecture material: the file as the raw body with its `Content-Type` (default
/// `application/octet-stream`), the original name in `file_name`. Staff and admin; a teacher of
/// a session of the course. At most `CEBASE_MATERIALS_MAX_BYTES` (default 20 MiB).
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(("id" = Uuid, Path), UploadParams),
    request_body(content((FileBody = "application/octet-stream")), description = "the file, with its own media type (application/pdf, …)"),
    responses(
    (status = 201, body = CourseMaterialDto, headers(("Location" = String, description = "where to download the file"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: a role that may not upload (trainees, teachers of other courses of the class, finance …)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such course (or none of the caller's)", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "payload_too_large: beyond CEBASE_MATERIALS_MAX_BYTES; nothing stored", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: `file_name` required / too_long, `content_type` invalid, `file` empty", body = Problem, content_type = "application/problem+json"),
))]
#[post("/courses/{id}/materials")]
pub async fn upload_material(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    params: web::Query<UploadParams>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let links = course_links(&state, &auth, id).await?;
    access::require_material_access(&auth, MaterialAction::Upload, links)?;
    require_course(&state, id).await?;
    let bytes = read_body(&req, payload, state.settings.materials_max_bytes).await?;
    let mut errors = Vec::new();
    let file_name = FileName::parse(params.file_name.as_deref().unwrap_or_default(), "file_name")
        .map_err(|e| errors.push(e))
        .ok();
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    let content_type = MediaType::parse(content_type, "content_type")
        .map_err(|e| errors.push(e))
        .ok();
    if bytes.is_empty() {
        errors.push(cebase_domain::FieldError::new(
            "file",
            "empty",
            "the file is empty",
        ));
    }
    let parsed = match (file_name, content_type) {
        (Some(file_name), Some(content_type)) if errors.is_empty() => Ok(MaterialFile {
            file_name,
            content_type,
            size_bytes: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(&bytes)),
        }),
        _ => Err(errors),
    };
    let file = parsed.map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let material = materials::create(&txn, id, file, bytes, auth.id()).await?;
    record_audit(
        &txn,
        &auth,
        "course_material.upload",
        "course_material",
        material.id,
        None,
        Some(material.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    let dto = material.to_dto();
    Ok(created(dto.download_path.clone(), &dto))
}

/// Download a lecture material: the bytes with the stored media type, `Content-Disposition:
/// attachment` with the original name (RFC 5987 `filename*` for Chinese names) and the
/// SHA-256 as `ETag`. Who may list the course's materials may download them.
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(("id" = Uuid, Path), ("material_id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/octet-stream", description = "the file, served with its stored media type"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, reviewers, organisation contacts", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such material of this course, or outside the caller's classes", body = Problem, content_type = "application/problem+json"),
))]
#[get("/courses/{id}/materials/{material_id}")]
pub async fn download_material(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, material_id) = path.into_inner();
    let links = course_links(&state, &auth, id).await?;
    access::require_material_access(&auth, MaterialAction::Read, links)?;
    let material = materials::find(&state.db, id, material_id).await?;
    let bytes = materials::content(&state.db, material_id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, material.file.content_type.as_ref()))
        .insert_header((
            CONTENT_DISPOSITION,
            content_disposition(material.file.file_name.as_ref()),
        ))
        .insert_header(("ETag", format!("\"{}\"", material.file.sha256)))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        // Uploaded content never runs as part of the application, even if opened inline.
        .insert_header(("Content-Security-Policy", "default-src 'none'; sandbox"))
        .insert_header(("Cache-Control", "private, no-cache"))
        .body(bytes))
}

/// Delete a lecture material, bytes and all (the audit trail keeps its name, size and
/// SHA-256). Staff and admin; a teacher of the course the material they uploaded.
#[utoipa::path(tag = "courses", security(("bearer" = [])), params(("id" = Uuid, Path), ("material_id" = Uuid, Path)), responses(
    (status = 204, description = "deleted"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: a role that may not delete it (trainees; teachers for others' uploads)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[delete("/courses/{id}/materials/{material_id}")]
pub async fn delete_material(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, material_id) = path.into_inner();
    let mut links = course_links(&state, &auth, id).await?;
    // Look the material up only for someone who may see the course's materials at all.
    access::require_material_access(&auth, MaterialAction::Read, links)?;
    let txn = begin_write(&state.db).await?;
    let material = materials::find(&txn, id, material_id).await?;
    links.uploaded_it = material.uploaded_by == auth.id();
    access::require_material_access(&auth, MaterialAction::Delete, links)?;
    materials::delete(&txn, id, material_id).await?;
    record_audit(
        &txn,
        &auth,
        "course_material.delete",
        "course_material",
        material_id,
        Some(material.audit_snapshot()),
        None,
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The lecture materials of every course on a class's schedule, course by course in timetable
/// order (the whole list). Staff and admin; the class's teachers; trainees enrolled in it.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<CourseMaterialDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, reviewers, organisation contacts", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or one the caller is not enrolled in or teaching", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/materials")]
pub async fn class_materials(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (class, caller) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    let links = materials::class_links(&state.db, class.id, caller.person, caller.teacher).await?;
    access::require_material_access(&auth, MaterialAction::Read, links)?;
    let course_ids = materials::courses_of_class(&state.db, class.id).await?;
    let mut items = materials::of_courses(&state.db, &course_ids).await?;
    items.sort_by_key(|m| (course_ids.iter().position(|c| *c == m.course_id), m.id));
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(CourseMaterial::to_dto).collect::<Vec<_>>(),
        next_cursor: None,
    }))
}
