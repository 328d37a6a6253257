//! sea-orm entities: the tables as rows. They never leave this crate; callers get domain values.

pub mod assessment;
pub mod assessment_result;
pub mod attendance;
pub mod audit_head;
pub mod audit_log;
// --- certificates ---
pub mod certificate;
pub mod certificate_batch;
pub mod certificate_counter;
pub mod class;
pub mod class_session;
pub mod course;
pub mod enrolment;
pub mod enrolment_outcome;
pub mod import_job;
pub mod learning_record;
pub mod learning_record_version;
pub mod login_failure;
pub mod organisation;
pub mod partner;
pub mod person;
pub mod person_registration;
// --- plans ---
pub mod plan;
pub mod plan_item;
pub mod plan_scan;
pub mod plan_snapshot;
pub mod plan_transition;
pub mod refresh_token;
pub mod result_correction;
pub mod server_secret;
pub mod teacher;
pub mod user;
// --- materials3: lecture materials ---
pub mod course_material;
pub mod course_material_content;
// --- reports (Art. 11, 16-18) ---
pub mod class_report;
pub mod class_report_transition;
pub mod evaluation;
pub mod evaluation_receipt;
pub mod follow_up;
pub mod questionnaire;
pub mod training_need;
