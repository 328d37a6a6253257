//! Certificates carry their signed portable credential (Art. 9): the Open Badges 3.0 VC-JWT is
//! signed once, when the certificate is issued, and stored with it, so what a holder downloads
//! is the credential the base issued — signed with the key current at issuance, which stays
//! published after a rotation. Rows issued before this column existed are signed on request.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Certificates::Table)
                    .add_column(text_null(Certificates::Credential))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Certificates::Table)
                    .drop_column(Certificates::Credential)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Certificates {
    Table,
    Credential,
}
