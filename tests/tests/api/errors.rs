//! Every failure is `application/problem+json` with a stable code, including the ones the
//! framework produces (404, 405, 413, malformed JSON).

use cebase_tests::{TestApp, expect_problem};

#[tokio::test]
async fn malformed_json_is_a_400_problem() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body("{\"username\": ")
        .send()
        .await
        .expect("sent");
    let problem = expect_problem(res, 400, "invalid_json").await;
    assert!(problem.request_id.is_some());
    assert_eq!(problem.instance.as_deref(), Some("/api/v1/auth/login"));

    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .body("x")
        .send()
        .await
        .expect("sent");
    expect_problem(res, 400, "unsupported_media_type").await;

    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"username": "admin"}"#)
        .send()
        .await
        .expect("sent");
    // A missing required field is a field error like any other: 422 naming the field.
    let problem = expect_problem(res, 422, "validation_failed").await;
    let errors: Vec<_> = problem
        .errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        errors,
        vec![("password", "required")],
        "the missing field is named"
    );

    // A value of the wrong shape stays a malformed body, and its detail names the field.
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .header("content-type", "application/json")
        .body(r#"{"username": "admin", "password": 12}"#)
        .send()
        .await
        .expect("sent");
    let problem = expect_problem(res, 400, "invalid_json").await;
    assert!(
        problem.detail.unwrap_or_default().contains("password"),
        "the malformed field is named"
    );
}

#[tokio::test]
async fn unknown_paths_are_404_problems() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/api/v1/no-such-thing"))
        .send()
        .await
        .expect("sent");
    expect_problem(res, 404, "not_found").await;
    let token = app.admin_token().await;
    expect_problem(
        app.get(&format!("/api/v1/users/{}", uuid::Uuid::new_v4()), &token)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        app.get("/api/v1/users/not-a-uuid", &token).await,
        404,
        "not_found",
    )
    .await;
    // Without a configured SPA, non-API paths are 404 problems too.
    let res = app
        .client
        .get(app.url("/some/page"))
        .send()
        .await
        .expect("sent");
    expect_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn wrong_methods_are_405_problems_with_allow() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .delete(app.url("/api/v1/users"))
        .send()
        .await
        .expect("sent");
    let allow = res
        .headers()
        .get("allow")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
    expect_problem(res, 405, "method_not_allowed").await;
    let res = app
        .client
        .get(app.url("/api/v1/auth/login"))
        .send()
        .await
        .expect("sent");
    expect_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn oversized_bodies_are_413_problems() {
    let app = TestApp::spawn_with(|s| s.max_body_bytes = 4096).await;
    let big = serde_json::json!({"username": "admin", "password": "x".repeat(10_000)});
    let res = app
        .send_json(reqwest::Method::POST, "/api/v1/auth/login", None, &big)
        .await;
    expect_problem(res, 413, "payload_too_large").await;
}

#[tokio::test]
async fn internal_errors_are_opaque_problems_with_a_request_id() {
    let app = TestApp::spawn().await;
    // Break the database underneath the server: login can no longer store its refresh token.
    app.sql("DROP TABLE refresh_tokens").await;
    let res = app.login("admin", &app.admin_password).await;
    let request_id = res
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let problem = expect_problem(res, 500, "internal_error").await;
    let detail = problem.detail.unwrap_or_default().to_lowercase();
    assert!(
        !detail.contains("refresh_tokens") && !detail.contains("sql"),
        "internals leaked: {detail}"
    );
    assert_eq!(
        problem.request_id, request_id,
        "the client can quote the logged request id"
    );
}
