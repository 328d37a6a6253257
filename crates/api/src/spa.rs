//! Serving the built SPA from a directory: files as they are, and `index.html` for client-side
//! routes, never for `/api/…` paths (those get problem+json 404/405).

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::dev::{ServiceRequest, ServiceResponse, fn_service};
use actix_web::guard;
use actix_web::http::header::{CacheControl, CacheDirective};

pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/") || path == "/api" || path == "/health" || path == "/ready"
}

/// The static-file service for `dir`, answering GET/HEAD outside the API.
pub fn service(dir: &Path) -> Files {
    let index: PathBuf = dir.join("index.html");
    Files::new("/", dir)
        .index_file("index.html")
        .guard(guard::Any(guard::Get()).or(guard::Head()))
        .guard(guard::fn_guard(|ctx| !is_api_path(ctx.head().uri.path())))
        .default_handler(fn_service(move |req: ServiceRequest| {
            let index = index.clone();
            async move {
                let (req, _) = req.into_parts();
                let file = NamedFile::open_async(&index).await?;
                let mut res = file.into_response(&req);
                res.headers_mut().insert(
                    actix_web::http::header::CACHE_CONTROL,
                    CacheControl(vec![CacheDirective::NoCache])
                        .to_string()
                        .parse()
                        .map_err(|_| actix_web::error::ErrorInternalServerError("header"))?,
                );
                Ok(ServiceResponse::new(req, res))
            }
        }))
}
