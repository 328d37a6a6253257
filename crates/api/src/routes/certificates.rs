//! Certificates (《专业技术人员继续教育证书》, Art. 9): issuance for one enrolment
//! (`POST /enrolments/{id}/certificate`) or a whole class as a background batch
//! (`POST /classes/{id}/certificates`, progress at `GET /certificate-batches/{id}`), the
//! eligibility preview, lists and reads, revocation with a reason, re-issuance, and public
//! verification by number and code without login (`GET /public/certificates/{number}`).
//!
//! Staff and admin issue, revoke and re-issue; certificates are read by staff and admin (all),
//! organisation contacts (their organisation's people's) and trainees (their own); teachers,
//! finance and reviewers get 403. Public verification answers the same 404 for an unknown number
//! and a wrong code, and counts those failures per client address in the login throttle's
//! table (429 with `Retry-After` beyond `CEBASE_CERTIFICATE_VERIFY_MAX_FAILURES_PER_IP`).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::ProblemCode;
use cebase_domain::access::{self as policy};
use cebase_domain::certificate::{
    Certificate, CertificateBatchDto, CertificateConflict, CertificateDto, CertificateNumber,
    CertificateStatus, EligibilityDto, PublicCertificateDto, Revocation, RevokeRequest, Verifiable,
    VerificationCode, check_reissue, check_revoke,
};
use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_store::certificates::{self as store, CertificateFilter};
use cebase_store::listing::Visibility;
use cebase_store::{ConnectionTrait, begin_write, classes, enrolments, people, throttle};
use chrono::{Duration, Utc};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::app::{commit, record_audit};
use crate::auth::AuthUser;
use crate::auth::extractor::client_ip;
use crate::certificates::{
    self as issuing, BatchRunner, certificate_exists, not_eligible, review, unreplaced_revoked,
};
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, attachment, created};
use crate::state::AppState;

/// 403 unless the caller may issue, revoke and re-issue certificates (staff, admin).
fn require_issuer(auth: &AuthUser) -> Result<(), ApiError> {
    access::require(auth, policy::Operation::IssueCertificates)
}

/// Certificate `id` as the caller may see it (404 outside their scope).
async fn visible(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    id: Uuid,
) -> Result<Certificate, ApiError> {
    let visibility = access::certificates_readable(db, auth).await?;
    let certificate = store::find(db, id).await?;
    if store::person_visible(db, certificate.person_id, visibility).await? {
        Ok(certificate)
    } else {
        Err(ApiError::NotFound)
    }
}

fn conflict(c: CertificateConflict) -> ApiError {
    ApiError::Problem {
        code: c.code(),
        detail: c.to_string(),
    }
}

