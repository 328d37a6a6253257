//! Double-booking on the teaching schedule: a teacher never teaches two overlapping sessions
//! (of any class that still takes place), and a class's own sessions never overlap — also when a
//! session is moved, and when two requests race for the same slot.

use cebase_domain::dto::Page;
use cebase_domain::master::{CourseDto, TeacherDto};
use cebase_domain::training::{ClassDto, SessionDto};
use cebase_tests::{TestApp, class_body, expect_json, expect_problem, session_body, with_version};
use serde_json::json;

fn fields(problem: &cebase_domain::Problem) -> Vec<(&str, &str)> {
    problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect()
}

fn slot(course: &CourseDto, teacher: &TeacherDto, from: &str, to: &str) -> serde_json::Value {
    let mut body = session_body(course.id, teacher.id, "2026-03-02");
    body["start_time"] = json!(from);
    body["end_time"] = json!(to);
    body
}

struct Fixture {
    a: ClassDto,
    b: ClassDto,
    course: CourseDto,
    t1: TeacherDto,
    t2: TeacherDto,
}

async fn fixture(app: &TestApp, token: &str) -> Fixture {
    let s = app.scenario(token);
    let a = s.class("甲班", 10).await;
    let b = s.class("乙班", 10).await;
    let course = s.course("数据安全").await;
    let p1 = app.person(token, 1, None, None).await;
    let p2 = app.person(token, 2, None, None).await;
    let t1 = app.qualified_teacher(token, p1.id).await;
    let t2 = app.qualified_teacher(token, p2.id).await;
    Fixture {
        a,
        b,
        course,
        t1,
        t2,
    }
}

fn sessions_of(class: &ClassDto) -> String {
    format!("/api/v1/classes/{}/sessions", class.id)
}

#[tokio::test]
async fn a_teacher_cannot_teach_two_overlapping_sessions_nor_a_class_overlap_itself() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let f = fixture(&app, &staff).await;

    let first: SessionDto = expect_json(
        app.post(
            &sessions_of(&f.a),
            &staff,
            &slot(&f.course, &f.t1, "09:00", "11:30"),
        )
        .await,
        201,
    )
    .await;

    // The same teacher in another class, overlapping: refused, naming the session.
    let problem = expect_problem(
        app.post(
            &sessions_of(&f.b),
            &staff,
            &slot(&f.course, &f.t1, "10:00", "12:00"),
        )
        .await,
        422,
        "schedule_conflict",
    )
    .await;
    assert_eq!(
        fields(&problem),
        vec![("teacher_id", "teacher_double_booked")]
    );
    let message = &problem.errors[0].message;
    assert!(message.contains(&first.id.to_string()), "{message}");
    assert!(message.contains("甲班"), "{message}");
    assert!(message.contains("2026-03-02 09:00–11:30"), "{message}");
    assert!(
        problem
            .detail
            .unwrap_or_default()
            .contains(&first.id.to_string())
    );
    let listed: Page<SessionDto> =
        expect_json(app.get(&sessions_of(&f.b), &staff).await, 200).await;
    assert!(listed.items.is_empty(), "nothing written");

    // Another teacher in the same class, overlapping: the class cannot be in two places.
    let problem = expect_problem(
        app.post(
            &sessions_of(&f.a),
            &staff,
            &slot(&f.course, &f.t2, "11:00", "12:00"),
        )
        .await,
        422,
        "schedule_conflict",
    )
    .await;
    assert_eq!(fields(&problem), vec![("start_time", "session_overlap")]);
    assert!(problem.errors[0].message.contains(&first.id.to_string()));

    // Back-to-back sessions do not overlap; another teacher elsewhere is free.
    let touching: SessionDto = expect_json(
        app.post(
            &sessions_of(&f.b),
            &staff,
            &slot(&f.course, &f.t1, "11:30", "12:30"),
        )
        .await,
        201,
    )
    .await;
    expect_json::<SessionDto>(
        app.post(
            &sessions_of(&f.b),
            &staff,
            &slot(&f.course, &f.t2, "09:00", "11:00"),
        )
        .await,
        201,
    )
    .await;

    // Moving a session onto the teacher's other session is refused and changes nothing; a
    // change that keeps its own slot does not clash with itself.
    let touching_path = format!("{}/{}", sessions_of(&f.b), touching.id);
    let problem = expect_problem(
        app.put(
            &touching_path,
            &staff,
            &with_version(slot(&f.course, &f.t1, "10:30", "12:30"), touching.version),
        )
        .await,
        422,
        "schedule_conflict",
    )
    .await;
    // Both rules at once: t1 teaches at 09:00–11:30 in 甲班, and 乙班 has t2's 09:00–11:00.
    assert_eq!(
        fields(&problem),
        vec![
            ("teacher_id", "teacher_double_booked"),
            ("start_time", "session_overlap")
        ]
    );
    let mut same_slot = slot(&f.course, &f.t1, "11:30", "12:30");
    same_slot["credit_hours"] = json!(1.0);
    let updated: SessionDto = expect_json(
        app.put(
            &touching_path,
            &staff,
            &with_version(same_slot, touching.version),
        )
        .await,
        200,
    )
    .await;
    assert_eq!((updated.version, updated.credit_hours), (2, 1.0));

    // A cancelled class no longer takes place: its sessions book no one.
    app.transition(&staff, f.a.id, "cancel").await;
    let c: ClassDto = app.create(&staff, "classes", &class_body("丙班", 10)).await;
    expect_json::<SessionDto>(
        app.post(
            &sessions_of(&c),
            &staff,
            &slot(&f.course, &f.t1, "09:00", "11:00"),
        )
        .await,
        201,
    )
    .await;
}

#[tokio::test]
async fn two_requests_racing_for_the_same_teacher_book_only_one_session() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    let body = slot(&f.course, &f.t1, "14:00", "16:00");
    let (pa, pb) = (sessions_of(&f.a), sessions_of(&f.b));
    let (ra, rb) = tokio::join!(app.post(&pa, &admin, &body), app.post(&pb, &admin, &body));
    let mut statuses = vec![ra.status().as_u16(), rb.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, vec![201, 422]);
    let mut booked = 0;
    for class in [&f.a, &f.b] {
        let page: Page<SessionDto> =
            expect_json(app.get(&sessions_of(class), &admin).await, 200).await;
        booked += page.items.len();
    }
    assert_eq!(booked, 1);
}
