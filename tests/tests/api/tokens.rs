//! Access tokens that must be refused: expired, forged, `alg: none`, wrong audience or issuer,
//! and tokens of disabled accounts.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cebase_tests::{TEST_JWT_SECRET, TestApp, expect_problem};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use serde_json::{Value, json};

fn claims(sub: &str, iss: &str, aud: &str, offset_secs: i64, ttl: i64) -> Value {
    let now = chrono::Utc::now().timestamp() + offset_secs;
    json!({
        "iss": iss, "aud": aud, "sub": sub,
        "iat": now, "nbf": now, "exp": now + ttl,
        "jti": uuid::Uuid::new_v4().to_string(),
        "auth_ms": (now + 60) * 1000,
    })
}

fn sign(claims: &Value, secret: &str) -> String {
    encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("signs")
}

async fn admin_id(app: &TestApp) -> String {
    let token = app.admin_token().await;
    let me: Value = app
        .get("/api/v1/me", &token)
        .await
        .json()
        .await
        .expect("json");
    me["id"].as_str().expect("id").to_owned()
}

#[tokio::test]
async fn a_correctly_signed_token_is_accepted_which_makes_the_refusals_below_meaningful() {
    let app = TestApp::spawn().await;
    let id = admin_id(&app).await;
    let token = sign(
        &claims(&id, "cebase", "cebase-api", 0, 300),
        TEST_JWT_SECRET,
    );
    assert_eq!(app.get("/api/v1/me", &token).await.status(), 200);
}

#[tokio::test]
async fn expired_forged_none_and_wrong_audience_tokens_are_refused() {
    let app = TestApp::spawn().await;
    let id = admin_id(&app).await;
    let expired = sign(
        &claims(&id, "cebase", "cebase-api", -1000, 300),
        TEST_JWT_SECRET,
    );
    let not_yet_valid = sign(
        &claims(&id, "cebase", "cebase-api", 600, 300),
        TEST_JWT_SECRET,
    );
    let forged = sign(
        &claims(&id, "cebase", "cebase-api", 0, 300),
        "some-other-secret-some-other-secret-123",
    );
    let wrong_aud = sign(
        &claims(&id, "cebase", "someone-else", 0, 300),
        TEST_JWT_SECRET,
    );
    let wrong_iss = sign(&claims(&id, "evil", "cebase-api", 0, 300), TEST_JWT_SECRET);
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims(&id, "cebase", "cebase-api", 0, 300).to_string());
    let alg_none = format!("{header}.{payload}.");
    let hs512 = encode(
        &Header::new(Algorithm::HS512),
        &claims(&id, "cebase", "cebase-api", 0, 300),
        &EncodingKey::from_secret(TEST_JWT_SECRET.as_bytes()),
    )
    .expect("signs");
    for (what, token) in [
        ("expired", expired),
        ("not yet valid", not_yet_valid),
        ("forged", forged),
        ("wrong audience", wrong_aud),
        ("wrong issuer", wrong_iss),
        ("alg none", alg_none),
        ("algorithm outside the allow-list", hs512),
        ("garbage", "abc.def.ghi".to_owned()),
    ] {
        let res = app.get("/api/v1/me", &token).await;
        assert_eq!(res.status(), 401, "{what} token was not refused");
        expect_problem(res, 401, "unauthenticated").await;
    }
}

#[tokio::test]
async fn missing_token_is_401_with_www_authenticate() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        res.headers().get("www-authenticate").map(|v| v.as_bytes()),
        Some(&b"Bearer"[..])
    );
    expect_problem(res, 401, "unauthenticated").await;
}
