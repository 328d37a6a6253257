//! The one way a list reads its page: `limit` (1–200, default 50), an opaque `cursor` from the
//! previous page's `next_cursor`, and — on the lists that document it — `updated_since`.
//! Handlers take a [`Paging`] and ask it for the position in their own key: an id
//! ([`Paging::synced`], [`Paging::unsynced`]) or another key ([`Paging::after`]: accounts by
//! username, the audit trail by sequence number). A cursor that does not decode answers
//! `400 invalid_cursor`, a limit out of range `422 validation_failed` (`limit: range`), and
//! `updated_since` on a list that does not offer it `400 invalid_query`.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use cebase_domain::{FieldError, ProblemCode};
use cebase_store::listing::{self, PageRequest};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::error::ApiError;

/// Default and largest page size.
pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

/// The page a list request asks for (see the module documentation).
#[derive(Debug, Clone)]
pub struct Paging {
    limit: u64,
    cursor: Option<String>,
    updated_since: Option<DateTime<Utc>>,
}

#[derive(Deserialize)]
struct Raw {
    limit: Option<u64>,
    cursor: Option<String>,
    updated_since: Option<DateTime<Utc>>,
}

impl FromRequest for Paging {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Self::parse(req.query_string()).map_err(Into::into))
    }
}

impl Paging {
    fn parse(query: &str) -> Result<Self, ApiError> {
        let raw = web::Query::<Raw>::from_query(query)
            .map_err(|e| ApiError::Problem {
                code: ProblemCode::InvalidQuery,
                detail: format!("invalid query parameters: {e}"),
            })?
            .into_inner();
        let limit = match raw.limit {
            None => DEFAULT_LIMIT,
            Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => {
                return Err(ApiError::validation(FieldError::new(
                    "limit",
                    "range",
                    format!("must be between 1 and {MAX_LIMIT}"),
                )));
            }
        };
        Ok(Self {
            limit,
            cursor: raw.cursor,
            updated_since: raw.updated_since,
        })
    }

    /// The page size.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// The page of an id-ordered list that offers `updated_since`.
    pub fn synced(&self) -> Result<PageRequest, ApiError> {
        Ok(PageRequest {
            limit: self.limit,
            after: self.after(listing::decode_cursor)?,
            updated_since: self.updated_since,
        })
    }

    /// The page of an id-ordered list that does not offer `updated_since` (asking for it is
    /// refused rather than silently ignored).
    pub fn unsynced(&self) -> Result<PageRequest, ApiError> {
        self.refuse_sync()?;
        self.synced()
    }

    /// The position after which a list keyed otherwise continues, decoded by that list's own
    /// `decode` (which answers `None` for a cursor it did not produce). Such lists offer no
    /// `updated_since`.
    pub fn after<K>(&self, decode: impl FnOnce(&str) -> Option<K>) -> Result<Option<K>, ApiError> {
        match self.cursor.as_deref() {
            None => Ok(None),
            Some(cursor) => decode(cursor).map(Some).ok_or_else(invalid_cursor),
        }
    }

    /// Refuses `updated_since` on a list that does not offer it.
    pub fn refuse_sync(&self) -> Result<(), ApiError> {
        match self.updated_since {
            None => Ok(()),
            Some(_) => Err(ApiError::Problem {
                code: ProblemCode::InvalidQuery,
                detail: "this list does not offer updated_since".into(),
            }),
        }
    }
}

/// The answer to a cursor the list did not produce.
pub fn invalid_cursor() -> ApiError {
    ApiError::Problem {
        code: ProblemCode::InvalidCursor,
        detail: "the cursor was not produced by this list; start again without it".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(err: ApiError) -> String {
        match err {
            ApiError::Problem { code, .. } => code.as_str().to_owned(),
            ApiError::Validation(errors) => format!("validation:{}", errors[0].field),
            other => format!("{other:?}"),
        }
    }

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(Paging::parse("").expect("empty").limit(), DEFAULT_LIMIT);
        assert_eq!(Paging::parse("limit=200").expect("max").limit(), 200);
        for bad in ["limit=0", "limit=201"] {
            assert_eq!(code(Paging::parse(bad).expect_err(bad)), "validation:limit");
        }
        assert_eq!(
            code(Paging::parse("limit=x").expect_err("x")),
            "invalid_query"
        );
    }

    #[test]
    fn cursors_round_trip_and_foreign_ones_are_refused() {
        let id = uuid::Uuid::now_v7();
        let query = format!("cursor={}", listing::encode_cursor(id));
        let page = Paging::parse(&query)
            .expect("parsed")
            .synced()
            .expect("decoded");
        assert_eq!(page.after, Some(id));
        let foreign = Paging::parse("cursor=not-ours").expect("parsed");
        assert_eq!(
            code(foreign.synced().expect_err("foreign")),
            "invalid_cursor"
        );
    }

    #[test]
    fn updated_since_only_where_offered() {
        let paging = Paging::parse("updated_since=2026-03-01T00:00:00Z").expect("parsed");
        assert!(paging.synced().expect("synced").updated_since.is_some());
        assert_eq!(
            code(paging.unsynced().expect_err("unsynced")),
            "invalid_query"
        );
        assert_eq!(
            code(
                paging
                    .after(|_| Some(1))
                    .map(|_| ())
                    .and_then(|_| paging.refuse_sync())
                    .expect_err("keyed")
            ),
            "invalid_query"
        );
    }
}
