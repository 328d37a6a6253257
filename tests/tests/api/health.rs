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

/// The value of `name` on `res`.
fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_owned()
}

#[tokio::test]
async fn api_answers_and_spa_pages_carry_security_headers() {
    use base64::Engine as _;
    use sha2::Digest as _;
    let dir = std::env::temp_dir().join(format!("cebase-spa-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("a directory");
    let start = "\nimport init from '/app.js';\nawait init({ module_or_path: '/app_bg.wasm' });\n";
    std::fs::write(
        dir.join("index.html"),
        format!("<!DOCTYPE html><html><head><script type=\"module\">{start}</script></head><body></body></html>"),
    )
    .expect("index.html");
    let app = TestApp::spawn_with_spa(Some(dir.clone())).await;

    // API answers, errors included: nothing may render or frame them.
    for path in ["/health", "/api/v1/me", "/api/v1/no-such-thing"] {
        let res = app.client.get(app.url(path)).send().await.expect("sent");
        assert_eq!(
            header(&res, "content-security-policy"),
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
            "{path}"
        );
        assert_eq!(header(&res, "x-content-type-options"), "nosniff");
        assert_eq!(header(&res, "referrer-policy"), "no-referrer");
        assert_eq!(header(&res, "x-frame-options"), "DENY");
        assert!(
            res.headers().get("strict-transport-security").is_none(),
            "http"
        );
    }

    // A page of the SPA: its own scripts and wasm, the start-up script by its hash, no framing.
    let res = app
        .client
        .get(app.url("/classes/123"))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 200);
    let policy = header(&res, "content-security-policy");
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(start));
    assert!(
        policy.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}';"
        )),
        "{policy}"
    );
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("connect-src 'self'"), "{policy}");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn hsts_is_sent_when_the_public_address_is_https() {
    let app =
        TestApp::spawn_with(|s| s.public_base_url = "https://cebase.example.edu.cn".into()).await;
    let res = app
        .client
        .get(app.url("/health"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        header(&res, "strict-transport-security"),
        "max-age=31536000"
    );
}
