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

fn kid_of(token: &str) -> Option<String> {
    jsonwebtoken::decode_header(token).expect("header").kid
}

/// Issue 14, defect 7: rotating the generated access-token key. The new key signs at once —
/// a token of the new key is accepted by the running server, which then issues with it — and
/// tokens of the previous key stay valid for one token lifetime, not longer; the rotation is
/// audited without the secrets and refused when CEBASE_JWT_SECRET sets the key.
#[tokio::test]
async fn rotating_the_access_token_key_keeps_the_previous_one_for_one_lifetime() {
    use cebase_api::auth::jwt::{self, JwtKeys, PREVIOUS_SECRET_NAME, SECRET_NAME};

    let app = TestApp::spawn_with(|s| s.jwt_secret = None).await;
    let before = app.admin_token().await;
    let me: Value = app
        .get("/api/v1/me", &before)
        .await
        .json()
        .await
        .expect("me");
    let admin_id: uuid::Uuid = me["id"].as_str().expect("id").parse().expect("uuid");
    let old_kid = kid_of(&before).expect("tokens name their key");

    let (new_kid, until) = jwt::rotate(&app.db, &app.settings).await.expect("rotates");
    assert_ne!(new_kid, old_kid);
    let lifetime = app.settings.access_token_ttl_secs as i64;
    let window = (until - chrono::Utc::now()).num_seconds();
    assert!(
        (lifetime..=lifetime + 40).contains(&window),
        "one token lifetime (plus reload and leeway): {window} s"
    );

    // The old token still works.
    assert_eq!(app.get("/api/v1/me", &before).await.status(), 200);
    // A token of the new key (as another instance now issues) is accepted at once: the server
    // reloads the keys when a token names one it does not know.
    let keys = JwtKeys::load(&app.db, &app.settings).await.expect("keys");
    let fresh = keys.issue(admin_id).expect("issues");
    assert_eq!(kid_of(&fresh), Some(new_kid.clone()));
    assert_eq!(app.get("/api/v1/me", &fresh).await.status(), 200);
    // … and from then on the server issues with the new key, and still accepts the old token.
    let after = app.admin_token().await;
    assert_eq!(kid_of(&after), Some(new_kid.clone()));
    assert_eq!(app.get("/api/v1/me", &before).await.status(), 200);

    // When the window has passed, the previous key verifies nothing.
    let previous: Value = serde_json::from_str(
        &cebase_store::secrets::get(&app.db, PREVIOUS_SECRET_NAME)
            .await
            .expect("read")
            .expect("the previous key is kept"),
    )
    .expect("json");
    let mut closed = previous.clone();
    closed["valid_until"] = json!(chrono::Utc::now() - chrono::Duration::seconds(1));
    cebase_store::secrets::put(&app.db, PREVIOUS_SECRET_NAME, closed.to_string())
        .await
        .expect("close the window");
    let reloaded = JwtKeys::load(&app.db, &app.settings).await.expect("keys");
    assert!(reloaded.verify(&before).is_none(), "past the window");
    assert!(reloaded.verify(&after).is_some());

    // Audited by key id only.
    let current = cebase_store::secrets::get(&app.db, SECRET_NAME)
        .await
        .expect("read")
        .expect("current");
    let page: Value = app
        .get("/api/v1/audit?entity_type=access_token_key", &after)
        .await
        .json()
        .await
        .expect("json");
    let entry = page["items"][0].to_string();
    assert!(entry.contains("access_token_key.rotate"), "{page}");
    assert!(entry.contains(&new_kid), "{entry}");
    let old_secret = previous["secret"].as_str().expect("secret");
    assert!(
        !entry.contains(&current) && !entry.contains(old_secret),
        "{entry}"
    );

    // A configured key is not rotated here.
    let mut configured = app.settings.clone();
    configured.jwt_secret = Some(TEST_JWT_SECRET.to_owned());
    let err = jwt::rotate(&app.db, &configured)
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("CEBASE_JWT_SECRET"), "{err}");
}
