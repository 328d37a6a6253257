//! Person registrations (`person_registrations`): an organisation contact's request to put a
//! colleague on file, decided by staff (`cebase_domain::master::PersonRegistration`). The person
//! as submitted is kept as JSON (`details`) beside the document kind and number it is looked up by.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::ddl::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersonRegistrations::Table)
                    .col(uuid(PersonRegistrations::Id).primary_key())
                    .col(uuid(PersonRegistrations::OrganisationId))
                    .col(uuid(PersonRegistrations::SubmittedBy))
                    .col(string_len(PersonRegistrations::IdKind, 32))
                    .col(string_len(PersonRegistrations::IdNumber, 32))
                    .col(text(PersonRegistrations::Details))
                    .col(string_len(PersonRegistrations::Status, 16))
                    .col(uuid_null(PersonRegistrations::PersonId))
                    .col(text_null(PersonRegistrations::Reason))
                    .col(uuid_null(PersonRegistrations::DecidedBy))
                    .col(timestamp_with_time_zone_null(
                        PersonRegistrations::DecidedAt,
                    ))
                    .col(timestamp_with_time_zone(PersonRegistrations::CreatedAt))
                    .col(timestamp_with_time_zone(PersonRegistrations::UpdatedAt))
                    .col(integer(PersonRegistrations::Version))
                    .foreign_key(&mut fk(
                        "fk_person_registrations_organisation",
                        (
                            PersonRegistrations::Table,
                            PersonRegistrations::OrganisationId,
                        ),
                        (Organisations::Table, Organisations::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_person_registrations_submitted_by",
                        (PersonRegistrations::Table, PersonRegistrations::SubmittedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_person_registrations_decided_by",
                        (PersonRegistrations::Table, PersonRegistrations::DecidedBy),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_person_registrations_person",
                        (PersonRegistrations::Table, PersonRegistrations::PersonId),
                        (People::Table, People::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        // Staff's queue (pending first) and a contact's own organisation's registrations.
        index(
            manager,
            "idx_person_registrations_status",
            PersonRegistrations::Table,
            [PersonRegistrations::Status],
        )
        .await?;
        index(
            manager,
            "idx_person_registrations_organisation",
            PersonRegistrations::Table,
            [PersonRegistrations::OrganisationId],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersonRegistrations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PersonRegistrations {
    Table,
    Id,
    OrganisationId,
    SubmittedBy,
    IdKind,
    IdNumber,
    Details,
    Status,
    PersonId,
    Reason,
    DecidedBy,
    DecidedAt,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
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
