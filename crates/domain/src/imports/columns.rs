//! The columns of an import file and how one row of text cells becomes a person.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::credit_code::CreditCode;
use crate::identity::IdDocumentKind;
use crate::master::{PersonData, PersonRequest};
use crate::teacher::{Degree, TitleLevel};

/// A column of the import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImportColumn {
    Name,
    IdKind,
    IdNumber,
    EmployerCreditCode,
    Title,
    TitleLevel,
    Field,
    Degree,
    Phone,
    Email,
}

impl ImportColumn {
    /// Every column, in template order.
    pub const ALL: [ImportColumn; 10] = [
        ImportColumn::Name,
        ImportColumn::IdKind,
        ImportColumn::IdNumber,
        ImportColumn::EmployerCreditCode,
        ImportColumn::Title,
        ImportColumn::TitleLevel,
        ImportColumn::Field,
        ImportColumn::Degree,
        ImportColumn::Phone,
        ImportColumn::Email,
    ];

    /// The Chinese header of the template.
    pub fn header(self) -> &'static str {
        match self {
            ImportColumn::Name => "姓名",
            ImportColumn::IdKind => "证件类型",
            ImportColumn::IdNumber => "证件号码",
            ImportColumn::EmployerCreditCode => "工作单位统一社会信用代码",
            ImportColumn::Title => "职称",
            ImportColumn::TitleLevel => "职称级别",
            ImportColumn::Field => "专业领域",
            ImportColumn::Degree => "最高学历",
            ImportColumn::Phone => "手机",
            ImportColumn::Email => "邮箱",
        }
    }

    /// The English header, which is also the field name in row errors (as in `PersonRequest`).
    pub fn field(self) -> &'static str {
        match self {
            ImportColumn::Name => "name",
            ImportColumn::IdKind => "id_kind",
            ImportColumn::IdNumber => "id_number",
            ImportColumn::EmployerCreditCode => "employer_credit_code",
            ImportColumn::Title => "title",
            ImportColumn::TitleLevel => "title_level",
            ImportColumn::Field => "field",
            ImportColumn::Degree => "degree",
            ImportColumn::Phone => "phone",
            ImportColumn::Email => "email",
        }
    }

    /// Whether a file must have this column (the others may be left out).
    pub fn required(self) -> bool {
        matches!(
            self,
            ImportColumn::Name
                | ImportColumn::IdKind
                | ImportColumn::IdNumber
                | ImportColumn::TitleLevel
                | ImportColumn::Degree
        )
    }

    fn from_header(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|c| c.header() == text || c.field().eq_ignore_ascii_case(text))
    }
}

/// Chinese labels of the enumerations an import file names, as the template and the exports
/// show them. The stable English names are accepted as well.
pub trait ChineseLabel: Sized + Copy + std::str::FromStr + 'static {
    /// Every value with its labels; the first label is the one shown.
    const LABELS: &'static [(Self, &'static [&'static str])];

    fn label(self) -> &'static str
    where
        Self: PartialEq,
    {
        Self::LABELS
            .iter()
            .find(|(v, _)| *v == self)
            .and_then(|(_, labels)| labels.first().copied())
            .unwrap_or("")
    }

    fn from_label(text: &str) -> Option<Self> {
        let text = text.trim();
        Self::LABELS
            .iter()
            .find(|(_, labels)| labels.contains(&text))
            .map(|(v, _)| *v)
            .or_else(|| text.to_ascii_lowercase().parse().ok())
    }
}

impl ChineseLabel for IdDocumentKind {
    const LABELS: &'static [(Self, &'static [&'static str])] = &[
        (IdDocumentKind::ResidentId, &["居民身份证", "身份证"]),
        (IdDocumentKind::Passport, &["护照"]),
        (
            IdDocumentKind::HkMacaoPermit,
            &["港澳居民来往内地通行证", "港澳通行证"],
        ),
        (
            IdDocumentKind::TaiwanPermit,
            &["台湾居民来往大陆通行证", "台胞证"],
        ),
    ];
}

impl ChineseLabel for TitleLevel {
    const LABELS: &'static [(Self, &'static [&'static str])] = &[
        (TitleLevel::None, &["无"]),
        (TitleLevel::Junior, &["初级"]),
        (TitleLevel::Intermediate, &["中级"]),
        (TitleLevel::AssociateSenior, &["副高", "副高级"]),
        (TitleLevel::Senior, &["正高", "正高级"]),
    ];
}

impl ChineseLabel for Degree {
    const LABELS: &'static [(Self, &'static [&'static str])] = &[
        (Degree::None, &["无"]),
        (Degree::Associate, &["专科", "大专"]),
        (Degree::Bachelor, &["本科", "学士"]),
        (Degree::Master, &["硕士", "研究生"]),
        (Degree::Doctor, &["博士"]),
    ];
}

