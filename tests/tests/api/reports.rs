//! Class summary reports (Art. 18), evaluation (Art. 11, 16), follow-up (Art. 17), training
//! needs and the dashboard: the report cycle with figures equal to the data the test set up and
//! the class becoming `reported` when filed, the overdue listing, reviewers reading only what was
//! submitted to their authority;
//! evaluation anonymity and one response per enrolment (also concurrently); needs turned into a
//! plan item; the dashboard's due items and reviewer queue; the report as a PDF document.

use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_domain::plans::{PlanDto, PlanItemDto, PlanStatus, PlanStep, shanghai_date};
use cebase_domain::reports::{
    ClassReportDto, ClassReportRowDto, DashboardDto, DueKind, EvaluationSummaryDto, FollowUpDto,
    NeedDto, NeedSummaryDto, QuestionnaireDto, ReportAction, ReportStatus, ReportTransitionDto,
};
use cebase_domain::training::ClassDto;
use cebase_tests::{TestApp, TrainedClass, expect_json, expect_pdf, expect_problem, rfc5987};
use serde_json::{Value, json};
use uuid::Uuid;

fn move_path(id: Uuid) -> String {
    format!("/api/v1/class-reports/{id}/transitions")
}

/// A full answer to the default questionnaire.
fn answer(q: &QuestionnaireDto, rating: i64, comment: &str) -> Value {
    let ratings: serde_json::Map<String, Value> = q
        .items
        .iter()
        .map(|i| (i.key.clone(), json!(rating)))
        .collect();
    let teachers: serde_json::Map<String, Value> = q
        .teachers
        .iter()
        .map(|t| (t.teacher_id.to_string(), json!(rating)))
        .collect();
    json!({"ratings": ratings, "teacher_ratings": teachers, "comment": comment})
}

async fn questionnaire(app: &TestApp, token: &str, class: Uuid) -> QuestionnaireDto {
    expect_json(
        app.get(&format!("/api/v1/classes/{class}/questionnaire"), token)
            .await,
        200,
    )
    .await
}

/// The fixture's class run (see `TrainedClass::run`) and completed.
async fn completed_class(app: &TestApp, admin: &str) -> TrainedClass {
    let f = TrainedClass::build(app, admin).await;
    f.run(app, admin).await;
    f
}

