//! Learning records (学习档案, Art. 6) and annual compliance (MOHRSS Decree No. 25):
//! `/people/{id}/learning-records`, `/learning-records/{id}` with its `versions` and
//! `corrections`, `/people/{id}/compliance` and `/organisations/{id}/non-compliant`.
//!
//! Records are read as people are (staff and admin everyone's, an organisation contact their
//! organisation's people's, a trainee or teacher their own); staff and admin correct them, which
//! writes a new version and keeps the earlier ones. Compliance sums the current versions of a
//! year against the configured requirement (`CEBASE_COMPLIANCE_ANNUAL_HOURS`,
//! `CEBASE_COMPLIANCE_PROFESSIONAL_SHARE`).

use actix_web::{HttpResponse, get, post, web};
use cebase_domain::Problem;
use cebase_domain::dto::Page;
use cebase_domain::learning::{ComplianceRules, compliance};
use cebase_domain::master::Person;
use cebase_domain::training::{
    ComplianceDto, LearningRecordDto, LearningRecordVersion, RecordCorrection,
    RecordCorrectionRequest, compliance_dto, compliance_year,
};
use cebase_store::listing::{self, PageRequest, Visibility};
use cebase_store::{ConnectionTrait, begin_write, learning_records, people, users};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::app::{commit, record_audit};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, SyncParams, created};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct YearParams {
    /// The calendar year (2000–2100); a record counts for the year its class ended.
    pub year: i32,
}

/// The record `id` (current version) after checking the caller may see its person.
async fn visible_record(
    db: &impl ConnectionTrait,
    auth: &AuthUser,
    id: Uuid,
) -> Result<LearningRecordVersion, ApiError> {
    let record = learning_records::find_current(db, id).await?;
    access::visible_person(db, auth, record.person_id).await?;
    Ok(record)
}

/// `versions` as the API shows them, each with the display name of the account that wrote it.
async fn with_authors(
    db: &impl ConnectionTrait,
    versions: &[LearningRecordVersion],
) -> Result<Vec<LearningRecordDto>, ApiError> {
    let mut ids: Vec<Uuid> = versions.iter().map(|v| v.created_by).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = users::display_names(db, &ids).await?;
    Ok(versions
        .iter()
        .map(|v| LearningRecordDto {
            created_by_name: names.get(&v.created_by).cloned(),
            ..v.to_dto()
        })
        .collect())
}

/// The compliance figures of `people` in `year`.
async fn compliance_of(
    db: &impl ConnectionTrait,
    rules: ComplianceRules,
    people: &[Person],
    year: i32,
) -> Result<Vec<ComplianceDto>, ApiError> {
    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let hours = learning_records::annual_hours(db, &ids, year).await?;
    Ok(people
        .iter()
        .map(|p| {
            let (public, professional) = hours.get(&p.id).copied().unwrap_or_default();
            compliance_dto(
                rules,
                p.id,
                p.data.name.as_ref().to_owned(),
                year,
                compliance(rules, public, professional),
            )
        })
        .collect())
}

/// A person's learning records (current versions) in the order they were written. Readable as
/// the person is: staff and admin, a contact of the person's employer, the person themselves.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path), PageParams, SyncParams), responses(
    (status = 200, body = Page<LearningRecordDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people/{id}/learning-records")]
pub async fn list_learning_records(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let person = access::visible_person(&state.db, &auth, id.into_inner()).await?;
    let page = page.synced()?;
    let (items, next_cursor) = learning_records::of_person(&state.db, person.id, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: with_authors(&state.db, &items).await?,
        next_cursor,
    }))
}

/// One learning record, current version.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = LearningRecordDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a record of a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/learning-records/{id}")]
pub async fn get_learning_record(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let record = visible_record(&state.db, &auth, id.into_inner()).await?;
    let mut names = users::display_names(&state.db, &[record.created_by]).await?;
    let dto = LearningRecordDto {
        created_by_name: names.remove(&record.created_by),
        ..record.to_dto()
    };
    Ok(HttpResponse::Ok().json(dto))
}

/// Every version of a learning record, oldest first (whole; `next_cursor` is always `null`):
/// the entry written at completion and each correction with who, when and why.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = Page<LearningRecordDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a record of a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/learning-records/{id}/versions")]
pub async fn learning_record_versions(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let record = visible_record(&state.db, &auth, id.into_inner()).await?;
    let versions = learning_records::versions(&state.db, record.record_id).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: with_authors(&state.db, &versions).await?,
        next_cursor: None,
    }))
}

