//! `/classes/{id}/assessments` and `/assessments/{id}/results`: assessments created by staff,
//! results entered by the class's teachers and staff while the class is in progress, every
//! correction kept with the previous value, who, when and why.
//!
//! [`fixture`] builds the whole class the completion and learning-record tests use too.

use cebase_domain::master::{CourseDto, OrganisationDto};
use cebase_domain::training::{
    AssessmentDto, ClassDto, EnrolmentDto, ResultHistoryDto, ResultsDto, Scoring, SessionDto,
};
use cebase_tests::{
    TestApp, class_body, course_body, credit_code, expect_json, expect_problem, organisation_body,
};
use serde_json::json;
use uuid::Uuid;

/// A class (2026-03-02 to 2026-03-06; completion: 80 % attendance and the assessment passed)
/// with five sessions taught by `teacher` — two public-required sessions of 15 hours and three
/// professional ones of 20 (30 + 60 hours) — a scored exam (max 100, pass mark 60), and four
/// active enrolments plus a withdrawn one. People 1–3 work for organisation A, person 4 for B.
pub(crate) struct Fixture {
    pub class: ClassDto,
    pub sessions: Vec<SessionDto>,
    pub exam: AssessmentDto,
    /// Active: the trainee's own (person 1), persons 2, 3 (organisation A), person 4 (B).
    pub enrolments: Vec<EnrolmentDto>,
    pub withdrawn: EnrolmentDto,
    pub org_a: OrganisationDto,
    pub org_b: OrganisationDto,
    pub staff: String,
    pub staff_id: Uuid,
    pub teacher: String,
    /// A qualified teacher of another class.
    pub other_teacher: String,
    /// Linked to person 1.
    pub trainee: String,
    pub contact_a: String,
    pub contact_b: String,
}

pub(crate) async fn fixture(app: &TestApp, admin: &str) -> Fixture {
    let (staff_id, staff) = app.account(admin, "staff1", &["staff"]).await;
    let org_a: OrganisationDto = app
        .create(
            admin,
            "organisations",
            &organisation_body("甲单位", &credit_code(1)),
        )
        .await;
    let org_b: OrganisationDto = app
        .create(
            admin,
            "organisations",
            &organisation_body("乙单位", &credit_code(2)),
        )
        .await;
    let (teacher_user, teacher) = app.account(admin, "teacher1", &["teacher"]).await;
    let teacher_person = app.person(admin, 100, None, Some(teacher_user)).await;
    let own_teacher = app.qualified_teacher(admin, teacher_person.id).await;
    let (other_user, other_teacher) = app.account(admin, "teacher2", &["teacher"]).await;
    let other_person = app.person(admin, 101, None, Some(other_user)).await;
    let other = app.qualified_teacher(admin, other_person.id).await;
    let (trainee_user, trainee) = app.account(admin, "trainee1", &["trainee"]).await;
    let (contact_a_user, contact_a) = app.account(admin, "contact_a", &["org_contact"]).await;
    app.person(admin, 102, Some(org_a.id), Some(contact_a_user))
        .await;
    let (contact_b_user, contact_b) = app.account(admin, "contact_b", &["org_contact"]).await;
    app.person(admin, 103, Some(org_b.id), Some(contact_b_user))
        .await;

    let public: CourseDto = app
        .create(
            admin,
            "courses",
            &json!({"title": "职业道德与法规", "category": "public_required", "credit_hours": 15.0}),
        )
        .await;
    let professional: CourseDto = app.create(admin, "courses", &course_body("机器学习")).await;
    let mut body = class_body("人工智能高级研修班", 10);
    body["completion_rules"] = json!({"min_attendance_percent": 80, "assessment_required": true});
    let class: ClassDto = app.create(admin, "classes", &body).await;
    let mut sessions = Vec::new();
    for (date, course, hours) in [
        ("2026-03-02", public.id, 15.0),
        ("2026-03-03", public.id, 15.0),
        ("2026-03-04", professional.id, 20.0),
        ("2026-03-05", professional.id, 20.0),
        ("2026-03-06", professional.id, 20.0),
    ] {
        sessions.push(
            app.create::<SessionDto>(
                admin,
                &format!("classes/{}/sessions", class.id),
                &json!({
                    "date": date, "start_time": "09:00", "end_time": "17:00",
                    "course_id": course, "teacher_id": own_teacher.id, "credit_hours": hours,
                }),
            )
            .await,
        );
    }
    // The other teacher teaches another class.
    let elsewhere: ClassDto = app
        .create(admin, "classes", &class_body("另一班", 10))
        .await;
    app.create::<SessionDto>(
        admin,
        &format!("classes/{}/sessions", elsewhere.id),
        &json!({
            "date": "2026-03-04", "start_time": "09:00", "end_time": "11:00",
            "course_id": professional.id, "teacher_id": other.id, "credit_hours": 2.0,
        }),
    )
    .await;

    let exam: AssessmentDto = app
        .create(
            &staff,
            &format!("classes/{}/assessments", class.id),
            &json!({"title": "结业考试", "kind": "exam", "scoring": "scored",
                    "max_score": 100, "pass_mark": 60}),
        )
        .await;
    let people = [
        app.person(admin, 1, Some(org_a.id), Some(trainee_user))
            .await,
        app.person(admin, 2, Some(org_a.id), None).await,
        app.person(admin, 3, Some(org_a.id), None).await,
        app.person(admin, 4, Some(org_b.id), None).await,
        app.person(admin, 5, Some(org_a.id), None).await,
    ];
    let mut enrolments = Vec::new();
    for p in &people {
        enrolments.push(
            expect_json::<EnrolmentDto>(
                app.post(
                    &format!("/api/v1/classes/{}/enrolments", class.id),
                    &staff,
                    &json!({"person_id": p.id}),
                )
                .await,
                201,
            )
            .await,
        );
    }
    let withdrawn = enrolments.pop().expect("five");
    let withdrawn: EnrolmentDto = expect_json(
        app.post(
            &format!("/api/v1/enrolments/{}/withdraw", withdrawn.id),
            &staff,
            &json!({}),
        )
        .await,
        200,
    )
    .await;
    Fixture {
        class,
        sessions,
        exam,
        enrolments,
        withdrawn,
        org_a,
        org_b,
        staff,
        staff_id,
        teacher,
        other_teacher,
        trainee,
        contact_a,
        contact_b,
    }
}

