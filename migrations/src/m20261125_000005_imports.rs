//! Bulk import jobs (`import_jobs`): one row per uploaded file, holding its preview (counts and
//! the first row errors), the validated rows staged as one compact blob between preview and
//! commit, and the job's state — so a finished preview survives a restart. Progress of a running
//! job is persisted at phase changes only (see `cebase_store::imports`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ImportJobs::Table)
                    .col(uuid(ImportJobs::Id).primary_key())
                    .col(uuid(ImportJobs::CreatedBy))
                    .col(string_len(ImportJobs::Format, 8))
                    .col(string_len(ImportJobs::FileSha256, 64))
                    .col(uuid_null(ImportJobs::ClassId))
                    .col(boolean(ImportJobs::KeepValid).default(false))
                    .col(string_len(ImportJobs::Status, 16))
                    .col(integer(ImportJobs::TotalRows).default(0))
                    .col(integer(ImportJobs::ValidRows).default(0))
                    .col(integer(ImportJobs::ProcessedRows).default(0))
                    .col(integer(ImportJobs::WrittenRows).default(0))
                    .col(integer(ImportJobs::PeopleCreated).default(0))
                    .col(integer(ImportJobs::PeopleReused).default(0))
                    .col(integer(ImportJobs::EnrolmentsCreated).default(0))
                    .col(integer(ImportJobs::ErrorCount).default(0))
                    // JSON array of the first row errors (the rest are only counted).
                    .col(text(ImportJobs::Errors))
                    .col(text_null(ImportJobs::Message))
                    // JSON array of the parsed rows, each `[row, [cells…]]`; dropped once done.
                    .col(blob_null(ImportJobs::Staged))
                    .col(timestamp_with_time_zone(ImportJobs::CreatedAt))
                    .col(timestamp_with_time_zone(ImportJobs::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_jobs_created_by")
                            .from(ImportJobs::Table, ImportJobs::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_jobs_class")
                            .from(ImportJobs::Table, ImportJobs::ClassId)
                            .to(Classes::Table, Classes::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // Recovery after a restart looks for jobs left running.
        manager
            .create_index(
                Index::create()
                    .name("idx_import_jobs_status")
                    .table(ImportJobs::Table)
                    .col(ImportJobs::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ImportJobs::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Classes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    Id,
    CreatedBy,
    Format,
    FileSha256,
    ClassId,
    KeepValid,
    Status,
    TotalRows,
    ValidRows,
    ProcessedRows,
    WrittenRows,
    PeopleCreated,
    PeopleReused,
    EnrolmentsCreated,
    ErrorCount,
    Errors,
    Message,
    Staged,
    CreatedAt,
    UpdatedAt,
}
