//! Test harness shared by the black-box test binaries: [`TestApp`] starts the real server on
//! port 0 with a database of its own — a temporary SQLite file, or, when `TEST_DATABASE_URL`
//! points at a PostgreSQL server, a freshly created, uniquely named database that is dropped
//! afterwards — and offers typed HTTP helpers.

use std::path::PathBuf;

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

    /// Starts the server with settings adjusted by `configure`.
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
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

/// Decodes a successful JSON body, failing with the body text otherwise.
pub async fn expect_json<T: DeserializeOwned>(res: reqwest::Response, status: u16) -> T {
    let actual = res.status().as_u16();
    let text = res.text().await.expect("body");
    assert_eq!(actual, status, "unexpected status; body: {text}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("unexpected body ({e}): {text}"))
}

#[cfg(test)]
mod tests {
    use super::replace_database;

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
