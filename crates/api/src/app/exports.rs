//! xlsx exports of a class with Chinese headers: the roster (报名名单) and the attendance sheet
//! (考勤表). Staff, admin and the class's teachers (`cebase_domain::access::Operation::ExportClass`).
//!
//! The roster follows the identity-document rule of single reads: staff and admin get the full
//! number (the base needs it for registration and certificates), teachers the masked one — and
//! teachers get no phone numbers or e-mail addresses, which the people directory does not show
//! them either.

use std::collections::HashMap;

use cebase_domain::imports::ChineseLabel;
use cebase_domain::master::{IdVisibility, Person};
use cebase_domain::training::{AttendanceStatus, EnrolmentStatus, TrainingClass};
use cebase_store::listing::TrainingVisibility;
use cebase_store::{enrolments, organisations, people};
use chrono::{DateTime, FixedOffset, Utc};
use uuid::Uuid;

use super::Ctx;
use super::attendance::grid;
use crate::access;
use crate::error::ApiError;
use crate::spreadsheet::{self, Cell};

/// Class `id` if the caller may export it: 404 outside their scope, 403 for roles that see the
/// class but may not export it.
async fn exportable(ctx: &Ctx, id: Uuid) -> Result<TrainingClass, ApiError> {
    let (class, caller) = access::visible_class(ctx.db(), &ctx.caller, id).await?;
    access::require_class_export(ctx.db(), &ctx.caller, &caller, class.id).await?;
    Ok(class)
}

/// Local time of the base (Asia/Shanghai, UTC+8 all year), as printed.
fn local(t: DateTime<Utc>) -> String {
    const FORMAT: &str = "%Y-%m-%d %H:%M";
    match FixedOffset::east_opt(8 * 3600) {
        Some(offset) => t.with_timezone(&offset).format(FORMAT).to_string(),
        None => t.format(FORMAT).to_string(),
    }
}

/// A safe file name part for a class (its id; titles may hold anything).
fn file_name(class: &TrainingClass, what: &str) -> String {
    format!("class-{}-{what}.xlsx", class.id)
}

/// The class's roster (报名名单) as an xlsx workbook: its file name and bytes.
pub async fn roster(ctx: &Ctx, id: Uuid) -> Result<(String, Vec<u8>), ApiError> {
    let class = exportable(ctx, id).await?;
    let rows = enrolments::in_class(ctx.db(), class.id, TrainingVisibility::All).await?;
    let ids: Vec<Uuid> = rows.iter().map(|e| e.person_id).collect();
    let mut found: HashMap<Uuid, Person> = HashMap::new();
    for chunk in ids.chunks(people::INSERT_BATCH) {
        found.extend(people::find_many(ctx.db(), chunk).await?);
    }
    let employers =
        organisations::names(ctx.db(), found.values().filter_map(|p| p.data.employer_id)).await?;
    let full = access::id_visibility(&ctx.caller) == IdVisibility::Full;
    let mut header = vec![
        "序号",
        "姓名",
        "证件类型",
        "证件号码",
        "工作单位",
        "职称",
        "职称级别",
        "专业领域",
        "最高学历",
    ];
    if full {
        header.extend(["手机", "邮箱"]);
    }
    header.extend(["报名状态", "报名时间"]);
    let text = |v: Option<&str>| v.map_or(Cell::Empty, Cell::from);
    let mut out = Vec::with_capacity(rows.len());
    for (n, e) in rows.iter().enumerate() {
        let p = found.get(&e.person_id).ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!("enrolment {} without its person", e.id))
        })?;
        let d = &p.data;
        let mut row = vec![
            Cell::from(u32::try_from(n + 1).unwrap_or(u32::MAX)),
            Cell::from(d.name.as_ref()),
            Cell::from(d.document.kind().label()),
            Cell::from(if full {
                d.document.number().to_owned()
            } else {
                d.document.masked()
            }),
            text(
                d.employer_id
                    .and_then(|o| employers.get(&o))
                    .map(String::as_str),
            ),
            text(d.title.as_ref().map(AsRef::as_ref)),
            Cell::from(d.title_level.label()),
            text(d.field.as_ref().map(AsRef::as_ref)),
            Cell::from(d.degree.label()),
        ];
        if full {
            row.push(text(d.phone.as_ref().map(AsRef::as_ref)));
            row.push(text(d.email.as_ref().map(AsRef::as_ref)));
        }
        row.push(Cell::from(match e.status {
            EnrolmentStatus::Enrolled => "已报名",
            EnrolmentStatus::Withdrawn => "已退出",
        }));
        row.push(Cell::from(local(e.enrolled_at)));
        out.push(row);
    }
    let bytes = spreadsheet::workbook("报名名单", &header, &out)?;
    Ok((file_name(&class, "roster"), bytes))
}

/// The class's attendance sheet (考勤表) as an xlsx workbook: its file name and bytes.
pub async fn attendance(ctx: &Ctx, id: Uuid) -> Result<(String, Vec<u8>), ApiError> {
    let class = exportable(ctx, id).await?;
    let sheet = grid(ctx.db(), class.id, TrainingVisibility::All).await?;
    let columns: Vec<String> = sheet
        .sessions
        .iter()
        .map(|s| {
            format!(
                "{} {} {}",
                s.date.format("%m-%d"),
                s.start_time.format("%H:%M"),
                s.course_title
            )
        })
        .collect();
    let mut header = vec!["序号", "姓名"];
    header.extend(columns.iter().map(String::as_str));
    header.push("出勤次数");
    let rows: Vec<Vec<Cell>> = sheet
        .rows
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let mut row = vec![
                Cell::from(u32::try_from(n + 1).unwrap_or(u32::MAX)),
                Cell::from(r.person_name.as_str()),
            ];
            row.extend(r.marks.iter().map(|m| match m {
                Some(AttendanceStatus::Present) => Cell::from("出勤"),
                Some(AttendanceStatus::Absent) => Cell::from("缺勤"),
                Some(AttendanceStatus::Excused) => Cell::from("请假"),
                None => Cell::Empty,
            }));
            row.push(Cell::from(r.attended));
            row
        })
        .collect();
    let bytes = spreadsheet::workbook("考勤表", &header, &rows)?;
    Ok((file_name(&class, "attendance"), bytes))
}
