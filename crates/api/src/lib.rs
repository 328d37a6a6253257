//! The cebase server: an actix-web JSON API under `/api/v1`, its OpenAPI description, and hosting
//! of the built SPA.
//!
//! **Architecture invariant:** only this crate knows HTTP. Handlers parse requests into domain
//! values, authorise, call `cebase_store`, and answer with DTOs from `cebase_domain::dto`.

pub mod access;
pub mod app;
pub mod audit_checkpoint;
pub mod auth;
pub mod bootstrap;
// --- certificates ---
pub mod certificates;
pub mod client_address;
pub mod config;
pub mod credentials;
pub mod documents;
pub mod error;
pub mod extract;
pub mod housekeeping;
pub mod imports;
pub mod job_leases;
pub mod metrics;
pub mod middleware;
pub mod openapi;
pub mod paging;
pub mod routes;
pub mod security_headers;
mod spa;
pub mod spreadsheet;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod verification;

pub use config::Settings;
pub use startup::{Application, openapi_document};
