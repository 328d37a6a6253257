//! Black-box API tests: each test starts the real server on port 0 with its own database
//! (SQLite by default, PostgreSQL when `TEST_DATABASE_URL` is set) and talks HTTP.

mod access_matrix;
mod assessments;
mod attendance;
mod audit;
mod auth;
// --- certificates ---
mod certificates;
mod classes;
mod completion;
mod courses;
mod credentials;
mod enrolments;
mod errors;
mod exports;
mod health;
mod housekeeping;
mod imports;
mod job_leases;
mod me;
mod metrics;
mod my_people;
mod openapi;
mod organisations;
mod partners;
mod people;
mod person_registrations;
mod plans;
mod records;
// --- reports (Art. 11, 16-18) ---
mod reports;
mod teachers;
mod throttle;
mod tokens;
mod users;
// --- materials3: schedule conflicts, lecture materials, results and record exports ---
mod materials;
mod result_exports;
mod schedule;
