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
use cebase_domain::dto::Page;
use cebase_domain::materials::CourseMaterialDto;
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::app::{self, Ctx};
use crate::error::ApiError;
use crate::routes::imports::{FileBody, read_body};
use crate::routes::{content_disposition, created};

#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadParams {
    /// The original file name (UTF-8, e.g. `第一讲 讲义.pdf`). It is sanitised: directories are
    /// dropped, control characters removed, `<>:"|?*` replaced by `_`; 1–255 characters.
    pub file_name: Option<String>,
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
pub async fn list_materials(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::materials::of_course(&ctx, id.into_inner()).await?))
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
    ctx: Ctx,
    req: HttpRequest,
    id: web::Path<Uuid>,
    params: web::Query<UploadParams>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    // Refused before a byte of the body is read.
    app::materials::may_upload(&ctx, id).await?;
    let bytes = read_body(&req, payload, ctx.settings().materials_max_bytes).await?;
    let upload = app::materials::Upload {
        file_name: params.file_name.as_deref(),
        content_type: req
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| v.to_str().unwrap_or("\u{0}")),
        bytes,
    };
    let material = app::materials::upload(&ctx, id, upload).await?;
    Ok(created(material.download_path.clone(), &material))
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
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, material_id) = path.into_inner();
    let (material, bytes) = app::materials::download(&ctx, id, material_id).await?;
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
    ctx: Ctx,
    path: web::Path<(Uuid, Uuid)>,
) -> Result<HttpResponse, ApiError> {
    let (id, material_id) = path.into_inner();
    app::materials::delete(&ctx, id, material_id).await?;
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
pub async fn class_materials(ctx: Ctx, id: web::Path<Uuid>) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(app::materials::of_class(&ctx, id.into_inner()).await?))
}
