//! `/classes`: details with validation, the teaching schedule with Art. 13-qualified teachers,
//! the lifecycle (`open`, `start`, `cancel`) and who sees which classes.

use cebase_domain::class::{ClassStatus, TransitionAction};
use cebase_domain::dto::Page;
use cebase_domain::master::{CourseDto, OrganisationDto, TeacherDto};
use cebase_domain::training::{ClassDto, SessionDto};
use cebase_tests::{
    TestApp, class_body, course_body, credit_code, expect_json, expect_problem, organisation_body,
    session_body, teacher_body, with_version,
};
use serde_json::json;

fn fields(problem: &cebase_domain::Problem) -> Vec<(&str, &str)> {
    problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

#[tokio::test]
async fn staff_create_read_and_update_a_class_with_an_audit_trail() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let org: OrganisationDto = app
        .create(
            &staff,
            "organisations",
            &organisation_body("委托单位", &credit_code(1)),
        )
        .await;
    let mut body = class_body("人工智能工程技术人员高级研修班", 40);
    body["commissioning_organisation_id"] = json!(org.id);
    let res = app.post("/api/v1/classes", &staff, &body).await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let created: ClassDto = expect_json(res, 201).await;
    assert_eq!(location, Some(format!("/api/v1/classes/{}", created.id)));
    assert_eq!(created.status, ClassStatus::Planned);
    assert_eq!(
        (created.capacity, created.enrolled_count, created.seats_left),
        (40, 0, 40)
    );
    assert_eq!(created.fee_fen, 280_000);
    assert_eq!(created.commissioning_organisation_id, Some(org.id));
    assert_eq!(created.completion_rules.min_attendance_percent, 80);
    assert_eq!(
        created.allowed_actions,
        vec![TransitionAction::Open, TransitionAction::Cancel]
    );
    assert_eq!(created.session_count, 0);
    assert_eq!(
        created.syllabus.as_deref(),
        Some("一、机器学习基础\n二、大模型应用")
    );

    let path = format!("/api/v1/classes/{}", created.id);
    assert_eq!(app.class(&staff, created.id).await, created);
    let mut changed = body.clone();
    changed["capacity"] = json!(30);
    changed["location"] = json!("线上");
    changed["form"] = json!("online");
    let updated: ClassDto = expect_json(
        app.put(
            &path,
            &staff,
            &with_version(changed.clone(), created.version),
        )
        .await,
        200,
    )
    .await;
    assert_eq!((updated.capacity, updated.version), (30, 2));
    expect_problem(
        app.put(&path, &staff, &with_version(changed, created.version))
            .await,
        409,
        "version_conflict",
    )
    .await;

    let listed: Page<ClassDto> = expect_json(
        app.get(
            &format!("/api/v1/classes?organisation_id={}&status=planned", org.id),
            &staff,
        )
        .await,
        200,
    )
    .await;
    assert_eq!(listed.items, vec![updated.clone()]);
    let none: Page<ClassDto> = expect_json(
        app.get("/api/v1/classes?kind=training_class", &staff).await,
        200,
    )
    .await;
    assert!(none.items.is_empty());

    let audit = app.audit_of(&admin, "class", created.id).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["class.update", "class.create"]);
    assert_eq!(
        audit[0].before.as_ref().map(|b| b["capacity"].clone()),
        Some(json!(40))
    );
}

#[tokio::test]
async fn class_validation_names_every_failing_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let mut body = class_body(" ", 0);
    body["end_date"] = json!("2026-03-01");
    body["location"] = json!(null);
    body["fee_fen"] = json!(-100);
    body["completion_rules"] = json!({"min_attendance_percent": 101, "assessment_required": true});
    body["commissioning_organisation_id"] = json!(uuid::Uuid::new_v4());
    let problem = expect_problem(
        app.post("/api/v1/classes", &admin, &body).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        fields(&problem),
        vec![
            ("title", "required"),
            ("location", "required"),
            ("end_date", "before_start"),
            ("capacity", "range"),
            ("fee_fen", "range"),
            ("completion_rules.min_attendance_percent", "range"),
            ("commissioning_organisation_id", "not_found"),
        ]
    );
    let mut bad_kind = class_body("研修班", 10);
    bad_kind["kind"] = json!("party");
    expect_problem(
        app.post("/api/v1/classes", &admin, &bad_kind).await,
        400,
        "invalid_json",
    )
    .await;
}

