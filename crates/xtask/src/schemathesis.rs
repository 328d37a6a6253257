//! The `api` step of `cargo xtask test`: schemathesis (PyPI), an independent property-based
//! tester, generates requests from the OpenAPI document the server serves and checks every
//! answer — no server error, every status documented for its operation, every body matching
//! its documented schema and content type.
//!
//! The server is the debug `cebase` binary on a throw-away SQLite database in a temporary
//! directory, on a free port, with an administrator created by `cebase create-admin`; the run
//! uses that administrator's token. The seed is fixed, so a failure can be reproduced.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Child;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::process::Cmd;

/// The version installed when schemathesis is missing (its CLI changed between majors).
const VERSION: &str = "4.32.5";

/// The checks run on every answer.
const CHECKS: &str = "not_a_server_error,status_code_conformance,\
                      response_schema_conformance,content_type_conformance";

/// Operations whose request body schemathesis cannot produce: the scan of a paper reply is a
/// PDF upload (`application/pdf`), which it has no serializer for. The upload is tested by the
/// API tests (`tests/tests/api/plans.rs`).
const EXCLUDED_PATH_REGEX: &str = "^/api/v1/plans/\\{id\\}/scans$";

/// Examples per operation and phase: enough to reach every documented parameter shape.
const MAX_EXAMPLES: &str = "20";
const SEED: &str = "20261205";

/// Installs schemathesis with pip when `python3 -m schemathesis.cli` is not there.
pub fn ensure_installed() -> Result<()> {
    if Cmd::new("python3")
        .args(["-m", "schemathesis.cli", "--version"])
        .probe()
        .is_some()
    {
        return Ok(());
    }
    eprintln!("xtask: installing schemathesis {VERSION} with pip");
    let pip = |extra: &[&str]| {
        Cmd::new("python3")
            .args(["-m", "pip", "install", "--quiet"])
            .args(extra.iter().copied())
            .arg(format!("schemathesis=={VERSION}"))
            .run()
    };
    pip(&[]).or_else(|_| pip(&["--break-system-packages"]))
}

/// Builds the server, starts it, runs schemathesis against it and stops it again.
pub fn run(root: &Path) -> Result<bool> {
    Cmd::cargo()
        .args(["build", "-p", "cebase-api", "--bin", "cebase"])
        .current_dir(root)
        .run()?;
    let binary = target_dir(root).join("debug").join("cebase");
    let dir = std::env::temp_dir().join(format!("cebase-schemathesis-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let database = format!("sqlite://{}/api.sqlite?mode=rwc", dir.display());
    let password = format!("Schemathesis-{}-{}", std::process::id(), nanos());
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");

    Cmd::new(&binary)
        .args(["create-admin", "--username", "schemathesis"])
        .env("DATABASE_URL", &database)
        .env_quiet("CEBASE_ADMIN_PASSWORD", &password)
        .current_dir(&dir)
        .run()
        .context("creating the administrator schemathesis tests with")?;
    let server = Server(
        Cmd::new(&binary)
            .arg("serve")
            .env("DATABASE_URL", &database)
            .env("CEBASE_BIND", format!("127.0.0.1:{port}"))
            .env("RUST_LOG", "warn")
            .current_dir(&dir)
            .spawn()?,
    );
    wait_for(port)?;
    let token = login(&base, &password)?;
    let status = Cmd::new("python3")
        .args(["-m", "schemathesis.cli", "run"])
        .arg(format!("{base}/api/v1/openapi.json"))
        .args(["--url", &base])
        .args(["--checks", CHECKS])
        .args(["--max-examples", MAX_EXAMPLES])
        .args(["--seed", SEED])
        .args(["--exclude-path-regex", EXCLUDED_PATH_REGEX])
        .args(["--workers", "2"])
        .arg("--header")
        .arg_shown_as(
            format!("Authorization: Bearer {token}"),
            "Authorization: Bearer <token>",
        )
        .current_dir(&dir)
        .status()?;
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(status.success())
}

/// The server process, stopped when dropped (also when a step fails half-way).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root.join(dir)
            }
        })
        .unwrap_or_else(|| root.join("target"))
}

fn nanos() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// Waits until the server accepts connections (it migrates the database first).
fn wait_for(port: u16) -> Result<()> {
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(60) {
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the server did not listen on port {port} within 60 s")
}

/// Logs the administrator in (with Python's standard library, which schemathesis needs anyway)
/// and answers the access token.
fn login(base: &str, password: &str) -> Result<String> {
    const SCRIPT: &str = "import json, sys, urllib.request\n\
        base, password = sys.argv[1], sys.stdin.read()\n\
        body = json.dumps({'username': 'schemathesis', 'password': password}).encode()\n\
        req = urllib.request.Request(base + '/api/v1/auth/login', data=body, \
        headers={'Content-Type': 'application/json'})\n\
        print(json.load(urllib.request.urlopen(req))['access_token'])\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", SCRIPT, base])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .context("python3 is needed to log in")?;
    {
        use std::io::Write as _;
        let mut stdin = child.stdin.take().context("stdin")?;
        stdin.write_all(password.as_bytes())?;
    }
    let output = child.wait_with_output()?;
    if !output.status.success() {
        bail!("the administrator could not log in");
    }
    let token = String::from_utf8(output.stdout)?.trim().to_owned();
    if token.is_empty() {
        bail!("the login answered no token");
    }
    Ok(token)
}
