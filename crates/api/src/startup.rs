//! Building and running the application: database, migrations, keys, first-start admin, and the
//! actix-web app with its middleware.

use cebase_domain::ProblemCode;
use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::{Compress, ErrorHandlers, from_fn};
use actix_web::{App, Error, HttpRequest, HttpResponse, HttpServer, web};
use anyhow::Context;
use cebase_store::Backend;
use utoipa::OpenApi;
use utoipa::openapi::OpenApi as OpenApiDoc;
use utoipa_actix_web::{AppExt, UtoipaApp, scope};
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::jwt::JwtKeys;
use crate::auth::{password, refresh};
use crate::config::Settings;
use crate::credentials::{CertificateFont, CredentialKeys};
use crate::error::{ApiError, ensure_problem, problem_response};
use crate::openapi::ApiDoc;
use crate::routes::{self, health};
use crate::security_headers::{self, SecurityHeaders};
use crate::state::AppState;
use crate::verification::VerificationCache;
use crate::{bootstrap, middleware, spa};

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
    initial_admin_password: Option<String>,
}

/// Adds every documented service; shared by the server and `cebase openapi`.
fn compose<T>(app: UtoipaApp<T>) -> UtoipaApp<T>
where
    T: ServiceFactory<
            ServiceRequest,
            Config = (),
            Error = Error,
            InitError = (),
            Response = ServiceResponse,
        >,
{
    app.openapi(ApiDoc::openapi())
        .service(health::health)
        .service(health::ready)
        .service(crate::metrics::scrape)
        .service(routes::jwks::jwks)
        .service(scope::scope("/api/v1").configure(routes::configure_v1))
}

/// The OpenAPI document exactly as the server serves it.
pub fn openapi_document() -> OpenApiDoc {
    let mut doc = compose(App::new().into_utoipa_app()).split_for_parts().1;
    crate::openapi::document_common_answers(&mut doc);
    doc
}

/// Known path templates with their methods, to answer 405 (with `Allow`) instead of 404.
struct MethodIndex(Vec<(actix_web::dev::ResourceDef, Vec<Method>)>);

impl MethodIndex {
    fn from_doc(doc: &OpenApiDoc) -> Self {
        let entries = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let json = serde_json::to_value(item).unwrap_or_default();
                let methods = ["get", "put", "post", "delete", "patch", "head", "options"]
                    .into_iter()
                    .filter(|m| json.get(m).is_some())
                    .filter_map(|m| Method::from_bytes(m.to_uppercase().as_bytes()).ok())
                    .collect();
                (actix_web::dev::ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        Self(entries)
    }

    fn allowed(&self, path: &str) -> Option<&[Method]> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, m)| m.as_slice())
    }
}

async fn fallback(req: HttpRequest, index: web::Data<Arc<MethodIndex>>) -> HttpResponse {
    if let Some(methods) = index.allowed(req.path()) {
        let allow = methods
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let mut problem = ApiError::Problem {
            code: ProblemCode::MethodNotAllowed,
            detail: format!("{} is not allowed here; allowed: {allow}", req.method()),
        }
        .to_problem();
        problem.status = StatusCode::METHOD_NOT_ALLOWED.as_u16();
        problem.title = "Method not allowed".into();
        let mut res = problem_response(&problem);
        if let Ok(v) = header::HeaderValue::from_str(&allow) {
            res.headers_mut().insert(header::ALLOW, v);
        }
        return res;
    }
    actix_web::ResponseError::error_response(&ApiError::NotFound)
}

fn json_error(err: actix_web::error::JsonPayloadError, _: &HttpRequest) -> Error {
    use actix_web::error::JsonPayloadError as E;
    let api = match &err {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => ApiError::PayloadTooLarge,
        E::ContentType => ApiError::Problem {
            code: ProblemCode::UnsupportedMediaType,
            detail: "the body must be JSON (Content-Type: application/json)".into(),
        },
        E::Deserialize(e) => ApiError::Problem {
            code: ProblemCode::InvalidJson,
            detail: format!("the body is not valid for this endpoint: {e}"),
        },
        other => ApiError::Problem {
            code: ProblemCode::InvalidJson,
            detail: other.to_string(),
        },
    };
    api.into()
}

fn query_error(err: actix_web::error::QueryPayloadError, _: &HttpRequest) -> Error {
    ApiError::Problem {
        code: ProblemCode::InvalidQuery,
        detail: format!("invalid query parameters: {err}"),
    }
    .into()
}

fn path_error(_: actix_web::error::PathError, _: &HttpRequest) -> Error {
    ApiError::NotFound.into()
}

