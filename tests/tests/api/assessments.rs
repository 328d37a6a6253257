//! `/classes/{id}/assessments` and `/assessments/{id}/results`: assessments created by staff,
//! results entered by the class's teachers and staff while the class is in progress, every
//! correction kept with the previous value, who, when and why.

use cebase_domain::training::{AssessmentDto, ResultHistoryDto, ResultsDto, Scoring};
use cebase_tests::{TestApp, TrainedClass, expect_json, expect_problem};
use serde_json::json;
use uuid::Uuid;

#[tokio::test]
async fn staff_create_assessments_with_a_valid_grading() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    let path = format!("/api/v1/classes/{}/assessments", f.class.id);
    assert_eq!(f.exam.scoring, Scoring::Scored);
    assert_eq!(
        (f.exam.max_score, f.exam.pass_mark),
        (Some(100.0), Some(60.0))
    );

    let res = app
        .post(
            &path,
            &f.staff,
            &json!({"title": "实践考核", "kind": "assessment", "scoring": "pass_fail"}),
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let practical: AssessmentDto = expect_json(res, 201).await;
    assert_eq!(
        location,
        Some(format!("/api/v1/assessments/{}", practical.id))
    );
    assert_eq!(practical.max_score, None);
    let read: AssessmentDto = expect_json(
        app.get(&format!("/api/v1/assessments/{}", practical.id), &f.teacher)
            .await,
        200,
    )
    .await;
    assert_eq!(read, practical);
    let list: cebase_domain::dto::Page<AssessmentDto> =
        expect_json(app.get(&path, &f.teacher).await, 200).await;
    assert_eq!(
        list.items.iter().map(|a| a.id).collect::<Vec<_>>(),
        vec![f.exam.id, practical.id]
    );

    let problem = expect_problem(
        app.post(
            &path,
            &f.staff,
            &json!({"title": " ", "kind": "exam", "scoring": "scored", "max_score": 50,
                    "pass_mark": 60, "course_id": Uuid::new_v4()}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("title", "required"),
            ("pass_mark", "above_max_score"),
            ("course_id", "not_found"),
        ]
    );
    let body = json!({"title": "补考", "kind": "exam", "scoring": "pass_fail"});
    expect_problem(app.post(&path, &f.teacher, &body).await, 403, "forbidden").await;
    expect_problem(app.get(&path, &f.other_teacher).await, 404, "not_found").await;
    let audit = app.audit_of(&admin, "assessment", practical.id).await;
    assert_eq!(audit[0].action, "assessment.create");
}

#[tokio::test]
async fn results_are_entered_by_the_classs_teachers_and_corrections_keep_history() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    let path = f.results_path();
    let [e1, e2, e3, e4] = [
        f.enrolments[0].id,
        f.enrolments[1].id,
        f.enrolments[2].id,
        f.enrolments[3].id,
    ];
    let first = json!({"results": [{"enrolment_id": e3, "score": 55}]});
    // Nothing has happened before the class starts.
    expect_problem(
        app.put(&path, &f.teacher, &first).await,
        409,
        "results_closed",
    )
    .await;
    app.transition(&admin, f.class.id, "open").await;
    app.transition(&admin, f.class.id, "start").await;

    // Only the class's teachers and staff enter results.
    expect_problem(
        app.put(&path, &f.other_teacher, &first).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(app.put(&path, &f.trainee, &first).await, 403, "forbidden").await;
    expect_problem(app.put(&path, &f.contact_a, &first).await, 403, "forbidden").await;

    // A batch with any bad entry writes nothing.
    let problem = expect_problem(
        app.put(
            &path,
            &f.teacher,
            &json!({"results": [
                {"enrolment_id": e1, "score": 100.5},
                {"enrolment_id": e2, "passed": true},
                {"enrolment_id": f.withdrawn.id, "score": 80},
                {"enrolment_id": e4, "score": 86.55},
                {"enrolment_id": e1, "score": 90},
            ]}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        problem
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect::<Vec<_>>(),
        vec![
            ("results[0].score", "range"),
            ("results[1].passed", "not_applicable"),
            ("results[2].enrolment_id", "withdrawn"),
            ("results[3].score", "precision"),
            ("results[4]", "duplicate"),
        ]
    );

    let sheet: ResultsDto = expect_json(app.put(&path, &f.teacher, &first).await, 200).await;
    assert_eq!(
        sheet
            .rows
            .iter()
            .map(|r| r.enrolment_id)
            .collect::<Vec<_>>(),
        vec![e1, e2, e3, e4],
        "active enrolments only"
    );
    assert_eq!(
        (sheet.rows[2].score, sheet.rows[2].passed),
        (Some(55.0), Some(false))
    );
    assert_eq!((sheet.rows[0].score, sheet.rows[0].passed), (None, None));

    // Correcting a recorded result needs a reason; nothing changes without one.
    let problem = expect_problem(
        app.put(
            &path,
            &f.staff,
            &json!({"results": [{"enrolment_id": e3, "score": 62.5, "reason": "  "}]}),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "results[0].reason");
    assert_eq!(problem.errors[0].code, "required");
    let corrected: ResultsDto = expect_json(
        app.put(
            &path,
            &f.staff,
            &json!({"results": [{"enrolment_id": e3, "score": 62.5, "reason": "复核试卷，第 3 题漏计 7.5 分"}]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (
            corrected.rows[2].score,
            corrected.rows[2].passed,
            corrected.rows[2].corrections
        ),
        (Some(62.5), Some(true), 1)
    );
    // Repeating the value changes nothing and needs no reason.
    expect_json::<ResultsDto>(
        app.put(
            &path,
            &f.teacher,
            &json!({"results": [{"enrolment_id": e3, "score": 62.5}]}),
        )
        .await,
        200,
    )
    .await;

    let history_path = format!("{path}/{e3}/history");
    let history: ResultHistoryDto =
        expect_json(app.get(&history_path, &f.teacher).await, 200).await;
    assert_eq!((history.score, history.passed), (Some(62.5), true));
    assert_eq!(history.recorded_by, f.staff_id);
    assert_eq!(history.corrections.len(), 1);
    let c = &history.corrections[0];
    assert_eq!((c.previous_score, c.previous_passed), (Some(55.0), false));
    assert_eq!((c.score, c.passed), (Some(62.5), true));
    assert_eq!(c.reason, "复核试卷，第 3 题漏计 7.5 分");
    assert_eq!(c.corrected_by, f.staff_id);

    let audit = app.audit_of(&admin, "assessment", f.exam.id).await;
    assert_eq!(audit[0].action, "assessment.results");
    assert_eq!(
        audit[0].before,
        Some(json!([{"enrolment_id": e3, "score": 55.0, "passed": false}]))
    );
    assert_eq!(
        audit[0].after,
        Some(json!([{"enrolment_id": e3, "score": 62.5, "passed": true,
                     "reason": "复核试卷，第 3 题漏计 7.5 分"}]))
    );
    assert_eq!(audit[1].actor_username.as_deref(), Some("teacher1"));

    // Rows and histories are shown as enrolments are.
    let own: ResultsDto = expect_json(app.get(&path, &f.trainee).await, 200).await;
    assert_eq!(
        own.rows.iter().map(|r| r.enrolment_id).collect::<Vec<_>>(),
        vec![e1]
    );
    expect_problem(app.get(&history_path, &f.trainee).await, 404, "not_found").await;
    expect_problem(app.get(&history_path, &f.contact_b).await, 404, "not_found").await;
    expect_json::<ResultHistoryDto>(app.get(&history_path, &f.contact_a).await, 200).await;
    expect_problem(
        app.get(&format!("{path}/{e1}/history"), &f.teacher).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(app.get(&path, &f.other_teacher).await, 404, "not_found").await;
    let (_, finance) = app.account(&admin, "finance1", &["finance"]).await;
    expect_problem(app.get(&path, &finance).await, 403, "forbidden").await;
}

/// The sheet shows each row's masked document number and the result's version; an entry sent
/// with the version it was read at is refused (409, nothing written) once the result changed,
/// so a stale screen cannot overwrite someone else's entry; the history names who recorded and
/// corrected.
#[tokio::test]
async fn stale_entries_are_refused_and_the_history_names_who_changed_results() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = TrainedClass::build(&app, &admin).await;
    let path = f.results_path();
    let [e1, e2] = [f.enrolments[0].id, f.enrolments[1].id];
    app.transition(&admin, f.class.id, "open").await;
    app.transition(&admin, f.class.id, "start").await;

    let read: ResultsDto = expect_json(app.get(&path, &f.teacher).await, 200).await;
    let row = &read.rows[0];
    assert_eq!(row.version, 0);
    let full = cebase_tests::resident_id(1);
    assert_eq!(row.id_number, cebase_domain::identity::mask(&full));
    assert_ne!(row.id_number, full, "lists never show the full number");

    // The teacher enters 学员1's score (version 0 → 1).
    let entered: ResultsDto = expect_json(
        app.put(
            &path,
            &f.teacher,
            &json!({"results": [{"enrolment_id": e1, "score": 58, "version": 0}]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(entered.rows[0].version, 1);

    // Staff, still looking at the empty sheet, enter 学员1 and 学员2: refused, nothing written.
    let problem = expect_problem(
        app.put(
            &path,
            &f.staff,
            &json!({"results": [
                {"enrolment_id": e2, "score": 75, "version": 0},
                {"enrolment_id": e1, "score": 61, "version": 0, "reason": "复核"},
            ]}),
        )
        .await,
        409,
        "version_conflict",
    )
    .await;
    assert!(
        problem
            .detail
            .as_deref()
            .unwrap_or_default()
            .contains("results[1]"),
        "the detail names the stale entry: {:?}",
        problem.detail
    );
    let after: ResultsDto = expect_json(app.get(&path, &f.staff).await, 200).await;
    assert_eq!(
        (after.rows[0].score, after.rows[1].score),
        (Some(58.0), None),
        "a refused batch writes nothing"
    );

    // With the version read now, the correction goes through (1 → 2).
    let corrected: ResultsDto = expect_json(
        app.put(
            &path,
            &f.staff,
            &json!({"results": [
                {"enrolment_id": e2, "score": 75, "version": 0},
                {"enrolment_id": e1, "score": 61, "version": 1, "reason": "复核试卷，第 2 题漏计 3 分"},
            ]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (corrected.rows[0].score, corrected.rows[0].version),
        (Some(61.0), 2)
    );
    let history: ResultHistoryDto = expect_json(
        app.get(&format!("{path}/{e1}/history"), &f.teacher).await,
        200,
    )
    .await;
    assert_eq!(history.recorded_by_name, "测试 staff1");
    assert_eq!(history.corrections.len(), 1);
    assert_eq!(history.corrections[0].corrected_by_name, "测试 staff1");
    assert_eq!(history.corrections[0].previous_score, Some(58.0));
    // Creation, the teacher's entry and the staff's batch; the refused batch left no entry.
    let audit = app.audit_of(&admin, "assessment", f.exam.id).await;
    assert_eq!(
        audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(),
        vec![
            "assessment.results",
            "assessment.results",
            "assessment.create"
        ]
    );
    assert_eq!(audit[1].actor_username.as_deref(), Some("teacher1"));
}
