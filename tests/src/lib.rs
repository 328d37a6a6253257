//! Test harness shared by the black-box test binaries: [`TestApp`] starts the real server on
//! port 0 with a database of its own — a temporary SQLite file, or, when `TEST_DATABASE_URL`
//! points at a PostgreSQL server, a freshly created, uniquely named database that is dropped
//! afterwards — and offers typed HTTP helpers.

use std::path::PathBuf;

mod scenario;
pub use scenario::{Scenario, TrainedClass};

use cebase_api::{Application, Settings};
use cebase_domain::Problem;
use cebase_domain::dto::TokenResponse;
use cebase_store::{ConnectionTrait, DatabaseConnection};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// The JWT secret every test server uses, so tests can forge tokens deliberately.
pub const TEST_JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";

pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub admin_username: String,
    pub admin_password: String,
    pub client: reqwest::Client,
    /// A separate connection to the same database, for inspecting or tampering with rows.
    pub db: DatabaseConnection,
    pub database_url: String,
    pub settings: Settings,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(PathBuf),
    Postgres {
        server_url: String,
        database: String,
    },
}

/// Creates a fresh database and returns its URL and how to remove it.
async fn fresh_database() -> (String, Cleanup) {
    let name = format!("cebase_test_{}", uuid::Uuid::new_v4().simple());
    match std::env::var("TEST_DATABASE_URL") {
        Ok(server_url) if !server_url.trim().is_empty() => {
            let (admin, _) = cebase_store::connect(&server_url, 1)
                .await
                .unwrap_or_else(|e| panic!("cannot connect to TEST_DATABASE_URL: {e:?}"));
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
            admin.close().await.ok();
            let url = replace_database(&server_url, &name);
            (
                url,
                Cleanup::Postgres {
                    server_url,
                    database: name,
                },
            )
        }
        _ => {
            let dir = std::env::temp_dir().join(&name);
            std::fs::create_dir_all(&dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
            let url = format!("sqlite://{}?mode=rwc", dir.join("cebase.sqlite").display());
            (url, Cleanup::SqliteDir(dir))
        }
    }
}

/// `postgres://u@h:p/db?x` with the database name replaced.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[scheme_end..].find('/') {
        Some(slash) => &base[..scheme_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the server serving the SPA from `spa_dir` when given.
    pub async fn spawn_with_spa(spa_dir: Option<PathBuf>) -> TestApp {
        Self::spawn_with(move |s| s.spa_dir = spa_dir).await
    }

    /// Starts the server with settings adjusted by `configure`. The first-start administrator's
    /// obligation to change the generated password is lifted (in the database), so tests can use
    /// the account at once; [`TestApp::spawn_first_start`] keeps it.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
        let app = Self::spawn_first_start(configure).await;
        app.sql("UPDATE users SET must_change_password = false")
            .await;
        app
    }

    /// Starts the server as on a real first start: the `admin` account must change its generated
    /// password before anything else.
    pub async fn spawn_first_start(configure: impl FnOnce(&mut Settings)) -> TestApp {
        let (database_url, cleanup) = fresh_database().await;
        let mut settings = Settings {
            bind: "127.0.0.1:0".parse().expect("valid address"),
            database_url: database_url.clone(),
            database_max_connections: 5,
            jwt_secret: Some(TEST_JWT_SECRET.to_owned()),
            log: std::env::var("TEST_LOG").unwrap_or_else(|_| "warn".into()),
            ..Settings::default()
        };
        configure(&mut settings);
        cebase_api::telemetry::init(&settings);

        let app = Application::build(settings.clone())
            .await
            .expect("the application starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let admin_password = app
            .initial_admin_password()
            .expect("a fresh database gets an initial admin")
            .to_owned();
        tokio::spawn(app.run_until_stopped());
        let (db, _) = cebase_store::connect(&database_url, 2)
            .await
            .expect("test connection");
        TestApp {
            address,
            admin_username: "admin".into(),
            admin_password,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
            db,
            database_url,
            settings,
            cleanup,
        }
    }

    /// Starts another server on this test's database — a second instance of the same
    /// deployment — with this one's settings adjusted by `configure`; answers its address.
    pub async fn another_instance(&self, configure: impl FnOnce(&mut Settings)) -> String {
        let mut settings = self.settings.clone();
        configure(&mut settings);
        let app = Application::build(settings)
            .await
            .expect("the second instance starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        tokio::spawn(app.run_until_stopped());
        address
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn login(&self, username: &str, password: &str) -> reqwest::Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .expect("request sent")
    }

    /// Logs in and returns the tokens, failing the test if login is refused.
    pub async fn tokens(&self, username: &str, password: &str) -> TokenResponse {
        let res = self.login(username, password).await;
        assert_eq!(
            res.status(),
            200,
            "login of {username} failed: {}",
            res.text().await.unwrap_or_default()
        );
        res.json().await.expect("token response")
    }

    pub async fn admin_token(&self) -> String {
        self.tokens(&self.admin_username.clone(), &self.admin_password.clone())
            .await
            .access_token
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent")
    }

    pub async fn send_json<T: Serialize + ?Sized>(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
        body: &T,
    ) -> reqwest::Response {
        let mut req = self.client.request(method, self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request sent")
    }

    pub async fn post<T: Serialize + ?Sized>(
        &self,
        path: &str,
        token: &str,
        body: &T,
    ) -> reqwest::Response {
        self.send_json(reqwest::Method::POST, path, Some(token), body)
            .await
    }

    pub async fn put<T: Serialize + ?Sized>(
        &self,
        path: &str,
        token: &str,
        body: &T,
    ) -> reqwest::Response {
        self.send_json(reqwest::Method::PUT, path, Some(token), body)
            .await
    }

    /// Creates an account through the API (as admin) and returns its id.
    pub async fn create_user(
        &self,
        admin_token: &str,
        username: &str,
        password: &str,
        roles: &[&str],
    ) -> uuid::Uuid {
        let authority = roles.contains(&"reviewer").then_some("miit");
        let res = self
            .post(
                "/api/v1/users",
                admin_token,
                &serde_json::json!({
                    "username": username,
                    "display_name": format!("测试 {username}"),
                    "password": password,
                    "roles": roles,
                    "reviewer_authority": authority,
                }),
            )
            .await;
        assert_eq!(
            res.status(),
            201,
            "creating {username}: {}",
            res.text().await.unwrap_or_default()
        );
        let user: cebase_domain::dto::UserDto = res.json().await.expect("user body");
        user.id
    }

    /// Runs one SQL statement directly against the database (for tampering tests).
    pub async fn sql(&self, statement: &str) -> u64 {
        self.db
            .execute_unprepared(statement)
            .await
            .unwrap_or_else(|e| panic!("SQL failed: {statement}: {e}"))
            .rows_affected()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::SqliteDir(dir) => {
                std::fs::remove_dir_all(dir).ok();
            }
            Cleanup::Postgres {
                server_url,
                database,
            } => {
                let (server_url, database) = (server_url.clone(), database.clone());
                // Async cleanup from `Drop`: a short-lived runtime on its own thread.
                let dropped = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .ok()?;
                    rt.block_on(async {
                        let (admin, _) = cebase_store::connect(&server_url, 1).await.ok()?;
                        admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
                            ))
                            .await
                            .ok()?;
                        Some(())
                    })
                })
                .join();
                if !matches!(dropped, Ok(Some(()))) {
                    eprintln!("note: test database was not dropped");
                }
            }
        }
    }
}