/// A class with a qualified teacher and a course; returns (class, course, teacher).
async fn class_with_teacher(app: &TestApp, token: &str) -> (ClassDto, CourseDto, TeacherDto) {
    let class: ClassDto = app
        .create(token, "classes", &class_body("研修班", 10))
        .await;
    let course: CourseDto = app
        .create(token, "courses", &course_body("机器学习基础"))
        .await;
    let person = app.person(token, 900, None, None).await;
    let teacher = app.qualified_teacher(token, person.id).await;
    (class, course, teacher)
}

#[tokio::test]
async fn the_schedule_takes_only_qualified_teachers_and_stays_within_the_class() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let (class, course, teacher) = class_with_teacher(&app, &staff).await;
    let sessions_path = format!("/api/v1/classes/{}/sessions", class.id);

    let res = app
        .post(
            &sessions_path,
            &staff,
            &session_body(course.id, teacher.id, "2026-03-02"),
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let first: SessionDto = expect_json(res, 201).await;
    assert_eq!(location, Some(format!("{sessions_path}/{}", first.id)));
    assert_eq!(first.course_title, "机器学习基础");
    assert_eq!(first.teacher_name, "学员900");
    assert_eq!(first.credit_hours, 2.5);
    assert_eq!(first.start_time.to_string(), "09:00:00");

    // An unqualified teacher is refused, naming each unmet rule of Art. 13.
    let unqualified_person = app.person(&staff, 901, None, None).await;
    let unqualified: TeacherDto = app
        .create(
            &staff,
            "teachers",
            &teacher_body(unqualified_person.id, "bachelor", "intermediate", false),
        )
        .await;
    let problem = expect_problem(
        app.post(
            &sessions_path,
            &staff,
            &session_body(course.id, unqualified.id, "2026-03-03"),
        )
        .await,
        422,
        "teacher_not_qualified",
    )
    .await;
    assert_eq!(
        fields(&problem),
        vec![
            ("teacher_id", "degree_or_title"),
            ("teacher_id", "leader_or_backbone_attestation"),
        ]
    );
    assert!(problem.errors.iter().all(|e| e.message.contains("Art. 13")));
    assert!(problem.detail.unwrap_or_default().contains("Art. 13"));

    // Outside the class's dates, ending before it starts, unknown course: every field at once.
    let mut bad = session_body(uuid::Uuid::new_v4(), teacher.id, "2026-03-09");
    bad["end_time"] = json!("08:00");
    let problem = expect_problem(
        app.post(&sessions_path, &staff, &bad).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        fields(&problem),
        vec![
            ("date", "outside_class"),
            ("end_time", "before_start"),
            ("course_id", "not_found"),
        ]
    );

    let second: SessionDto = app
        .create(
            &staff,
            &format!("classes/{}/sessions", class.id),
            &session_body(course.id, teacher.id, "2026-03-06"),
        )
        .await;
    let session_path = format!("{sessions_path}/{}", second.id);
    let mut moved = session_body(course.id, teacher.id, "2026-03-05");
    moved["credit_hours"] = json!(3);
    let moved: SessionDto = expect_json(
        app.put(&session_path, &staff, &with_version(moved, second.version))
            .await,
        200,
    )
    .await;
    assert_eq!((moved.credit_hours, moved.version), (3.0, 2));
    let listed: Page<SessionDto> = expect_json(app.get(&sessions_path, &staff).await, 200).await;
    assert_eq!(
        listed.items.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![first.id, second.id]
    );
    let seen = app.class(&staff, class.id).await;
    assert_eq!((seen.session_count, seen.scheduled_credit_hours), (2, 5.5));

    // The class's dates cannot move away from its sessions.
    let mut shorter = class_body("研修班", 10);
    shorter["start_date"] = json!("2026-03-03");
    shorter["end_date"] = json!("2026-03-04");
    let problem = expect_problem(
        app.put(
            &format!("/api/v1/classes/{}", class.id),
            &staff,
            &with_version(shorter, seen.version),
        )
        .await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        fields(&problem),
        vec![
            ("start_date", "sessions_outside"),
            ("end_date", "sessions_outside"),
        ]
    );

    let deleted = app.delete(&session_path, &staff).await;
    assert_eq!(deleted.status(), 204);
    expect_problem(app.delete(&session_path, &staff).await, 404, "not_found").await;
    let audit = app.audit_of(&admin, "class_session", second.id).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec![
            "class_session.delete",
            "class_session.update",
            "class_session.create"
        ]
    );

    // Once the class starts, the schedule is fixed.
    app.transition(&staff, class.id, "open").await;
    app.transition(&staff, class.id, "start").await;
    expect_problem(
        app.post(
            &sessions_path,
            &staff,
            &session_body(course.id, teacher.id, "2026-03-03"),
        )
        .await,
        409,
        "class_not_editable",
    )
    .await;
    expect_problem(
        app.delete(&format!("{sessions_path}/{}", first.id), &staff)
            .await,
        409,
        "class_not_editable",
    )
    .await;
    // Only staff and admin schedule.
    let (_, teacher_token) = app.account(&admin, "teacher1", &["teacher"]).await;
    expect_problem(
        app.post(
            &sessions_path,
            &teacher_token,
            &session_body(course.id, teacher.id, "2026-03-03"),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn the_lifecycle_allows_open_start_and_cancel_and_names_refusals() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let class: ClassDto = app
        .create(&staff, "classes", &class_body("研修班", 10))
        .await;
    let transitions = format!("/api/v1/classes/{}/transitions", class.id);

    let problem = expect_problem(
        app.post(&transitions, &staff, &json!({"action": "start"}))
            .await,
        409,
        "transition_not_allowed",
    )
    .await;
    let detail = problem.detail.unwrap_or_default();
    assert!(detail.contains("planned"), "{detail}");
    assert!(detail.contains("open, cancel"), "{detail}");
    // Completion only from in_progress; reporting is not an action of this endpoint.
    expect_problem(
        app.post(&transitions, &staff, &json!({"action": "complete"}))
            .await,
        409,
        "transition_not_allowed",
    )
    .await;
    expect_problem(
        app.post(&transitions, &staff, &json!({"action": "mark_reported"}))
            .await,
        400,
        "invalid_json",
    )
    .await;

    let opened = app.transition(&staff, class.id, "open").await;
    assert_eq!(opened.status, ClassStatus::Open);
    assert_eq!(
        opened.allowed_actions,
        vec![TransitionAction::Start, TransitionAction::Cancel]
    );
    let started = app.transition(&staff, class.id, "start").await;
    assert_eq!(started.status, ClassStatus::InProgress);
    assert_eq!(
        started.allowed_actions,
        vec![TransitionAction::Complete, TransitionAction::Cancel]
    );

    for reason in [json!(null), json!("   ")] {
        let problem = expect_problem(
            app.post(
                &transitions,
                &staff,
                &json!({"action": "cancel", "reason": reason}),
            )
            .await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(fields(&problem), vec![("reason", "required")]);
    }
    let cancelled: ClassDto = expect_json(
        app.post(
            &transitions,
            &staff,
            &json!({"action": "cancel", "reason": "受台风影响，无法继续举办"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(cancelled.status, ClassStatus::Cancelled);
    assert_eq!(
        cancelled.cancel_reason.as_deref(),
        Some("受台风影响，无法继续举办")
    );
    assert!(cancelled.allowed_actions.is_empty());
    let problem = expect_problem(
        app.post(&transitions, &staff, &json!({"action": "open"}))
            .await,
        409,
        "transition_not_allowed",
    )
    .await;
    assert!(
        problem
            .detail
            .unwrap_or_default()
            .contains("cancelled cannot open")
    );
    // A cancelled class is history.
    expect_problem(
        app.put(
            &format!("/api/v1/classes/{}", class.id),
            &staff,
            &with_version(class_body("研修班", 10), cancelled.version),
        )
        .await,
        409,
        "class_not_editable",
    )
    .await;

    let (_, teacher) = app.account(&admin, "teacher1", &["teacher"]).await;
    let other: ClassDto = app
        .create(&staff, "classes", &class_body("另一班", 10))
        .await;
    expect_problem(
        app.post(
            &format!("/api/v1/classes/{}/transitions", other.id),
            &teacher,
            &json!({"action": "open"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;

    let audit = app.audit_of(&admin, "class", class.id).await;
    let actions: Vec<&str> = audit.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        vec!["class.cancel", "class.start", "class.open", "class.create"]
    );
    assert_eq!(
        audit[0].after.as_ref().map(|a| a["status"].clone()),
        Some(json!("cancelled"))
    );
}

#[tokio::test]
async fn each_role_sees_its_own_classes() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let ours: OrganisationDto = app
        .create(
            &admin,
            "organisations",
            &organisation_body("本单位", &credit_code(1)),
        )
        .await;
    let (contact_user, contact) = app.account(&admin, "contact", &["org_contact"]).await;
    app.person(&admin, 1, Some(ours.id), Some(contact_user))
        .await;
    let colleague = app.person(&admin, 2, Some(ours.id), None).await;
    let (trainee_user, trainee) = app.account(&admin, "trainee", &["trainee"]).await;
    let me = app.person(&admin, 3, None, Some(trainee_user)).await;
    let (teacher_user, teacher) = app.account(&admin, "teacher", &["teacher"]).await;
    let teacher_person = app.person(&admin, 4, None, Some(teacher_user)).await;
    let own_teacher = app.qualified_teacher(&admin, teacher_person.id).await;
    let (_, finance) = app.account(&admin, "finance", &["finance"]).await;
    let course: CourseDto = app.create(&admin, "courses", &course_body("课程")).await;

    let open: ClassDto = app
        .create(&admin, "classes", &class_body("公开班", 10))
        .await;
    let mut closed_body = class_body("定向班", 10);
    closed_body["open_enrolment"] = json!(false);
    let closed: ClassDto = app.create(&admin, "classes", &closed_body).await;
    let mut commissioned_body = closed_body.clone();
    commissioned_body["commissioning_organisation_id"] = json!(ours.id);
    let commissioned: ClassDto = app.create(&admin, "classes", &commissioned_body).await;
    let enrolled_in: ClassDto = app.create(&admin, "classes", &closed_body).await;
    let taught: ClassDto = app.create(&admin, "classes", &closed_body).await;
    for (person, class) in [(me.id, enrolled_in.id), (colleague.id, enrolled_in.id)] {
        expect_json::<serde_json::Value>(
            app.post(
                &format!("/api/v1/classes/{class}/enrolments"),
                &admin,
                &json!({"person_id": person}),
            )
            .await,
            201,
        )
        .await;
    }
    app.create::<SessionDto>(
        &admin,
        &format!("classes/{}/sessions", taught.id),
        &session_body(course.id, own_teacher.id, "2026-03-02"),
    )
    .await;

    let ids = |page: Page<ClassDto>| page.items.into_iter().map(|c| c.id).collect::<Vec<_>>();
    let seen = |token: String| {
        let app = &app;
        async move { ids(expect_json(app.get("/api/v1/classes", &token).await, 200).await) }
    };
    assert_eq!(
        seen(finance.clone()).await,
        vec![
            open.id,
            closed.id,
            commissioned.id,
            enrolled_in.id,
            taught.id
        ]
    );
    assert_eq!(seen(trainee.clone()).await, vec![open.id, enrolled_in.id]);
    assert_eq!(
        seen(contact.clone()).await,
        vec![open.id, commissioned.id, enrolled_in.id]
    );
    assert_eq!(seen(teacher.clone()).await, vec![taught.id]);
    // Outside their scope, a class does not exist for them.
    for (token, hidden) in [
        (&trainee, closed.id),
        (&contact, closed.id),
        (&teacher, open.id),
    ] {
        expect_problem(
            app.get(&format!("/api/v1/classes/{hidden}"), token).await,
            404,
            "not_found",
        )
        .await;
        expect_problem(
            app.get(&format!("/api/v1/classes/{hidden}/sessions"), token)
                .await,
            404,
            "not_found",
        )
        .await;
    }
    let schedule: Page<SessionDto> = expect_json(
        app.get(&format!("/api/v1/classes/{}/sessions", taught.id), &teacher)
            .await,
        200,
    )
    .await;
    assert_eq!(schedule.items.len(), 1);
    // Reading is not changing.
    for token in [&trainee, &contact, &teacher, &finance] {
        expect_problem(
            app.post("/api/v1/classes", token, &class_body("新班", 5))
                .await,
            403,
            "forbidden",
        )
        .await;
        expect_problem(
            app.put(
                &format!("/api/v1/classes/{}", open.id),
                token,
                &with_version(class_body("改", 5), 1),
            )
            .await,
            403,
            "forbidden",
        )
        .await;
    }
}
