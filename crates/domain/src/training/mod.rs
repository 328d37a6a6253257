//! Training operations (`docs/domain.md`, "Training classes", "Enrolment, attendance,
//! assessment"): classes (培训班, Art. 5, 11, 12) with their teaching schedule (教学日程),
//! enrolments with their capacity rule, and attendance per session.
//!
//! As in [`crate::master`], each resource has a request type, a validated `…Data` type it parses
//! into (collecting every field error), the stored form and the response DTO. The lifecycle of a
//! class is [`crate::class`]; its completion rules are [`crate::learning::CompletionRules`].

mod attendance;
mod classes;
mod enrolments;
mod sessions;

pub use attendance::*;
pub use classes::*;
pub use enrolments::*;
pub use sessions::*;
