//! Certificates in the browser: staff issue a completed class's certificates from the class page
//! (eligibility preview with reasons, batch with progress), find them in the certificate list,
//! download a certificate's PDF, its signed credential and the class's zip of PDFs, and the
//! public verification page — outside the login, as the QR code opens it — shows the
//! certificate valid, then revoked after staff revoke it with a reason.

use anyhow::{Context, Result, ensure};

use crate::harness::{self, Browser};

const CLASS: &str = "数字经济专业技术人员研修班";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_issue_a_class_and_the_public_page_shows_valid_then_revoked() {
    harness::run("certificates", certificates).await;
}

/// Prepares through the API as the administrator: a staff account and a completed class (no
/// sessions, no assessment) with 学员11 and 学员12 completed and 学员13 withdrawn. Answers the
/// class id.
async fn completed_class(b: &Browser) -> Result<String> {
    let token = crate::admin_token(b).await?;
    let http = reqwest::Client::new();
    let call = |method: reqwest::Method, path: String, body: serde_json::Value| {
        let request = http
            .request(method, format!("{}/api/v1/{path}", b.base))
            .bearer_auth(&token)
            .json(&body);
        async move {
            let answer: serde_json::Value = request
                .send()
                .await?
                .error_for_status()
                .with_context(|| format!("/{path}"))?
                .json()
                .await?;
            anyhow::Ok(answer)
        }
    };
    let post = |path: String, body: serde_json::Value| call(reqwest::Method::POST, path, body);
    post(
        "users".into(),
        serde_json::json!({
            "username": "e2e.certs",
            "display_name": "教务 王敏",
            "password": "staff password 3",
            "roles": ["staff"],
        }),
    )
    .await?;
    let class = post("classes".into(), cebase_tests::class_body(CLASS, 10)).await?;
    let class_id = class["id"].as_str().context("class id")?.to_owned();
    post(
        format!("classes/{class_id}/transitions"),
        serde_json::json!({"action": "open"}),
    )
    .await?;
    let mut last_enrolment = String::new();
    for n in 11..=13 {
        let person = post(
            "people".into(),
            cebase_tests::person_body(&format!("学员{n}"), &cebase_tests::resident_id(n)),
        )
        .await?;
        let enrolment = post(
            format!("classes/{class_id}/enrolments"),
            serde_json::json!({"person_id": person["id"]}),
        )
        .await?;
        last_enrolment = enrolment["id"].as_str().context("enrolment id")?.to_owned();
    }
    post(
        format!("enrolments/{last_enrolment}/withdraw"),
        serde_json::json!({}),
    )
    .await?;
    for action in ["start", "complete"] {
        post(
            format!("classes/{class_id}/transitions"),
            serde_json::json!({"action": action}),
        )
        .await?;
    }
    Ok(class_id)
}

