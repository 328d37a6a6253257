//! xlsx exports of a class: the roster (full ID numbers for staff and admin, masked for the
//! class's teachers) and the attendance sheet; refused to everyone else.

use calamine::{Reader, Xlsx, open_workbook_from_rs};
use cebase_domain::master::PersonDto;
use cebase_domain::training::{ClassDto, EnrolmentDto, SessionDto};
use cebase_tests::{TestApp, XLSX, expect_problem, resident_id, session_body};
use serde_json::json;

/// The first worksheet of an xlsx answer as text rows (checking the content type).
async fn sheet(res: reqwest::Response) -> Vec<Vec<String>> {
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some(XLSX)
    );
    let bytes = res.bytes().await.expect("body").to_vec();
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("xlsx");
    let range = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

struct Fixture {
    class: ClassDto,
    session: SessionDto,
    enrolments: Vec<EnrolmentDto>,
    people: Vec<PersonDto>,
    teacher: String,
}

async fn fixture(app: &TestApp, admin: &str) -> Fixture {
    let s = app.scenario(admin);
    let (own_teacher, teacher) = s.teacher_with_login("teacher1", 100).await;
    let course = s.course("机器学习").await;
    let class = s.class("导出班", 10).await;
    let session = s
        .session(
            class.id,
            &session_body(course.id, own_teacher.id, "2026-03-02"),
        )
        .await;
    let mut people = Vec::new();
    let mut enrolments = Vec::new();
    for n in 1..=2 {
        let p = app.person(admin, n, None, None).await;
        enrolments.push(s.enrol(class.id, p.id).await);
        people.push(p);
    }
    Fixture {
        class,
        session,
        enrolments,
        people,
        teacher,
    }
}

#[tokio::test]
async fn roster_shows_full_numbers_to_staff_and_masked_ones_to_the_teacher() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    let path = format!("/api/v1/classes/{}/roster.xlsx", f.class.id);
    let rows = sheet(app.get(&path, &admin).await).await;
    assert_eq!(rows[0][..4], ["序号", "姓名", "证件类型", "证件号码"]);
    assert!(rows[0].contains(&"手机".to_owned()));
    assert_eq!(rows.len(), 3, "header and two enrolments");
    assert_eq!(rows[1][1], f.people[0].name);
    assert_eq!(rows[1][2], "居民身份证");
    assert_eq!(rows[1][3], resident_id(1));
    assert_eq!(rows[2][3], resident_id(2));
    assert!(rows[1].contains(&"已报名".to_owned()));

    let rows = sheet(app.get(&path, &f.teacher).await).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1][3], cebase_domain::identity::mask(&resident_id(1)));
    assert!(
        !rows[0].contains(&"手机".to_owned()),
        "no contact details for teachers"
    );
}

#[tokio::test]
async fn attendance_sheet_has_a_column_per_session_and_the_marks() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    app.transition(&admin, f.class.id, "open").await;
    app.transition(&admin, f.class.id, "start").await;
    let marks = json!({"marks": [
        {"session_id": f.session.id, "enrolment_id": f.enrolments[0].id, "status": "present"},
        {"session_id": f.session.id, "enrolment_id": f.enrolments[1].id, "status": "excused"},
    ]});
    let res = app
        .put(
            &format!("/api/v1/classes/{}/attendance", f.class.id),
            &f.teacher,
            &marks,
        )
        .await;
    assert_eq!(res.status(), 200);
    let rows = sheet(
        app.get(
            &format!("/api/v1/classes/{}/attendance.xlsx", f.class.id),
            &f.teacher,
        )
        .await,
    )
    .await;
    assert_eq!(
        rows[0],
        ["序号", "姓名", "03-02 09:00 机器学习", "出勤次数"]
    );
    assert_eq!(
        rows[1][1..],
        [f.people[0].name.clone(), "出勤".into(), "1".into()]
    );
    assert_eq!(
        rows[2][1..],
        [f.people[1].name.clone(), "请假".into(), "1".into()]
    );
}

#[tokio::test]
async fn exports_are_refused_to_everyone_else() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    let (other_user, other_teacher) = app.account(&admin, "teacher2", &["teacher"]).await;
    let other = app.person(&admin, 200, None, Some(other_user)).await;
    app.qualified_teacher(&admin, other.id).await;
    for what in ["roster", "attendance"] {
        let path = format!("/api/v1/classes/{}/{what}.xlsx", f.class.id);
        expect_problem(app.get(&path, &other_teacher).await, 404, "not_found").await;
        for role in ["finance", "trainee", "org_contact"] {
            let (_, token) = app
                .account(&admin, &format!("{role}-{what}"), &[role])
                .await;
            expect_problem(app.get(&path, &token).await, 403, "forbidden").await;
        }
        let missing = format!("/api/v1/classes/{}/{what}.xlsx", uuid::Uuid::now_v7());
        expect_problem(app.get(&missing, &admin).await, 404, "not_found").await;
    }
}
