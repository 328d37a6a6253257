//! The browser side of the end-to-end tests: starts `chromedriver` on a free port, opens a
//! headless Chromium session with a throw-away profile, and offers waiting helpers that poll
//! the page (never fixed sleeps).
//!
//! [`run`] owns the whole life cycle: the scenario runs in a task of its own, and whatever it
//! does — succeed, return an error, panic or hang — the screenshot is kept, the WebDriver
//! session closed, chromedriver killed and the profile removed *before* the test reports.

use std::future::Future;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use cebase_tests::TestApp;
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

/// How long a wait for something on the page may take before the test fails.
const WAIT: Duration = Duration::from_secs(20);
const POLL: Duration = Duration::from_millis(100);
/// Upper bound for a whole scenario (a hung page must not hang the test run).
const SCENARIO_LIMIT: Duration = Duration::from_secs(180);

/// The built SPA the server is to serve; the test refuses to run (rather than pass) without it.
fn spa_dir() -> PathBuf {
    let dir = std::env::var_os("CEBASE_SPA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            panic!(
                "CEBASE_SPA_DIR is not set: point it at the built SPA (`cd frontend && trunk build \
             --release`, then CEBASE_SPA_DIR=$PWD/frontend/dist), or run `cargo xtask test`"
            )
        });
    assert!(
        dir.join("index.html").is_file(),
        "CEBASE_SPA_DIR={} holds no index.html; build the SPA first (`cd frontend && trunk build --release`)",
        dir.display()
    );
    dir
}

/// `<workspace>/target/e2e-artifacts`, created on demand.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")))
        .join("target")
        .join("e2e-artifacts");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("note: cannot create {}: {e}", dir.display());
    }
    dir
}

/// A running chromedriver; killed on [`ChromeDriver::stop`] and, as a backstop, on drop.
struct ChromeDriver {
    child: Option<Child>,
    port: u16,
}

impl ChromeDriver {
    fn start() -> ChromeDriver {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start chromedriver `{program}` (set CHROMEDRIVER to its path): {e}")
            });
        ChromeDriver {
            child: Some(child),
            port,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Opens a session, retrying while chromedriver is still starting up.
    async fn connect(&mut self, profile: &Path) -> Result<Client> {
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), "chrome".into());
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": chromium,
                "args": [
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.display()),
                ],
                // Files the SPA saves land in the throw-away profile, where tests read them.
                "prefs": {
                    "download.default_directory": downloads_dir(profile).display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                },
            }),
        );
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(capabilities);

        let started = Instant::now();
        loop {
            if let Some(child) = self.child.as_mut()
                && let Ok(Some(status)) = child.try_wait()
            {
                bail!("chromedriver exited during start-up ({status})");
            }
            match builder.connect(&self.url()).await {
                Ok(client) => return Ok(client),
                // Refused connections while chromedriver starts; a real session error persists.
                Err(_) if started.elapsed() < WAIT => tokio::time::sleep(POLL).await,
                Err(e) => return Err(anyhow!("no WebDriver session from {}: {e}", self.url())),
            }
        }
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        self.stop();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free local port for chromedriver: {e}"))
}

/// What a scenario gets: the browser session and the server it talks to.
#[derive(Clone)]
pub struct Browser {
    pub client: Client,
    /// `http://127.0.0.1:PORT` of the server under test.
    pub base: String,
    pub admin_username: String,
    pub admin_password: String,
    /// Prefix of this test's artefact files.
    name: &'static str,
    /// Where the browser saves downloads.
    downloads: PathBuf,
}

/// The download directory of a browser profile.
fn downloads_dir(profile: &Path) -> PathBuf {
    profile.join("downloads")
}

/// Runs `scenario` against a fresh server serving the built SPA, in a fresh browser, and
/// cleans everything up before reporting its outcome.
pub async fn run<F, Fut>(name: &'static str, scenario: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    run_on(
        name,
        TestApp::spawn_with_spa(Some(spa_dir())).await,
        scenario,
    )
    .await;
}

/// Like [`run`], on a server as after its real first start: the administrator must change the
/// generated password first.
pub async fn run_first_start<F, Fut>(name: &'static str, scenario: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let spa = spa_dir();
    run_on(
        name,
        TestApp::spawn_first_start(move |s| s.spa_dir = Some(spa)).await,
        scenario,
    )
    .await;
}