/// One rejected row: its number as the user sees it in the file (the header is row 1), the
/// column's field name, a stable code and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportRowError {
    #[cfg_attr(feature = "openapi", schema(example = 7))]
    pub row: u32,
    #[cfg_attr(feature = "openapi", schema(example = "id_number"))]
    pub field: String,
    #[cfg_attr(feature = "openapi", schema(example = "id_number_check"))]
    pub code: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "the check character does not match (GB 11643-1999)")
    )]
    pub message: String,
}

impl ImportRowError {
    pub fn new(row: u32, field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            row,
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }

    fn from_field(row: u32, e: FieldError) -> Self {
        Self {
            row,
            field: e.field,
            code: e.code,
            message: e.message,
        }
    }
}

/// Where each column is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportHeader {
    positions: [Option<usize>; 10],
}

impl ImportHeader {
    /// Reads the header row. Unknown or repeated columns and missing required ones are errors
    /// of row 1 (an unknown column would otherwise be dropped silently).
    pub fn parse(cells: &[String]) -> Result<Self, Vec<ImportRowError>> {
        let mut positions = [None; 10];
        let mut errors = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            if cell.trim().is_empty() {
                continue;
            }
            match ImportColumn::from_header(cell) {
                Some(col) => {
                    let slot = &mut positions[col as usize];
                    if slot.is_some() {
                        errors.push(ImportRowError::new(
                            1,
                            col.field(),
                            "duplicate_column",
                            format!("the column {} appears twice", col.header()),
                        ));
                    }
                    *slot = Some(i);
                }
                None => errors.push(ImportRowError::new(
                    1,
                    cell.trim(),
                    "unknown_column",
                    format!(
                        "unknown column `{}`; the columns are those of the template",
                        cell.trim()
                    ),
                )),
            }
        }
        for col in ImportColumn::ALL {
            if col.required() && positions[col as usize].is_none() {
                errors.push(ImportRowError::new(
                    1,
                    col.field(),
                    "missing_column",
                    format!("the column {} ({}) is required", col.header(), col.field()),
                ));
            }
        }
        if errors.is_empty() {
            Ok(Self { positions })
        } else {
            Err(errors)
        }
    }

    fn cell<'a>(&self, cells: &'a [String], col: ImportColumn) -> &'a str {
        self.positions[col as usize]
            .and_then(|i| cells.get(i))
            .map_or("", |s| s.trim())
    }
}

/// Whether a row has nothing in it (skipped, as spreadsheets often end in blank rows).
pub fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

/// A row that parsed: the person (without employer — the server resolves the credit code) and
/// the employer's credit code.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPerson {
    /// The row number in the file (header = 1).
    pub row: u32,
    pub data: PersonData,
    pub employer_credit_code: Option<CreditCode>,
}

fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

fn parse_label<T: ChineseLabel>(
    raw: &str,
    col: ImportColumn,
    errors: &mut Vec<FieldError>,
) -> Option<T> {
    if raw.is_empty() {
        errors.push(FieldError::new(col.field(), "required", "is required"));
        return None;
    }
    let parsed = T::from_label(raw);
    if parsed.is_none() {
        let known: Vec<&str> = T::LABELS
            .iter()
            .filter_map(|(_, l)| l.first().copied())
            .collect();
        errors.push(FieldError::new(
            col.field(),
            "unknown_value",
            format!("`{raw}` is not one of {}", known.join(", ")),
        ));
    }
    parsed
}

