//! Training operations (`docs/domain.md`, "Training classes", "Enrolment, attendance,
//! assessment", "Learning records"): classes (培训班, Art. 5, 11, 12) with their teaching
//! schedule (教学日程), enrolments with their capacity rule, attendance per session,
//! assessments and their results, completion, and learning records (学习档案, Art. 6).
//!
//! As in [`crate::master`], each resource has a request type, a validated `…Data` type it parses
//! into (collecting every field error), the stored form and the response DTO. Classes, their data
//! and their lifecycle, are [`crate::class`] (re-exported here); their completion rules are
//! [`crate::learning::CompletionRules`].

mod assessments;
mod attendance;
mod completion;
mod enrolments;
mod records;
mod sessions;

pub use crate::class::{
    ClassData, ClassDto, ClassKind, ClassRequest, ClassTransitionRequest, ClassUpdateError,
    DeliveryForm, MAX_CAPACITY, ScheduleSummary, TrainingClass, Transition, TransitionRefusal,
    UpdateClassRequest,
};
pub use assessments::*;
pub use attendance::*;
pub use completion::*;
pub use enrolments::*;
pub use records::*;
pub use sessions::*;