/// A valid mainland resident ID number (GB 11643-1999) for test person `n` (0–999): born
/// 1990-01-01 in 110105, sequence `n`, with the computed check character.
pub fn resident_id(n: u32) -> String {
    let first17 = format!("11010519900101{:03}", n % 1000);
    let check = cebase_domain::identity::resident_id_check_char(&first17)
        .expect("17 digits have a check character");
    format!("{first17}{check}")
}

/// A valid resident ID number for any `n` (up to 36 500 000): born `n / 1000` days after
/// 1940-01-01 in 110105, sequence `n % 1000`; for bulk imports and the import benchmark.
pub fn bulk_resident_id(n: u32) -> String {
    let born = chrono::NaiveDate::from_ymd_opt(1940, 1, 1).expect("a date")
        + chrono::Days::new(u64::from(n / 1000));
    let first17 = format!("110105{}{:03}", born.format("%Y%m%d"), n % 1000);
    let check = cebase_domain::identity::resident_id_check_char(&first17)
        .expect("17 digits have a check character");
    format!("{first17}{check}")
}

/// The Chinese header line of an import CSV (the template's columns).
pub const IMPORT_CSV_HEADER: &str =
    "姓名,证件类型,证件号码,工作单位统一社会信用代码,职称,职称级别,专业领域,最高学历,手机,邮箱";

