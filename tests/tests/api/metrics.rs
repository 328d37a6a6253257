//! `GET /metrics`: off by default, behind its own bearer token, and in the Prometheus text format
//! with the figures `docs/operations.md` documents.

use cebase_tests::{TestApp, expect_problem};
use serde_json::json;

const TOKEN: &str = "metrics-token-for-tests-0123456789";

async fn scrape(app: &TestApp, token: Option<&str>) -> reqwest::Response {
    let mut req = app.client.get(app.url("/metrics"));
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().await.expect("sent")
}

/// The value of the one sample whose line starts with `name{` and carries every label given.
fn sample(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")) || l.starts_with(&format!("{name} ")))
        .find(|l| labels.iter().all(|label| l.contains(label)))
        .and_then(|l| l.rsplit(' ').next())
        .and_then(|v| v.parse().ok())
}

#[tokio::test]
async fn metrics_are_off_unless_a_token_is_configured() {
    let app = TestApp::spawn().await;
    expect_problem(scrape(&app, None).await, 404, "not_found").await;
    let admin = app.admin_token().await;
    expect_problem(scrape(&app, Some(&admin)).await, 404, "not_found").await;
}

#[tokio::test]
async fn a_scrape_needs_the_metrics_token_and_reports_requests_logins_jobs_and_audit() {
    let app = TestApp::spawn_with(|s| s.metrics_token = Some(TOKEN.to_owned())).await;
    expect_problem(scrape(&app, None).await, 401, "unauthenticated").await;
    // An administrator's access token is not the metrics token.
    let admin = app.admin_token().await;
    expect_problem(scrape(&app, Some(&admin)).await, 401, "unauthenticated").await;

    for _ in 0..2 {
        assert_eq!(app.get("/api/v1/me", &admin).await.status(), 200);
    }
    let res = app
        .client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "admin", "password": "wrong-password"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 401);

    let res = scrape(&app, Some(TOKEN)).await;
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/plain; version=0.0.4"),
        "the Prometheus text format"
    );
    let text = res.text().await.expect("body");
    let me = [
        r#"method="GET""#,
        r#"route="/api/v1/me""#,
        r#"status="200""#,
    ];
    assert_eq!(
        sample(&text, "cebase_http_requests_total", &me),
        Some(2.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "cebase_http_request_duration_seconds_count",
            &[r#"route="/api/v1/me""#]
        ),
        Some(2.0),
        "latency histogram per route pattern"
    );
    assert!(
        text.contains("cebase_http_request_duration_seconds_bucket{"),
        "histogram buckets"
    );
    assert_eq!(
        sample(
            &text,
            "cebase_login_failures_total",
            &[r#"reason="invalid_credentials""#]
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "cebase_jobs",
            &[r#"kind="import""#, r#"state="queued""#]
        ),
        Some(0.0)
    );
    assert!(
        sample(&text, "cebase_db_pool_connections", &[r#"state="open""#]).is_some_and(|n| n >= 1.0),
        "pool figures"
    );
    // The logins above appended to the audit chain.
    assert!(sample(&text, "cebase_audit_entries", &[]).is_some_and(|n| n >= 1.0));
    // Ids never become labels: a request for one class is counted under its route pattern.
    let id = "0190a3c4-0000-7000-8000-00000000dead";
    app.get(&format!("/api/v1/classes/{id}"), &admin).await;
    let text = scrape(&app, Some(TOKEN)).await.text().await.expect("body");
    assert!(!text.contains(id), "an id became a label");
    assert!(
        sample(
            &text,
            "cebase_http_requests_total",
            &[r#"route="/api/v1/classes/{id}""#]
        )
        .is_some()
    );
}
