//! The printable certificate: one A4 landscape page in the layout of a formal certificate,
//! Chinese text in an embedded CJK font subset, and a QR code to the public verification page.
//!
//! printpdf embeds only the glyphs used (its `text_layout` subsetter), so a page weighs tens of
//! kilobytes although Debian's WenQuanYi Micro Hei collection is about 5 MB.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, bail};
use printpdf::{
    Color, FontId, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, WindingOrder,
};
use qrcode::{EcLevel, QrCode};

use super::CertificateFacts;
use super::vc::{CERTIFICATE_NAME, hours_text};

/// Characters the certificate always prints; a font lacking one of them is refused at start-up.
const REQUIRED_GLYPHS: &str = "专业技术人员继续教育证书编号验证码0123456789ABC";

/// The certificate font, parsed once at start-up; cheap to clone (shared), e.g. into a
/// blocking task rendering a class's PDFs.
#[derive(Clone)]
pub struct CertificateFont {
    path: PathBuf,
    pub(crate) font: Arc<ParsedFont>,
}

impl std::fmt::Debug for CertificateFont {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateFont")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl CertificateFont {
    /// Reads and parses face `index` of the font file at `path` (a `.ttf`/`.otf`, or a
    /// `.ttc` collection), and checks it can print Chinese.
    pub fn load(path: &Path, index: u32) -> anyhow::Result<Self> {
        let bytes = std::fs::read(path).with_context(|| {
            format!(
                "cannot read the certificate font {} (CEBASE_CERTIFICATE_FONT; on Debian \
                 `apt-get install fonts-wqy-microhei`)",
                path.display()
            )
        })?;
        let mut warnings = Vec::new();
        let font =
            ParsedFont::from_bytes(&bytes, index as usize, &mut warnings).with_context(|| {
                format!(
                    "the certificate font {} (face {index}) is not a TrueType/OpenType font \
                     or has no face {index}",
                    path.display()
                )
            })?;
        let missing: String = REQUIRED_GLYPHS
            .chars()
            .filter(|c| font.lookup_glyph_index(u32::from(*c)).is_none())
            .collect();
        if !missing.is_empty() {
            bail!(
                "the certificate font {} (face {index}) cannot print Chinese: no glyphs for {missing}",
                path.display()
            );
        }
        Ok(Self {
            path: path.to_owned(),
            font: Arc::new(font),
        })
    }

    /// Width of `text` at `size` points (advance widths; no kerning, as CJK text has none).
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
        advance / units * size
    }
}

const PAGE_W: f32 = 297.0;
const PAGE_H: f32 = 210.0;

fn pt(mm: f32) -> Pt {
    Mm(mm).into_pt()
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

/// The page's drawing operations, with the font's metrics at hand.
struct Page<'a> {
    font: &'a CertificateFont,
    font_id: FontId,
    ops: Vec<Op>,
}

