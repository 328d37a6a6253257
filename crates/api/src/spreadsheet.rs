//! Spreadsheet files at the HTTP edge: reading an uploaded CSV (UTF-8, with or without BOM) or
//! xlsx (first worksheet, read with calamine) into rows of text cells, and writing xlsx answers
//! (rust_xlsxwriter). What the cells mean is `cebase_domain::imports`.

use cebase_domain::ProblemCode;
use std::io::{Cursor, Read};

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
    ApiError::Problem {
        code: ProblemCode::InvalidFile,
        detail: detail.into(),
    }
}

/// Bounds on what an uploaded sheet may hold, checked while reading and before anything of the
/// size a file declares is allocated: a few kilobytes of xlsx can declare a sheet of 17 billion
/// cells, or a shared-strings part that inflates to gigabytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Data rows that are not blank (blank rows are skipped, as the import skips them).
    pub rows: usize,
    /// Columns: a cell beyond this column refuses the file.
    pub columns: usize,
    /// Cells kept in memory, counting the blanks to the left of a row's cells.
    pub cells: usize,
    /// Bytes of an xlsx file's parts once decompressed, all parts together.
    pub unpacked_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            rows: 200_000,
            columns: 256,
            cells: 4_000_000,
            unpacked_bytes: 256 * 1024 * 1024,
        }
    }
}

impl Limits {
    /// Whether `rows` rows (the header included) holding `cells` cells are within the bounds.
    fn check(&self, rows: usize, cells: usize) -> Result<(), ApiError> {
        if rows > self.rows + 1 {
            return Err(too_large(
                "too_many_rows",
                format!(
                    "the file has more than {} data rows; split it into several files",
                    self.rows
                ),
            ));
        }
        if cells > self.cells {
            return Err(too_large(
                "too_many_cells",
                format!("the file has more than {} cells", self.cells),
            ));
        }
        Ok(())
    }
}

/// 422 `sheet_too_large`: the file is readable but beyond a bound of [`Limits`]; `rule` is the
/// field error's code.
fn too_large(rule: &'static str, detail: String) -> ApiError {
    ApiError::RuleViolated {
        code: ProblemCode::SheetTooLarge,
        detail: detail.clone(),
        errors: vec![cebase_domain::FieldError::new("file", rule, detail)],
    }
}

/// Reads `bytes` as `format` within the default [`Limits`]. 400 `invalid_file` when the file
/// cannot be read at all; 422 `sheet_too_large` past a limit.
pub fn read(format: ImportFormat, bytes: &[u8]) -> Result<Sheet, ApiError> {
    read_within(format, bytes, Limits::default())
}

/// [`read`] within the given limits.
pub fn read_within(format: ImportFormat, bytes: &[u8], limits: Limits) -> Result<Sheet, ApiError> {
    let mut rows = RowCollector::new(limits);
    match format {
        ImportFormat::Csv => read_csv(bytes, &mut rows)?,
        ImportFormat::Xlsx => read_xlsx(bytes, &mut rows)?,
    }
    let mut rows = rows.finish().into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(unreadable("the file is empty: it needs a header row"));
    };
    Ok(Sheet {
        header,
        rows: rows.collect(),
    })
}

/// Rows as they are read, blank ones dropped, every bound of [`Limits`] checked before a row
/// is kept.
struct RowCollector {
    limits: Limits,
    rows: Vec<(u32, Vec<String>)>,
    cells: usize,
}

impl RowCollector {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            rows: Vec::new(),
            cells: 0,
        }
    }

    fn push(&mut self, row: u32, cells: Vec<String>) -> Result<(), ApiError> {
        if cebase_domain::imports::is_blank(&cells) {
            return Ok(());
        }
        self.cells += cells.len();
        self.limits.check(self.rows.len() + 1, self.cells)?;
        self.rows.push((row, cells));
        Ok(())
    }

    fn check_column(&self, column: usize) -> Result<(), ApiError> {
        if column >= self.limits.columns {
            return Err(too_large(
                "too_many_columns",
                format!(
                    "the file has a cell in column {}, beyond the {} columns an import reads",
                    column + 1,
                    self.limits.columns
                ),
            ));
        }
        Ok(())
    }

    fn finish(self) -> Vec<(u32, Vec<String>)> {
        self.rows
    }
}

