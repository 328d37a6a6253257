//! The training-needs survey: `/needs` (organisation contacts, trainees and staff submit; each
//! sees their own — staff see all), `/needs/summary` (staff: grouped by topic and field) and
//! `/needs/{id}/plan-item` (staff turn a need into an item of a draft annual plan, through the
//! plans store, in one audited transaction).

use actix_web::{HttpResponse, get, post, web};
use cebase_domain::ProblemCode;
use cebase_domain::dto::Page;
use cebase_domain::plans::{PlanItemData, PlanItemDto};
use cebase_domain::reports::{
    NeedData, NeedDto, NeedRequest, NeedSource, NeedSummaryDto, NeedToPlanItemRequest, group_needs,
};
use cebase_domain::{Problem, Role};
use cebase_store::needs::{self, NeedSubmitter, NeedVisibility};
use cebase_store::{StoreError, begin_write, plans};
use uuid::Uuid;

use crate::access;
use crate::app::{commit, record_audit};
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::extract::Json;
use crate::paging::Paging;
use crate::routes::{PageParams, created};
use crate::state::AppState;

fn visibility(auth: &AuthUser, caller: &access::Caller) -> Result<NeedVisibility, ApiError> {
    if access::require_evaluation_manager(auth).is_ok() {
        return Ok(NeedVisibility::All);
    }
    if !auth.user.roles.any(&[Role::Trainee, Role::OrgContact]) {
        return Err(ApiError::forbidden());
    }
    Ok(NeedVisibility::Own {
        organisation: caller
            .organisation
            .filter(|_| auth.user.roles.contains(Role::OrgContact)),
        user: auth.id(),
    })
}

/// Training needs in creation order: staff and admin see all; an organisation contact their
/// organisation's and their own; a trainee their own.
#[utoipa::path(tag = "needs", security(("bearer" = [])), params(PageParams), responses(
    (status = 200, body = Page<NeedDto>),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, reviewers", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs")]
pub async fn list_needs(
    state: web::Data<AppState>,
    auth: AuthUser,
    page: Paging,
) -> Result<HttpResponse, ApiError> {
    let caller = access::caller(&state.db, &auth).await?;
    let v = visibility(&auth, &caller)?;
    let request = page.unsynced()?;
    let (items, next) = needs::list(&state.db, v, &request).await?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: next,
    }))
}

/// Submit a training need: topic, field, head count, preferred period, optional category and
/// notes. An organisation contact submits for their organisation, a trainee for themselves,
/// staff on anyone's behalf.
#[utoipa::path(tag = "needs", security(("bearer" = [])), request_body = NeedRequest, responses(
    (status = 201, body = NeedDto, headers(("Location" = String, description = "the need"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance, teachers, reviewers; an organisation contact or trainee without a linked person", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: topic, field required/length; head_count range; preferred_end before_start; notes length", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs")]
pub async fn create_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Json<NeedRequest>,
) -> Result<HttpResponse, ApiError> {
    let data = NeedData::parse(&body).map_err(ApiError::Validation)?;
    let txn = begin_write(&state.db).await?;
    let caller = access::caller(&txn, &auth).await?;
    let roles = &auth.user.roles;
    let submitter = if access::require_evaluation_manager(&auth).is_ok() {
        NeedSubmitter {
            source: NeedSource::Staff,
            organisation_id: None,
            person_id: caller.person,
            user_id: auth.id(),
        }
    } else if roles.contains(Role::OrgContact) && caller.organisation.is_some() {
        NeedSubmitter {
            source: NeedSource::Organisation,
            organisation_id: caller.organisation,
            person_id: caller.person,
            user_id: auth.id(),
        }
    } else if roles.contains(Role::Trainee) && caller.person.is_some() {
        NeedSubmitter {
            source: NeedSource::Trainee,
            organisation_id: None,
            person_id: caller.person,
            user_id: auth.id(),
        }
    } else {
        return Err(ApiError::forbidden());
    };
    let need = needs::create(&txn, &data, submitter).await?;
    record_audit(
        &txn,
        &auth,
        "need.create",
        "training_need",
        need.id,
        None,
        Some(serde_json::to_value(&need).unwrap_or_default()),
    )
    .await?;
    commit(txn).await?;
    Ok(created(format!("/api/v1/needs/{}", need.id), &need))
}

/// Every need grouped by topic and by field (case-insensitive), largest head count first, with
/// the preferred periods' span and how many are not yet in a plan (staff, admin).
#[utoipa::path(tag = "needs", security(("bearer" = [])), responses(
    (status = 200, body = NeedSummaryDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs/summary")]
pub async fn need_summary(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> Result<HttpResponse, ApiError> {
    access::require_evaluation_manager(&auth)?;
    let all = needs::all(&state.db).await?;
    Ok(HttpResponse::Ok().json(NeedSummaryDto {
        by_topic: group_needs(&all, |n| &n.topic),
        by_field: group_needs(&all, |n| &n.field),
    }))
}

/// One need (as `GET /needs` scopes them).
#[utoipa::path(tag = "needs", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = NeedDto),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found", body = Problem, content_type = "application/problem+json"),
))]
#[get("/needs/{id}")]
pub async fn get_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let caller = access::caller(&state.db, &auth).await?;
    let v = visibility(&auth, &caller)?;
    Ok(HttpResponse::Ok().json(needs::find(&state.db, id.into_inner(), v).await?))
}

