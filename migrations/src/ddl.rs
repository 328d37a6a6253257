//! Helpers the migrations share. They build statements only: moving one here changes no
//! migration's SQL.

use sea_orm_migration::prelude::*;

/// A foreign key `from` → `to` named `name`; a referenced row cannot be deleted while referenced
/// (`ON DELETE RESTRICT`).
pub(crate) fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

/// Creates the plain (non-unique) index `name` on `columns` of `table`.
pub(crate) async fn index<T, C, const N: usize>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: [C; N],
) -> Result<(), DbErr>
where
    T: IntoIden,
    C: IntoIden,
{
    index_of(manager, name, table, columns, false).await
}

/// Creates the index `name` on `columns` of `table`, unique when `unique`.
pub(crate) async fn index_of<T, C, const N: usize>(
    manager: &SchemaManager<'_>,
    name: &str,
    table: T,
    columns: [C; N],
    unique: bool,
) -> Result<(), DbErr>
where
    T: IntoIden,
    C: IntoIden,
{
    let mut index = Index::create();
    index.name(name).table(table);
    for c in columns {
        index.col(c);
    }
    if unique {
        index.unique();
    }
    manager.create_index(index.to_owned()).await
}
