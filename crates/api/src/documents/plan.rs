//! The annual plan as a formal document (Art. 8): the plan of year Y with every item, and the
//! execution summary of Y−1 — planned against actual per item and in total, computed from the
//! classes actually run — with its narrative, for the written submission to MIIT and MOHRSS.

use cebase_domain::learning::CourseCategory;
use cebase_domain::plans::{ExecutionRowDto, ExecutionSummaryDto, Plan, PlanItem, PlanStatus};
use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{
    Align, Block, Column, Document, NO_DATA, Orientation, Row, Table, category_label, chinese_date,
    class_kind_label, figure, yuan,
};

/// The plan's state as the document names it.
pub fn status_label(status: PlanStatus) -> &'static str {
    match status {
        PlanStatus::Draft => "草稿",
        PlanStatus::SubmittedToMiit => "已报工业和信息化部",
        PlanStatus::ApprovedByMiit => "工业和信息化部已审核",
        PlanStatus::SubmittedToMohrss => "已报人力资源社会保障部",
        PlanStatus::Filed => "已备案",
        PlanStatus::Returned => "已退回",
    }
}

/// The file name of the download: `2027年度培训计划.pdf`.
pub fn file_name(plan: &Plan, extension: &str) -> String {
    format!("{}年度培训计划.{extension}", plan.data.year)
}

/// A planned period within the plan's year: `5月11日至5月15日`.
fn period(start: NaiveDate, end: NaiveDate) -> String {
    format!(
        "{}月{}日至{}月{}日",
        start.month(),
        start.day(),
        end.month(),
        end.day()
    )
}

fn items_table(items: &[PlanItem]) -> Table {
    let columns = vec![
        Column::new("序号", 3.5, Align::Center),
        Column::new("项目名称", 18.0, Align::Left),
        Column::new("班次类型", 6.0, Align::Center),
        Column::new("类别", 6.0, Align::Center),
        Column::new("培训对象", 17.0, Align::Left),
        Column::new("计划人数", 6.0, Align::Right),
        Column::new("人均学时", 6.0, Align::Right),
        Column::new("计划时间", 11.5, Align::Center),
        Column::new("预算（元）", 10.0, Align::Right),
        Column::new("委托单位", 13.0, Align::Left),
    ];
    let mut rows: Vec<Row> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let d = &item.data;
            Row::plain(vec![
                (i + 1).to_string(),
                d.title.as_ref().to_owned(),
                class_kind_label(d.class_kind).to_owned(),
                category_label(Some(d.category)).to_owned(),
                d.target_audience.as_ref().to_owned(),
                d.planned_trainees.to_string(),
                figure(d.planned_hours.as_hours(), 1),
                period(d.planned_start, d.planned_end),
                yuan(d.budget.fen()),
                d.commissioning_body
                    .as_ref()
                    .map(|b| b.as_ref().to_owned())
                    .unwrap_or_default(),
            ])
        })
        .collect();
    let trainees: u64 = items
        .iter()
        .map(|i| u64::from(i.data.planned_trainees))
        .sum();
    let budget: i64 = items.iter().map(|i| i.data.budget.fen()).sum();
    rows.push(Row::shaded(vec![
        String::new(),
        format!("合计（{} 个项目）", items.len()),
        String::new(),
        String::new(),
        String::new(),
        trainees.to_string(),
        String::new(),
        String::new(),
        yuan(budget),
        String::new(),
    ]));
    Table {
        columns,
        rows,
        size: 8.5,
    }
}

fn or_no_data<T>(value: Option<T>, show: impl Fn(T) -> String) -> String {
    value.map(show).unwrap_or_else(|| NO_DATA.to_owned())
}

