//! Security headers on every answer: a Content-Security-Policy that the wasm SPA runs under,
//! `frame-ancestors 'none'` (no framing, against clickjacking), `nosniff`, a Referrer-Policy,
//! and HSTS when the public address is HTTPS.
//!
//! The SPA keeps its tokens in `sessionStorage`; the policy is the backstop that keeps injected
//! script from running: scripts only from this origin, plus the one inline module script trunk
//! writes into `index.html` to start the wasm, allowed by its SHA-256 (read from the served
//! `index.html` at start, so a rebuilt SPA is always allowed and nothing else is).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The headers this server adds, computed once at start.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    spa_policy: HeaderValue,
    hsts: Option<HeaderValue>,
}

/// API answers are data, never documents to render: nothing may load from them.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// Swagger UI (vendored, served from this origin) uses inline styles.
const DOCS_POLICY: &str = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
     frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

impl SecurityHeaders {
    /// The headers for a server whose SPA's `index.html` is `index_html` (if it serves one) and
    /// whose public address is `public_base_url`.
    pub fn new(index_html: Option<&str>, public_base_url: &str) -> Self {
        let policy = spa_policy(index_html.unwrap_or_default());
        Self {
            spa_policy: HeaderValue::from_str(&policy)
                .unwrap_or_else(|_| HeaderValue::from_static(API_POLICY)),
            hsts: public_base_url
                .starts_with("https://")
                .then(|| HeaderValue::from_static("max-age=31536000")),
        }
    }
}

/// The policy of the SPA's pages: its own scripts and wasm (`'wasm-unsafe-eval'` lets the page
/// compile WebAssembly, not run JavaScript from strings), the inline scripts of `index_html` by
/// hash, styles from the origin and in `style` attributes, images also from `data:`/`blob:`,
/// requests only to this origin.
pub fn spa_policy(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The text of every `<script>` element of `html` without a `src` attribute.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.match_indices("<script").filter_map(move |(start, _)| {
        let rest = &html[start..];
        let open_end = rest.find('>')?;
        let open = &rest[..open_end];
        if open.contains(" src=") || open.contains("\tsrc=") || open.contains("\nsrc=") {
            return None;
        }
        let body = &rest[open_end + 1..];
        let close = body.find("</script>")?;
        Some(&body[..close])
    })
}

fn is_docs(path: &str) -> bool {
    path.starts_with("/api/docs")
}

/// Adds the headers to every response (the headers a handler set itself are kept).
pub async fn add(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let headers = req.app_data::<web::Data<SecurityHeaders>>().cloned();
    let path = req.path().to_owned();
    let mut res = next.call(req).await?;
    let Some(headers) = headers else {
        return Ok(res);
    };
    let policy = if is_docs(&path) {
        HeaderValue::from_static(DOCS_POLICY)
    } else if crate::spa::is_api_path(&path) {
        HeaderValue::from_static(API_POLICY)
    } else {
        headers.spa_policy.clone()
    };
    let out = res.headers_mut();
    let mut set = |name: HeaderName, value: HeaderValue| {
        if !out.contains_key(&name) {
            out.insert(name, value);
        }
    };
    set(header::CONTENT_SECURITY_POLICY, policy);
    set(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    set(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    set(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Some(hsts) = headers.hsts.clone() {
        set(header::STRICT_TRANSPORT_SECURITY, hsts);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_INDEX: &str = r#"<!DOCTYPE html><html><head>
<link rel="modulepreload" href="/app-1.js" crossorigin="anonymous" integrity="sha384-x">
<script type="module">
import init, * as bindings from '/app-1.js';
const wasm = await init({ module_or_path: '/app-1_bg.wasm' });
</script>
<script src="/other.js"></script>
</head><body></body></html>"#;

    #[test]
    fn the_inline_module_script_is_allowed_by_its_hash_and_nothing_else_inline() {
        let scripts: Vec<&str> = inline_scripts(TRUNK_INDEX).collect();
        assert_eq!(scripts.len(), 1, "the src script is not inline");
        assert!(scripts[0].contains("await init"));
        let expected =
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(scripts[0].as_bytes()));
        let policy = spa_policy(TRUNK_INDEX);
        assert!(
            policy.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' 'sha256-{expected}';"
            )),
            "{policy}"
        );
        let script_src = policy
            .split(';')
            .map(str::trim)
            .find(|d| d.starts_with("script-src"))
            .expect("a script-src directive");
        assert!(
            !script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"),
            "{script_src}"
        );
        assert!(policy.contains("frame-ancestors 'none'"));
    }

    #[test]
    fn hsts_only_for_an_https_address() {
        assert!(
            SecurityHeaders::new(None, "https://cebase.example.edu.cn")
                .hsts
                .is_some()
        );
        assert!(
            SecurityHeaders::new(None, "http://127.0.0.1:8080")
                .hsts
                .is_none()
        );
    }
}
