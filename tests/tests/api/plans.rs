//! Annual plans (Art. 8): the review and filing cycle with reviewers of both authorities,
//! refusals of the wrong authority, returns and resubmission, immutable snapshots and their
//! comparison, paper replies with 文号 and scans, lateness, the execution summary computed from
//! the classes actually run, and the exports: xlsx and the formal PDF document.

use std::io::Cursor;

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use cebase_domain::Authority;
use cebase_domain::dto::Page;
use cebase_domain::plans::{
    ExecutionSummaryDto, PlanAction, PlanComparisonDto, PlanDto, PlanDueDto, PlanItemDto,
    PlanScanDto, PlanStatus, PlanStep, PlanTransitionDto, PlanVersionDto, PlanVersionSummaryDto,
};
use cebase_domain::training::{ClassDto, CompletionDto, CompletionOutcome, LearningRecordDto};
use cebase_tests::{TestApp, TrainedClass, XLSX, expect_json, expect_pdf, expect_problem, rfc5987};
use serde_json::{Value, json};
use uuid::Uuid;

fn item_body(year: i32, title: &str, trainees: u32) -> Value {
    json!({
        "title": title,
        "class_kind": "seminar",
        "category": "professional",
        "target_audience": "信息通信行业副高级以上专业技术人员",
        "planned_trainees": trainees,
        "planned_hours": 40.0,
        "planned_start": format!("{year}-05-11"),
        "planned_end": format!("{year}-05-15"),
        "budget_fen": 30_000_000,
        "commissioning_body": "工业和信息化部人事教育司",
    })
}

async fn plan_with_item(app: &TestApp, staff: &str, year: i32) -> (PlanDto, PlanItemDto) {
    let plan: PlanDto = app
        .create(
            staff,
            "plans",
            &json!({"year": year, "title": format!("{year}年度培训计划")}),
        )
        .await;
    let item: PlanItemDto = app
        .create(
            staff,
            &format!("plans/{}/items", plan.id),
            &item_body(year, "工业互联网安全高级研修班", 60),
        )
        .await;
    (plan, item)
}

fn transitions_path(plan: Uuid) -> String {
    format!("/api/v1/plans/{plan}/transitions")
}

async fn act(app: &TestApp, token: &str, plan: Uuid, body: Value) -> PlanDto {
    expect_json(app.post(&transitions_path(plan), token, &body).await, 200).await
}

async fn history(app: &TestApp, token: &str, plan: Uuid) -> Vec<PlanTransitionDto> {
    let page: Page<PlanTransitionDto> =
        expect_json(app.get(&transitions_path(plan), token).await, 200).await;
    page.items
}

