//! An organisation contact's "my people": their organisation's people with masked ID numbers,
//! adding a colleague, enrolling two people in an open class at once, seeing the
//! organisation's enrolments in it and withdrawing one.

use anyhow::{Context, Result, ensure};

use crate::admin_token;
use crate::harness::{self, Browser};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organisation_contact_adds_and_enrols_their_people() {
    harness::run("my-people", my_people).await;
}

const ORGANISATION: &str = "北京数智科技有限公司";
const CLASS: &str = "数字经济专业技术人员研修班";

/// Through the API as the administrator: the organisation, the contact's account and person,
/// a colleague (同事甲), someone of another organisation (外单位人员), and an open class.
async fn prepare(b: &Browser) -> Result<String> {
    let token = admin_token(b).await?;
    let http = reqwest::Client::new();
    let post = |path: &'static str, body: serde_json::Value| {
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
    let ours = post(
        "organisations",
        cebase_tests::organisation_body(ORGANISATION, &cebase_tests::credit_code(1)),
    )
    .await?;
    let theirs = post(
        "organisations",
        cebase_tests::organisation_body("另一家单位", &cebase_tests::credit_code(2)),
    )
    .await?;
    let user = post(
        "users",
        serde_json::json!({
            "username": "e2e.contact",
            "display_name": "单位联系人 刘洋",
            "password": "contact password 1",
            "roles": ["org_contact"],
        }),
    )
    .await?;
    let employed = |name: &str, n: u32, org: &str| {
        let mut body = cebase_tests::person_body(name, &cebase_tests::resident_id(n));
        body["employer_id"] = serde_json::json!(org);
        body
    };
    let mut me = employed("刘洋", 60, &ours);
    me["user_id"] = serde_json::json!(user);
    post("people", me).await?;
    post("people", employed("同事甲", 61, &ours)).await?;
    post("people", employed("外单位人员", 62, &theirs)).await?;
    let mut class = cebase_tests::class_body(CLASS, 20);
    class["open_enrolment"] = serde_json::json!(true);
    let class_id = post("classes", class).await?;
    http.post(format!("{}/api/v1/classes/{class_id}/transitions", b.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"action": "open"}))
        .send()
        .await?
        .error_for_status()
        .context("opening the class")?;
    Ok(class_id)
}

async fn my_people(b: Browser) -> Result<()> {
    let class_id = prepare(&b).await?;
    b.open("/login").await?;
    b.submit_login("e2e.contact", "contact password 1").await?;
    b.wait_path("/").await?;

    // The contact's navigation leads to "my people"; the directory of everyone is not offered.
    b.wait_text("nav-my-people", "本单位人员").await?;
    ensure!(
        !b.is_present("nav-people").await?,
        "an organisation contact is offered the people directory"
    );
    b.click("nav-my-people").await?;
    b.wait_path("/my/people").await?;
    b.wait_text("my-people-org", ORGANISATION).await?;
    let row = b
        .wait_text_matching("my-person-同事甲", "the colleague, masked", |t| {
            t.contains("同事甲") && t.contains("********")
        })
        .await?;
    ensure!(
        !row.contains(&cebase_tests::resident_id(61)),
        "the full ID number is shown: {row}"
    );
    b.find("my-person-刘洋").await?;
    ensure!(
        !b.is_present("my-person-外单位人员").await?,
        "another organisation's person is listed"
    );

    // Add a colleague: the organisation is not asked for, the server records the contact's.
    ensure!(
        !b.is_present("person-user-id").await?,
        "the contact is asked for a login account"
    );
    b.fill("person-name", "新同事").await?;
    b.fill("person-id-number", &cebase_tests::resident_id(63))
        .await?;
    b.click("person-submit").await?;
    b.find("person-created").await?;
    b.find("my-person-新同事").await?;
    b.screenshot("people").await?;

    // Enrol the new colleague and 同事甲 in the open class at once.
    b.click("my-person-pick-新同事").await?;
    b.click("my-person-pick-同事甲").await?;
    b.wait_attr("my-people-picked", "data-count", "2").await?;
    b.select("my-people-class", &class_id).await?;
    b.click("my-people-enrol").await?;
    b.find("my-people-enrolled").await?;
    b.wait_attr("my-people-picked", "data-count", "0").await?;
    b.wait_attr("my-enrolment-新同事", "data-status", "enrolled")
        .await?;
    b.wait_attr("my-enrolment-同事甲", "data-status", "enrolled")
        .await?;
    b.wait_attr("my-class-enrolments-count", "data-active", "2")
        .await?;
    b.screenshot_at("my-class-enrolments", "enrolled").await?;

    // Enrolling 同事甲 again is refused by name, and nothing changes.
    b.click("my-person-pick-同事甲").await?;
    b.click("my-people-enrol").await?;
    b.wait_attr("problem", "data-code", "bulk_rejected").await?;
    b.wait_text_matching("my-people-errors", "the refusal by name", |t| {
        t.contains("同事甲") && t.contains("已报名")
    })
    .await?;

    // Withdraw 同事甲: the seat is freed.
    b.click("my-enrolment-withdraw-同事甲").await?;
    b.wait_attr("my-enrolment-同事甲", "data-status", "withdrawn")
        .await?;
    b.wait_attr("my-class-enrolments-count", "data-active", "1")
        .await?;
    b.screenshot_at("my-class-enrolments", "withdrawn").await?;
    Ok(())
}
