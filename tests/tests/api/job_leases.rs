//! Leases of background jobs between instances (`cebase_store::leases`,
//! `cebase_api::job_leases`): a job whose instance died — its lease ran out — is taken over by a
//! live instance (a commit or a batch resumed, a validation failed with a reason, a job started
//! three times failed); a job whose instance is alive is left alone; and an instance that lost
//! its lease can no longer write its job. Instances are simulated by lease owners written
//! through the store, so every state is set up exactly; the taking over is the servers' own.

use cebase_domain::certificate::{BatchStatus, CertificateBatchDto};
use cebase_domain::imports::{ImportFormat, ImportJobDto, ImportStatus};
use cebase_domain::training::ClassDto;
use cebase_store::StoreError;
use cebase_store::imports::{self as jobs, NewImportJob, Written};
use cebase_store::leases::Lease;
use cebase_tests::{IMPORT_CSV_HEADER, TestApp, class_body, expect_json, import_csv_line};
use uuid::Uuid;

/// A lease that has run out as soon as it is taken (its instance is gone).
fn dead(owner: Uuid) -> Lease {
    Lease { owner, secs: 0 }
}

/// A lease its instance keeps.
fn alive(owner: Uuid) -> Lease {
    Lease { owner, secs: 3600 }
}

fn csv(people: std::ops::Range<u32>) -> Vec<u8> {
    let mut csv = String::from(IMPORT_CSV_HEADER);
    for n in people {
        csv.push('\n');
        csv.push_str(&import_csv_line(n, None));
    }
    csv.into_bytes()
}

