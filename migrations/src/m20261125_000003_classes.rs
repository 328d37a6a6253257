//! Training classes (Art. 5, 11, 12), their teaching schedule (sessions), enrolments and
//! attendance.
//!
//! The capacity rule lives in the data: `classes.enrolled_count` counts the active enrolments
//! and a CHECK keeps it between 0 and `capacity`; the store takes a seat with one conditional
//! `UPDATE … WHERE enrolled_count < capacity` in the enrolment's transaction. One enrolment per
//! person and class (`uq_enrolments_class_person`); one attendance mark per session and
//! enrolment (`uq_attendance_session_enrolment`). Session dates and times are the base's local
//! wall-clock (Asia/Shanghai), like a printed timetable.

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
                    .table(Classes::Table)
                    .col(uuid(Classes::Id).primary_key())
                    .col(string_len(Classes::Title, 200))
                    .col(string_len(Classes::Kind, 32))
                    .col(uuid_null(Classes::CommissioningOrganisationId))
                    .col(string_len(Classes::Form, 16))
                    .col(date(Classes::StartDate))
                    .col(date(Classes::EndDate))
                    .col(string_len_null(Classes::Location, 200))
                    .col(integer(Classes::Capacity))
                    .col(integer(Classes::EnrolledCount).default(0))
                    .col(big_integer(Classes::FeeFen))
                    .col(text_null(Classes::Syllabus))
                    .col(text_null(Classes::Logistics))
                    .col(integer(Classes::MinAttendancePercent))
                    .col(boolean(Classes::AssessmentRequired))
                    .col(boolean(Classes::OpenEnrolment).default(false))
                    .col(string_len(Classes::Status, 16))
                    .col(text_null(Classes::CancelReason))
                    .col(timestamp_with_time_zone(Classes::CreatedAt))
                    .col(timestamp_with_time_zone(Classes::UpdatedAt))
                    .col(integer(Classes::Version).default(1))
                    // The capacity invariant, enforced by the database as well as by the
                    // conditional seat update.
                    .check((
                        "ck_classes_enrolled_count",
                        Expr::col(Classes::EnrolledCount).gte(0).and(
                            Expr::col(Classes::EnrolledCount).lte(Expr::col(Classes::Capacity)),
                        ),
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_classes_commissioning_organisation")
                            .from(Classes::Table, Classes::CommissioningOrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_classes_commissioning_organisation",
            Classes::Table,
            [Classes::CommissioningOrganisationId],
        )
        .await?;
        index(
            manager,
            "idx_classes_updated_at",
            Classes::Table,
            [Classes::UpdatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ClassSessions::Table)
                    .col(uuid(ClassSessions::Id).primary_key())
                    .col(uuid(ClassSessions::ClassId))
                    .col(date(ClassSessions::SessionDate))
                    .col(time(ClassSessions::StartTime))
                    .col(time(ClassSessions::EndTime))
                    .col(uuid(ClassSessions::CourseId))
                    .col(uuid(ClassSessions::TeacherId))
                    .col(integer(ClassSessions::CreditTenths))
                    .col(timestamp_with_time_zone(ClassSessions::CreatedAt))
                    .col(timestamp_with_time_zone(ClassSessions::UpdatedAt))
                    .col(integer(ClassSessions::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_class_sessions_class")
                            .from(ClassSessions::Table, ClassSessions::ClassId)
                            .to(Classes::Table, Classes::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_class_sessions_course")
                            .from(ClassSessions::Table, ClassSessions::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_class_sessions_teacher")
                            .from(ClassSessions::Table, ClassSessions::TeacherId)
                            .to(Teachers::Table, Teachers::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_class_sessions_class_date",
            ClassSessions::Table,
            [ClassSessions::ClassId, ClassSessions::SessionDate],
        )
        .await?;
        // "Classes this teacher teaches" (object-level access of teachers).
        index(
            manager,
            "idx_class_sessions_teacher",
            ClassSessions::Table,
            [ClassSessions::TeacherId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Enrolments::Table)
                    .col(uuid(Enrolments::Id).primary_key())
                    .col(uuid(Enrolments::ClassId))
                    .col(uuid(Enrolments::PersonId))
                    .col(string_len(Enrolments::Status, 16))
                    .col(string_len(Enrolments::Source, 16))
                    .col(timestamp_with_time_zone(Enrolments::EnrolledAt))
                    .col(uuid(Enrolments::EnrolledBy))
                    .col(timestamp_with_time_zone_null(Enrolments::WithdrawnAt))
                    .col(uuid_null(Enrolments::WithdrawnBy))
                    .col(timestamp_with_time_zone(Enrolments::CreatedAt))
                    .col(timestamp_with_time_zone(Enrolments::UpdatedAt))
                    .col(integer(Enrolments::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_class")
                            .from(Enrolments::Table, Enrolments::ClassId)
                            .to(Classes::Table, Classes::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_person")
                            .from(Enrolments::Table, Enrolments::PersonId)
                            .to(People::Table, People::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_enrolled_by")
                            .from(Enrolments::Table, Enrolments::EnrolledBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_enrolments_withdrawn_by")
                            .from(Enrolments::Table, Enrolments::WithdrawnBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        // A person is enrolled at most once per class; the class leads so the index also
        // serves "the enrolments of a class".
        manager
            .create_index(
                Index::create()
                    .name("uq_enrolments_class_person")
                    .table(Enrolments::Table)
                    .col(Enrolments::ClassId)
                    .col(Enrolments::PersonId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_enrolments_person",
            Enrolments::Table,
            [Enrolments::PersonId],
        )
        .await?;
        index(
            manager,
            "idx_enrolments_updated_at",
            Enrolments::Table,
            [Enrolments::UpdatedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Attendance::Table)
                    .col(uuid(Attendance::Id).primary_key())
                    .col(uuid(Attendance::ClassId))
                    .col(uuid(Attendance::SessionId))
                    .col(uuid(Attendance::EnrolmentId))
                    .col(string_len(Attendance::Status, 16))
                    .col(uuid(Attendance::RecordedBy))
                    .col(timestamp_with_time_zone(Attendance::RecordedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_class")
                            .from(Attendance::Table, Attendance::ClassId)
                            .to(Classes::Table, Classes::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_session")
                            .from(Attendance::Table, Attendance::SessionId)
                            .to(ClassSessions::Table, ClassSessions::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_enrolment")
                            .from(Attendance::Table, Attendance::EnrolmentId)
                            .to(Enrolments::Table, Enrolments::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_attendance_recorded_by")
                            .from(Attendance::Table, Attendance::RecordedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_attendance_session_enrolment")
                    .table(Attendance::Table)
                    .col(Attendance::SessionId)
                    .col(Attendance::EnrolmentId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "idx_attendance_class",
            Attendance::Table,
            [Attendance::ClassId],
        )
        .await?;
        index(
            manager,
            "idx_attendance_enrolment",
            Attendance::Table,
            [Attendance::EnrolmentId],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Attendance::Table.into_iden(),
            Enrolments::Table.into_iden(),
            ClassSessions::Table.into_iden(),
            Classes::Table.into_iden(),
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
}

#[derive(DeriveIden)]
enum People {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Teachers {
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
    Title,
    Kind,
    CommissioningOrganisationId,
    Form,
    StartDate,
    EndDate,
    Location,
    Capacity,
    EnrolledCount,
    FeeFen,
    Syllabus,
    Logistics,
    MinAttendancePercent,
    AssessmentRequired,
    OpenEnrolment,
    Status,
    CancelReason,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum ClassSessions {
    Table,
    Id,
    ClassId,
    SessionDate,
    StartTime,
    EndTime,
    CourseId,
    TeacherId,
    CreditTenths,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Enrolments {
    Table,
    Id,
    ClassId,
    PersonId,
    Status,
    Source,
    EnrolledAt,
    EnrolledBy,
    WithdrawnAt,
    WithdrawnBy,
    CreatedAt,
    UpdatedAt,
    Version,
}

#[derive(DeriveIden)]
enum Attendance {
    Table,
    Id,
    ClassId,
    SessionId,
    EnrolmentId,
    Status,
    RecordedBy,
    RecordedAt,
}
