//! The annual plan (Art. 8) in the browser: staff draft a plan with an item (a wrong planned
//! period is refused next to the field, citing Art. 8) and submit it to MIIT; the MIIT reviewer
//! finds it highlighted as waiting and approves it; staff submit it to MOHRSS; the MOHRSS
//! reviewer files it and the plan page shows 已备案; the staff dashboard shows the plan filed,
//! the next deadline with its days left and the activity in words. Then staff amend the filed plan, change the
//! item, submit again and record MIIT's paper reply returning it (文号, date, scan — refused
//! first without the 文号); the history links the scan and the version comparison shows the
//! changed field.

use anyhow::{Context, Result, ensure};
use chrono::{Datelike, Duration, NaiveDate, Utc};

use crate::harness::{self, Browser, artifacts_dir};

const STAFF: (&str, &str) = ("e2e.plans", "plans staff password");
const MIIT: (&str, &str) = ("e2e.miit", "miit reviewer password");
const MOHRSS: (&str, &str) = ("e2e.mohrss", "mohrss reviewer password");
const ITEM: &str = "工业互联网安全高级研修班";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_is_drafted_approved_by_miit_and_filed_with_mohrss() {
    harness::run("plan-workflow", plan_workflow).await;
}

/// Creates the staff account and one reviewer per authority through the API.
async fn accounts(b: &Browser) -> Result<()> {
    let token = super::admin_token(b).await?;
    let http = reqwest::Client::new();
    for (login, name, roles, authority) in [
        (STAFF, "计划处 王芳", vec!["staff"], None),
        (MIIT, "工信部 审核人", vec!["reviewer"], Some("miit")),
        (MOHRSS, "人社部 审核人", vec!["reviewer"], Some("mohrss")),
    ] {
        http.post(format!("{}/api/v1/users", b.base))
            .bearer_auth(&token)
            .json(&serde_json::json!({
                "username": login.0,
                "display_name": name,
                "password": login.1,
                "roles": roles,
                "reviewer_authority": authority,
            }))
            .send()
            .await?
            .error_for_status()
            .with_context(|| format!("creating {}", login.0))?;
    }
    Ok(())
}

async fn log_in(b: &Browser, (username, password): (&str, &str)) -> Result<()> {
    // Log out through the page and wait for it to finish (opening /login while the logout is
    // still on its way would find the old session and be sent home).
    if b.is_present("logout").await? {
        b.click("logout").await?;
    } else {
        b.open("/login").await?;
    }
    b.wait_path("/login").await?;
    b.find("login-username").await?;
    b.submit_login(username, password).await?;
    b.wait_path("/").await?;
    Ok(())
}

/// Opens the plan of `year` from the plan list.
async fn open_plan(b: &Browser, year: i32) -> Result<()> {
    b.click("nav-plans").await?;
    b.wait_path("/plans").await?;
    b.click(&format!("plan-link-{year}")).await?;
    b.find("plan-title").await?;
    Ok(())
}

