//! sea-orm entities: the tables as rows. They never leave this crate; callers get domain values.

pub mod attendance;
pub mod audit_head;
pub mod audit_log;
pub mod class;
pub mod class_session;
pub mod course;
pub mod enrolment;
pub mod login_failure;
pub mod organisation;
pub mod partner;
pub mod person;
pub mod refresh_token;
pub mod server_secret;
pub mod teacher;
pub mod user;