/// One valid import CSV line for person `n` (ID from [`bulk_resident_id`]), employed by the
/// organisation with `credit_code` when given.
pub fn import_csv_line(n: u32, credit_code: Option<&str>) -> String {
    format!(
        "学员{n},居民身份证,{},{},工程师,中级,软件工程,本科,13800138000,t{n}@example.cn",
        bulk_resident_id(n),
        credit_code.unwrap_or("")
    )
}

/// A valid unified social credit code (GB 32100-2015) for test organisation `n`.
pub fn credit_code(n: u32) -> String {
    let first17 = format!("9111000{:010}", n);
    let check =
        cebase_domain::credit_code::check_char(&first17).expect("17 digits have a check character");
    format!("{first17}{check}")
}

/// Body of a valid organisation.
pub fn organisation_body(name: &str, credit_code: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "kind": "enterprise",
        "credit_code": credit_code,
        "contact_name": "王芳",
        "contact_phone": "0755-86013388",
        "contact_email": "hr@example.cn",
    })
}

/// Body of a valid person with a resident ID.
pub fn person_body(name: &str, id_number: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "id_kind": "resident_id",
        "id_number": id_number,
        "title": "工程师",
        "title_level": "intermediate",
        "field": "软件工程",
        "degree": "bachelor",
        "phone": "13800138000",
        "email": "someone@example.cn",
    })
}

/// Body of a teacher record of `person_id`.
pub fn teacher_body(
    person_id: uuid::Uuid,
    degree: &str,
    title_level: &str,
    leader_attested: bool,
) -> serde_json::Value {
    serde_json::json!({
        "person_id": person_id,
        "employment": "part_time",
        "degree": degree,
        "title_level": title_level,
        "field": "人工智能",
        "affiliation": "中国科学院自动化研究所",
        "teaching_experience": "十年授课经验",
        "leader_attested": leader_attested,
    })
}

/// Adds `"version": version` to a request body (for `PUT`).
pub fn with_version(mut body: serde_json::Value, version: i32) -> serde_json::Value {
    body["version"] = serde_json::json!(version);
    body
}

impl TestApp {
    /// Creates an account with `roles` (as admin) and returns its id and an access token.
    pub async fn account(
        &self,
        admin_token: &str,
        username: &str,
        roles: &[&str],
    ) -> (uuid::Uuid, String) {
        let id = self
            .create_user(admin_token, username, "password-1", roles)
            .await;
        let token = self.tokens(username, "password-1").await.access_token;
        (id, token)
    }

    /// Creates a reviewer account scoped to `authority` (`miit`, `mohrss`, `provincial_hr`) and
    /// returns its access token.
    pub async fn reviewer(&self, admin_token: &str, username: &str, authority: &str) -> String {
        let res = self
            .post(
                "/api/v1/users",
                admin_token,
                &serde_json::json!({
                    "username": username,
                    "display_name": format!("审核 {username}"),
                    "password": "password-1",
                    "roles": ["reviewer"],
                    "reviewer_authority": authority,
                }),
            )
            .await;
        assert_eq!(res.status(), 201);
        self.tokens(username, "password-1").await.access_token
    }

