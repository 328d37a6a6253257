//! A small flow layout for formal A4 documents: blocks (title, headings, paragraphs, label–value
//! lines, tables, a signature) poured onto as many pages as they need. Tables repeat their
//! header on every page and break between rows (a row taller than a page breaks between its
//! lines); every page carries a running header and "第 n 页 共 N 页" at the foot.
//!
//! Text is set in the certificate font (one CJK face, no bold): emphasis is size and shading.

use anyhow::bail;
use chrono::{DateTime, Utc};
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
};

use crate::credentials::CertificateFont;

/// Millimetres per typographic point.
const MM_PER_PT: f32 = 25.4 / 72.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    Portrait,
    /// For wide tables.
    Landscape,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A column of a [`Table`]: its header, its share of the width, how its cells align.
#[derive(Debug, Clone)]
pub struct Column {
    pub header: String,
    /// Relative width (the table spans the text width).
    pub weight: f32,
    pub align: Align,
}

impl Column {
    pub fn new(header: &str, weight: f32, align: Align) -> Self {
        Self {
            header: header.to_owned(),
            weight,
            align,
        }
    }
}

/// A row of cells; `shaded` rows (totals) are set on a grey ground.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: Vec<String>,
    pub shaded: bool,
}

impl Row {
    pub fn plain(cells: Vec<String>) -> Self {
        Self {
            cells,
            shaded: false,
        }
    }

    pub fn shaded(cells: Vec<String>) -> Self {
        Self {
            cells,
            shaded: true,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
    /// Font size of the cells, in points.
    pub size: f32,
}

#[derive(Debug, Clone)]
pub enum Block {
    /// The document's title, large and centred.
    Title(String),
    /// A centred line under the title.
    Subtitle(String),
    /// A section heading (一、…).
    Heading(String),
    /// Running text; each line of the string is a paragraph, indented by two characters.
    Paragraph(String),
    /// Small grey text (notes under a table).
    Note(String),
    /// `label：value` lines, the values aligned.
    Fields(Vec<(String, String)>),
    Table(Table),
    /// Right-aligned closing lines (the base's name, the date).
    Signature(Vec<String>),
    /// Vertical space in millimetres.
    Space(f32),
}

/// A document to render: what it says and its PDF metadata.
#[derive(Debug, Clone)]
pub struct Document {
    /// Metadata title and the running header's left side.
    pub title: String,
    /// Metadata author and the running header's right side (the base).
    pub author: String,
    pub subject: String,
    pub created: DateTime<Utc>,
    pub orientation: Orientation,
    pub blocks: Vec<Block>,
}

const TEXT_SIZE: f32 = 10.5;
const MARGIN_SIDE: f32 = 20.0;
const MARGIN_TOP: f32 = 22.0;
const MARGIN_BOTTOM: f32 = 20.0;
const CELL_PAD_X: f32 = 1.4;
const CELL_PAD_Y: f32 = 1.2;

fn pt(mm: f32) -> Pt {
    Mm(mm).into_pt()
}

fn gray(level: f32) -> Color {
    Color::Rgb(Rgb::new(level, level, level, None))
}

/// Height of one line of text at `size` points, in millimetres.
fn line_height(size: f32) -> f32 {
    size * MM_PER_PT * 1.45
}

/// From the top of a line box to its baseline.
fn ascent(size: f32) -> f32 {
    size * MM_PER_PT * 1.08
}

struct Layout<'a> {
    font: &'a ParsedFont,
    font_id: FontId,
    page_w: f32,
    page_h: f32,
    pages: Vec<Vec<Op>>,
    ops: Vec<Op>,
    /// The cursor: distance from the top of the page, in millimetres.
    y: f32,
}

impl<'a> Layout<'a> {
    fn text_width(&self) -> f32 {
        self.page_w - 2.0 * MARGIN_SIDE
    }

    fn limit(&self) -> f32 {
        self.page_h - MARGIN_BOTTOM
    }

    /// Width of `text` at `size` points, in millimetres (advance widths; CJK has no kerning).
    fn width(&self, text: &str, size: f32) -> f32 {
        let units = f32::from(self.font.pdf_font_metrics.units_per_em.max(1));
        let advance: f32 = text
            .chars()
            .map(|c| {
                self.font
                    .lookup_glyph_index(u32::from(c))
                    .map_or(0.0, |g| f32::from(self.font.get_horizontal_advance(g)))
            })
            .sum();
        advance / units * size * MM_PER_PT
    }

