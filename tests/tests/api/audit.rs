//! The audit trail (Art. 10): every write leaves a hash-chained entry, and editing or deleting a
//! row directly in the database is detected and named.

use cebase_domain::dto::{AuditEntryDto, AuditVerificationDto, Page};
use cebase_tests::{TestApp, expect_json};
use futures_util::future::join_all;
use serde_json::json;

async fn verify(app: &TestApp, token: &str) -> AuditVerificationDto {
    expect_json(app.get("/api/v1/audit/verify", token).await, 200).await
}

#[tokio::test]
async fn user_management_writes_are_recorded_with_before_and_after() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app
        .create_user(&admin, "audited", "password-1", &["staff"])
        .await;
    app.post(&format!("/api/v1/users/{id}/disable"), &admin, &json!({}))
        .await;
    let page: Page<AuditEntryDto> = expect_json(
        app.get(
            &format!("/api/v1/audit?entity_type=user&entity_id={id}"),
            &admin,
        )
        .await,
        200,
    )
    .await;
    let actions: Vec<&str> = page.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["user.disable", "user.create"], "newest first");
    let disable = &page.items[0];
    assert_eq!(disable.actor_username.as_deref(), Some("admin"));
    assert_eq!(
        disable.before.as_ref().map(|b| b["disabled"].clone()),
        Some(json!(false))
    );
    assert_eq!(
        disable.after.as_ref().map(|a| a["disabled"].clone()),
        Some(json!(true))
    );
    assert_eq!(
        disable.prev_hash, page.items[1].hash,
        "each entry links to the previous one"
    );
    let all = serde_json::to_string(&page.items).expect("json");
    assert!(!all.contains("argon2"), "no password hashes in the trail");
}

#[tokio::test]
async fn audit_list_filters_by_actor_and_time() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let me: serde_json::Value = app
        .get("/api/v1/me", &admin)
        .await
        .json()
        .await
        .expect("json");
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    app.create_user(&admin, "time1", "password-1", &["staff"])
        .await;
    let path = format!(
        "/api/v1/audit?actor_id={}&action=user.create&from={}",
        me["id"].as_str().expect("id"),
        before.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    );
    let page: Page<AuditEntryDto> = expect_json(app.get(&path, &admin).await, 200).await;
    assert_eq!(page.items.len(), 1);
    let future = (chrono::Utc::now() + chrono::Duration::hours(1))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let page: Page<AuditEntryDto> = expect_json(
        app.get(&format!("/api/v1/audit?from={future}"), &admin)
            .await,
        200,
    )
    .await;
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn concurrent_writes_keep_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let bodies: Vec<_> = (0..12)
        .map(|i| json!({"username": format!("conc{i}"), "display_name": "并发", "password": "password-1", "roles": ["trainee"]}))
        .collect();
    let results = join_all(bodies.iter().map(|b| app.post("/api/v1/users", &admin, b))).await;
    assert!(results.iter().all(|r| r.status() == 201));
    let v = verify(&app, &admin).await;
    // bootstrap admin + login + 12 creations
    assert_eq!(
        v,
        AuditVerificationDto {
            valid: true,
            checked: 14,
            first_invalid: None,
            checkpoints: 0,
            checkpoint_mismatch: None,
            checkpoint_error: None,
        }
    );
}

#[tokio::test]
async fn an_edited_row_is_detected_and_named() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for name in ["ed1", "ed2", "ed3"] {
        app.create_user(&admin, name, "password-1", &["staff"])
            .await;
    }
    assert!(verify(&app, &admin).await.valid);
    let page: Page<AuditEntryDto> = expect_json(
        app.get("/api/v1/audit?action=user.create&limit=200", &admin)
            .await,
        200,
    )
    .await;
    let target = page
        .items
        .iter()
        .find(|e| e.after.as_ref().is_some_and(|a| a["username"] == "ed2"))
        .expect("entry");
    let changed = app
        .sql(&format!(
            "UPDATE audit_log SET after_json = '{{\"username\":\"mallory\"}}' WHERE seq = {}",
            target.id
        ))
        .await;
    assert_eq!(changed, 1);
    let v = verify(&app, &admin).await;
    assert!(!v.valid);
    assert_eq!(v.first_invalid, Some(target.id));
}

#[tokio::test]
async fn a_deleted_row_is_detected_and_its_successor_named() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for name in ["del1", "del2", "del3"] {
        app.create_user(&admin, name, "password-1", &["staff"])
            .await;
    }
    assert_eq!(app.sql("DELETE FROM audit_log WHERE seq = 3").await, 1);
    let v = verify(&app, &admin).await;
    assert!(!v.valid);
    assert_eq!(v.first_invalid, Some(4));
}

#[tokio::test]
async fn a_deleted_last_row_is_detected() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_user(&admin, "last", "password-1", &["staff"])
        .await;
    let before = verify(&app, &admin).await;
    assert!(before.valid);
    // The verification itself writes nothing, so the last entry is the creation above.
    let last = before.checked as i64;
    assert_eq!(
        app.sql(&format!("DELETE FROM audit_log WHERE seq = {last}"))
            .await,
        1
    );
    let v = verify(&app, &admin).await;
    assert_eq!((v.valid, v.first_invalid), (false, Some(last)));
}
