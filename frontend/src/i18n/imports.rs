//! The import wizard: people from a CSV or xlsx file, enrolled into a class.

use cebase_domain::FieldError;
use cebase_domain::imports::{ImportColumn, ImportRowError};

use cebase_domain::ProblemCode;

use super::{I18n, Lang, between, first_number};

messages! {
    /// A fixed message of the import wizard.
    ImportKey;

    Title => "从文件批量导入", "Import from a file";
    StepUpload => "上传文件", "Upload";
    StepPreview => "预览与校验", "Preview";
    StepResult => "导入结果", "Result";
    Hint => "按模板填写人员信息（CSV 或 xlsx，第 1 行为表头），上传后先逐行校验，确认无误再导入并报名本班。",
        "Fill in the template (CSV or xlsx, the header in row 1). Every row is checked first; nothing is written until you confirm, and then everyone is enrolled in this class.";
    Template => "下载 xlsx 模板", "Download the xlsx template";
    File => "导入文件（.csv 或 .xlsx）", "File (.csv or .xlsx)";
    FileKind => "只能导入 .csv 或 .xlsx 文件。", "Only .csv and .xlsx files can be imported.";
    Upload => "上传并校验", "Upload and check";
    Mode => "有被拒绝的行时", "When rows are rejected";
    AllOrNothing => "全部成功才导入（默认）", "Import all or nothing (default)";
    KeepValid => "只导入有效行，跳过被拒绝的行", "Import the valid rows, skip the rejected ones";
    Blocked => "有被拒绝的行：请修改文件后重新上传，或选择“只导入有效行”。",
        "Some rows were rejected: correct the file and upload it again, or choose to import the valid rows only.";
    AnotherFile => "重新选择文件", "Start again with another file";
    Failed => "导入失败，未写入任何数据。", "The import failed; nothing was written.";
    Validating => "正在校验…", "Checking the rows…";
    Committing => "正在导入…", "Importing…";
    Rows => "总行数", "rows";
    ValidRows => "有效", "valid";
    RejectedRows => "被拒绝", "rejected";
    NoErrors => "所有行均通过校验。", "Every row passed the checks.";
    Row => "行号", "Row";
    Column => "列", "Column";
    Reason => "原因", "Reason";
}

impl I18n {
    /// The field of an import row error as the user knows it: the template's column header (or
    /// the English column name).
    pub fn import_field(&self, field: &str) -> String {
        let column = ImportColumn::ALL.into_iter().find(|c| c.field() == field);
        match (column, field, self.lang()) {
            (Some(c), _, Lang::Zh) => c.header().to_owned(),
            (Some(c), _, Lang::En) => c.field().to_owned(),
            (None, "class_id", Lang::Zh) => "培训班".to_owned(),
            (None, "class_id", Lang::En) => "class".to_owned(),
            (None, other, _) => other.to_owned(),
        }
    }

    /// Why an import row was rejected, in the current language (the person rules as in the
    /// person form, plus the import's own checks).
    pub fn import_reason(&self, e: &ImportRowError) -> String {
        let zh = self.lang() == Lang::Zh;
        let pick = |a: String, b: String| if zh { a } else { b };
        match e.code.as_str() {
            "duplicate_in_file" => match first_number(&e.message) {
                Some(row) => pick(
                    format!("与第 {row} 行的证件重复。"),
                    format!("The same identity document as row {row}."),
                ),
                None => pick(
                    "文件中证件重复。".into(),
                    "A repeated identity document.".into(),
                ),
            },
            "person_conflict" => {
                let name = between(&e.message, '(', ')').unwrap_or("?");
                pick(
                    format!("已有使用此证件的人员，姓名为“{name}”，与本行不一致。"),
                    format!("A person with this document is on file under another name ({name})."),
                )
            }
            "not_found" if e.field == "employer_credit_code" => pick(
                "系统中没有使用此统一社会信用代码的单位。".into(),
                "No organisation with this unified social credit code is on file.".into(),
            ),
            "employer_conflict" => pick(
                "此人已登记在其他单位；导入不会变更人员所在单位，请由工作人员先在人员信息中修改工作单位。".into(),
                "This person is on file with another employer; an import does not move people between organisations — staff change the employer on the person first.".into(),
            ),
            "class_full" => pick(
                "培训班已无空余名额。".into(),
                "No seat left in the class for this row.".into(),
            ),
            "already_enrolled" => self.t(ProblemCode::AlreadyEnrolled).to_owned(),
            "unknown_value" => {
                let raw = between(&e.message, '`', '`').unwrap_or("?");
                let known = e.message.split(" one of ").nth(1).unwrap_or("");
                pick(
                    format!("“{raw}”不是可选值，可选：{known}。"),
                    format!("'{raw}' is not one of: {known}."),
                )
            }
            "unknown_column" => pick(
                format!("未知的列“{}”，请使用模板中的列。", e.field),
                format!("Unknown column '{}'; use the template's columns.", e.field),
            ),
            "duplicate_column" => pick(
                "此列出现了两次。".into(),
                "This column appears twice.".into(),
            ),
            "missing_column" => pick(
                "缺少此必填列。".into(),
                "This required column is missing.".into(),
            ),
            _ => self.field_error(&FieldError::new(
                e.field.clone(),
                e.code.clone(),
                e.message.clone(),
            )),
        }
    }

    pub fn import_row(&self, row: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("第 {row} 行"),
            Lang::En => format!("Row {row}"),
        }
    }

    pub fn import_progress(&self, done: u32, total: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("已处理 {done} / {total} 行"),
            Lang::En => format!("{done} of {total} rows"),
        }
    }

    pub fn import_more_errors(&self, more: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("另有 {more} 行被拒绝，未列出；请修改上述行后重新上传以查看。"),
            Lang::En => format!(
                "{more} more rejected rows are not listed; correct these and upload again to see them."
            ),
        }
    }

    pub fn import_commit(&self, rows: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("确认导入 {rows} 行"),
            Lang::En => format!("Import {rows} rows"),
        }
    }

    pub fn import_written(&self, rows: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("导入完成：写入 {rows} 行。"),
            Lang::En => format!("Imported: {rows} rows written."),
        }
    }

    pub fn import_people(&self, created: u32, reused: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("新建人员 {created} 人，沿用已有人员 {reused} 人"),
            Lang::En => format!("{created} people added, {reused} already on file"),
        }
    }

    pub fn import_enrolments(&self, enrolled: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("报名本班 {enrolled} 人"),
            Lang::En => format!("{enrolled} enrolled in this class"),
        }
    }

    pub fn import_left_out(&self, rejected: u32) -> String {
        match self.lang() {
            Lang::Zh => format!("跳过被拒绝的 {rejected} 行（见下表）"),
            Lang::En => format!("{rejected} rejected rows skipped (listed below)"),
        }
    }
}
