//! The review engine's persistence, shared by every reviewed document (annual plans, class
//! summary reports): the conditional status change, the insert-only move history and who may
//! read a document by the authority it reached.
//!
//! **Race invariant:** a move changes the document's status with one conditional
//! `UPDATE … SET status = to, version = version + 1 WHERE id = ? AND status = from AND version =
//! ?`; of two concurrent decisions on the same document one finds 0 rows and is refused
//! (`VersionConflict`), so two moves can never both start from the same state.
//!
//! **Insert-only invariant:** transition rows are only ever inserted; this module (and every
//! module using it) has no function that updates or deletes them. What a move snapshots (a
//! plan's items in `plan_snapshots`, a report's frozen figures in its transition's `submission`)
//! is written by the caller in the same transaction, as extra columns of [`record`] or a row of
//! its own.

use cebase_domain::Authority;
use cebase_domain::review::{self, Move, Workflow};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, QueryResult, Value};
use uuid::Uuid;

use crate::StoreError;
use crate::listing::corrupt;

/// Where a kind of reviewed document is kept.
#[derive(Debug, Clone, Copy)]
pub struct ReviewTables {
    /// The documents (columns `id`, `status`, `updated_at`, `version`).
    pub subject: &'static str,
    /// Their insert-only moves.
    pub transitions: &'static str,
    /// The column of `transitions` naming the document.
    pub subject_fk: &'static str,
}

/// Annual plans (Art. 8).
pub const PLANS: ReviewTables = ReviewTables {
    subject: "plans",
    transitions: "plan_transitions",
    subject_fk: "plan_id",
};

/// Class summary reports (Art. 18).
pub const CLASS_REPORTS: ReviewTables = ReviewTables {
    subject: "class_reports",
    transitions: "class_report_transitions",
    subject_fk: "report_id",
};

