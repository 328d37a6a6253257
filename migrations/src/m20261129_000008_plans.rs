//! Annual plans (年度计划, Art. 8): one plan per year (`uq_plans_year`) with its items, the
//! immutable snapshot of every submission (`plan_snapshots`, unique per plan and sequence
//! number, only ever inserted), the scans of authorities' paper replies, and the history of
//! workflow moves (`plan_transitions`, only ever inserted). Classes link to the plan item they
//! implement (`classes.plan_item_id`, nullable; checked by the server, since SQLite cannot add
//! a foreign key to an existing table).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::ddl::{fk, index_of};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(uuid(Plans::Id).primary_key())
                    .col(integer(Plans::Year))
                    .col(string_len(Plans::Title, 200))
                    .col(text_null(Plans::Narrative))
                    .col(string_len(Plans::Status, 32))
                    .col(integer(Plans::Revision).default(1))
                    .col(uuid(Plans::CreatedBy))
                    .col(timestamp_with_time_zone(Plans::CreatedAt))
                    .col(timestamp_with_time_zone(Plans::UpdatedAt))
                    .col(integer(Plans::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_plans_created_by",
                        (Plans::Table, Plans::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(manager, "uq_plans_year", Plans::Table, [Plans::Year], true).await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanItems::Table)
                    .col(uuid(PlanItems::Id).primary_key())
                    .col(uuid(PlanItems::PlanId))
                    .col(string_len(PlanItems::Title, 200))
                    .col(string_len(PlanItems::ClassKind, 32))
                    .col(string_len(PlanItems::Category, 32))
                    .col(string_len(PlanItems::TargetAudience, 500))
                    .col(integer(PlanItems::PlannedTrainees))
                    .col(integer(PlanItems::PlannedHoursTenths))
                    .col(date(PlanItems::PlannedStart))
                    .col(date(PlanItems::PlannedEnd))
                    .col(big_integer(PlanItems::BudgetFen))
                    .col(string_len_null(PlanItems::CommissioningBody, 200))
                    .col(timestamp_with_time_zone(PlanItems::CreatedAt))
                    .col(timestamp_with_time_zone(PlanItems::UpdatedAt))
                    .col(integer(PlanItems::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_plan_items_plan",
                        (PlanItems::Table, PlanItems::PlanId),
                        (Plans::Table, Plans::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "idx_plan_items_plan",
            PlanItems::Table,
            [PlanItems::PlanId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanSnapshots::Table)
                    .col(uuid(PlanSnapshots::Id).primary_key())
                    .col(uuid(PlanSnapshots::PlanId))
                    .col(integer(PlanSnapshots::Seq))
                    .col(integer(PlanSnapshots::Revision))
                    .col(string_len(PlanSnapshots::Action, 32))
                    .col(string_len(PlanSnapshots::Status, 32))
                    .col(integer(PlanSnapshots::ItemCount))
                    .col(text(PlanSnapshots::Content))
                    .col(uuid(PlanSnapshots::TakenBy))
                    .col(timestamp_with_time_zone(PlanSnapshots::TakenAt))
                    .foreign_key(&mut fk(
                        "fk_plan_snapshots_plan",
                        (PlanSnapshots::Table, PlanSnapshots::PlanId),
                        (Plans::Table, Plans::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_snapshots_taken_by",
                        (PlanSnapshots::Table, PlanSnapshots::TakenBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "uq_plan_snapshots_plan_seq",
            PlanSnapshots::Table,
            [PlanSnapshots::PlanId, PlanSnapshots::Seq],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanScans::Table)
                    .col(uuid(PlanScans::Id).primary_key())
                    .col(uuid(PlanScans::PlanId))
                    .col(string_len(PlanScans::ContentType, 100))
                    .col(big_integer(PlanScans::SizeBytes))
                    .col(string_len(PlanScans::Sha256, 64))
                    .col(blob(PlanScans::Content))
                    .col(uuid(PlanScans::UploadedBy))
                    .col(timestamp_with_time_zone(PlanScans::UploadedAt))
                    .foreign_key(&mut fk(
                        "fk_plan_scans_plan",
                        (PlanScans::Table, PlanScans::PlanId),
                        (Plans::Table, Plans::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_scans_uploaded_by",
                        (PlanScans::Table, PlanScans::UploadedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "idx_plan_scans_plan",
            PlanScans::Table,
            [PlanScans::PlanId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanTransitions::Table)
                    .col(uuid(PlanTransitions::Id).primary_key())
                    .col(uuid(PlanTransitions::PlanId))
                    .col(integer(PlanTransitions::Revision))
                    .col(string_len(PlanTransitions::Action, 32))
                    .col(string_len(PlanTransitions::FromStatus, 32))
                    .col(string_len(PlanTransitions::ToStatus, 32))
                    .col(string_len_null(PlanTransitions::Authority, 32))
                    .col(boolean(PlanTransitions::FromPaper).default(false))
                    .col(text_null(PlanTransitions::Comments))
                    .col(string_len_null(PlanTransitions::DocumentNumber, 100))
                    .col(date_null(PlanTransitions::ReplyDate))
                    .col(boolean(PlanTransitions::Late).default(false))
                    .col(uuid_null(PlanTransitions::ScanId))
                    .col(uuid_null(PlanTransitions::SnapshotId))
                    .col(uuid(PlanTransitions::ActedBy))
                    .col(timestamp_with_time_zone(PlanTransitions::ActedAt))
                    .foreign_key(&mut fk(
                        "fk_plan_transitions_plan",
                        (PlanTransitions::Table, PlanTransitions::PlanId),
                        (Plans::Table, Plans::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_transitions_scan",
                        (PlanTransitions::Table, PlanTransitions::ScanId),
                        (PlanScans::Table, PlanScans::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_transitions_snapshot",
                        (PlanTransitions::Table, PlanTransitions::SnapshotId),
                        (PlanSnapshots::Table, PlanSnapshots::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_transitions_acted_by",
                        (PlanTransitions::Table, PlanTransitions::ActedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "idx_plan_transitions_plan",
            PlanTransitions::Table,
            [PlanTransitions::PlanId],
            false,
        )
        .await?;

        manager
            .alter_table(
                Table::alter()
                    .table(Classes::Table)
                    .add_column(uuid_null(Classes::PlanItemId))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "idx_classes_plan_item_id",
            Classes::Table,
            [Classes::PlanItemId],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_classes_plan_item_id")
                    .table(Classes::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Classes::Table)
                    .drop_column(Classes::PlanItemId)
                    .to_owned(),
            )
            .await?;
        for table in [
            PlanTransitions::Table.into_iden(),
            PlanScans::Table.into_iden(),
            PlanSnapshots::Table.into_iden(),
            PlanItems::Table.into_iden(),
            Plans::Table.into_iden(),
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
enum Classes {
    Table,
    PlanItemId,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    Year,
    Title,
    Narrative,
    Status,
    Revision,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PlanItems {
    Table,
    Id,
    PlanId,
    Title,
    ClassKind,
    Category,
    TargetAudience,
    PlannedTrainees,
    PlannedHoursTenths,
    PlannedStart,
    PlannedEnd,
    BudgetFen,
    CommissioningBody,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum PlanSnapshots {
    Table,
    Id,
    PlanId,
    Seq,
    Revision,
    Action,
    Status,
    ItemCount,
    Content,
    TakenBy,
    TakenAt,
}

#[derive(DeriveIden)]
enum PlanScans {
    Table,
    Id,
    PlanId,
    ContentType,
    SizeBytes,
    Sha256,
    Content,
    UploadedBy,
    UploadedAt,
}

#[derive(DeriveIden)]
enum PlanTransitions {
    Table,
    Id,
    PlanId,
    Revision,
    Action,
    FromStatus,
    ToStatus,
    Authority,
    FromPaper,
    Comments,
    DocumentNumber,
    ReplyDate,
    Late,
    ScanId,
    SnapshotId,
    ActedBy,
    ActedAt,
}
