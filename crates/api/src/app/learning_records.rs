//! Learning records (学习档案, Art. 6) and annual compliance (MOHRSS Decree No. 25).
//!
//! Records are read as people are (staff and admin everyone's, an organisation contact their
//! organisation's people's, a trainee or teacher their own); staff and admin correct them, which
//! writes a new version and keeps the earlier ones. Compliance sums the current versions of a
//! year against the configured requirement (`CEBASE_COMPLIANCE_ANNUAL_HOURS`,
//! `CEBASE_COMPLIANCE_PROFESSIONAL_SHARE`).

use cebase_domain::dto::Page;
use cebase_domain::learning::{ComplianceRules, compliance};
use cebase_domain::master::Person;
use cebase_domain::training::{
    ComplianceDto, LearningRecordDto, LearningRecordVersion, RecordCorrection,
    RecordCorrectionRequest, compliance_dto, compliance_year,
};
use cebase_store::listing::{self, PageRequest, Visibility};
use cebase_store::{ConnectionTrait, begin_write, learning_records, people, users};
use uuid::Uuid;

use super::{Ctx, commit, record_audit};
use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::paging::Paging;

/// People examined per query while looking for the non-compliant.
const SCAN_BATCH: u64 = 200;

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

/// A person's learning records (current versions), readable as the person is.
pub async fn of_person(
    ctx: &Ctx,
    id: Uuid,
    page: Paging,
) -> Result<Page<LearningRecordDto>, ApiError> {
    let person = access::visible_person(ctx.db(), &ctx.caller, id).await?;
    let page = page.synced()?;
    let (items, next_cursor) = learning_records::of_person(ctx.db(), person.id, &page).await?;
    Ok(Page {
        items: with_authors(ctx.db(), &items).await?,
        next_cursor,
    })
}

/// One learning record, current version.
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<LearningRecordDto, ApiError> {
    let record = visible_record(ctx.db(), &ctx.caller, id).await?;
    let mut names = users::display_names(ctx.db(), &[record.created_by]).await?;
    let dto = LearningRecordDto {
        created_by_name: names.remove(&record.created_by),
        ..record.to_dto()
    };
    Ok(dto)
}

/// Every version of a learning record, oldest first (whole).
pub async fn versions(ctx: &Ctx, id: Uuid) -> Result<Page<LearningRecordDto>, ApiError> {
    let record = visible_record(ctx.db(), &ctx.caller, id).await?;
    let versions = learning_records::versions(ctx.db(), record.record_id).await?;
    Ok(Page {
        items: with_authors(ctx.db(), &versions).await?,
        next_cursor: None,
    })
}

/// Corrects a learning record (staff, admin): a new current version; earlier ones are kept.
pub async fn correct(
    ctx: &Ctx,
    id: Uuid,
    r: RecordCorrectionRequest,
) -> Result<LearningRecordDto, ApiError> {
    access::require_record_correction(&ctx.caller)?;
    let correction = RecordCorrection::try_from(r).map_err(ApiError::Validation)?;
    let txn = begin_write(ctx.db()).await?;
    let before = learning_records::find_current(&txn, id).await?;
    let after = learning_records::correct(
        &txn,
        id,
        correction.version,
        &correction.content,
        &correction.reason,
        ctx.caller.id(),
    )
    .await?;
    record_audit(
        &txn,
        &ctx.caller,
        "learning_record.correct",
        "learning_record",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    let dto = LearningRecordDto {
        created_by_name: Some(ctx.caller.user.display_name.as_ref().to_owned()),
        ..after.to_dto()
    };
    Ok(dto)
}

/// A person's annual compliance against the configured requirement.
pub async fn annual_compliance(ctx: &Ctx, id: Uuid, year: i32) -> Result<ComplianceDto, ApiError> {
    let year = compliance_year(year).map_err(ApiError::validation)?;
    let person = access::visible_person(ctx.db(), &ctx.caller, id).await?;
    let mut figures = compliance_of(ctx.db(), ctx.settings().compliance, &[person], year).await?;
    let figures = figures.pop().ok_or(ApiError::NotFound)?;
    Ok(figures)
}

/// The people an organisation employs who are not compliant in a year, in creation order.
pub async fn non_compliant(
    ctx: &Ctx,
    id: Uuid,
    year: i32,
    page: Paging,
) -> Result<Page<ComplianceDto>, ApiError> {
    let year = compliance_year(year).map_err(ApiError::validation)?;
    page.refuse_sync()?;
    let limit = page.limit();
    let mut after = page.after(listing::decode_cursor)?;
    access::organisation_people(ctx.db(), &ctx.caller, id).await?;
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
        let (batch, more) = people::list(ctx.db(), &filter, Visibility::All, &request).await?;
        let figures = compliance_of(ctx.db(), ctx.settings().compliance, &batch, year).await?;
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
    Ok(Page { items, next_cursor })
}