/// A column of a table-specific extra and its value.
pub type Extra = (&'static str, Value);

fn col(name: &'static str) -> Alias {
    Alias::new(name)
}

/// Changes the status of document `id` as `mv` says, from the state and `version` it was read at
/// (0 rows: `VersionConflict`), setting `extra` columns too (a plan's next revision).
pub async fn change_status<W: Workflow>(
    db: &impl ConnectionTrait,
    t: &ReviewTables,
    id: Uuid,
    version: i32,
    mv: &Move<W>,
    extra: Vec<Extra>,
) -> Result<(), StoreError> {
    let mut update = Query::update();
    update
        .table(col(t.subject))
        .value(col("status"), mv.to.to_string())
        .value(col("updated_at"), Utc::now())
        .value(col("version"), Expr::col(col("version")).add(1));
    for (name, value) in extra {
        update.value(col(name), value);
    }
    update
        .and_where(Expr::col(col("id")).eq(id))
        .and_where(Expr::col(col("status")).eq(mv.from.to_string()))
        .and_where(Expr::col(col("version")).eq(version));
    if db.execute(&update).await?.rows_affected() == 0 {
        return Err(StoreError::VersionConflict);
    }
    Ok(())
}

/// Records move `mv` of document `subject_id` by `by`, with the table's `extra` columns (a plan's
/// revision, lateness, scan and snapshot; a report's frozen submission); answers its id.
pub async fn record<W: Workflow>(
    db: &impl ConnectionTrait,
    t: &ReviewTables,
    subject_id: Uuid,
    mv: &Move<W>,
    by: Uuid,
    extra: Vec<Extra>,
) -> Result<Uuid, StoreError> {
    let id = Uuid::now_v7();
    let text = |v: &Option<cebase_domain::master::Text>| v.as_ref().map(|t| t.as_ref().to_owned());
    let mut columns: Vec<(&'static str, Value)> = vec![
        ("id", id.into()),
        (t.subject_fk, subject_id.into()),
        ("action", mv.action.to_string().into()),
        ("from_status", mv.from.to_string().into()),
        ("to_status", mv.to.to_string().into()),
        (
            "authority",
            mv.authority.map(|a| a.as_str().to_owned()).into(),
        ),
        ("from_paper", mv.from_paper.into()),
        ("comments", text(&mv.comments).into()),
        ("document_number", text(&mv.document_number).into()),
        ("reply_date", mv.reply_date.into()),
        ("acted_by", by.into()),
        ("acted_at", Utc::now().into()),
    ];
    columns.extend(extra);
    let mut insert = Query::insert();
    insert
        .into_table(col(t.transitions))
        .columns(columns.iter().map(|(name, _)| col(name)))
        .values(columns.into_iter().map(|(_, v)| Expr::val(v)))
        .map_err(|e| StoreError::Corrupt(format!("{}: {e}", t.transitions)))?;
    db.execute(&insert).await?;
    Ok(id)
}

/// One recorded move as read back, with the row for the table's extra columns.
pub struct Recorded<W: Workflow> {
    pub id: Uuid,
    pub action: W::Action,
    pub from: W::State,
    pub to: W::State,
    pub authority: Option<Authority>,
    pub from_paper: bool,
    pub comments: Option<String>,
    pub document_number: Option<String>,
    pub reply_date: Option<NaiveDate>,
    pub acted_by: Uuid,
    pub acted_by_name: String,
    pub acted_at: DateTime<Utc>,
    /// The whole row, for the table's extra columns.
    pub row: QueryResult,
}

const COMMON: [&str; 11] = [
    "id",
    "action",
    "from_status",
    "to_status",
    "authority",
    "from_paper",
    "comments",
    "document_number",
    "reply_date",
    "acted_by",
    "acted_at",
];

fn parsed<T: std::str::FromStr>(
    row: &QueryResult,
    t: &ReviewTables,
    name: &str,
    id: Uuid,
) -> Result<T, StoreError> {
    let text: String = row.try_get("", name)?;
    text.parse()
        .map_err(|_| corrupt(&format!("{}.{name}", t.transitions), id))
}

/// The moves of document `subject_id`, oldest first, with who acted and the `extra` columns.
pub async fn history<W: Workflow>(
    db: &impl ConnectionTrait,
    t: &ReviewTables,
    subject_id: Uuid,
    extra: &[&'static str],
) -> Result<Vec<Recorded<W>>, StoreError> {
    let mut select = Query::select();
    select
        .columns(COMMON.iter().chain(extra).map(|c| col(c)))
        .from(col(t.transitions))
        .and_where(Expr::col(col(t.subject_fk)).eq(subject_id))
        .order_by(col("id"), sea_orm::Order::Asc);
    let rows = db.query_all(&select).await?;
    let mut user_ids: Vec<Uuid> = rows
        .iter()
        .map(|r| r.try_get("", "acted_by"))
        .collect::<Result<_, _>>()?;
    user_ids.sort_unstable();
    user_ids.dedup();
    let names = crate::users::display_names(db, &user_ids).await?;
    rows.into_iter()
        .map(|row| {
            let id: Uuid = row.try_get("", "id")?;
            let authority: Option<String> = row.try_get("", "authority")?;
            let acted_by: Uuid = row.try_get("", "acted_by")?;
            Ok(Recorded {
                id,
                action: parsed(&row, t, "action", id)?,
                from: parsed(&row, t, "from_status", id)?,
                to: parsed(&row, t, "to_status", id)?,
                authority: authority
                    .as_deref()
                    .map(str::parse::<Authority>)
                    .transpose()
                    .map_err(|_| corrupt(&format!("{}.authority", t.transitions), id))?,
                from_paper: row.try_get("", "from_paper")?,
                comments: row.try_get("", "comments")?,
                document_number: row.try_get("", "document_number")?,
                reply_date: row.try_get("", "reply_date")?,
                acted_by,
                acted_by_name: names.get(&acted_by).cloned().unwrap_or_default(),
                acted_at: row.try_get("", "acted_at")?,
                row,
            })
        })
        .collect()
}

/// The names of the states `authority` decides in workflow `W`.
fn decided_by<W: Workflow>(authority: Authority) -> Vec<String> {
    review::decided_by::<W>(authority)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The condition "the document was submitted to `authority`": some recorded move led into a
/// state that authority decides. A reviewer reads only such documents (`t.subject` must be in
/// the query).
pub fn reached<W: Workflow>(t: &ReviewTables, authority: Authority) -> Expr {
    let mut sub = Query::select();
    sub.expr(Expr::val(1))
        .from(col(t.transitions))
        .and_where(
            Expr::col((col(t.transitions), col(t.subject_fk))).equals((col(t.subject), col("id"))),
        )
        .and_where(
            Expr::col((col(t.transitions), col("to_status"))).is_in(decided_by::<W>(authority)),
        );
    Expr::exists(sub)
}

/// Whether document `id` was submitted to `authority` (see [`reached`]).
pub async fn has_reached<W: Workflow>(
    db: &impl ConnectionTrait,
    t: &ReviewTables,
    id: Uuid,
    authority: Authority,
) -> Result<bool, StoreError> {
    let states = decided_by::<W>(authority);
    if states.is_empty() {
        return Ok(false);
    }
    let mut select = Query::select();
    select
        .expr(Expr::val(1))
        .from(col(t.transitions))
        .and_where(Expr::col(col(t.subject_fk)).eq(id))
        .and_where(Expr::col(col("to_status")).is_in(states))
        .limit(1);
    Ok(db.query_one(&select).await?.is_some())
}