async fn run_on<F, Fut>(name: &'static str, app: TestApp, scenario: F)
where
    F: FnOnce(Browser) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let profile =
        std::env::temp_dir().join(format!("cebase-e2e-{}", uuid::Uuid::new_v4().simple()));
    let mut driver = ChromeDriver::start();

    let client = match driver.connect(&profile).await {
        Ok(client) => client,
        Err(e) => {
            driver.stop();
            let _ = std::fs::remove_dir_all(&profile);
            panic!("{e:#}");
        }
    };
    let browser = Browser {
        client: client.clone(),
        base: app.address.clone(),
        admin_username: app.admin_username.clone(),
        admin_password: app.admin_password.clone(),
        name,
        downloads: downloads_dir(&profile),
    };

    // The scenario runs as its own task so a panic inside it is caught here, not unwound past
    // the clean-up below.
    let task = tokio::spawn(scenario(browser.clone()));
    let abort = task.abort_handle();
    let outcome = tokio::time::timeout(SCENARIO_LIMIT, task).await;
    if outcome.is_err() {
        abort.abort();
    }
    let failed = !matches!(outcome, Ok(Ok(Ok(()))));

    // Artefact: the page as it was at the end (the failure, or the final state).
    let shot = browser
        .screenshot(if failed { "failure" } else { "final" })
        .await;
    if let Err(e) = &shot {
        eprintln!("note: no screenshot: {e:#}");
    }
    if let Err(e) = client.close().await {
        eprintln!("note: closing the WebDriver session failed: {e}");
    }
    driver.stop();
    let _ = std::fs::remove_dir_all(&profile);
    drop(app);

    match outcome {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => panic!("{name}: {e:#}\n(screenshot: {shot:?})"),
        Ok(Err(join)) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Ok(Err(join)) => panic!("{name}: scenario task failed: {join}"),
        Err(_) => panic!("{name}: scenario did not finish within {SCENARIO_LIMIT:?}"),
    }
}

impl Browser {
    /// Loads `path` of the server (a full page load).
    pub async fn open(&self, path: &str) -> Result<()> {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .with_context(|| format!("opening {path}"))
    }

