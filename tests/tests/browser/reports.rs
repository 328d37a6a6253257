//! Evaluation and the class summary report (Art. 16, 18) in the browser: a trainee answers the
//! questionnaire of a completed class under "my classes" (then sees "answered"); staff land on
//! the dashboard and see the class's report due and overdue, start it from there, write the
//! narrative and submit it with its figures; the provincial HR department's reviewer finds it
//! in their queue; staff record the department's paper filing (文号 and date), and the class
//! shows as reported with its evaluation results.

use anyhow::{Context, Result, ensure};
use serde_json::{Value, json};

use crate::harness::{self, Browser};

const CLASS: &str = "工业互联网安全专题培训班";
const TEACHER: &str = "王老师";
/// A class still being planned: its questionnaire can be edited.
const PLANNED: &str = "数据安全治理研修班";
const NEED: &str = "工控安全应急演练";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trainee_evaluates_and_staff_file_the_class_report() {
    harness::run("reports", scenario).await;
}

/// A little JSON client for the set-up, as the administrator.
struct Api {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Api {
    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> Result<Value> {
        let response = self
            .http
            .request(method.clone(), format!("{}/api/v1/{path}", self.base))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        ensure!(status.is_success(), "{method} /{path}: {status} {text}");
        Ok(serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str, body: Value) -> Result<Value> {
        self.send(reqwest::Method::POST, path, body).await
    }

    async fn id(&self, path: &str, body: Value) -> Result<String> {
        let answer = self.post(path, body).await?;
        Ok(answer["id"].as_str().context("no id")?.to_owned())
    }
}

/// Through the API: staff, a trainee (with a person record) and a provincial HR reviewer; a
/// qualified teacher, a course, and a class from 2 to 6 March 2026 that the trainee attended
/// and that has been completed — so its summary report is overdue (due 30 days after the end);
/// a second class, still planned, and a draft plan for 2027; their ids are returned.
async fn fixtures(b: &Browser) -> Result<(String, String)> {
    let api = Api {
        http: reqwest::Client::new(),
        base: b.base.clone(),
        token: super::admin_token(b).await?,
    };
    let mut learner = String::new();
    for (username, name, password, roles, authority) in [
        (
            "e2e.reports",
            "教务 周敏",
            "staff password 3",
            "staff",
            None,
        ),
        (
            "e2e.learner",
            "学员 孙磊",
            "trainee password 3",
            "trainee",
            None,
        ),
        (
            "e2e.province",
            "省厅 审核员",
            "reviewer password 3",
            "reviewer",
            Some("provincial_hr"),
        ),
    ] {
        let mut body = json!({
            "username": username,
            "display_name": name,
            "password": password,
            "roles": [roles],
        });
        if let Some(a) = authority {
            body["reviewer_authority"] = json!(a);
        }
        let user = api.id("users", body).await?;
        if username == "e2e.learner" {
            let mut person = cebase_tests::person_body("孙磊", &cebase_tests::resident_id(21));
            person["user_id"] = json!(user);
            learner = api.id("people", person).await?;
        }
    }
    let teacher_person = api
        .id(
            "people",
            cebase_tests::person_body(TEACHER, &cebase_tests::resident_id(22)),
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
        .id("courses", cebase_tests::course_body("工业控制系统安全"))
        .await?;
    let class = api
        .id("classes", cebase_tests::class_body(CLASS, 20))
        .await?;
    let session = api
        .id(
            &format!("classes/{class}/sessions"),
            cebase_tests::session_body(course.parse()?, teacher.parse()?, "2026-03-02"),
        )
        .await?;
    let transition = |action: &'static str| {
        let path = format!("classes/{class}/transitions");
        let api = &api;
        async move { api.post(&path, json!({"action": action})).await }
    };
    transition("open").await?;
    let enrolment = api
        .id(
            &format!("classes/{class}/enrolments"),
            json!({"person_id": learner}),
        )
        .await?;
    transition("start").await?;
    api.send(
        reqwest::Method::PUT,
        &format!("classes/{class}/attendance"),
        json!({"marks": [{"session_id": session, "enrolment_id": enrolment, "status": "present"}]}),
    )
    .await?;
    transition("complete").await?;
    let planned = api
        .id("classes", cebase_tests::class_body(PLANNED, 20))
        .await?;
    let plan = api
        .id(
            "plans",
            json!({"year": 2027, "title": "2027 年度专业技术人员继续教育计划"}),
        )
        .await?;
    Ok((planned, plan))
}

async fn login(b: &Browser, username: &str, password: &str) -> Result<()> {
    if b.is_present("logout").await? {
        b.click("logout").await?;
        b.wait_path("/login").await?;
    } else {
        b.open("/login").await?;
    }
    b.submit_login(username, password).await?;
    b.wait_path("/").await
}

async fn scenario(b: Browser) -> Result<()> {
    let (planned, plan) = fixtures(&b).await?;

    // The trainee answers the questionnaire under "my classes": five questions and the teacher.
    login(&b, "e2e.learner", "trainee password 3").await?;
    b.click("nav-my-classes").await?;
    b.wait_path("/my/classes").await?;
    b.find(&format!("evaluation-form-{CLASS}")).await?;
    let submit = format!("evaluation-submit-{CLASS}");
    for (key, rating) in [
        ("content", 5),
        ("teachers", 4),
        ("organisation", 4),
        ("logistics", 3),
    ] {
        b.click(&format!("rate-{key}-{rating}")).await?;
    }
    b.click(&format!("rate-teacher-{TEACHER}-5")).await?;
    // Not everything is rated yet: the form cannot be sent.
    let button = b.find(&submit).await?;
    ensure!(
        button.attr("disabled").await?.is_some(),
        "the evaluation can be sent with a question unrated"
    );
    b.click("rate-overall-4").await?;
    b.fill("evaluation-comment", "案例贴近企业实际，建议增加实操时间。")
        .await?;
    b.screenshot("evaluation-form").await?;
    b.click(&submit).await?;
    b.wait_text(&format!("evaluation-answered-{CLASS}"), "已评价")
        .await?;
    ensure!(
        !b.is_present(&format!("evaluation-form-{CLASS}")).await?,
        "the form is still offered after answering"
    );
    b.screenshot("evaluation-answered").await?;

    // Follow-up feedback opened three months after the class; the trainee gives it, once.
    b.click("nav-follow-ups").await?;
    b.wait_path("/follow-ups").await?;
    b.find(&format!("follow-up-{CLASS}")).await?;
    b.click("follow-up-applied-4").await?;
    b.click("follow-up-improvement-5").await?;
    b.fill("follow-up-comment", "已用于本单位工控系统安全检查。")
        .await?;
    b.click("follow-up-submit").await?;
    b.find(&format!("follow-up-answered-{CLASS}")).await?;

    // …and submits a training need.
    b.click("nav-needs").await?;
    b.wait_path("/needs").await?;
    b.fill("need-topic", NEED).await?;
    b.fill("need-field", "信息安全").await?;
    b.fill("need-head-count", "30").await?;
    b.set_value("need-start", "2027-04-01").await?;
    b.set_value("need-end", "2027-04-30").await?;
    b.click("need-submit").await?;
    b.find("need-saved").await?;
    b.find(&format!("need-row-{NEED}")).await?;

    // Staff land on the dashboard: the class's report is due — overdue, in red — and not started.
    login(&b, "e2e.reports", "staff password 3").await?;
    b.find("dashboard").await?;
    let due = format!("due-class_report-{CLASS}");
    b.wait_attr(&due, "data-overdue", "true").await?;
    b.wait_text_matching(&due, "the overdue report", |t| {
        t.contains("总结报告")
            && t.contains("未开始")
            && t.contains("2026-04-05")
            && t.contains("已逾期")
    })
    .await?;
    // This year's figures: the class held, the trainee completed, the evaluation mean.
    b.wait_attr("chart-classes", "data-actual", "1").await?;
    b.wait_attr("chart-trainees", "data-actual", "1").await?;
    b.wait_attr("chart-evaluation", "data-score", "4.00")
        .await?;
    b.find("recent-activity").await?;
    b.screenshot("dashboard-zh").await?;
    // In English too.
    b.click("lang-switch").await?;
    b.wait_text_matching(&due, "the English due item", |t| {
        t.contains("Class report") && t.contains("Not started") && t.contains("days overdue")
    })
    .await?;
    b.screenshot("dashboard-en").await?;
    b.click("lang-switch").await?;
    b.wait_text("nav-home", "首页").await?;

    // From the dashboard to the report: start it, write it, submit it with its figures.
    b.click(&format!("due-link-class_report-{CLASS}")).await?;
    b.click("report-start").await?;
    b.wait_attr("report-status", "data-status", "draft").await?;
    b.wait_attr("report-figures", "data-preview", "true")
        .await?;
    b.wait_text("fig-enrolled", "1").await?;
    b.wait_text("fig-completed", "1").await?;
    b.wait_text("fig-attendance_rate", "100.0%").await?;
    b.wait_text_matching("fig-evaluation", "one response", |t| {
        t.contains("1 份") && t.contains("4.00")
    })
    .await?;
    // Submitting without the narrative is refused, naming the fields (Art. 18).
    b.click("report-action-submit").await?;
    b.wait_attr("problem", "data-code", "validation_failed")
        .await?;
    b.find("field-error-lessons").await?;
    b.fill(
        "report-analysis",
        "计划招收 20 人，实际报名 1 人，全部结业。",
    )
    .await?;
    b.fill("report-lessons", "课程内容贴近企业需求；招生宣传不足。")
        .await?;
    b.fill(
        "report-improvements",
        "提前两个月发布招生通知，增加实操课时。",
    )
    .await?;
    b.click("report-action-submit").await?;
    b.wait_attr("report-status", "data-status", "submitted")
        .await?;
    b.wait_attr("report-figures", "data-preview", "false")
        .await?;
    b.wait_attr("report-history-row", "data-action", "submit")
        .await?;
    b.screenshot("report-submitted").await?;

    // The provincial HR department's reviewer finds it waiting on their home page.
    login(&b, "e2e.province", "reviewer password 3").await?;
    b.find(&format!("queue-{CLASS}")).await?;
    b.screenshot("reviewer-queue").await?;
    b.click(&format!("queue-link-{CLASS}")).await?;
    b.wait_attr("report-status", "data-status", "submitted")
        .await?;
    b.find("report-action-file").await?;
    b.find("report-action-return").await?;
    ensure!(
        !b.is_present("report-document-number").await?,
        "a reviewer is asked for a paper reply's document number"
    );

    // Staff record the department's paper reply instead: 文号 and date.
    login(&b, "e2e.reports", "staff password 3").await?;
    b.click("nav-class-reports").await?;
    b.wait_path("/class-reports").await?;
    b.wait_text_matching(
        &format!("report-row-{CLASS}"),
        "the submitted report",
        |t| t.contains("已报送"),
    )
    .await?;
    b.click(&format!("report-link-{CLASS}")).await?;
    b.wait_attr("report-status", "data-status", "submitted")
        .await?;
    b.click("report-action-file").await?;
    b.wait_attr("problem", "data-code", "validation_failed")
        .await?;
    b.find("field-error-document_number").await?;
    b.fill("report-document-number", "省人社厅函〔2026〕18号")
        .await?;
    b.set_value("report-reply-date", "2026-04-20").await?;
    b.click("report-action-file").await?;
    b.wait_attr("report-status", "data-status", "filed").await?;
    b.wait_text_matching("report-history", "the paper filing", |t| {
        t.contains("省人社厅函〔2026〕18号") && t.contains("2026-04-20") && t.contains("纸质复函")
    })
    .await?;
    b.screenshot("report-filed").await?;

    // The class is reported, with its filed report and its evaluation results.
    b.click("report-class-link").await?;
    b.wait_attr("class-timeline", "data-status", "reported")
        .await?;
    b.wait_attr("class-report-status", "data-status", "filed")
        .await?;
    b.wait_attr("evaluation-summary", "data-responses", "1")
        .await?;
    b.wait_text("summary-average-logistics", "3.00").await?;
    b.wait_text_matching("summary-comments", "the comment", |t| {
        t.contains("建议增加实操时间")
    })
    .await?;
    b.screenshot_at("class-report-panel", "class-reported")
        .await?;

    // Staff see the follow-up received, and turn the trainee's need into an item of the draft
    // 2027 plan.
    b.click("nav-follow-ups").await?;
    b.wait_text_matching(&format!("follow-up-row-{CLASS}"), "one answer", |t| {
        t.contains("1/1") && t.contains("4.00")
    })
    .await?;
    b.click("nav-needs").await?;
    b.wait_text_matching(&format!("needs-by-topic-{NEED}"), "the grouped need", |t| {
        t.contains("30")
    })
    .await?;
    b.click(&format!("need-to-plan-{NEED}")).await?;
    let title = b.value("to-plan-title").await?;
    ensure!(title == NEED, "the plan item is pre-filled with {title:?}");
    b.select("to-plan-plan", &plan).await?;
    b.click("to-plan-submit").await?;
    b.find("to-plan-done").await?;
    b.find("need-planned").await?;
    b.screenshot("need-planned").await?;

    // The planned class's questionnaire gets a question of its own; a bad key is refused first.
    b.open(&format!("/classes/{planned}")).await?;
    b.wait_text("class-title-heading", PLANNED).await?;
    b.find("question-label-4").await?;
    b.click("question-add").await?;
    b.fill("question-key-5", "Practice").await?;
    b.fill("question-label-5", "实操安排").await?;
    b.click("questionnaire-save").await?;
    b.wait_text_matching("field-error-items[5].key", "the key rule", |t| {
        t.contains("小写字母")
    })
    .await?;
    b.fill("question-key-5", "practice").await?;
    b.click("questionnaire-save").await?;
    b.find("questionnaire-saved").await?;
    // Saved and read back: the class now has its own questionnaire.
    b.wait_attr("questionnaire-kind", "data-customised", "true")
        .await?;
    let label = b.value("question-label-5").await?;
    ensure!(label == "实操安排", "the saved question reads {label:?}");
    b.screenshot_at("questionnaire", "questionnaire-edited")
        .await?;

    // Nothing is due for the class any more.
    b.click("nav-home").await?;
    b.find("dashboard").await?;
    b.find("recent-activity").await?;
    ensure!(
        !b.is_present(&due).await?,
        "the filed report is still listed as due"
    );
    Ok(())
}