    /// `text` broken into lines no wider than `max` millimetres: at line breaks, between any
    /// two CJK characters, and at spaces within Latin words.
    fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        for source in text.split('\n') {
            let mut line = String::new();
            for c in source.chars() {
                let mut candidate = line.clone();
                candidate.push(c);
                if line.is_empty() || self.width(&candidate, size) <= max {
                    line = candidate;
                    continue;
                }
                if c == ' ' {
                    lines.push(std::mem::take(&mut line));
                    continue;
                }
                // Inside a Latin word or a number (`2027-05-11`, `300,000.00`): carry it over
                // whole when the line has a space before it.
                let in_word = line.chars().last().is_some_and(|l| l.is_ascii_graphic())
                    && c.is_ascii_graphic();
                match line.rfind(' ').filter(|_| in_word) {
                    Some(space) if space > 0 => {
                        let rest = line[space + 1..].to_owned();
                        line.truncate(space);
                        lines.push(std::mem::replace(&mut line, rest));
                        line.push(c);
                    }
                    _ => {
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    fn new_page(&mut self) {
        let done = std::mem::take(&mut self.ops);
        self.pages.push(done);
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` millimetres fit below the cursor.
    fn ensure(&mut self, height: f32) {
        if self.y + height > self.limit() && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    /// Sets `text` with its baseline `baseline` millimetres from the top of the page.
    fn text(&mut self, x: f32, baseline: f32, size: f32, color: Color, text: &str) {
        if text.is_empty() {
            return;
        }
        self.ops.extend([
            Op::SetFillColor { col: color },
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: pt(x),
                    y: pt(self.page_h - baseline),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Sets `text` aligned within `[x, x + width]`.
    fn aligned(&mut self, x: f32, width: f32, baseline: f32, size: f32, align: Align, text: &str) {
        let w = self.width(text, size);
        let left = match align {
            Align::Left => x,
            Align::Center => x + (width - w) / 2.0,
            Align::Right => x + width - w,
        };
        self.text(left, baseline, size, gray(0.0), text);
    }

    fn rect(&mut self, x: f32, top: f32, width: f32, height: f32, mode: PaintMode) {
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: pt(x),
                y: pt(self.page_h - top - height),
                width: pt(width),
                height: pt(height),
                mode: Some(mode),
                winding_order: None,
            },
        });
    }

    fn hline(&mut self, x0: f32, x1: f32, y: f32, thickness: f32) {
        let y = pt(self.page_h - y);
        self.ops.extend([
            Op::SetOutlineColor { col: gray(0.0) },
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: Point { x: pt(x0), y },
                            bezier: false,
                        },
                        LinePoint {
                            p: Point { x: pt(x1), y },
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            },
        ]);
    }

    fn centered_lines(&mut self, text: &str, size: f32, space_after: f32) {
        let max = self.text_width();
        let lh = line_height(size);
        for line in self.wrap(text, size, max) {
            self.ensure(lh);
            let baseline = self.y + ascent(size);
            self.aligned(MARGIN_SIDE, max, baseline, size, Align::Center, &line);
            self.y += lh;
        }
        self.y += space_after;
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Title(text) => self.centered_lines(text, 18.0, 3.0),
            Block::Subtitle(text) => self.centered_lines(text, 12.0, 4.0),
            Block::Heading(text) => {
                let size = 13.0;
                let lh = line_height(size);
                // Keep a heading with at least two lines of what follows.
                self.ensure(lh + 3.0 + 2.0 * line_height(TEXT_SIZE));
                self.y += 3.0;
                let baseline = self.y + ascent(size);
                self.text(MARGIN_SIDE, baseline, size, gray(0.0), text);
                self.y += lh + 1.0;
            }
            Block::Paragraph(text) => {
                // The customary first-line indent of two ideographic spaces.
                for paragraph in text.split('\n').filter(|p| !p.trim().is_empty()) {
                    let indented = format!("\u{3000}\u{3000}{}", paragraph.trim());
                    self.lines(&indented, TEXT_SIZE, gray(0.0), 0.0);
                }
                self.y += 1.5;
            }
            Block::Note(text) => {
                self.lines(text, 8.5, gray(0.35), 0.0);
                self.y += 1.0;
            }
            Block::Fields(fields) => {
                let size = TEXT_SIZE;
                let lh = line_height(size);
                let label_w = fields
                    .iter()
                    .map(|(l, _)| self.width(&format!("{l}："), size))
                    .fold(0.0, f32::max);
                let value_w = self.text_width() - label_w;
                for (label, value) in fields {
                    let lines = self.wrap(value, size, value_w);
                    for (i, line) in lines.iter().enumerate() {
                        self.ensure(lh);
                        let baseline = self.y + ascent(size);
                        if i == 0 {
                            self.text(
                                MARGIN_SIDE,
                                baseline,
                                size,
                                gray(0.0),
                                &format!("{label}："),
                            );
                        }
                        self.text(MARGIN_SIDE + label_w, baseline, size, gray(0.0), line);
                        self.y += lh;
                    }
                }
                self.y += 1.5;
            }
            Block::Table(table) => self.table(table),
            Block::Signature(lines) => {
                let size = TEXT_SIZE + 0.5;
                let lh = line_height(size) * 1.2;
                self.ensure(lh * lines.len() as f32 + 6.0);
                self.y += 6.0;
                let right = self.page_w - MARGIN_SIDE - 10.0;
                for line in lines {
                    let w = self.width(line, size);
                    let baseline = self.y + ascent(size);
                    self.text(right - w, baseline, size, gray(0.0), line);
                    self.y += lh;
                }
            }
            Block::Space(mm) => self.y += mm,
        }
    }

    /// Wrapped left-aligned lines across the text width (after `indent` mm).
    fn lines(&mut self, text: &str, size: f32, color: Color, indent: f32) {
        let lh = line_height(size);
        let max = self.text_width() - indent;
        for line in self.wrap(text, size, max) {
            self.ensure(lh);
            let baseline = self.y + ascent(size);
            self.text(MARGIN_SIDE + indent, baseline, size, color.clone(), &line);
            self.y += lh;
        }
    }

    fn table(&mut self, table: &Table) {
        let total: f32 = table
            .columns
            .iter()
            .map(|c| c.weight)
            .sum::<f32>()
            .max(f32::EPSILON);
        let widths: Vec<f32> = table
            .columns
            .iter()
            .map(|c| c.weight / total * self.text_width())
            .collect();
        let size = table.size;
        let lh = line_height(size);
        let wrap_cells = |layout: &Self, cells: &[String]| -> Vec<Vec<String>> {
            widths
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let text = cells.get(i).map(String::as_str).unwrap_or("");
                    layout.wrap(text, size, w - 2.0 * CELL_PAD_X)
                })
                .collect()
        };
        let header: Vec<String> = table.columns.iter().map(|c| c.header.clone()).collect();
        let header_lines = wrap_cells(self, &header);
        let header_h =
            header_lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * lh + 2.0 * CELL_PAD_Y;
        let first_h = table
            .rows
            .first()
            .map(|r| {
                wrap_cells(self, &r.cells)
                    .iter()
                    .map(Vec::len)
                    .max()
                    .unwrap_or(1)
            })
            .unwrap_or(1) as f32
            * lh
            + 2.0 * CELL_PAD_Y;
        // The header never stands alone at the foot of a page.
        self.ensure(header_h + first_h.min(self.limit() - MARGIN_TOP - header_h));
        let aligns: Vec<Align> = vec![Align::Center; table.columns.len()];
        self.row(&widths, &aligns, &header_lines, true, size);
        let aligns: Vec<Align> = table.columns.iter().map(|c| c.align).collect();
        for row in &table.rows {
            let mut cells = wrap_cells(self, &row.cells);
            loop {
                let needed = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
                let fits = ((self.limit() - self.y - 2.0 * CELL_PAD_Y) / lh)
                    .floor()
                    .max(0.0) as usize;
                if needed <= fits {
                    self.row(&widths, &aligns, &cells, row.shaded, size);
                    break;
                }
                let fresh = ((self.limit() - MARGIN_TOP - header_h - 2.0 * CELL_PAD_Y) / lh)
                    .floor()
                    .max(1.0) as usize;
                let page_is_fresh = self.y <= MARGIN_TOP + header_h + 0.01;
                if fits == 0 || (needed <= fresh && !page_is_fresh) {
                    self.new_page();
                    self.row(&widths, &aligns, &header_lines, true, size);
                    continue;
                }
                // Taller than a page: set what fits, continue the row on the next page.
                let rest: Vec<Vec<String>> = cells
                    .iter_mut()
                    .map(|c| c.split_off(fits.min(c.len())))
                    .collect();
                self.row(&widths, &aligns, &cells, row.shaded, size);
                cells = rest;
                self.new_page();
                self.row(&widths, &aligns, &header_lines, true, size);
            }
        }
        self.y += 2.0;
    }

    /// One table row at the cursor: ground, cell borders and the lines of every cell.
    fn row(
        &mut self,
        widths: &[f32],
        aligns: &[Align],
        cells: &[Vec<String>],
        shaded: bool,
        size: f32,
    ) {
        let lh = line_height(size);
        let height =
            cells.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * lh + 2.0 * CELL_PAD_Y;
        let top = self.y;
        let mut x = MARGIN_SIDE;
        if shaded {
            self.ops.push(Op::SetFillColor { col: gray(0.9) });
            self.rect(x, top, widths.iter().sum(), height, PaintMode::Fill);
        }
        self.ops.extend([
            Op::SetOutlineColor { col: gray(0.0) },
            Op::SetOutlineThickness { pt: Pt(0.5) },
        ]);
        for (i, w) in widths.iter().enumerate() {
            self.rect(x, top, *w, height, PaintMode::Stroke);
            let align = aligns.get(i).copied().unwrap_or(Align::Left);
            for (n, line) in cells.get(i).into_iter().flatten().enumerate() {
                let baseline = top + CELL_PAD_Y + n as f32 * lh + ascent(size);
                self.aligned(
                    x + CELL_PAD_X,
                    w - 2.0 * CELL_PAD_X,
                    baseline,
                    size,
                    align,
                    line,
                );
            }
            x += w;
        }
        self.y = top + height;
    }
}

/// Renders `doc` as a PDF in `font` (embedded as a subset of the glyphs used).
pub fn render(doc: &Document, font: &CertificateFont) -> anyhow::Result<Vec<u8>> {
    let (page_w, page_h) = match doc.orientation {
        Orientation::Portrait => (210.0, 297.0),
        Orientation::Landscape => (297.0, 210.0),
    };
    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(doc.created.timestamp()) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    info.author = doc.author.clone();
    info.subject = doc.subject.clone();
    info.creator = "cebase".into();
    info.producer = "cebase".into();
    let font_id = pdf.add_font(&font.font);
    let mut layout = Layout {
        font: &font.font,
        font_id,
        page_w,
        page_h,
        pages: Vec::new(),
        ops: Vec::new(),
        y: MARGIN_TOP,
    };
    for block in &doc.blocks {
        layout.block(block);
    }
    layout.new_page();

    // Running header and page numbers, now that the number of pages is known.
    let count = layout.pages.len();
    let pages = std::mem::take(&mut layout.pages);
    let mut finished = Vec::with_capacity(count);
    for (i, body) in pages.into_iter().enumerate() {
        layout.ops = Vec::new();
        let size = 8.0;
        let baseline = MARGIN_TOP - 6.0;
        layout.text(MARGIN_SIDE, baseline, size, gray(0.4), &doc.title);
        let author_w = layout.width(&doc.author, size);
        layout.text(
            page_w - MARGIN_SIDE - author_w,
            baseline,
            size,
            gray(0.4),
            &doc.author,
        );
        layout.hline(MARGIN_SIDE, page_w - MARGIN_SIDE, MARGIN_TOP - 4.5, 0.4);
        let number = format!("第 {} 页 共 {count} 页", i + 1);
        let w = layout.width(&number, 9.0);
        layout.text(
            (page_w - w) / 2.0,
            page_h - MARGIN_BOTTOM + 10.0,
            9.0,
            gray(0.2),
            &number,
        );
        let mut ops = std::mem::take(&mut layout.ops);
        ops.extend(body);
        finished.push(PdfPage::new(Mm(page_w), Mm(page_h), ops));
    }
    let mut warnings = Vec::new();
    let bytes = pdf
        .with_pages(finished)
        .save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.is_empty() {
        bail!("the PDF writer produced no output");
    }
    for w in &warnings {
        tracing::debug!(warning = ?w, "document PDF");
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_layout(check: impl FnOnce(&Layout<'_>)) {
        let settings = crate::config::Settings::default();
        let font =
            CertificateFont::load(&settings.certificate_font, settings.certificate_font_index)
                .expect("the default certificate font is installed (fonts-wqy-microhei)");
        let mut doc = PdfDocument::new("t");
        let font_id = doc.add_font(&font.font);
        let layout = Layout {
            font: &font.font,
            font_id,
            page_w: 210.0,
            page_h: 297.0,
            pages: Vec::new(),
            ops: Vec::new(),
            y: MARGIN_TOP,
        };
        check(&layout);
    }

    #[test]
    fn text_wraps_between_chinese_characters_but_keeps_numbers_and_words_whole() {
        with_layout(|l| {
            let em = l.width("中", 10.0);
            // Four characters per line.
            let lines = l.wrap("继续教育基地培训计划", 10.0, em * 4.2);
            assert_eq!(lines, ["继续教育", "基地培训", "计划"]);
            // A date and an amount are carried over whole, not split at the width.
            let narrow = l.width("2027-05-11 ", 10.0) + em;
            let lines = l.wrap("2027-05-11 至 2027-05-15", 10.0, narrow);
            assert_eq!(lines, ["2027-05-11 至", "2027-05-15"]);
            let max = l.width("Plan filed wi", 10.0);
            let lines = l.wrap("Plan filed with MOHRSS", 10.0, max);
            assert_eq!(lines, ["Plan filed", "with", "MOHRSS"]);
            // Line breaks in the text are kept; an empty line stays a line.
            assert_eq!(l.wrap("一\n\n二", 10.0, 100.0), ["一", "", "二"]);
        });
    }
}
