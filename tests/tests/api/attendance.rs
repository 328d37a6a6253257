//! `/classes/{id}/attendance`: the sheet of sessions × active enrolments, marks recorded in
//! all-or-nothing batches while the class is in progress, by the class's teachers and staff.

use cebase_domain::master::CourseDto;
use cebase_domain::training::{
    AttendanceGridDto, AttendanceStatus, ClassDto, EnrolmentDto, SessionDto,
};
use cebase_tests::{TestApp, class_body, course_body, expect_json, expect_problem, session_body};
use serde_json::json;
use uuid::Uuid;

/// A class with two sessions taught by a teacher with a login, three enrolments (one withdrawn
/// again), ready to be started.
struct Fixture {
    class: ClassDto,
    sessions: Vec<SessionDto>,
    /// Active enrolments: the trainee's own, a person of the organisation, someone else.
    enrolments: Vec<EnrolmentDto>,
    withdrawn: EnrolmentDto,
    teacher: String,
    trainee: String,
    contact: String,
}

async fn fixture(app: &TestApp, admin: &str) -> Fixture {
    let s = app.scenario(admin);
    let org = s.organisation("本单位", 1).await;
    let (own_teacher, teacher) = s.teacher_with_login("teacher1", 100).await;
    let (trainee_user, trainee) = app.account(admin, "trainee1", &["trainee"]).await;
    let (_, contact) = s
        .person_with_login("contact1", "org_contact", 101, Some(org.id))
        .await;
    let course = s.course("课程").await;
    let class = s.class("研修班", 10).await;
    let mut sessions = Vec::new();
    for date in ["2026-03-03", "2026-03-02"] {
        sessions.push(
            s.session(class.id, &session_body(course.id, own_teacher.id, date))
                .await,
        );
    }
    sessions.reverse();
    let people = [
        app.person(admin, 1, None, Some(trainee_user)).await,
        app.person(admin, 2, Some(org.id), None).await,
        app.person(admin, 3, None, None).await,
        app.person(admin, 4, None, None).await,
    ];
    let mut enrolments = Vec::new();
    for p in &people {
        enrolments.push(s.enrol(class.id, p.id).await);
    }
    let withdrawn = enrolments.pop().expect("four");
    let withdrawn = s.withdraw(withdrawn.id).await;
    Fixture {
        class,
        sessions,
        enrolments,
        withdrawn,
        teacher,
        trainee,
        contact,
    }
}

fn mark(session: Uuid, enrolment: Uuid, status: &str) -> serde_json::Value {
    json!({"session_id": session, "enrolment_id": enrolment, "status": status})
}

fn path(f: &Fixture) -> String {
    format!("/api/v1/classes/{}/attendance", f.class.id)
}

