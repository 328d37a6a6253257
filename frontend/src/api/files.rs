//! Files in both directions: bulk imports (`/imports` — the chosen file is sent as the raw
//! request body, CSV or xlsx), lecture materials of courses (`/courses/{id}/materials`: list,
//! upload with the file as the raw body, delete; `/classes/{id}/materials`) and downloads of
//! anything behind the bearer token (the xlsx template and exports, a material), handed to the
//! browser as a `Blob` through an object URL and a temporary link, under the server's file name.

use cebase_domain::dto::Page;
use cebase_domain::imports::ImportJobDto;
use cebase_domain::materials::CourseMaterialDto;
use gloo_net::http::Method;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use super::{ApiError, BASE, Body, decode, error_from, no_content, send, send_body};

/// The media type of xlsx workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The kind of an import file, decided by its name (browsers report CSV files under several
/// media types, e.g. `application/vnd.ms-excel` on Windows, so the type they give is not used).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFileKind {
    Csv,
    Xlsx,
}

impl ImportFileKind {
    /// `…​.csv` or `…​.xlsx` (any case); anything else is not an import file.
    pub fn of(name: &str) -> Option<ImportFileKind> {
        let lower = name.to_lowercase();
        if lower.ends_with(".csv") {
            Some(ImportFileKind::Csv)
        } else if lower.ends_with(".xlsx") {
            Some(ImportFileKind::Xlsx)
        } else {
            None
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            ImportFileKind::Csv => "text/csv; charset=utf-8",
            ImportFileKind::Xlsx => XLSX,
        }
    }
}

/// `POST /imports?class_id=…&keep_valid=…`: uploads `file` (a `File` from an
/// `<input type="file">`) for a preview. `201` answers the finished preview; a large file
/// answers `202` with a `pending` job to poll with [`get_import`].
pub async fn upload_import(
    file: &web_sys::File,
    kind: ImportFileKind,
    class_id: Option<Uuid>,
    keep_valid: bool,
) -> Result<ImportJobDto, ApiError> {
    let mut params = vec![("keep_valid", keep_valid.to_string())];
    if let Some(class_id) = class_id {
        params.push(("class_id", class_id.to_string()));
    }
    let body = Body::Raw {
        content_type: kind.content_type().to_owned(),
        data: JsValue::from(file.clone()),
    };
    decode(send_body(Method::POST, "/imports", &params, Some(body), true).await?).await
}

/// `GET /imports/{id}`: the job with its progress.
pub async fn get_import(id: Uuid) -> Result<ImportJobDto, ApiError> {
    let path = format!("/imports/{id}");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// `POST /imports/{id}/commit?keep_valid=…`: `200` when written, `202` when committing in the
/// background (poll [`get_import`]); all or nothing refuses with `422 import_rejected`.
pub async fn commit_import(id: Uuid, keep_valid: bool) -> Result<ImportJobDto, ApiError> {
    let path = format!("/imports/{id}/commit");
    let params = [("keep_valid", keep_valid.to_string())];
    decode(send(Method::POST, &path, &params, None, true).await?).await
}

/// `GET /courses/{id}/materials`.
pub async fn course_materials(course_id: Uuid) -> Result<Page<CourseMaterialDto>, ApiError> {
    let path = format!("/courses/{course_id}/materials");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// `GET /classes/{id}/materials`: the materials of every course on the class's schedule.
pub async fn class_materials(class_id: Uuid) -> Result<Page<CourseMaterialDto>, ApiError> {
    let path = format!("/classes/{class_id}/materials");
    decode(send(Method::GET, &path, &[], None, true).await?).await
}

/// `DELETE /courses/{id}/materials/{material_id}`.
pub async fn delete_material(course_id: Uuid, material_id: Uuid) -> Result<(), ApiError> {
    let path = format!("/courses/{course_id}/materials/{material_id}");
    no_content(send(Method::DELETE, &path, &[], None, true).await?).await
}

/// `POST /courses/{id}/materials?file_name=…` with `file` as the body and its own media type.
pub async fn upload_material(
    course_id: Uuid,
    file: web_sys::File,
) -> Result<CourseMaterialDto, ApiError> {
    let path = format!("/courses/{course_id}/materials");
    let params = [("file_name", file.name())];
    let media_type = file.type_();
    let body = Body::Raw {
        content_type: if media_type.is_empty() {
            "application/octet-stream".to_owned()
        } else {
            media_type
        },
        data: JsValue::from(file),
    };
    decode(send_body(Method::POST, &path, &params, Some(body), true).await?).await
}

/// Sends `file` as the raw body of a `POST` to `path` (content type: the file's own) and decodes
/// the answer.
pub async fn upload<T: serde::de::DeserializeOwned>(
    path: &str,
    file: &web_sys::File,
) -> Result<T, ApiError> {
    let media_type = file.type_();
    let body = Body::Raw {
        content_type: if media_type.is_empty() {
            "application/octet-stream".to_owned()
        } else {
            media_type
        },
        data: JsValue::from(file.clone()),
    };
    decode(send_body(Method::POST, path, &[], Some(body), true).await?).await
}

/// Downloads the import template (`GET /imports/template.xlsx`) and hands it to the browser.
pub async fn download_import_template() -> Result<(), ApiError> {
    download("/imports/template.xlsx", "import-template.xlsx").await
}

/// Fetches `path` (with the bearer token, which a plain link could not send) and lets the
/// browser save it, under the name of the answer's `Content-Disposition` or `fallback_name`.
pub async fn download(path: &str, fallback_name: &str) -> Result<(), ApiError> {
    let relative = path.strip_prefix(BASE).unwrap_or(path);
    let response = send(Method::GET, relative, &[], None, true).await?;
    if !response.ok() {
        return Err(error_from(response).await);
    }
    let name = response
        .headers()
        .get("content-disposition")
        .and_then(|v| file_name(&v))
        .unwrap_or_else(|| fallback_name.to_owned());
    let content_type = response
        .headers()
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let status = response.status();
    let bytes = response
        .binary()
        .await
        .map_err(|_| ApiError::Unexpected { status })?;
    save(&bytes, &content_type, &name).map_err(|_| ApiError::Unexpected { status })
}

/// The file name of a `Content-Disposition` header: RFC 5987 `filename*=UTF-8''…` (how the
/// server sends Chinese names) when present, else the plain `filename="…"`.
fn file_name(disposition: &str) -> Option<String> {
    let extended = disposition
        .split(';')
        .map(str::trim)
        .find_map(|part| part.strip_prefix("filename*="))
        .and_then(|value| {
            let (charset, rest) = value.split_once('\'')?;
            let (_, encoded) = rest.split_once('\'')?;
            charset
                .eq_ignore_ascii_case("utf-8")
                .then(|| js_sys::decode_uri_component(encoded).ok())
                .flatten()
                .and_then(|decoded| decoded.as_string())
        });
    extended
        .or_else(|| {
            disposition
                .split(';')
                .map(str::trim)
                .find_map(|part| part.strip_prefix("filename="))
                .map(|name| name.trim_matches('"').to_owned())
        })
        .filter(|name| !name.is_empty())
}

/// Offers `bytes` to the user as a file: an object URL clicked through a transient link.
fn save(bytes: &[u8], content_type: &str, name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("no document"))?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The browser reads the object URL asynchronously after the click: release it a little
    // later rather than at once (as FileSaver.js does).
    let release = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    if let Some(window) = web_sys::window() {
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(release.unchecked_ref(), 30_000);
    }
    Ok(())
}