/// Parses data row `row` (its number in the file) of `cells` by `header`, naming every failing
/// field. The person's rules are exactly those of `POST /people` ([`PersonData`]'s `TryFrom`).
pub fn parse_row(
    header: &ImportHeader,
    row: u32,
    cells: &[String],
) -> Result<ImportPerson, Vec<ImportRowError>> {
    let cell = |col| header.cell(cells, col);
    let mut errors = Vec::new();
    let id_kind = parse_label::<IdDocumentKind>(
        cell(ImportColumn::IdKind),
        ImportColumn::IdKind,
        &mut errors,
    );
    let title_level = parse_label::<TitleLevel>(
        cell(ImportColumn::TitleLevel),
        ImportColumn::TitleLevel,
        &mut errors,
    );
    let degree = parse_label::<Degree>(
        cell(ImportColumn::Degree),
        ImportColumn::Degree,
        &mut errors,
    );
    let credit_code = match cell(ImportColumn::EmployerCreditCode) {
        "" => None,
        raw => match CreditCode::parse(raw, ImportColumn::EmployerCreditCode.field()) {
            Ok(code) => Some(code),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let request = PersonRequest {
        name: cell(ImportColumn::Name).to_owned(),
        // An unknown kind cannot check the number: the number's errors are left out below.
        id_kind: id_kind.unwrap_or(IdDocumentKind::Passport),
        id_number: cell(ImportColumn::IdNumber).to_owned(),
        employer_id: None,
        title: non_empty(cell(ImportColumn::Title)),
        title_level: title_level.unwrap_or(TitleLevel::None),
        field: non_empty(cell(ImportColumn::Field)),
        degree: degree.unwrap_or(Degree::None),
        phone: non_empty(cell(ImportColumn::Phone)),
        email: non_empty(cell(ImportColumn::Email)),
        user_id: None,
    };
    let person = match PersonData::try_from(request) {
        Ok(data) => Some(data),
        Err(person_errors) => {
            errors.extend(
                person_errors
                    .into_iter()
                    .filter(|e| id_kind.is_some() || e.field != "id_number"),
            );
            None
        }
    };
    match person {
        Some(data) if errors.is_empty() => Ok(ImportPerson {
            row,
            data,
            employer_credit_code: credit_code,
        }),
        _ => {
            // Report in column order, as the user reads the row.
            let order = |f: &str| {
                ImportColumn::ALL
                    .iter()
                    .position(|c| c.field() == f)
                    .unwrap_or(usize::MAX)
            };
            errors.sort_by_key(|e| order(&e.field));
            Err(errors
                .into_iter()
                .map(|e| ImportRowError::from_field(row, e))
                .collect())
        }
    }
}

/// A parsed row in the compact form an import stages between preview and commit: the row
/// number and the normalised cells in column order (an array, so the staged blob stays small).
/// It is parsed again at commit ([`StagedRow::parse`]), so a staged value is never trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagedRow(pub u32, pub [String; 10]);

/// What an import stages between preview and commit: the rows that parsed, and the errors of
/// those that did not (which the commit reports again, all or nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StagedImport {
    pub rows: Vec<StagedRow>,
    pub rejected: Vec<ImportRowError>,
}

impl ImportPerson {
    pub fn to_staged(&self) -> StagedRow {
        let d = &self.data;
        let opt = |v: Option<&str>| v.unwrap_or("").to_owned();
        StagedRow(
            self.row,
            [
                d.name.as_ref().to_owned(),
                d.document.kind().as_str().to_owned(),
                d.document.number().to_owned(),
                opt(self.employer_credit_code.as_ref().map(AsRef::as_ref)),
                opt(d.title.as_ref().map(AsRef::as_ref)),
                d.title_level.as_str().to_owned(),
                opt(d.field.as_ref().map(AsRef::as_ref)),
                d.degree.as_str().to_owned(),
                opt(d.phone.as_ref().map(AsRef::as_ref)),
                opt(d.email.as_ref().map(AsRef::as_ref)),
            ],
        )
    }
}

impl StagedRow {
    /// The header of a staged row's cells (the columns in template order).
    fn header() -> ImportHeader {
        ImportHeader {
            positions: std::array::from_fn(Some),
        }
    }

    pub fn parse(&self) -> Result<ImportPerson, Vec<ImportRowError>> {
        parse_row(&Self::header(), self.0, &self.1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::imports::fixtures::{cells, header, row};

    #[test]
    fn headers_in_chinese_or_english_any_order() {
        let h = ImportHeader::parse(&cells(&[
            "id_number",
            "姓名",
            "证件类型",
            "TITLE_LEVEL",
            "最高学历",
        ]))
        .expect("required columns present");
        let p = parse_row(
            &h,
            2,
            &cells(&["11010519491231002X", "张伟", "身份证", "副高", "硕士"]),
        )
        .expect("valid");
        assert_eq!(p.data.title_level, TitleLevel::AssociateSenior);
        assert_eq!(p.data.degree, Degree::Master);
        let errors = ImportHeader::parse(&cells(&["姓名", "姓名", "年龄"])).expect_err("bad");
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "duplicate_column",
                "unknown_column",
                "missing_column",
                "missing_column",
                "missing_column",
                "missing_column"
            ]
        );
        assert!(errors.iter().all(|e| e.row == 1));
    }

    #[test]
    fn a_row_is_checked_by_the_people_rules_and_names_every_field() {
        let mut bad = row("", "110105194912310021");
        bad[5] = "特级".into();
        bad[8] = "x".into();
        let errors = parse_row(&header(), 7, &bad).expect_err("invalid");
        let found: Vec<(u32, &str, &str)> = errors
            .iter()
            .map(|e| (e.row, e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (7, "name", "required"),
                (7, "id_number", "id_number_check"),
                (7, "title_level", "unknown_value"),
                (7, "phone", "phone_format"),
            ]
        );
        assert!(errors[1].message.contains("GB 11643-1999"));
        let mut unknown_kind = row("张伟", "whatever");
        unknown_kind[1] = "驾照".into();
        let errors = parse_row(&header(), 3, &unknown_kind).expect_err("invalid");
        assert_eq!(
            errors.len(),
            1,
            "no number errors without a kind: {errors:?}"
        );
        assert_eq!(errors[0].field, "id_kind");
    }

    #[test]
    fn staged_rows_parse_back_to_the_same_person() {
        let p = parse_row(&header(), 4, &row("张伟", "11010519491231002x")).expect("valid");
        let staged = p.to_staged();
        assert_eq!(staged.parse().expect("parses"), p);
        let json = serde_json::to_string(&staged).expect("json");
        assert!(json.starts_with("[4,["), "compact: {json}");
    }
}
