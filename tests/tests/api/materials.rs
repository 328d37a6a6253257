//! Lecture materials of courses: upload (raw body, name in `file_name`), list, download with the
//! original Chinese name (RFC 5987), delete; the size limit (413, nothing stored); who may see
//! and change them (staff; teachers of the course or its classes; enrolled trainees).

use cebase_domain::dto::Page;
use cebase_domain::master::CourseDto;
use cebase_domain::materials::CourseMaterialDto;
use cebase_domain::training::ClassDto;
use cebase_tests::{TestApp, course_body, expect_json, expect_problem, session_body};
use serde_json::json;

/// SHA-256 of `abc` (FIPS 180-2, appendix B.1).
const ABC_SHA256: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

fn materials(course: uuid::Uuid) -> String {
    format!("/api/v1/courses/{course}/materials")
}

/// `file_name` percent-encoded as a query value.
fn upload_path(course: uuid::Uuid, file_name: &str) -> String {
    let mut encoded = String::new();
    for b in file_name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{}?file_name={encoded}", materials(course))
}

#[tokio::test]
async fn staff_upload_list_download_and_delete_a_material_with_its_chinese_name() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (_, staff) = app.account(&admin, "staff1", &["staff"]).await;
    let course: CourseDto = app
        .create(&staff, "courses", &course_body("数据安全"))
        .await;

    let res = app
        .upload(
            &staff,
            &upload_path(course.id, "课件/第一讲 讲义.pdf"),
            "application/pdf",
            b"abc".to_vec(),
        )
        .await;
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let material: CourseMaterialDto = expect_json(res, 201).await;
    assert_eq!(material.file_name, "第一讲 讲义.pdf", "directories dropped");
    assert_eq!(material.content_type, "application/pdf");
    assert_eq!(material.size_bytes, 3);
    assert_eq!(material.sha256, ABC_SHA256);
    assert_eq!(material.course_title, "数据安全");
    assert_eq!(
        location.as_deref(),
        Some(format!("{}/{}", materials(course.id), material.id).as_str())
    );
    assert_eq!(Some(material.download_path.clone()), location);

    let listed: Page<CourseMaterialDto> =
        expect_json(app.get(&materials(course.id), &staff).await, 200).await;
    assert_eq!(listed.items, vec![material.clone()]);

    let res = app.get(&material.download_path, &staff).await;
    assert_eq!(res.status(), 200);
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_default()
    };
    assert_eq!(header("content-type"), "application/pdf");
    assert_eq!(
        header("content-disposition"),
        "attachment; filename=\"___ __.pdf\"; filename*=UTF-8''%E7%AC%AC%E4%B8%80%E8%AE%B2%20%E8%AE%B2%E4%B9%89.pdf"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("etag"), format!("\"{ABC_SHA256}\""));
    assert_eq!(res.bytes().await.expect("body").as_ref(), b"abc");

    // The audit trail has the metadata and the hash, not the bytes.
    let trail = app.audit_of(&admin, "course_material", material.id).await;
    assert_eq!(trail.len(), 1);
    assert_eq!(trail[0].action, "course_material.upload");
    let after = trail[0].after.clone().expect("after");
    assert_eq!(after["sha256"], json!(ABC_SHA256));
    assert_eq!(after["file_name"], json!("第一讲 讲义.pdf"));
    assert!(after.get("content").is_none() && after.get("bytes").is_none());

    // A material of another course is not found under this one.
    let other: CourseDto = app.create(&staff, "courses", &course_body("别的课")).await;
    expect_problem(
        app.get(&format!("{}/{}", materials(other.id), material.id), &staff)
            .await,
        404,
        "not_found",
    )
    .await;

    let res = app.delete(&material.download_path, &staff).await;
    assert_eq!(res.status(), 204);
    expect_problem(
        app.get(&material.download_path, &staff).await,
        404,
        "not_found",
    )
    .await;
    let listed: Page<CourseMaterialDto> =
        expect_json(app.get(&materials(course.id), &staff).await, 200).await;
    assert!(listed.items.is_empty());
    let trail = app.audit_of(&admin, "course_material", material.id).await;
    assert_eq!(trail[0].action, "course_material.delete");
    assert_eq!(
        trail[0].before.clone().expect("before")["sha256"],
        json!(ABC_SHA256)
    );
    // The bytes went with it: deleting the (already gone) rows affects nothing.
    assert_eq!(app.sql("DELETE FROM course_material_contents").await, 0);

    // Unknown course.
    expect_problem(
        app.upload(
            &staff,
            &upload_path(uuid::Uuid::new_v4(), "a.pdf"),
            "application/pdf",
            b"abc".to_vec(),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn bad_uploads_are_refused_and_store_nothing() {
    let app = TestApp::spawn_with(|s| s.materials_max_bytes = 1024).await;
    let admin = app.admin_token().await;
    let course: CourseDto = app
        .create(&admin, "courses", &course_body("数据安全"))
        .await;

    let problem = expect_problem(
        app.upload(
            &admin,
            &upload_path(course.id, "大文件.pdf"),
            "application/pdf",
            vec![b'x'; 1025],
        )
        .await,
        413,
        "payload_too_large",
    )
    .await;
    assert_eq!(problem.status, 413);

    let problem = expect_problem(
        app.upload(&admin, &materials(course.id), "pdf", Vec::new())
            .await,
        422,
        "validation_failed",
    )
    .await;
    let fields: Vec<(&str, &str)> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("file_name", "required"),
            ("content_type", "invalid"),
            ("file", "empty")
        ]
    );
    let listed: Page<CourseMaterialDto> =
        expect_json(app.get(&materials(course.id), &admin).await, 200).await;
    assert!(listed.items.is_empty(), "nothing stored");
    let trail: Page<cebase_domain::dto::AuditEntryDto> = expect_json(
        app.get("/api/v1/audit?entity_type=course_material", &admin)
            .await,
        200,
    )
    .await;
    assert!(trail.items.is_empty(), "nothing audited");

    // Exactly at the limit is fine; no media type means octet-stream.
    let res = reqwest::Client::new()
        .post(app.url(&upload_path(course.id, "notes.bin")))
        .bearer_auth(&admin)
        .body(vec![b'x'; 1024])
        .send()
        .await
        .expect("request sent");
    let ok: CourseMaterialDto = expect_json(res, 201).await;
    assert_eq!(
        (ok.size_bytes, ok.content_type.as_str()),
        (1024, "application/octet-stream")
    );
}

