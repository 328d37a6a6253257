//! Formal documents for written submissions, printed as PDF in Chinese: the annual plan with
//! the execution summary of the previous year (Art. 8, `plan.rs`) and the class summary report
//! (Art. 18, `class_report.rs`).
//!
//! `layout.rs` is the general renderer: A4 pages, a running header with the document's title and
//! the base's name, tables that repeat their header and break across pages, "第 n 页 共 N 页".
//! It sets everything in the certificate font loaded at start-up
//! (`AppState::certificate_font`), embedded as a subset of the glyphs used, so a document weighs
//! tens of kilobytes. Like `credentials::render_pdf`, rendering is a pure, CPU-bound function of
//! its inputs: handlers call it in `spawn_blocking`.

pub mod class_report;
mod layout;
pub mod plan;
pub mod plan_workbook;

use anyhow::Context;
use cebase_domain::learning::CourseCategory;
use cebase_domain::training::ClassKind;
use chrono::{Datelike, NaiveDate};

pub use layout::{Align, Block, Column, Document, Orientation, Row, Table, render};

use crate::credentials::CertificateFont;

/// The media type of the documents.
pub const PDF: &str = "application/pdf";

/// Renders `doc` on a blocking thread, off the async runtime.
pub async fn render_blocking(doc: Document, font: CertificateFont) -> anyhow::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || render(&doc, &font))
        .await
        .context("the PDF renderer stopped")?
}

/// The class kind as the base writes it (培训班, 研修班, …).
pub fn class_kind_label(kind: ClassKind) -> &'static str {
    match kind {
        ClassKind::TrainingClass => "培训班",
        ClassKind::Seminar => "研修班",
        ClassKind::AdvancedStudy => "进修班",
        ClassKind::MajorProject => "重大专项",
        ClassKind::Exchange => "交流活动",
    }
}

/// 公需科目 or 专业科目 (Art. 4); empty for rows without a category (totals).
pub fn category_label(category: Option<CourseCategory>) -> &'static str {
    match category {
        Some(CourseCategory::PublicRequired) => "公需科目",
        Some(CourseCategory::Professional) => "专业科目",
        None => "",
    }
}

/// `2026年3月9日`.
pub fn chinese_date(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// Fen as yuan with thousands separators: `300,000.00`, `-12.50`.
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let (whole, cents) = (abs / 100, abs % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}{grouped}.{cents:02}")
}

/// A figure with at most `decimals` decimals and no trailing zeros: `2400`, `32.5`.
pub fn figure(value: f64, decimals: usize) -> String {
    // An empty f64 sum is −0.0; a document says 0.
    let value = if value == 0.0 { 0.0 } else { value };
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// What a document prints for a figure the system does not keep yet.
pub const NO_DATA: &str = "暂无数据";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_in_yuan_with_separators() {
        assert_eq!(yuan(30_000_000), "300,000.00");
        assert_eq!(yuan(0), "0.00");
        assert_eq!(yuan(5), "0.05");
        assert_eq!(yuan(123_456_789), "1,234,567.89");
        assert_eq!(yuan(-1250), "-12.50");
    }

    #[test]
    fn figures_drop_trailing_zeros() {
        assert_eq!(figure(2400.0, 1), "2400");
        assert_eq!(figure(32.5, 1), "32.5");
        assert_eq!(figure(87.25, 2), "87.25");
        assert_eq!(figure(100.0, 0), "100");
        assert_eq!(figure(-0.0, 1), "0");
        assert_eq!(figure(std::iter::empty::<f64>().sum(), 1), "0");
    }

    #[test]
    fn dates_read_in_chinese() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 9).expect("date");
        assert_eq!(chinese_date(d), "2026年11月9日");
    }
}
