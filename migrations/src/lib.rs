//! Database migrations of cebase, in sea-orm's portable DSL so the same steps run on SQLite (the
//! embedded default) and PostgreSQL (production).
//!
//! **Rule:** a migration that has been applied anywhere is never edited; a change is a new
//! migration.

pub use sea_orm_migration::prelude::*;

mod ddl;

mod m20261125_000001_foundation;
mod m20261125_000002_master_data;
mod m20261125_000003_classes;
mod m20261125_000004_assessment_records;
mod m20261125_000005_imports;
mod m20261129_000006_course_materials;
// --- certificates ---
mod m20261129_000007_certificates;
mod m20261129_000008_plans;
mod m20261129_000009_reports;
mod m20261129_000010_certificate_credentials;
mod m20261205_000011_must_change_password;
mod m20261205_000012_credentials_without_id_hash;
mod m20261205_000013_person_registrations;
mod m20261206_000014_job_leases;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_foundation::Migration),
            Box::new(m20261125_000002_master_data::Migration),
            Box::new(m20261125_000003_classes::Migration),
            Box::new(m20261125_000004_assessment_records::Migration),
            Box::new(m20261125_000005_imports::Migration),
            Box::new(m20261129_000006_course_materials::Migration),
            Box::new(m20261129_000007_certificates::Migration),
            Box::new(m20261129_000008_plans::Migration),
            Box::new(m20261129_000009_reports::Migration),
            Box::new(m20261129_000010_certificate_credentials::Migration),
            Box::new(m20261205_000011_must_change_password::Migration),
            Box::new(m20261205_000012_credentials_without_id_hash::Migration),
            Box::new(m20261205_000013_person_registrations::Migration),
            Box::new(m20261206_000014_job_leases::Migration),
        ]
    }
}
