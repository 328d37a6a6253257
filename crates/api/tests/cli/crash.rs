//! Issue 14, "proof, kept running": the real server process is killed with SIGKILL (`kill -9`)
//! while a job is half done — an import's commit, a certificate batch — and started again on the
//! same database. The killed process must have left nothing of the job behind, and the restarted
//! one must take the job over (its lease ran out: `cebase_api::job_leases`) and resume it to the
//! end: everything written once, nothing twice, the audit chain intact, `/health` answering.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cebase_domain::certificate::{BatchStatus, CertificateBatchDto};
use cebase_domain::imports::{ImportJobDto, ImportStatus};
use cebase_store::ConnectionTrait;
use sea_orm::Statement;
use serde_json::json;
use uuid::Uuid;

use super::{BIN, Db, cebase, fresh_db, text};

/// A short lease, so the restarted server takes the killed one's job over within seconds.
const LEASE_SECS: &str = "2";
/// People imported by the commit that is killed: enough for the commit to run a while.
const IMPORT_ROWS: u32 = 20_000;
/// Enrolments of the class whose certificate batch is killed.
const BATCH_SIZE: u32 = 3_000;
/// How long anything may take before the test gives up (a bound, not a measurement).
const PATIENCE: Duration = Duration::from_secs(600);
const NEW_PASSWORD: &str = "crash-test-password-1";

/// A `cebase serve` process on a test database.
struct Server {
    child: Child,
    base: String,
    output: Arc<Mutex<String>>,
    client: reqwest::Client,
}

impl Db {
    fn data_dir(&self) -> std::path::PathBuf {
        std::env::temp_dir().join(&self.name)
    }
}

impl Server {
    /// Starts the server on `db` and waits until it listens.
    fn start(db: &Db) -> Server {
        let (key, file) = db.checkpoint_paths();
        let mut child = Command::new(BIN)
            .arg("serve")
            .env("DATABASE_URL", &db.url)
            .env("CEBASE_DATA_DIR", db.data_dir())
            .env("CEBASE_BIND", "127.0.0.1:0")
            .env("CEBASE_LOG", "warn")
            .env("CEBASE_LOG_FORMAT", "text")
            .env("CEBASE_JOB_LEASE_SECS", LEASE_SECS)
            .env("CEBASE_AUDIT_CHECKPOINT_KEY", &key)
            .env("CEBASE_AUDIT_CHECKPOINT_FILE", &file)
            .env_remove("CEBASE_ADMIN_PASSWORD")
            .env_remove("CEBASE_JWT_SECRET")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cebase serve starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (address, started) = std::sync::mpsc::channel();
        let streams: [Box<dyn Read + Send>; 2] = [
            Box::new(child.stdout.take().expect("stdout")),
            Box::new(child.stderr.take().expect("stderr")),
        ];
        for stream in streams {
            let (output, address) = (output.clone(), address.clone());
            std::thread::spawn(move || {
                let mut url = None;
                for line in BufReader::new(stream).lines() {
                    let Ok(line) = line else { return };
                    if let Some(at) = line.strip_prefix("cebase is running at ") {
                        url = Some(at.trim_end_matches('/').to_owned());
                    }
                    // The last line of the start-up banner: written once the first start's
                    // password file is.
                    let ready = line.contains("must be changed at the first login")
                        || line.contains("Log in with your account");
                    if ready && let Some(url) = url.take() {
                        let _ = address.send(url);
                    }
                    if let Ok(mut all) = output.lock() {
                        all.push_str(&line);
                        all.push('\n');
                    }
                }
            });
        }
        drop(address);
        let base = started.recv_timeout(PATIENCE).unwrap_or_else(|_| {
            panic!(
                "the server did not start: {}",
                output.lock().map(|o| o.clone()).unwrap_or_default()
            )
        });
        Server {
            child,
            base,
            output,
            client: reqwest::Client::new(),
        }
    }