    /// Polls `probe` until it yields `Some`, for at most [`WAIT`].
    async fn poll<T, P, PF>(&self, what: &str, mut probe: P) -> Result<T>
    where
        P: FnMut() -> PF,
        PF: Future<Output = Result<Option<T>>>,
    {
        let started = Instant::now();
        let mut last = String::from("nothing yet");
        loop {
            match probe().await {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(e) => last = format!("{e:#}"),
            }
            if started.elapsed() > WAIT {
                bail!("waited {WAIT:?} for {what}; last: {last}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Waits for the element with `data-testid="{testid}"`.
    pub async fn find(&self, testid: &str) -> Result<Element> {
        let css = format!("[data-testid=\"{testid}\"]");
        self.poll(&format!("element {css}"), || async {
            match self.client.find(Locator::Css(&css)).await {
                Ok(element) => Ok(Some(element)),
                Err(e) if e.is_no_such_element() => Ok(None),
                Err(e) => Err(e.into()),
            }
        })
        .await
    }

    /// True when an element with the test id is on the page right now (no waiting).
    pub async fn is_present(&self, testid: &str) -> Result<bool> {
        let css = format!("[data-testid=\"{testid}\"]");
        Ok(!self.client.find_all(Locator::Css(&css)).await?.is_empty())
    }

    pub async fn fill(&self, testid: &str, text: &str) -> Result<()> {
        let input = self.find(testid).await?;
        input.clear().await?;
        input.send_keys(text).await?;
        Ok(())
    }

    pub async fn click(&self, testid: &str) -> Result<()> {
        self.find(testid).await?.click().await?;
        Ok(())
    }

    /// Chooses the option with `value` in the `<select>` with the test id.
    pub async fn select(&self, testid: &str, value: &str) -> Result<()> {
        self.find(testid)
            .await?
            .select_by_value(value)
            .await
            .with_context(|| format!("choosing {value:?} in {testid}"))
    }

    /// Sets the value of an input the way typing would end (an `input` and a `change` event),
    /// for inputs whose typing is locale-dependent, such as `<input type="date">` (`YYYY-MM-DD`).
    pub async fn set_value(&self, testid: &str, value: &str) -> Result<()> {
        let element = self.find(testid).await?;
        let element = serde_json::to_value(&element)?;
        self.client
            .execute(
                "const [el, v] = arguments; el.value = v; \
                 el.dispatchEvent(new Event('input', { bubbles: true })); \
                 el.dispatchEvent(new Event('change', { bubbles: true })); return null;",
                vec![element, value.into()],
            )
            .await?;
        Ok(())
    }

    /// The current `value` of an input, select or text area.
    pub async fn value(&self, testid: &str) -> Result<String> {
        Ok(self
            .find(testid)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Waits until the element's attribute `name` equals `expected`.
    pub async fn wait_attr(&self, testid: &str, name: &str, expected: &str) -> Result<()> {
        let css = format!("[data-testid=\"{testid}\"]");
        self.poll(&format!("{css} to have {name}={expected:?}"), || async {
            let element = match self.client.find(Locator::Css(&css)).await {
                Ok(element) => element,
                Err(e) if e.is_no_such_element() => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            match element.attr(name).await? {
                Some(v) if v == expected => Ok(Some(())),
                other => Err(anyhow!("it has {other:?}")),
            }
        })
        .await
    }

    /// Waits until no element with the test id is on the page.
    pub async fn wait_absent(&self, testid: &str) -> Result<()> {
        self.poll(
            &format!("[data-testid=\"{testid}\"] to disappear"),
            || async {
                if self.is_present(testid).await? {
                    Err(anyhow!("still there"))
                } else {
                    Ok(Some(()))
                }
            },
        )
        .await
    }

    /// Waits until the element's visible text is exactly `expected` (trimmed).
    pub async fn wait_text(&self, testid: &str, expected: &str) -> Result<()> {
        self.wait_text_matching(testid, &format!("the text {expected:?}"), |t| t == expected)
            .await
            .map(drop)
    }

    /// Waits until the element's visible text satisfies `accept`, and returns it.
    pub async fn wait_text_matching(
        &self,
        testid: &str,
        what: &str,
        accept: impl Fn(&str) -> bool,
    ) -> Result<String> {
        let css = format!("[data-testid=\"{testid}\"]");
        self.poll(&format!("{css} to show {what}"), || async {
            let element = match self.client.find(Locator::Css(&css)).await {
                Ok(element) => element,
                Err(e) if e.is_no_such_element() => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            let text = element.text().await?.trim().to_owned();
            if accept(&text) {
                Ok(Some(text))
            } else {
                Err(anyhow!("it shows {text:?}"))
            }
        })
        .await
    }

    /// Waits until the address bar shows `path` (client-side navigation included).
    pub async fn wait_path(&self, path: &str) -> Result<()> {
        self.poll(&format!("the path {path}"), || async {
            let url = self.client.current_url().await?;
            if url.path() == path {
                Ok(Some(()))
            } else {
                Err(anyhow!("at {}", url.path()))
            }
        })
        .await
    }

    /// Saves a PNG of the viewport as `target/e2e-artifacts/{test}-{step}.png`.
    /// Waits until the browser has saved the download `file_name` completely (Chromium writes
    /// `*.crdownload` first) and answers its bytes.
    pub async fn wait_download(&self, file_name: &str) -> Result<Vec<u8>> {
        let path = self.downloads.join(file_name);
        let started = Instant::now();
        loop {
            if let Ok(bytes) = std::fs::read(&path)
                && !bytes.is_empty()
            {
                return Ok(bytes);
            }
            if started.elapsed() > WAIT {
                let seen: Vec<String> = std::fs::read_dir(&self.downloads)
                    .map(|d| {
                        d.filter_map(Result::ok)
                            .map(|e| e.file_name().to_string_lossy().into_owned())
                            .collect()
                    })
                    .unwrap_or_default();
                bail!("no download {file_name} after {WAIT:?}; the folder holds {seen:?}");
            }
            tokio::time::sleep(POLL).await;
        }
    }

    pub async fn screenshot(&self, step: &str) -> Result<PathBuf> {
        let png = self.client.screenshot().await?;
        let path = artifacts_dir().join(format!("{}-{step}.png", self.name));
        std::fs::write(&path, png).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }

    /// Scrolls the element with the test id to the top of the viewport, then saves a PNG like
    /// [`Browser::screenshot`].
    pub async fn screenshot_at(&self, testid: &str, step: &str) -> Result<PathBuf> {
        let element = serde_json::to_value(self.find(testid).await?)?;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'start' }); window.scrollBy(0, -60); return null;",
                vec![element],
            )
            .await?;
        self.screenshot(step).await
    }

    /// Fills in and sends the login form (the page must be `/login`).
    pub async fn submit_login(&self, username: &str, password: &str) -> Result<()> {
        self.fill("login-username", username).await?;
        self.fill("login-password", password).await?;
        self.click("login-submit").await
    }
}
