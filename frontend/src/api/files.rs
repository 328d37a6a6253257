//! Files in both directions: bulk imports (`/imports` — the chosen file is sent as the raw
//! request body, CSV or xlsx) and downloads (the xlsx template, saved by the browser under the
//! server's file name). Answers are `cebase_domain::imports::ImportJobDto`.

use cebase_domain::imports::ImportJobDto;
use gloo_net::http::Method;
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use super::{ApiError, Body, decode, error_from, send, send_body};

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

/// Downloads the import template (`GET /imports/template.xlsx`) and hands it to the browser.
pub async fn download_import_template() -> Result<(), ApiError> {
    download("/imports/template.xlsx", "import-template.xlsx").await
}

/// Fetches `path` (with the bearer token, which a plain link could not send) and lets the
/// browser save it, under the name of the answer's `Content-Disposition` or `fallback_name`.
pub async fn download(path: &str, fallback_name: &str) -> Result<(), ApiError> {
    let response = send(Method::GET, path, &[], None, true).await?;
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

/// The `filename="…"` of a `Content-Disposition` header.
fn file_name(disposition: &str) -> Option<String> {
    let (_, rest) = disposition.split_once("filename=")?;
    let name = rest.split(';').next()?.trim().trim_matches('"');
    (!name.is_empty()).then(|| name.to_owned())
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
    web_sys::Url::revoke_object_url(&url)?;
    Ok(())
}