    /// `kill -9`: no shutdown, no rollback by the process itself.
    fn kill(mut self) -> String {
        self.child.kill().expect("SIGKILL sent");
        let status = self.child.wait().expect("the process ends");
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            assert_eq!(status.signal(), Some(9), "killed by SIGKILL: {status}");
        }
        self.output()
    }

    fn output(&self) -> String {
        self.output.lock().map(|o| o.clone()).unwrap_or_default()
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    async fn get<T: serde::de::DeserializeOwned>(&self, token: &str, path: &str) -> T {
        let res = self
            .client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent");
        json_of(res, 200).await
    }

    async fn post(&self, token: &str, path: &str, body: serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request sent")
    }

    async fn upload_csv(&self, token: &str, query: &str, csv: String) -> ImportJobDto {
        let res = self
            .client
            .post(self.url(&format!("/imports?{query}")))
            .bearer_auth(token)
            .header("Content-Type", "text/csv")
            .body(csv)
            .send()
            .await
            .expect("request sent");
        json_of(res, 202).await
    }

    async fn login(&self, password: &str) -> String {
        let res = self
            .client
            .post(self.url("/auth/login"))
            .json(&json!({"username": "admin", "password": password}))
            .send()
            .await
            .expect("request sent");
        let tokens: serde_json::Value = json_of(res, 200).await;
        tokens["access_token"]
            .as_str()
            .expect("an access token")
            .to_owned()
    }

    /// Logs in as the administrator created on the first start (its generated password is in
    /// the data directory, the output not being a terminal), changes the password as required,
    /// and answers a token.
    async fn first_login(&self, db: &Db) -> String {
        let file = db.data_dir().join("initial-admin-password");
        let password = std::fs::read_to_string(&file).expect("the first-start password file");
        let token = self.login(password.trim()).await;
        let res = self
            .client
            .put(self.url("/me/password"))
            .bearer_auth(&token)
            .json(&json!({"current_password": password.trim(), "new_password": NEW_PASSWORD}))
            .send()
            .await
            .expect("request sent");
        assert_eq!(
            res.status(),
            204,
            "{}",
            res.text().await.unwrap_or_default()
        );
        self.login(NEW_PASSWORD).await
    }

    async fn transition(&self, token: &str, class: Uuid, action: &str) {
        let res = self
            .post(
                token,
                &format!("/classes/{class}/transitions"),
                json!({"action": action, "reason": "崩溃测试"}),
            )
            .await;
        let _: serde_json::Value = json_of(res, 200).await;
    }

    async fn import(&self, token: &str, id: Uuid) -> ImportJobDto {
        self.get(token, &format!("/imports/{id}")).await
    }

    async fn batch(&self, token: &str, id: Uuid) -> CertificateBatchDto {
        self.get(token, &format!("/certificate-batches/{id}")).await
    }

    async fn health(&self) -> u16 {
        self.client
            .get(format!("{}/health", self.base))
            .send()
            .await
            .expect("request sent")
            .status()
            .as_u16()
    }
}

