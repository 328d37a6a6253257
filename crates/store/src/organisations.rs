//! Organisations (单位). The unified social credit code is unique (`credit_code_taken`).

use cebase_domain::ProblemCode;
use cebase_domain::credit_code::CreditCode;
use cebase_domain::master::{
    Email, Organisation, OrganisationData, OrganisationKind, Phone, Record,
};
use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{optional, text};
use crate::entities::organisation;
use crate::listing::{
    PageRequest, Visibility, contains, corrupt, nothing, paged, search_text, split_page,
};

/// Filters of the organisation list.
#[derive(Debug, Clone, Default)]
pub struct OrganisationFilter {
    /// Substring of the name.
    pub q: Option<String>,
    pub kind: Option<OrganisationKind>,
    /// Exact unified social credit code.
    pub credit_code: Option<String>,
}

const TAKEN: ProblemCode = ProblemCode::CreditCodeTaken;

/// The data columns; identity and bookkeeping are left to the caller.
fn columns(d: &OrganisationData) -> organisation::ActiveModel {
    organisation::ActiveModel {
        id: NotSet,
        name: Set(d.name.as_ref().to_owned()),
        kind: Set(d.kind.as_str().to_owned()),
        credit_code: Set(d.credit_code.as_ref().to_owned()),
        contact_name: Set(d.contact_name.as_ref().map(|v| v.as_ref().to_owned())),
        contact_phone: Set(d.contact_phone.as_ref().map(|v| v.as_ref().to_owned())),
        contact_email: Set(d.contact_email.as_ref().map(|v| v.as_ref().to_owned())),
        created_at: NotSet,
        updated_at: NotSet,
        version: NotSet,
    }
}

fn decode(m: organisation::Model) -> Result<Organisation, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("organisations.{what}"), id);
    Ok(Record {
        id,
        data: OrganisationData {
            name: text(&m.name).ok_or_else(|| bad("name"))?,
            kind: m.kind.parse().map_err(|_| bad("kind"))?,
            credit_code: CreditCode::parse(&m.credit_code, "credit_code")
                .map_err(|_| bad("credit_code"))?,
            contact_name: optional(m.contact_name.as_deref(), text)
                .ok_or_else(|| bad("contact_name"))?,
            contact_phone: optional(m.contact_phone.as_deref(), |v| Phone::parse(v, "").ok())
                .ok_or_else(|| bad("contact_phone"))?,
            contact_email: optional(m.contact_email.as_deref(), |v| Email::parse(v, "").ok())
                .ok_or_else(|| bad("contact_email"))?,
        },
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

pub async fn create(
    db: &impl ConnectionTrait,
    data: OrganisationData,
) -> Result<Organisation, StoreError> {
    let now = Utc::now();
    let mut model = columns(&data);
    model.id = Set(Uuid::now_v7());
    model.created_at = Set(now);
    model.updated_at = Set(now);
    model.version = Set(1);
    let m = model
        .insert(db)
        .await
        .map_err(|e| StoreError::unique_as(e, TAKEN))?;
    decode(m)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Organisation, StoreError> {
    let m = organisation::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

pub async fn exists(db: &impl ConnectionTrait, id: Uuid) -> Result<bool, StoreError> {
    Ok(organisation::Entity::find_by_id(id).count(db).await? > 0)
}

/// Replaces the organisation's data when it is still at `expected_version`, bumping the version.
pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    data: OrganisationData,
) -> Result<Organisation, StoreError> {
    let result = organisation::Entity::update_many()
        .set(columns(&data))
        .col_expr(organisation::Column::UpdatedAt, Expr::value(Utc::now()))
        .col_expr(
            organisation::Column::Version,
            Expr::col(organisation::Column::Version).add(1),
        )
        .filter(organisation::Column::Id.eq(id))
        .filter(organisation::Column::Version.eq(expected_version))
        .exec(db)
        .await
        .map_err(|e| StoreError::unique_as(e, TAKEN))?;
    if result.rows_affected == 0 {
        // Tell "gone" from "changed meanwhile".
        find(db, id).await?;
        return Err(StoreError::VersionConflict);
    }
    find(db, id).await
}

/// Organisations in creation order; `Visibility::Only` keeps only its organisation.
pub async fn list(
    db: &impl ConnectionTrait,
    filter: &OrganisationFilter,
    visibility: Visibility,
    page: &PageRequest,
) -> Result<(Vec<Organisation>, Option<String>), StoreError> {
    let mut query = organisation::Entity::find();
    if let Visibility::Only { organisation, .. } = visibility {
        query = match organisation {
            Some(org) => query.filter(organisation::Column::Id.eq(org)),
            None => query.filter(nothing()),
        };
    }
    if let Some(q) = search_text(filter.q.as_deref()) {
        query = query.filter(contains(organisation::Column::Name, q));
    }
    if let Some(kind) = filter.kind {
        query = query.filter(organisation::Column::Kind.eq(kind.as_str()));
    }
    if let Some(code) = search_text(filter.credit_code.as_deref()) {
        query = query.filter(organisation::Column::CreditCode.eq(code.to_ascii_uppercase()));
    }
    let rows = paged(
        query,
        organisation::Column::Id,
        organisation::Column::UpdatedAt,
        page,
    )
    .all(db)
    .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    let items = rows.into_iter().map(decode).collect::<Result<_, _>>()?;
    Ok((items, next))
}

/// The organisations with any of the given unified social credit codes, by code.
pub async fn ids_by_credit_codes(
    db: &impl ConnectionTrait,
    codes: &[&str],
) -> Result<std::collections::HashMap<String, Uuid>, StoreError> {
    let mut found = std::collections::HashMap::new();
    for chunk in codes.chunks(crate::people::INSERT_BATCH) {
        let rows: Vec<(Uuid, String)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::CreditCode)
            .filter(organisation::Column::CreditCode.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows.into_iter().map(|(id, code)| (code, id)));
    }
    Ok(found)
}

/// The names of the given organisations, by id (for exports).
pub async fn names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    let mut found = std::collections::HashMap::new();
    for chunk in ids.chunks(crate::people::INSERT_BATCH) {
        let rows: Vec<(Uuid, String)> = organisation::Entity::find()
            .select_only()
            .column(organisation::Column::Id)
            .column(organisation::Column::Name)
            .filter(organisation::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        found.extend(rows);
    }
    Ok(found)
}
