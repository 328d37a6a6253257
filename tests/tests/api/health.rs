use cebase_tests::TestApp;

#[tokio::test]
async fn health_and_ready_answer_without_auth() {
    let app = TestApp::spawn().await;
    for path in ["/health", "/ready"] {
        let res = app.client.get(app.url(path)).send().await.expect("sent");
        assert_eq!(res.status(), 200, "{path}");
        let body: serde_json::Value = res.json().await.expect("json");
        assert_eq!(body["status"], "ok");
    }
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_echoes_a_sane_one() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/health"))
        .send()
        .await
        .expect("sent");
    assert!(res.headers().get("x-request-id").is_some());
    let res = app
        .client
        .get(app.url("/health"))
        .header("x-request-id", "trace-abc-123")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.headers()["x-request-id"], "trace-abc-123");
}