fn read_csv(bytes: &[u8], rows: &mut RowCollector) -> Result<(), ApiError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::StringRecord::new();
    let mut i: u32 = 0;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| match e.kind() {
                csv::ErrorKind::Utf8 { .. } => {
                    unreadable("the CSV file must be UTF-8 (save it as “CSV UTF-8”)")
                }
                _ => unreadable(format!("the CSV file cannot be read: {e}")),
            })?;
        if !more {
            return Ok(());
        }
        i = i
            .checked_add(1)
            .ok_or_else(|| unreadable("too many rows"))?;
        rows.check_column(record.len().saturating_sub(1))?;
        rows.push(i, record.iter().map(str::to_owned).collect())?;
    }
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

/// Decompresses every part of the xlsx (a zip) into a counting sink, refusing the file once the
/// parts together pass `limit` bytes: calamine reads the shared strings whole into memory, so a
/// deflate bomb must be caught before it is opened.
fn check_unpacked_size(bytes: &[u8], limit: u64) -> Result<(), ApiError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the xlsx file cannot be read: {e}")))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive
            .by_index(i)
            .map_err(|e| unreadable(format!("the xlsx file cannot be read: {e}")))?;
        // Read at most one byte past what is left, whatever the entry's header claims.
        let left = limit - total;
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink())
            .map_err(|e| unreadable(format!("the xlsx file cannot be read: {e}")))?;
        total += read;
        if total > limit {
            return Err(too_large(
                "unpacked_too_large",
                format!(
                    "the xlsx file unpacks to more than {} MiB",
                    limit / (1024 * 1024)
                ),
            ));
        }
    }
    Ok(())
}

fn read_xlsx(bytes: &[u8], rows: &mut RowCollector) -> Result<(), ApiError> {
    check_unpacked_size(bytes, rows.limits.unpacked_bytes)?;
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| unreadable(format!("the xlsx file cannot be read: {e}")))?;
    let first = workbook
        .sheet_names()
        .into_iter()
        .next()
        .ok_or_else(|| unreadable("the xlsx file has no worksheet"))?;
    // Cells one by one in the file's order: never a range of the size the sheet declares.
    let mut reader = workbook
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(format!("the first worksheet cannot be read: {e}")))?;
    let mut current: Option<(u32, Vec<String>)> = None;
    let mut by_row: Vec<(u32, Vec<String>)> = Vec::new();
    let mut sorted = true;
    let mut buffered = 0usize;
    let cell_error =
        |e: calamine::XlsxError| unreadable(format!("the first worksheet cannot be read: {e}"));
    while let Some(cell) = reader.next_cell().map_err(cell_error)? {
        let (row, column) = cell.get_position();
        let column = column as usize;
        rows.check_column(column)?;
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        // The user's row numbers are 1-based.
        let row = row
            .checked_add(1)
            .ok_or_else(|| unreadable("too many rows"))?;
        if current.as_ref().is_some_and(|(r, _)| *r != row)
            && let Some((r, cells)) = current.take()
        {
            sorted &= by_row.last().is_none_or(|(last, _)| *last < r);
            // Memory stays bounded while reading, not only once the rows are kept.
            buffered += cells.len();
            by_row.push((r, cells));
            rows.limits.check(by_row.len(), buffered)?;
        }
        let (_, cells) = current.get_or_insert_with(|| (row, Vec::new()));
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
    }
    if let Some(last) = current.take() {
        sorted &= by_row.last().is_none_or(|(r, _)| *r < last.0);
        by_row.push(last);
    }
    if !sorted {
        // Rows written out of order (or split): merge them by row number.
        by_row.sort_by_key(|(r, _)| *r);
        let mut merged: Vec<(u32, Vec<String>)> = Vec::with_capacity(by_row.len());
        for (r, cells) in by_row {
            match merged.last_mut() {
                Some((last, kept)) if *last == r => {
                    if kept.len() < cells.len() {
                        kept.resize(cells.len(), String::new());
                    }
                    for (i, c) in cells.into_iter().enumerate() {
                        if !c.is_empty() {
                            kept[i] = c;
                        }
                    }
                }
                _ => merged.push((r, cells)),
            }
        }
        by_row = merged;
    }
    for (row, cells) in by_row {
        rows.push(row, cells)?;
    }
    Ok(())
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

