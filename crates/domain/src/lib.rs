//! The pure domain of cebase, the management system of a national continuing-education base for
//! professional and technical personnel (国家级专业技术人员继续教育基地).
//!
//! **Architecture invariant:** this crate knows nothing of HTTP, SQL, async runtimes or the
//! browser. It holds the value types that cannot carry invalid data, the rules of
//! `docs/domain.md` (each implemented once, with unit tests), and the DTOs that the server sends
//! and the SPA reads, so both sides agree on the wire format by construction.

pub mod access;
pub mod audit;
// --- certificates ---
pub mod certificate;
pub mod class;
pub mod credential;
pub mod credit_code;
pub mod dto;
pub mod error;
pub mod identity;
pub mod imports;
pub mod learning;
pub mod master;
// --- materials3: lecture materials ---
pub mod materials;
pub mod money;
pub mod plans;
pub mod problem;
// --- reports (Art. 11, 16-18) ---
pub mod reports;
pub mod review;
pub mod role;
pub mod teacher;
mod text_enum;
pub mod training;
pub mod user;
pub mod validation;

pub use error::{FieldError, Problem};
pub use problem::ProblemCode;
pub use role::{Authority, Role, RoleSet};