    /// Approves a pending person registration as staff (`admin_token`) and returns the person
    /// on file.
    pub async fn approve_registration(
        &self,
        admin_token: &str,
        registration: uuid::Uuid,
    ) -> cebase_domain::master::PersonDto {
        let path = format!("/api/v1/person-registrations/{registration}");
        let pending: cebase_domain::master::PersonRegistrationDto =
            expect_json(self.get(&path, admin_token).await, 200).await;
        let decided: cebase_domain::master::PersonRegistrationDto = expect_json(
            self.post(
                &format!("{path}/decision"),
                admin_token,
                &serde_json::json!({"decision": "approve", "version": pending.version}),
            )
            .await,
            200,
        )
        .await;
        let person = decided
            .person_id
            .expect("an approved registration names its person");
        expect_json(
            self.get(&format!("/api/v1/people/{person}"), admin_token)
                .await,
            200,
        )
        .await
    }

    /// An organisation contact registers a person (`body` of `POST /people`), staff approve it:
    /// the person on file.
    pub async fn registered_by_contact(
        &self,
        admin_token: &str,
        contact_token: &str,
        body: &serde_json::Value,
    ) -> cebase_domain::master::PersonDto {
        let filed: cebase_domain::master::PersonRegistrationDto =
            expect_json(self.post("/api/v1/people", contact_token, body).await, 202).await;
        self.approve_registration(admin_token, filed.id).await
    }

    /// `POST`s `body` to `path` (under `/api/v1`) and decodes the 201 answer.
    pub async fn create<T: DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
        body: &serde_json::Value,
    ) -> T {
        expect_json(
            self.post(&format!("/api/v1/{path}"), token, body).await,
            201,
        )
        .await
    }

    /// The audit entries about one entity, newest first.
    pub async fn audit_of(
        &self,
        admin_token: &str,
        entity_type: &str,
        id: uuid::Uuid,
    ) -> Vec<cebase_domain::dto::AuditEntryDto> {
        let page: cebase_domain::dto::Page<cebase_domain::dto::AuditEntryDto> = expect_json(
            self.get(
                &format!("/api/v1/audit?entity_type={entity_type}&entity_id={id}"),
                admin_token,
            )
            .await,
            200,
        )
        .await;
        page.items
    }

    /// Follows `next_cursor` from `path` (which has no `cursor`) to the end and returns every
    /// item and the number of pages.
    pub async fn collect_pages<T: DeserializeOwned>(
        &self,
        token: &str,
        path: &str,
    ) -> (Vec<T>, usize) {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut items = Vec::new();
        let mut pages = 0;
        let mut next = path.to_owned();
        loop {
            let page: cebase_domain::dto::Page<T> =
                expect_json(self.get(&next, token).await, 200).await;
            pages += 1;
            items.extend(page.items);
            match page.next_cursor {
                Some(c) => next = format!("{path}{separator}cursor={c}"),
                None => return (items, pages),
            }
        }
    }
}

/// Body of a valid class: a face-to-face seminar from 2026-03-02 to 2026-03-06 with
/// `capacity` seats, open to enrolment, fee 2 800 yuan.
pub fn class_body(title: &str, capacity: u32) -> serde_json::Value {
    serde_json::json!({
        "title": title,
        "kind": "seminar",
        "form": "face_to_face",
        "start_date": "2026-03-02",
        "end_date": "2026-03-06",
        "location": "继续教育学院 201 室",
        "capacity": capacity,
        "fee_fen": 280_000,
        "syllabus": "一、机器学习基础\n二、大模型应用",
        "logistics": "提供教材；食宿自理",
        "completion_rules": {"min_attendance_percent": 80, "assessment_required": false},
        "open_enrolment": true,
    })
}

/// Body of a valid professional course.
pub fn course_body(title: &str) -> serde_json::Value {
    serde_json::json!({"title": title, "category": "professional", "credit_hours": 2.5})
}