async fn json_of<T: serde::de::DeserializeOwned>(res: reqwest::Response, status: u16) -> T {
    let actual = res.status().as_u16();
    let body = res.text().await.expect("a body");
    assert_eq!(actual, status, "{body}");
    serde_json::from_str(&body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

/// Polls `read` until `done` holds of its answer, or panics after [`PATIENCE`].
async fn until<T: std::fmt::Debug, F: Future<Output = T>>(
    what: &str,
    mut read: impl FnMut() -> F,
    done: impl Fn(&T) -> bool,
) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        let value = read().await;
        if done(&value) {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: still {value:?}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// A valid resident ID for person `n` (born on one of the days after 1950-01-01).
fn resident_id(n: u32) -> String {
    let born = chrono::NaiveDate::from_ymd_opt(1950, 1, 1).expect("a date")
        + chrono::Days::new(u64::from(n / 1000));
    let first17 = format!("110105{}{:03}", born.format("%Y%m%d"), n % 1000);
    let check = cebase_domain::identity::resident_id_check_char(&first17).expect("17 digits");
    format!("{first17}{check}")
}

/// An import CSV of `rows` new people.
fn people_csv(rows: u32) -> String {
    let mut csv = String::from(
        "姓名,证件类型,证件号码,工作单位统一社会信用代码,职称,职称级别,专业领域,最高学历,手机,邮箱",
    );
    for n in 0..rows {
        csv.push_str(&format!(
            "\n学员{n},居民身份证,{},,工程师,中级,软件工程,本科,13800138000,t{n}@example.cn",
            resident_id(n)
        ));
    }
    csv
}

/// The numbers `sql` (one row of integers) answers.
async fn numbers(db: &Db, sql: &str) -> Vec<i64> {
    let (conn, _) = cebase_store::connect(&db.url, 1).await.expect("connect");
    let backend = conn.get_database_backend();
    let row = conn
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .expect("a row");
    let mut values = Vec::new();
    while let Ok(v) = row.try_get_by_index::<i64>(values.len()) {
        values.push(v);
    }
    conn.close().await.ok();
    values
}

async fn count(db: &Db, sql: &str) -> i64 {
    numbers(db, sql).await[0]
}

/// `cebase audit verify` (chain and signed checkpoints) passes.
fn audit_verifies(db: &Db) {
    let out = cebase(db, &["audit", "verify"], None);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    assert_eq!(report["valid"], true, "{report}");
    assert!(report["checkpoints"].as_u64() >= Some(1), "{report}");
}

/// A signed checkpoint of the chain as it is before the crash, which the chain after it must
/// still extend.
fn checkpoint(db: &Db) {
    let out = cebase(db, &["audit", "checkpoint"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
}

#[tokio::test]
async fn an_import_commit_killed_midway_leaves_nothing_and_is_resumed_after_a_restart() {
    let db = fresh_db().await;
    let server = Server::start(&db);
    let token = server.first_login(&db).await;
    let preview = server
        .upload_csv(&token, "mode=preview", people_csv(IMPORT_ROWS))
        .await;
    let id = preview.import_id;
    let ready = until(
        "the preview",
        || server.import(&token, id),
        |j| !j.status.is_running(),
    )
    .await;
    assert_eq!(
        (ready.status, ready.valid_rows, ready.error_count),
        (ImportStatus::Ready, IMPORT_ROWS, 0)
    );
    checkpoint(&db);
    let audit_before = count(&db, "SELECT COUNT(*) FROM audit_log").await;

    let res = server
        .post(&token, &format!("/imports/{id}/commit"), json!({}))
        .await;
    let _: ImportJobDto = json_of(res, 202).await;
    let midway = until(
        "the commit to write its first rows",
        || server.import(&token, id),
        |j| j.status != ImportStatus::Committing || j.written_rows > 0,
    )
    .await;
    let log = server.kill();
    assert_eq!(
        midway.status,
        ImportStatus::Committing,
        "the commit finished before it could be killed; raise IMPORT_ROWS: {midway:?}"
    );
    assert!(midway.written_rows < IMPORT_ROWS, "{midway:?}");

    // What the killed process left: the job committing, and nothing of it written.
    assert_eq!(count(&db, "SELECT COUNT(*) FROM people").await, 0, "{log}");
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM import_jobs WHERE status = 'committing' AND staged IS NOT NULL"
        )
        .await,
        1,
        "the job still committing, its staged rows kept"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log").await,
        audit_before,
        "no audit entry of the commit"
    );

    // The restarted server takes the commit over once its lease ran out, and finishes it.
    let server = Server::start(&db);
    let token = server.login(NEW_PASSWORD).await;
    let done = until(
        "the resumed commit",
        || server.import(&token, id),
        |j| !j.status.is_running(),
    )
    .await;
    assert_eq!(
        done.status,
        ImportStatus::Done,
        "{done:?}\n{}",
        server.output()
    );
    assert_eq!(
        (done.written_rows, done.people_created),
        (IMPORT_ROWS, IMPORT_ROWS)
    );
    let note = done.message.clone().unwrap_or_default();
    assert!(note.contains("resumed (attempt 2 of 3)"), "{note}");
    assert_eq!(
        numbers(
            &db,
            "SELECT COUNT(*), COUNT(DISTINCT id_number) FROM people"
        )
        .await,
        vec![i64::from(IMPORT_ROWS), i64::from(IMPORT_ROWS)],
        "every row written once"
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'import.commit' AND entity_id = '{id}'"
            )
        )
        .await,
        1,
        "one audit entry of the commit"
    );
    assert_eq!(server.health().await, 200);
    audit_verifies(&db);
    server.kill();
    db.cleanup().await;
}

#[tokio::test]
async fn a_certificate_batch_killed_midway_issues_nothing_and_is_resumed_after_a_restart() {
    let db = fresh_db().await;
    let server = Server::start(&db);
    let token = server.first_login(&db).await;

    // A completed class of BATCH_SIZE people, enrolled by an import.
    let res = server
        .post(
            &token,
            "/classes",
            json!({
                "title": "崩溃测试班",
                "kind": "seminar",
                "form": "face_to_face",
                "start_date": "2026-03-02",
                "end_date": "2026-03-06",
                "location": "继续教育学院 201 室",
                "capacity": BATCH_SIZE,
                "fee_fen": 280_000,
                "syllabus": "一、机器学习基础",
                "logistics": "提供教材",
                "completion_rules": {"min_attendance_percent": 80, "assessment_required": false},
                "open_enrolment": true,
            }),
        )
        .await;
    let class: serde_json::Value = json_of(res, 201).await;
    let class: Uuid = class["id"].as_str().expect("id").parse().expect("uuid");
    server.transition(&token, class, "open").await;
    let job = server
        .upload_csv(
            &token,
            &format!("mode=commit&class_id={class}"),
            people_csv(BATCH_SIZE),
        )
        .await;
    let imported = until(
        "the import",
        || server.import(&token, job.import_id),
        |j| !j.status.is_running(),
    )
    .await;
    assert_eq!(
        (imported.status, imported.enrolments_created),
        (ImportStatus::Done, BATCH_SIZE),
        "{imported:?}"
    );
    server.transition(&token, class, "start").await;
    server.transition(&token, class, "complete").await;
    checkpoint(&db);
    let audit_before = count(&db, "SELECT COUNT(*) FROM audit_log").await;

    let res = server
        .post(&token, &format!("/classes/{class}/certificates"), json!({}))
        .await;
    let started: CertificateBatchDto = json_of(res, 202).await;
    assert_eq!(started.total, BATCH_SIZE);
    let id = started.id;
    let midway = until(
        "the batch to store its first certificates",
        || server.batch(&token, id),
        |b| b.status != BatchStatus::Running || b.processed > 0,
    )
    .await;
    let log = server.kill();
    assert_eq!(
        midway.status,
        BatchStatus::Running,
        "the batch finished before it could be killed; raise BATCH_SIZE: {midway:?}"
    );
    assert!(midway.processed < BATCH_SIZE, "{midway:?}");

    // What the killed process left: the batch running, no certificate, no number taken.
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM certificates").await,
        0,
        "{log}"
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM certificate_batches WHERE status = 'running'"
        )
        .await,
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM certificate_counters WHERE next_seq > 1"
        )
        .await,
        0,
        "the numbering counter untouched"
    );
    assert_eq!(
        count(&db, "SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );

    // The restarted server takes the batch over once its lease ran out, and finishes it.
    let server = Server::start(&db);
    let token = server.login(NEW_PASSWORD).await;
    let done = until(
        "the resumed batch",
        || server.batch(&token, id),
        |b| b.status != BatchStatus::Running,
    )
    .await;
    assert_eq!(
        done.status,
        BatchStatus::Done,
        "{done:?}\n{}",
        server.output()
    );
    assert_eq!(done.issued, BATCH_SIZE);
    let note = done.message.clone().unwrap_or_default();
    assert!(note.contains("resumed (attempt 2 of 3)"), "{note}");
    let n = i64::from(BATCH_SIZE);
    assert_eq!(
        numbers(
            &db,
            "SELECT COUNT(*), COUNT(DISTINCT number), COUNT(DISTINCT enrolment_id), MIN(sequence), MAX(sequence) FROM certificates"
        )
        .await,
        vec![n, n, n, 1, n],
        "one certificate per enrolment, numbers unique and gapless"
    );
    assert_eq!(
        count(
            &db,
            &format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'certificate.issue_batch' AND entity_id = '{class}'"
            )
        )
        .await,
        1,
        "one audit entry of the batch"
    );
    assert_eq!(server.health().await, 200);
    audit_verifies(&db);
    server.kill();
    db.cleanup().await;
}
