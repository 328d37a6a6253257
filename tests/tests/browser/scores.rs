//! Score entry and completion on screen: staff add an exam to a class in progress, type the
//! scores down the grid with the keyboard (an out-of-range score is refused inline, one trainee
//! fails), correct a saved score with a reason and read its history, review completion (the
//! failing trainee is shown as not completing, with the reason), complete the class after the
//! confirmation, and open a completed trainee's learning record from the stored outcomes.

use anyhow::{Context, Result, ensure};
use fantoccini::key::Key;
use serde_json::{Value, json};

use crate::harness::{self, Browser};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_enter_scores_correct_one_and_complete_the_class() {
    harness::run("scores-workflow", scores_workflow).await;
}

const CLASS: &str = "数据安全工程师研修班";

/// A small JSON client for preparing data as the administrator.
struct Api<'a> {
    b: &'a Browser,
    http: reqwest::Client,
    token: String,
}

impl Api<'_> {
    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> Result<Value> {
        self.http
            .request(method, format!("{}/api/v1/{path}", self.b.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?
            .error_for_status()
            .with_context(|| path.to_owned())?
            .json()
            .await
            .with_context(|| format!("the answer of {path}"))
    }

    async fn post(&self, path: &str, body: Value) -> Result<String> {
        let answer = self.send(reqwest::Method::POST, path, body).await?;
        Ok(answer["id"].as_str().unwrap_or_default().to_owned())
    }
}

/// Through the API: a staff account, a qualified teacher, a course, a class requiring 80 %
/// attendance and the assessment passed, with two sessions; three trainees (学员1–3) enrolled,
/// the class started and everyone present at both sessions.
async fn prepare(b: &Browser) -> Result<String> {
    let api = Api {
        b,
        http: reqwest::Client::new(),
        token: crate::admin_token(b).await?,
    };
    api.post(
        "users",
        json!({"username": "e2e.scores", "display_name": "教务 王芳",
               "password": "staff password 3", "roles": ["staff"]}),
    )
    .await?;
    let teacher_person = api
        .post(
            "people",
            cebase_tests::person_body("李老师", &cebase_tests::resident_id(40)),
        )
        .await?;
    let teacher = api
        .post(
            "teachers",
            cebase_tests::teacher_body(teacher_person.parse()?, "master", "none", true),
        )
        .await?;
    api.post(&format!("teachers/{teacher}/verify-evidence"), json!({}))
        .await?;
    let course = api
        .post(
            "courses",
            json!({"title": "数据安全治理", "category": "professional", "credit_hours": 3}),
        )
        .await?;
    let mut class = cebase_tests::class_body(CLASS, 30);
    class["completion_rules"] = json!({"min_attendance_percent": 80, "assessment_required": true});
    let class_id = api.post("classes", class).await?;
    let mut sessions = Vec::new();
    for date in ["2026-03-02", "2026-03-03"] {
        sessions.push(
            api.post(
                &format!("classes/{class_id}/sessions"),
                cebase_tests::session_body(course.parse()?, teacher.parse()?, date),
            )
            .await?,
        );
    }
    let mut enrolments = Vec::new();
    for n in 1..=3 {
        let person = api
            .post(
                "people",
                cebase_tests::person_body(&format!("学员{n}"), &cebase_tests::resident_id(40 + n)),
            )
            .await?;
        enrolments.push(
            api.post(
                &format!("classes/{class_id}/enrolments"),
                json!({"person_id": person}),
            )
            .await?,
        );
    }
    for action in ["open", "start"] {
        api.send(
            reqwest::Method::POST,
            &format!("classes/{class_id}/transitions"),
            json!({"action": action}),
        )
        .await?;
    }
    let marks: Vec<Value> = sessions
        .iter()
        .flat_map(|s| {
            enrolments
                .iter()
                .map(move |e| json!({"session_id": s, "enrolment_id": e, "status": "present"}))
        })
        .collect();
    api.send(
        reqwest::Method::PUT,
        &format!("classes/{class_id}/attendance"),
        json!({ "marks": marks }),
    )
    .await?;
    Ok(class_id)
}

/// The `data-testid` of the element that has the keyboard focus.
async fn focused(b: &Browser) -> Result<String> {
    Ok(b.client
        .active_element()
        .await?
        .attr("data-testid")
        .await?
        .unwrap_or_default())
}

async fn scores_workflow(b: Browser) -> Result<()> {
    let class_id = prepare(&b).await?;
    b.open("/login").await?;
    b.submit_login("e2e.scores", "staff password 3").await?;
    b.wait_path("/").await?;
    b.open(&format!("/classes/{class_id}")).await?;
    b.wait_text("class-title-heading", CLASS).await?;
    b.wait_attr("class-timeline", "data-status", "in_progress")
        .await?;

    // Add the exam: max 100, pass mark 60; a pass mark above the maximum is refused first.
    b.find("assessments-empty").await?;
    b.click("assessment-add").await?;
    b.fill("assessment-title", "结业考试").await?;
    b.select("assessment-scoring", "scored").await?;
    b.fill("assessment-max", "100").await?;
    b.fill("assessment-pass", "120").await?;
    b.click("assessment-submit").await?;
    b.wait_text("assessment-error-pass_mark", "及格分不能高于满分。")
        .await?;
    b.fill("assessment-pass", "60").await?;
    b.click("assessment-submit").await?;
    b.wait_text_matching("assessment-tab-结业考试", "the exam's tab", |t| {
        t.contains("满分 100，及格 60")
    })
    .await?;

    // One row per trainee, with the document number masked.
    let full = cebase_tests::resident_id(41);
    let shown = b
        .wait_text_matching("score-id-学员1", "a masked document number", |t| {
            t.contains('*')
        })
        .await?;
    ensure!(
        shown == cebase_domain::identity::mask(&full) && shown != full,
        "the grid shows {shown:?} for {full}"
    );

    // Type the column with the keyboard: Enter moves down a row.
    let first = b.find("score-input-学员1").await?;
    first.click().await?;
    first
        .send_keys(&format!("100.5{}", char::from(Key::Enter)))
        .await?;
    ensure!(
        focused(&b).await? == "score-input-学员2",
        "Enter did not move to the next row"
    );
    b.wait_text("score-error-学员1", "成绩须在 0–100 之间。")
        .await?;
    b.wait_attr("score-input-学员1", "class", "score-input invalid")
        .await?;
    ensure!(
        b.find("scores-save")
            .await?
            .attr("disabled")
            .await?
            .is_some(),
        "an invalid grid can be saved"
    );
    b.client
        .active_element()
        .await?
        .send_keys(&format!("55{}", char::from(Key::Enter)))
        .await?;
    ensure!(
        focused(&b).await? == "score-input-学员3",
        "Enter did not move to the third row"
    );
    b.client.active_element().await?.send_keys("91").await?;
    b.fill("score-input-学员1", "86.5").await?;
    b.wait_text("score-error-学员1", "").await?;
    b.wait_attr("score-passed-学员2", "data-passed", "false")
        .await?;
    b.screenshot_at("class-assessments", "scores-entered")
        .await?;
    b.click("scores-save").await?;
    b.find("scores-saved").await?;
    b.wait_attr("score-passed-学员1", "data-passed", "true")
        .await?;

    // Correct 学员3's saved score: the reason is asked for, then the history shows it.
    b.fill("score-input-学员3", "93").await?;
    b.find("score-reason-学员3").await?;
    b.wait_text("score-error-学员3", "更正已保存的成绩须填写原因。")
        .await?;
    b.fill("score-reason-学员3", "复核试卷，第 5 题漏计 2 分")
        .await?;
    b.wait_text("score-error-学员3", "").await?;
    b.click("scores-save").await?;
    b.find("scores-saved").await?;
    ensure!(
        !b.is_present("score-reason-学员3").await?,
        "the reason field stays after the correction was saved"
    );
    b.click("score-history-学员3").await?;
    b.wait_text_matching("history-correction-0", "the correction", |t| {
        t.contains("91 → 93") && t.contains("复核试卷，第 5 题漏计 2 分") && t.contains("教务 王芳")
    })
    .await?;
    b.wait_text_matching("history-current", "the current value", |t| {
        t.contains("93") && t.contains("教务 王芳")
    })
    .await?;
    b.screenshot_at("score-history", "score-history").await?;
    b.click("score-history-close").await?;
    b.wait_absent("score-history").await?;

    // The completion review: 学员2 failed the exam and will not complete.
    b.wait_attr("completion-summary", "data-completing", "2")
        .await?;
    b.wait_attr("completion-outcome-学员2", "data-outcome", "not_completed")
        .await?;
    b.wait_text("completion-reasons-学员2", "考核未合格")
        .await?;
    b.wait_attr("completion-outcome-学员1", "data-outcome", "completed")
        .await?;
    b.screenshot_at("completion-review", "completion-preview")
        .await?;

    // Complete the class after the confirmation.
    b.click("class-action-complete").await?;
    b.wait_text("class-complete-summary", "3 人中 2 人将结业。")
        .await?;
    b.screenshot_at("class-complete-prompt", "complete-confirm")
        .await?;
    b.click("class-complete-confirm").await?;
    b.wait_attr("class-timeline", "data-status", "completed")
        .await?;
    b.wait_attr("completion-summary", "data-stored", "true")
        .await?;
    b.wait_text_matching("completion-outcome-学员2", "the stored outcome", |t| {
        t.contains("未结业")
    })
    .await?;
    b.wait_text("completion-reasons-学员2", "考核未合格")
        .await?;
    ensure!(
        !b.is_present("completion-record-学员2").await?,
        "a trainee who did not complete links to a learning record"
    );
    ensure!(
        b.find("score-input-学员1")
            .await?
            .attr("disabled")
            .await?
            .is_some(),
        "results stay editable after completion"
    );
    b.screenshot_at("completion-review", "completion-stored")
        .await?;

    // A completed trainee's learning record, one click away.
    b.click("completion-record-学员1").await?;
    b.wait_text_matching(&format!("record-{CLASS}"), "the record entry", |t| {
        t.contains("2026") && t.contains("结业考试 86.5/100 合格")
    })
    .await?;
    b.screenshot("completion-record").await?;
    Ok(())
}
