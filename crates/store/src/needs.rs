//! The training-needs survey: needs submitted by organisations, trainees and staff, and the
//! link to the plan item a need was turned into.

use cebase_domain::ProblemCode;
use std::collections::HashMap;

use cebase_domain::reports::{NeedData, NeedDto, NeedSource};
use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::entities::{organisation, training_need};
use crate::listing::{PageRequest, corrupt, paged, split_page};

/// Who submitted a need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeedSubmitter {
    pub source: NeedSource,
    pub organisation_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub user_id: Uuid,
}

async fn to_dtos(
    db: &impl ConnectionTrait,
    rows: Vec<training_need::Model>,
) -> Result<Vec<NeedDto>, StoreError> {
    let org_ids: Vec<Uuid> = rows.iter().filter_map(|m| m.organisation_id).collect();
    let names: HashMap<Uuid, String> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::Name)
            .filter(organisation::Column::Id.is_in(org_ids))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    rows.into_iter()
        .map(|m| {
            let bad = |what: &str| corrupt(&format!("training_needs.{what}"), m.id);
            Ok(NeedDto {
                id: m.id,
                topic: m.topic,
                field: m.field,
                head_count: u32::try_from(m.head_count).map_err(|_| bad("head_count"))?,
                preferred_start: m.preferred_start,
                preferred_end: m.preferred_end,
                category: m
                    .category
                    .as_deref()
                    .map(str::parse)
                    .transpose()
                    .map_err(|_| bad("category"))?,
                notes: m.notes,
                source: m.source.parse().map_err(|_| bad("source"))?,
                organisation_id: m.organisation_id,
                organisation_name: m.organisation_id.and_then(|o| names.get(&o).cloned()),
                plan_item_id: m.plan_item_id,
                created_at: m.created_at,
            })
        })
        .collect()
}

pub async fn create(
    db: &impl ConnectionTrait,
    data: &NeedData,
    by: NeedSubmitter,
) -> Result<NeedDto, StoreError> {
    let m = training_need::ActiveModel {
        id: Set(Uuid::now_v7()),
        topic: Set(data.topic.as_ref().to_owned()),
        field: Set(data.field.as_ref().to_owned()),
        head_count: Set(i32::try_from(data.head_count)
            .map_err(|_| StoreError::Corrupt("head count out of range".into()))?),
        preferred_start: Set(data.preferred_start),
        preferred_end: Set(data.preferred_end),
        category: Set(data.category.map(|c| c.as_str().to_owned())),
        notes: Set(crate::decode::owned(&data.notes)),
        source: Set(by.source.as_str().to_owned()),
        organisation_id: Set(by.organisation_id),
        person_id: Set(by.person_id),
        submitted_by: Set(by.user_id),
        plan_item_id: Set(None),
        created_at: Set(Utc::now()),
    }
    .insert(db)
    .await?;
    let mut dtos = to_dtos(db, vec![m]).await?;
    dtos.pop().ok_or(StoreError::NotFound)
}

/// Whose needs a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NeedVisibility {
    All,
    /// Needs submitted for this organisation or by this account.
    Own {
        organisation: Option<Uuid>,
        user: Uuid,
    },
}

fn visible(
    query: sea_orm::Select<training_need::Entity>,
    v: NeedVisibility,
) -> sea_orm::Select<training_need::Entity> {
    match v {
        NeedVisibility::All => query,
        NeedVisibility::Own { organisation, user } => {
            let mut any =
                sea_orm::Condition::any().add(training_need::Column::SubmittedBy.eq(user));
            if let Some(o) = organisation {
                any = any.add(training_need::Column::OrganisationId.eq(o));
            }
            query.filter(any)
        }
    }
}

/// Needs in creation order.
pub async fn list(
    db: &impl ConnectionTrait,
    v: NeedVisibility,
    page: &PageRequest,
) -> Result<(Vec<NeedDto>, Option<String>), StoreError> {
    let query = visible(training_need::Entity::find(), v);
    let rows = paged(
        query,
        training_need::Column::Id,
        training_need::Column::CreatedAt,
        page,
    )
    .all(db)
    .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    Ok((to_dtos(db, rows).await?, next))
}

/// Every need (for grouping).
pub async fn all(db: &impl ConnectionTrait) -> Result<Vec<NeedDto>, StoreError> {
    let rows = training_need::Entity::find().all(db).await?;
    to_dtos(db, rows).await
}

pub async fn find(
    db: &impl ConnectionTrait,
    id: Uuid,
    v: NeedVisibility,
) -> Result<NeedDto, StoreError> {
    let m = visible(training_need::Entity::find_by_id(id), v)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let mut dtos = to_dtos(db, vec![m]).await?;
    dtos.pop().ok_or(StoreError::NotFound)
}

/// Links a need to the plan item made from it, if it has none yet
/// (`Conflict("need_already_planned")` otherwise: a concurrent conversion finds 0 rows).
pub async fn link_plan_item(
    db: &impl ConnectionTrait,
    id: Uuid,
    plan_item_id: Uuid,
) -> Result<(), StoreError> {
    let result = training_need::Entity::update_many()
        .col_expr(training_need::Column::PlanItemId, Expr::value(plan_item_id))
        .filter(training_need::Column::Id.eq(id))
        .filter(training_need::Column::PlanItemId.is_null())
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::Conflict(ProblemCode::NeedAlreadyPlanned));
    }
    Ok(())
}
