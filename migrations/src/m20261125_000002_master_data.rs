//! Master data: organisations, partner agreements (Art. 22), people with identity documents,
//! teachers (Art. 13) and courses (Art. 4).
//!
//! Every table has a UUID v7 key, `created_at`/`updated_at` (indexed, for `updated_since`
//! synchronisation) and a `version` for optimistic concurrency. Enumerations are stored as their
//! stable text names; credit hours as integer tenths.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::ddl::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .col(uuid(Organisations::Id).primary_key())
                    .col(string_len(Organisations::Name, 200))
                    .col(string_len(Organisations::Kind, 32))
                    .col(string_len(Organisations::CreditCode, 18).unique_key())
                    .col(string_len_null(Organisations::ContactName, 100))
                    .col(string_len_null(Organisations::ContactPhone, 32))
                    .col(string_len_null(Organisations::ContactEmail, 254))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .col(integer(Organisations::Version).default(1))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_organisations_updated_at",
            Organisations::Table,
            [Organisations::UpdatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Partners::Table)
                    .col(uuid(Partners::Id).primary_key())
                    .col(uuid(Partners::OrganisationId))
                    .col(string_len(Partners::Kind, 32))
                    .col(text(Partners::Scope))
                    .col(date(Partners::StartDate))
                    .col(date_null(Partners::EndDate))
                    .col(string_len(Partners::Status, 16))
                    .col(timestamp_with_time_zone(Partners::CreatedAt))
                    .col(timestamp_with_time_zone(Partners::UpdatedAt))
                    .col(integer(Partners::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_partners_organisation")
                            .from(Partners::Table, Partners::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_partners_organisation",
            Partners::Table,
            [Partners::OrganisationId],
        )
        .await?;
        index(
            manager,
            "idx_partners_updated_at",
            Partners::Table,
            [Partners::UpdatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(People::Table)
                    .col(uuid(People::Id).primary_key())
                    .col(string_len(People::Name, 100))
                    .col(string_len(People::IdKind, 32))
                    .col(string_len(People::IdNumber, 32))
                    .col(uuid_null(People::EmployerId))
                    .col(string_len_null(People::Title, 100))
                    .col(string_len(People::TitleLevel, 32))
                    .col(string_len_null(People::Field, 100))
                    .col(string_len(People::Degree, 32))
                    .col(string_len_null(People::Phone, 32))
                    .col(string_len_null(People::Email, 254))
                    .col(uuid_null(People::UserId))
                    .col(timestamp_with_time_zone(People::CreatedAt))
                    .col(timestamp_with_time_zone(People::UpdatedAt))
                    .col(integer(People::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_people_employer")
                            .from(People::Table, People::EmployerId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_people_user")
                            .from(People::Table, People::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // One person per document; the number leads so an exact lookup by number alone (staff
        // search) uses the index too.
        manager
            .create_index(
                Index::create()
                    .name("uq_people_document")
                    .table(People::Table)
                    .col(People::IdNumber)
                    .col(People::IdKind)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One person per login account; several people without an account (NULL) are fine on
        // both SQLite and PostgreSQL.
        manager
            .create_index(
                Index::create()
                    .name("uq_people_user_id")
                    .table(People::Table)
                    .col(People::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_people_employer",
            People::Table,
            [People::EmployerId],
        )
        .await?;
        index(
            manager,
            "idx_people_updated_at",
            People::Table,
            [People::UpdatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Teachers::Table)
                    .col(uuid(Teachers::Id).primary_key())
                    .col(uuid(Teachers::PersonId).unique_key())
                    .col(string_len(Teachers::Employment, 16))
                    .col(string_len(Teachers::Degree, 32))
                    .col(string_len(Teachers::TitleLevel, 32))
                    .col(string_len_null(Teachers::Field, 100))
                    .col(string_len_null(Teachers::Affiliation, 200))
                    .col(text_null(Teachers::TeachingExperience))
                    .col(boolean(Teachers::LeaderAttested).default(false))
                    .col(timestamp_with_time_zone_null(Teachers::EvidenceVerifiedAt))
                    .col(uuid_null(Teachers::EvidenceVerifiedBy))
                    .col(timestamp_with_time_zone(Teachers::CreatedAt))
                    .col(timestamp_with_time_zone(Teachers::UpdatedAt))
                    .col(integer(Teachers::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_teachers_person")
                            .from(Teachers::Table, Teachers::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_teachers_verified_by")
                            .from(Teachers::Table, Teachers::EvidenceVerifiedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_teachers_updated_at",
            Teachers::Table,
            [Teachers::UpdatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Courses::Table)
                    .col(uuid(Courses::Id).primary_key())
                    .col(string_len(Courses::Title, 200))
                    .col(string_len(Courses::Category, 32))
                    .col(integer(Courses::CreditTenths))
                    .col(text_null(Courses::Description))
                    .col(timestamp_with_time_zone(Courses::CreatedAt))
                    .col(timestamp_with_time_zone(Courses::UpdatedAt))
                    .col(integer(Courses::Version).default(1))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_courses_updated_at",
            Courses::Table,
            [Courses::UpdatedAt],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Courses::Table.into_iden(),
            Teachers::Table.into_iden(),
            People::Table.into_iden(),
            Partners::Table.into_iden(),
            Organisations::Table.into_iden(),
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
enum Organisations {
    Table,
    Id,
    Name,
    Kind,
    CreditCode,
    ContactName,
    ContactPhone,
    ContactEmail,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Partners {
    Table,
    Id,
    OrganisationId,
    Kind,
    Scope,
    StartDate,
    EndDate,
    Status,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
    Name,
    IdKind,
    IdNumber,
    EmployerId,
    Title,
    TitleLevel,
    Field,
    Degree,
    Phone,
    Email,
    UserId,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Teachers {
    Table,
    Id,
    PersonId,
    Employment,
    Degree,
    TitleLevel,
    Field,
    Affiliation,
    TeachingExperience,
    LeaderAttested,
    EvidenceVerifiedAt,
    EvidenceVerifiedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    Title,
    Category,
    CreditTenths,
    Description,
    CreatedAt,
    UpdatedAt,
    Version,
}