/// Turn a need into an item of a draft annual plan (staff, admin): the body is the plan and the
/// item (the SPA pre-fills title, head count and period from the need). The item is added
/// through the plans store and the need linked to it in one transaction; a need becomes at most
/// one item.
#[utoipa::path(tag = "needs", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = NeedToPlanItemRequest, responses(
    (status = 201, body = PlanItemDto, headers(("Location" = String, description = "the new plan item"))),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: staff and admin only", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found: no such need", body = Problem, content_type = "application/problem+json"),
    (status = 409, description = "need_already_planned; plan_not_editable: the plan is not a draft", body = Problem, content_type = "application/problem+json"),
    (status = 422, description = "validation_failed: plan_id not_found; the item's fields as for POST /plans/{id}/items", body = Problem, content_type = "application/problem+json"),
))]
#[post("/needs/{id}/plan-item")]
pub async fn need_to_plan_item(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Json<NeedToPlanItemRequest>,
) -> Result<HttpResponse, ApiError> {
    access::require_evaluation_manager(&auth)?;
    let r = body.into_inner();
    let txn = begin_write(&state.db).await?;
    let need = needs::find(&txn, id.into_inner(), NeedVisibility::All).await?;
    if need.plan_item_id.is_some() {
        return Err(ApiError::Problem {
            code: ProblemCode::NeedAlreadyPlanned,
            detail: "this need was already turned into a plan item".into(),
        });
    }
    let plan = match plans::find(&txn, r.plan_id).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => {
            return Err(ApiError::validation(crate::app::unknown_reference(
                "plan_id", "plan",
            )));
        }
        Err(e) => return Err(e.into()),
    };
    if !plan.status.is_editable() {
        return Err(ApiError::Problem {
            code: ProblemCode::PlanNotEditable,
            detail: format!(
                "the plan is {}: items are added only while it is a draft",
                plan.status
            ),
        });
    }
    let data = PlanItemData::parse(&r.item, plan.data.year).map_err(ApiError::Validation)?;
    let item = plans::create_item(&txn, plan.id, &data).await?;
    plans::touch(&txn, &plan).await?;
    needs::link_plan_item(&txn, need.id, item.id)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(code) => ApiError::Problem {
                code,
                detail: "this need was already turned into a plan item".into(),
            },
            e => e.into(),
        })?;
    let mut snapshot = item.audit_snapshot();
    if let Some(obj) = snapshot.as_object_mut() {
        obj.insert("from_need".into(), need.id.to_string().into());
    }
    record_audit(
        &txn,
        &auth,
        "plan_item.create",
        "plan_item",
        item.id,
        None,
        Some(snapshot),
    )
    .await?;
    record_audit(
        &txn,
        &auth,
        "need.plan",
        "training_need",
        need.id,
        None,
        Some(serde_json::json!({"plan_id": plan.id, "plan_item_id": item.id})),
    )
    .await?;
    commit(txn).await?;
    Ok(created(
        format!("/api/v1/plans/{}/items/{}", plan.id, item.id),
        &item.to_dto(),
    ))
}
