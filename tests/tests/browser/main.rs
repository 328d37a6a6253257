//! Browser end-to-end tests: the built SPA, served by the real server (fresh database), driven
//! through chromedriver in headless Chromium.
//!
//! Needs `CEBASE_SPA_DIR` (the built SPA — the test fails, never skips, without it),
//! `chromedriver` (or `CHROMEDRIVER`) and Chromium (`CHROMIUM`, default `/usr/bin/chromium`).
//! Run with `cargo test -p cebase-tests --features browser --test browser`, or `cargo xtask
//! test`. Screenshots are kept in `target/e2e-artifacts/`.

mod harness;

use anyhow::{Result, ensure};
use harness::Browser;

/// The administrator's day: log in, see the admin navigation, switch to English (and keep it
/// across a reload), create an account, survive an expired access token, log out.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_logs_in_switches_language_creates_a_user_and_logs_out() {
    harness::run("admin-workflow", admin_workflow).await;
}

async fn admin_workflow(b: Browser) -> Result<()> {
    // Anyone without a session lands on the login page, in Chinese by default.
    b.open("/").await?;
    b.wait_path("/login").await?;
    b.wait_text("login-submit", "登录").await?;

    b.submit_login(&b.admin_username, &b.admin_password).await?;
    b.wait_path("/").await?;

    // The administrator's navigation.
    b.wait_text("nav-home", "首页").await?;
    b.wait_text("nav-account", "我的账户").await?;
    b.wait_text("nav-users", "用户管理").await?;
    b.wait_text("nav-audit", "审计日志").await?;
    b.wait_text_matching("current-user-roles", "the admin role", |t| {
        t.contains("管理员")
    })
    .await?;
    b.screenshot("home-zh").await?;

    // Switch to English; the choice survives a reload (and so does the session).
    b.wait_text("lang-switch", "English").await?;
    b.click("lang-switch").await?;
    b.wait_text("nav-users", "Users").await?;
    b.wait_text("lang-switch", "中文").await?;
    b.client.refresh().await?;
    b.wait_text("nav-users", "Users").await?;
    b.wait_text("nav-audit", "Audit log").await?;

    // Create an account; it then appears in the list.
    b.click("nav-users").await?;
    b.wait_path("/admin/users").await?;
    b.find("users-table").await?;
    b.fill("user-create-username", "e2e.zhang").await?;
    b.fill("user-create-display-name", "张伟").await?;
    b.fill("user-create-password", "correct horse battery")
        .await?;
    b.click("user-create-role-teacher").await?;
    b.click("user-create-submit").await?;
    b.wait_text("user-create-success", "User e2e.zhang created.")
        .await?;
    let row = b
        .wait_text_matching("user-row-e2e.zhang", "the new account", |t| {
            t.contains("e2e.zhang") && t.contains("张伟") && t.contains("Teacher")
        })
        .await?;
    ensure!(
        row.contains("Active"),
        "the new account is listed as {row:?}"
    );
    b.screenshot("users-en").await?;

    // An access token the server refuses is renewed with the refresh token, unnoticed.
    b.client
        .execute(
            "sessionStorage.setItem('cebase.access_token', 'expired'); return null;",
            vec![],
        )
        .await?;
    b.client.refresh().await?;
    b.find("user-row-e2e.zhang").await?;
    let renewed = b
        .client
        .execute(
            "return sessionStorage.getItem('cebase.access_token');",
            vec![],
        )
        .await?;
    ensure!(
        renewed.as_str().is_some_and(|t| t != "expired"),
        "the access token was not renewed: {renewed}"
    );

    // Log out: back on the login page, and the session is gone for good.
    b.click("logout").await?;
    b.wait_path("/login").await?;
    b.find("login-username").await?;
    b.open("/admin/users").await?;
    b.wait_path("/login").await?;
    ensure!(
        !b.is_present("nav-users").await?,
        "the navigation is still shown after logout"
    );
    Ok(())
}

/// A wrong password keeps the visitor on the login page and shows the server's problem.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_password_shows_the_problem_on_the_login_page() {
    harness::run("wrong-password", wrong_password).await;
}

async fn wrong_password(b: Browser) -> Result<()> {
    b.open("/login").await?;
    b.submit_login(&b.admin_username, "certainly-not-the-password")
        .await?;
    let problem = b.find("problem").await?;
    let code = problem.attr("data-code").await?;
    ensure!(
        code.as_deref() == Some("invalid_credentials"),
        "problem code {code:?}"
    );
    b.wait_text_matching("problem", "the wrong-credentials message", |t| {
        t.contains("用户名或密码错误")
    })
    .await?;
    b.wait_path("/login").await?;
    ensure!(
        !b.is_present("nav-home").await?,
        "the navigation appeared after a failed login"
    );
    Ok(())
}
