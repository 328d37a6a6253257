//! xlsx exports of outcomes: a class's results (every active enrolment × assessment, attendance,
//! completion outcome with reasons; a preview before completion, the stored outcome after) and a
//! person's learning record with yearly totals. The files are read back with calamine and
//! checked against what the test recorded.

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use cebase_domain::dto::Page;
use cebase_domain::training::{AssessmentDto, LearningRecordDto, ResultsDto};
use cebase_tests::{TestApp, TrainedClass, XLSX, expect_json, expect_problem};
use serde_json::json;

/// Every worksheet of an xlsx answer (name and text rows), checking the content type.
async fn workbook(res: reqwest::Response) -> Vec<(String, Vec<Vec<String>>)> {
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some(XLSX)
    );
    let bytes = res.bytes().await.expect("body").to_vec();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    book.worksheets()
        .into_iter()
        .map(|(name, range)| {
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

#[tokio::test]
async fn results_show_every_enrolment_and_assessment_with_the_outcome_and_its_reasons() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    // A second, pass/fail assessment besides the fixture's scored exam.
    let practical: AssessmentDto = app
        .create(
            &f.staff,
            &format!("classes/{}/assessments", f.class.id),
            &json!({"title": "实践考核", "kind": "assessment", "scoring": "pass_fail"}),
        )
        .await;
    f.run(&app, &admin).await;
    let e: Vec<_> = f.enrolments.iter().map(|e| e.id).collect();
    expect_json::<ResultsDto>(
        app.put(
            &format!("/api/v1/assessments/{}/results", practical.id),
            &f.teacher,
            &json!({"results": [
                {"enrolment_id": e[0], "passed": true},
                {"enrolment_id": e[1], "passed": true},
                {"enrolment_id": e[2], "passed": false},
            ]}),
        )
        .await,
        200,
    )
    .await;

    let path = format!("/api/v1/classes/{}/results.xlsx", f.class.id);
    let expected = |state: &str| {
        vec![
            row(&[
                "序号",
                "姓名",
                "结业考试 成绩",
                "结业考试 是否通过",
                "实践考核 成绩",
                "实践考核 是否通过",
                "出勤次数",
                "应出勤次数",
                "结业结果",
                "未结业原因",
                "结果状态",
            ]),
            row(&[
                "1", "学员1", "86.5", "通过", "", "通过", "5", "5", "结业", "", state,
            ]),
            row(&[
                "2",
                "学员2",
                "70",
                "通过",
                "",
                "通过",
                "3",
                "5",
                "未结业",
                "出勤不足：出勤 3/5 次，要求不低于 80%",
                state,
            ]),
            row(&[
                "3",
                "学员3",
                "55",
                "未通过",
                "",
                "未通过",
                "4",
                "5",
                "未结业",
                "考核未通过",
                state,
            ]),
            row(&[
                "4",
                "学员4",
                "",
                "",
                "",
                "",
                "5",
                "5",
                "未结业",
                "缺少考核成绩",
                state,
            ]),
        ]
    };
    let sheets = workbook(app.get(&path, &f.teacher).await).await;
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].0, "成绩与结业");
    assert_eq!(
        sheets[0].1,
        expected("预览（尚未结业）"),
        "withdrawn enrolment left out"
    );

    app.transition(&f.staff, f.class.id, "complete").await;
    let sheets = workbook(app.get(&path, &f.staff).await).await;
    assert_eq!(sheets[0].1, expected("已结业评定"));

    // Staff and the class's teachers only.
    expect_problem(app.get(&path, &f.other_teacher).await, 404, "not_found").await;
    expect_problem(app.get(&path, &f.trainee).await, 403, "forbidden").await;
    expect_problem(app.get(&path, &f.contact_a).await, 403, "forbidden").await;
}

#[tokio::test]
async fn the_learning_record_lists_current_versions_and_yearly_totals() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    f.run(&app, &admin).await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let person = f.enrolments[0].person_id;
    let records: Page<LearningRecordDto> = expect_json(
        app.get(&format!("/api/v1/people/{person}/learning-records"), &admin)
            .await,
        200,
    )
    .await;
    let record = records.items.into_iter().next().expect("a record");
    let path = format!("/api/v1/people/{person}/learning-records.xlsx");

    // Version 1: 30 public-required + 60 professional hours in 2026, compliant.
    let sheets = workbook(app.get(&path, &f.trainee).await).await;
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["学习档案", "年度汇总"]);
    let records_sheet = &sheets[0].1;
    assert_eq!(records_sheet.len(), 2);
    assert_eq!(
        records_sheet[0][..10],
        row(&[
            "序号",
            "姓名",
            "年度",
            "培训班",
            "培训形式",
            "培训内容",
            "公需科目学时",
            "专业科目学时",
            "合计学时",
            "考试考核结果"
        ])[..]
    );
    let result = record.assessment_result.clone().expect("the exam result");
    assert!(result.contains("86.5"), "{result}");
    assert_eq!(
        records_sheet[1],
        row(&[
            "1",
            "学员1",
            "2026",
            "人工智能高级研修班",
            "面授",
            record.content.as_str(),
            "30",
            "60",
            "90",
            result.as_str(),
            "",
            "1",
            ""
        ])
    );
    assert_eq!(
        sheets[1].1,
        vec![
            row(&[
                "年度",
                "公需科目学时",
                "专业科目学时",
                "合计学时",
                "应修学时",
                "专业科目应修学时",
                "合计差额",
                "专业科目差额",
                "是否达标"
            ]),
            row(&["2026", "30", "60", "90", "90", "60", "0", "0", "达标"]),
        ]
    );

    // A correction to 40 + 40: the export shows version 2 with its reason, and the year falls
    // short by 10 hours in total and 20 professional.
    let reason = "课时统计有误，据教学日程更正";
    expect_json::<LearningRecordDto>(
        app.post(
            &format!("/api/v1/learning-records/{}/corrections", record.id),
            &f.staff,
            &json!({
                "year": record.year,
                "form": record.form,
                "content": record.content,
                "public_required_hours": 40.0,
                "professional_hours": 40.0,
                "assessment_result": record.assessment_result,
                "reason": reason,
                "version": record.version,
            }),
        )
        .await,
        201,
    )
    .await;
    let sheets = workbook(app.get(&path, &f.contact_a).await).await;
    let current = &sheets[0].1[1];
    assert_eq!(current[6..9], row(&["40", "40", "80"])[..]);
    assert_eq!(current[11..], row(&["2", reason])[..]);
    assert_eq!(
        sheets[1].1[1],
        row(&["2026", "40", "40", "80", "90", "60", "10", "20", "未达标"])
    );

    // Readable as the person is: not by another organisation's contact, nor finance.
    expect_problem(app.get(&path, &f.contact_b).await, 404, "not_found").await;
    let (_, finance) = app.account(&admin, "finance1", &["finance"]).await;
    expect_problem(app.get(&path, &finance).await, 403, "forbidden").await;
    // Someone without records gets the headers only.
    let other = f.enrolments[1].person_id;
    let sheets = workbook(
        app.get(
            &format!("/api/v1/people/{other}/learning-records.xlsx"),
            &f.staff,
        )
        .await,
    )
    .await;
    assert_eq!((sheets[0].1.len(), sheets[1].1.len()), (1, 1));
}
