use cebase_domain::dto::TokenResponse;
use cebase_tests::{TestApp, expect_json, expect_problem};
use serde_json::json;

#[tokio::test]
async fn login_returns_short_lived_bearer_tokens() {
    let app = TestApp::spawn().await;
    let tokens: TokenResponse =
        expect_json(app.login("admin", &app.admin_password).await, 200).await;
    assert_eq!(tokens.token_type, "Bearer");
    assert!(tokens.expires_in <= 900 && tokens.expires_in > 0);
    assert!(!tokens.refresh_token.is_empty());
    let me: serde_json::Value =
        expect_json(app.get("/api/v1/me", &tokens.access_token).await, 200).await;
    assert_eq!(me["username"], "admin");
    assert_eq!(me["roles"], json!(["admin"]));
    // Usernames are case-insensitive.
    assert_eq!(app.login("ADMIN", &app.admin_password).await.status(), 200);
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = TestApp::spawn().await;
    let wrong = expect_problem(
        app.login("admin", "not-the-password").await,
        401,
        "invalid_credentials",
    )
    .await;
    let unknown = expect_problem(
        app.login("nobody", "not-the-password").await,
        401,
        "invalid_credentials",
    )
    .await;
    assert_eq!(
        (wrong.title, wrong.detail, wrong.problem_type),
        (unknown.title, unknown.detail, unknown.problem_type)
    );
}

#[tokio::test]
async fn failed_logins_are_throttled_per_account_with_retry_after() {
    let app = TestApp::spawn().await;
    for _ in 0..5 {
        expect_problem(
            app.login("admin", "wrong-password").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    let res = app.login("admin", &app.admin_password).await;
    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After header in seconds");
    assert!((1..=900).contains(&retry_after), "{retry_after}");
    let problem = expect_problem(res, 429, "too_many_attempts").await;
    assert!(problem.detail.unwrap_or_default().contains("retry after"));
}

#[tokio::test]
async fn failed_logins_are_throttled_per_client_address() {
    let app = TestApp::spawn_with(|s| s.login_max_failures_per_ip = 3).await;
    for name in ["acc1", "acc2", "acc3"] {
        expect_problem(
            app.login(name, "wrong-password").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    // A different, never-failed account from the same address is refused too.
    expect_problem(
        app.login("admin", &app.admin_password).await,
        429,
        "too_many_attempts",
    )
    .await;
}

#[tokio::test]
async fn a_success_clears_the_account_failures() {
    let app = TestApp::spawn().await;
    for _ in 0..4 {
        app.login("admin", "wrong-password").await;
    }
    assert_eq!(app.login("admin", &app.admin_password).await.status(), 200);
    for _ in 0..4 {
        app.login("admin", "wrong-password").await;
    }
    assert_eq!(
        app.login("admin", &app.admin_password).await.status(),
        200,
        "counter was reset"
    );
}

async fn refresh(app: &TestApp, token: &str) -> reqwest::Response {
    app.send_json(
        reqwest::Method::POST,
        "/api/v1/auth/refresh",
        None,
        &json!({ "refresh_token": token }),
    )
    .await
}

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_revokes_the_family() {
    let app = TestApp::spawn().await;
    let first = app.tokens("admin", &app.admin_password).await;
    let second: TokenResponse = expect_json(refresh(&app, &first.refresh_token).await, 200).await;
    assert_ne!(second.refresh_token, first.refresh_token);
    assert_eq!(
        app.get("/api/v1/me", &second.access_token).await.status(),
        200
    );

    // The rotated token is presented again: refused, and its descendants die with it.
    expect_problem(
        refresh(&app, &first.refresh_token).await,
        401,
        "invalid_refresh_token",
    )
    .await;
    expect_problem(
        refresh(&app, &second.refresh_token).await,
        401,
        "invalid_refresh_token",
    )
    .await;

    // Other sessions of the same account are not affected.
    let other = app.tokens("admin", &app.admin_password).await;
    assert_eq!(refresh(&app, &other.refresh_token).await.status(), 200);

    // The reuse is on the audit trail.
    let admin = app.admin_token().await;
    let page: serde_json::Value = expect_json(
        app.get("/api/v1/audit?action=auth.refresh_token_reused", &admin)
            .await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn unknown_refresh_token_is_refused() {
    let app = TestApp::spawn().await;
    expect_problem(refresh(&app, "made-up").await, 401, "invalid_refresh_token").await;
}

#[tokio::test]
async fn logout_ends_the_refresh_family() {
    let app = TestApp::spawn().await;
    let tokens = app.tokens("admin", &app.admin_password).await;
    let res = app
        .send_json(
            reqwest::Method::POST,
            "/api/v1/auth/logout",
            None,
            &json!({ "refresh_token": tokens.refresh_token }),
        )
        .await;
    assert_eq!(res.status(), 204);
    expect_problem(
        refresh(&app, &tokens.refresh_token).await,
        401,
        "invalid_refresh_token",
    )
    .await;
    // Logging out with garbage reveals nothing.
    let res = app
        .send_json(
            reqwest::Method::POST,
            "/api/v1/auth/logout",
            None,
            &json!({ "refresh_token": "garbage" }),
        )
        .await;
    assert_eq!(res.status(), 204);
}

#[tokio::test]
async fn logins_are_audited() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let page: serde_json::Value = expect_json(
        app.get("/api/v1/audit?action=auth.login", &token).await,
        200,
    )
    .await;
    let items = page["items"].as_array().expect("items");
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["actor_username"], "admin");
    assert!(items[0]["request_id"].is_string());
}

#[tokio::test]
async fn unknown_refresh_tokens_are_refused_without_waiting_for_the_audited_write_lock() {
    let app = TestApp::spawn().await;
    let first: TokenResponse =
        expect_json(app.login("admin", &app.admin_password).await, 200).await;
    // Someone else holds the lock every audited writer takes (a long certificate batch, say).
    let held = cebase_store::begin_write(&app.db)
        .await
        .expect("the audited write lock");
    let answered = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        let refused = refresh(&app, "not-a-token").await;
        let logout = app
            .client
            .post(app.url("/api/v1/auth/logout"))
            .json(&json!({ "refresh_token": "not-a-token" }))
            .send()
            .await
            .expect("sent");
        (refused, logout)
    })
    .await;
    // Answered while the lock was still held: the lookup came first.
    let (refused, logout) = answered.expect("answered while the write lock was held");
    expect_problem(refused, 401, "invalid_refresh_token").await;
    assert_eq!(logout.status().as_u16(), 204);
    held.rollback().await.expect("released");
    // A real token still works once the lock is free, and logging out ends its session.
    let second: TokenResponse = expect_json(refresh(&app, &first.refresh_token).await, 200).await;
    let out = app
        .client
        .post(app.url("/api/v1/auth/logout"))
        .json(&json!({ "refresh_token": second.refresh_token }))
        .send()
        .await
        .expect("sent");
    assert_eq!(out.status().as_u16(), 204);
    expect_problem(
        refresh(&app, &second.refresh_token).await,
        401,
        "invalid_refresh_token",
    )
    .await;
}
