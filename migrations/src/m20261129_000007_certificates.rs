//! Certificates (Art. 9): `certificates`, the per-year numbering counter
//! `certificate_counters`, and batch issuance jobs `certificate_batches`.
//!
//! - Numbers are unique (`uq_certificates_number`) and, per year, gapless: the sequence comes
//!   from the year's counter row, advanced in the issuing transaction, so a rolled-back issuance
//!   gives its numbers back.
//! - At most one **valid** certificate per enrolment: the partial unique index
//!   `uq_certificates_valid_enrolment` (`WHERE status = 'valid'`), which SQLite and PostgreSQL
//!   both support; revoked certificates stay (they remain verifiable as revoked).
//! - A certificate's bit in its year's revocation status list is unique per year
//!   (`uq_certificates_year_status_list_index`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::ddl::fk;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CertificateCounters::Table)
                    .col(integer(CertificateCounters::Year).primary_key())
                    // The sequence the next certificate of the year gets.
                    .col(big_integer(CertificateCounters::NextSeq).default(1))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Certificates::Table)
                    .col(uuid(Certificates::Id).primary_key())
                    .col(string_len(Certificates::Number, 64))
                    .col(integer(Certificates::Year))
                    .col(big_integer(Certificates::Sequence))
                    .col(string_len(Certificates::VerificationCode, 32))
                    .col(uuid(Certificates::EnrolmentId))
                    .col(uuid(Certificates::PersonId))
                    .col(uuid(Certificates::ClassId))
                    .col(uuid(Certificates::LearningRecordId))
                    .col(integer(Certificates::LearningRecordVersion))
                    .col(string_len(Certificates::HolderName, 100))
                    .col(string_len(Certificates::ClassTitle, 200))
                    .col(string_len(Certificates::ClassKind, 32))
                    .col(string_len(Certificates::Form, 16))
                    .col(date(Certificates::StartDate))
                    .col(date(Certificates::EndDate))
                    .col(integer(Certificates::PublicRequiredTenths))
                    .col(integer(Certificates::ProfessionalTenths))
                    .col(text_null(Certificates::Result))
                    .col(string_len(Certificates::Status, 16))
                    .col(timestamp_with_time_zone_null(Certificates::RevokedAt))
                    .col(uuid_null(Certificates::RevokedBy))
                    .col(text_null(Certificates::RevocationReason))
                    .col(uuid_null(Certificates::Replaces))
                    .col(uuid_null(Certificates::ReplacedBy))
                    .col(integer(Certificates::StatusListIndex))
                    .col(timestamp_with_time_zone(Certificates::IssuedAt))
                    .col(uuid(Certificates::IssuedBy))
                    .col(timestamp_with_time_zone(Certificates::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_certificates_enrolment",
                        (Certificates::Table, Certificates::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificates_person",
                        (Certificates::Table, Certificates::PersonId),
                        (People::Table, People::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificates_class",
                        (Certificates::Table, Certificates::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificates_learning_record",
                        (Certificates::Table, Certificates::LearningRecordId),
                        (LearningRecords::Table, LearningRecords::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificates_issued_by",
                        (Certificates::Table, Certificates::IssuedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificates_revoked_by",
                        (Certificates::Table, Certificates::RevokedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificates_replaces",
                        (Certificates::Table, Certificates::Replaces),
                        (Certificates::Table, Certificates::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificates_replaced_by",
                        (Certificates::Table, Certificates::ReplacedBy),
                        (Certificates::Table, Certificates::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_certificates_number")
                    .table(Certificates::Table)
                    .col(Certificates::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_certificates_year_sequence")
                    .table(Certificates::Table)
                    .col(Certificates::Year)
                    .col(Certificates::Sequence)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_certificates_year_status_list_index")
                    .table(Certificates::Table)
                    .col(Certificates::Year)
                    .col(Certificates::StatusListIndex)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // At most one valid certificate per enrolment (a partial index: revoked ones may pile up).
        manager
            .create_index(
                Index::create()
                    .name("uq_certificates_valid_enrolment")
                    .table(Certificates::Table)
                    .col(Certificates::EnrolmentId)
                    .unique()
                    .and_where(Expr::col(Certificates::Status).eq("valid"))
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_certificates_enrolment", Certificates::EnrolmentId),
            ("idx_certificates_person", Certificates::PersonId),
            ("idx_certificates_class", Certificates::ClassId),
            // Learning records show the number of their valid certificate.
            (
                "idx_certificates_learning_record",
                Certificates::LearningRecordId,
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Certificates::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(CertificateBatches::Table)
                    .col(uuid(CertificateBatches::Id).primary_key())
                    .col(uuid(CertificateBatches::ClassId))
                    .col(string_len(CertificateBatches::Status, 16))
                    .col(integer(CertificateBatches::Total).default(0))
                    .col(integer(CertificateBatches::Issued).default(0))
                    .col(integer(CertificateBatches::Skipped).default(0))
                    .col(text_null(CertificateBatches::Message))
                    .col(uuid(CertificateBatches::CreatedBy))
                    .col(timestamp_with_time_zone(CertificateBatches::CreatedAt))
                    .col(timestamp_with_time_zone(CertificateBatches::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_certificate_batches_class",
                        (CertificateBatches::Table, CertificateBatches::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_certificate_batches_created_by",
                        (CertificateBatches::Table, CertificateBatches::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_certificate_batches_status")
                    .table(CertificateBatches::Table)
                    .col(CertificateBatches::Status)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CertificateBatches::Table.into_iden(),
            Certificates::Table.into_iden(),
            CertificateCounters::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Classes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LearningRecords {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CertificateCounters {
    Table,
    Year,
    NextSeq,
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Id,
    Number,
    Year,
    Sequence,
    VerificationCode,
    EnrolmentId,
    PersonId,
    ClassId,
    LearningRecordId,
    LearningRecordVersion,
    HolderName,
    ClassTitle,
    ClassKind,
    Form,
    StartDate,
    EndDate,
    PublicRequiredTenths,
    ProfessionalTenths,
    Result,
    Status,
    RevokedAt,
    RevokedBy,
    RevocationReason,
    Replaces,
    ReplacedBy,
    StatusListIndex,
    IssuedAt,
    IssuedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CertificateBatches {
    Table,
    Id,
    ClassId,
    Status,
    Total,
    Issued,
    Skipped,
    Message,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
