//! The course catalogue (课程), public-required or professional (Art. 4), with exact credit
//! hours: the use cases behind `/courses`.

use cebase_domain::access::MasterResource;
use cebase_domain::dto::Page;
use cebase_domain::master::{Course, CourseData, CourseDto, CourseRequest, UpdateCourseRequest};
use cebase_store::courses;
use uuid::Uuid;

use super::{Ctx, create_audited, update_audited};
use crate::access;
use crate::error::ApiError;
use crate::paging::Paging;

const RESOURCE: MasterResource = MasterResource::Courses;

/// Filters of the course list.
pub use cebase_store::courses::CourseFilter;

/// Courses in creation order (staff, admin, finance, reviewers).
pub async fn list(
    ctx: &Ctx,
    filter: CourseFilter,
    page: Paging,
) -> Result<Page<CourseDto>, ApiError> {
    // Courses have no "own" scope: this either allows everything or refuses with 403.
    access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let page = page.synced()?;
    let (items, next_cursor) = courses::list(ctx.db(), &filter, &page).await?;
    Ok(Page {
        items: items.iter().map(Course::to_dto).collect(),
        next_cursor,
    })
}

/// Creates a course (staff, admin).
pub async fn create(ctx: &Ctx, request: CourseRequest) -> Result<CourseDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let data = CourseData::try_from(request).map_err(ApiError::Validation)?;
    let course = create_audited(ctx, async |txn| courses::create(txn, data).await).await?;
    Ok(course.to_dto())
}

/// One course.
pub async fn get(ctx: &Ctx, id: Uuid) -> Result<CourseDto, ApiError> {
    let visibility = access::readable(ctx.db(), &ctx.caller, RESOURCE).await?;
    let course = courses::find(ctx.db(), id).await?;
    access::ensure_visible(visibility, &course)?;
    Ok(course.to_dto())
}

/// Replaces a course (staff, admin) at the version the caller read.
pub async fn update(
    ctx: &Ctx,
    id: Uuid,
    request: UpdateCourseRequest,
) -> Result<CourseDto, ApiError> {
    access::require_write(&ctx.caller, RESOURCE)?;
    let UpdateCourseRequest { course, version } = request;
    let data = CourseData::try_from(course).map_err(ApiError::Validation)?;
    let after = update_audited(
        ctx,
        async |txn| courses::find(txn, id).await,
        async |txn, _| courses::update(txn, id, version, data).await,
    )
    .await?;
    Ok(after.to_dto())
}
