//! Assessments (Art. 11) and their results with correction history, the completion outcome of
//! each enrolment, and learning records (学习档案, Art. 6) kept as immutable versions.
//!
//! Scores and credit hours are tenths (integers), never floating point. One result per
//! assessment and enrolment (`uq_assessment_results_assessment_enrolment`); every correction of
//! a result keeps the previous value, who, when and why in `result_corrections` (rows are only
//! ever inserted). One outcome per enrolment (`enrolment_outcomes`, keyed by the enrolment). A
//! learning record is a header (`learning_records`, one per completed enrolment:
//! `uq_learning_records_enrolment_id`) pointing at its current version; its versions
//! (`learning_record_versions`, unique per record and version number) are only ever inserted,
//! so a correction never edits an entry in place.

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
                    .table(Assessments::Table)
                    .col(uuid(Assessments::Id).primary_key())
                    .col(uuid(Assessments::ClassId))
                    .col(uuid_null(Assessments::CourseId))
                    .col(string_len(Assessments::Title, 200))
                    .col(string_len(Assessments::Kind, 16))
                    .col(string_len(Assessments::Scoring, 16))
                    .col(integer_null(Assessments::MaxScoreTenths))
                    .col(integer_null(Assessments::PassMarkTenths))
                    .col(uuid(Assessments::CreatedBy))
                    .col(timestamp_with_time_zone(Assessments::CreatedAt))
                    .col(timestamp_with_time_zone(Assessments::UpdatedAt))
                    .col(integer(Assessments::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_assessments_class",
                        (Assessments::Table, Assessments::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_assessments_course",
                        (Assessments::Table, Assessments::CourseId),
                        (Courses::Table, Courses::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_assessments_created_by",
                        (Assessments::Table, Assessments::CreatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_assessments_class",
            Assessments::Table,
            [Assessments::ClassId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(AssessmentResults::Table)
                    .col(uuid(AssessmentResults::Id).primary_key())
                    .col(uuid(AssessmentResults::AssessmentId))
                    .col(uuid(AssessmentResults::EnrolmentId))
                    .col(integer_null(AssessmentResults::ScoreTenths))
                    .col(boolean(AssessmentResults::Passed))
                    .col(uuid(AssessmentResults::RecordedBy))
                    .col(timestamp_with_time_zone(AssessmentResults::RecordedAt))
                    .col(integer(AssessmentResults::Version).default(1))
                    .foreign_key(&mut fk(
                        "fk_assessment_results_assessment",
                        (AssessmentResults::Table, AssessmentResults::AssessmentId),
                        (Assessments::Table, Assessments::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_assessment_results_enrolment",
                        (AssessmentResults::Table, AssessmentResults::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_assessment_results_recorded_by",
                        (AssessmentResults::Table, AssessmentResults::RecordedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_assessment_results_assessment_enrolment")
                    .table(AssessmentResults::Table)
                    .col(AssessmentResults::AssessmentId)
                    .col(AssessmentResults::EnrolmentId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_assessment_results_enrolment",
            AssessmentResults::Table,
            [AssessmentResults::EnrolmentId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ResultCorrections::Table)
                    .col(uuid(ResultCorrections::Id).primary_key())
                    .col(uuid(ResultCorrections::ResultId))
                    .col(integer_null(ResultCorrections::PreviousScoreTenths))
                    .col(boolean(ResultCorrections::PreviousPassed))
                    .col(integer_null(ResultCorrections::ScoreTenths))
                    .col(boolean(ResultCorrections::Passed))
                    .col(text(ResultCorrections::Reason))
                    .col(uuid(ResultCorrections::CorrectedBy))
                    .col(timestamp_with_time_zone(ResultCorrections::CorrectedAt))
                    .foreign_key(&mut fk(
                        "fk_result_corrections_result",
                        (ResultCorrections::Table, ResultCorrections::ResultId),
                        (AssessmentResults::Table, AssessmentResults::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_result_corrections_corrected_by",
                        (ResultCorrections::Table, ResultCorrections::CorrectedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_result_corrections_result",
            ResultCorrections::Table,
            [ResultCorrections::ResultId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(EnrolmentOutcomes::Table)
                    .col(uuid(EnrolmentOutcomes::EnrolmentId).primary_key())
                    .col(uuid(EnrolmentOutcomes::ClassId))
                    .col(string_len(EnrolmentOutcomes::Outcome, 16))
                    .col(text(EnrolmentOutcomes::Failures))
                    .col(integer(EnrolmentOutcomes::Attended))
                    .col(integer(EnrolmentOutcomes::Sessions))
                    .col(boolean_null(EnrolmentOutcomes::AssessmentPassed))
                    .col(uuid(EnrolmentOutcomes::EvaluatedBy))
                    .col(timestamp_with_time_zone(EnrolmentOutcomes::EvaluatedAt))
                    .foreign_key(&mut fk(
                        "fk_enrolment_outcomes_enrolment",
                        (EnrolmentOutcomes::Table, EnrolmentOutcomes::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_enrolment_outcomes_class",
                        (EnrolmentOutcomes::Table, EnrolmentOutcomes::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_enrolment_outcomes_evaluated_by",
                        (EnrolmentOutcomes::Table, EnrolmentOutcomes::EvaluatedBy),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_enrolment_outcomes_class",
            EnrolmentOutcomes::Table,
            [EnrolmentOutcomes::ClassId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LearningRecords::Table)
                    .col(uuid(LearningRecords::Id).primary_key())
                    .col(uuid(LearningRecords::PersonId))
                    .col(uuid(LearningRecords::ClassId))
                    .col(uuid(LearningRecords::EnrolmentId))
                    .col(integer(LearningRecords::CurrentVersion).default(1))
                    .col(timestamp_with_time_zone(LearningRecords::CreatedAt))
                    .col(timestamp_with_time_zone(LearningRecords::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_learning_records_person",
                        (LearningRecords::Table, LearningRecords::PersonId),
                        (People::Table, People::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_learning_records_class",
                        (LearningRecords::Table, LearningRecords::ClassId),
                        (Classes::Table, Classes::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_learning_records_enrolment",
                        (LearningRecords::Table, LearningRecords::EnrolmentId),
                        (Enrolments::Table, Enrolments::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_learning_records_enrolment_id")
                    .table(LearningRecords::Table)
                    .col(LearningRecords::EnrolmentId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_learning_records_person",
            LearningRecords::Table,
            [LearningRecords::PersonId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(LearningRecordVersions::Table)
                    .col(uuid(LearningRecordVersions::Id).primary_key())
                    .col(uuid(LearningRecordVersions::RecordId))
                    .col(integer(LearningRecordVersions::Version))
                    .col(uuid(LearningRecordVersions::PersonId))
                    .col(uuid(LearningRecordVersions::ClassId))
                    .col(integer(LearningRecordVersions::Year))
                    .col(string_len(LearningRecordVersions::Form, 16))
                    .col(text(LearningRecordVersions::Content))
                    .col(integer(LearningRecordVersions::PublicRequiredTenths))
                    .col(integer(LearningRecordVersions::ProfessionalTenths))
                    .col(text_null(LearningRecordVersions::AssessmentResult))
                    .col(string_len_null(
                        LearningRecordVersions::CertificateNumber,
                        64,
                    ))
                    .col(text_null(LearningRecordVersions::Reason))
                    .col(uuid(LearningRecordVersions::CreatedBy))
                    .col(timestamp_with_time_zone(LearningRecordVersions::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_learning_record_versions_record",
                        (
                            LearningRecordVersions::Table,
                            LearningRecordVersions::RecordId,
                        ),
                        (LearningRecords::Table, LearningRecords::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_learning_record_versions_created_by",
                        (
                            LearningRecordVersions::Table,
                            LearningRecordVersions::CreatedBy,
                        ),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_learning_record_versions_record_version")
                    .table(LearningRecordVersions::Table)
                    .col(LearningRecordVersions::RecordId)
                    .col(LearningRecordVersions::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // Annual compliance: a person's entries of a year.
        index(
            manager,
            "idx_learning_record_versions_person_year",
            LearningRecordVersions::Table,
            [
                LearningRecordVersions::PersonId,
                LearningRecordVersions::Year,
            ],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LearningRecordVersions::Table.into_iden(),
            LearningRecords::Table.into_iden(),
            EnrolmentOutcomes::Table.into_iden(),
            ResultCorrections::Table.into_iden(),
            AssessmentResults::Table.into_iden(),
            Assessments::Table.into_iden(),
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
enum Courses {
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
enum Assessments {
    Table,
    Id,
    ClassId,
    CourseId,
    Title,
    Kind,
    Scoring,
    MaxScoreTenths,
    PassMarkTenths,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum AssessmentResults {
    Table,
    Id,
    AssessmentId,
    EnrolmentId,
    ScoreTenths,
    Passed,
    RecordedBy,
    RecordedAt,
    Version,
}

#[derive(DeriveIden)]
enum ResultCorrections {
    Table,
    Id,
    ResultId,
    PreviousScoreTenths,
    PreviousPassed,
    ScoreTenths,
    Passed,
    Reason,
    CorrectedBy,
    CorrectedAt,
}

#[derive(DeriveIden)]
enum EnrolmentOutcomes {
    Table,
    EnrolmentId,
    ClassId,
    Outcome,
    Failures,
    Attended,
    Sessions,
    AssessmentPassed,
    EvaluatedBy,
    EvaluatedAt,
}

#[derive(DeriveIden)]
enum LearningRecords {
    Table,
    Id,
    PersonId,
    ClassId,
    EnrolmentId,
    CurrentVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum LearningRecordVersions {
    Table,
    Id,
    RecordId,
    Version,
    PersonId,
    ClassId,
    Year,
    Form,
    Content,
    PublicRequiredTenths,
    ProfessionalTenths,
    AssessmentResult,
    CertificateNumber,
    Reason,
    CreatedBy,
    CreatedAt,
}
