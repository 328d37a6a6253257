//! Housekeeping: one pass deletes exactly the refresh tokens past their expiry and the throttling
//! failures older than the window, and the server runs passes on its own.

use cebase_api::housekeeping::{self, Pruned};
use cebase_store::{throttle, tokens};
use cebase_tests::TestApp;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// Rows written around `now`: the ones a pass at `now` must delete and the ones it must keep.
struct Seeded {
    expired_tokens: Vec<String>,
    live_tokens: Vec<String>,
    /// Key of failures that are all older than the window.
    old_key: String,
    /// Key of one failure older than the window and two inside it.
    mixed_key: String,
}

async fn seed(app: &TestApp, now: DateTime<Utc>) -> Seeded {
    let (admin, _) = cebase_store::users::find_credentials(&app.db, &app.admin_username)
        .await
        .expect("lookup")
        .expect("the admin exists");
    let family = Uuid::new_v4();
    let token = async |expires_at: DateTime<Utc>| {
        let hash = format!("housekeeping-{}", Uuid::new_v4());
        tokens::insert(&app.db, admin.id, family, hash.clone(), expires_at)
            .await
            .expect("token stored");
        hash
    };
    let expired_tokens = vec![
        token(now - Duration::days(30)).await,
        token(now - Duration::minutes(1)).await,
    ];
    let live_tokens = vec![
        token(now + Duration::minutes(1)).await,
        token(now + Duration::days(14)).await,
    ];

    let window = Duration::seconds(app.settings.login_window_secs as i64);
    let old_key = format!("account:old-{}", Uuid::new_v4());
    let mixed_key = format!("ip:mixed-{}", Uuid::new_v4());
    for (key, at) in [
        (&old_key, now - window - Duration::minutes(1)),
        (&old_key, now - Duration::days(3)),
        (&mixed_key, now - window - Duration::seconds(30)),
        (&mixed_key, now - window + Duration::minutes(1)),
        (&mixed_key, now),
    ] {
        throttle::record_failure(&app.db, key, at)
            .await
            .expect("failure stored");
    }
    Seeded {
        expired_tokens,
        live_tokens,
        old_key,
        mixed_key,
    }
}

async fn token_exists(app: &TestApp, hash: &str) -> bool {
    tokens::find_by_hash(&app.db, hash)
        .await
        .expect("lookup")
        .is_some()
}

async fn failures(app: &TestApp, key: &str) -> u64 {
    let since = DateTime::<Utc>::UNIX_EPOCH;
    throttle::failures_since(&app.db, key, since)
        .await
        .expect("count")
        .0
}

#[tokio::test]
async fn one_pass_deletes_exactly_the_expired_tokens_and_the_old_failures() {
    let app = TestApp::spawn().await;
    let now = Utc::now();
    let seeded = seed(&app, now).await;
    assert_eq!(failures(&app, &seeded.old_key).await, 2);
    assert_eq!(failures(&app, &seeded.mixed_key).await, 3);

    let pruned = housekeeping::prune(&app.db, now, app.settings.login_window_secs)
        .await
        .expect("the pass works");
    assert_eq!(
        pruned,
        Pruned {
            refresh_tokens: 2,
            login_failures: 3
        }
    );
    for hash in &seeded.expired_tokens {
        assert!(!token_exists(&app, hash).await, "expired token {hash} kept");
    }
    for hash in &seeded.live_tokens {
        assert!(token_exists(&app, hash).await, "live token {hash} deleted");
    }
    assert_eq!(failures(&app, &seeded.old_key).await, 0);
    assert_eq!(failures(&app, &seeded.mixed_key).await, 2);

    // A second pass finds nothing more to delete.
    let again = housekeeping::prune(&app.db, now, app.settings.login_window_secs)
        .await
        .expect("the pass works");
    assert_eq!(again, Pruned::default());
}

#[tokio::test]
async fn the_server_prunes_every_interval() {
    let app = TestApp::spawn_with(|s| s.prune_interval_secs = 1).await;
    let seeded = seed(&app, Utc::now()).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let mut gone = failures(&app, &seeded.old_key).await == 0;
        for hash in &seeded.expired_tokens {
            gone &= !token_exists(&app, hash).await;
        }
        if gone {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no housekeeping pass within 20 s"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    for hash in &seeded.live_tokens {
        assert!(token_exists(&app, hash).await, "live token {hash} deleted");
    }
    assert_eq!(failures(&app, &seeded.mixed_key).await, 2);
}
