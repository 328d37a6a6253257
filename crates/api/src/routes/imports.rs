//! `/imports`: bulk import of people and their enrolment in a class from CSV or xlsx
//! (`docs/domain.md`, "Enrolment, attendance, assessment"), and the xlsx template.
//!
//! Upload (`POST /imports`, the file as the raw body) → preview (every rejected row with its
//! row number, field and reason) → commit (`POST /imports/{id}/commit`), all or nothing unless
//! `keep_valid`. Files with more than `import_background_rows` data rows are validated and
//! committed as background jobs: the answer is `202` and `GET /imports/{id}` shows the progress.
//! How the phases run and why the commit is atomic: [`crate::imports`].

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::ProblemCode;
use cebase_domain::imports::{ImportColumn, ImportFormat, ImportJob, ImportJobDto, ImportStatus};
use cebase_store::imports::{self as jobs, NewImportJob};
use cebase_store::{StoreError, classes};
use futures_util::StreamExt as _;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::access;
use crate::app::unknown_reference;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::imports::{Importer, data_rows, rejected, run_commit, run_preview};
use crate::spreadsheet::{self, Cell, Sheet, XLSX};
use crate::state::AppState;

/// A file in a request or answer body.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBody(pub Vec<u8>);

/// What `POST /imports` does with the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Validate only and answer the preview; commit later with `POST /imports/{id}/commit`.
    #[default]
    Preview,
    /// Validate and commit in one go (for integrations).
    Commit,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct UploadParams {
    /// `preview` (default) or `commit`.
    #[param(inline)]
    pub mode: Option<ImportMode>,
    /// Also enrol every row's person in this class (planned or open; seats are respected).
    pub class_id: Option<Uuid>,
    /// Write the valid rows even if others are rejected (default `false`: all or nothing). May
    /// be given again at commit.
    pub keep_valid: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CommitParams {
    /// Write the valid rows and report the rejected ones; without it (default: the upload's
    /// choice) any rejected row means nothing is written.
    pub keep_valid: Option<bool>,
}

fn format_of(req: &HttpRequest) -> Result<ImportFormat, ApiError> {
    let essence = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    match essence.as_str() {
        "text/csv" => Ok(ImportFormat::Csv),
        XLSX => Ok(ImportFormat::Xlsx),
        _ => Err(ApiError::Problem {
            code: ProblemCode::UnsupportedMediaType,
            detail: format!("the file must be sent as text/csv (UTF-8) or {XLSX}"),
        }),
    }
}

/// Reads the body, refusing with 413 past `limit` bytes (before reading, when the length is
/// announced).
pub(crate) async fn read_body(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let announced = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if announced.is_some_and(|n| n > limit) {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut body = Vec::with_capacity(announced.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::Problem {
            code: ProblemCode::BadRequest,
            detail: format!("the upload was interrupted: {e}"),
        })?;
        if body.len() + chunk.len() > limit {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

fn answer(status: StatusCode, job: &ImportJob) -> HttpResponse {
    HttpResponse::build(status)
        .insert_header(("Location", format!("/api/v1/imports/{}", job.id)))
        .json(job.to_dto())
}

/// Starts committing a `ready` job: inline for small imports, as a background task beyond
/// `import_background_rows`. 409 `import_not_ready` unless the job is ready; 422
/// `import_rejected` when rows were rejected and `keep_valid` is not set (nothing is written).
async fn commit(
    state: &web::Data<AppState>,
    job: ImportJob,
    keep_valid: bool,
    by: Importer,
) -> Result<(StatusCode, ImportJob), ApiError> {
    let not_ready = |status: ImportStatus| ApiError::Problem {
        code: ProblemCode::ImportNotReady,
        detail: format!("only a ready import can be committed; this one is {status}"),
    };
    if job.status != ImportStatus::Ready {
        return Err(not_ready(job.status));
    }
    if job.error_count > 0 && !keep_valid {
        return Err(rejected(
            &job.errors,
            job.error_count as usize,
            job.total_rows as usize,
        ));
    }
    let owner = state.lease.owner;
    if !jobs::claim_commit(&state.db, job.id, keep_valid, by.actor.id, &state.lease).await? {
        let now = jobs::find(&state.db, job.id).await?;
        return Err(not_ready(now.status));
    }
    if job.valid_rows > state.settings.import_background_rows {
        let id = job.id;
        let task_state = state.clone();
        tokio::spawn(async move {
            // The outcome is recorded on the job; the client polls `GET /imports/{id}`.
            let imports = &task_state.imports;
            let _ = run_commit(&task_state.db, imports, job, keep_valid, by, owner).await;
        });
        let now = state.imports.overlay(jobs::find(&state.db, id).await?);
        return Ok((StatusCode::ACCEPTED, now));
    }
    let done = run_commit(&state.db, &state.imports, job, keep_valid, by, owner).await?;
    Ok((StatusCode::OK, done))
}

/// Upload a CSV (UTF-8, with or without BOM) or xlsx file of people to import — the raw file as
/// the body, `Content-Type: text/csv` or the xlsx type. Columns (Chinese headers as in the
/// template, or the English names): 姓名 `name`, 证件类型 `id_kind`, 证件号码 `id_number`,
/// 工作单位统一社会信用代码 `employer_credit_code` (optional), 职称 `title`, 职称级别
/// `title_level`, 专业领域 `field`, 最高学历 `degree`, 手机 `phone`, 邮箱 `email`. Each row is
/// checked as `POST /people` checks a person, plus duplicates within the file, unknown
/// employers, and with `class_id` enrolment and seats. A document on file with the same name
/// reuses that person unchanged; under another name it is refused (`person_conflict`).
///
/// Answers the preview (`201`), or `202` when the file is large and is validated in the
/// background (poll `GET /imports/{id}`). Row numbers are those the user sees (header = row 1).
#[utoipa::path(tag = "imports", security(("bearer" = [])), params(UploadParams),
    request_body(content((FileBody = "text/csv"), (FileBody = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")), description = "the file"),
    responses(
    (status = 201, body = ImportJobDto, description = "the preview (with mode=commit: the committed import)", headers(("Location" = String, description = "the import job"))),
    (status = 202, body = ImportJobDto, description = "a large file: validating (and committing) in the background", headers(("Location" = String, description = "the import job"))),
    (status = 400, description = "unsupported_media_type, invalid_file (not UTF-8 CSV or a readable xlsx), invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "enrolment_closed: the class no longer accepts enrolments", body = Problem, content_type = "application/problem+json"),
    (status = 413, description = "payload_too_large: beyond CEBASE_IMPORT_MAX_BYTES", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: class_id not_found; sheet_too_large: more than 200 000 data rows, a cell beyond column 256, more than 4 000 000 cells or an xlsx unpacking to more than 256 MiB (`errors[0].code` says which), nothing written; import_rejected (mode=commit): rows were rejected, nothing written", body = Problem, content_type = "application/problem+json"),
))]
#[post("/imports")]
pub async fn upload_import(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    payload: web::Payload,
    params: web::Query<UploadParams>,
) -> Result<HttpResponse, ApiError> {
    access::require_import(&auth)?;
    let format = format_of(&req)?;
    let params = params.into_inner();
    let keep_valid = params.keep_valid.unwrap_or(false);
    if let Some(class_id) = params.class_id {
        let class = match classes::find(&state.db, class_id).await {
            Ok(class) => class,
            Err(StoreError::NotFound) => {
                return Err(ApiError::validation(unknown_reference("class_id", "class")));
            }
            Err(e) => return Err(e.into()),
        };
        if !class.status.accepts_enrolment() {
            return Err(access::enrolment_conflict(
                cebase_domain::training::EnrolmentConflict::Closed(class.status),
            ));
        }
    }
    let bytes = read_body(&req, payload, state.settings.import_max_bytes).await?;
    let file_sha256 = hex::encode(Sha256::digest(&bytes));
    // Reading a large xlsx is CPU work: off the request's worker.
    let sheet: Sheet = web::block(move || spreadsheet::read(format, &bytes))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading the file: {e}")))??;
    let total_rows = data_rows(&sheet);
    let background = total_rows > state.settings.import_background_rows;
    let job = jobs::create(
        &state.db,
        NewImportJob {
            status: if background {
                ImportStatus::Pending
            } else {
                ImportStatus::Validating
            },
            created_by: auth.id(),
            format,
            file_sha256,
            class_id: params.class_id,
            keep_valid,
            total_rows,
        },
        &state.lease,
    )
    .await?;
    let by = Importer {
        actor: auth.actor(),
        request_id: auth.request_id.clone(),
    };
    let commit_now = params.mode.unwrap_or_default() == ImportMode::Commit;
    let owner = state.lease.owner;
    if background {
        let task_state = state.clone();
        let id = job.id;
        let class_id = params.class_id;
        let commit_after = commit_now.then_some(keep_valid);
        tokio::spawn(async move {
            // Outcomes are recorded on the job; the client polls `GET /imports/{id}`.
            let imports = &task_state.imports;
            let db = &task_state.db;
            let Ok(job) = run_preview(db, imports, id, sheet, class_id, commit_after, owner).await
            else {
                return;
            };
            if job.status == ImportStatus::Committing {
                let _ = run_commit(db, imports, job, keep_valid, by, owner).await;
            }
        });
        return Ok(answer(StatusCode::ACCEPTED, &job));
    }
    let ready = run_preview(
        &state.db,
        &state.imports,
        job.id,
        sheet,
        params.class_id,
        None,
        owner,
    )
    .await?;
    if commit_now {
        let (_, done) = commit(&state, ready, keep_valid, by).await?;
        return Ok(answer(StatusCode::CREATED, &done));
    }
    Ok(answer(StatusCode::CREATED, &ready))
}

/// An import job: its preview (`total_rows`, `valid_rows`, `errors` — the first 200 — and
/// `error_count`) and progress (`status`, `processed_rows`, `written_rows`). Staff and admin.
#[utoipa::path(tag = "imports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ImportJobDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/imports/{id}")]
pub async fn get_import(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    access::require_import(&auth)?;
    let job = state
        .imports
        .overlay(jobs::find(&state.db, id.into_inner()).await?);
    Ok(HttpResponse::Ok().json(job.to_dto()))
}

/// Commit a ready import: everything in one database transaction — the people (new ones in
/// multi-row inserts; people on file reused unchanged), the enrolments with their seats, one
/// audit entry — so an interrupted import leaves nothing behind. Every row is checked again
/// against the database as it is now. All or nothing unless `keep_valid=true`, which writes
/// the valid rows and reports the rejected ones. Large imports answer `202` and commit in the
/// background.
#[utoipa::path(tag = "imports", security(("bearer" = [])), params(("id" = Uuid, Path), CommitParams), responses(
    (status = 200, body = ImportJobDto, description = "committed (`done`)"),
    (status = 202, body = ImportJobDto, description = "committing in the background; poll GET /imports/{id}"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "import_not_ready (validating, committing, done or failed); enrolment_closed; class_full (seats taken meanwhile)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "import_rejected: rows were rejected and keep_valid is not set; nothing written, `errors` names them (`rows[N].field`)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/imports/{id}/commit")]
pub async fn commit_import(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    params: web::Query<CommitParams>,
) -> Result<HttpResponse, ApiError> {
    access::require_import(&auth)?;
    let job = jobs::find(&state.db, id.into_inner()).await?;
    let keep_valid = params.keep_valid.unwrap_or(job.keep_valid);
    let by = Importer {
        actor: auth.actor(),
        request_id: auth.request_id.clone(),
    };
    let (status, job) = commit(&state, job, keep_valid, by).await?;
    Ok(HttpResponse::build(status).json(job.to_dto()))
}

/// The import template: an xlsx file with the Chinese column headers and one example row (staff
/// and admin).
#[utoipa::path(tag = "imports", security(("bearer" = [])), responses(
    (status = 200, body = FileBody, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the template"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
))]
#[get("/imports/template.xlsx")]
pub async fn import_template(auth: AuthUser) -> Result<HttpResponse, ApiError> {
    access::require_import(&auth)?;
    let header: Vec<&str> = ImportColumn::ALL.iter().map(|c| c.header()).collect();
    let example: Vec<Cell> = [
        "张伟",
        "居民身份证",
        "11010519491231002X",
        "",
        "高级工程师",
        "副高",
        "软件工程",
        "硕士",
        "13800138000",
        "zhang.wei@example.cn",
    ]
    .into_iter()
    .map(|v| if v.is_empty() { Cell::Empty } else { v.into() })
    .collect();
    let bytes = spreadsheet::workbook("导入模板", &header, &[example])?;
    Ok(xlsx_file("import-template.xlsx", bytes))
}

/// An xlsx download.
pub(crate) fn xlsx_file(name: &str, bytes: Vec<u8>) -> HttpResponse {
    crate::routes::attachment(XLSX, name, bytes)
}