pub(crate) fn results_path(f: &Fixture) -> String {
    format!("/api/v1/assessments/{}/results", f.exam.id)
}

/// Starts the class and records what the completion tests expect: person 1 attends 5 of 5 and
/// scores 86.5; person 2 attends 3 of 5 (below 80 %) and scores 70; person 3 attends 3 and is
/// excused once (4 of 5) and scores 55 (below the pass mark); person 4 attends 5 and has no
/// result.
pub(crate) async fn run_the_class(app: &TestApp, admin: &str, f: &Fixture) {
    app.transition(admin, f.class.id, "open").await;
    app.transition(admin, f.class.id, "start").await;
    let e: Vec<Uuid> = f.enrolments.iter().map(|e| e.id).collect();
    let mut marks = Vec::new();
    for (i, s) in f.sessions.iter().enumerate() {
        let status = |present: bool| if present { "present" } else { "absent" };
        marks.push(json!({"session_id": s.id, "enrolment_id": e[0], "status": "present"}));
        marks.push(json!({"session_id": s.id, "enrolment_id": e[1], "status": status(i < 3)}));
        let third = match i {
            0..=2 => "present",
            3 => "excused",
            _ => "absent",
        };
        marks.push(json!({"session_id": s.id, "enrolment_id": e[2], "status": third}));
        marks.push(json!({"session_id": s.id, "enrolment_id": e[3], "status": "present"}));
    }
    expect_json::<serde_json::Value>(
        app.put(
            &format!("/api/v1/classes/{}/attendance", f.class.id),
            &f.teacher,
            &json!({ "marks": marks }),
        )
        .await,
        200,
    )
    .await;
    expect_json::<ResultsDto>(
        app.put(
            &results_path(f),
            &f.teacher,
            &json!({"results": [
                {"enrolment_id": e[0], "score": 86.5},
                {"enrolment_id": e[1], "score": 70},
                {"enrolment_id": e[2], "score": 55},
            ]}),
        )
        .await,
        200,
    )
    .await;
}

#[tokio::test]
async fn staff_create_assessments_with_a_valid_grading() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
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
    let f = fixture(&app, &admin).await;
    let path = results_path(&f);
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
    let f = fixture(&app, &admin).await;
    let path = results_path(&f);
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
