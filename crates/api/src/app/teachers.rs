//! Teachers (师资) and their Art. 13 qualification: the use cases behind `/teachers`, and the
//! check every schedule runs before a teacher is booked ([`require_schedulable`]).

use cebase_domain::ProblemCode;
use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{
    Teacher, TeacherDto, TeacherProfile, TeacherRequest, UpdateTeacherRequest,
};
use cebase_store::{ConnectionTrait, StoreError, begin_write, people, teachers};
use uuid::Uuid;

use super::{
    Ctx, commit, create_audited, record_audit, unknown_reference, update_audited, validated,
};
use crate::access;
use crate::error::ApiError;
use crate::paging::Paging;

const RESOURCE: MasterResource = MasterResource::Teachers;

/// Filters of the teacher list.
pub use cebase_store::teachers::TeacherFilter;

/// Loads teacher `id` for scheduling. `field` is the request field that names the teacher
/// (e.g. `sessions[2].teacher_id`). Refuses with 422 `validation_failed` (`not_found`) when there
/// is no such teacher, and with 422 `teacher_not_qualified` — one field error per unmet rule,
/// each citing Art. 13 — when the teacher is not qualified.
pub async fn require_schedulable(
    db: &impl ConnectionTrait,
    id: Uuid,
    field: &str,
) -> Result<Teacher, ApiError> {
    let teacher = match teachers::find(db, id).await {
        Ok(t) => t,
        Err(StoreError::NotFound) => {
            return Err(ApiError::validation(unknown_reference(field, "teacher")));
        }
        Err(e) => return Err(e.into()),
    };
    match teacher.qualification().require(field) {
        Ok(()) => Ok(teacher),
        Err(errors) => Err(ApiError::RuleViolated {
            code: ProblemCode::TeacherNotQualified,
            detail: format!(
                "{} is not qualified to teach under Art. 13: {}",
                teacher.person_name,
                errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            errors,
        }),
    }
}

/// Teachers the caller may see (a teacher only their own record), in creation order.
pub async fn list(
    ctx: &Ctx,
    filter: TeacherFilter,
    page: Paging,
) -> Result<Page<TeacherDto>, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let page = page.synced()?;
    let (items, next_cursor) = teachers::list(ctx.db(), &filter, visibility, &page).await?;
    Ok(Page {
        items: items.iter().map(Teacher::to_dto).collect(),
        next_cursor,
    })
}

/// Registers a person as a teacher (staff, admin).
pub async fn create(ctx: &Ctx, request: TeacherRequest) -> Result<TeacherDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let TeacherRequest { person_id, profile } = request;
    // Nothing is ever deleted, so a reference checked before the write transaction stays valid.
    let missing = (!people::exists(ctx.db(), person_id).await?)
        .then(|| unknown_reference("person_id", "person"));
    let profile = validated(TeacherProfile::try_from(profile), missing)?;
    let teacher = create_audited(ctx, async |txn| {
        teachers::create(txn, person_id, profile).await
    })
    .await?;
    Ok(teacher.to_dto())
}

/// One teacher the caller may see.
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<TeacherDto, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let teacher = teachers::find(ctx.db(), id).await?;
    access::ensure_visible(visibility, &teacher)?;
    Ok(teacher.to_dto())
}

/// Replaces a teacher's profile (staff, admin) at the version the caller read; withdrawing the
/// attestation drops an earlier evidence verification.
pub async fn update(
    ctx: &Ctx,
    id: Uuid,
    request: UpdateTeacherRequest,
) -> Result<TeacherDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let UpdateTeacherRequest { profile, version } = request;
    let profile = TeacherProfile::try_from(profile).map_err(ApiError::Validation)?;
    let after = update_audited(
        ctx,
        async |txn| teachers::find(txn, id).await,
        async |txn, before| {
            let evidence = before.evidence_after_update(&profile);
            teachers::update(txn, id, Some(version), &profile, evidence).await
        },
    )
    .await?;
    Ok(after.to_dto())
}

/// Records that staff verified the evidence of the teacher's attestation (staff, admin).
pub async fn verify_evidence(ctx: &Ctx, id: Uuid) -> Result<TeacherDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let txn = begin_write(ctx.db()).await?;
    let before = teachers::find(&txn, id).await?;
    let evidence = before
        .verify_evidence(ctx.caller.id(), ctx.clock.now())
        .map_err(|e| ApiError::Problem {
            code: ProblemCode::NotAttested,
            detail: e.to_string(),
        })?;
    // The record was read in this (serialised) write transaction: no version check needed.
    let after = teachers::update(&txn, id, None, &before.profile, Some(evidence)).await?;
    record_audit(
        &txn,
        &ctx.caller,
        "teacher.verify_evidence",
        "teacher",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(after.to_dto())
}
