//! xlsx exports of outcomes, with Chinese headers: `/classes/{id}/results.xlsx` (成绩与结业, every
//! active enrolment × assessment with score and pass, attendance, the completion outcome and
//! its reasons; staff, admin and the class's teachers) and
//! `/people/{id}/learning-records.xlsx` (学习档案: every record's current version, and a second
//! sheet of yearly totals against the annual requirement; readable as the person is).
//!
//! Before a class is completed the outcome columns are the preview of completing it now (as
//! `GET /classes/{id}/completion` shows it), afterwards what completion stored; the last column
//! says which.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, get, web};
use cebase_domain::Problem;
use cebase_domain::class::ClassStatus;
use cebase_domain::learning::{CompletionFailure, CreditTenths, compliance};
use cebase_domain::training::{
    CompletionOutcome, DeliveryForm, EnrolmentEvaluation, EnrolmentStatus, Grading,
    LearningRecordVersion,
};
use cebase_store::listing::{PageRequest, TrainingVisibility, decode_cursor};
use cebase_store::{assessments, completion, enrolments, learning_records};
use uuid::Uuid;

use crate::access;
use crate::app::completion::evaluate;
use crate::auth::AuthUser;
use crate::error::ApiError;
use crate::routes::imports::{FileBody, xlsx_file};
use crate::spreadsheet::{self, Cell, SheetSpec};
use crate::state::AppState;

/// Why an enrolment did not complete, as the sheet says it.
fn failure_text(f: &CompletionFailure) -> String {
    match f {
        CompletionFailure::Attendance {
            attended,
            sessions,
            required_percent,
        } => format!("出勤不足：出勤 {attended}/{sessions} 次，要求不低于 {required_percent}%"),
        CompletionFailure::AssessmentNotPassed => "考核未通过".to_owned(),
        CompletionFailure::AssessmentMissing => "缺少考核成绩".to_owned(),
    }
}

fn passed_text(passed: bool) -> &'static str {
    if passed { "通过" } else { "未通过" }
}

fn form_text(form: DeliveryForm) -> &'static str {
    match form {
        DeliveryForm::FaceToFace => "面授",
        DeliveryForm::Online => "网络",
        DeliveryForm::Blended => "混合",
    }
}

fn serial(n: usize) -> Cell {
    Cell::from(u32::try_from(n + 1).unwrap_or(u32::MAX))
}

fn hours(t: CreditTenths) -> Cell {
    Cell::Number(t.as_hours())
}

/// The results of a class (成绩与结业): one row per active enrolment in enrolment order; per
/// assessment its score (scored assessments) and 通过/未通过 (blank without a result); the
/// sessions attended of those scheduled; 结业/未结业 with every unmet rule; and whether the
/// outcome is stored (class completed) or a preview.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the results (成绩与结业)"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: trainees, organisation contacts, finance, reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a class outside the caller's scope, e.g. another teacher's)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/classes/{id}/results.xlsx")]
pub async fn results_xlsx(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let (class, caller) = access::visible_class(&state.db, &auth, id.into_inner()).await?;
    access::require_class_export(&state.db, &auth, &caller, class.id).await?;
    let active: Vec<_> = enrolments::in_class(&state.db, class.id, TrainingVisibility::All)
        .await?
        .into_iter()
        .filter(|e| e.status == EnrolmentStatus::Enrolled)
        .collect();
    let stored = matches!(class.status, ClassStatus::Completed | ClassStatus::Reported);
    let evaluations: Vec<EnrolmentEvaluation> = if stored {
        completion::stored(&state.db, class.id, &active)
            .await?
            .into_iter()
            .map(|s| s.evaluation)
            .collect()
    } else {
        evaluate(&state.db, &class, &active).await?
    };
    let class_assessments = assessments::of_class(&state.db, class.id).await?;
    let results = assessments::results_of_class(&state.db, class.id).await?;

    let titles: Vec<String> = class_assessments
        .iter()
        .flat_map(|a| {
            let title = a.data.title.as_ref();
            [format!("{title} 成绩"), format!("{title} 是否通过")]
        })
        .collect();
    let mut header = vec!["序号", "姓名"];
    header.extend(titles.iter().map(String::as_str));
    header.extend([
        "出勤次数",
        "应出勤次数",
        "结业结果",
        "未结业原因",
        "结果状态",
    ]);

    let rows: Vec<Vec<Cell>> = evaluations
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let mut row = vec![serial(n), Cell::from(e.person_name.as_str())];
            for a in &class_assessments {
                match results.get(&(a.id, e.enrolment_id)) {
                    Some(value) => {
                        row.push(match (a.data.grading, value.score) {
                            (Grading::Scored { .. }, Some(score)) => {
                                Cell::Number(score.as_points())
                            }
                            _ => Cell::Empty,
                        });
                        row.push(Cell::from(passed_text(value.passed)));
                    }
                    None => row.extend([Cell::Empty, Cell::Empty]),
                }
            }
            row.push(Cell::from(e.attended));
            row.push(Cell::from(e.sessions));
            row.push(Cell::from(match e.outcome {
                CompletionOutcome::Completed => "结业",
                CompletionOutcome::NotCompleted => "未结业",
            }));
            row.push(Cell::from(
                e.failures
                    .iter()
                    .map(failure_text)
                    .collect::<Vec<_>>()
                    .join("；"),
            ));
            row.push(Cell::from(if stored {
                "已结业评定"
            } else {
                "预览（尚未结业）"
            }));
            row
        })
        .collect();
    let bytes = spreadsheet::workbook("成绩与结业", &header, &rows)?;
    Ok(xlsx_file(
        &format!("class-{}-results.xlsx", class.id),
        bytes,
    ))
}

