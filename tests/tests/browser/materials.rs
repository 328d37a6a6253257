//! Lecture materials and the timetable's double-booking check in the browser: staff upload a
//! file with a Chinese name on the course page and delete another after confirming; a session
//! that would double-book the teacher is refused on screen, naming the session it collides
//! with; the enrolled trainee reaches the materials from "my classes" and downloads the file.

use anyhow::{Context, Result, ensure};

use crate::harness::{self, Browser};

const CLASS: &str = "数据安全治理研修班";
const COURSE: &str = "数据安全法规与实务";
const FILE: &str = "第一讲 讲义.pdf";
const OLD_FILE: &str = "旧讲义.txt";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_share_lecture_materials_that_the_trainee_downloads() {
    harness::run("materials", materials).await;
}

/// Prepares through the API as the administrator: staff `e2e.materials`, trainee
/// `e2e.reader` (学员1, enrolled), a qualified teacher (李老师), the course, and a class with one
/// session of it on 2026-03-02 09:00–12:00. Answers the ids of the class, course and teacher.
async fn fixtures(b: &Browser) -> Result<(String, String, String)> {
    let token = crate::admin_token(b).await?;
    let http = reqwest::Client::new();
    let post = |path: String, body: serde_json::Value| {
        let request = http
            .post(format!("{}/api/v1/{path}", b.base))
            .bearer_auth(&token)
            .json(&body);
        async move {
            let answer: serde_json::Value = request
                .send()
                .await?
                .error_for_status()
                .with_context(|| format!("POST /{path}"))?
                .json()
                .await?;
            anyhow::Ok(answer["id"].as_str().context("no id")?.to_owned())
        }
    };
    let user = |name: &str, display: &str, role: &str| {
        serde_json::json!({
            "username": name, "display_name": display,
            "password": "materials password 1", "roles": [role],
        })
    };
    post("users".into(), user("e2e.materials", "教务 王芳", "staff")).await?;
    let reader = post("users".into(), user("e2e.reader", "学员1", "trainee")).await?;
    let mut person = cebase_tests::person_body("学员1", &cebase_tests::resident_id(1));
    person["user_id"] = serde_json::json!(reader);
    let person = post("people".into(), person).await?;
    let li = post(
        "people".into(),
        cebase_tests::person_body("李老师", &cebase_tests::resident_id(4)),
    )
    .await?;
    let teacher = post(
        "teachers".into(),
        cebase_tests::teacher_body(li.parse()?, "master", "none", true),
    )
    .await?;
    post(
        format!("teachers/{teacher}/verify-evidence"),
        serde_json::json!({}),
    )
    .await?;
    let course = post(
        "courses".into(),
        serde_json::json!({"title": COURSE, "category": "professional", "credit_hours": 3}),
    )
    .await?;
    let class = post("classes".into(), cebase_tests::class_body(CLASS, 30)).await?;
    let mut session = cebase_tests::session_body(course.parse()?, teacher.parse()?, "2026-03-02");
    session["end_time"] = serde_json::json!("12:00");
    post(format!("classes/{class}/sessions"), session).await?;
    post(
        format!("classes/{class}/enrolments"),
        serde_json::json!({"person_id": person}),
    )
    .await?;
    Ok((class, course, teacher))
}

/// Writes `name` with `content` into a fresh directory and answers its path.
fn local_file(name: &str, content: &[u8]) -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("cebase-upload-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(name);
    std::fs::write(&path, content)?;
    Ok(path)
}

async fn materials(b: Browser) -> Result<()> {
    let (class, course, teacher) = fixtures(&b).await?;
    b.open("/login").await?;
    b.submit_login("e2e.materials", "materials password 1")
        .await?;
    b.wait_path("/").await?;

    // The course page has a materials section: upload two files, delete one after confirming.
    b.click("nav-courses").await?;
    b.wait_path("/courses").await?;
    b.click(&format!("course-link-{COURSE}")).await?;
    b.find("course-materials").await?;
    b.find("materials-empty").await?;
    for (name, content) in [
        (FILE, &b"%PDF-1.4 lecture one"[..]),
        (OLD_FILE, &b"old notes"[..]),
    ] {
        let path = local_file(name, content)?;
        b.find("material-file")
            .await?
            .send_keys(&path.display().to_string())
            .await?;
        b.click("material-upload").await?;
        b.find(&format!("material-{name}")).await?;
    }
    b.wait_text_matching(&format!("material-{FILE}"), "the uploaded file", |t| {
        t.contains(FILE) && t.contains("20 B")
    })
    .await?;
    b.screenshot_at("course-materials", "course-materials")
        .await?;
    b.click(&format!("delete-{OLD_FILE}")).await?;
    b.click(&format!("confirm-delete-{OLD_FILE}")).await?;
    b.wait_absent(&format!("material-{OLD_FILE}")).await?;
    ensure!(
        b.is_present(&format!("material-{FILE}")).await?,
        "deleting one file removed the other"
    );

    // A second session for the same teacher at an overlapping time is refused on screen.
    b.open(&format!("/classes/{class}")).await?;
    b.wait_text("class-title-heading", CLASS).await?;
    b.set_value("session-date", "2026-03-02").await?;
    b.set_value("session-start", "11:00").await?;
    b.set_value("session-end", "13:00").await?;
    b.fill("session-hours", "2").await?;
    b.select("session-course", &course).await?;
    b.select("session-teacher", &teacher).await?;
    b.click("session-submit").await?;
    b.wait_attr("problem", "data-code", "schedule_conflict")
        .await?;
    b.wait_text_matching("problem", "the conflict headline", |t| {
        t.contains("排课时间冲突")
    })
    .await?;
    b.screenshot_at("class-schedule", "class-double-booking")
        .await?;

    // The trainee finds the materials from "my classes" and downloads the file.
    b.click("logout").await?;
    b.wait_path("/login").await?;
    b.submit_login("e2e.reader", "materials password 1").await?;
    b.wait_path("/").await?;
    b.click("nav-my-classes").await?;
    b.wait_path("/my/classes").await?;
    b.click(&format!("my-class-materials-{CLASS}")).await?;
    b.wait_path(&format!("/classes/{class}/materials")).await?;
    b.wait_text_matching(&format!("material-{FILE}"), "the class's material", |t| {
        t.contains(COURSE) && t.contains(FILE)
    })
    .await?;
    ensure!(
        !b.is_present(&format!("material-{OLD_FILE}")).await?,
        "a deleted file is still offered"
    );
    b.click(&format!("download-{FILE}")).await?;
    ensure!(
        !b.is_present("problem").await?,
        "the download showed a problem"
    );
    b.screenshot("class-materials").await?;
    Ok(())
}
