//! Spreadsheet files at the HTTP edge: reading an uploaded CSV (UTF-8, with or without BOM) or
//! xlsx (first worksheet, read with calamine) into rows of text cells, and writing xlsx answers
//! (rust_xlsxwriter). What the cells mean is `cebase_domain::imports`.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use cebase_domain::imports::ImportFormat;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::error::ApiError;

/// The media type of xlsx files.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A file's rows as text: the header and the data rows with their row numbers as the user sees
/// them (the header is row 1 of a CSV; an xlsx keeps its sheet's own row numbers).
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub header: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

fn unreadable(detail: impl Into<String>) -> ApiError {
    ApiError::BadRequest {
        code: "invalid_file",
        detail: detail.into(),
    }
}

/// Reads `bytes` as `format`. 400 `invalid_file` when the file cannot be read at all.
pub fn read(format: ImportFormat, bytes: &[u8]) -> Result<Sheet, ApiError> {
    let mut rows = match format {
        ImportFormat::Csv => read_csv(bytes)?,
        ImportFormat::Xlsx => read_xlsx(bytes)?,
    }
    .into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(unreadable("the file is empty: it needs a header row"));
    };
    Ok(Sheet {
        header,
        rows: rows.collect(),
    })
}

fn read_csv(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| match e.kind() {
            csv::ErrorKind::Utf8 { .. } => {
                unreadable("the CSV file must be UTF-8 (save it as “CSV UTF-8”)")
            }
            _ => unreadable(format!("the CSV file cannot be read: {e}")),
        })?;
        let row = u32::try_from(i + 1).map_err(|_| unreadable("too many rows"))?;
        rows.push((row, record.iter().map(str::to_owned).collect()));
    }
    Ok(rows)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // A number typed into a cell: integral ones without ".0" (phone numbers).
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<(u32, Vec<String>)>, ApiError> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the xlsx file cannot be read: {e}")))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable("the xlsx file has no worksheet"))?
        .map_err(|e| unreadable(format!("the first worksheet cannot be read: {e}")))?;
    let Some((first_row, first_col)) = range.start() else {
        return Ok(Vec::new());
    };
    // Cells left of the used range are blank: keep columns where the user sees them.
    let pad = first_col as usize;
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let row = u32::try_from(i)
                .ok()
                .and_then(|i| first_row.checked_add(i + 1))
                .ok_or_else(|| unreadable("too many rows"))?;
            let mut texts = vec![String::new(); pad];
            texts.extend(cells.iter().map(cell_text));
            Ok((row, texts))
        })
        .collect()
}

/// A cell of an xlsx answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<Option<String>> for Cell {
    fn from(s: Option<String>) -> Self {
        s.map_or(Cell::Empty, Cell::Text)
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Number(f64::from(n))
    }
}

/// One worksheet named `name` with a bold header row, frozen below it, and `rows`. Every column
/// is formatted as text so long numbers (ID numbers, phone numbers) stay as typed.
pub fn workbook(name: &str, header: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, ApiError> {
    build(name, header, rows).map_err(|e| ApiError::Internal(anyhow::anyhow!("xlsx: {e}")))
}

/// One worksheet of [`workbook_sheets`]: its name, header and rows.
pub struct SheetSpec<'a> {
    pub name: &'a str,
    pub header: &'a [&'a str],
    pub rows: &'a [Vec<Cell>],
}

/// Several worksheets, each laid out as [`workbook`] lays out its one.
pub fn workbook_sheets(sheets: &[SheetSpec<'_>]) -> Result<Vec<u8>, ApiError> {
    let mut book = Workbook::new();
    for s in sheets {
        add_sheet(&mut book, s.name, s.header, s.rows)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("xlsx: {e}")))?;
    }
    book.save_to_buffer()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("xlsx: {e}")))
}

fn build(name: &str, header: &[&str], rows: &[Vec<Cell>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    add_sheet(&mut book, name, header, rows)?;
    book.save_to_buffer()
}

fn add_sheet(
    book: &mut Workbook,
    name: &str,
    header: &[&str],
    rows: &[Vec<Cell>],
) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    let bold = Format::new().set_bold();
    let text = Format::new().set_num_format("@");
    for (c, title) in header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.set_column_format(c, &text)?;
        sheet.set_column_width(c, 4.0 + 2.2 * title.chars().count() as f64)?;
        sheet.write_string_with_format(0, c, *title, &bold)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in cells.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(r, c, s)?;
                }
                Cell::Number(n) => {
                    sheet.write_number(r, c, *n)?;
                }
                Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_bom_and_quotes() {
        let sheet = read(
            ImportFormat::Csv,
            "\u{feff}姓名,证件号码\n\"张,伟\",110\n\n李娜,220\n".as_bytes(),
        )
        .expect("reads");
        assert_eq!(sheet.header, ["姓名", "证件号码"]);
        let rows: Vec<u32> = sheet.rows.iter().map(|(r, _)| *r).collect();
        assert_eq!(rows, [2, 3]);
        assert_eq!(sheet.rows[0].1[0], "张,伟");
        assert!(read(ImportFormat::Csv, b"\xff\xfe\x00").is_err());
        assert!(read(ImportFormat::Csv, b"").is_err());
    }

    #[test]
    fn xlsx_round_trip_keeps_row_numbers_and_long_numbers() {
        let bytes = workbook(
            "名单",
            &["姓名", "证件号码"],
            &[
                vec!["张伟".into(), "11010519491231002X".into()],
                vec![Cell::Empty, Cell::Number(13800138000.0)],
            ],
        )
        .expect("writes");
        let sheet = read(ImportFormat::Xlsx, &bytes).expect("reads");
        assert_eq!(sheet.header, ["姓名", "证件号码"]);
        assert_eq!(
            sheet.rows[0],
            (2, vec!["张伟".into(), "11010519491231002X".into()])
        );
        assert_eq!(
            sheet.rows[1],
            (3, vec![String::new(), "13800138000".into()])
        );
        assert!(read(ImportFormat::Xlsx, b"not a zip").is_err());
    }
}