/// A previewed import of `people`, ready to commit.
async fn ready(app: &TestApp, admin: &str, people: std::ops::Range<u32>) -> Uuid {
    let job: ImportJobDto = expect_json(
        app.upload(
            admin,
            "/api/v1/imports?mode=preview",
            "text/csv",
            csv(people),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(job.status, ImportStatus::Ready);
    job.import_id
}

async fn import(app: &TestApp, base: &str, admin: &str, id: Uuid) -> ImportJobDto {
    let res = app
        .client
        .get(format!("{base}/api/v1/imports/{id}"))
        .bearer_auth(admin)
        .send()
        .await
        .expect("request sent");
    expect_json(res, 200).await
}

async fn batch(app: &TestApp, base: &str, admin: &str, id: Uuid) -> CertificateBatchDto {
    let res = app
        .client
        .get(format!("{base}/api/v1/certificate-batches/{id}"))
        .bearer_auth(admin)
        .send()
        .await
        .expect("request sent");
    expect_json(res, 200).await
}

/// Lets time move past the instant a dead lease ran out.
async fn later() {
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
}

#[tokio::test]
async fn jobs_of_dead_instances_are_taken_over_and_jobs_of_live_ones_left_alone() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let me: serde_json::Value = expect_json(app.get("/api/v1/me", &admin).await, 200).await;
    let admin_id: Uuid = me["id"].as_str().expect("id").parse().expect("uuid");
    let (x, y, z) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let db = &app.db;

    // A commit whose instance died: resumed.
    let resumed = ready(&app, &admin, 0..5).await;
    assert!(
        jobs::claim_commit(db, resumed, false, admin_id, &dead(x))
            .await
            .expect("claimed")
    );

    // A commit whose instance died and was taken over by a live one (y): left alone; the dead
    // instance can no longer fail or finish it.
    let held = ready(&app, &admin, 100..105).await;
    assert!(
        jobs::claim_commit(db, held, false, admin_id, &dead(x))
            .await
            .expect("claimed")
    );
    later().await;
    assert!(
        jobs::resume_commit(db, held, &alive(y), "taken over")
            .await
            .expect("taken over")
    );
    assert!(
        !jobs::resume_commit(db, held, &alive(z), "taken again")
            .await
            .expect("refused"),
        "a current lease is never taken"
    );
    jobs::fail(db, held, "the old runner gives up", x)
        .await
        .expect("no error");
    let finish = jobs::finish_commit(db, held, Written::default(), &[], x).await;
    assert!(matches!(finish, Err(StoreError::Conflict(_))), "{finish:?}");

    // A commit interrupted three times: failed.
    let worn = ready(&app, &admin, 200..205).await;
    assert!(
        jobs::claim_commit(db, worn, false, admin_id, &dead(x))
            .await
            .expect("claimed")
    );
    for owner in [y, z] {
        later().await;
        assert!(
            jobs::resume_commit(db, worn, &dead(owner), "resumed")
                .await
                .expect("resumed")
        );
    }

    // A validation whose instance died: its file is gone, so it fails.
    let validating = jobs::create(
        db,
        NewImportJob {
            status: ImportStatus::Validating,
            created_by: admin_id,
            format: ImportFormat::Csv,
            file_sha256: "0".repeat(64),
            class_id: None,
            keep_valid: false,
            total_rows: 5000,
        },
        &dead(x),
    )
    .await
    .expect("created")
    .id;

    // A certificate batch whose instance died: resumed.
    let class: ClassDto = app
        .create(&admin, "classes", &class_body("续发班", 3))
        .await;
    app.transition(&admin, class.id, "open").await;
    let job: ImportJobDto = expect_json(
        app.upload(
            &admin,
            &format!("/api/v1/imports?mode=commit&class_id={}", class.id),
            "text/csv",
            csv(300..303),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(job.enrolments_created, 3);
    app.transition(&admin, class.id, "start").await;
    app.transition(&admin, class.id, "complete").await;
    let dead_batch =
        cebase_store::certificates::create_batch(db, class.id, 3, 0, admin_id, &dead(x))
            .await
            .expect("created")
            .id;
    later().await;

    // A live instance with a short lease takes over what is dead.
    let other = app.another_instance(|s| s.job_lease_secs = 2).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let (done, failed, worn_out, issued) = loop {
        let done = import(&app, &other, &admin, resumed).await;
        let failed = import(&app, &other, &admin, validating).await;
        let worn_out = import(&app, &other, &admin, worn).await;
        let issued = batch(&app, &other, &admin, dead_batch).await;
        let settled = !done.status.is_running()
            && !failed.status.is_running()
            && !worn_out.status.is_running()
            && issued.status != BatchStatus::Running;
        if settled || std::time::Instant::now() > deadline {
            break (done, failed, worn_out, issued);
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };

    assert_eq!(done.status, ImportStatus::Done, "{done:?}");
    assert_eq!(done.people_created, 5);
    assert!(
        done.message
            .as_deref()
            .is_some_and(|m| m.contains("resumed (attempt 2 of 3)")),
        "{done:?}"
    );
    assert_eq!(failed.status, ImportStatus::Failed);
    assert!(
        failed
            .message
            .as_deref()
            .is_some_and(|m| m.contains("upload the file again")),
        "{failed:?}"
    );
    assert_eq!(worn_out.status, ImportStatus::Failed);
    assert!(
        worn_out
            .message
            .as_deref()
            .is_some_and(|m| m.contains("interrupted 3 times")),
        "{worn_out:?}"
    );
    assert_eq!(worn_out.people_created, 0);
    assert_eq!(issued.status, BatchStatus::Done, "{issued:?}");
    assert_eq!(issued.issued, 3);
    assert!(
        issued
            .message
            .as_deref()
            .is_some_and(|m| m.contains("resumed (attempt 2 of 3)")),
        "{issued:?}"
    );

    // The pass that took those over saw the held job too, and left it to its live instance.
    let still = import(&app, &other, &admin, held).await;
    assert_eq!(still.status, ImportStatus::Committing, "{still:?}");
    assert_eq!(still.message.as_deref(), Some("taken over"));

    // Only the resumed commit's people were written, once.
    let people: serde_json::Value =
        expect_json(app.get("/api/v1/people?limit=100", &admin).await, 200).await;
    assert_eq!(
        people["items"].as_array().map(Vec::len),
        Some(5 + 3),
        "{people}"
    );
}