struct Fixture {
    course: CourseDto,
    material: CourseMaterialDto,
    teacher_of_course: String,
    teacher_of_class: String,
    teacher_elsewhere: String,
    enrolled: String,
    not_enrolled: String,
    withdrawn: String,
    class: ClassDto,
}

async fn fixture(app: &TestApp, admin: &str) -> Fixture {
    let s = app.scenario(admin);
    let course = s.course("数据安全").await;
    let other_course = s.course("法规").await;
    let class = s.class("甲班", 10).await;
    let elsewhere = s.class("乙班", 10).await;
    let mut teachers = Vec::new();
    for (n, name) in [(1, "teacher1"), (2, "teacher2"), (3, "teacher3")] {
        teachers.push(s.teacher_with_login(name, 100 + n).await);
    }
    // t1 teaches the course in 甲班, t2 another course in 甲班, t3 the other course in 乙班.
    for (class, course, teacher, date) in [
        (&class, &course, &teachers[0].0, "2026-03-02"),
        (&class, &other_course, &teachers[1].0, "2026-03-03"),
        (&elsewhere, &other_course, &teachers[2].0, "2026-03-04"),
    ] {
        s.session(class.id, &session_body(course.id, teacher.id, date))
            .await;
    }
    let mut trainees = Vec::new();
    for (n, name) in [(1, "trainee1"), (2, "trainee2"), (3, "trainee3")] {
        trainees.push(s.person_with_login(name, "trainee", n, None).await);
    }
    s.enrol(class.id, trainees[0].0.id).await;
    let withdrawn = s.enrol(class.id, trainees[2].0.id).await;
    s.withdraw(withdrawn.id).await;
    let material: CourseMaterialDto = expect_json(
        app.upload(
            admin,
            &upload_path(course.id, "讲义.pdf"),
            "application/pdf",
            b"abc".to_vec(),
        )
        .await,
        201,
    )
    .await;
    let mut teachers = teachers.into_iter().map(|(_, t)| t);
    let mut trainees = trainees.into_iter().map(|(_, t)| t);
    Fixture {
        course,
        material,
        teacher_of_course: teachers.next().expect("teacher"),
        teacher_of_class: teachers.next().expect("teacher"),
        teacher_elsewhere: teachers.next().expect("teacher"),
        enrolled: trainees.next().expect("trainee"),
        not_enrolled: trainees.next().expect("trainee"),
        withdrawn: trainees.next().expect("trainee"),
        class,
    }
}

