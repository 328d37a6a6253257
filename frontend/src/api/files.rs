//! Files: lecture materials of courses (`/courses/{id}/materials`: list, upload with the file as
//! the raw body, delete; `/classes/{id}/materials`) and downloads of anything behind the bearer
//! token (a material, the xlsx exports), handed to the browser as a `Blob` through an object URL
//! and a temporary link, so the file keeps its name.

use cebase_domain::dto::Page;
use cebase_domain::materials::CourseMaterialDto;
use gloo_net::http::{Method, RequestBuilder, Response};
use uuid::Uuid;
use wasm_bindgen::{JsCast, JsValue};

use super::{
    ApiError, BASE, Renewal, decode, error_from, no_content, renew_session, send, session_lost,
    tokens,
};

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
    let url = format!("{BASE}/courses/{course_id}/materials");
    let name = file.name();
    let media_type = file.type_();
    let mut renewed = false;
    loop {
        let token = tokens::access_token();
        let mut builder = RequestBuilder::new(&url)
            .method(Method::POST)
            .query([("file_name", name.as_str())])
            .header("Accept", "application/json, application/problem+json");
        if !media_type.is_empty() {
            builder = builder.header("Content-Type", &media_type);
        }
        if let Some(token) = &token {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        let response = builder
            .body(JsValue::from(file.clone()))
            .map_err(|e| ApiError::Network(e.to_string()))?
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        if response.status() != 401 {
            return decode(response).await;
        }
        if renewed {
            session_lost();
            return Err(ApiError::SessionExpired);
        }
        match renew_session(token.as_deref()).await {
            Renewal::Renewed => renewed = true,
            Renewal::Refused => {
                session_lost();
                return Err(ApiError::SessionExpired);
            }
            Renewal::Unreachable(message) => return Err(ApiError::Network(message)),
        }
    }
}

/// Downloads `path` (under the server root, e.g. a material's `download_path` or
/// `/api/v1/classes/{id}/results.xlsx`) with the bearer token and saves it as `file_name`.
pub async fn download(path: &str, file_name: &str) -> Result<(), ApiError> {
    let relative = path.strip_prefix(BASE).unwrap_or(path);
    let response = send(Method::GET, relative, &[], None, true).await?;
    if !response.ok() {
        return Err(error_from(response).await);
    }
    save(response, file_name).await
}

async fn save(response: Response, file_name: &str) -> Result<(), ApiError> {
    let status = response.status();
    let media_type = response.headers().get("content-type").unwrap_or_default();
    let bytes = response
        .binary()
        .await
        .map_err(|_| ApiError::Unexpected { status })?;
    let failed = |_: JsValue| ApiError::Unexpected { status };
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&media_type);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let link = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.create_element("a").ok())
        .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .ok_or(ApiError::Unexpected { status })?;
    link.set_href(&url);
    link.set_download(file_name);
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
