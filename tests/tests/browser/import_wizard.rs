//! Staff import trainees into a class from an xlsx file with one bad row: the preview names the
//! row, the column and the reason on screen, all or nothing holds the commit back, keeping the
//! valid rows writes them, and the enrolment list shows the people imported.

use anyhow::{Context, Result, ensure};
use cebase_domain::imports::ImportColumn;

use crate::admin_token;
use crate::harness::{self, Browser, artifacts_dir};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_import_trainees_from_an_xlsx_file_with_one_bad_row() {
    harness::run("import-wizard", import_wizard).await;
}

const CLASS: &str = "智能制造工程技术人员研修班";

/// The valid people of the file (rows 2, 4 and 5).
const NAMES: [&str; 3] = ["导入学员甲", "导入学员乙", "导入学员丙"];

/// An xlsx file with the template's Chinese headers: three valid people and, in row 3, a
/// resident ID whose check character is wrong (GB 11643-1999).
fn workbook() -> Result<Vec<u8>> {
    let mut bad = cebase_tests::resident_id(52);
    let wrong = if bad.ends_with('1') { "2" } else { "1" };
    bad.replace_range(17.., wrong);
    let rows: Vec<[String; 4]> = vec![
        row(NAMES[0], &cebase_tests::resident_id(50)),
        row("校验码错误", &bad),
        row(NAMES[1], &cebase_tests::resident_id(51)),
        row(NAMES[2], &cebase_tests::resident_id(53)),
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        ImportColumn::Name,
        ImportColumn::IdKind,
        ImportColumn::IdNumber,
        ImportColumn::TitleLevel,
        ImportColumn::Degree,
    ];
    for (c, col) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, col.header())?;
    }
    for (r, [name, kind, number, level]) in rows.iter().enumerate() {
        let r = (r + 1) as u32;
        sheet.write_string(r, 0, name)?;
        sheet.write_string(r, 1, kind)?;
        sheet.write_string(r, 2, number)?;
        sheet.write_string(r, 3, level)?;
        sheet.write_string(r, 4, "本科")?;
    }
    Ok(book.save_to_buffer()?)
}

fn row(name: &str, number: &str) -> [String; 4] {
    [
        name.to_owned(),
        "居民身份证".to_owned(),
        number.to_owned(),
        "中级".to_owned(),
    ]
}

/// A staff account and an open class of 30 seats, through the API as the administrator.
async fn prepare(b: &Browser) -> Result<String> {
    let token = admin_token(b).await?;
    let http = reqwest::Client::new();
    http.post(format!("{}/api/v1/users", b.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "username": "e2e.import",
            "display_name": "教务 王芳",
            "password": "staff password 3",
            "roles": ["staff"],
        }))
        .send()
        .await?
        .error_for_status()
        .context("creating the staff account")?;
    let mut body = cebase_tests::class_body(CLASS, 30);
    body["open_enrolment"] = serde_json::json!(true);
    let class: serde_json::Value = http
        .post(format!("{}/api/v1/classes", b.base))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await?
        .error_for_status()
        .context("creating the class")?
        .json()
        .await?;
    let id = class["id"].as_str().context("no class id")?.to_owned();
    http.post(format!("{}/api/v1/classes/{id}/transitions", b.base))
        .bearer_auth(&token)
        .json(&serde_json::json!({"action": "open"}))
        .send()
        .await?
        .error_for_status()
        .context("opening the class")?;
    Ok(id)
}

async fn import_wizard(b: Browser) -> Result<()> {
    let class_id = prepare(&b).await?;
    let file = artifacts_dir().join("import-wizard-trainees.xlsx");
    std::fs::write(&file, workbook()?).context("writing the xlsx file")?;
    let file = file.canonicalize()?;

    b.open("/login").await?;
    b.submit_login("e2e.import", "staff password 3").await?;
    b.wait_path("/").await?;
    b.open(&format!("/classes/{class_id}")).await?;
    b.wait_text("class-title-heading", CLASS).await?;
    b.find("enrolments-empty").await?;
    b.wait_attr("import-wizard", "data-step", "upload").await?;
    b.find("import-template").await?;

    // Upload: the preview lists the bad row with its number, column and reason, in Chinese.
    b.find("import-file")
        .await?
        .send_keys(&file.display().to_string())
        .await?;
    b.click("import-upload").await?;
    b.wait_attr("import-wizard", "data-step", "preview").await?;
    b.wait_attr("import-counts", "data-total", "4").await?;
    b.wait_attr("import-counts", "data-valid", "3").await?;
    b.wait_attr("import-counts", "data-rejected", "1").await?;
    b.wait_text_matching("import-error-3", "row 3's reason", |t| {
        t.starts_with('3') && t.contains("证件号码") && t.contains("校验码不正确")
    })
    .await?;
    ensure!(
        !b.is_present("import-error-2").await? && !b.is_present("import-error-4").await?,
        "valid rows are listed as rejected"
    );
    // All or nothing (the default) holds the commit back and says what to do.
    b.find("import-blocked").await?;
    ensure!(
        b.find("import-commit")
            .await?
            .attr("disabled")
            .await?
            .is_some(),
        "all or nothing would commit a file with a rejected row"
    );
    b.screenshot_at("import-wizard", "preview").await?;

    // Keep the valid rows: three people written and enrolled.
    b.click("import-mode-keep").await?;
    b.wait_absent("import-blocked").await?;
    b.wait_text("import-commit", "确认导入 3 行").await?;
    b.click("import-commit").await?;
    b.wait_attr("import-wizard", "data-step", "finished")
        .await?;
    b.wait_attr("import-summary", "data-written", "3").await?;
    b.wait_text_matching("import-summary", "the summary", |t| {
        t.contains("新建人员 3 人")
            && t.contains("报名本班 3 人")
            && t.contains("跳过被拒绝的 1 行")
    })
    .await?;
    for name in NAMES {
        b.wait_attr(&format!("enrolment-row-{name}"), "data-status", "enrolled")
            .await?;
    }
    ensure!(
        !b.is_present("enrolment-row-校验码错误").await?,
        "the rejected row was enrolled"
    );
    b.wait_attr("class-seats", "data-enrolled", "3").await?;
    b.wait_attr("enrolments-count", "data-active", "3").await?;
    b.screenshot_at("class-enrolments", "done").await?;

    // The list can be narrowed by name.
    b.fill("enrolments-filter", "乙").await?;
    b.wait_absent(&format!("enrolment-row-{}", NAMES[0]))
        .await?;
    b.find(&format!("enrolment-row-{}", NAMES[1])).await?;
    Ok(())
}
