//! Person registrations (`cebase_domain::master::PersonRegistration`): filed by organisation
//! contacts, decided once by staff. A decision is a conditional update (still `pending`, still
//! at the version the decider read), so two deciders can never both decide one registration.

use cebase_domain::ProblemCode;
use cebase_domain::identity::{IdDocument, IdDocumentKind};
use cebase_domain::master::{PersonData, PersonRegistration, PersonRequest, RegistrationStatus};
use cebase_domain::teacher::{Degree, TitleLevel};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::StoreError;
use crate::decode::{owned, text};
use crate::entities::person_registration as reg;
use crate::listing::{PageRequest, corrupt, paged, split_page};

/// The stored `details`: the person as submitted, but for the document (its own columns), the
/// employer (the registering organisation) and the account (never one).
#[derive(Serialize, Deserialize)]
struct Details {
    name: String,
    title: Option<String>,
    title_level: TitleLevel,
    field: Option<String>,
    degree: Degree,
    phone: Option<String>,
    email: Option<String>,
}

fn details(d: &PersonData) -> String {
    let details = Details {
        name: d.name.as_ref().to_owned(),
        title: owned(&d.title),
        title_level: d.title_level,
        field: owned(&d.field),
        degree: d.degree,
        phone: owned(&d.phone),
        email: owned(&d.email),
    };
    serde_json::to_string(&details).unwrap_or_default()
}

fn decode(m: reg::Model) -> Result<PersonRegistration, StoreError> {
    let id = m.id;
    let bad = |what: &str| corrupt(&format!("person_registrations.{what}"), id);
    let kind: IdDocumentKind = m.id_kind.parse().map_err(|_| bad("id_kind"))?;
    let d: Details = serde_json::from_str(&m.details).map_err(|_| bad("details"))?;
    // Parsed as a request would be: what was valid when filed is valid now.
    let person = PersonData::try_from(PersonRequest {
        name: d.name,
        id_kind: kind,
        id_number: m.id_number,
        employer_id: Some(m.organisation_id),
        title: d.title,
        title_level: d.title_level,
        field: d.field,
        degree: d.degree,
        phone: d.phone,
        email: d.email,
        user_id: None,
    })
    .map_err(|_| bad("details"))?;
    Ok(PersonRegistration {
        id,
        organisation_id: m.organisation_id,
        submitted_by: m.submitted_by,
        person,
        status: m.status.parse().map_err(|_| bad("status"))?,
        person_id: m.person_id,
        reason: match m.reason.as_deref() {
            None => None,
            Some(r) => Some(text(r).ok_or_else(|| bad("reason"))?),
        },
        decided_by: m.decided_by,
        decided_at: m.decided_at,
        created_at: m.created_at,
        updated_at: m.updated_at,
        version: m.version,
    })
}

/// Files a registration of `person` for `organisation_id` by the contact `submitted_by`.
pub async fn create(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    submitted_by: Uuid,
    person: &PersonData,
) -> Result<PersonRegistration, StoreError> {
    let now = Utc::now();
    let m = reg::ActiveModel {
        id: Set(Uuid::now_v7()),
        organisation_id: Set(organisation_id),
        submitted_by: Set(submitted_by),
        id_kind: Set(person.document.kind().as_str().to_owned()),
        id_number: Set(person.document.number().to_owned()),
        details: Set(details(person)),
        status: Set(RegistrationStatus::Pending.as_str().to_owned()),
        person_id: Set(None),
        reason: Set(None),
        decided_by: Set(None),
        decided_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    decode(m)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<PersonRegistration, StoreError> {
    let m = reg::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    decode(m)
}

/// The organisation's pending registration of this document, if it filed one already.
pub async fn find_pending(
    db: &impl ConnectionTrait,
    organisation_id: Uuid,
    document: &IdDocument,
) -> Result<Option<PersonRegistration>, StoreError> {
    reg::Entity::find()
        .filter(reg::Column::OrganisationId.eq(organisation_id))
        .filter(reg::Column::IdKind.eq(document.kind().as_str()))
        .filter(reg::Column::IdNumber.eq(document.number()))
        .filter(reg::Column::Status.eq(RegistrationStatus::Pending.as_str()))
        .one(db)
        .await?
        .map(decode)
        .transpose()
}

/// Registrations in filing order: of one organisation when `organisation_id` is given, in one
/// status when `status` is.
pub async fn list(
    db: &impl ConnectionTrait,
    organisation_id: Option<Uuid>,
    status: Option<RegistrationStatus>,
    page: &PageRequest,
) -> Result<(Vec<PersonRegistration>, Option<String>), StoreError> {
    let mut query = reg::Entity::find();
    if let Some(org) = organisation_id {
        query = query.filter(reg::Column::OrganisationId.eq(org));
    }
    if let Some(status) = status {
        query = query.filter(reg::Column::Status.eq(status.as_str()));
    }
    let rows = paged(query, reg::Column::Id, reg::Column::UpdatedAt, page)
        .all(db)
        .await?;
    let (rows, next) = split_page(rows, page.limit, |m| m.id);
    let items = rows.into_iter().map(decode).collect::<Result<_, _>>()?;
    Ok((items, next))
}

/// What a decision records.
pub struct Decided {
    pub status: RegistrationStatus,
    pub person_id: Option<Uuid>,
    pub reason: Option<String>,
    pub decided_by: Uuid,
    pub decided_at: DateTime<Utc>,
}

/// Decides a registration that is still pending at `expected_version`. A decided one is
/// `Conflict(registration_decided)`, a changed one `VersionConflict`.
pub async fn decide(
    db: &impl ConnectionTrait,
    id: Uuid,
    expected_version: i32,
    decided: Decided,
) -> Result<PersonRegistration, StoreError> {
    let result = reg::Entity::update_many()
        .col_expr(reg::Column::Status, Expr::value(decided.status.as_str()))
        .col_expr(reg::Column::PersonId, Expr::value(decided.person_id))
        .col_expr(reg::Column::Reason, Expr::value(decided.reason))
        .col_expr(
            reg::Column::DecidedBy,
            Expr::value(Some(decided.decided_by)),
        )
        .col_expr(
            reg::Column::DecidedAt,
            Expr::value(Some(decided.decided_at)),
        )
        .col_expr(reg::Column::UpdatedAt, Expr::value(decided.decided_at))
        .col_expr(reg::Column::Version, Expr::col(reg::Column::Version).add(1))
        .filter(reg::Column::Id.eq(id))
        .filter(reg::Column::Status.eq(RegistrationStatus::Pending.as_str()))
        .filter(reg::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        let current = find(db, id).await?;
        return Err(if current.status == RegistrationStatus::Pending {
            StoreError::VersionConflict
        } else {
            StoreError::Conflict(ProblemCode::RegistrationDecided)
        });
    }
    find(db, id).await
}