#[tokio::test]
async fn a_plan_goes_through_miit_and_mohrss_and_each_authority_decides_only_its_stage() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let miit = app.reviewer(&admin, "miit1", "miit").await;
    let mohrss = app.reviewer(&admin, "mohrss1", "mohrss").await;
    let provincial = app.reviewer(&admin, "prov1", "provincial_hr").await;
    let (_, trainee) = app.account(&admin, "trainee1", &["trainee"]).await;
    let (plan, _) = plan_with_item(&app, &staff, 2090).await;
    assert_eq!(plan.status, PlanStatus::Draft);
    assert_eq!(plan.allowed_actions, vec![PlanAction::SubmitToMiit]);
    assert_eq!(plan.miit_due_before.to_string(), "2089-12-10");
    assert_eq!(plan.mohrss_due_before.to_string(), "2089-12-31");

    // Outsiders read nothing; reviewers cannot draft or submit.
    expect_problem(app.get("/api/v1/plans", &trainee).await, 403, "forbidden").await;
    expect_problem(
        app.get("/api/v1/plans", &provincial).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.post("/api/v1/plans", &miit, &json!({"year": 2091, "title": "x"}))
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.post(
            &transitions_path(plan.id),
            &miit,
            &json!({"action": "submit_to_miit"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // One plan per year.
    expect_problem(
        app.post(
            "/api/v1/plans",
            &staff,
            &json!({"year": 2090, "title": "又一个"}),
        )
        .await,
        409,
        "plan_exists",
    )
    .await;

    let submitted = act(&app, &staff, plan.id, json!({"action": "submit_to_miit"})).await;
    assert_eq!(submitted.status, PlanStatus::SubmittedToMiit);
    assert_eq!(submitted.waiting_for, Some(Authority::Miit));
    // The MIIT reviewer sees approve/return; the MOHRSS reviewer nothing.
    let as_miit: PlanDto = expect_json(
        app.get(&format!("/api/v1/plans/{}", plan.id), &miit).await,
        200,
    )
    .await;
    assert_eq!(
        as_miit.allowed_actions,
        vec![PlanAction::Approve, PlanAction::Return]
    );
    // The plan was not submitted to MOHRSS: its reviewer neither reads it nor acts on it, and
    // learns nothing of its existence (issue 14, defect 9).
    expect_problem(
        app.get(&format!("/api/v1/plans/{}", plan.id), &mohrss)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.post(
            &transitions_path(plan.id),
            &mohrss,
            &json!({"action": "approve"}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let approved = act(
        &app,
        &miit,
        plan.id,
        json!({"action": "approve", "comments": "同意", "document_number": "工信人函〔2089〕7号"}),
    )
    .await;
    assert_eq!(approved.status, PlanStatus::ApprovedByMiit);
    // Nothing to file before it is submitted to MOHRSS (and its reviewer does not see it yet).
    expect_problem(
        app.post(
            &transitions_path(plan.id),
            &staff,
            &json!({"action": "file"}),
        )
        .await,
        409,
        "transition_not_allowed",
    )
    .await;
    expect_problem(
        app.post(
            &transitions_path(plan.id),
            &mohrss,
            &json!({"action": "file"}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
    act(&app, &staff, plan.id, json!({"action": "submit_to_mohrss"})).await;
    // A MIIT reviewer cannot file.
    let problem = expect_problem(
        app.post(
            &transitions_path(plan.id),
            &miit,
            &json!({"action": "file"}),
        )
        .await,
        403,
        "wrong_authority",
    )
    .await;
    assert!(problem.detail.unwrap_or_default().contains("MOHRSS"));
    let filed = act(&app, &mohrss, plan.id, json!({"action": "file"})).await;
    assert_eq!(filed.status, PlanStatus::Filed);
    assert!(filed.pending_steps.is_empty());
    assert_eq!(
        filed.allowed_actions,
        Vec::<PlanAction>::new(),
        "the MOHRSS reviewer has nothing left"
    );

    let moves = history(&app, &staff, plan.id).await;
    let summary: Vec<(PlanAction, PlanStatus, Option<Authority>, bool, bool)> = moves
        .iter()
        .map(|t| (t.action, t.to_status, t.authority, t.from_paper, t.late))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                PlanAction::SubmitToMiit,
                PlanStatus::SubmittedToMiit,
                None,
                false,
                false
            ),
            (
                PlanAction::Approve,
                PlanStatus::ApprovedByMiit,
                Some(Authority::Miit),
                false,
                false
            ),
            (
                PlanAction::SubmitToMohrss,
                PlanStatus::SubmittedToMohrss,
                None,
                false,
                false
            ),
            (
                PlanAction::File,
                PlanStatus::Filed,
                Some(Authority::Mohrss),
                false,
                false
            ),
        ]
    );
    assert_eq!(
        moves[1].document_number.as_deref(),
        Some("工信人函〔2089〕7号")
    );
    assert_eq!(moves[0].snapshot_seq, Some(1));
    assert_eq!(moves[2].snapshot_seq, Some(2));
    assert_eq!(moves[1].acted_by_name, "审核 miit1");
    // Every move is in the audit trail.
    let audit = app.audit_of(&admin, "plan", plan.id).await;
    let mut actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    actions.reverse();
    assert_eq!(
        actions,
        vec![
            "plan.create",
            "plan.submit_to_miit",
            "plan.approve",
            "plan.submit_to_mohrss",
            "plan.file"
        ]
    );

    // Amending the filed plan opens its next revision as a draft.
    let amended = act(&app, &staff, plan.id, json!({"action": "amend"})).await;
    assert_eq!((amended.status, amended.revision), (PlanStatus::Draft, 2));
    let list: Page<PlanDto> = expect_json(
        app.get(
            "/api/v1/plans?year=2090",
            &finance_token(&app, &admin).await,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].item_count, 1);
}

async fn finance_token(app: &TestApp, admin: &str) -> String {
    app.account(admin, "finance1", &["finance"]).await.1
}

#[tokio::test]
async fn a_returned_plan_is_revised_and_resubmitted_and_earlier_snapshots_never_change() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let miit = app.reviewer(&admin, "miit1", "miit").await;
    let (plan, item) = plan_with_item(&app, &staff, 2090).await;
    // An empty plan is not submitted; this one has an item.
    act(&app, &staff, plan.id, json!({"action": "submit_to_miit"})).await;

    // Submitted: nothing changes any more.
    let item_path = format!("/api/v1/plans/{}/items/{}", plan.id, item.id);
    let mut changed = item_body(2090, "工业互联网安全高级研修班", 80);
    changed["version"] = json!(item.version);
    expect_problem(
        app.put(&item_path, &staff, &changed).await,
        409,
        "plan_not_editable",
    )
    .await;

    // A return needs comments.
    let problem = expect_problem(
        app.post(
            &transitions_path(plan.id),
            &miit,
            &json!({"action": "return"}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "comments");
    let returned = act(
        &app,
        &miit,
        plan.id,
        json!({"action": "return", "comments": "请补充经费预算明细"}),
    )
    .await;
    assert_eq!(returned.status, PlanStatus::Returned);
    expect_problem(
        app.put(&item_path, &staff, &changed).await,
        409,
        "plan_not_editable",
    )
    .await;
    let revised = act(&app, &staff, plan.id, json!({"action": "revise"})).await;
    assert_eq!(revised.status, PlanStatus::Draft);

    let after: PlanItemDto = expect_json(app.put(&item_path, &staff, &changed).await, 200).await;
    assert_eq!(after.planned_trainees, 80);
    let added: PlanItemDto = app
        .create(
            &staff,
            &format!("plans/{}/items", plan.id),
            &item_body(2090, "数字经济公需科目培训", 300),
        )
        .await;
    act(&app, &staff, plan.id, json!({"action": "submit_to_miit"})).await;

    let versions: Page<PlanVersionSummaryDto> = expect_json(
        app.get(&format!("/api/v1/plans/{}/versions", plan.id), &miit)
            .await,
        200,
    )
    .await;
    assert_eq!(
        versions
            .items
            .iter()
            .map(|v| (v.seq, v.item_count))
            .collect::<Vec<_>>(),
        vec![(1, 1), (2, 2)]
    );
    // The first snapshot still holds what was first submitted.
    let first: PlanVersionDto = expect_json(
        app.get(&format!("/api/v1/plans/{}/versions/1", plan.id), &miit)
            .await,
        200,
    )
    .await;
    assert_eq!(first.content.items.len(), 1);
    assert_eq!(first.content.items[0].planned_trainees, 60);
    let diff: PlanComparisonDto = expect_json(
        app.get(
            &format!("/api/v1/plans/{}/versions/compare?from=1&to=2", plan.id),
            &miit,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        diff.added.iter().map(|i| i.id).collect::<Vec<_>>(),
        vec![added.id]
    );
    assert!(diff.removed.is_empty());
    assert_eq!(diff.changed.len(), 1);
    assert_eq!(diff.changed[0].item_id, item.id);
    assert_eq!(diff.changed[0].changes[0].field, "planned_trainees");
    assert_eq!(diff.changed[0].changes[0].before, json!(60));
    assert_eq!(diff.changed[0].changes[0].after, json!(80));

    // The API offers no way to change or remove a snapshot.
    let v1 = format!("/api/v1/plans/{}/versions/1", plan.id);
    expect_problem(
        app.put(&v1, &staff, &json!({"content": {}})).await,
        405,
        "method_not_allowed",
    )
    .await;
    expect_problem(app.delete(&v1, &staff).await, 405, "method_not_allowed").await;
    expect_problem(
        app.get(&format!("/api/v1/plans/{}/versions/9", plan.id), &staff)
            .await,
        404,
        "not_found",
    )
    .await;
    let again: PlanVersionDto = expect_json(app.get(&v1, &miit).await, 200).await;
    assert_eq!(again, first);
}

#[tokio::test]
async fn staff_record_paper_replies_with_scans_and_late_steps_are_marked() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    // The plan for 2001: both deadlines (in 2000) are long past.
    let (plan, _) = plan_with_item(&app, &staff, 2001).await;
    let (future, _) = plan_with_item(&app, &staff, 2090).await;
    let due: Page<PlanDueDto> = expect_json(app.get("/api/v1/plans/due", &staff).await, 200).await;
    let of = |id: Uuid| -> Vec<(PlanStep, bool)> {
        due.items
            .iter()
            .filter(|d| d.plan_id == id)
            .map(|d| (d.due.step, d.due.overdue))
            .collect()
    };
    assert_eq!(
        of(plan.id),
        vec![
            (PlanStep::MiitSubmission, true),
            (PlanStep::MohrssFiling, true)
        ]
    );
    assert_eq!(
        of(future.id),
        vec![
            (PlanStep::MiitSubmission, false),
            (PlanStep::MohrssFiling, false)
        ]
    );
    assert!(
        due.items
            .iter()
            .all(|d| d.due.overdue == (d.due.days_left <= 0))
    );

    // Late, but allowed.
    act(&app, &staff, plan.id, json!({"action": "submit_to_miit"})).await;

    // A paper decision needs its 文号 and reply date.
    let problem = expect_problem(
        app.post(
            &transitions_path(plan.id),
            &staff,
            &json!({"action": "approve"}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<&str> = problem.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, vec!["document_number", "reply_date"]);

    let pdf = b"%PDF-1.4\n% scan of the MIIT reply\n".to_vec();
    expect_problem(
        app.upload(
            &staff,
            &format!("/api/v1/plans/{}/scans", plan.id),
            "text/plain",
            pdf.clone(),
        )
        .await,
        400,
        "unsupported_media_type",
    )
    .await;
    let scan: PlanScanDto = expect_json(
        app.upload(
            &staff,
            &format!("/api/v1/plans/{}/scans", plan.id),
            "application/pdf",
            pdf.clone(),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(scan.size_bytes, pdf.len() as i64);
    act(
        &app,
        &staff,
        plan.id,
        json!({"action": "approve", "document_number": "工信人函〔2000〕88号", "reply_date": "2000-12-05", "scan_id": scan.id}),
    )
    .await;
    // One scan documents one reply.
    act(&app, &staff, plan.id, json!({"action": "submit_to_mohrss"})).await;
    let problem = expect_problem(
        app.post(
            &transitions_path(plan.id),
            &staff,
            &json!({"action": "file", "document_number": "人社专技函〔2000〕1号", "reply_date": "2000-12-30", "scan_id": scan.id}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("scan_id", "already_used")
    );
    // Filed on paper dated 30 December 2000: in time, although recorded years later.
    act(
        &app,
        &staff,
        plan.id,
        json!({"action": "file", "document_number": "人社专技函〔2000〕1号", "reply_date": "2000-12-30"}),
    )
    .await;

    let moves = history(&app, &staff, plan.id).await;
    let got: Vec<(PlanAction, bool, bool)> = moves
        .iter()
        .map(|t| (t.action, t.from_paper, t.late))
        .collect();
    assert_eq!(
        got,
        vec![
            (PlanAction::SubmitToMiit, false, true),
            (PlanAction::Approve, true, false),
            (PlanAction::SubmitToMohrss, false, true),
            (PlanAction::File, true, false),
        ]
    );
    assert_eq!(moves[1].scan_id, Some(scan.id));
    assert_eq!(
        moves[1].reply_date.map(|d| d.to_string()).as_deref(),
        Some("2000-12-05")
    );
    assert_eq!(moves[1].authority, Some(Authority::Miit));
    let res = app
        .get(
            &format!("/api/v1/plans/{}/scans/{}", plan.id, scan.id),
            &staff,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.bytes().await.expect("body").to_vec(), pdf);
}

#[tokio::test]
async fn concurrent_submissions_move_the_plan_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let (plan, _) = plan_with_item(&app, &staff, 2090).await;
    let path = transitions_path(plan.id);
    let body = json!({"action": "submit_to_miit"});
    let (a, b) = tokio::join!(
        app.post(&path, &staff, &body),
        app.post(&path, &staff, &body)
    );
    let mut statuses = vec![a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![200, 409]);
    let versions: Page<PlanVersionSummaryDto> = expect_json(
        app.get(&format!("/api/v1/plans/{}/versions", plan.id), &staff)
            .await,
        200,
    )
    .await;
    assert_eq!(versions.items.len(), 1, "one snapshot for one submission");
    assert_eq!(history(&app, &staff, plan.id).await.len(), 1);
}

#[tokio::test]
async fn items_are_validated_naming_field_and_rule() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (plan, _) = plan_with_item(&app, &admin, 2090).await;
    let mut bad = item_body(2089, "", 0);
    bad["budget_fen"] = json!(-5);
    let problem = expect_problem(
        app.post(&format!("/api/v1/plans/{}/items", plan.id), &admin, &bad)
            .await,
        422,
        "validation_failed",
    )
    .await;
    let got: Vec<(&str, &str)> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("title", "required"),
            ("planned_trainees", "range"),
            ("planned_start", "outside_plan_year"),
            ("planned_end", "outside_plan_year"),
            ("budget_fen", "range"),
        ]
    );
    assert!(problem.errors[2].message.contains("Art. 8"));
    let items: Page<PlanItemDto> = expect_json(
        app.get(&format!("/api/v1/plans/{}/items", plan.id), &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(items.items.len(), 1, "nothing written");
}

#[tokio::test]
async fn the_execution_summary_counts_the_classes_actually_run() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    // The fixture's class runs in March 2026: it implements an item of the 2026 plan.
    let (plan_2026, item) = plan_with_item(&app, &f.staff, 2026).await;
    let class_path = format!("/api/v1/classes/{}", f.class.id);
    let mut body = serde_json::to_value(&f.class).expect("json");
    body["plan_item_id"] = json!(Uuid::now_v7());
    let problem = expect_problem(
        app.put(&class_path, &admin, &body).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("plan_item_id", "not_found")
    );
    body["plan_item_id"] = json!(item.id);
    let linked: ClassDto = expect_json(app.put(&class_path, &admin, &body).await, 200).await;
    assert_eq!(linked.plan_item_id, Some(item.id));
    // A client that does not know the field keeps the link.
    let mut old_client = serde_json::to_value(&linked).expect("json");
    old_client
        .as_object_mut()
        .expect("object")
        .remove("plan_item_id");
    let kept: ClassDto = expect_json(app.put(&class_path, &admin, &old_client).await, 200).await;
    assert_eq!(kept.plan_item_id, Some(item.id));
    // An item implemented by a class cannot be removed.
    expect_problem(
        app.delete(
            &format!("/api/v1/plans/{}/items/{}", plan_2026.id, item.id),
            &f.staff,
        )
        .await,
        409,
        "plan_item_in_use",
    )
    .await;

    // A class of 2026 implementing no item, cancelled: not held, not counted.
    let other: ClassDto = app
        .create(
            &admin,
            "classes",
            &cebase_tests::class_body("未举办的班", 5),
        )
        .await;
    app.transition(&admin, other.id, "cancel").await;

    f.run(&app, &admin).await;
    app.transition(&admin, f.class.id, "complete").await;

    // What the test set up: the stored outcomes and the learning records they produced.
    let completion: CompletionDto = expect_json(
        app.get(
            &format!("/api/v1/classes/{}/completion", f.class.id),
            &admin,
        )
        .await,
        200,
    )
    .await;
    let completed = completion
        .rows
        .iter()
        .filter(|r| r.outcome == CompletionOutcome::Completed)
        .count() as u32;
    assert!(completed > 0);
    let mut public = 0.0;
    let mut professional = 0.0;
    for row in completion
        .rows
        .iter()
        .filter(|r| r.outcome == CompletionOutcome::Completed)
    {
        let records: Page<LearningRecordDto> = expect_json(
            app.get(
                &format!("/api/v1/people/{}/learning-records", row.person_id),
                &admin,
            )
            .await,
            200,
        )
        .await;
        for r in records.items.iter().filter(|r| r.class_id == f.class.id) {
            public += r.public_required_hours;
            professional += r.professional_hours;
        }
    }
    assert!(public + professional > 0.0);
    // Every completed trainee gets a certificate; one is revoked and re-issued, which still
    // counts once.
    let mut certificates = Vec::new();
    for row in completion
        .rows
        .iter()
        .filter(|r| r.outcome == CompletionOutcome::Completed)
    {
        let cert: serde_json::Value = expect_json(
            app.post(
                &format!("/api/v1/enrolments/{}/certificate", row.enrolment_id),
                &f.staff,
                &json!({}),
            )
            .await,
            201,
        )
        .await;
        certificates.push(cert["id"].as_str().expect("id").to_owned());
    }
    let revoked = &certificates[0];
    let res = app
        .post(
            &format!("/api/v1/certificates/{revoked}/revoke"),
            &f.staff,
            &json!({"reason": "证书信息有误，重新发放"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let res = app
        .post(
            &format!("/api/v1/certificates/{revoked}/reissue"),
            &f.staff,
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let plan_2027: PlanDto = app
        .create(
            &f.staff,
            "plans",
            &json!({"year": 2027, "title": "2027年度培训计划", "narrative": "2026年度计划执行良好。"}),
        )
        .await;
    let summary: ExecutionSummaryDto = expect_json(
        app.get(
            &format!("/api/v1/plans/{}/execution-summary", plan_2027.id),
            &f.staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(summary.summary_year, 2026);
    assert_eq!(summary.previous_plan_id, Some(plan_2026.id));
    assert_eq!(summary.narrative.as_deref(), Some("2026年度计划执行良好。"));
    assert_eq!(summary.items.len(), 1);
    let row = &summary.items[0];
    assert_eq!(row.plan_item_id, Some(item.id));
    assert_eq!((row.planned_classes, row.planned_trainees), (1, 60));
    assert_eq!(row.planned_professional_hours, 2400.0);
    assert_eq!(row.planned_budget_fen, 30_000_000);
    assert_eq!(row.classes_held, 1);
    assert_eq!(row.trainees_completed, completed);
    assert_eq!(row.public_required_hours, public);
    assert_eq!(row.professional_hours, professional);
    assert_eq!(row.certificates_issued, Some(completed));
    assert_eq!(row.spending_fen, None);
    assert_eq!(summary.unplanned.classes_held, 0);
    assert_eq!(summary.total.classes_held, 1);
    assert_eq!(summary.total.trainees_completed, completed);
    assert_eq!(summary.total.certificates_issued, Some(completed));
    assert_eq!(summary.total.professional_hours, professional);

    // The export carries the items and the summary under Chinese headers.
    let res = app
        .get(
            &format!("/api/v1/plans/{}/plan.xlsx", plan_2026.id),
            &f.staff,
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some(XLSX)
    );
    let bytes = res.bytes().await.expect("body").to_vec();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let items = book.worksheet_range("计划项目").expect("items sheet");
    let header: Vec<String> = items
        .rows()
        .nth(1)
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header[1], "项目名称");
    let first: Vec<String> = items
        .rows()
        .nth(2)
        .expect("row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(first[1], "工业互联网安全高级研修班");
    assert_eq!(first[9], "300000");
    let res = app
        .get(
            &format!("/api/v1/plans/{}/plan.xlsx", plan_2027.id),
            &f.staff,
        )
        .await;
    let bytes = res.bytes().await.expect("body").to_vec();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx");
    let sheet = book
        .worksheet_range("2026年度执行情况")
        .expect("summary sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][5], "结业人数");
    assert_eq!(rows[1][0], "工业互联网安全高级研修班");
    assert_eq!(rows[1][3], "1");
    assert_eq!(rows[1][5], completed.to_string());
    assert_eq!(rows[3][0], "合计");
    let disposition = res_disposition(&app, &f.staff, plan_2027.id, "xlsx").await;
    assert!(
        disposition.contains(&rfc5987("2027年度培训计划.xlsx")),
        "{disposition}"
    );

    // The formal document: the 2027 plan with its item and the 2026 execution summary, with
    // the figures computed above.
    let mut body = item_body(2027, "数字经济公需科目专题培训班", 80);
    body["category"] = json!("public_required");
    body["budget_fen"] = json!(12_345_600);
    body["target_audience"] = json!("数字经济领域专业技术人员");
    body["commissioning_body"] = json!("工信部人事教育司");
    let _: PlanItemDto = app
        .create(&f.staff, &format!("plans/{}/items", plan_2027.id), &body)
        .await;
    let pdf = expect_pdf(
        app.get(
            &format!("/api/v1/plans/{}/plan.pdf", plan_2027.id),
            &f.staff,
        )
        .await,
    )
    .await;
    println!(
        "plan PDF: {} bytes, {} page(s)",
        pdf.bytes.len(),
        pdf.pages()
    );
    assert!(
        pdf.bytes.len() < 200_000,
        "a plan should weigh tens of KB: {} bytes",
        pdf.bytes.len()
    );
    assert!(
        pdf.disposition.contains(&rfc5987("2027年度培训计划.pdf")),
        "{}",
        pdf.disposition
    );
    let text = pdf.text();
    for expected in [
        "2027年度培训计划",
        "（2027年度培训计划及2026年度计划执行情况）",
        "一、2027年度培训项目",
        "二、2026年度计划执行情况",
        "三、执行情况说明",
        "2026年度计划执行良好。",
        "国家级专业技术人员继续教育基地",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    let pages = pdf.pages();
    assert!(
        text.replace(' ', "").contains(&format!("第1页共{pages}页")),
        "{text}"
    );
    assert!(line_with(&text, "计划年度").contains("2027年"), "{text}");
    assert!(line_with(&text, "计划状态").contains("草稿"), "{text}");
    // The 2027 item with every field, the budget in yuan.
    let item_row = tokens(line_with(&text, "数字经济公需科目专题培训班"));
    assert_eq!(
        item_row,
        [
            "1",
            "数字经济公需科目专题培训班",
            "研修班",
            "公需科目",
            "数字经济领域专业技术人员",
            "80",
            "40",
            "5月11日至5月15日",
            "123,456.00",
            "工信部人事教育司",
        ],
        "{text}"
    );
    // The 2026 execution: planned against what the class run above achieved.
    let hours = |h: f64| {
        let t = format!("{h:.1}");
        t.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let completed = completed.to_string();
    let (public, professional) = (hours(public), hours(professional));
    let executed = [
        "专业科目",
        "1",
        "1",
        "60",
        completed.as_str(),
        "0",
        public.as_str(),
        "2400",
        professional.as_str(),
        "300,000.00",
        // Spending is not kept yet; certificates: one per completed trainee.
        "暂无数据",
        completed.as_str(),
    ];
    let row = tokens(line_with(&text, "工业互联网安全高级研修班"));
    assert_eq!(row[0], "工业互联网安全高级研修班", "{text}");
    assert_eq!(row[1..], executed, "{text}");
    let total = text
        .lines()
        .map(tokens)
        .find(|t| t.first() == Some(&"合计"))
        .unwrap_or_else(|| panic!("no total row in:\n{text}"));
    assert_eq!(total[1..], executed[1..], "{text}");

    // Who may not read plans may not print them; an unknown plan is 404.
    let path = format!("/api/v1/plans/{}/plan.pdf", plan_2027.id);
    expect_problem(app.get(&path, &f.teacher).await, 403, "forbidden").await;
    expect_problem(app.get(&path, &f.trainee).await, 403, "forbidden").await;
    let unknown = format!("/api/v1/plans/{}/plan.pdf", Uuid::now_v7());
    expect_problem(app.get(&unknown, &f.staff).await, 404, "not_found").await;
}

/// The `Content-Disposition` of the plan's export in `extension`.
async fn res_disposition(app: &TestApp, token: &str, plan: Uuid, extension: &str) -> String {
    let res = app
        .get(&format!("/api/v1/plans/{plan}/plan.{extension}"), token)
        .await;
    assert_eq!(res.status(), 200);
    res.headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// The first line of `text` containing `needle`.
fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
}

fn tokens(line: &str) -> Vec<&str> {
    line.split_whitespace().collect()
}

#[tokio::test]
async fn a_long_plan_prints_on_numbered_pages_repeating_the_table_header() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff-doc", &["staff"]).await;
    let plan: PlanDto = app
        .create(
            &staff,
            "plans",
            &json!({"year": 2031, "title": "2031年度培训计划"}),
        )
        .await;
    for n in 1..=40 {
        let _: PlanItemDto = app
            .create(
                &staff,
                &format!("plans/{}/items", plan.id),
                &item_body(2031, &format!("专题研修班第{n:02}期"), 30 + n),
            )
            .await;
    }
    // A MIIT reviewer reads the plans submitted to MIIT, so prints them too (not a draft); the
    // provincial one does neither.
    let miit = app.reviewer(&admin, "miit-doc", "miit").await;
    let provincial = app.reviewer(&admin, "prov-doc", "provincial_hr").await;
    let path = format!("/api/v1/plans/{}/plan.pdf", plan.id);
    expect_problem(app.get(&path, &provincial).await, 403, "forbidden").await;
    expect_problem(app.get(&path, &miit).await, 404, "not_found").await;
    act(&app, &staff, plan.id, json!({"action": "submit_to_miit"})).await;
    let pdf = expect_pdf(app.get(&path, &miit).await).await;
    let pages = pdf.pages();
    println!("40-item plan PDF: {} bytes, {pages} pages", pdf.bytes.len());
    assert!(pages >= 2, "40 items fit on one page?");
    assert!(pdf.bytes.len() < 200_000, "{} bytes", pdf.bytes.len());
    let text = pdf.text();
    // Every item once, in order, none lost or repeated at a page break.
    let mut at = 0;
    for n in 1..=40 {
        let title = format!("专题研修班第{n:02}期");
        assert_eq!(text.matches(&title).count(), 1, "{title}:\n{text}");
        let found = text.find(&title).expect("present");
        assert!(found > at, "{title} out of order");
        at = found;
    }
    assert!(text.contains("2030年度没有年度计划"), "{text}");
    for n in 1..=pages {
        let page = pdf.page_text(n);
        assert!(
            page.replace(' ', "")
                .contains(&format!("第{n}页共{pages}页")),
            "page {n}:\n{page}"
        );
        assert!(
            page.contains("2031年度培训计划"),
            "running header, page {n}"
        );
        if page.contains("专题研修班第") {
            assert!(
                page.contains("项目名称"),
                "header repeated on page {n}:\n{page}"
            );
        }
    }
}

/// Issue 14, defect 9: a reviewer reads only the plans submitted to their authority (a state
/// it decides was reached), and only the scans of their authority's decisions; drafts, other
/// authorities' plans and scans answer 404 on every read, as if they did not exist.
#[tokio::test]
async fn reviewers_read_only_the_plans_submitted_to_their_authority() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff-scope", &["staff"]).await;
    let miit = app.reviewer(&admin, "miit-scope", "miit").await;
    let mohrss = app.reviewer(&admin, "mohrss-scope", "mohrss").await;
    let (draft, _) = plan_with_item(&app, &staff, 2070).await;
    let (sent, _) = plan_with_item(&app, &staff, 2071).await;
    act(&app, &staff, sent.id, json!({"action": "submit_to_miit"})).await;
    let pdf = b"%PDF-1.4\n% reply\n".to_vec();
    let upload = |plan: Uuid| {
        let (app, staff, pdf) = (&app, &staff, pdf.clone());
        async move {
            let scan: PlanScanDto = expect_json(
                app.upload(
                    staff,
                    &format!("/api/v1/plans/{plan}/scans"),
                    "application/pdf",
                    pdf,
                )
                .await,
                201,
            )
            .await;
            scan
        }
    };
    let unused = upload(draft.id).await;
    let reads = |plan: Uuid| {
        [
            format!("/api/v1/plans/{plan}"),
            format!("/api/v1/plans/{plan}/items"),
            format!("/api/v1/plans/{plan}/transitions"),
            format!("/api/v1/plans/{plan}/versions"),
            format!("/api/v1/plans/{plan}/versions/1"),
            format!("/api/v1/plans/{plan}/versions/compare?from=1&to=1"),
            format!("/api/v1/plans/{plan}/execution-summary"),
            format!("/api/v1/plans/{plan}/plan.xlsx"),
            format!("/api/v1/plans/{plan}/plan.pdf"),
        ]
    };
    let list = |token: &str| {
        let (app, token) = (&app, token.to_owned());
        async move {
            let page: Page<PlanDto> =
                expect_json(app.get("/api/v1/plans", &token).await, 200).await;
            page.items.iter().map(|p| p.id).collect::<Vec<_>>()
        }
    };
    let due = |token: &str| {
        let (app, token) = (&app, token.to_owned());
        async move {
            let page: Page<PlanDueDto> =
                expect_json(app.get("/api/v1/plans/due", &token).await, 200).await;
            let mut ids: Vec<Uuid> = page.items.iter().map(|d| d.plan_id).collect();
            ids.dedup();
            ids
        }
    };

    // Staff read both; MIIT only the plan submitted to it; MOHRSS nothing yet.
    assert_eq!(list(&staff).await, vec![draft.id, sent.id]);
    assert_eq!(list(&miit).await, vec![sent.id]);
    assert!(list(&mohrss).await.is_empty());
    assert_eq!(due(&miit).await, vec![sent.id]);
    assert!(due(&mohrss).await.is_empty());
    for path in reads(draft.id) {
        expect_problem(app.get(&path, &miit).await, 404, "not_found").await;
        expect_problem(app.get(&path, &mohrss).await, 404, "not_found").await;
    }
    for path in reads(sent.id) {
        let res = app.get(&path, &miit).await;
        assert_eq!(res.status(), 200, "{path}");
        expect_problem(app.get(&path, &mohrss).await, 404, "not_found").await;
    }
    let draft_scan = format!("/api/v1/plans/{}/scans/{}", draft.id, unused.id);
    expect_problem(app.get(&draft_scan, &miit).await, 404, "not_found").await;
    // Acting on a plan out of scope reveals nothing either.
    expect_problem(
        app.post(
            &transitions_path(draft.id),
            &miit,
            &json!({"action": "approve"}),
        )
        .await,
        404,
        "not_found",
    )
    .await;

    // Staff record MIIT's paper approval with a scan: MIIT reads that scan; a scan not yet
    // attached to a decision is nobody's but staff's.
    let reply = upload(sent.id).await;
    let spare = upload(sent.id).await;
    act(
        &app,
        &staff,
        sent.id,
        json!({"action": "approve", "document_number": "工信人函〔2070〕3号",
               "reply_date": "2025-01-02", "scan_id": reply.id}),
    )
    .await;
    let reply_path = format!("/api/v1/plans/{}/scans/{}", sent.id, reply.id);
    let spare_path = format!("/api/v1/plans/{}/scans/{}", sent.id, spare.id);
    assert_eq!(app.get(&reply_path, &miit).await.status(), 200);
    assert_eq!(app.get(&reply_path, &staff).await.status(), 200);
    expect_problem(app.get(&spare_path, &miit).await, 404, "not_found").await;

    // Submitted to MOHRSS, the plan is MOHRSS's to read too — but not MIIT's scan — and MIIT,
    // having decided on it, still reads it.
    act(&app, &staff, sent.id, json!({"action": "submit_to_mohrss"})).await;
    assert_eq!(list(&mohrss).await, vec![sent.id]);
    for path in reads(sent.id) {
        assert_eq!(app.get(&path, &mohrss).await.status(), 200, "{path}");
        assert_eq!(app.get(&path, &miit).await.status(), 200, "{path}");
    }
    expect_problem(app.get(&reply_path, &mohrss).await, 404, "not_found").await;
    // The draft stays out of every reviewer's sight.
    expect_problem(
        app.get(&format!("/api/v1/plans/{}", draft.id), &mohrss)
            .await,
        404,
        "not_found",
    )
    .await;
}
