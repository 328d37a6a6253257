//! Partner agreements (产学研合作, Art. 22).

use cebase_domain::master::{Partner, PartnerData, PartnerKind, PartnerStatus, Record};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, QueryFilter, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::text;
use crate::entities::partner;
use crate::listing::{PageRequest, Visibility, corrupt, nothing, paged, split_page};

/// Filters of the partner list.
#[derive(Debug, Clone, Default)]
pub struct PartnerFilter {
    pub organisation_id: Option<Uuid>,
    pub kind: Option<PartnerKind>,
    pub status: Option<PartnerStatus>,
}

fn columns(d: &PartnerData) -> partner::ActiveModel {
    partner::ActiveModel {
        id: NotSet,
        organisation_id: Set(d.organisation_id),
        kind: Set(d.kind.as_str().to_owned()),
        scope: Set(d.scope.as_ref().to_owned()),
        start_date: Set(d.start_date),
        end_date: Set(d.end_date),
        status: Set(d.status.as_str().to_owned()),
        created_at: NotSet,
        updated_at: NotSet,
        version: NotSet,
    }
}

fn decode(m: partner::Model) -> Result<Partner, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("partners.{what}"), id);
    Ok(Record {
        id,
        data: PartnerData {
            organisation_id: m.organisation_id,
            kind: m.kind.parse().map_err(|_| bad("kind"))?,
            scope: text(&m.scope).ok_or_else(|| bad("scope"))?,
            start_date: m.start_date,
            end_date: m.end_date,
            status: m.status.parse().map_err(|_| bad("status"))?,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

pub async fn create(db: &impl ConnectionTrait, data: PartnerData) -> Result<Partner, StoreError> {
    let now = Utc::now();
    let mut model = columns(&data);
    model.id = Set(Uuid::now_v7());
    model.created_at = Set(now);
    model.updated_at = Set(now);
    model.version = Set(1);
    decode(model.insert(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Partner, StoreError> {
    let m = partner::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// Replaces the agreement when it is still at `expected_version`, bumping the version.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    data: PartnerData,
) -> Result<Partner, StoreError> {
    let result = partner::Entity::update_many()
        .set(columns(&data))
        .col_expr(partner::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            partner::Column::Version,
            Expr::col(partner::Column::Version).add(1),
        )
        .filter(partner::Column::Id.eq(id))
        .filter(partner::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Agreements in creation order; `Visibility::Only` keeps those of its organisation.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &PartnerFilter,
    visibility: Visibility,
    page: &PageRequest,
) -> Result<(Vec<Partner>, Option<String>), StoreError> {
    let mut query = partner::Entity::find();
    if let Visibility::Only { organisation, .. } = visibility {
        query = match organisation {
            Some(org) => query.filter(partner::Column::OrganisationId.eq(org)),
            None => query.filter(nothing()),
        };
    }
    if let Some(org) = filter.organisation_id {
        query = query.filter(partner::Column::OrganisationId.eq(org));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(partner::Column::Kind.eq(kind.as_str()));
    }
    if let Some(status) = filter.status {
        query = query.filter(partner::Column::Status.eq(status.as_str()));
    }
    let rows = paged(query, partner::Column::Id, partner::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    let items = rows.into_iter().map(decode).collect::<Result<_, _>>()?;
    Ok((items, next))
}
