//! Files to and from the API: downloads of generated documents and stored scans, and raw-body
//! uploads. Both carry the bearer token like every other call (so a plain link cannot be used):
//! a download is fetched, wrapped in a `Blob` and handed to the browser through a temporary
//! object URL; an upload sends the chosen `File` as the request body with its own content type.

use gloo_net::http::{Method, Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;

use super::{ApiError, BASE, Renewal, decode, error_from, renew_session, session_lost, tokens};

/// Fetches `path` and saves the answer as `filename` (the browser's download); without one, the
/// name the server gives in `Content-Disposition`.
pub async fn download(path: &str, filename: Option<&str>) -> Result<(), ApiError> {
    let response = send_file(Method::GET, path, None).await?;
    if !response.ok() {
        return Err(error_from(response).await);
    }
    let filename = match filename {
        Some(name) => name.to_owned(),
        None => response
            .headers()
            .get("content-disposition")
            .and_then(|d| {
                let (_, rest) = d.split_once("filename=\"")?;
                rest.split_once('"').map(|(name, _)| name.to_owned())
            })
            .unwrap_or_else(|| "download".to_owned()),
    };
    let content_type = response
        .headers()
        .get("content-type")
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let bytes = response
        .binary()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    save_as(&bytes, &content_type, &filename).map_err(ApiError::Network)
}

/// Sends `file` as the raw body of a `POST` to `path` (content type: the file's own) and decodes
/// the answer.
pub async fn upload<T: DeserializeOwned>(path: &str, file: &web_sys::File) -> Result<T, ApiError> {
    decode(send_file(Method::POST, path, Some(file)).await?).await
}

fn build(
    method: &Method,
    path: &str,
    file: Option<&web_sys::File>,
    access_token: Option<&str>,
) -> Result<Request, ApiError> {
    let mut builder = RequestBuilder::new(&format!("{BASE}{path}"))
        .method(method.clone())
        .header("Accept", "*/*");
    if let Some(token) = access_token {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    let request = match file {
        Some(file) => {
            let kind = file.type_();
            let kind = if kind.is_empty() {
                "application/octet-stream".to_owned()
            } else {
                kind
            };
            builder.header("Content-Type", &kind).body(file.clone())
        }
        None => builder.build(),
    };
    request.map_err(|e| ApiError::Network(e.to_string()))
}

/// Like `api::send` (bearer token, one renewal on 401) for a file body or a file answer.
async fn send_file(
    method: Method,
    path: &str,
    file: Option<&web_sys::File>,
) -> Result<Response, ApiError> {
    let mut renewed = false;
    loop {
        let token = tokens::access_token();
        let response = build(&method, path, file, token.as_deref())?
            .send()
            .await
            .map_err(|e| ApiError::Network(e.to_string()))?;
        if response.status() != 401 {
            return Ok(response);
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

/// Offers `bytes` to the user as a download named `filename`.
fn save_as(bytes: &[u8], content_type: &str, filename: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not an anchor".to_owned())?;
    anchor.set_href(&url);
    anchor.set_download(filename);
    anchor.click();
    // Released once the browser has surely taken the blob over.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    Ok(())
}
