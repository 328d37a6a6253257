//! Reports and the effect of training (Art. 11, 16–18): class summary reports (one per class,
//! `uq_class_reports_class`) and their insert-only move history, whose submissions carry the
//! frozen figures; per-class questionnaires; evaluation responses stored **without** their
//! enrolment (`evaluations`) beside receipts keyed by the enrolment (`evaluation_receipts`, one
//! per enrolment); follow-up feedback (one per class and respondent); training needs.

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
                    .table(ClassReports::Table)
                    .col(uuid(ClassReports::Id).primary_key())
                    .col(uuid(ClassReports::ClassId))
                    .col(string_len(ClassReports::Status, 32))
                    .col(text_null(ClassReports::Analysis))
                    .col(text_null(ClassReports::Lessons))
                    .col(text_null(ClassReports::Improvements))
                    .col(uuid(ClassReports::CreatedBy))
                    .col(timestamp_with_time_zone(ClassReports::CreatedAt))
                    .col(timestamp_with_time_zone(ClassReports::UpdatedAt))
                    .col(integer(ClassReports::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_class_reports_class",
                        (ClassReports::Table, ClassReports::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_class_reports_created_by",
                        (ClassReports::Table, ClassReports::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "uq_class_reports_class",
            ClassReports::Table,
            [ClassReports::ClassId],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ClassReportTransitions::Table)
                    .col(uuid(ClassReportTransitions::Id).primary_key())
                    .col(uuid(ClassReportTransitions::ReportId))
                    .col(string_len(ClassReportTransitions::Action, 32))
                    .col(string_len(ClassReportTransitions::FromStatus, 32))
                    .col(string_len(ClassReportTransitions::ToStatus, 32))
                    .col(string_len_null(ClassReportTransitions::Authority, 32))
                    .col(boolean(ClassReportTransitions::FromPaper).default(false))
                    .col(text_null(ClassReportTransitions::Comments))
                    .col(string_len_null(ClassReportTransitions::DocumentNumber, 100))
                    .col(date_null(ClassReportTransitions::ReplyDate))
                    .col(text_null(ClassReportTransitions::Submission))
                    .col(uuid(ClassReportTransitions::ActedBy))
                    .col(timestamp_with_time_zone(ClassReportTransitions::ActedAt))
                    .foreign_key(&mut fk(
                        "fk_class_report_transitions_report",
                        (
                            ClassReportTransitions::Table,
                            ClassReportTransitions::ReportId,
                        ),
                        (ClassReports::Table, ClassReports::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_class_report_transitions_acted_by",
                        (
                            ClassReportTransitions::Table,
                            ClassReportTransitions::ActedBy,
                        ),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "idx_class_report_transitions_report",
            ClassReportTransitions::Table,
            [ClassReportTransitions::ReportId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Questionnaires::Table)
                    .col(uuid(Questionnaires::ClassId).primary_key())
                    .col(text(Questionnaires::Content))
                    .col(uuid(Questionnaires::UpdatedBy))
                    .col(timestamp_with_time_zone(Questionnaires::UpdatedAt))
                    .col(integer(Questionnaires::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_questionnaires_class",
                        (Questionnaires::Table, Questionnaires::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(EvaluationReceipts::Table)
                    .col(uuid(EvaluationReceipts::EnrolmentId).primary_key())
                    .col(uuid(EvaluationReceipts::ClassId))
                    .col(timestamp_with_time_zone(EvaluationReceipts::SubmittedAt))
                    .foreign_key(&mut fk(
                        "fk_evaluation_receipts_enrolment",
                        (EvaluationReceipts::Table, EvaluationReceipts::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "idx_evaluation_receipts_class",
            EvaluationReceipts::Table,
            [EvaluationReceipts::ClassId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Evaluations::Table)
                    .col(uuid(Evaluations::Id).primary_key())
                    .col(uuid(Evaluations::ClassId))
                    .col(text(Evaluations::Answers))
                    .foreign_key(&mut fk(
                        "fk_evaluations_class",
                        (Evaluations::Table, Evaluations::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "idx_evaluations_class",
            Evaluations::Table,
            [Evaluations::ClassId],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(FollowUps::Table)
                    .col(uuid(FollowUps::Id).primary_key())
                    .col(uuid(FollowUps::ClassId))
                    .col(string_len(FollowUps::Respondent, 16))
                    .col(string_len(FollowUps::RespondentKey, 64))
                    .col(uuid_null(FollowUps::PersonId))
                    .col(uuid_null(FollowUps::OrganisationId))
                    .col(integer(FollowUps::Applied))
                    .col(integer(FollowUps::Improvement))
                    .col(text_null(FollowUps::Comment))
                    .col(uuid(FollowUps::SubmittedBy))
                    .col(timestamp_with_time_zone(FollowUps::SubmittedAt))
                    .foreign_key(&mut fk(
                        "fk_follow_ups_class",
                        (FollowUps::Table, FollowUps::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index_of(
            manager,
            "uq_follow_ups_class_respondent",
            FollowUps::Table,
            [FollowUps::ClassId, FollowUps::RespondentKey],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(TrainingNeeds::Table)
                    .col(uuid(TrainingNeeds::Id).primary_key())
                    .col(string_len(TrainingNeeds::Topic, 200))
                    .col(string_len(TrainingNeeds::Field, 100))
                    .col(integer(TrainingNeeds::HeadCount))
                    .col(date(TrainingNeeds::PreferredStart))
                    .col(date(TrainingNeeds::PreferredEnd))
                    .col(string_len_null(TrainingNeeds::Category, 32))
                    .col(text_null(TrainingNeeds::Notes))
                    .col(string_len(TrainingNeeds::Source, 16))
                    .col(uuid_null(TrainingNeeds::OrganisationId))
                    .col(uuid_null(TrainingNeeds::PersonId))
                    .col(uuid(TrainingNeeds::SubmittedBy))
                    .col(uuid_null(TrainingNeeds::PlanItemId))
                    .col(timestamp_with_time_zone(TrainingNeeds::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_training_needs_submitted_by",
                        (TrainingNeeds::Table, TrainingNeeds::SubmittedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            TrainingNeeds::Table.into_iden(),
            FollowUps::Table.into_iden(),
            Evaluations::Table.into_iden(),
            EvaluationReceipts::Table.into_iden(),
            Questionnaires::Table.into_iden(),
            ClassReportTransitions::Table.into_iden(),
            ClassReports::Table.into_iden(),
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
    Id,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ClassReports {
    Table,
    Id,
    ClassId,
    Status,
    Analysis,
    Lessons,
    Improvements,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ClassReportTransitions {
    Table,
    Id,
    ReportId,
    Action,
    FromStatus,
    ToStatus,
    Authority,
    FromPaper,
    Comments,
    DocumentNumber,
    ReplyDate,
    Submission,
    ActedBy,
    ActedAt,
}

#[derive(DeriveIden)]
enum Questionnaires {
    Table,
    ClassId,
    Content,
    UpdatedBy,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum EvaluationReceipts {
    Table,
    EnrolmentId,
    ClassId,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum Evaluations {
    Table,
    Id,
    ClassId,
    Answers,
}

#[derive(DeriveIden)]
enum FollowUps {
    Table,
    Id,
    ClassId,
    Respondent,
    RespondentKey,
    PersonId,
    OrganisationId,
    Applied,
    Improvement,
    Comment,
    SubmittedBy,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum TrainingNeeds {
    Table,
    Id,
    Topic,
    Field,
    HeadCount,
    PreferredStart,
    PreferredEnd,
    Category,
    Notes,
    Source,
    OrganisationId,
    PersonId,
    SubmittedBy,
    PlanItemId,
    CreatedAt,
}
