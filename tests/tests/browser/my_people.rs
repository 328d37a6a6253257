//! An organisation contact's "my people": their organisation's people with masked ID numbers,
//! registering colleagues (staff approve one and reject another in their queue), enrolling two
//! people in an open class at once, seeing the organisation's enrolments in it and withdrawing
//! one.

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

    // Register two colleagues: the organisation is not asked for, the server records the
    // contact's. Both are filed for staff, answered alike whether or not the number is on file.
    ensure!(
        !b.is_present("person-user-id").await?,
        "the contact is asked for a login account"
    );
    b.fill("person-name", "新同事").await?;
    b.fill("person-id-number", &cebase_tests::resident_id(63))
        .await?;
    b.click("person-submit").await?;
    b.find("person-registered").await?;
    b.wait_attr("my-registration-新同事", "data-status", "pending")
        .await?;
    ensure!(
        !b.is_present("my-person-新同事").await?,
        "a registration is listed as a person before staff decide"
    );
    // The second number is on file at another organisation.
    b.fill("person-name", "外单位人员").await?;
    b.fill("person-id-number", &cebase_tests::resident_id(62))
        .await?;
    b.click("person-submit").await?;
    b.wait_attr("my-registration-外单位人员", "data-status", "pending")
        .await?;
    b.screenshot("registrations-filed").await?;

    // Staff see both in their queue: approve the new person; the other is on file elsewhere, so
    // it is rejected with a reason (an empty reason is refused on screen).
    b.click("logout").await?;
    b.wait_path("/login").await?;
    b.submit_login(&b.admin_username, &b.admin_password).await?;
    b.wait_path("/").await?;
    b.open("/people").await?;
    b.wait_attr("registration-新同事", "data-status", "pending")
        .await?;
    ensure!(
        !b.is_present("registration-on-file-新同事").await?,
        "a new number is shown as on file"
    );
    b.wait_text_matching(
        "registration-on-file-外单位人员",
        "who has the number",
        |t| t.contains("外单位人员") && t.contains("另一家单位"),
    )
    .await?;
    b.screenshot_at("registration-queue", "queue").await?;
    b.click("registration-reject-外单位人员").await?;
    b.wait_attr("problem", "data-code", "validation_failed")
        .await?;
    b.fill(
        "registration-reason-外单位人员",
        "该人员为另一家单位职工，请核实",
    )
    .await?;
    b.click("registration-reject-外单位人员").await?;
    b.wait_absent("registration-外单位人员").await?;
    b.click("registration-approve-新同事").await?;
    b.wait_absent("registration-新同事").await?;
    b.find("person-row-新同事").await?;

    // Back as the contact: the colleague is on file, the rejection shows its reason.
    b.click("logout").await?;
    b.wait_path("/login").await?;
    b.submit_login("e2e.contact", "contact password 1").await?;
    b.wait_path("/").await?;
    b.open("/my/people").await?;
    b.find("my-person-新同事").await?;
    b.wait_attr("my-registration-新同事", "data-status", "approved")
        .await?;
    b.wait_attr("my-registration-外单位人员", "data-status", "rejected")
        .await?;
    b.wait_text_matching("my-registration-外单位人员", "the reason", |t| {
        t.contains("请核实")
    })
    .await?;
    ensure!(
        !b.is_present("my-person-外单位人员").await?,
        "a rejected registration lists the other organisation's person"
    );
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