/// Every current version of a person's records, in the order they were written.
async fn all_records(
    state: &AppState,
    person_id: Uuid,
) -> Result<Vec<LearningRecordVersion>, ApiError> {
    let mut out = Vec::new();
    let mut after = None;
    loop {
        let page = PageRequest {
            limit: 200,
            after,
            updated_since: None,
        };
        let (items, next) = learning_records::of_person(&state.db, person_id, &page).await?;
        out.extend(items);
        match next.as_deref().and_then(decode_cursor) {
            Some(id) => after = Some(id),
            None => return Ok(out),
        }
    }
}

/// A person's learning record (学习档案, Art. 6) as xlsx. Sheet 学习档案: every record's current
/// version in the order written — year, class, form, content, public-required, professional and
/// total hours, result, certificate number, version and the reason of the latest correction.
/// Sheet 年度汇总: per year the hours by category, the annual requirement and shortfalls
/// (MOHRSS Decree No. 25, as configured) and whether it is met. Readable as the person is:
/// staff and admin, a contact of the person's employer, the person themselves.
#[utoipa::path(tag = "exports", security(("bearer" = [])), params(("id" = Uuid, Path)), responses(
    (status = 200, body = FileBody, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the learning record (学习档案) with yearly totals"),
    (status = 401, description = "unauthenticated", body = Problem, content_type = "application/problem+json"),
    (status = 403, description = "forbidden: finance and reviewers", body = Problem, content_type = "application/problem+json"),
    (status = 404, description = "not_found (also a person outside the caller's scope)", body = Problem, content_type = "application/problem+json"),
))]
#[get("/people/{id}/learning-records.xlsx")]
pub async fn learning_records_xlsx(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> Result<HttpResponse, ApiError> {
    let person = access::visible_person(&state.db, &auth, id.into_inner()).await?;
    let records = all_records(&state, person.id).await?;
    let name = person.data.name.as_ref();

    let header = [
        "序号",
        "姓名",
        "年度",
        "培训班",
        "培训形式",
        "培训内容",
        "公需科目学时",
        "专业科目学时",
        "合计学时",
        "考试考核结果",
        "证书编号",
        "版本",
        "更正原因",
    ];
    let text = |t: Option<&cebase_domain::validation::Text>| {
        t.map_or(Cell::Empty, |t| Cell::from(t.as_ref()))
    };
    let rows: Vec<Vec<Cell>> = records
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let c = &r.content;
            vec![
                serial(n),
                Cell::from(name),
                Cell::Number(f64::from(c.year)),
                Cell::from(r.class_title.as_str()),
                Cell::from(form_text(c.form)),
                Cell::from(c.content.as_ref()),
                hours(c.public_required),
                hours(c.professional),
                hours(c.public_required + c.professional),
                text(c.assessment_result.as_ref()),
                text(c.certificate_number.as_ref()),
                Cell::Number(f64::from(r.version)),
                text(r.reason.as_ref()),
            ]
        })
        .collect();

    let mut years: BTreeMap<i32, (CreditTenths, CreditTenths)> = BTreeMap::new();
    for r in &records {
        let entry = years.entry(r.content.year).or_default();
        entry.0 = entry.0 + r.content.public_required;
        entry.1 = entry.1 + r.content.professional;
    }
    let rules = state.settings.compliance;
    let totals_header = [
        "年度",
        "公需科目学时",
        "专业科目学时",
        "合计学时",
        "应修学时",
        "专业科目应修学时",
        "合计差额",
        "专业科目差额",
        "是否达标",
    ];
    let totals: Vec<Vec<Cell>> = years
        .iter()
        .map(|(year, (public, professional))| {
            let c = compliance(rules, *public, *professional);
            vec![
                Cell::Number(f64::from(*year)),
                hours(c.public_required),
                hours(c.professional),
                hours(c.total),
                hours(rules.annual_hours),
                hours(rules.required_professional()),
                hours(c.total_shortfall),
                hours(c.professional_shortfall),
                Cell::from(if c.compliant { "达标" } else { "未达标" }),
            ]
        })
        .collect();
    let bytes = spreadsheet::workbook_sheets(&[
        SheetSpec {
            name: "学习档案",
            header: &header,
            rows: &rows,
        },
        SheetSpec {
            name: "年度汇总",
            header: &totals_header,
            rows: &totals,
        },
    ])?;
    Ok(xlsx_file(
        &format!("person-{}-learning-records.xlsx", person.id),
        bytes,
    ))
}