impl Page<'_> {
    fn text(&mut self, x_mm: f32, y_mm: f32, size: f32, text: &str) {
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(self.font_id.clone()),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point {
                    x: pt(x_mm),
                    y: pt(y_mm),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn centered(&mut self, y_mm: f32, size: f32, text: &str) {
        let width_mm = self.font.width(text, size) * 25.4 / 72.0;
        self.text((PAGE_W - width_mm) / 2.0, y_mm, size, text);
    }

    /// Writes `text` from `x_mm`, wrapping at `max_mm`; returns the y below the last line.
    fn paragraph(&mut self, x_mm: f32, mut y_mm: f32, max_mm: f32, size: f32, text: &str) -> f32 {
        let line_mm = size * 0.3528 * 1.7;
        let mut line = String::new();
        for c in text.chars() {
            let mut candidate = line.clone();
            candidate.push(c);
            if !line.is_empty() && self.font.width(&candidate, size) * 25.4 / 72.0 > max_mm {
                self.text(x_mm, y_mm, size, &line);
                y_mm -= line_mm;
                line = c.to_string();
            } else {
                line = candidate;
            }
        }
        if !line.is_empty() {
            self.text(x_mm, y_mm, size, &line);
            y_mm -= line_mm;
        }
        y_mm
    }

    fn frame(&mut self, inset_mm: f32, thickness: f32) {
        self.ops.extend([
            Op::SetOutlineThickness { pt: Pt(thickness) },
            Op::DrawRectangle {
                rectangle: Rect {
                    x: pt(inset_mm),
                    y: pt(inset_mm),
                    width: pt(PAGE_W - 2.0 * inset_mm),
                    height: pt(PAGE_H - 2.0 * inset_mm),
                    mode: Some(PaintMode::Stroke),
                    winding_order: None,
                },
            },
        ]);
    }

    /// The QR code as filled squares (one polygon, one ring per run of dark modules).
    fn qr(&mut self, data: &str, x_mm: f32, y_mm: f32, size_mm: f32) -> anyhow::Result<()> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .context("the verification URL does not fit in a QR code")?;
        let modules = code.width();
        let colors = code.to_colors();
        // A quiet zone of 4 modules on each side, as the QR standard asks.
        let module_mm = size_mm / (modules as f32 + 8.0);
        let origin_x = x_mm + 4.0 * module_mm;
        let top_y = y_mm + size_mm - 4.0 * module_mm;
        let mut rings = Vec::new();
        for row in 0..modules {
            let mut col = 0;
            while col < modules {
                if colors[row * modules + col] != qrcode::Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < modules && colors[row * modules + col] == qrcode::Color::Dark {
                    col += 1;
                }
                let x0 = origin_x + start as f32 * module_mm;
                let x1 = origin_x + col as f32 * module_mm;
                let y1 = top_y - row as f32 * module_mm;
                let y0 = y1 - module_mm;
                rings.push(PolygonRing {
                    points: [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
                        .into_iter()
                        .map(|(x, y)| LinePoint {
                            p: Point { x: pt(x), y: pt(y) },
                            bezier: false,
                        })
                        .collect(),
                });
            }
        }
        self.ops.extend([
            Op::SetFillColor {
                col: rgb(0.0, 0.0, 0.0),
            },
            Op::DrawPolygon {
                polygon: Polygon {
                    rings,
                    mode: PaintMode::Fill,
                    winding_order: WindingOrder::NonZero,
                },
            },
        ]);
        Ok(())
    }
}

/// Renders the certificate as a one-page PDF.
pub fn render_pdf(facts: &CertificateFacts, font: &CertificateFont) -> anyhow::Result<Vec<u8>> {
    let mut doc = PdfDocument::new(&format!("{CERTIFICATE_NAME} {}", facts.number));
    let info = &mut doc.metadata.info;
    if let Ok(date) = printpdf::OffsetDateTime::from_unix_timestamp(facts.issued_at.timestamp()) {
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
    }
    info.author = facts.issuer_name.clone();
    info.subject = facts.class_title.clone();
    info.creator = "cebase".into();
    info.producer = "cebase".into();
    let font_id = doc.add_font(&font.font);
    let mut page = Page {
        font,
        font_id,
        ops: Vec::new(),
    };
    let red = rgb(0.6, 0.08, 0.08);
    let ink = rgb(0.1, 0.1, 0.1);

    // Border: a heavy outer and a fine inner frame.
    page.ops.push(Op::SetOutlineColor { col: red.clone() });
    page.frame(8.0, 3.0);
    page.frame(12.0, 0.8);

    page.ops.push(Op::SetFillColor { col: red });
    page.centered(172.0, 30.0, CERTIFICATE_NAME);
    page.ops.push(Op::SetFillColor { col: ink.clone() });
    page.centered(
        160.0,
        10.0,
        "Continuing Education Certificate for Professional and Technical Personnel",
    );

    let left = 36.0;
    let width = 225.0;
    let mut y = 132.0;
    y = page.paragraph(
        left,
        y,
        width,
        16.0,
        &format!(
            "兹证明  {}  于 {} 至 {} 参加{}《{}》，完成规定的学习内容，考核合格，准予结业。",
            facts.holder_name,
            chinese_date(facts.start_date),
            chinese_date(facts.end_date),
            facts.class_kind,
            facts.class_title
        ),
    );
    y -= 4.0;
    y = page.paragraph(
        left,
        y,
        width,
        14.0,
        &format!(
            "学时：共 {} 学时（公需科目 {} 学时，专业科目 {} 学时）",
            hours_text(facts.hours_total_tenths),
            hours_text(facts.hours_public_tenths),
            hours_text(facts.hours_professional_tenths)
        ),
    );
    page.paragraph(left, y, width, 14.0, &format!("考核结果：{}", facts.result));

    // Footer: number, code and date on the left; issuer and QR code on the right.
    page.text(left, 52.0, 11.0, &format!("证书编号：{}", facts.number));
    page.text(
        left,
        44.0,
        11.0,
        &format!("验证码：{}", facts.verification_code),
    );
    let issued_local = facts.issued_at + chrono::Duration::hours(8);
    page.text(
        left,
        36.0,
        11.0,
        &format!("发证日期：{}", chinese_date(issued_local.date_naive())),
    );
    page.text(
        left,
        26.0,
        8.0,
        "扫描右侧二维码或访问验证页面，凭证书编号和验证码核验真伪。",
    );

    // The issuer, right-aligned before the QR code; a long name is set smaller to fit.
    let (right, room) = (222.0, 100.0);
    let mut issuer_size = 13.0;
    let mut issuer_w = font.width(&facts.issuer_name, issuer_size) * 25.4 / 72.0;
    if issuer_w > room {
        issuer_size *= room / issuer_w;
        issuer_w = room;
    }
    page.text(right - issuer_w, 44.0, issuer_size, &facts.issuer_name);
    let seal = "（盖章）";
    let seal_w = font.width(seal, 11.0) * 25.4 / 72.0;
    page.text(right - (issuer_w + seal_w) / 2.0, 36.0, 11.0, seal);
    page.qr(&facts.verification_url, 228.0, 22.0, 42.0)?;
    page.text(238.0, 20.0, 8.0, "扫码验证");

    let mut warnings = Vec::new();
    let bytes = doc
        .with_pages(vec![PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), page.ops)])
        .save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.is_empty() {
        bail!("the PDF writer produced no output");
    }
    for w in &warnings {
        tracing::debug!(warning = ?w, "certificate PDF");
    }
    Ok(bytes)
}

fn chinese_date(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_font_is_a_clear_error() {
        let err =
            CertificateFont::load(Path::new("/nonexistent/font.ttc"), 0).expect_err("refused");
        let text = format!("{err:#}");
        assert!(
            text.contains("/nonexistent/font.ttc") && text.contains("CEBASE_CERTIFICATE_FONT"),
            "{text}"
        );
    }

    #[test]
    fn a_file_that_is_no_font_is_refused() {
        let path = std::env::temp_dir().join(format!("cebase-notafont-{}", uuid::Uuid::new_v4()));
        std::fs::write(&path, b"not a font at all").expect("write");
        let err = CertificateFont::load(&path, 0).expect_err("refused");
        assert!(format!("{err:#}").contains("not a TrueType"), "{err:#}");
        std::fs::remove_file(path).ok();
    }

    #[test]
    fn dates_read_in_chinese() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 3, 9).expect("date");
        assert_eq!(chinese_date(d), "2026年3月9日");
    }
}