#[tokio::test]
async fn the_classs_teacher_records_attendance_and_corrects_a_mark() {
    use AttendanceStatus as A;
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    app.transition(&admin, f.class.id, "open").await;
    app.transition(&admin, f.class.id, "start").await;
    let [s1, s2] = [f.sessions[0].id, f.sessions[1].id];
    let [e1, e2, e3] = [f.enrolments[0].id, f.enrolments[1].id, f.enrolments[2].id];

    let empty: AttendanceGridDto = expect_json(app.get(&path(&f), &f.teacher).await, 200).await;
    assert_eq!(
        empty.sessions.iter().map(|s| s.id).collect::<Vec<_>>(),
        vec![s1, s2],
        "timetable order"
    );
    assert_eq!(
        empty
            .rows
            .iter()
            .map(|r| r.enrolment_id)
            .collect::<Vec<_>>(),
        vec![e1, e2, e3],
        "active enrolments only"
    );
    assert!(empty.rows.iter().all(|r| r.marks == vec![None, None]));

    let grid: AttendanceGridDto = expect_json(
        app.put(
            &path(&f),
            &f.teacher,
            &json!({"marks": [
                mark(s1, e1, "present"), mark(s1, e2, "absent"), mark(s1, e3, "excused"),
                mark(s2, e1, "present"),
            ]}),
        )
        .await,
        200,
    )
    .await;
    let cells = |g: &AttendanceGridDto| {
        g.rows
            .iter()
            .map(|r| (r.marks.clone(), r.attended))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        cells(&grid),
        vec![
            (vec![Some(A::Present), Some(A::Present)], 2),
            (vec![Some(A::Absent), None], 0),
            (vec![Some(A::Excused), None], 1),
        ]
    );
    // Staff correct one cell: the mark is replaced, not added.
    let corrected: AttendanceGridDto = expect_json(
        app.put(
            &path(&f),
            &admin,
            &json!({"marks": [mark(s1, e2, "excused")]}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(corrected.rows[1].marks, vec![Some(A::Excused), None]);
    assert_eq!(corrected.rows[1].attended, 1);
    let read: AttendanceGridDto = expect_json(app.get(&path(&f), &admin).await, 200).await;
    assert_eq!(read, corrected);

    let audit = app.audit_of(&admin, "class", f.class.id).await;
    assert_eq!(audit[0].action, "attendance.record");
    assert_eq!(
        audit[0].before,
        Some(json!([{"session_id": s1, "enrolment_id": e2, "status": "absent"}]))
    );
    assert_eq!(
        audit[0].after,
        Some(json!([{"session_id": s1, "enrolment_id": e2, "status": "excused"}]))
    );
    assert_eq!(audit[1].action, "attendance.record");
    assert_eq!(audit[1].actor_username.as_deref(), Some("teacher1"));

    // Trainees see their own row, organisation contacts their people's.
    let own: AttendanceGridDto = expect_json(app.get(&path(&f), &f.trainee).await, 200).await;
    assert_eq!(
        own.rows.iter().map(|r| r.enrolment_id).collect::<Vec<_>>(),
        vec![e1]
    );
    let theirs: AttendanceGridDto = expect_json(app.get(&path(&f), &f.contact).await, 200).await;
    assert_eq!(
        theirs
            .rows
            .iter()
            .map(|r| r.enrolment_id)
            .collect::<Vec<_>>(),
        vec![e2]
    );
}

#[tokio::test]
async fn a_batch_is_all_or_nothing_and_only_while_the_class_is_in_progress() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    let [s1, s2] = [f.sessions[0].id, f.sessions[1].id];
    let [e1, e2] = [f.enrolments[0].id, f.enrolments[1].id];
    let good = json!({"marks": [mark(s1, e1, "present")]});

    for step in ["planned", "open"] {
        let problem = expect_problem(
            app.put(&path(&f), &f.teacher, &good).await,
            409,
            "attendance_closed",
        )
        .await;
        assert!(problem.detail.unwrap_or_default().contains(step));
        if step == "planned" {
            app.transition(&admin, f.class.id, "open").await;
        }
    }
    app.transition(&admin, f.class.id, "start").await;

    let problem = expect_problem(
        app.put(
            &path(&f),
            &f.teacher,
            &json!({"marks": [
                mark(s1, e1, "present"),
                mark(Uuid::new_v4(), e2, "present"),
                mark(s2, f.withdrawn.id, "absent"),
                mark(s1, e1, "absent"),
                mark(s2, Uuid::new_v4(), "absent"),
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
            ("marks[1].session_id", "not_found"),
            ("marks[2].enrolment_id", "withdrawn"),
            ("marks[3]", "duplicate"),
            ("marks[4].enrolment_id", "not_found"),
        ]
    );
    let grid: AttendanceGridDto = expect_json(app.get(&path(&f), &admin).await, 200).await;
    assert!(
        grid.rows
            .iter()
            .all(|r| r.marks.iter().all(Option::is_none)),
        "nothing written"
    );
    expect_problem(
        app.put(&path(&f), &f.teacher, &json!({"marks": []})).await,
        422,
        "validation_failed",
    )
    .await;
    expect_problem(
        app.put(
            &path(&f),
            &f.teacher,
            &json!({"marks": [mark(s1, e1, "late")]}),
        )
        .await,
        400,
        "invalid_json",
    )
    .await;
    expect_json::<AttendanceGridDto>(app.put(&path(&f), &f.teacher, &good).await, 200).await;
}

#[tokio::test]
async fn only_the_classs_teachers_and_staff_record_attendance() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    app.transition(&admin, f.class.id, "open").await;
    app.transition(&admin, f.class.id, "start").await;
    let body = json!({"marks": [mark(f.sessions[0].id, f.enrolments[0].id, "present")]});

    // A qualified teacher who teaches another class: this one does not exist for them.
    let (other_user, other_teacher) = app.account(&admin, "teacher2", &["teacher"]).await;
    let other_person = app.person(&admin, 200, None, Some(other_user)).await;
    let other = app.qualified_teacher(&admin, other_person.id).await;
    let course: CourseDto = app
        .create(&admin, "courses", &course_body("另一课程"))
        .await;
    let elsewhere: ClassDto = app
        .create(&admin, "classes", &class_body("另一班", 10))
        .await;
    app.create::<SessionDto>(
        &admin,
        &format!("classes/{}/sessions", elsewhere.id),
        &session_body(course.id, other.id, "2026-03-04"),
    )
    .await;
    expect_problem(
        app.put(&path(&f), &other_teacher, &body).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(app.get(&path(&f), &other_teacher).await, 404, "not_found").await;
    // A teacher of no class at all, likewise.
    let (_, no_class) = app.account(&admin, "teacher3", &["teacher"]).await;
    expect_problem(app.put(&path(&f), &no_class, &body).await, 404, "not_found").await;
    // Those who may see the class but not record in it.
    expect_problem(
        app.put(&path(&f), &f.trainee, &body).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.put(&path(&f), &f.contact, &body).await,
        403,
        "forbidden",
    )
    .await;
    let (_, finance) = app.account(&admin, "finance1", &["finance"]).await;
    expect_problem(app.put(&path(&f), &finance, &body).await, 403, "forbidden").await;
    expect_problem(app.get(&path(&f), &finance).await, 403, "forbidden").await;

    let grid: AttendanceGridDto = expect_json(app.get(&path(&f), &admin).await, 200).await;
    assert!(
        grid.rows
            .iter()
            .all(|r| r.marks.iter().all(Option::is_none))
    );
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let grid: AttendanceGridDto = expect_json(app.put(&path(&f), &staff, &body).await, 200).await;
    assert_eq!(grid.rows[0].marks[0], Some(AttendanceStatus::Present));
}