fn execution_table(summary: &ExecutionSummaryDto) -> Table {
    let columns = vec![
        // Weights in millimetres of the landscape page's 257 mm; headers break where they read
        // well rather than wherever the width runs out.
        Column::new("项目", 44.0, Align::Left),
        Column::new("类别", 15.5, Align::Center),
        Column::new("计划班次", 17.95, Align::Right),
        Column::new("实际举办\n班次", 17.95, Align::Right),
        Column::new("计划人数", 17.95, Align::Right),
        Column::new("结业人数", 17.95, Align::Right),
        Column::new("计划公需\n科目人学时", 17.95, Align::Right),
        Column::new("实际公需\n科目人学时", 17.95, Align::Right),
        Column::new("计划专业\n科目人学时", 17.95, Align::Right),
        Column::new("实际专业\n科目人学时", 17.95, Align::Right),
        Column::new("预算（元）", 17.95, Align::Right),
        Column::new("实际支出\n（元）", 17.95, Align::Right),
        Column::new("发放证书数", 17.95, Align::Right),
    ];
    let cells = |x: &ExecutionRowDto| {
        vec![
            x.title.clone(),
            category_label(x.category).to_owned(),
            x.planned_classes.to_string(),
            x.classes_held.to_string(),
            x.planned_trainees.to_string(),
            x.trainees_completed.to_string(),
            figure(x.planned_public_required_hours, 1),
            figure(x.public_required_hours, 1),
            figure(x.planned_professional_hours, 1),
            figure(x.professional_hours, 1),
            yuan(x.planned_budget_fen),
            or_no_data(x.spending_fen, yuan),
            or_no_data(x.certificates_issued, |n| n.to_string()),
        ]
    };
    let mut rows: Vec<Row> = summary.items.iter().map(|x| Row::plain(cells(x))).collect();
    rows.push(Row::plain(cells(&summary.unplanned)));
    rows.push(Row::shaded(cells(&summary.total)));
    Table {
        columns,
        rows,
        size: 8.5,
    }
}

/// Planned person-hours of `items` in `category` (trainees × hours per trainee).
fn planned_person_hours(items: &[PlanItem], category: CourseCategory) -> f64 {
    items
        .iter()
        .filter(|i| i.data.category == category)
        .map(|i| f64::from(i.data.planned_trainees) * i.data.planned_hours.as_hours())
        .sum()
}

/// The plan of year Y and the execution summary of Y−1 as a landscape A4 document, issued by
/// `issuer` (the base) on `now`.
pub fn document(
    plan: &Plan,
    items: &[PlanItem],
    summary: &ExecutionSummaryDto,
    issuer: &str,
    now: DateTime<Utc>,
) -> Document {
    let year = plan.data.year;
    let previous = summary.summary_year;
    let today = cebase_domain::plans::shanghai_date(now);
    let title = plan.data.title.as_ref().to_owned();
    let mut blocks = vec![
        Block::Title(title.clone()),
        Block::Subtitle(format!(
            "（{year}年度培训计划及{previous}年度计划执行情况）"
        )),
        Block::Fields(vec![
            ("报送单位".into(), issuer.to_owned()),
            ("计划年度".into(), format!("{year}年")),
            (
                "计划状态".into(),
                format!("{}（第 {} 版）", status_label(plan.status), plan.revision),
            ),
            (
                "报送机关".into(),
                "工业和信息化部、人力资源社会保障部".into(),
            ),
            ("编制日期".into(), chinese_date(today)),
        ]),
        Block::Heading(format!("一、{year}年度培训项目")),
    ];
    if items.is_empty() {
        blocks.push(Block::Paragraph("本计划尚未列入项目。".into()));
    } else {
        blocks.push(Block::Table(items_table(items)));
        blocks.push(Block::Note(format!(
            "计划人学时（计划人数 × 人均学时）：公需科目 {}，专业科目 {}。预算以元为单位。",
            figure(
                planned_person_hours(items, CourseCategory::PublicRequired),
                1
            ),
            figure(planned_person_hours(items, CourseCategory::Professional), 1),
        )));
    }
    blocks.push(Block::Heading(format!("二、{previous}年度计划执行情况")));
    if summary.previous_plan_id.is_none() {
        blocks.push(Block::Paragraph(format!(
            "{previous}年度没有年度计划，下表仅统计该年度实际举办的培训班（计划外）。"
        )));
    }
    blocks.push(Block::Table(execution_table(summary)));
    blocks.push(Block::Note(format!(
        "实际数据根据{previous}年度已结业或已报告的培训班计算：结业人数为结业评定为结业的学员，人学时取自学习档案；“{NO_DATA}”表示系统尚未记录该项。"
    )));
    blocks.push(Block::Heading("三、执行情况说明".into()));
    blocks.push(Block::Paragraph(
        summary
            .narrative
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "（未填写）".into()),
    ));
    blocks.push(Block::Signature(vec![
        issuer.to_owned(),
        chinese_date(today),
    ]));
    Document {
        title,
        author: issuer.to_owned(),
        subject: format!("{year}年度培训计划及{previous}年度计划执行情况"),
        created: now,
        orientation: Orientation::Landscape,
        blocks,
    }
}
