//! The annual plan as a workbook with Chinese headers (`GET /plans/{id}/plan.xlsx`): the plan's
//! items (计划项目) and the execution summary of year Y−1 (执行情况), written with
//! `rust_xlsxwriter`.

use cebase_domain::plans::{ExecutionRowDto, ExecutionSummaryDto, Plan, PlanItem};

use super::{category_label, class_kind_label};

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

/// The plan as a workbook: its items (计划项目) and the execution summary of year Y−1
/// (执行情况: planned against actual, with the narrative).
pub fn workbook(
    plan: &Plan,
    items: &[PlanItem],
    summary: &ExecutionSummaryDto,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("计划项目")?;
    sheet.write_string_with_format(0, 0, plan.data.title.as_ref(), &bold)?;
    let header = [
        "序号",
        "项目名称",
        "班次类型",
        "类别",
        "培训对象",
        "计划人数",
        "人均学时",
        "计划开始日期",
        "计划结束日期",
        "预算（元）",
        "委托单位",
    ];
    for (c, h) in header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.set_column_width(c, 4.0 + 2.2 * h.chars().count() as f64)?;
        sheet.write_string_with_format(1, c, *h, &bold)?;
    }
    for (r, item) in items.iter().enumerate() {
        let row = u32::try_from(r + 2).unwrap_or(u32::MAX);
        let d = &item.data;
        sheet.write_number(row, 0, (r + 1) as f64)?;
        sheet.write_string(row, 1, d.title.as_ref())?;
        sheet.write_string(row, 2, class_kind_label(d.class_kind))?;
        sheet.write_string(row, 3, category_label(Some(d.category)))?;
        sheet.write_string(row, 4, d.target_audience.as_ref())?;
        sheet.write_number(row, 5, f64::from(d.planned_trainees))?;
        sheet.write_number(row, 6, d.planned_hours.as_hours())?;
        sheet.write_string(row, 7, d.planned_start.to_string())?;
        sheet.write_string(row, 8, d.planned_end.to_string())?;
        sheet.write_number(row, 9, yuan(d.budget.fen()))?;
        if let Some(body) = &d.commissioning_body {
            sheet.write_string(row, 10, body.as_ref())?;
        }
    }
    sheet.set_freeze_panes(2, 0)?;

    let sheet = book.add_worksheet();
    sheet.set_name(format!("{}年度执行情况", summary.summary_year))?;
    let header = [
        "项目",
        "类别",
        "计划班次",
        "实际举办班次",
        "计划人数",
        "结业人数",
        "计划公需科目人学时",
        "实际公需科目人学时",
        "计划专业科目人学时",
        "实际专业科目人学时",
        "预算（元）",
        "实际支出（元）",
        "发放证书数",
    ];
    for (c, h) in header.iter().enumerate() {
        let c = u16::try_from(c).unwrap_or(u16::MAX);
        sheet.set_column_width(c, 4.0 + 2.2 * h.chars().count() as f64)?;
        sheet.write_string_with_format(0, c, *h, &bold)?;
    }
    let rows: Vec<&ExecutionRowDto> = summary
        .items
        .iter()
        .chain([&summary.unplanned, &summary.total])
        .collect();
    for (r, x) in rows.iter().enumerate() {
        let row = u32::try_from(r + 1).unwrap_or(u32::MAX);
        sheet.write_string(row, 0, &x.title)?;
        sheet.write_string(row, 1, category_label(x.category))?;
        sheet.write_number(row, 2, f64::from(x.planned_classes))?;
        sheet.write_number(row, 3, f64::from(x.classes_held))?;
        sheet.write_number(row, 4, f64::from(x.planned_trainees))?;
        sheet.write_number(row, 5, f64::from(x.trainees_completed))?;
        sheet.write_number(row, 6, x.planned_public_required_hours)?;
        sheet.write_number(row, 7, x.public_required_hours)?;
        sheet.write_number(row, 8, x.planned_professional_hours)?;
        sheet.write_number(row, 9, x.professional_hours)?;
        sheet.write_number(row, 10, yuan(x.planned_budget_fen))?;
        match x.spending_fen {
            Some(f) => sheet.write_number(row, 11, yuan(f))?,
            None => sheet.write_string(row, 11, "暂无数据")?,
        };
        match x.certificates_issued {
            Some(n) => sheet.write_number(row, 12, f64::from(n))?,
            None => sheet.write_string(row, 12, "暂无数据")?,
        };
    }
    if let Some(narrative) = &summary.narrative {
        let row = u32::try_from(rows.len() + 2).unwrap_or(u32::MAX);
        sheet.write_string_with_format(row, 0, "执行情况说明", &bold)?;
        sheet.write_string(row + 1, 0, narrative)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save_to_buffer()
}
