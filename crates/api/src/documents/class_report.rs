//! The class summary report as a formal document (Art. 18): the class, the report's state and
//! due date, the computed figures (frozen at the latest submission, or a draft's figures as they
//! would be frozen now) and the narrative — analysis, lessons, improvements.

use cebase_domain::reports::{ClassReportDto, ReportFiguresDto, ReportStatus};
use cebase_domain::training::TrainingClass;
use chrono::{DateTime, Utc};

use super::{
    Align, Block, Column, Document, NO_DATA, Orientation, Row, Table, chinese_date,
    class_kind_label, figure, yuan,
};

/// The report's state as the document names it.
pub fn status_label(status: ReportStatus) -> &'static str {
    match status {
        ReportStatus::Draft => "草稿",
        ReportStatus::Submitted => "已报送",
        ReportStatus::Filed => "已备案",
        ReportStatus::Returned => "已退回",
    }
}

/// The file name of the download: `培训班总结报告-{class title}.pdf`, the title reduced to
/// characters that are safe in a file name.
pub fn file_name(report: &ClassReportDto) -> String {
    let title: String = report
        .class_title
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .take(60)
        .collect();
    format!("培训班总结报告-{}.pdf", title.trim())
}

fn percent(value: Option<f64>) -> String {
    value
        .map(|v| format!("{}%", figure(v, 1)))
        .unwrap_or_else(|| "—".into())
}

fn figures_table(f: &ReportFiguresDto) -> Table {
    let mut rows: Vec<(String, String)> = [
        ("报名人数", f.enrolled.to_string()),
        ("结业人数", f.completed.to_string()),
        ("结业率", percent(f.completion_rate_percent)),
        ("考核通过人数", f.passed.to_string()),
        ("考核通过率", percent(f.pass_rate_percent)),
        ("出勤率", percent(f.attendance_rate_percent)),
        (
            "平均成绩",
            f.average_score
                .map(|s| figure(s, 1))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            "发放证书数",
            f.certificates_issued
                .map(|n| n.to_string())
                .unwrap_or_else(|| NO_DATA.into()),
        ),
        (
            "培训收入（元）",
            f.income_fen.map(yuan).unwrap_or_else(|| NO_DATA.into()),
        ),
        (
            "培训支出（元）",
            f.spending_fen.map(yuan).unwrap_or_else(|| NO_DATA.into()),
        ),
    ]
    .into_iter()
    .map(|(label, value)| (label.to_owned(), value))
    .collect();
    match &f.evaluation {
        Some(e) => {
            rows.push(("评价问卷份数".into(), e.responses.to_string()));
            rows.push((
                "总体评价平均分（满分5分）".into(),
                e.overall_average
                    .map(|a| figure(a, 2))
                    .unwrap_or_else(|| "—".into()),
            ));
            for item in &e.items {
                let value = item
                    .average
                    .map(|a| figure(a, 2))
                    .unwrap_or_else(|| "—".into());
                rows.push((format!("评价：{}", item.label), value));
            }
        }
        None => rows.push(("评价问卷份数".into(), "0".into())),
    }
    Table {
        columns: vec![
            Column::new("指标", 3.0, Align::Left),
            Column::new("数值", 2.0, Align::Right),
        ],
        rows: rows
            .into_iter()
            .map(|(label, value)| Row::plain(vec![label, value]))
            .collect(),
        size: 10.0,
    }
}

/// The report of `class` as a portrait A4 document, issued by `issuer` (the base) on `now`.
pub fn document(
    report: &ClassReportDto,
    class: &TrainingClass,
    issuer: &str,
    now: DateTime<Utc>,
) -> Document {
    let today = cebase_domain::plans::shanghai_date(now);
    let mut blocks = vec![
        Block::Title("培训班总结报告".into()),
        Block::Subtitle(report.class_title.clone()),
        Block::Fields(vec![
            ("填报单位".into(), issuer.to_owned()),
            ("培训班".into(), report.class_title.clone()),
            (
                "班次类型".into(),
                class_kind_label(class.data.kind).to_owned(),
            ),
            (
                "培训时间".into(),
                format!(
                    "{} 至 {}",
                    chinese_date(class.data.start_date),
                    chinese_date(class.data.end_date)
                ),
            ),
            ("报送机关".into(), "省人力资源社会保障厅".into()),
            ("报告状态".into(), status_label(report.status).to_owned()),
            ("报送截止日期".into(), chinese_date(report.due.due_date)),
        ]),
        Block::Heading("一、主要数据".into()),
    ];
    let (figures, note) = match (&report.figures, &report.preview_figures) {
        (Some(f), _) => (
            Some(f),
            format!(
                "以上数据于 {} 提交时根据系统记录计算并固定。",
                chinese_date(cebase_domain::plans::shanghai_date(f.computed_at))
            ),
        ),
        (None, Some(f)) => (
            Some(f),
            "报告尚未提交：以上数据按当前记录计算，提交时固定。".to_owned(),
        ),
        (None, None) => (None, String::new()),
    };
    match figures {
        Some(f) => {
            blocks.push(Block::Table(figures_table(f)));
            blocks.push(Block::Note(format!(
                "{note}“{NO_DATA}”表示系统尚未记录该项；“—”表示无可计算的数据。"
            )));
        }
        None => blocks.push(Block::Paragraph("暂无数据。".into())),
    }
    let text = |t: &Option<String>| {
        t.clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| "（未填写）".into())
    };
    blocks.extend([
        Block::Heading("二、培训情况分析".into()),
        Block::Paragraph(text(&report.analysis)),
        Block::Heading("三、经验与体会".into()),
        Block::Paragraph(text(&report.lessons)),
        Block::Heading("四、改进措施".into()),
        Block::Paragraph(text(&report.improvements)),
        Block::Signature(vec![issuer.to_owned(), chinese_date(today)]),
    ]);
    Document {
        title: format!("培训班总结报告：{}", report.class_title),
        author: issuer.to_owned(),
        subject: report.class_title.clone(),
        created: now,
        orientation: Orientation::Portrait,
        blocks,
    }
}
