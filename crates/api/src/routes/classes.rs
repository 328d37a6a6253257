//! `/classes`: training classes (培训班, 研修班, 进修班 …; Art. 5, 11, 12) and their lifecycle
//! (`POST /classes/{id}/transitions`).
//!
//! Everyone who may see a class reads it (staff, admin, finance and reviewers all classes;
//! trainees and organisation contacts classes open to enrolment and their own; teachers the
//! classes they teach); only staff and admin change classes.

use actix_web::{HttpResponse, get, post, put, web};
use cebase_domain::Problem;
use cebase_domain::ProblemCode;
use cebase_domain::access::TrainingResource;
use cebase_domain::class::{ClassStatus, TransitionAction};
use cebase_domain::dto::Page;
use cebase_domain::training::{
    ClassData, ClassDto, ClassKind, ClassRequest, ClassTransitionRequest, ClassUpdateError,
    TrainingClass, TransitionRefusal, UpdateClassRequest,
};
use cebase_store::{ConnectionTrait, begin_write, classes, organisations, sessions};
use serde::Deserialize;
use utoipa::IntoParams;
use uuid::Uuid;

use crate::access;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{
    PageParams, SyncParams, commit, completion, created, record_audit, unknown_reference, validated,
};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct ClassListParams {
    /// Substring of the title.
    pub q: Option<String>,
    pub kind: Option<ClassKind>,
    pub status: Option<ClassStatus>,
    /// Classes commissioned by this organisation.
    pub organisation_id: Option<Uuid>,
    pub open_enrolment: Option<bool>,
}

/// Parses a request and checks that its commissioning organisation exists, naming every failing
/// field. (Nothing is ever deleted, so a reference checked before the write stays valid.)
async fn parse(db: &impl ConnectionTrait, request: ClassRequest) -> Result<ClassData, ApiError> {
    let missing = match request.commissioning_organisation_id {
        Some(org) if !organisations::exists(db, org).await? => Some(unknown_reference(
            "commissioning_organisation_id",
            "organisation",
        )),
        _ => None,
    };
    let missing_item = match request.plan_item_id {
        Some(Some(item)) if !cebase_store::plans::item_exists(db, item).await? => {
            Some(unknown_reference("plan_item_id", "plan item"))
        }
        _ => None,
    };
    validated(
        ClassData::try_from(request),
        missing.into_iter().chain(missing_item),
    )
}

/// The 409 answer to changing a class that is history.
pub(crate) fn not_editable(status: ClassStatus, what: &str) -> ApiError {
    ApiError::Problem {
        code: ProblemCode::ClassNotEditable,
        detail: format!("{what} of a class that is {status} can no longer change"),
    }
}

