//! Completing a class: every active enrolment evaluated against the completion rules in the
//! transaction that changes the state, outcomes stored with their reasons, learning records
//! written for the completed.

use cebase_domain::class::ClassStatus;
use cebase_domain::dto::Page;
use cebase_domain::learning::CompletionFailure;
use cebase_domain::training::{CompletionDto, CompletionOutcome, DeliveryForm, LearningRecordDto};
use cebase_tests::{TestApp, TrainedClass, expect_json, expect_problem};
use serde_json::json;

#[tokio::test]
async fn completing_a_class_stores_outcomes_with_reasons_and_writes_learning_records() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    f.run(&app, &admin).await;
    let path = format!("/api/v1/classes/{}/completion", f.class.id);
    let ids: Vec<_> = f.enrolments.iter().map(|e| e.id).collect();

    let expected_failures = vec![
        vec![],
        vec![CompletionFailure::Attendance {
            attended: 3,
            sessions: 5,
            required_percent: 80,
        }],
        vec![CompletionFailure::AssessmentNotPassed],
        vec![CompletionFailure::AssessmentMissing],
    ];
    let outcomes = |c: &CompletionDto| {
        c.rows
            .iter()
            .map(|r| (r.enrolment_id, r.outcome, r.failures.clone()))
            .collect::<Vec<_>>()
    };
    let expected: Vec<_> = ids
        .iter()
        .zip(&expected_failures)
        .map(|(id, failures)| {
            let outcome = if failures.is_empty() {
                CompletionOutcome::Completed
            } else {
                CompletionOutcome::NotCompleted
            };
            (*id, outcome, failures.clone())
        })
        .collect();

    // The preview says what completing now would store.
    let preview: CompletionDto = expect_json(app.get(&path, &f.staff).await, 200).await;
    assert!(!preview.stored);
    assert_eq!(outcomes(&preview), expected);
    assert_eq!(
        preview.rows.iter().map(|r| r.attended).collect::<Vec<_>>(),
        vec![5, 3, 4, 5],
        "excused leave counts as attended"
    );
    assert!(preview.rows.iter().all(|r| r.evaluated_at.is_none()));
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{}/transitions", f.class.id),
            &f.teacher,
            &json!({"action": "complete"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    let completed = app.transition(&f.staff, f.class.id, "complete").await;
    assert_eq!(completed.status, ClassStatus::Completed);
    assert!(completed.allowed_actions.is_empty());
    let stored: CompletionDto = expect_json(app.get(&path, &f.teacher).await, 200).await;
    assert!(stored.stored);
    assert_eq!(outcomes(&stored), expected);
    assert_eq!(
        stored
            .rows
            .iter()
            .map(|r| r.assessment_passed)
            .collect::<Vec<_>>(),
        vec![Some(true), Some(true), Some(false), None]
    );
    assert!(stored.rows.iter().all(|r| r.evaluated_at.is_some()));
    // Trainees see their own outcome, organisation contacts their people's.
    let own: CompletionDto = expect_json(app.get(&path, &f.trainee).await, 200).await;
    assert_eq!(own.rows.len(), 1);
    assert_eq!(own.rows[0].enrolment_id, ids[0]);
    let theirs: CompletionDto = expect_json(app.get(&path, &f.contact_b).await, 200).await;
    assert_eq!(
        theirs
            .rows
            .iter()
            .map(|r| r.enrolment_id)
            .collect::<Vec<_>>(),
        vec![ids[3]]
    );

    // The completed trainee has a learning record; the others none.
    let records: Page<LearningRecordDto> = expect_json(
        app.get(
            &format!(
                "/api/v1/people/{}/learning-records",
                f.enrolments[0].person_id
            ),
            &f.trainee,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(records.items.len(), 1);
    let r = &records.items[0];
    assert_eq!(
        (r.version, r.year, r.form),
        (1, 2026, DeliveryForm::FaceToFace)
    );
    assert_eq!(r.class_id, f.class.id);
    assert_eq!(r.content, "人工智能高级研修班：职业道德与法规、机器学习");
    assert_eq!(
        (r.public_required_hours, r.professional_hours, r.total_hours),
        (30.0, 60.0, 90.0)
    );
    assert_eq!(
        r.assessment_result.as_deref(),
        Some("结业考试 86.5/100 合格")
    );
    assert_eq!(r.certificate_number, None);
    for e in &f.enrolments[1..] {
        let none: Page<LearningRecordDto> = expect_json(
            app.get(
                &format!("/api/v1/people/{}/learning-records", e.person_id),
                &admin,
            )
            .await,
            200,
        )
        .await;
        assert!(none.items.is_empty());
    }

    // Everything was audited in the completing transaction.
    let audit = app.audit_of(&admin, "class", f.class.id).await;
    assert_eq!(audit[0].action, "class.complete");
    let after = audit[0].after.clone().unwrap_or_default();
    assert_eq!(after["status"], "completed");
    assert_eq!(after["outcomes"].as_array().map(Vec::len), Some(4));
    let record_audit = app.audit_of(&admin, "learning_record", r.id).await;
    assert_eq!(record_audit[0].action, "learning_record.create");

    // Results and attendance are closed once the class is evaluated.
    expect_problem(
        app.put(
            &f.results_path(),
            &f.staff,
            &json!({"results": [{"enrolment_id": ids[3], "score": 90}]}),
        )
        .await,
        409,
        "results_closed",
    )
    .await;
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{}/transitions", f.class.id),
            &f.staff,
            &json!({"action": "complete"}),
        )
        .await,
        409,
        "transition_not_allowed",
    )
    .await;
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{}/assessments", f.class.id),
            &f.staff,
            &json!({"title": "补考", "kind": "exam", "scoring": "pass_fail"}),
        )
        .await,
        409,
        "class_not_editable",
    )
    .await;
}

#[tokio::test]
async fn a_class_without_required_assessment_completes_on_attendance_alone() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    // Relax the rules while the class is in progress: no assessment required, 60 % attendance.
    let mut class = serde_json::to_value(&f.class).expect("json");
    class["completion_rules"] = json!({"min_attendance_percent": 60, "assessment_required": false});
    f.run(&app, &admin).await;
    let current = app.class(&admin, f.class.id).await;
    class["version"] = json!(current.version);
    expect_json::<serde_json::Value>(
        app.put(&format!("/api/v1/classes/{}", f.class.id), &f.staff, &class)
            .await,
        200,
    )
    .await;
    app.transition(&f.staff, f.class.id, "complete").await;
    let stored: CompletionDto = expect_json(
        app.get(
            &format!("/api/v1/classes/{}/completion", f.class.id),
            &admin,
        )
        .await,
        200,
    )
    .await;
    assert!(
        stored
            .rows
            .iter()
            .all(|r| r.outcome == CompletionOutcome::Completed),
        "{stored:?}"
    );
    // Person 4 has no result: the record says so.
    let records: Page<LearningRecordDto> = expect_json(
        app.get(
            &format!(
                "/api/v1/people/{}/learning-records",
                f.enrolments[3].person_id
            ),
            &admin,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        records.items[0].assessment_result.as_deref(),
        Some("结业考试 无成绩")
    );
}
