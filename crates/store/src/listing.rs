//! Keyset pagination, `updated_since` and row visibility, shared by the master-data lists.
//!
//! Lists are ordered by id — a UUID v7, so creation order, and the primary key index serves it on
//! both databases. The cursor is the last id of a page, base64url-encoded so clients treat it as
//! opaque; the next page starts strictly after it, so rows created or changed while a client
//! pages never shift what it has not seen yet. `updated_since` filters on the indexed
//! `updated_at` (inclusive): a synchronising client pages through everything changed since its
//! last run and next time asks from the moment that run started.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, SimpleExpr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select};
use uuid::Uuid;

use crate::StoreError;

/// One page of a list: how many, after which id, changed since when.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub limit: u64,
    /// The id the previous page ended with (decoded from its cursor).
    pub after: Option<Uuid>,
    pub updated_since: Option<DateTime<Utc>>,
}

/// Which rows a caller may see, as decided by the API's access policy
/// (`cebase_domain::access`). Each list applies it to its own table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    All,
    /// Only rows belonging to this organisation and/or this person; with both `None`, nothing.
    Only {
        organisation: Option<Uuid>,
        person: Option<Uuid>,
    },
}

/// Which training records (classes, enrolments, attendance rows) a caller may see, as decided by
/// the API's access policy (`cebase_domain::access::training_read_scope`). A record is visible
/// when any of the `Only` grounds holds; with none, nothing is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrainingVisibility {
    All,
    Only {
        /// Classes with open enrolment (not used for enrolments).
        open_enrolment: bool,
        /// Classes commissioned by this organisation or with its people enrolled; enrolments of
        /// the people it employs.
        organisation: Option<Uuid>,
        /// Classes this person is enrolled in; their enrolments.
        person: Option<Uuid>,
        /// Classes with a session this teacher teaches; those classes' enrolments.
        teacher: Option<Uuid>,
    },
}

/// The opaque cursor that continues a list after `id`.
pub fn encode_cursor(id: Uuid) -> String {
    URL_SAFE_NO_PAD.encode(id.as_bytes())
}

/// `None` when `cursor` was not produced by [`encode_cursor`].
pub fn decode_cursor(cursor: &str) -> Option<Uuid> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor).ok()?;
    Uuid::from_slice(&bytes).ok()
}

/// Orders by `id`, continues after the cursor, applies `updated_since` and fetches one row more
/// than the page, so [`split_page`] can tell whether another page follows.
pub(crate) fn paged<E: EntityTrait>(
    query: Select<E>,
    id: E::Column,
    updated_at: E::Column,
    page: &PageRequest,
) -> Select<E> {
    let mut query = query.order_by_asc(id);
    if let Some(after) = page.after {
        query = query.filter(id.gt(after));
    }
    if let Some(since) = page.updated_since {
        query = query.filter(updated_at.gte(since));
    }
    query.limit(page.limit.saturating_add(1))
}

/// Cuts the extra row off and makes the cursor of the next page.
pub(crate) fn split_page<M>(
    mut rows: Vec<M>,
    limit: u64,
    id: impl Fn(&M) -> Uuid,
) -> (Vec<M>, Option<String>) {
    if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        let next = rows.last().map(|r| encode_cursor(id(r)));
        (rows, next)
    } else {
        (rows, None)
    }
}

/// `column LIKE '%q%'` with `q`'s own wildcards taken literally.
pub(crate) fn contains(column: impl sea_orm::IntoSimpleExpr, q: &str) -> SimpleExpr {
    let escaped = q
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    column
        .into_simple_expr()
        .like(LikeExpr::new(format!("%{escaped}%")).escape('\\'))
}

/// A condition that no row satisfies (a caller who may see nothing of a list).
pub(crate) fn nothing() -> SimpleExpr {
    Expr::value(1).eq(0)
}

/// The search text of a `q` filter, or `None` when blank.
pub(crate) fn search_text(q: Option<&str>) -> Option<&str> {
    q.map(str::trim).filter(|q| !q.is_empty())
}

/// A stored value that does not parse: data edited outside the system.
pub(crate) fn corrupt(what: &str, id: Uuid) -> StoreError {
    StoreError::Corrupt(format!("{what} of {id}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_foreign_input() {
        let id = Uuid::now_v7();
        assert_eq!(decode_cursor(&encode_cursor(id)), Some(id));
        assert_eq!(decode_cursor("!!"), None);
        assert_eq!(decode_cursor("YWJj"), None, "valid base64, not 16 bytes");
    }

    #[test]
    fn pages_end_without_a_cursor() {
        let ids: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let (page, next) = split_page(ids.clone(), 2, |id| *id);
        assert_eq!(page.len(), 2);
        assert_eq!(next, Some(encode_cursor(ids[1])));
        let (page, next) = split_page(ids, 3, |id| *id);
        assert_eq!((page.len(), next), (3, None));
    }
}