/// List classes in creation order. Staff, admin, finance and reviewers see every class;
/// trainees classes open to enrolment and those they are enrolled in; organisation contacts
/// classes open to enrolment, commissioned by their organisation or with its people enrolled;
/// teachers the classes they teach.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(ClassListParams, PageParams, SyncParams), responses(
    (status = 200, body = Page<ClassDto>),
    (status = 400, description = "invalid_cursor, invalid_query", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed (limit)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes")]
pub async fn list_classes(
    state: web::Data<AppState>,
    auth: AuthUser,
    params: web::Query<ClassListParams>,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let (visibility, _) =
        access::training_visibility(&state.db, &auth, TrainingResource::Classes).await?;
    let page = page.synced()?;
    let params = params.into_inner();
    let filter = classes::ClassFilter {
        q: params.q,
        kind: params.kind,
        status: params.status,
        organisation_id: params.organisation_id,
        open_enrolment: params.open_enrolment,
    };
    let (items, next_cursor) = classes::list(&state.db, &filter, visibility, &page).await?;
    Ok(HttpResponse::Ok().json(Page {
        items: items.iter().map(TrainingClass::to_dto).collect::<Vec<_>>(),
        next_cursor,
    }))
}

/// Create a class (staff, admin). It starts `planned`, with an empty schedule.
#[utoipa::path(tag = "classes", security(("bearer" = [])), request_body = ClassRequest, responses(
    (status = 201, body = ClassDto, headers(("Location" = String, description = "the new class"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, e.g. end_date before start_date, capacity below 1, an unknown commissioning organisation", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes")]
pub async fn create_class(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<ClassRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_class_management(&auth)?;
    let data = parse(&state.db, body.into_inner()).await?;
    let txn = begin_write(&state.db).await?;
    let class = classes::create(&txn, data).await?;
    record_audit(
        &txn,
        &auth,
        "class.create",
        "class",
        class.id,
        None,
        Some(class.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/classes/{}", class.id),
        &class.to_dto(),
    ))
}

/// One class, with its seat count, schedule size and the lifecycle actions allowed now.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClassDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope, e.g. another teacher's)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}")]
pub async fn get_class(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (class, _) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    Ok(HttpResponse::Ok().json(class.to_dto()))
}

/// Replace a class's details (staff, admin; send the `version` you read). Possible until the
/// class is completed or cancelled; the capacity cannot drop below the number enrolled, and the
/// dates must still hold every scheduled session.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = UpdateClassRequest, responses(
    (status = 200, body = ClassDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "version_conflict; class_not_editable (completed, reported or cancelled)", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed, including capacity below_enrolled and start_date/end_date sessions_outside", body = Problem, content_type = "application/problem+json"),
))]
#[put("/classes/{id}")]
pub async fn update_class(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<UpdateClassRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_class_management(&auth)?;
    let id = id.into_inner();
    let UpdateClassRequest { class, version } = body.into_inner();
    // A client that leaves `plan_item_id` out keeps the class's link to its plan item.
    let keeps_plan_item = class.plan_item_id.is_none();
    let mut data = parse(&state.db, class).await?;
    let txn = begin_write(&state.db).await?;
    let before = classes::find(&txn, id).await?;
    if keeps_plan_item {
        data.plan_item_id = before.data.plan_item_id;
    }
    let scheduled = sessions::date_range(&txn, id).await?;
    before.check_update(&data, scheduled).map_err(|e| match e {
        ClassUpdateError::NotEditable(status) => not_editable(status, "the details"),
        ClassUpdateError::Invalid(errors) => ApiError::Validation(errors),
    })?;
    let after = classes::update(&txn, id, version, data).await?;
    record_audit(
        &txn,
        &auth,
        "class.update",
        "class",
        id,
        Some(before.audit_snapshot()),
        Some(after.audit_snapshot()),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}

/// Move a class through its lifecycle (staff, admin): `open` (planned → open), `start`
/// (open → in_progress), `complete` (in_progress → completed), `cancel` (planned, open or in
/// progress → cancelled; needs a `reason`). Completing evaluates every active enrolment against
/// the completion rules (attendance rate, assessments passed), stores each outcome with its
/// reasons (`GET /classes/{id}/completion`) and writes a learning record for every completed
/// enrolment — all in one transaction with the state change.
#[utoipa::path(tag = "classes", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ClassTransitionRequest, responses(
    (status = 200, body = ClassDto),
    (status = 400, description = "invalid_json, e.g. an action this endpoint does not offer", body = Problem, content_type = "application/problem+json"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "transition_not_allowed: the detail names the class's state and the actions allowed from it", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: reason required (cancel) or too long", body = Problem, content_type = "application/problem+json"),
))]
#[post("/classes/{id}/transitions")]
pub async fn transition_class(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<ClassTransitionRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_class_management(&auth)?;
    let id = id.into_inner();
    let ClassTransitionRequest { action, reason } = body.into_inner();
    let txn = begin_write(&state.db).await?;
    let before = classes::find(&txn, id).await?;
    let audit_action = match action {
        TransitionAction::Open => "class.open",
        TransitionAction::Start => "class.start",
        TransitionAction::Complete => "class.complete",
        TransitionAction::Cancel => "class.cancel",
    };
    let transition = before.transition(action, reason.as_deref());
    let transition = transition.map_err(|refusal| match refusal {
        TransitionRefusal::NotAllowed { .. } => ApiError::Problem {
            code: ProblemCode::TransitionNotAllowed,
            detail: refusal.to_string(),
        },
        TransitionRefusal::Invalid(error) => ApiError::validation(error),
    })?;
    let after = classes::set_status(&txn, id, before.status, &transition).await?;
    let mut after_snapshot = after.audit_snapshot();
    // Each action's work besides the state change, in the same transaction.
    match action {
        TransitionAction::Open | TransitionAction::Start | TransitionAction::Cancel => {}
        TransitionAction::Complete => {
            let (evaluations, _) = completion::complete(&txn, &auth, &after).await?;
            after_snapshot["outcomes"] = completion::audit_summary(&evaluations);
        }
    }
    record_audit(
        &txn,
        &auth,
        audit_action,
        "class",
        id,
        Some(before.audit_snapshot()),
        Some(after_snapshot),
    )
    .await?;
    commit(txn).await?;
    Ok(HttpResponse::Ok().json(after.to_dto()))
}