/// Body of a 09:00–11:30 session worth 2.5 credit hours on `date` (within the class dates of
/// [`class_body`]).
pub fn session_body(
    course_id: uuid::Uuid,
    teacher_id: uuid::Uuid,
    date: &str,
) -> serde_json::Value {
    serde_json::json!({
        "date": date,
        "start_time": "09:00",
        "end_time": "11:30",
        "course_id": course_id,
        "teacher_id": teacher_id,
        "credit_hours": 2.5,
    })
}

impl TestApp {
    /// `DELETE`s `path` (under the server root).
    pub async fn delete(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request sent")
    }

    /// Registers person `n` (valid resident ID from [`resident_id`]), optionally employed by
    /// `employer` and linked to login account `user`.
    pub async fn person(
        &self,
        token: &str,
        n: u32,
        employer: Option<uuid::Uuid>,
        user: Option<uuid::Uuid>,
    ) -> cebase_domain::master::PersonDto {
        let mut body = person_body(&format!("学员{n}"), &resident_id(n));
        body["employer_id"] = serde_json::json!(employer);
        body["user_id"] = serde_json::json!(user);
        self.create(token, "people", &body).await
    }

    /// Makes `person_id` a teacher qualified under Art. 13 (master's degree, attested, evidence
    /// verified).
    pub async fn qualified_teacher(
        &self,
        token: &str,
        person_id: uuid::Uuid,
    ) -> cebase_domain::master::TeacherDto {
        let teacher: cebase_domain::master::TeacherDto = self
            .create(
                token,
                "teachers",
                &teacher_body(person_id, "master", "none", true),
            )
            .await;
        expect_json(
            self.post(
                &format!("/api/v1/teachers/{}/verify-evidence", teacher.id),
                token,
                &serde_json::json!({}),
            )
            .await,
            200,
        )
        .await
    }

    /// Applies lifecycle `action` to class `class_id`, failing the test if it is refused.
    pub async fn transition(
        &self,
        token: &str,
        class_id: uuid::Uuid,
        action: &str,
    ) -> cebase_domain::training::ClassDto {
        expect_json(
            self.post(
                &format!("/api/v1/classes/{class_id}/transitions"),
                token,
                &serde_json::json!({"action": action, "reason": "测试"}),
            )
            .await,
            200,
        )
        .await
    }

    /// Class `class_id` as `token` sees it.
    pub async fn class(
        &self,
        token: &str,
        class_id: uuid::Uuid,
    ) -> cebase_domain::training::ClassDto {
        expect_json(
            self.get(&format!("/api/v1/classes/{class_id}"), token)
                .await,
            200,
        )
        .await
    }
}

