//! Teachers (专兼职教师, Art. 13): the qualification rule ([`qualification`]) and a person's
//! teaching profile, the leader/backbone attestation and its verification by staff
//! ([`profile`]). Teacher records are master data: [`crate::master`] re-exports the record, its
//! requests and DTOs.

pub mod profile;
pub mod qualification;

pub use profile::*;
pub use qualification::*;
