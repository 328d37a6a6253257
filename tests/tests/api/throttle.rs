//! Login throttling and the client address it counts by: trusted proxies (forwarded headers are
//! believed only from them), per-address and per-account limits, atomic reservation of attempts.

use cebase_api::client_address::TrustedProxies;
use cebase_tests::{TestApp, expect_problem};
use serde_json::json;

/// A login attempt carrying `X-Forwarded-For: forwarded`.
async fn login_via(
    app: &TestApp,
    forwarded: &str,
    username: &str,
    password: &str,
) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/login"))
        .header("x-forwarded-for", forwarded)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .expect("request sent")
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_right_most_untrusted_address_is_counted() {
    // The test client connects from 127.0.0.1, here the trusted proxy.
    let app = TestApp::spawn_with(|s| {
        s.login_max_failures_per_ip = 2;
        s.trusted_proxies = TrustedProxies::parse("127.0.0.1").expect("parses");
    })
    .await;
    // The client forges a different left-most entry each time; the proxy appended its real
    // address, which is what counts.
    for (n, forged) in ["1.1.1.1", "2.2.2.2"].into_iter().enumerate() {
        expect_problem(
            login_via(
                &app,
                &format!("{forged}, 198.51.100.1"),
                &format!("u{n}"),
                "wrong",
            )
            .await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    expect_problem(
        login_via(&app, "3.3.3.3, 198.51.100.1", "u3", "wrong").await,
        429,
        "too_many_attempts",
    )
    .await;
    // Another client behind the same proxy has its own count.
    expect_problem(
        login_via(&app, "198.51.100.2", "u4", "wrong").await,
        401,
        "invalid_credentials",
    )
    .await;
}

#[tokio::test]
async fn forwarded_headers_from_an_untrusted_peer_are_ignored() {
    let app = TestApp::spawn_with(|s| s.login_max_failures_per_ip = 2).await;
    for (n, forged) in ["198.51.100.1", "198.51.100.2"].into_iter().enumerate() {
        expect_problem(
            login_via(&app, forged, &format!("u{n}"), "wrong").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    // A third forged address does not buy a fresh count: the peer is what counts.
    expect_problem(
        login_via(&app, "198.51.100.3", "u3", "wrong").await,
        429,
        "too_many_attempts",
    )
    .await;
}

#[tokio::test]
async fn parallel_wrong_passwords_are_evaluated_at_most_up_to_the_limit() {
    let app = TestApp::spawn().await;
    let attempts = (0..200).map(|_| app.login("admin", "wrong-password"));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|res| res.status().as_u16())
        .collect();
    let evaluated = statuses.iter().filter(|s| **s == 401).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(evaluated + refused, 200, "{statuses:?}");
    assert!(
        evaluated as u64 <= app.settings.login_max_failures_per_account,
        "{evaluated} wrong passwords were evaluated"
    );
}

#[tokio::test]
async fn a_username_longer_than_the_throttle_key_is_refused_like_any_other() {
    let app = TestApp::spawn().await;
    let long = "a".repeat(300);
    for _ in 0..app.settings.login_max_failures_per_account {
        expect_problem(app.login(&long, "wrong").await, 401, "invalid_credentials").await;
    }
    expect_problem(app.login(&long, "wrong").await, 429, "too_many_attempts").await;
}

#[tokio::test]
async fn a_stranger_guessing_from_elsewhere_does_not_lock_the_owner_out() {
    let app = TestApp::spawn_with(trust_loopback).await;
    for _ in 0..app.settings.login_max_failures_per_account {
        expect_problem(
            login_via(&app, "203.0.113.66", "admin", "guess").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    expect_problem(
        login_via(&app, "203.0.113.66", "admin", "guess").await,
        429,
        "too_many_attempts",
    )
    .await;
    // The owner's address has its own count: slowed (the account has failures), not locked.
    let started = std::time::Instant::now();
    let res = login_via(&app, "198.51.100.20", "admin", &app.admin_password).await;
    assert_eq!(
        res.status(),
        200,
        "{}",
        res.text().await.unwrap_or_default()
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(250),
        "the account's failures slow every attempt on it"
    );
    // The success forgot the account's failures: the next login is not slowed.
    let started = std::time::Instant::now();
    assert_eq!(
        login_via(&app, "198.51.100.20", "admin", &app.admin_password)
            .await
            .status(),
        200
    );
    assert!(started.elapsed() < std::time::Duration::from_millis(250));
}

#[tokio::test]
async fn ipv6_clients_are_counted_per_64() {
    let app = TestApp::spawn_with(|s| {
        trust_loopback(s);
        s.login_max_failures_per_ip = 2;
    })
    .await;
    for (n, address) in ["2001:db8:1:2::1", "2001:db8:1:2:ffff::2"]
        .into_iter()
        .enumerate()
    {
        expect_problem(
            login_via(&app, address, &format!("u{n}"), "wrong").await,
            401,
            "invalid_credentials",
        )
        .await;
    }
    expect_problem(
        login_via(&app, "2001:db8:1:2:abcd::3", "u3", "wrong").await,
        429,
        "too_many_attempts",
    )
    .await;
    // The neighbouring /64 is another client.
    expect_problem(
        login_via(&app, "2001:db8:1:3::1", "u4", "wrong").await,
        401,
        "invalid_credentials",
    )
    .await;
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let change = |current: &str| json!({ "current_password": current, "new_password": "a-new-password-1234" });
    for _ in 0..app.settings.login_max_failures_per_account {
        expect_problem(
            app.put("/api/v1/me/password", &token, &change("wrong"))
                .await,
            403,
            "wrong_password",
        )
        .await;
    }
    // Even the right one is refused now: guessing stops here.
    let res = app
        .put("/api/v1/me/password", &token, &change(&app.admin_password))
        .await;
    assert!(res.headers().contains_key("retry-after"));
    expect_problem(res, 429, "too_many_attempts").await;
}

#[tokio::test]
async fn parallel_wrong_current_passwords_are_evaluated_at_most_up_to_the_limit() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let body = json!({ "current_password": "wrong", "new_password": "a-new-password-1234" });
    let attempts = (0..30).map(|_| app.put("/api/v1/me/password", &token, &body));
    let statuses: Vec<u16> = futures_util::future::join_all(attempts)
        .await
        .into_iter()
        .map(|res| res.status().as_u16())
        .collect();
    let evaluated = statuses.iter().filter(|s| **s == 403).count();
    assert_eq!(
        evaluated + statuses.iter().filter(|s| **s == 429).count(),
        30,
        "{statuses:?}"
    );
    assert!(evaluated as u64 <= app.settings.login_max_failures_per_account);
}

fn trust_loopback(s: &mut cebase_api::Settings) {
    s.trusted_proxies = TrustedProxies::parse("127.0.0.1, ::1").expect("parses");
}