/// The media type of xlsx files.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl TestApp {
    /// `POST`s a raw `body` of `content_type` to `path` (under the server root), e.g. a file to
    /// `/api/v1/imports?mode=preview`.
    pub async fn upload(
        &self,
        token: &str,
        path: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .bearer_auth(token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Polls import `id` until it is no longer running (at most 5 minutes) and returns it.
    pub async fn wait_for_import(
        &self,
        token: &str,
        id: uuid::Uuid,
    ) -> cebase_domain::imports::ImportJobDto {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(300);
        loop {
            let job: cebase_domain::imports::ImportJobDto =
                expect_json(self.get(&format!("/api/v1/imports/{id}"), token).await, 200).await;
            if !job.status.is_running() || std::time::Instant::now() > deadline {
                return job;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
}

/// An RFC 3339 query value for `t` (UTC, `Z`, full precision).
pub fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Asserts that `res` is a problem document with `status` and `code`, and returns it.
pub async fn expect_problem(res: reqwest::Response, status: u16, code: &str) -> Problem {
    let actual = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    assert!(
        content_type.starts_with("application/problem+json"),
        "content-type {content_type}: {text}"
    );
    let problem: Problem = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("not a problem document ({e}): {text}"));
    assert_eq!(problem.code, code, "unexpected code: {text}");
    assert_eq!(problem.status, status);
    problem
}

/// A PDF document downloaded over HTTP, read back with poppler's command-line tools.
pub struct Pdf {
    pub bytes: Vec<u8>,
    /// The `Content-Disposition` header.
    pub disposition: String,
}

impl Pdf {
    /// Runs poppler tool `name` on the document, panicking with its error output on failure.
    fn tool(&self, name: &str, args: &[&str]) -> String {
        let dir = std::env::temp_dir().join(format!("cebase-doc-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("document.pdf");
        std::fs::write(&path, &self.bytes).expect("write the PDF");
        let output = std::process::Command::new(name)
            .args(args)
            .arg(&path)
            .args(if name == "pdftotext" {
                &["-"][..]
            } else {
                &[][..]
            })
            .output()
            .unwrap_or_else(|e| {
                panic!("{name} (poppler-utils, installed by .ci/run) is required: {e}")
            });
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            output.status.success(),
            "{name} {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The text, laid out as on the page (`pdftotext -layout`): a table row stays on one line.
    pub fn text(&self) -> String {
        self.tool("pdftotext", &["-layout"])
    }

    /// The text of page `n` (1-based) alone.
    pub fn page_text(&self, n: usize) -> String {
        let n = n.to_string();
        self.tool("pdftotext", &["-layout", "-f", &n, "-l", &n])
    }

    /// The number of pages (`pdfinfo`).
    pub fn pages(&self) -> usize {
        let info = self.tool("pdfinfo", &[]);
        info.lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or_else(|| panic!("no page count in:\n{info}"))
    }
}

/// Asserts that `res` is a `200` PDF download (`application/pdf`, an attachment, `%PDF-`) and
/// returns it.
pub async fn expect_pdf(res: reqwest::Response) -> Pdf {
    let status = res.status().as_u16();
    let header = |name: &str| {
        res.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let (content_type, disposition) = (header("content-type"), header("content-disposition"));
    let bytes = res.bytes().await.expect("body").to_vec();
    assert_eq!(
        status,
        200,
        "unexpected status; body: {}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(content_type, "application/pdf");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    // To look at the documents: CEBASE_KEEP_PDF_DIR=/tmp/docs cargo test … (one file per
    // download, numbered in order).
    if let Ok(dir) = std::env::var("CEBASE_KEEP_PDF_DIR") {
        std::fs::create_dir_all(&dir).expect("keep dir");
        let name = format!("{}.pdf", uuid::Uuid::now_v7().simple());
        std::fs::write(std::path::Path::new(&dir).join(name), &bytes).expect("keep a copy");
    }
    Pdf { bytes, disposition }
}

/// `name` as RFC 5987 writes it in `filename*=UTF-8''…`.
pub fn rfc5987(name: &str) -> String {
    let mut encoded = String::from("UTF-8''");
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(char::from(b));
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    encoded
}

/// Decodes a successful JSON body, failing with the body text otherwise.
pub async fn expect_json<T: DeserializeOwned>(res: reqwest::Response, status: u16) -> T {
    let actual = res.status().as_u16();
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("unexpected body ({e}): {text}"))
}

#[cfg(test)]
mod tests {
    use super::{bulk_resident_id, credit_code, replace_database, resident_id};

    #[test]
    fn generated_identifiers_are_valid() {
        use cebase_domain::credit_code::CreditCode;
        use cebase_domain::identity::{IdDocument, IdDocumentKind};
        for n in [0, 1, 42, 999] {
            let id = resident_id(n);
            assert!(
                IdDocument::parse(IdDocumentKind::ResidentId, &id, "id").is_ok(),
                "{id}"
            );
            let bulk = bulk_resident_id(n * 997);
            assert!(
                IdDocument::parse(IdDocumentKind::ResidentId, &bulk, "id").is_ok(),
                "{bulk}"
            );
            let code = credit_code(n);
            assert!(CreditCode::parse(&code, "c").is_ok(), "{code}");
        }
    }

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            replace_database("postgres://p@h:5432/postgres", "x"),
            "postgres://p@h:5432/x"
        );
        assert_eq!(
            replace_database("postgres://p@h:5432", "x"),
            "postgres://p@h:5432/x"
        );
        assert_eq!(
            replace_database("postgres://p@h/db?sslmode=disable", "x"),
            "postgres://p@h/x?sslmode=disable"
        );
    }
}