/// Correct a learning record (staff, admin): the corrected content in full, a `reason`, and the
/// `version` being corrected. Writes a new version and makes it current; earlier versions are
/// kept unchanged (`…/versions`).
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = RecordCorrectionRequest, responses(
    (status = 201, body = LearningRecordDto, headers(("Location" = String, description = "the record"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict: the record was corrected since `version`", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. reason required, hours range/precision, year range", body = Problem, content_type = "application/problem+json"),
))]
#[post("/learning-records/{id}/corrections")]
pub async fn correct_learning_record(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<RecordCorrectionRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_record_correction(&auth)?;
    let id = id.into_inner();
    let correction = RecordCorrection::try_from(body.into_inner()).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let before = learning_records::find_current(&txn, id).await?;
    let after = learning_records::correct(
        &txn,
        id,
        correction.version,
        &correction.content,
        &correction.reason,
        auth.id(),
    )
    .await?;
    record_audit(
        &txn,
        &auth,
        "learning_record.correct",
        "learning_record",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    let dto = LearningRecordDto {
        created_by_name: Some(auth.user.display_name.as_ref().to_owned()),
        ..after.to_dto()
    };
    Ok(created(format!("/api/v1/learning-records/{id}"), &dto))
}

/// A person's annual compliance: credit hours of the year's learning records (current
/// versions) by category, against the configured requirement (default 90 hours, of which
/// professional subjects at least two thirds), with the shortfalls. Readable as the person is.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path), YearParams), responses(
    (status = 200, body = ComplianceDto),
    (status = 400, description = "invalid_query: year missing or not a number", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: year range", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people/{id}/compliance")]
pub async fn person_compliance(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    params: web::Query<YearParams>,
) -> Result<HttpResponse, ApiError> {
    let year = compliance_year(params.year).map_err(ApiError::validation)?;
    let person = access::visible_person(&state.db, &auth, id.into_inner()).await?;
    let mut figures = compliance_of(&state.db, state.settings.compliance, &[person], year).await?;
    let figures = figures.pop().ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(figures))
}

/// People examined per query while looking for the non-compliant.
const SCAN_BATCH: u64 = 200;

/// The people employed by an organisation who are not compliant in a year, with their figures,
/// in creation order of the people. Staff and admin for any organisation; an organisation
/// contact for their own.
#[utoipa::path(tag = "learning_records", security(("bearer" = [])), params(("id" = Uuid, Path), YearParams, PageParams), responses(
    (status = 200, body = Page<ComplianceDto>),
    (status = 400, description = "invalid_cursor, invalid_query (year missing)", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: roles that see no organisation's people (finance, reviewers, trainees, teachers)", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also another organisation, for an organisation contact)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: year or limit range", body = Problem, content_type = "application/problem+json"),
))]
#[get("/organisations/{id}/non-compliant")]
pub async fn non_compliant(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    params: web::Query<YearParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let year = compliance_year(params.year).map_err(ApiError::validation)?;
    let id = id.into_inner();
    page.refuse_sync()?;
    let limit = page.limit();
    let mut after = page.after(listing::decode_cursor)?;
    access::organisation_people(&state.db, &auth, id).await?;
    let filter = people::PeopleFilter {
        organisation_id: Some(id),
        ..people::PeopleFilter::default()
    };
    let mut items = Vec::new();
    // Scan the organisation's people in creation order until a page of non-compliant ones is
    // full; the cursor is the last person examined.
    let next_cursor = loop {
        let request = PageRequest {
            limit: SCAN_BATCH,
            after,
            updated_since: None,
        };
        let (batch, more) = people::list(&state.db, &filter, Visibility::All, &request).await?;
        let figures = compliance_of(&state.db, state.settings.compliance, &batch, year).await?;
        let last = batch.len();
        let mut full_at = None;
        for (i, f) in figures.into_iter().enumerate() {
            if !f.compliant {
                items.push(f);
                if items.len() as u64 == limit {
                    full_at = Some(i);
                    break;
                }
            }
        }
        match full_at {
            Some(i) if i + 1 < last || more.is_some() => {
                break Some(listing::encode_cursor(batch[i].id));
            }
            Some(_) => break None,
            None if more.is_some() => after = batch.last().map(|p| p.id),
            None => break None,
        }
    };
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}