async fn certificates(b: Browser) -> Result<()> {
    let class_id = completed_class(&b).await?;
    let year = cebase_domain::certificate::issue_year(chrono::Utc::now());
    let first = format!("CEB{year}000001");

    b.open("/login").await?;
    b.submit_login("e2e.certs", "staff password 3").await?;
    b.wait_path("/").await?;
    b.wait_text("nav-certificates", "证书").await?;

    // The class page previews who may get a certificate, and why not.
    b.open(&format!("/classes/{class_id}")).await?;
    b.wait_attr("class-timeline", "data-status", "completed")
        .await?;
    b.wait_text_matching("cert-eligibility-counts", "the counts", |t| {
        t.contains("可发证 2 人") && t.contains("不符合条件 1 人")
    })
    .await?;
    b.wait_text_matching("cert-eligibility", "the reasons", |t| {
        t.contains("学员13") && t.contains("已退出报名（第九条）")
    })
    .await?;
    b.screenshot_at("class-certificates", "cert-preview")
        .await?;

    // Issue them as a batch: the progress bar ends at the result.
    b.click("cert-issue-all").await?;
    b.wait_attr("cert-batch-result", "data-status", "done")
        .await?;
    b.wait_text_matching("cert-batch-result", "the result", |t| {
        t.contains("已发证 2 份") && t.contains("跳过 1 人")
    })
    .await?;
    b.wait_attr("cert-batch-progress", "data-percent", "100")
        .await?;
    b.wait_text_matching("cert-eligibility-counts", "the new counts", |t| {
        t.contains("已发证 2 人")
    })
    .await?;
    b.screenshot_at("class-certificates", "cert-issued").await?;
    // Both PDFs in one zip, saved under the class's Chinese name (RFC 5987 file name).
    b.click("cert-download-zip").await?;
    let zip = b.wait_download(&format!("证书-{CLASS}.zip")).await?;
    ensure!(zip.starts_with(b"PK"), "the download is a zip");

    // The list shows them; the code printed beside the number opens the public page.
    b.click("nav-certificates").await?;
    b.wait_path("/certificates").await?;
    b.wait_text_matching(&format!("cert-row-{first}"), "the first certificate", |t| {
        t.contains("学员11") && t.contains(CLASS) && t.contains("有效")
    })
    .await?;
    let code = b.find(&format!("cert-code-{first}")).await?.text().await?;
    ensure!(code.len() == 16, "verification code {code:?}");
    b.screenshot("cert-list").await?;

    // The printable PDF and the signed credential download from the row.
    b.click(&format!("cert-pdf-{first}")).await?;
    let pdf = b.wait_download(&format!("{first}.pdf")).await?;
    ensure!(pdf.starts_with(b"%PDF-"), "the download is a PDF");
    b.click(&format!("cert-credential-{first}")).await?;
    let jwt = b.wait_download(&format!("{first}.jwt")).await?;
    let jwt = String::from_utf8(jwt)?;
    ensure!(
        jwt.split('.').count() == 3 && !jwt.contains(char::is_whitespace),
        "a compact JWS: {jwt:?}"
    );

    // Logged out, anyone may verify: valid, masked name, issuer.
    b.click("logout").await?;
    b.wait_path("/login").await?;
    b.open(&format!("/verify?number={first}&code={code}"))
        .await?;
    b.wait_attr("verify-result", "data-status", "valid").await?;
    b.wait_text("verify-holder", "学***").await?;
    b.wait_text_matching("verify-result", "the issuer", |t| {
        t.contains("证书有效") && t.contains("国家级专业技术人员继续教育基地")
    })
    .await?;
    b.screenshot("verify-valid").await?;
    // A wrong code finds nothing (the same answer as an unknown number).
    b.fill("verify-code", "0000000000000000").await?;
    b.click("verify-submit").await?;
    b.find("verify-not-found").await?;

    // Staff revoke it with a reason (a too short one is refused on screen).
    b.open("/login").await?;
    b.submit_login("e2e.certs", "staff password 3").await?;
    b.wait_path("/").await?;
    b.click("nav-certificates").await?;
    b.click(&format!("cert-revoke-{first}")).await?;
    b.fill("cert-revoke-reason", "错误").await?;
    b.click("cert-revoke-confirm").await?;
    b.wait_attr("problem", "data-code", "validation_failed")
        .await?;
    b.fill("cert-revoke-reason", "学时记录有误，经核查后撤销")
        .await?;
    b.click("cert-revoke-confirm").await?;
    b.wait_attr(&format!("cert-row-{first}"), "data-status", "revoked")
        .await?;
    b.find(&format!("cert-reissue-{first}")).await?;
    b.screenshot("cert-revoked").await?;

    // The public page now says revoked, in Chinese and in English.
    b.click("logout").await?;
    b.wait_path("/login").await?;
    b.open(&format!("/verify?number={first}&code={code}"))
        .await?;
    b.wait_attr("verify-result", "data-status", "revoked")
        .await?;
    b.wait_text_matching("verify-result", "revoked", |t| t.contains("证书已撤销"))
        .await?;
    b.click("lang-switch").await?;
    b.wait_text_matching("verify-result", "revoked in English", |t| {
        t.contains("This certificate has been revoked")
    })
    .await?;
    b.screenshot("verify-revoked-en").await?;
    Ok(())
}