#[cfg(test)]
mod bounds {
    use super::*;

    fn small() -> Limits {
        Limits {
            rows: 3,
            columns: 4,
            cells: 10,
            unpacked_bytes: 64 * 1024,
        }
    }

    fn rule(e: ApiError) -> &'static str {
        match e {
            ApiError::RuleViolated { code, errors, .. } => {
                assert_eq!(code, ProblemCode::SheetTooLarge);
                match errors[0].code.as_str() {
                    "too_many_rows" => "too_many_rows",
                    "too_many_columns" => "too_many_columns",
                    "too_many_cells" => "too_many_cells",
                    "unpacked_too_large" => "unpacked_too_large",
                    other => panic!("unexpected rule {other}"),
                }
            }
            other => panic!("expected sheet_too_large, got {other:?}"),
        }
    }

    fn book(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        for (r, c, v) in cells {
            sheet.write_string(*r, *c, *v).expect("cell");
        }
        book.save_to_buffer().expect("xlsx")
    }

    #[test]
    fn csv_rows_columns_and_cells_are_bounded_and_blank_rows_skipped() {
        let sheet = read_within(ImportFormat::Csv, b"a,b\n,\n1,2\n,\n,\n3,4\n", small())
            .expect("within bounds");
        assert_eq!(sheet.header, ["a", "b"]);
        assert_eq!(
            sheet.rows,
            [
                (3, vec!["1".into(), "2".into()]),
                (6, vec!["3".into(), "4".into()])
            ]
        );
        let rows = read_within(ImportFormat::Csv, b"a\n1\n2\n3\n4\n", small())
            .expect_err("beyond a bound");
        assert_eq!(rule(rows), "too_many_rows");
        let columns =
            read_within(ImportFormat::Csv, b"a,b,c,d,e\n", small()).expect_err("beyond a bound");
        assert_eq!(rule(columns), "too_many_columns");
        let cells = read_within(ImportFormat::Csv, b"a,b,c,d\n1,2,3,4\n5,6,7,8\n", small())
            .expect_err("beyond a bound");
        assert_eq!(rule(cells), "too_many_cells");
    }

    #[test]
    fn xlsx_cells_are_read_one_by_one_within_the_bounds() {
        let sheet = read_within(
            ImportFormat::Xlsx,
            &book(&[(0, 1, "name"), (2, 1, "张伟"), (2, 3, "x")]),
            small(),
        )
        .expect("within bounds");
        // Columns stay where the user sees them; row numbers are the sheet's.
        assert_eq!(sheet.header, ["", "name"]);
        assert_eq!(
            sheet.rows,
            [(3, vec!["".into(), "张伟".into(), "".into(), "x".into()])]
        );
        let far = book(&[(0, 0, "a"), (1_048_575, 16_383, "x")]);
        assert_eq!(
            rule(
                read_within(ImportFormat::Xlsx, &far, Limits::default())
                    .expect_err("beyond a bound")
            ),
            "too_many_columns"
        );
        let long = book(&[
            (0, 0, "a"),
            (1, 0, "1"),
            (2, 0, "2"),
            (3, 0, "3"),
            (4, 0, "4"),
        ]);
        assert_eq!(
            rule(read_within(ImportFormat::Xlsx, &long, small()).expect_err("beyond a bound")),
            "too_many_rows"
        );
        let wide = book(&[(0, 3, "a"), (1, 3, "b"), (2, 3, "c")]);
        assert_eq!(
            rule(read_within(ImportFormat::Xlsx, &wide, small()).expect_err("beyond a bound")),
            "too_many_cells"
        );
        let tight = Limits {
            unpacked_bytes: 1024,
            ..small()
        };
        assert_eq!(
            rule(
                read_within(ImportFormat::Xlsx, &book(&[(0, 0, "a")]), tight)
                    .expect_err("beyond a bound")
            ),
            "unpacked_too_large"
        );
    }
}