impl Application {
    /// Connects, migrates, prepares keys and the first admin, and binds (port 0 picks a free one).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        if let Some(warning) = settings.public_address_warning() {
            tracing::warn!("{warning}");
        }
        if let Some(path) = sqlite_parent_dir(&settings.database_url) {
            std::fs::create_dir_all(&path)
                .with_context(|| format!("cannot create the data directory {}", path.display()))?;
        }
        let (db, backend) =
            cebase_store::connect(&settings.database_url, settings.database_max_connections)
                .await
                .with_context(|| {
                    format!(
                        "cannot connect to {}",
                        crate::config::redact_url(&settings.database_url)
                    )
                })?;
        cebase_store::migrate(&db)
            .await
            .context("database migration failed")?;
        let jwt = JwtKeys::load(&db, &settings)
            .await
            .context("cannot load the access-token keys")?;
        let credentials = CredentialKeys::load(&db, settings.credential_signing_alg)
            .await
            .context("cannot load the credential signing keys")?;
        let certificate_font = {
            let (path, index) = (
                settings.certificate_font.clone(),
                settings.certificate_font_index,
            );
            tokio::task::spawn_blocking(move || CertificateFont::load(&path, index))
                .await
                .context("loading the certificate font failed")??
        };
        let initial_admin_password = bootstrap::ensure_initial_admin(&db).await?;
        let dummy_hash = password::hash(refresh::random_secret(16)).await?;

        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let verification = VerificationCache::new(
            settings.certificate_verify_cache_entries,
            std::time::Duration::from_millis(settings.certificate_verify_sync_ms),
        );
        let settings_metrics = settings.metrics_token.is_some();
        let passwords = password::Hashing::new(settings.password_hash_concurrency);
        let lease = cebase_store::leases::Lease {
            owner: uuid::Uuid::new_v4(),
            secs: settings.job_lease_secs,
        };
        let state = web::Data::new(AppState {
            db,
            backend,
            settings,
            jwt,
            dummy_hash,
            passwords,
            lease,
            imports: Default::default(),
            credentials,
            certificate_font,
            certificate_batches: Default::default(),
            certificate_writes: Default::default(),
            verification,
            metrics: crate::metrics::Metrics::new(settings_metrics),
        });
        if state.verification.caches() {
            // In step before the first request, then every interval.
            state
                .verification
                .sync(&state.db)
                .await
                .context("cannot read the audit chain for the verification cache")?;
            crate::verification::spawn_sync(std::sync::Arc::downgrade(&state.clone().into_inner()));
        }
        crate::housekeeping::spawn(std::sync::Arc::downgrade(&state.clone().into_inner()));
        crate::job_leases::spawn(std::sync::Arc::downgrade(&state.clone().into_inner()));
        crate::audit_checkpoint::spawn(std::sync::Arc::downgrade(&state.clone().into_inner()));
        crate::auth::jwt::spawn_reload(std::sync::Arc::downgrade(&state.clone().into_inner()));
        crate::metrics::spawn_upkeep(std::sync::Arc::downgrade(&state.clone().into_inner()));
        let server = run(listener, state.clone())?;
        Ok(Self {
            port,
            server,
            state,
            initial_admin_password,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn backend(&self) -> Backend {
        self.state.backend
    }

    /// The password of the `admin` account created on this start, if this start created it.
    pub fn initial_admin_password(&self) -> Option<&str> {
        self.initial_admin_password.as_deref()
    }

    pub fn database(&self) -> &cebase_store::DatabaseConnection {
        &self.state.db
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// The directory of a `sqlite://` URL's file, to create it before the first start.
fn sqlite_parent_dir(url: &str) -> Option<std::path::PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next()?;
    if path.is_empty() || path.starts_with(":memory:") {
        return None;
    }
    std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Into::into)
}

fn run(listener: TcpListener, state: web::Data<AppState>) -> anyhow::Result<Server> {
    let doc = openapi_document();
    let index = web::Data::new(Arc::new(MethodIndex::from_doc(&doc)));
    let max_body = state.settings.max_body_bytes;
    let spa_dir = state.settings.spa_dir.clone();
    let cors_origins = state.settings.cors_origins.clone();
    // The SPA's policy allows its inline start-up script by hash (see `security_headers`).
    let index_html = spa_dir.as_ref().and_then(|dir| {
        let path = dir.join("index.html");
        std::fs::read_to_string(&path)
            .inspect_err(|e| {
                tracing::warn!(path = %path.display(), error = %e, "the SPA has no readable index.html; its pages will not start");
            })
            .ok()
    });
    let security = web::Data::new(SecurityHeaders::new(
        index_html.as_deref(),
        &state.settings.public_base_url,
    ));
    let server = HttpServer::new(move || {
        // The docs go first: the `/api/v1` scope would otherwise claim `/api/v1/openapi.json`.
        let docs = SwaggerUi::new("/api/docs/{_:.*}").url("/api/v1/openapi.json", doc.clone());
        let (app, _) = compose(App::new().service(docs).into_utoipa_app()).split_for_parts();
        let mut cors = actix_cors::Cors::default()
            .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
            .allowed_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::IF_MATCH,
            ])
            .expose_headers([header::ETAG, header::RETRY_AFTER, header::LOCATION])
            .max_age(3600);
        for origin in &cors_origins {
            cors = cors.allowed_origin(origin);
        }
        let mut app = app
            .app_data(state.clone())
            .app_data(index.clone())
            .app_data(security.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(max_body)
                    .error_handler(json_error),
            )
            .app_data(web::QueryConfig::default().error_handler(query_error))
            .app_data(web::PathConfig::default().error_handler(path_error));
        if let Some(dir) = &spa_dir {
            app = app.service(spa::service(dir));
        }
        app.default_service(web::to(fallback))
            .wrap(ErrorHandlers::new().default_handler(ensure_problem))
            .wrap(from_fn(security_headers::add))
            .wrap(from_fn(crate::metrics::track))
            .wrap(cors)
            .wrap(Compress::default())
            .wrap(from_fn(middleware::request_context))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