async fn plan_workflow(b: Browser) -> Result<()> {
    accounts(&b).await?;
    // Today in Beijing; the plan is next year's, so its deadlines lie ahead (in December).
    let today = (Utc::now() + Duration::hours(8)).date_naive();
    let year = today.year() + 1;

    // Staff start next year's plan.
    log_in(&b, STAFF).await?;
    b.click("nav-plans").await?;
    b.wait_path("/plans").await?;
    b.find("plans-none").await?;
    b.fill("plan-year", &year.to_string()).await?;
    b.fill("plan-title", &format!("{year}年度继续教育基地培训计划"))
        .await?;
    b.click("plan-create-submit").await?;
    b.click("plan-created-link").await?;
    b.wait_attr("plan-status", "data-status", "draft").await?;
    b.wait_text("plan-status", "草稿").await?;
    b.find("plan-items-none").await?;
    b.find("plan-deadline-miit_submission").await?;

    // An item planned partly outside the plan's year is refused next to the field.
    b.fill("item-title", ITEM).await?;
    b.fill("item-audience", "信息通信行业副高级以上专业技术人员")
        .await?;
    b.select("item-kind", "seminar").await?;
    b.select("item-category", "public_required").await?;
    b.fill("item-trainees", "60").await?;
    b.fill("item-hours", "40").await?;
    b.set_value("item-start", &format!("{}-12-28", year - 1))
        .await?;
    b.set_value("item-end", &format!("{year}-05-15")).await?;
    b.fill("item-budget", "300000").await?;
    b.click("item-submit").await?;
    b.wait_text_matching("field-error-planned_start", "the Art. 8 refusal", |t| {
        t.contains("第八条") && t.contains(&year.to_string())
    })
    .await?;
    ensure!(
        !b.is_present("plan-item-row").await?,
        "a refused item was added"
    );
    b.screenshot_at("plan-item-form", "item-refused").await?;

    b.set_value("item-start", &format!("{year}-05-11")).await?;
    b.click("item-submit").await?;
    b.wait_text_matching("plan-item-row", "the new item", |t| {
        t.contains(ITEM)
            && t.contains("研修班")
            && t.contains("公需科目")
            && t.contains("¥300,000.00")
    })
    .await?;

    // Edit it: the form comes back with its values.
    b.click("plan-item-edit").await?;
    ensure!(
        b.value("item-title").await? == ITEM,
        "the edit form lost the title"
    );
    ensure!(
        b.value("item-kind").await? == "seminar",
        "the edit form lost the class kind"
    );
    b.fill("item-trainees", "50").await?;
    b.click("item-submit").await?;
    b.wait_text_matching("plan-item-row", "the changed item", |t| {
        t.split_whitespace().any(|w| w == "50")
    })
    .await?;
    b.screenshot("plan-draft").await?;

    // Submit to MIIT.
    b.click("plan-action-submit_to_miit").await?;
    b.wait_attr("plan-status", "data-status", "submitted_to_miit")
        .await?;
    b.wait_text("plan-status", "已报工业和信息化部").await?;
    b.find("plan-version-row").await?;
    ensure!(
        !b.is_present("plan-item-form").await?,
        "a submitted plan still offers the item form"
    );

    // The MIIT reviewer sees it waiting, highlighted, and approves it.
    log_in(&b, MIIT).await?;
    b.click("nav-plans").await?;
    b.wait_path("/plans").await?;
    b.wait_attr(&format!("plan-row-{year}"), "data-waiting", "true")
        .await?;
    b.wait_text_matching("plans-waiting", "the waiting notice", |t| {
        t.contains(&year.to_string())
    })
    .await?;
    b.screenshot("reviewer-waiting").await?;
    b.click(&format!("plan-link-{year}")).await?;
    ensure!(
        !b.is_present("plan-paper-reply").await?,
        "a reviewer is offered to record a paper reply"
    );
    b.fill("plan-comments", "同意报送。").await?;
    b.click("plan-action-approve").await?;
    b.wait_attr("plan-status", "data-status", "approved_by_miit")
        .await?;

    // Staff submit it to MOHRSS.
    log_in(&b, STAFF).await?;
    open_plan(&b, year).await?;
    b.wait_attr("plan-status", "data-status", "approved_by_miit")
        .await?;
    b.click("plan-action-submit_to_mohrss").await?;
    b.wait_attr("plan-status", "data-status", "submitted_to_mohrss")
        .await?;

    // The MIIT reviewer has nothing to decide now; the MOHRSS reviewer files it.
    log_in(&b, MOHRSS).await?;
    b.click("nav-plans").await?;
    b.wait_attr(&format!("plan-row-{year}"), "data-waiting", "true")
        .await?;
    b.click(&format!("plan-link-{year}")).await?;
    b.click("plan-action-file").await?;
    b.wait_attr("plan-status", "data-status", "filed").await?;
    b.wait_text("plan-status", "已备案").await?;
    b.wait_attr("plan-workflow", "data-status", "filed").await?;
    b.find("plan-no-actions").await?;
    b.wait_text_matching("plan-history", "four moves", |t| {
        t.contains("报送工业和信息化部")
            && t.contains("审核通过")
            && t.contains("报送人力资源社会保障部")
            && t.contains("予以备案")
            && t.contains("同意报送。")
    })
    .await?;
    b.screenshot("plan-filed").await?;

    // Staff land on the dashboard: the plan filed, and the next deadline — the following
    // year's plan goes to MIIT before 10 December of next year — with its days left; recent
    // activity reads as words, not audit codes.
    log_in(&b, STAFF).await?;
    b.find("dashboard").await?;
    let row = format!("plan-glance-{year}");
    b.wait_attr(&row, "data-status", "filed").await?;
    b.wait_text_matching(&row, "the filed plan", |t| {
        t.contains("已备案") && t.contains(&format!("{year}年度继续教育基地培训计划"))
    })
    .await?;
    let last_day = NaiveDate::from_ymd_opt(year, 12, 9).context("date")?;
    let days = (last_day - today).num_days();
    b.wait_attr("plan-next-deadline", "data-days-left", &days.to_string())
        .await?;
    b.wait_text_matching("plan-next-deadline", "the next deadline", |t| {
        t.contains(&format!("{}年度计划", year + 1))
            && t.contains("报送工业和信息化部")
            && t.contains(&last_day.to_string())
            && t.contains(&format!("还剩 {days} 天"))
    })
    .await?;
    b.wait_text_matching("recent-activity", "readable activity", |t| {
        t.contains("年度计划予以备案")
            && t.contains("e2e.mohrss")
            && t.contains("年度计划报送人力资源社会保障部")
            && !t.contains("plan.file")
            && !t.contains("plan.submit_to_mohrss")
    })
    .await?;
    b.screenshot("dashboard-plan-filed").await?;
    b.click("lang-switch").await?;
    b.wait_text_matching("recent-activity", "English activity", |t| {
        t.contains("Plan filed") && !t.contains("plan.file")
    })
    .await?;
    b.wait_text_matching("plan-next-deadline", "the English deadline", |t| {
        t.contains(&format!("Plan {}", year + 1)) && t.contains(&format!("{days} days left"))
    })
    .await?;
    b.screenshot("dashboard-plan-filed-en").await?;
    b.click("lang-switch").await?;
    b.wait_text("nav-home", "首页").await?;
    // The plan page offers both exports.
    open_plan(&b, year).await?;
    b.find("plan-xlsx").await?;
    b.wait_text("plan-pdf", "导出 PDF（正式文本）").await?;

    // Staff amend the filed plan: a new revision, the item changed and submitted again.
    log_in(&b, STAFF).await?;
    open_plan(&b, year).await?;
    b.click("plan-action-amend").await?;
    b.wait_attr("plan-status", "data-status", "draft").await?;
    b.click("plan-item-edit").await?;
    b.fill("item-trainees", "80").await?;
    b.click("item-submit").await?;
    b.wait_text_matching("plan-item-row", "the amended item", |t| {
        t.split_whitespace().any(|w| w == "80")
    })
    .await?;
    b.click("plan-action-submit_to_miit").await?;
    b.wait_attr("plan-status", "data-status", "submitted_to_miit")
        .await?;

    // MIIT returns it on paper: without the 文号 the reply is refused on screen.
    b.find("plan-paper-reply").await?;
    b.select("plan-reply-decision", "return").await?;
    b.set_value("plan-reply-date", &today.to_string()).await?;
    b.fill("plan-comments", "请补充各项目经费预算明细。")
        .await?;
    b.click("plan-reply-submit").await?;
    b.wait_text_matching("field-error-document_number", "the missing 文号", |t| {
        t.contains("文号")
    })
    .await?;
    b.fill("plan-document-number", "工信人函〔2026〕12号")
        .await?;
    let scan = artifacts_dir().join("plan-reply-scan.pdf");
    std::fs::write(&scan, b"%PDF-1.4\n% cebase browser test scan\n%%EOF\n")?;
    b.find("plan-reply-scan")
        .await?
        .send_keys(&scan.display().to_string())
        .await?;
    b.screenshot_at("plan-paper-reply", "paper-reply").await?;
    b.click("plan-reply-submit").await?;
    b.wait_attr("plan-status", "data-status", "returned")
        .await?;
    b.find("plan-returned").await?;
    b.wait_text_matching("plan-history", "the paper reply", |t| {
        t.contains("工信人函〔2026〕12号") && t.contains("纸质复函") && t.contains("退回修改")
    })
    .await?;
    b.find("plan-history-scan").await?;

    // The comparison of the last two submissions names the changed field.
    b.wait_text_matching("plan-compare-changed", "the changed item", |t| {
        t.contains(ITEM) && t.contains("计划人数") && t.contains("50") && t.contains("80")
    })
    .await?;
    b.screenshot_at("plan-comparison", "plan-comparison")
        .await?;

    // In English the labels follow.
    b.click("lang-switch").await?;
    b.wait_text("plan-status", "Returned").await?;
    b.wait_text_matching("plan-compare-changed", "English field names", |t| {
        t.contains("Planned trainees")
    })
    .await?;
    b.screenshot("plan-returned-en").await?;
    let _ = std::fs::remove_file(&scan);
    Ok(())
}
