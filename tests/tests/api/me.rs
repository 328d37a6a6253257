use cebase_tests::{TestApp, expect_json, expect_problem};
use serde_json::json;

#[tokio::test]
async fn me_shows_the_caller() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "zhou", "password-1", &["reviewer"])
        .await;
    let token = app.tokens("zhou", "password-1").await.access_token;
    let me: serde_json::Value = expect_json(app.get("/api/v1/me", &token).await, 200).await;
    assert_eq!(me["username"], "zhou");
    assert_eq!(me["roles"], json!(["reviewer"]));
    assert_eq!(me["reviewer_authority"], "miit");
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one_and_ends_sessions() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "qian", "password-1", &["trainee"])
        .await;
    let session = app.tokens("qian", "password-1").await;
    let token = session.access_token.as_str();

    let res = app
        .put(
            "/api/v1/me/password",
            token,
            &json!({"current_password": "nope-nope", "new_password": "password-2"}),
        )
        .await;
    expect_problem(res, 403, "wrong_password").await;
    let res = app
        .put(
            "/api/v1/me/password",
            token,
            &json!({"current_password": "password-1", "new_password": "1234567"}),
        )
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        (
            problem.errors[0].field.as_str(),
            problem.errors[0].code.as_str()
        ),
        ("new_password", "too_short")
    );
    let long = "x".repeat(129);
    let res = app
        .put(
            "/api/v1/me/password",
            token,
            &json!({"current_password": "password-1", "new_password": long}),
        )
        .await;
    expect_problem(res, 422, "validation_failed").await;
    // 64 characters are accepted (OWASP: allow at least 64).
    let sixty_four = "长".repeat(64);
    let res = app
        .put(
            "/api/v1/me/password",
            token,
            &json!({"current_password": "password-1", "new_password": sixty_four}),
        )
        .await;
    assert_eq!(res.status(), 204);

    expect_problem(app.get("/api/v1/me", token).await, 401, "unauthenticated").await;
    expect_problem(
        app.login("qian", "password-1").await,
        401,
        "invalid_credentials",
    )
    .await;
    let fresh = app.tokens("qian", &"长".repeat(64)).await;
    assert_eq!(
        app.get("/api/v1/me", &fresh.access_token).await.status(),
        200,
        "a login right after the change works"
    );
}

#[tokio::test]
async fn the_generated_admin_password_must_be_changed_before_anything_else() {
    let app = TestApp::spawn_first_start(|_| {}).await;
    let token = app.admin_token().await;
    let me: serde_json::Value = expect_json(app.get("/api/v1/me", &token).await, 200).await;
    assert_eq!(me["must_change_password"], true);
    for path in ["/api/v1/users", "/api/v1/people", "/api/v1/audit"] {
        expect_problem(app.get(path, &token).await, 403, "password_change_required").await;
    }
    expect_problem(
        app.post(
            "/api/v1/organisations",
            &token,
            &cebase_tests::organisation_body("某单位", &cebase_tests::credit_code(1)),
        )
        .await,
        403,
        "password_change_required",
    )
    .await;
    let res = app
        .put(
            "/api/v1/me/password",
            &token,
            &json!({ "current_password": app.admin_password, "new_password": "the admin's own 1" }),
        )
        .await;
    assert_eq!(res.status(), 204);
    let token = app.tokens("admin", "the admin's own 1").await.access_token;
    let me: serde_json::Value = expect_json(app.get("/api/v1/me", &token).await, 200).await;
    assert_eq!(me["must_change_password"], false);
    assert_eq!(app.get("/api/v1/users", &token).await.status(), 200);
}
