//! Lecture materials of courses (讲义, Art. 14): `course_materials` holds each file's metadata
//! (name, media type, size, SHA-256, who uploaded it and when), `course_material_contents` its
//! bytes in one portable BLOB (`bytea` on PostgreSQL). The bytes live apart so that listing a
//! course's materials never reads them, and in the database so that every instance serves every
//! file and one backup holds everything.

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
                    .table(CourseMaterials::Table)
                    .col(uuid(CourseMaterials::Id).primary_key())
                    .col(uuid(CourseMaterials::CourseId))
                    .col(string_len(CourseMaterials::FileName, 255))
                    .col(string_len(CourseMaterials::ContentType, 127))
                    .col(big_integer(CourseMaterials::SizeBytes))
                    .col(string_len(CourseMaterials::Sha256, 64))
                    .col(uuid(CourseMaterials::UploadedBy))
                    .col(timestamp_with_time_zone(CourseMaterials::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_materials_course")
                            .from(CourseMaterials::Table, CourseMaterials::CourseId)
                            .to(Courses::Table, Courses::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_materials_uploaded_by")
                            .from(CourseMaterials::Table, CourseMaterials::UploadedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_course_materials_course")
                    .table(CourseMaterials::Table)
                    .col(CourseMaterials::CourseId)
                    .col(CourseMaterials::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CourseMaterialContents::Table)
                    .col(uuid(CourseMaterialContents::MaterialId).primary_key())
                    .col(blob(CourseMaterialContents::Content))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_course_material_contents_material")
                            .from(
                                CourseMaterialContents::Table,
                                CourseMaterialContents::MaterialId,
                            )
                            .to(CourseMaterials::Table, CourseMaterials::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(CourseMaterialContents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CourseMaterials::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CourseMaterials {
    Table,
    Id,
    CourseId,
    FileName,
    ContentType,
    SizeBytes,
    Sha256,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CourseMaterialContents {
    Table,
    MaterialId,
    Content,
}