/// Issue the certificate of one enrolment (staff, admin). Only a completed enrolment of a
/// completed class gets one (Art. 9); hours, categories and result are copied from its learning
/// record, class and dates from the class. The number is the next of the year (gapless). If the
/// enrolment's certificate was revoked, the new one re-issues it (`replaces`).
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path, description = "the enrolment")), responses(
    (status = 201, body = CertificateDto, headers(("Location" = String, description = "the certificate"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such enrolment", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "certificate_exists: the enrolment has a valid certificate; sequence_exhausted", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "not_eligible: `errors` names every unmet rule (class_not_completed, enrolment_withdrawn, not_completed, no_outcome, no_learning_record)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/enrolments/{id}/certificate")]
pub async fn issue_certificate(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    require_issuer(&auth)?;
    let _turn = state.certificate_writes.enter().await;
    let txn = begin_write(&state.db).await?;
    let enrolment = enrolments::find(&txn, id.into_inner()).await?;
    let class = classes::find(&txn, enrolment.class_id).await?;
    let mut reviewed = review(&txn, &class, vec![enrolment]).await?;
    let row = reviewed.pop().ok_or(ApiError::NotFound)?;
    if let Some(valid) = &row.valid {
        return Err(certificate_exists(valid.number.as_ref()));
    }
    let record = row.verdict.map_err(|unmet| not_eligible(&unmet))?;
    let replaces = unreplaced_revoked(&txn, &[row.enrolment.id])
        .await?
        .remove(&row.enrolment.id);
    let issued = issuing::issue(
        &txn,
        &state,
        &class,
        vec![(row.enrolment, record, replaces)],
        auth.id(),
        None,
    )
    .await?;
    let certificate = issued.into_iter().next().ok_or(ApiError::NotFound)?;
    record_audit(
        &txn,
        &auth,
        if replaces.is_some() {
            "certificate.reissue"
        } else {
            "certificate.issue"
        },
        "certificate",
        certificate.id,
        None,
        Some(certificate.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/certificates/{}", certificate.id),
        &certificate.to_dto(),
    ))
}

/// Who in a class may get a certificate now and who may not, and why (staff, admin): per
/// enrolment `eligible`, every unmet rule in `reasons`, and the number of a certificate already
/// held.
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path, description = "the class")), responses(
    (status = 200, body = EligibilityDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/certificates/eligibility")]
pub async fn class_eligibility(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    require_issuer(&auth)?;
    let (class, _) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(issuing::preview(&state.db, &class).await?))
}

/// Issue the certificates of a class (staff, admin) as a background batch: every eligible
/// enrolment without a valid certificate gets one, the others are skipped. Answers `202` with the
/// batch; poll `GET /certificate-batches/{id}` for `processed` of `total` and the outcome. The
/// batch writes all its certificates, one audit entry and its `done` state in one transaction:
/// a failure issues nothing.
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path, description = "the class")), responses(
    (status = 202, body = CertificateBatchDto, headers(("Location" = String, description = "the batch"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "nothing_to_issue: no enrolment of the class may get a certificate now (see the eligibility preview)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/certificates")]
pub async fn issue_class_certificates(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    require_issuer(&auth)?;
    let (class, _) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    // Counted, not reviewed: the batch reviews every enrolment in its own transaction.
    let counts = store::batch_counts(&state.db, class.id).await?;
    let total = if matches!(class.status, ClassStatus::Completed | ClassStatus::Reported) {
        counts.issuable
    } else {
        0
    };
    if total == 0 {
        return Err(ApiError::Problem {
            code: ProblemCode::NothingToIssue,
            detail: format!(
                "no enrolment of this class may get a certificate now: {} already certified, {} not eligible (Art. 9; see the eligibility preview)",
                counts.certified,
                counts.enrolments.saturating_sub(counts.certified)
            ),
        });
    }
    let skipped = counts.enrolments.saturating_sub(total);
    let batch =
        store::create_batch(&state.db, class.id, total, skipped, auth.id(), &state.lease).await?;
    let task_state = state.clone();
    let runner = BatchRunner {
        actor: auth.actor(),
        request_id: auth.request_id.clone(),
    };
    let (batch_id, class_id) = (batch.id, class.id);
    tokio::spawn(async move {
        // The outcome is recorded on the batch; the client polls it.
        let _ = issuing::run_batch(&task_state, batch_id, class_id, runner).await;
    });
    Ok(HttpResponse::build(StatusCode::ACCEPTED)
        .insert_header((
            "Location",
            format!("/api/v1/certificate-batches/{batch_id}"),
        ))
        .json(state.certificate_batches.overlay(batch)))
}

/// A batch issuance with its progress (staff, admin).
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = CertificateBatchDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/certificate-batches/{id}")]
pub async fn get_certificate_batch(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    require_issuer(&auth)?;
    let batch = store::find_batch(&state.db, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(state.certificate_batches.overlay(batch)))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CertificateListParams {
    /// Part of the number or of the holder's name (`%` and `_` literal).
    pub q: Option<String>,
    pub class_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub status: Option<CertificateStatus>,
    /// The year of issue (of the number).
    pub year: Option<i32>,
}

/// Certificates in issue order (keyset pages): staff and admin all, an organisation contact
/// those of the people their organisation employs, a trainee their own.
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(CertificateListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<CertificateDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: teachers, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/certificates")]
pub async fn list_certificates(
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<CertificateListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::certificates_readable(&state.db, &auth).await?;
    let page = page.synced()?;
    let params = params.into_inner();
    let filter = CertificateFilter {
        q: params.q,
        class_id: params.class_id,
        person_id: params.person_id,
        status: params.status,
        year: params.year,
    };
    let (items, next_cursor) = store::list(&state.db, &filter, visibility, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(Certificate::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// The caller's own certificates (empty when no person is linked to the account).
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Page<CertificateDto>),
    (status = 400, description = "invalid_cursor", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
))]
#[get("/me/certificates")]
pub async fn my_certificates(
    state: web::Data<AppState>,
    auth: AuthUser,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let page = page.unsynced()?;
    let me = people::find_by_user(&state.db, auth.id()).await?;
    let visibility = Visibility::Only {
        organisation: None,
        person: me.map(|p| p.id),
    };
    let (items, next_cursor) =
        store::list(&state.db, &CertificateFilter::default(), visibility, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(Certificate::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// One certificate (as the list: staff and admin, the holder's organisation contact, the holder).
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = CertificateDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: teachers, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another person's certificate)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/certificates/{id}")]
pub async fn get_certificate(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let certificate = visible(&state.db, &auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(certificate.to_dto()))
}

/// Revoke a certificate with a reason (staff, admin). It stays visible and verifiable, as
/// revoked; re-issue it with `POST /certificates/{id}/reissue`.
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = RevokeRequest, responses(
    (status = 200, body = CertificateDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "already_revoked", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: reason required, too_short (5 characters), length (500)", body = Problem, content_type = "application/problem+json"),
))]
#[post("/certificates/{id}/revoke")]
pub async fn revoke_certificate(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<RevokeRequest>,
) -> Result<HttpResponse, ApiError> {
    require_issuer(&auth)?;
    let revocation = Revocation::try_from(body.into_inner()).map_err(ApiError::Validation)?;
    let id = id.into_inner();
    let _turn = state.certificate_writes.enter().await;
    let txn = begin_write(&state.db).await?;
    let before = store::find(&txn, id).await?;
    check_revoke(before.status).map_err(conflict)?;
    let after = store::revoke(&txn, id, auth.id(), revocation.reason.as_ref(), Utc::now()).await?;
    record_audit(
        &txn,
        &auth,
        store::REVOKE_ACTION,
        "certificate",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    state.verification.revoked([after.number.as_ref()]);
    Ok(HttpResponse::Ok().json(after.to_dto()))
}

/// Re-issue a revoked certificate (staff, admin): a new certificate with a new number, copied
/// from the enrolment's current learning record, linked to the old one (`replaces`; the old one
/// gets `replaced_by`). The enrolment must still be eligible.
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path, description = "the revoked certificate")), responses(
    (status = 201, body = CertificateDto, headers(("Location" = String, description = "the new certificate"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "certificate_not_revoked (revoke first), already_reissued, certificate_exists, sequence_exhausted", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "not_eligible: the enrolment no longer meets a rule", body = Problem, content_type = "application/problem+json"),
))]
#[post("/certificates/{id}/reissue")]
pub async fn reissue_certificate(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    require_issuer(&auth)?;
    let _turn = state.certificate_writes.enter().await;
    let txn = begin_write(&state.db).await?;
    let old = store::find(&txn, id.into_inner()).await?;
    check_reissue(old.status, old.replaced_by).map_err(conflict)?;
    let enrolment = enrolments::find(&txn, old.enrolment_id).await?;
    let class = classes::find(&txn, enrolment.class_id).await?;
    let row = review(&txn, &class, vec![enrolment])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?;
    if let Some(valid) = &row.valid {
        return Err(certificate_exists(valid.number.as_ref()));
    }
    let record = row.verdict.map_err(|unmet| not_eligible(&unmet))?;
    let issued = issuing::issue(
        &txn,
        &state,
        &class,
        vec![(row.enrolment, record, Some(old.id))],
        auth.id(),
        None,
    )
    .await?;
    let new = issued.into_iter().next().ok_or(ApiError::NotFound)?;
    record_audit(
        &txn,
        &auth,
        "certificate.reissue",
        "certificate",
        new.id,
        Some(old.audit_snapshot()),
        Some(new.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/certificates/{}", new.id),
        &new.to_dto(),
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct VerifyParams {
    /// The verification code printed on the certificate (16 characters; case, spaces and `-`
    /// do not matter).
    pub code: Option<String>,
}

/// The throttle key of a client address for public verification.
fn verify_key(ip: std::net::IpAddr) -> String {
    format!("verify-ip:{}", crate::client_address::throttle_scope(ip))
}

/// Verify a certificate without logging in: by its number and the verification code printed on
/// it (or the QR code). Answers only status (`valid` / `revoked`), the masked name, the class,
/// hours, dates and issuer. An unknown number and a wrong or missing code get the same 404;
/// failures are counted per client address and answered with 429 and `Retry-After` beyond the
/// limit.
#[utoipa::path(tag = "certificates", params(("number" = String, Path, description = "the certificate number"), VerifyParams), responses(
    (status = 200, body = PublicCertificateDto),
    (status = 404, description = "not_found: unknown number or wrong code (the same answer)", body = Problem, content_type = "application/problem+json"),
    (status = 429, description = "too_many_attempts; see Retry-After", body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/certificates/{number}")]
pub async fn verify_certificate(
    state: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
    params: web::Query<VerifyParams>,
) -> Result<HttpResponse, ApiError> {
    let key = verify_key(client_ip(&req, &state.settings));
    let cache = &state.verification;
    let instant = std::time::Instant::now();
    if let Some(retry_after_secs) = cache.refused(&key, instant) {
        return Err(ApiError::TooManyAttempts { retry_after_secs });
    }
    let number = CertificateNumber::parse(&number);
    let code = params.code.as_deref().and_then(VerificationCode::parse);
    let public = |c: &Verifiable| {
        HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(c.to_public(&state.settings.certificate_issuer))
    };
    // The right number and code of a cached certificate: answered without the database. Any
    // other request reads it, so that failures are counted across instances.
    if let (Some(n), Some(code)) = (&number, &code)
        && let Some(c) = cache.get(n, instant)
        && c.accepts(code)
    {
        return Ok(public(&c));
    }
    let window_secs = state.settings.login_window_secs;
    let window = Duration::seconds(i64::try_from(window_secs).unwrap_or(900));
    let now = Utc::now();
    let ticket = cache.ticket();
    let (failures, oldest, found) = match &number {
        Some(n) => store::verification_lookup(&state.db, n, &key, now - window).await?,
        None => {
            let (failures, oldest) =
                throttle::failures_since(&state.db, &key, now - window).await?;
            (failures, oldest, None)
        }
    };
    let limit = state.settings.certificate_verify_max_failures_per_ip;
    // Until the oldest counted failure leaves the window.
    let retry_after_secs = oldest.map_or(window_secs, |t| {
        u64::try_from((t + window - now).num_seconds().max(1)).unwrap_or(1)
    });
    if failures >= limit {
        cache.refuse(&key, instant, retry_after_secs);
        return Err(ApiError::TooManyAttempts { retry_after_secs });
    }
    let matched = match (found, code) {
        (Some(c), Some(code)) if c.accepts(&code) => Some(c),
        _ => None,
    };
    let Some(certificate) = matched else {
        throttle::record_failure(&state.db, &key, now).await?;
        if failures + 1 >= limit {
            // This failure used up the allowance.
            cache.refuse(&key, instant, retry_after_secs);
        }
        return Err(ApiError::NotFound);
    };
    let answer = public(&certificate);
    cache.fill(ticket, certificate);
    Ok(answer)
}

// ---------------------------------------------------------------------------------------------
// Printed and signed forms: PDF, zip of a class's PDFs, VC-JWT, revocation status list
// ---------------------------------------------------------------------------------------------

/// A class zip renders every PDF in memory (about 30 KB and a few milliseconds each): enough for
/// any class the base runs, and a bound on what one request may cost.
const MAX_PDFS_PER_ZIP: usize = 1000;

/// The media type of a JWT-secured verifiable credential (W3C VC-JOSE-COSE).
const VC_JWT: &str = "application/vc+jwt";

/// 409 `certificate_revoked`: a revoked certificate is not printed or handed out as a credential
/// (it stays verifiable, as revoked, by number and code and in the status list).
fn revoked_refusal(certificate: &Certificate) -> ApiError {
    ApiError::Problem {
        code: ProblemCode::CertificateRevoked,
        detail: format!(
            "certificate {} is revoked and is not printed or signed again (Art. 9); it stays verifiable as revoked",
            certificate.number
        ),
    }
}

/// A valid certificate the caller may read, with the facts its PDF and credential print.
async fn printable(
    state: &AppState,
    auth: &AuthUser,
    id: Uuid,
) -> Result<(Certificate, crate::credentials::CertificateFacts), ApiError> {
    let certificate = visible(&state.db, auth, id).await?;
    if certificate.status != CertificateStatus::Valid {
        return Err(revoked_refusal(&certificate));
    }
    let facts = issuing::facts(&certificate, &state.settings);
    Ok((certificate, facts))
}

/// Runs CPU-bound rendering or signing off the async workers.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("rendering task failed")))?
        .map_err(ApiError::Internal)
}

/// The printable certificate (PDF, A4 landscape): Chinese text in an embedded subset of the
/// configured CJK font, and a QR code to the public verification page. For whoever may read the
/// certificate (staff and admin, the holder's organisation contact, the holder); a revoked
/// certificate is not printed (409).
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = crate::routes::imports::FileBody, content_type = "application/pdf", description = "the certificate, `{number}.pdf`"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: teachers, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another person's certificate)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "certificate_revoked", body = Problem, content_type = "application/problem+json"),
))]
#[get("/certificates/{id}/certificate.pdf")]
pub async fn certificate_pdf(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (certificate, facts) = printable(&state, &auth, id.into_inner()).await?;
    let font = state.certificate_font.clone();
    let pdf = blocking(move || crate::credentials::render_pdf(&facts, &font)).await?;
    Ok(attachment(
        "application/pdf",
        &format!("{}.pdf", certificate.number),
        pdf,
    ))
}

/// The certificate as a signed, portable credential: an Open Badges 3.0 `OpenBadgeCredential`
/// (W3C VC 2.0) as a VC-JWT, signed when the certificate was issued with the base's key named by
/// `kid` in the JWT header (every key, also rotated ones, at `/.well-known/jwks.json`). The holder appears only as an opaque `urn:uuid:` subject id (nothing derived from the identity number);
/// `creditsEarned` is the hours, `licenseNumber` the certificate number, and `credentialStatus`
/// points at the year's revocation status list. Same readers as the PDF; 409 when revoked.
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = String, content_type = "application/vc+jwt", description = "the compact JWS, `{number}.jwt`"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: teachers, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another person's certificate)", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "certificate_revoked", body = Problem, content_type = "application/problem+json"),
))]
#[get("/certificates/{id}/credential")]
pub async fn certificate_credential(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (certificate, facts) = printable(&state, &auth, id.into_inner()).await?;
    let jwt = match store::credential_of(&state.db, certificate.id).await? {
        Some(signed_at_issuance) => signed_at_issuance,
        // Issued before credentials were stored with certificates.
        None => state
            .credentials
            .current(&state.db)
            .await
            .map_err(ApiError::Internal)?
            .sign_credential(&facts, &state.settings.public_base_url)
            .map_err(ApiError::Internal)?,
    };
    Ok(attachment(
        VC_JWT,
        &format!("{}.jwt", certificate.number),
        jwt.into_bytes(),
    ))
}

/// The valid certificates of a class as one zip of PDFs (`{number}.pdf` each): staff and admin
/// get all, an organisation contact those of their organisation's people; 404 when there are
/// none the caller may read.
#[utoipa::path(tag = "certificates", security(("bearer" = [])), params(("id" = Uuid, Path, description = "the class")), responses(
    (status = 200, body = crate::routes::imports::FileBody, content_type = "application/zip", description = "the PDFs, `证书-{class}.zip`"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: teachers, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such class, or no valid certificate of it the caller may read", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "too_many_certificates: more than 1 000 in one zip", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/certificates.zip")]
pub async fn class_certificates_zip(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let visibility = access::certificates_readable(&state.db, &auth).await?;
    let class = classes::find(&state.db, id.into_inner()).await?;
    let certificates = store::valid_of_class(&state.db, class.id, visibility).await?;
    if certificates.is_empty() {
        return Err(ApiError::NotFound);
    }
    if certificates.len() > MAX_PDFS_PER_ZIP {
        return Err(ApiError::Problem {
            code: ProblemCode::TooManyCertificates,
            detail: format!(
                "the class has {} certificates; one zip holds at most {MAX_PDFS_PER_ZIP} (download them one by one or ask an administrator for a bulk export)",
                certificates.len()
            ),
        });
    }
    let facts: Vec<_> = certificates
        .iter()
        .map(|c| issuing::facts(c, &state.settings))
        .collect();
    let font = state.certificate_font.clone();
    let zip = blocking(move || {
        let files = facts
            .iter()
            .map(|f| {
                Ok((
                    format!("{}.pdf", f.number),
                    crate::credentials::render_pdf(f, &font)?,
                ))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        crate::credentials::zip_files(files)
    })
    .await?;
    Ok(attachment(
        "application/zip",
        &format!("证书-{}.zip", class.data.title.as_ref()),
        zip,
    ))
}

/// The revocation status list of the certificates numbered in `year`: a W3C Bitstring Status
/// List credential (`BitstringStatusListCredential`, purpose `revocation`) as a VC-JWT signed
/// like the certificates' credentials. Bit *i* is the certificate whose `statusListIndex` is
/// *i*, a position drawn at random when it was issued (so the list does not tell which
/// certificate numbers were revoked); a set bit means revoked. At least 131 072 bits, at most
/// half of them held by certificates. No login (verifiers fetch it); short-lived caching.
#[utoipa::path(tag = "credentials", params(("year" = i32, Path, description = "the year of the certificates' numbers")), responses(
    (status = 200, body = String, content_type = "application/vc+jwt", description = "the signed status list credential"),
    (status = 404, description = "not_found: a year before 2000 or after next year", body = Problem, content_type = "application/problem+json"),
))]
#[get("/public/status-lists/{year}")]
pub async fn status_list(
    state: web::Data<AppState>,
    year: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let year = year.into_inner();
    let this_year = cebase_domain::certificate::issue_year(Utc::now());
    if !(2000..=this_year + 1).contains(&year) {
        return Err(ApiError::NotFound);
    }
    let (revoked, bits) = store::revoked_indices(&state.db, year).await?;
    let url = issuing::status_list_url(&state.settings.public_base_url, year);
    let jwt = state
        .credentials
        .current(&state.db)
        .await
        .map_err(ApiError::Internal)?
        .status_list_credential(&url, &revoked, bits, &state.settings.public_base_url)
        .map_err(ApiError::Internal)?;
    Ok(HttpResponse::Ok()
        .insert_header((actix_web::http::header::CONTENT_TYPE, VC_JWT))
        .insert_header(("Cache-Control", "public, max-age=60"))
        .body(jwt))
}