#[tokio::test]
async fn a_class_report_is_submitted_with_its_figures_and_filed_making_the_class_reported() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = completed_class(&app, &admin).await;
    // The trainee (person 1) answers the questionnaire while the class runs.
    let q = questionnaire(&app, &f.trainee, f.class.id).await;
    assert_eq!(q.answered_by_me, Some(false));
    let res = app
        .post(
            &format!("/api/v1/classes/{}/evaluations", f.class.id),
            &f.trainee,
            &answer(&q, 4, "案例丰富"),
        )
        .await;
    assert_eq!(res.status(), 204);

    // No report before the class is completed.
    let early = app
        .post(
            "/api/v1/class-reports",
            &f.staff,
            &json!({"class_id": f.class.id}),
        )
        .await;
    expect_problem(early, 409, "class_not_completed").await;
    app.transition(&admin, f.class.id, "complete").await;
    // Person 1, the only one who completed, gets a certificate.
    let res = app
        .post(
            &format!("/api/v1/enrolments/{}/certificate", f.enrolments[0].id),
            &f.staff,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let report: ClassReportDto = app
        .create(
            &f.staff,
            "class-reports",
            &json!({"class_id": f.class.id, "analysis": "总体完成培训目标"}),
        )
        .await;
    assert_eq!(report.status, ReportStatus::Draft);
    assert_eq!(report.figures, None);
    assert_eq!(report.allowed_actions, vec![ReportAction::Submit]);
    let dup = app
        .post(
            "/api/v1/class-reports",
            &f.staff,
            &json!({"class_id": f.class.id}),
        )
        .await;
    expect_problem(dup, 409, "report_exists").await;

    // Submitting needs the whole narrative.
    let incomplete = app
        .post(
            &move_path(report.id),
            &f.staff,
            &json!({"action": "submit"}),
        )
        .await;
    let p = expect_problem(incomplete, 422, "validation_failed").await;
    let fields: Vec<_> = p.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["lessons", "improvements"]);
    let report: ClassReportDto = expect_json(
        app.put(
            &format!("/api/v1/class-reports/{}", report.id),
            &f.staff,
            &json!({"analysis": "总体完成培训目标", "lessons": "实践环节受欢迎",
                    "improvements": "增加案例研讨", "version": report.version}),
        )
        .await,
        200,
    )
    .await;
    // A draft prints with the figures as they would be frozen now, marked as such.
    let pdf_path = format!("/api/v1/class-reports/{}/report.pdf", report.id);
    let draft = expect_pdf(app.get(&pdf_path, &f.staff).await).await.text();
    assert!(line_with(&draft, "报告状态").contains("草稿"), "{draft}");
    assert!(draft.contains("报告尚未提交"), "{draft}");
    let submitted: ClassReportDto = expect_json(
        app.post(
            &move_path(report.id),
            &f.staff,
            &json!({"action": "submit"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(submitted.status, ReportStatus::Submitted);
    // Figures equal what TrainedClass::run set up: 4 active enrolments, only person 1 completed
    // (person 2 attended 3/5, person 3 failed the exam, person 4 has no result); persons 1 and
    // 2 passed; 17 of 20 sessions attended; scores 86.5, 70, 55.
    let fig = submitted.figures.clone().expect("frozen at submission");
    assert_eq!((fig.enrolled, fig.completed, fig.passed), (4, 1, 2));
    assert_eq!(fig.completion_rate_percent, Some(25.0));
    assert_eq!(fig.pass_rate_percent, Some(50.0));
    assert_eq!(fig.attendance_rate_percent, Some(85.0));
    assert_eq!(fig.average_score, Some(70.5));
    assert_eq!(fig.certificates_issued, Some(1));
    assert_eq!((fig.income_fen, fig.spending_fen), (None, None));
    let evaluation = fig.evaluation.clone().expect("one response");
    assert_eq!(evaluation.responses, 1);
    assert_eq!(evaluation.overall_average, Some(4.0));

    // The narrative cannot change once submitted.
    let locked = app
        .put(
            &format!("/api/v1/class-reports/{}", report.id),
            &f.staff,
            &json!({"analysis": "改", "version": submitted.version}),
        )
        .await;
    expect_problem(locked, 409, "report_not_editable").await;

    // A reviewer of another authority: no class report is ever submitted to MIIT, so its
    // reviewer neither reads nor acts on one and learns nothing of its existence (issue 14,
    // defect 9; the refusal naming the provincial HR department is the domain's unit test).
    let miit = app.reviewer(&admin, "miit1", "miit").await;
    let wrong = app
        .post(&move_path(report.id), &miit, &json!({"action": "file"}))
        .await;
    expect_problem(wrong, 404, "not_found").await;
    // The provincial reviewer returns it; staff revise and resubmit; the figures are frozen
    // again by the new submission.
    let province = app.reviewer(&admin, "prov1", "provincial_hr").await;
    let queue: DashboardDto = expect_json(app.get("/api/v1/dashboard", &province).await, 200).await;
    assert_eq!(queue.review_queue.len(), 1);
    assert_eq!(queue.review_queue[0].id, report.id);
    let returned: ClassReportDto = expect_json(
        app.post(
            &move_path(report.id),
            &province,
            &json!({"action": "return", "comments": "请补充经费情况"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(returned.status, ReportStatus::Returned);
    app.post(
        &move_path(report.id),
        &f.staff,
        &json!({"action": "revise"}),
    )
    .await;
    let again: ClassReportDto = expect_json(
        app.post(
            &move_path(report.id),
            &f.staff,
            &json!({"action": "submit"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(again.status, ReportStatus::Submitted);

    let filed: ClassReportDto = expect_json(
        app.post(&move_path(report.id), &province, &json!({"action": "file"}))
            .await,
        200,
    )
    .await;
    assert_eq!(filed.status, ReportStatus::Filed);
    assert_eq!(filed.class_status, ClassStatus::Reported);
    assert!(!filed.due.overdue);
    let class: ClassDto = expect_json(
        app.get(&format!("/api/v1/classes/{}", f.class.id), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(class.status, ClassStatus::Reported);

    let history: Page<ReportTransitionDto> =
        expect_json(app.get(&move_path(report.id), &f.staff).await, 200).await;
    let actions: Vec<_> = history.items.iter().map(|t| t.action).collect();
    assert_eq!(
        actions,
        vec![
            ReportAction::Submit,
            ReportAction::Return,
            ReportAction::Revise,
            ReportAction::Submit,
            ReportAction::File
        ]
    );
    assert_eq!(history.items[0].figures.as_ref(), Some(&fig));
    assert!(history.items[1].figures.is_none());
    let audit = app.audit_of(&admin, "class_report", report.id).await;
    assert!(audit.iter().any(|e| e.action == "class_report.file"));
    let class_audit = app.audit_of(&admin, "class", f.class.id).await;
    assert!(
        class_audit
            .iter()
            .any(|e| e.action == "class.mark_reported")
    );

    // The filed report as a formal document: the figures frozen above, the narrative, the
    // state; readable by staff and the provincial reviewer, by nobody else.
    let pdf = expect_pdf(app.get(&pdf_path, &province).await).await;
    println!(
        "class report PDF: {} bytes, {} page(s)",
        pdf.bytes.len(),
        pdf.pages()
    );
    assert!(
        pdf.bytes.len() < 200_000,
        "a report should weigh tens of KB: {} bytes",
        pdf.bytes.len()
    );
    assert!(
        pdf.disposition
            .contains(&rfc5987("培训班总结报告-人工智能高级研修班.pdf")),
        "{}",
        pdf.disposition
    );
    let text = pdf.text();
    for expected in [
        "培训班总结报告",
        "人工智能高级研修班",
        "省人力资源社会保障厅",
        "总体完成培训目标",
        "实践环节受欢迎",
        "增加案例研讨",
        "国家级专业技术人员继续教育基地",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    assert!(
        text.replace(' ', "")
            .contains(&format!("第1页共{}页", pdf.pages())),
        "{text}"
    );
    assert!(line_with(&text, "报告状态").contains("已备案"), "{text}");
    for (label, value) in [
        ("报名人数", "4"),
        ("结业人数", "1"),
        ("结业率", "25%"),
        ("考核通过人数", "2"),
        ("考核通过率", "50%"),
        ("出勤率", "85%"),
        ("平均成绩", "70.5"),
        ("发放证书数", "1"),
        ("评价问卷份数", "1"),
        ("总体评价平均分（满分5分）", "4"),
    ] {
        let row: Vec<&str> = text
            .lines()
            .map(|l| l.split_whitespace().collect::<Vec<_>>())
            .find(|t| t.first() == Some(&label))
            .unwrap_or_else(|| panic!("no row {label:?} in:\n{text}"));
        assert_eq!(row, [label, value], "{text}");
    }
    expect_problem(app.get(&pdf_path, &f.teacher).await, 403, "forbidden").await;
    expect_problem(app.get(&pdf_path, &f.trainee).await, 403, "forbidden").await;
    let unknown = format!("/api/v1/class-reports/{}/report.pdf", Uuid::now_v7());
    expect_problem(app.get(&unknown, &f.staff).await, 404, "not_found").await;
}

/// The first line of `text` containing `needle`.
fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
}

#[tokio::test]
async fn staff_record_a_paper_filing_and_overdue_reports_are_listed() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = completed_class(&app, &admin).await;
    app.transition(&admin, f.class.id, "complete").await;

    // The class ended 2026-03-06: 30 days later it is overdue, before any report exists.
    let overdue: Page<ClassReportRowDto> = expect_json(
        app.get("/api/v1/class-reports?overdue=true", &f.staff)
            .await,
        200,
    )
    .await;
    assert_eq!(overdue.items.len(), 1);
    assert_eq!(overdue.items[0].class_id, f.class.id);
    assert_eq!(overdue.items[0].report_id, None);
    assert!(overdue.items[0].due.overdue);
    assert_eq!(
        overdue.items[0].due.due_date.to_string(),
        "2026-04-05",
        "class end + 30 days"
    );

    // The dashboard shows the report as an overdue item.
    let dash: DashboardDto = expect_json(app.get("/api/v1/dashboard", &f.staff).await, 200).await;
    let item = dash
        .due
        .iter()
        .find(|d| d.kind == DueKind::ClassReport && d.subject_id == f.class.id)
        .expect("the report is due");
    assert!(item.overdue);
    assert_eq!(item.detail, "not_started");

    let report: ClassReportDto = app
        .create(
            &f.staff,
            "class-reports",
            &json!({"class_id": f.class.id, "analysis": "a", "lessons": "b", "improvements": "c"}),
        )
        .await;
    app.post(
        &move_path(report.id),
        &f.staff,
        &json!({"action": "submit"}),
    )
    .await;
    // Staff record the department's paper reply: 文号 and date required.
    let missing = app
        .post(&move_path(report.id), &f.staff, &json!({"action": "file"}))
        .await;
    let p = expect_problem(missing, 422, "validation_failed").await;
    assert_eq!(p.errors.len(), 2);
    let filed: ClassReportDto = expect_json(
        app.post(
            &move_path(report.id),
            &f.staff,
            &json!({"action": "file", "document_number": "省人社厅函〔2026〕8号", "reply_date": "2026-04-20"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(filed.class_status, ClassStatus::Reported);
    let overdue: Page<ClassReportRowDto> = expect_json(
        app.get("/api/v1/class-reports?overdue=true", &f.staff)
            .await,
        200,
    )
    .await;
    assert!(overdue.items.is_empty());
    let all: Page<ClassReportRowDto> =
        expect_json(app.get("/api/v1/class-reports", &f.staff).await, 200).await;
    assert_eq!(all.items[0].status, Some(ReportStatus::Filed));
    // One class's row, as the class page looks its report up; another id has none.
    let one: Page<ClassReportRowDto> = expect_json(
        app.get(
            &format!("/api/v1/class-reports?class_id={}", f.class.id),
            &f.staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(one.items.len(), 1);
    assert_eq!(one.items[0].report_id, Some(report.id));
    let none: Page<ClassReportRowDto> = expect_json(
        app.get(
            &format!("/api/v1/class-reports?class_id={}", Uuid::now_v7()),
            &f.staff,
        )
        .await,
        200,
    )
    .await;
    assert!(none.items.is_empty());
    // Roles without reports.
    for token in [&f.teacher, &f.trainee, &f.contact_a] {
        let res = app.get("/api/v1/class-reports", token).await;
        expect_problem(res, 403, "forbidden").await;
    }
}

#[tokio::test]
async fn a_longer_due_time_is_configurable() {
    let app = TestApp::spawn_with(|s| s.reports.class_report_due_days = 3650).await;
    let admin = app.admin_token().await;
    let f = completed_class(&app, &admin).await;
    app.transition(&admin, f.class.id, "complete").await;
    let overdue: Page<ClassReportRowDto> = expect_json(
        app.get("/api/v1/class-reports?overdue=true", &f.staff)
            .await,
        200,
    )
    .await;
    assert!(overdue.items.is_empty());
    let all: Page<ClassReportRowDto> =
        expect_json(app.get("/api/v1/class-reports", &f.staff).await, 200).await;
    assert_eq!(all.items.len(), 1);
    assert!(!all.items[0].due.overdue);
    assert!(all.items[0].due.days_left > 0);
}

#[tokio::test]
async fn evaluations_are_anonymous_and_one_per_enrolment_even_concurrently() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    // Staff customise the questionnaire before the class opens; afterwards it is locked.
    let q = questionnaire(&app, &f.staff, f.class.id).await;
    assert!(q.editable && !q.customised);
    assert_eq!(q.items.len(), 5);
    let mut items: Vec<Value> = q
        .items
        .iter()
        .map(|i| json!({"key": i.key, "label": i.label}))
        .collect();
    items.push(json!({"key": "materials", "label": "教材质量"}));
    let custom: QuestionnaireDto = expect_json(
        app.put(
            &format!("/api/v1/classes/{}/questionnaire", f.class.id),
            &f.staff,
            &json!({"items": items, "rate_teachers": true, "version": 0}),
        )
        .await,
        200,
    )
    .await;
    assert!(custom.customised);
    assert_eq!(custom.items.len(), 6);
    f.run(&app, &admin).await;
    let locked = app
        .put(
            &format!("/api/v1/classes/{}/questionnaire", f.class.id),
            &f.staff,
            &json!({"items": items, "version": custom.version}),
        )
        .await;
    expect_problem(locked, 409, "questionnaire_locked").await;

    // The trainee answers twice at once: exactly one is recorded.
    let q = questionnaire(&app, &f.trainee, f.class.id).await;
    let path = format!("/api/v1/classes/{}/evaluations", f.class.id);
    let body = answer(&q, 5, "非常实用");
    let (a, b) = tokio::join!(
        app.post(&path, &f.trainee, &body),
        app.post(&path, &f.trainee, &body)
    );
    let mut statuses = vec![a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![204, 409]);
    let again = app.post(&path, &f.trainee, &body).await;
    expect_problem(again, 409, "already_evaluated").await;
    assert_eq!(
        questionnaire(&app, &f.trainee, f.class.id)
            .await
            .answered_by_me,
        Some(true)
    );
    // An incomplete answer is refused naming the missing question.
    let mut partial = answer(&q, 3, "");
    partial["ratings"]
        .as_object_mut()
        .expect("object")
        .remove("materials");
    let res = app.post(&path, &f.trainee, &partial).await;
    let p = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(p.errors[0].field, "ratings.materials");
    assert_eq!(p.errors[0].code, "required");
    // A trainee who sees the (open-enrolment) class but is not enrolled does not answer.
    let (_, trainee2) = app.account(&admin, "trainee_x", &["trainee"]).await;
    let res = app.post(&path, &trainee2, &body).await;
    expect_problem(res, 403, "forbidden").await;
    // Staff and teachers do not answer.
    let res = app.post(&path, &f.staff, &body).await;
    expect_problem(res, 403, "forbidden").await;

    // The teacher sees aggregates of their own class, never the texts or who answered.
    let summary: EvaluationSummaryDto =
        expect_json(app.get(&format!("{path}/summary"), &f.teacher).await, 200).await;
    assert_eq!(summary.responses, 1);
    assert_eq!(summary.enrolled, 4);
    assert_eq!(summary.comments, None);
    assert_eq!(summary.overall_average, Some(5.0));
    assert_eq!(summary.teachers.len(), 1);
    assert_eq!(summary.teachers[0].average, Some(5.0));
    let raw: Value = expect_json(app.get(&format!("{path}/summary"), &f.teacher).await, 200).await;
    let text = raw.to_string();
    assert!(!text.contains("非常实用"));
    assert!(!text.contains(&f.enrolments[0].id.to_string()));
    assert!(!text.contains(&f.enrolments[0].person_id.to_string()));
    // Another teacher gets 404; a trainee 403; staff get the anonymous texts.
    let res = app.get(&format!("{path}/summary"), &f.other_teacher).await;
    expect_problem(res, 404, "not_found").await;
    let res = app.get(&format!("{path}/summary"), &f.trainee).await;
    expect_problem(res, 403, "forbidden").await;
    let staff: EvaluationSummaryDto =
        expect_json(app.get(&format!("{path}/summary"), &f.staff).await, 200).await;
    assert_eq!(staff.comments, Some(vec!["非常实用".to_owned()]));
    // No endpoint lists individual responses.
    assert_eq!(app.get(&path, &f.staff).await.status(), 405);
    // The audit trail says the enrolment answered, not what.
    let audit = app.audit_of(&admin, "enrolment", f.enrolments[0].id).await;
    let entry = audit
        .iter()
        .find(|e| e.action == "evaluation.submit")
        .expect("audited");
    assert!(
        !entry
            .after
            .as_ref()
            .map(Value::to_string)
            .unwrap_or_default()
            .contains("非常实用")
    );
}

#[tokio::test]
async fn training_needs_are_grouped_and_turned_into_a_plan_item() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    let need = |topic: &str, n: u32| {
        json!({"topic": topic, "field": "人工智能", "head_count": n,
               "preferred_start": "2027-04-01", "preferred_end": "2027-06-30"})
    };
    let a: NeedDto = app
        .create(&f.contact_a, "needs", &need("大模型应用", 30))
        .await;
    assert_eq!(a.organisation_id, Some(f.org_a.id));
    let b: NeedDto = app
        .create(&f.trainee, "needs", &need("大模型应用 ", 1))
        .await;
    let _c: NeedDto = app
        .create(&f.contact_b, "needs", &need("数据治理", 12))
        .await;
    let bad = app
        .post(
            "/api/v1/needs",
            &f.trainee,
            &json!({"topic": "", "field": "x", "head_count": 0,
                    "preferred_start": "2027-05-01", "preferred_end": "2027-04-01"}),
        )
        .await;
    let p = expect_problem(bad, 422, "validation_failed").await;
    assert_eq!(p.errors.len(), 3);
    let res = app.post("/api/v1/needs", &f.teacher, &need("x", 1)).await;
    expect_problem(res, 403, "forbidden").await;

    // Each sees their own; staff see all, grouped.
    let mine: Page<NeedDto> = expect_json(app.get("/api/v1/needs", &f.contact_b).await, 200).await;
    assert_eq!(mine.items.len(), 1);
    let res = app
        .get(&format!("/api/v1/needs/{}", a.id), &f.contact_b)
        .await;
    expect_problem(res, 404, "not_found").await;
    let summary: NeedSummaryDto =
        expect_json(app.get("/api/v1/needs/summary", &f.staff).await, 200).await;
    assert_eq!(summary.by_topic[0].key, "大模型应用");
    assert_eq!(
        (
            summary.by_topic[0].submissions,
            summary.by_topic[0].head_count
        ),
        (2, 31)
    );
    assert_eq!(summary.by_field[0].head_count, 43);
    let res = app.get("/api/v1/needs/summary", &f.trainee).await;
    expect_problem(res, 403, "forbidden").await;

    let plan: PlanDto = app
        .create(
            &f.staff,
            "plans",
            &json!({"year": 2027, "title": "2027年度培训计划"}),
        )
        .await;
    let body = json!({
        "plan_id": plan.id, "title": "大模型应用高级研修班", "class_kind": "seminar",
        "category": "professional", "target_audience": "人工智能领域专业技术人员",
        "planned_trainees": 31, "planned_hours": 40.0,
        "planned_start": "2027-04-01", "planned_end": "2027-06-30", "budget_fen": 100000,
    });
    let item: PlanItemDto = expect_json(
        app.post(
            &format!("/api/v1/needs/{}/plan-item", a.id),
            &f.staff,
            &body,
        )
        .await,
        201,
    )
    .await;
    assert_eq!(item.planned_trainees, 31);
    let items: Page<PlanItemDto> = expect_json(
        app.get(&format!("/api/v1/plans/{}/items", plan.id), &f.staff)
            .await,
        200,
    )
    .await;
    assert_eq!(items.items.len(), 1);
    let linked: NeedDto = expect_json(
        app.get(&format!("/api/v1/needs/{}", a.id), &f.staff).await,
        200,
    )
    .await;
    assert_eq!(linked.plan_item_id, Some(item.id));
    let twice = app
        .post(
            &format!("/api/v1/needs/{}/plan-item", a.id),
            &f.staff,
            &body,
        )
        .await;
    expect_problem(twice, 409, "need_already_planned").await;
    // A bad item writes nothing: the need stays unplanned.
    let mut outside = body.clone();
    outside["planned_start"] = json!("2026-12-01");
    let res = app
        .post(
            &format!("/api/v1/needs/{}/plan-item", b.id),
            &f.staff,
            &outside,
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let still: NeedDto = expect_json(
        app.get(&format!("/api/v1/needs/{}", b.id), &f.staff).await,
        200,
    )
    .await;
    assert_eq!(still.plan_item_id, None);
    let res = app
        .post(
            &format!("/api/v1/needs/{}/plan-item", b.id),
            &f.trainee,
            &body,
        )
        .await;
    expect_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn follow_ups_open_months_after_the_class_for_trainees_and_employers() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = completed_class(&app, &admin).await;
    app.transition(&admin, f.class.id, "complete").await;
    // The class ended 2026-03-06; follow-up opened 2026-06-06. Person 1 (the trainee, of
    // organisation A) completed it.
    let mine: Page<FollowUpDto> =
        expect_json(app.get("/api/v1/follow-ups", &f.trainee).await, 200).await;
    assert_eq!(mine.items.len(), 1);
    assert!(mine.items[0].open);
    assert_eq!(mine.items[0].opens_on.to_string(), "2026-06-06");
    assert_eq!(mine.items[0].answered, Some(false));
    let dash: DashboardDto = expect_json(app.get("/api/v1/dashboard", &f.staff).await, 200).await;
    assert!(
        dash.due
            .iter()
            .any(|d| d.kind == DueKind::FollowUp && d.subject_id == f.class.id)
    );

    let body = |who: &str, a: i64| {
        json!({"class_id": f.class.id, "respondent": who, "applied_rating": a,
               "improvement_rating": 4, "comment": "已应用于项目"})
    };
    assert_eq!(
        app.post("/api/v1/follow-ups", &f.trainee, &body("trainee", 5))
            .await
            .status(),
        204
    );
    let twice = app
        .post("/api/v1/follow-ups", &f.trainee, &body("trainee", 5))
        .await;
    expect_problem(twice, 409, "already_answered").await;
    assert_eq!(
        app.post("/api/v1/follow-ups", &f.contact_a, &body("employer", 3))
            .await
            .status(),
        204
    );
    // Organisation B's person did not complete: its contact has nothing to answer.
    let res = app
        .post("/api/v1/follow-ups", &f.contact_b, &body("employer", 3))
        .await;
    expect_problem(res, 404, "not_found").await;
    let bad = app
        .post("/api/v1/follow-ups", &f.contact_a, &body("employer", 9))
        .await;
    expect_problem(bad, 422, "validation_failed").await;

    let all: Page<FollowUpDto> =
        expect_json(app.get("/api/v1/follow-ups", &f.staff).await, 200).await;
    let row = &all.items[0];
    assert_eq!(
        (row.expected_trainees, row.expected_employers),
        (Some(1), Some(1))
    );
    assert_eq!(
        (row.trainee_responses, row.employer_responses),
        (Some(1), Some(1))
    );
    assert_eq!(row.applied_average, Some(4.0));
    assert_eq!(row.improvement_average, Some(4.0));
    let res = app.get("/api/v1/follow-ups", &f.teacher).await;
    expect_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn the_dashboard_shows_plan_steps_and_is_closed_to_other_roles() {
    use chrono::Datelike;
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff9", &["staff"]).await;
    // Next year's plan, whatever year the test runs in (deadlines are Beijing dates).
    let this_year = shanghai_date(chrono::Utc::now()).year();
    let next = this_year + 1;
    let plan: PlanDto = app
        .create(
            &staff,
            "plans",
            &json!({"year": next, "title": format!("{next}年度培训计划")}),
        )
        .await;
    let dash: DashboardDto = expect_json(app.get("/api/v1/dashboard", &staff).await, 200).await;
    let steps: Vec<_> = dash
        .due
        .iter()
        .filter(|d| d.kind == DueKind::PlanStep && d.subject_id == plan.id)
        .map(|d| (d.detail.as_str(), d.due_date.to_string()))
        .collect();
    // "Before 10 December" and "before 31 December" of this year: the last days are the 9th
    // and the 30th.
    assert_eq!(
        steps,
        vec![
            ("miit_submission", format!("{this_year}-12-09")),
            ("mohrss_filing", format!("{this_year}-12-30"))
        ]
    );
    let figures = dash.figures.expect("staff see figures");
    assert_eq!(figures.year, this_year);
    assert!(!dash.recent.is_empty());
    assert!(dash.recent.iter().any(|a| a.action == "plan.create"));
    let (_, finance) = app.account(&admin, "finance9", &["finance"]).await;
    let res = app.get("/api/v1/dashboard", &finance).await;
    expect_problem(res, 403, "forbidden").await;
    let mohrss = app.reviewer(&admin, "mohrss9", "mohrss").await;
    let queue: DashboardDto = expect_json(app.get("/api/v1/dashboard", &mohrss).await, 200).await;
    assert!(queue.review_queue.is_empty() && queue.due.is_empty() && queue.figures.is_none());
}

#[tokio::test]
async fn once_next_years_plan_is_filed_the_dashboard_shows_it_and_the_next_deadline() {
    use chrono::Datelike;
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff7", &["staff"]).await;
    let miit = app.reviewer(&admin, "miit7", "miit").await;
    let mohrss = app.reviewer(&admin, "mohrss7", "mohrss").await;
    let today = shanghai_date(chrono::Utc::now());
    let next = today.year() + 1;
    let plan: PlanDto = app
        .create(
            &staff,
            "plans",
            &json!({"year": next, "title": format!("{next}年度培训计划")}),
        )
        .await;
    let _: PlanItemDto = app
        .create(
            &staff,
            &format!("plans/{}/items", plan.id),
            &json!({
                "title": "工业互联网安全高级研修班",
                "class_kind": "seminar",
                "category": "professional",
                "target_audience": "专业技术人员",
                "planned_trainees": 40,
                "planned_hours": 32.0,
                "planned_start": format!("{next}-05-11"),
                "planned_end": format!("{next}-05-15"),
                "budget_fen": 10_000_000,
            }),
        )
        .await;
    let dash: DashboardDto = expect_json(app.get("/api/v1/dashboard", &staff).await, 200).await;
    let glance = &dash.plans[1];
    assert_eq!(
        (glance.year, glance.status),
        (next, Some(PlanStatus::Draft))
    );
    assert_eq!(glance.next_step, Some(PlanStep::MiitSubmission));
    let path = format!("/api/v1/plans/{}/transitions", plan.id);
    for (token, action) in [
        (&staff, "submit_to_miit"),
        (&miit, "approve"),
        (&staff, "submit_to_mohrss"),
        (&mohrss, "file"),
    ] {
        let moved: PlanDto = expect_json(
            app.post(&path, token, &json!({"action": action})).await,
            200,
        )
        .await;
        assert_ne!(moved.status, PlanStatus::Returned);
    }

    let dash: DashboardDto = expect_json(app.get("/api/v1/dashboard", &staff).await, 200).await;
    let years: Vec<_> = dash.plans.iter().map(|g| (g.year, g.status)).collect();
    assert_eq!(
        years,
        [
            (today.year(), None),
            (next, Some(PlanStatus::Filed)),
            (next + 1, None)
        ]
    );
    let filed = &dash.plans[1];
    assert_eq!(filed.plan_id, Some(plan.id));
    assert_eq!((filed.next_step, filed.due_date), (None, None));
    assert!(!dash.due.iter().any(|d| d.subject_id == plan.id));
    // Next: the plan of the year after goes to MIIT before 10 December of next year.
    let ahead = &dash.plans[2];
    let last_day = chrono::NaiveDate::from_ymd_opt(next, 12, 9).expect("date");
    assert_eq!(ahead.next_step, Some(PlanStep::MiitSubmission));
    assert_eq!(ahead.due_date, Some(last_day));
    assert_eq!(ahead.days_left, Some((last_day - today).num_days()));
    assert!(!ahead.overdue);
    assert_eq!(dash.recent[0].action, "plan.file");
    assert_eq!(dash.recent[0].actor_username.as_deref(), Some("mohrss7"));
    // Reviewers see their queue, not the plans.
    let queue: DashboardDto = expect_json(app.get("/api/v1/dashboard", &miit).await, 200).await;
    assert!(queue.plans.is_empty());
}

/// Issue 14, defect 9: a reviewer reads only the class reports submitted to their authority —
/// the provincial HR department's reviewer once a report is submitted, a MIIT or MOHRSS reviewer
/// never; a draft answers 404 on every read and is left out of the list.
#[tokio::test]
async fn reviewers_read_only_the_reports_submitted_to_their_authority() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = completed_class(&app, &admin).await;
    app.transition(&admin, f.class.id, "complete").await;
    let province = app.reviewer(&admin, "prov-scope", "provincial_hr").await;
    let miit = app.reviewer(&admin, "miit-scope", "miit").await;
    let report: ClassReportDto = app
        .create(
            &f.staff,
            "class-reports",
            &json!({"class_id": f.class.id, "analysis": "总体完成培训目标",
                    "lessons": "实践环节受欢迎", "improvements": "增加案例研讨"}),
        )
        .await;
    let reads = [
        format!("/api/v1/class-reports/{}", report.id),
        format!("/api/v1/class-reports/{}/transitions", report.id),
        format!("/api/v1/class-reports/{}/report.pdf", report.id),
    ];
    let rows = |token: &str| {
        let (app, token) = (&app, token.to_owned());
        async move {
            let page: Page<ClassReportRowDto> =
                expect_json(app.get("/api/v1/class-reports", &token).await, 200).await;
            page.items.iter().map(|r| r.class_id).collect::<Vec<_>>()
        }
    };
    assert_eq!(rows(&f.staff).await, vec![f.class.id]);
    for token in [&province, &miit] {
        assert!(rows(token).await.is_empty());
        for path in &reads {
            expect_problem(app.get(path, token).await, 404, "not_found").await;
        }
    }
    expect_problem(
        app.post(&move_path(report.id), &province, &json!({"action": "file"}))
            .await,
        404,
        "not_found",
    )
    .await;

    let _: ClassReportDto = expect_json(
        app.post(
            &move_path(report.id),
            &f.staff,
            &json!({"action": "submit"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(rows(&province).await, vec![f.class.id]);
    for path in &reads {
        assert_eq!(app.get(path, &province).await.status(), 200, "{path}");
        expect_problem(app.get(path, &miit).await, 404, "not_found").await;
    }
    assert!(rows(&miit).await.is_empty());
    let as_province: ClassReportDto = expect_json(app.get(&reads[0], &province).await, 200).await;
    assert_eq!(
        as_province.allowed_actions,
        vec![ReportAction::File, ReportAction::Return]
    );
}