#[tokio::test]
async fn enrolled_trainees_and_the_class_teachers_read_others_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let f = fixture(&app, &admin).await;
    let (_, finance) = app.account(&admin, "finance1", &["finance"]).await;
    let (_, contact) = app.account(&admin, "contact1", &["org_contact"]).await;
    let list = materials(f.course.id);
    let class_list = format!("/api/v1/classes/{}/materials", f.class.id);

    for token in [&f.enrolled, &f.teacher_of_course, &f.teacher_of_class] {
        let page: Page<CourseMaterialDto> = expect_json(app.get(&list, token).await, 200).await;
        assert_eq!(page.items.len(), 1);
        let page: Page<CourseMaterialDto> =
            expect_json(app.get(&class_list, token).await, 200).await;
        assert_eq!(page.items, vec![f.material.clone()]);
        let res = app.get(&f.material.download_path, token).await;
        assert_eq!(res.status(), 200);
        assert_eq!(res.bytes().await.expect("body").as_ref(), b"abc");
    }
    // Not enrolled, withdrawn, teaching elsewhere: as if the course had no materials.
    for token in [&f.not_enrolled, &f.withdrawn, &f.teacher_elsewhere] {
        expect_problem(app.get(&list, token).await, 404, "not_found").await;
        expect_problem(
            app.get(&f.material.download_path, token).await,
            404,
            "not_found",
        )
        .await;
    }
    // The class is open to enrolment, so the trainee sees it, but not its materials.
    expect_problem(
        app.get(&class_list, &f.not_enrolled).await,
        404,
        "not_found",
    )
    .await;
    for token in [&finance, &contact] {
        expect_problem(app.get(&list, token).await, 403, "forbidden").await;
        expect_problem(
            app.get(&f.material.download_path, token).await,
            403,
            "forbidden",
        )
        .await;
    }

    // Writing: the course's teacher uploads and deletes own uploads only; the class's other
    // teacher and the trainee may read but not write.
    let upload = |token: String| {
        let path = upload_path(f.course.id, "补充.docx");
        let app = &app;
        async move {
            app.upload(&token, &path, "application/msword", b"abc".to_vec())
                .await
        }
    };
    let own: CourseMaterialDto = expect_json(upload(f.teacher_of_course.clone()).await, 201).await;
    expect_problem(upload(f.teacher_of_class.clone()).await, 403, "forbidden").await;
    expect_problem(upload(f.enrolled.clone()).await, 403, "forbidden").await;
    expect_problem(upload(f.teacher_elsewhere.clone()).await, 404, "not_found").await;
    expect_problem(upload(finance.clone()).await, 403, "forbidden").await;

    expect_problem(
        app.delete(&f.material.download_path, &f.teacher_of_course)
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.delete(&own.download_path, &f.enrolled).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.delete(&own.download_path, &f.teacher_elsewhere).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(
        app.delete(&own.download_path, &f.teacher_of_course)
            .await
            .status(),
        204
    );

    // Once the class is cancelled it links no one to the course any more.
    app.transition(&admin, f.class.id, "cancel").await;
    expect_problem(app.get(&list, &f.enrolled).await, 404, "not_found").await;
    expect_problem(app.get(&list, &f.teacher_of_course).await, 404, "not_found").await;
}
