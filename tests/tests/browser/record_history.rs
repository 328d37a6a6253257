//! A learning record's version history: staff open a person's record, see the entry written at
//! completion, correct it with a reason, and the history shows both versions with who and why
//! while the record table shows the corrected hours; the organisation contact then reads the
//! same history without a correction form.

use anyhow::{Context, Result, ensure};
use serde_json::{Value, json};

use crate::admin_token;
use crate::harness::{self, Browser};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_correct_a_learning_record_and_its_history_shows_who_and_why() {
    harness::run("record-history", record_history).await;
}

const CLASS: &str = "工业互联网专业技术人员研修班";

/// A small client for preparing data as the administrator.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> Result<Value> {
        let answer = self
            .http
            .request(method.clone(), format!("{}/api/v1/{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let status = answer.status();
        let text = answer.text().await?;
        ensure!(status.is_success(), "{method} /{path}: {status} {text}");
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.send(reqwest::Method::POST, path, body).await
    }

    async fn transition(&self, class: &str, action: &str) -> Result<Value> {
        self.post(
            &format!("classes/{class}/transitions"),
            json!({"action": action}),
        )
        .await
    }

    async fn id(&self, path: &str, body: Value) -> Result<String> {
        let answer = self.post(path, body).await?;
        Ok(answer["id"].as_str().context("no id")?.to_owned())
    }
}

/// Through the API: a staff account (教务 陈敏), an organisation with its contact, a trainee of
/// that organisation (学员丁), a qualified teacher, a course, and a class of one 3-hour session
/// that 学员丁 attended and completed — so 学员丁 has a learning record (version 1).
async fn prepare(b: &Browser) -> Result<String> {
    let api = Api {
        http: reqwest::Client::new(),
        base: b.base.clone(),
        token: admin_token(b).await?,
    };
    api.post(
        "users",
        json!({"username": "e2e.records", "display_name": "教务 陈敏",
               "password": "staff password 4", "roles": ["staff"]}),
    )
    .await?;
    let contact = api
        .id(
            "users",
            json!({"username": "e2e.records.contact", "display_name": "联系人 赵雷",
                   "password": "contact password 2", "roles": ["org_contact"]}),
        )
        .await?;
    let org = api
        .id(
            "organisations",
            cebase_tests::organisation_body("工业互联网研究院", &cebase_tests::credit_code(3)),
        )
        .await?;
    let mut contact_person = cebase_tests::person_body("赵雷", &cebase_tests::resident_id(70));
    contact_person["employer_id"] = json!(org);
    contact_person["user_id"] = json!(contact);
    api.post("people", contact_person).await?;
    let mut trainee = cebase_tests::person_body("学员丁", &cebase_tests::resident_id(71));
    trainee["employer_id"] = json!(org);
    let person = api.id("people", trainee).await?;
    let teacher_person = api
        .id(
            "people",
            cebase_tests::person_body("王老师", &cebase_tests::resident_id(72)),
        )
        .await?;
    let teacher = api
        .id(
            "teachers",
            cebase_tests::teacher_body(teacher_person.parse()?, "master", "none", true),
        )
        .await?;
    api.post(&format!("teachers/{teacher}/verify-evidence"), json!({}))
        .await?;
    let course = api
        .id(
            "courses",
            json!({"title": "工业互联网平台", "category": "professional", "credit_hours": 3}),
        )
        .await?;
    let class = api
        .id("classes", cebase_tests::class_body(CLASS, 10))
        .await?;
    let session = api
        .id(
            &format!("classes/{class}/sessions"),
            json!({"date": "2026-03-03", "start_time": "09:00", "end_time": "12:00",
                   "course_id": course, "teacher_id": teacher, "credit_hours": 3}),
        )
        .await?;
    api.transition(&class, "open").await?;
    let enrolment = api
        .id(
            &format!("classes/{class}/enrolments"),
            json!({"person_id": person}),
        )
        .await?;
    api.transition(&class, "start").await?;
    api.send(
        reqwest::Method::PUT,
        &format!("classes/{class}/attendance"),
        json!({"marks": [{"session_id": session, "enrolment_id": enrolment, "status": "present"}]}),
    )
    .await?;
    api.transition(&class, "complete").await?;
    Ok(person)
}

async fn record_history(b: Browser) -> Result<()> {
    let person = prepare(&b).await?;
    b.open("/login").await?;
    b.submit_login("e2e.records", "staff password 4").await?;
    b.wait_path("/").await?;
    b.open(&format!("/people/{person}/record")).await?;
    b.wait_text_matching(&format!("record-{CLASS}"), "the entry", |t| {
        t.contains("2026") && t.contains("3.0")
    })
    .await?;

    // The history of the entry: version 1, written at completion.
    b.wait_attr(&format!("record-history-{CLASS}"), "data-version", "1")
        .await?;
    b.click(&format!("record-history-{CLASS}")).await?;
    b.wait_attr("record-version-1", "data-current", "true")
        .await?;
    b.wait_text_matching("record-version-1", "the first version", |t| {
        t.contains("结业时生成")
    })
    .await?;

    // A correction without a reason is refused on the spot; with one it becomes version 2.
    b.fill("record-correct-professional", "4.5").await?;
    b.click("record-correct-submit").await?;
    b.find("field-error-reason").await?;
    b.fill("record-correct-reason", "补记实践环节 1.5 学时")
        .await?;
    b.click("record-correct-submit").await?;
    b.find("record-corrected").await?;
    b.wait_attr("record-version-2", "data-current", "true")
        .await?;
    b.wait_text_matching("record-version-2", "who and why", |t| {
        t.contains("教务 陈敏") && t.contains("补记实践环节 1.5 学时") && t.contains("4.5")
    })
    .await?;
    b.wait_attr("record-version-1", "data-current", "false")
        .await?;
    b.wait_text_matching(&format!("record-{CLASS}"), "the corrected entry", |t| {
        t.contains("4.5")
    })
    .await?;
    b.screenshot_at("record-history", "corrected").await?;

    // The organisation contact reads the same history, without the correction form.
    b.click("logout").await?;
    b.wait_path("/login").await?;
    b.submit_login("e2e.records.contact", "contact password 2")
        .await?;
    b.wait_path("/").await?;
    b.click("nav-my-people").await?;
    b.click("my-person-record-学员丁").await?;
    b.click(&format!("record-history-{CLASS}")).await?;
    b.wait_text_matching("record-version-2", "who and why", |t| {
        t.contains("教务 陈敏") && t.contains("补记实践环节")
    })
    .await?;
    ensure!(
        !b.is_present("record-correct-form").await?,
        "an organisation contact is offered the correction form"
    );
    b.screenshot_at("record-history", "contact").await?;
    Ok(())
}
