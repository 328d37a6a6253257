//! Background jobs carry a lease: the instance running an import or a certificate batch
//! (`lease_owner`, a random id per process) renews `lease_expires_at` while it runs, so another
//! instance — or the same deployment after a crash — tells a job whose process died (lease
//! expired) from one still running elsewhere (lease current), and takes over only the former.
//! `attempts` counts the runs a job was started or resumed with, so a job that keeps killing its
//! server is failed instead of resumed forever; `committed_by` is the account that asked for an
//! import's commit, which a resumed commit is recorded under.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        let imports = [
            uuid_null(ImportJobs::LeaseOwner),
            timestamp_with_time_zone_null(ImportJobs::LeaseExpiresAt),
            uuid_null(ImportJobs::CommittedBy),
            integer(ImportJobs::Attempts).default(0).to_owned(),
        ];
        for column in imports {
            manager
                .alter_table(
                    Table::alter()
                        .table(ImportJobs::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        let batches = [
            uuid_null(CertificateBatches::LeaseOwner),
            timestamp_with_time_zone_null(CertificateBatches::LeaseExpiresAt),
            integer(CertificateBatches::Attempts).default(0).to_owned(),
        ];
        for column in batches {
            manager
                .alter_table(
                    Table::alter()
                        .table(CertificateBatches::Table)
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ImportJobs::LeaseOwner,
            ImportJobs::LeaseExpiresAt,
            ImportJobs::CommittedBy,
            ImportJobs::Attempts,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ImportJobs::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        for column in [
            CertificateBatches::LeaseOwner,
            CertificateBatches::LeaseExpiresAt,
            CertificateBatches::Attempts,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(CertificateBatches::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ImportJobs {
    Table,
    LeaseOwner,
    LeaseExpiresAt,
    CommittedBy,
    Attempts,
}

#[derive(DeriveIden)]
enum CertificateBatches {
    Table,
    LeaseOwner,
    LeaseExpiresAt,
    Attempts,
}
