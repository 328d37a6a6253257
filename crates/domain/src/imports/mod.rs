//! Bulk import (批量导入) of people and their enrolment in a class (`docs/domain.md`, "Enrolment,
//! attendance, assessment": every row validated, each rejected row reported with its row number,
//! field and reason, all-or-nothing unless the caller keeps the valid rows).
//!
//! This module owns the file's **columns** (Chinese headers, English accepted), turning one row of
//! text cells into a person — through the same [`PersonData`] parse as `POST /people`, so an
//! import can never accept what the people endpoint refuses — and [`review_import`], which decides
//! for every parsed row what to write given the facts the server looked up (existing people,
//! employers, the class's seats and enrolments). Reading CSV or xlsx bytes into cells is the
//! server's business; so is writing.
//!
//! **Existing people:** a row whose identity document is already on file with the **same name**
//! reuses that person (for the enrolment) and changes nothing about them — an import never
//! overwrites master data; `PUT /people/{id}` does. The same document under a different name is
//! refused (`person_conflict`), since it is either a typo or a different person.

mod columns;
mod job;
mod review;

pub use columns::*;
pub use job::*;
pub use review::*;

/// Cells, a header and a row of a valid import file, for the tests of this module.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub(crate) fn cells(values: &[&str]) -> Vec<String> {
        values.iter().map(|s| (*s).to_owned()).collect()
    }

    pub(crate) fn header() -> ImportHeader {
        ImportHeader::parse(&cells(&ImportColumn::ALL.map(ImportColumn::header))).expect("header")
    }

    pub(crate) fn row(name: &str, id: &str) -> Vec<String> {
        cells(&[
            name,
            "居民身份证",
            id,
            "",
            "工程师",
            "中级",
            "软件工程",
            "本科",
            "13800138000",
            "a@example.cn",
        ])
    }
}
