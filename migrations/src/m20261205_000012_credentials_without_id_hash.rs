//! Credentials stored before issue 14 carried `identityHash = SHA-256(ID number ‖ salt)` with
//! the salt beside it, which gives the number back by brute force (a resident ID's masked form
//! leaves ~36 000 candidates). The stored tokens are dropped: a certificate without a stored
//! credential is signed on request, in the current form (an opaque subject id, no hash), with
//! the current key and its original issue time. Tokens already handed out cannot be recalled.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("UPDATE certificates SET credential = NULL")
            .await
            .map(|_| ())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The dropped tokens are not restored (they must not come back); nothing to undo.
        Ok(())
    }
}
