//! Certificate benchmark (`cargo xtask bench`), on the database `TEST_DATABASE_URL` names
//! (PostgreSQL) or a temporary SQLite file:
//!
//! 1. **Batch issuance** of 10 000 certificates: a completed class of 10 000 people (imported
//!    with the class, then completed, which writes their learning records), then
//!    `POST /classes/{id}/certificates` polled until the batch is done — numbered from the
//!    year's counter, stored, audited, in one transaction. Target ≤ 3 s.
//! 2. **Public verification throughput** against a bare JSON endpoint of the same server
//!    (`GET /health`): a small load generator (tokio + reqwest, `BENCH_CONNECTIONS` concurrent
//!    connections) requests `GET /public/certificates/{number}?code=…` once for each issued
//!    certificate (none is cached yet: each reads the database), then over all of them for
//!    `BENCH_SECONDS` (answered from the verification cache), then `/health` as long; it
//!    reports the rates and their ratios. Target ≥ 25 % (the repeated verifications; the
//!    first ones are reported beside).
//!
//! 3. **Logins and refreshes while a batch commits**: a paced load of logins (argon2id each) and
//!    refresh-token rotations — `BENCH_AUTH_LOGIN_CLIENTS` (4) clients sending
//!    `BENCH_AUTH_LOGINS_PER_SEC` (4) logins per second in all, `BENCH_AUTH_REFRESH_CLIENTS` (4)
//!    sending `BENCH_AUTH_REFRESHES_PER_SEC` (20) refreshes — first alone for
//!    `BENCH_AUTH_SECONDS` (10), then while `BENCH_AUTH_BATCHES` (2) further batches of the same
//!    size are issued one after the other, each for a completed class of its own. A client whose
//!    answer comes late sends its next request at once, and latency counts from when a request
//!    was due, so a stall shows in full. p50/p95/p99/max and the count for logins and refreshes
//!    separately, both runs. Target p99 ≤ 200 ms in both, every request answered 200.
//!
//! Figures are printed; the batch and verification targets are reported, not enforced (a
//! loaded machine would make them flaky), while a missed login/refresh target ends the run with
//! an error: it is what tells that a batch holds the audited write lock too long for logins to
//! interleave. `BENCH_CERTIFICATES` changes the class size.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use cebase_domain::certificate::{BatchStatus, CertificateBatchDto, CertificateDto};
use cebase_domain::dto::TokenResponse;
use cebase_domain::imports::{ImportJobDto, ImportStatus};
use cebase_domain::training::ClassDto;
use cebase_tests::{IMPORT_CSV_HEADER, TestApp, class_body, import_csv_line};

const TARGET_BATCH_SECS: f64 = 3.0;
const TARGET_SHARE: f64 = 0.25;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A completed class of `n` people (test people `first..first + n`); answers its id.
async fn completed_class(
    app: &TestApp,
    admin: &str,
    first: u32,
    n: u32,
) -> anyhow::Result<uuid::Uuid> {
    let class: ClassDto = app
        .create(
            admin,
            "classes",
            &class_body(&format!("发证基准班{}", first / n.max(1) + 1), n),
        )
        .await;
    app.transition(admin, class.id, "open").await;
    let mut csv = String::with_capacity(n as usize * 110);
    csv.push_str(IMPORT_CSV_HEADER);
    for i in first..first + n {
        csv.push('\n');
        csv.push_str(&import_csv_line(i, None));
    }
    let res = app
        .upload(
            admin,
            &format!("/api/v1/imports?mode=commit&class_id={}", class.id),
            "text/csv",
            csv.into_bytes(),
        )
        .await;
    let status = res.status();
    let text = res.text().await?;
    if !status.is_success() {
        bail!("import refused ({status}): {text}");
    }
    let job: ImportJobDto = serde_json::from_str(&text)?;
    let job = if job.status == ImportStatus::Done {
        job
    } else {
        app.wait_for_import(admin, job.import_id).await
    };
    if job.enrolments_created != n {
        bail!("the import enrolled {} of {n}", job.enrolments_created);
    }
    app.transition(admin, class.id, "start").await;
    app.transition(admin, class.id, "complete").await;
    Ok(class.id)
}

/// Seconds from `POST /classes/{id}/certificates` to the batch being done.
async fn batch(app: &TestApp, admin: &str, class: uuid::Uuid, n: u32) -> anyhow::Result<f64> {
    let started = Instant::now();
    let res = app
        .post(
            &format!("/api/v1/classes/{class}/certificates"),
            admin,
            &serde_json::json!({}),
        )
        .await;
    if res.status() != 202 {
        bail!("batch refused: {}", res.text().await?);
    }
    let mut batch: CertificateBatchDto = res.json().await?;
    while batch.status == BatchStatus::Running {
        tokio::time::sleep(Duration::from_millis(10)).await;
        batch = app
            .get(&format!("/api/v1/certificate-batches/{}", batch.id), admin)
            .await
            .json()
            .await?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    if batch.status != BatchStatus::Done || batch.issued != n {
        bail!("the batch did not finish: {batch:?}");
    }
    Ok(elapsed)
}

/// How long a load runs: for some seconds, cycling through the paths, or once through them.
#[derive(Clone, Copy)]
enum Span {
    Seconds(u64),
    OnePass,
}

/// Requests per second of `paths` with `connections` concurrent clients, over `span`.
async fn load(
    base: &str,
    paths: Arc<Vec<String>>,
    connections: usize,
    span: Span,
) -> anyhow::Result<(f64, u64)> {
    let done = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let deadline = match span {
        Span::Seconds(s) => Some(Instant::now() + Duration::from_secs(s)),
        Span::OnePass => None,
    };
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..connections {
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1)
            .build()?;
        let (paths, done, failed, base) =
            (paths.clone(), done.clone(), failed.clone(), base.to_owned());
        tasks.push(tokio::spawn(async move {
            let mut i = worker;
            loop {
                match deadline {
                    Some(d) if Instant::now() >= d => break,
                    None if i >= paths.len() => break,
                    _ => {}
                }
                let url = format!("{base}{}", paths[i % paths.len()]);
                i += connections;
                match client.get(&url).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    _ => {
                        failed.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    for t in tasks {
        t.await.context("load task")?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok((
        done.load(Ordering::Relaxed) as f64 / elapsed,
        failed.load(Ordering::Relaxed),
    ))
}

/// Requests per second and the share answered 200, as `oha` measures them: `target` is one URL
/// or, with `--urls-from-file`, a file of URLs picked at random.
fn oha(
    oha: &std::ffi::OsStr,
    target: &[&str],
    connections: usize,
    seconds: u64,
) -> anyhow::Result<(f64, f64)> {
    let out = std::process::Command::new(oha)
        .args(["--no-tui", "--output-format", "json", "-z"])
        .arg(format!("{seconds}s"))
        .arg("-c")
        .arg(connections.to_string())
        .args(target)
        .output()
        .context("running oha")?;
    if !out.status.success() {
        bail!(
            "oha failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).context("reading oha's JSON report")?;
    let rate = report["summary"]["requestsPerSec"]
        .as_f64()
        .context("oha's report has no requestsPerSec")?;
    let codes = report["statusCodeDistribution"]
        .as_object()
        .context("oha's report has no statusCodeDistribution")?;
    let count = |v: &serde_json::Value| v.as_f64().unwrap_or(0.0);
    let all: f64 = codes.values().map(count).sum();
    let ok = codes.get("200").map_or(0.0, count);
    Ok((rate, if all > 0.0 { ok / all } else { 0.0 }))
}

// ---------------------------------------------------------------------------------------------
// Logins and refreshes while a batch commits
// ---------------------------------------------------------------------------------------------

/// The latency target of logins and refreshes, with and without a batch running.
const TARGET_AUTH_P99_MS: f64 = 200.0;
/// A password the policy accepts, for the load's accounts.
const AUTH_PASSWORD: &str = "bench-password-2026";

/// The paced login and refresh load: `*_clients` independent clients, each sending its share of
/// `*_per_sec` requests at an even pace (a client whose answer is late sends its next request at
/// once, and its latency counts from when it was due, so a stall is not hidden by the clients
/// waiting it out).
#[derive(Clone, Copy)]
struct AuthLoad {
    login_clients: usize,
    logins_per_sec: f64,
    refresh_clients: usize,
    refreshes_per_sec: f64,
}

impl AuthLoad {
    fn from_env() -> Self {
        Self {
            login_clients: env_or("BENCH_AUTH_LOGIN_CLIENTS", 4usize).max(1),
            logins_per_sec: env_or("BENCH_AUTH_LOGINS_PER_SEC", 4.0f64).max(0.1),
            refresh_clients: env_or("BENCH_AUTH_REFRESH_CLIENTS", 4usize).max(1),
            refreshes_per_sec: env_or("BENCH_AUTH_REFRESHES_PER_SEC", 20.0f64).max(0.1),
        }
    }

    fn describe(&self) -> String {
        format!(
            "{} clients logging in, {:.1} logins/s in all (argon2id each); {} clients refreshing their session, {:.1} refreshes/s in all",
            self.login_clients, self.logins_per_sec, self.refresh_clients, self.refreshes_per_sec
        )
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum AuthKind {
    Login,
    Refresh,
}

/// One request of the load: when it was due, how long until it was answered, whether it was
/// answered as it should be (200).
struct Sample {
    kind: AuthKind,
    due: Instant,
    latency: Duration,
    ok: bool,
}

/// One client of the load: logs in as `username` or refreshes its session, every `interval`
/// from `start`, until `stop` is set; answers its samples.
async fn auth_client(
    base: String,
    kind: AuthKind,
    username: String,
    mut refresh_token: String,
    start: Instant,
    interval: Duration,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<Vec<Sample>> {
    let client = reqwest::Client::builder().build()?;
    let mut samples = Vec::new();
    let mut due = start;
    while !stop.load(Ordering::Relaxed) {
        tokio::time::sleep_until(due.into()).await;
        if stop.load(Ordering::Relaxed) {
            break;
        }
        let (url, body) = match kind {
            AuthKind::Login => (
                format!("{base}/api/v1/auth/login"),
                serde_json::json!({ "username": username, "password": AUTH_PASSWORD }),
            ),
            AuthKind::Refresh => (
                format!("{base}/api/v1/auth/refresh"),
                serde_json::json!({ "refresh_token": refresh_token }),
            ),
        };
        let answer = client.post(&url).json(&body).send().await;
        let ok = match answer {
            Ok(res) if res.status() == 200 => match res.json::<TokenResponse>().await {
                Ok(tokens) => {
                    refresh_token = tokens.refresh_token;
                    true
                }
                Err(_) => false,
            },
            Ok(res) => {
                eprintln!(
                    "  {} of {username} answered {}: {}",
                    if kind == AuthKind::Login {
                        "login"
                    } else {
                        "refresh"
                    },
                    res.status(),
                    res.text().await.unwrap_or_default()
                );
                false
            }
            Err(e) => {
                eprintln!("  request of {username} failed: {e}");
                false
            }
        };
        samples.push(Sample {
            kind,
            due,
            latency: due.elapsed(),
            ok,
        });
        if !ok && kind == AuthKind::Refresh {
            // The session is gone; no later refresh of it could succeed.
            break;
        }
        due += interval;
    }
    Ok(samples)
}

/// The load's accounts (one per client, password [`AUTH_PASSWORD`]).
struct AuthAccounts {
    logins: Vec<String>,
    refreshes: Vec<String>,
}

async fn auth_accounts(app: &TestApp, admin: &str, load: AuthLoad) -> AuthAccounts {
    let mut accounts = AuthAccounts {
        logins: Vec::new(),
        refreshes: Vec::new(),
    };
    for i in 0..load.login_clients {
        let name = format!("bench-login-{i}");
        app.create_user(admin, &name, AUTH_PASSWORD, &["staff"])
            .await;
        accounts.logins.push(name);
    }
    for i in 0..load.refresh_clients {
        let name = format!("bench-refresh-{i}");
        app.create_user(admin, &name, AUTH_PASSWORD, &["staff"])
            .await;
        accounts.refreshes.push(name);
    }
    accounts
}

/// A running load; [`RunningLoad::finish`] stops it and answers its samples.
struct RunningLoad {
    stop: Arc<AtomicBool>,
    clients: Vec<tokio::task::JoinHandle<anyhow::Result<Vec<Sample>>>>,
}

/// Starts `load` against the server with `accounts` (the refreshing clients log in first, outside
/// the measurement, each for a session of its own); each client's first request is due at its
/// own offset within the first interval, so the clients do not all ask at once.
async fn start_load(app: &TestApp, load: AuthLoad, accounts: &AuthAccounts) -> RunningLoad {
    let mut sessions = Vec::new();
    for name in &accounts.refreshes {
        sessions.push(app.tokens(name, AUTH_PASSWORD).await.refresh_token);
    }
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let mut clients = Vec::new();
    let mut spawn = |kind, name: &String, token, i: usize, clients_of_kind: usize, per_sec: f64| {
        let interval = Duration::from_secs_f64(clients_of_kind as f64 / per_sec);
        let offset = interval.mul_f64(i as f64 / clients_of_kind as f64);
        clients.push(tokio::spawn(auth_client(
            app.address.clone(),
            kind,
            name.clone(),
            token,
            start + offset,
            interval,
            stop.clone(),
        )));
    };
    for (i, name) in accounts.logins.iter().enumerate() {
        spawn(
            AuthKind::Login,
            name,
            String::new(),
            i,
            load.login_clients,
            load.logins_per_sec,
        );
    }
    for (i, (name, token)) in accounts.refreshes.iter().zip(sessions).enumerate() {
        spawn(
            AuthKind::Refresh,
            name,
            token,
            i,
            load.refresh_clients,
            load.refreshes_per_sec,
        );
    }
    RunningLoad { stop, clients }
}

impl RunningLoad {
    async fn finish(self) -> anyhow::Result<Vec<Sample>> {
        self.stop.store(true, Ordering::Relaxed);
        let mut all = Vec::new();
        for client in self.clients {
            all.extend(client.await.context("load client")??);
        }
        Ok(all)
    }
}

/// Latency figures of one kind of request over some spans.
struct Latencies {
    count: usize,
    failed: usize,
    p50: f64,
    p95: f64,
    p99: f64,
    max: f64,
}

impl Latencies {
    /// Of the samples of `kind` due within one of `spans`, in milliseconds (nearest rank).
    fn of(samples: &[Sample], kind: AuthKind, spans: &[(Instant, Instant)]) -> Self {
        let chosen: Vec<&Sample> = samples
            .iter()
            .filter(|s| {
                s.kind == kind
                    && spans
                        .iter()
                        .any(|(from, until)| s.due >= *from && s.due < *until)
            })
            .collect();
        let mut ms: Vec<f64> = chosen
            .iter()
            .map(|s| s.latency.as_secs_f64() * 1000.0)
            .collect();
        ms.sort_by(f64::total_cmp);
        let rank = |p: f64| -> f64 {
            if ms.is_empty() {
                return f64::NAN;
            }
            let i = ((p * ms.len() as f64).ceil() as usize).clamp(1, ms.len()) - 1;
            ms[i]
        };
        Self {
            count: ms.len(),
            failed: chosen.iter().filter(|s| !s.ok).count(),
            p50: rank(0.50),
            p95: rank(0.95),
            p99: rank(0.99),
            max: ms.last().copied().unwrap_or(f64::NAN),
        }
    }

    /// Within the target: p99 at most the target, every request answered 200, and some measured.
    fn met(&self) -> bool {
        self.count > 0 && self.failed == 0 && self.p99 <= TARGET_AUTH_P99_MS
    }
}

/// The login and refresh latency figures ([login, refresh]), without a batch and while batches
/// are issued.
struct AuthFigures {
    baseline: [Latencies; 2],
    baseline_secs: f64,
    during: [Latencies; 2],
    during_secs: f64,
    batch_secs: Vec<f64>,
}

/// Runs `load` for `baseline_secs` alone, then again while a batch of `n` certificates is issued
/// for each of `classes` in turn; answers the figures of both (of the requests due while a batch
/// ran, for the second).
async fn auth_under_batches(
    app: &TestApp,
    admin: &str,
    load: AuthLoad,
    classes: &[uuid::Uuid],
    n: u32,
    baseline_secs: f64,
) -> anyhow::Result<AuthFigures> {
    let accounts = auth_accounts(app, admin, load).await;
    // The first second of each run is warm-up (connections opened): not counted.
    let warm_up = Duration::from_secs(1);

    let running = start_load(app, load, &accounts).await;
    tokio::time::sleep(warm_up).await;
    let from = Instant::now();
    tokio::time::sleep(Duration::from_secs_f64(baseline_secs)).await;
    let until = Instant::now();
    let samples = running.finish().await?;
    let spans = [(from, until)];
    let baseline = [
        Latencies::of(&samples, AuthKind::Login, &spans),
        Latencies::of(&samples, AuthKind::Refresh, &spans),
    ];

    let running = start_load(app, load, &accounts).await;
    tokio::time::sleep(warm_up).await;
    let mut spans = Vec::new();
    let mut batch_secs = Vec::new();
    for class in classes {
        let from = Instant::now();
        let secs = batch(app, admin, *class, n).await;
        spans.push((from, Instant::now()));
        match secs {
            Ok(secs) => batch_secs.push(secs),
            Err(e) => {
                running.finish().await.ok();
                return Err(e);
            }
        }
    }
    let samples = running.finish().await?;
    let during = [
        Latencies::of(&samples, AuthKind::Login, &spans),
        Latencies::of(&samples, AuthKind::Refresh, &spans),
    ];
    Ok(AuthFigures {
        baseline,
        baseline_secs,
        during,
        during_secs: spans.iter().map(|(f, u)| (*u - *f).as_secs_f64()).sum(),
        batch_secs,
    })
}

/// Prints the figures against the target; answers the spans that missed it.
fn report_auth(
    database: &str,
    load: AuthLoad,
    n: u32,
    alone_secs: f64,
    f: &AuthFigures,
) -> Vec<String> {
    println!("  logins and refreshes, without a batch and while batches of {n} are issued:");
    println!(
        "    load: {} (latency counted from when each request was due)",
        load.describe()
    );
    println!(
        "    batches under this load: {} ({} s; {alone_secs:.2} s without it)",
        f.batch_secs.len(),
        f.batch_secs
            .iter()
            .map(|s| format!("{s:.2}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut missed = Vec::new();
    for (i, kind) in ["login", "refresh"].iter().enumerate() {
        for (span, l, secs) in [
            ("no batch", &f.baseline[i], f.baseline_secs),
            ("during batches", &f.during[i], f.during_secs),
        ] {
            let ok = l.met();
            println!(
                "    {kind:<8} {span:<15} ({secs:>4.1} s): n={:<4} failed={} p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms  max {:>6.1} ms  target p99 ≤ {TARGET_AUTH_P99_MS:.0} ms: {} (p99/target {:.2})",
                l.count,
                l.failed,
                l.p50,
                l.p95,
                l.p99,
                l.max,
                if ok { "met" } else { "MISSED" },
                l.p99 / TARGET_AUTH_P99_MS
            );
            if !ok {
                missed.push(format!(
                    "{kind} {span}: p99 {:.1} ms of {} requests ({} failed)",
                    l.p99, l.count, l.failed
                ));
            }
        }
        println!(
            "    {kind:<8} p99 during batches / without: {:.1}×",
            f.during[i].p99 / f.baseline[i].p99
        );
    }
    let [bl, br] = &f.baseline;
    let [dl, dr] = &f.during;
    println!(
        "BENCH {database} auth_login_p99_ms={:.1} auth_login_p99_batch_ms={:.1} auth_refresh_p99_ms={:.1} auth_refresh_p99_batch_ms={:.1} auth_logins={}+{} auth_refreshes={}+{}",
        bl.p99, dl.p99, br.p99, dr.p99, bl.count, dl.count, br.count, dr.count
    );
    missed
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: u32 = env_or("BENCH_CERTIFICATES", 10_000);
    let connections: usize = env_or("BENCH_CONNECTIONS", 32);
    let seconds: u64 = env_or("BENCH_SECONDS", 5);
    let database = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => "PostgreSQL",
        _ => "SQLite",
    };
    println!("certificate benchmark on {database}: {n} certificates");
    let app = TestApp::spawn_with(|s| {
        s.import_max_bytes = 512 * 1024 * 1024;
        s.database_max_connections = 10;
        s.log = "error".into();
    })
    .await;
    let admin = app.admin_token().await;
    let class = completed_class(&app, &admin, 0, n).await?;
    let batch_secs = batch(&app, &admin, class, n).await?;
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!(
        "  batch issuance of {n}: {batch_secs:.2} s ({:.0} certificates/s)  target ≤ {TARGET_BATCH_SECS} s: {}",
        f64::from(n) / batch_secs,
        verdict(batch_secs <= TARGET_BATCH_SECS)
    );

    let (certificates, _) = app
        .collect_pages::<CertificateDto>(
            &admin,
            &format!("/api/v1/certificates?class_id={class}&limit=200"),
        )
        .await;
    let verify: Vec<String> = certificates
        .iter()
        .map(|c| {
            format!(
                "/api/v1/public/certificates/{}?code={}",
                c.number, c.verification_code
            )
        })
        .collect();
    let verify = Arc::new(verify);
    // First each certificate once: none is in the verification cache yet, so every request
    // reads the database (the throttle count and the certificate, one query).
    let (cold_rate, cold_failed) =
        load(&app.address, verify.clone(), connections, Span::OnePass).await?;
    // Then all of them over and over: answered from the cache.
    let (verify_rate, verify_failed) = load(
        &app.address,
        verify.clone(),
        connections,
        Span::Seconds(seconds),
    )
    .await?;
    let (health_rate, health_failed) = load(
        &app.address,
        Arc::new(vec!["/health".to_owned()]),
        connections,
        Span::Seconds(seconds),
    )
    .await?;
    let share = verify_rate / health_rate;
    let cold_share = cold_rate / health_rate;
    println!(
        "  public verification, first of each ({n}, database): {cold_rate:>8.0} req/s ({cold_failed} failed), {connections} connections"
    );
    println!(
        "  public verification, repeated ({seconds} s, cache):   {verify_rate:>8.0} req/s ({verify_failed} failed)"
    );
    println!(
        "  /health ({seconds} s):                                   {health_rate:>8.0} req/s ({health_failed} failed)"
    );
    println!(
        "  ratio verification//health: {:.1} % (first verifications: {:.1} %)  target ≥ {:.0} %: {}",
        share * 100.0,
        cold_share * 100.0,
        TARGET_SHARE * 100.0,
        verdict(share >= TARGET_SHARE)
    );
    println!(
        "BENCH {database} batch_secs={batch_secs:.3} verify_rps={verify_rate:.0} verify_first_rps={cold_rate:.0} health_rps={health_rate:.0} ratio={share:.3} ratio_first={cold_share:.3}"
    );
    // The same two loads with oha (`cargo xtask bench` installs it), when given.
    if let Some(bin) = std::env::var_os("BENCH_OHA").filter(|v| !v.is_empty()) {
        let file =
            std::env::temp_dir().join(format!("cebase-bench-urls-{}.txt", uuid::Uuid::new_v4()));
        let urls: String = verify
            .iter()
            .map(|p| format!("{}{p}\n", app.address))
            .collect();
        std::fs::write(&file, urls).context("writing the URL file for oha")?;
        let list = file.to_string_lossy().into_owned();
        let verified = oha(&bin, &["--urls-from-file", &list], connections, seconds);
        std::fs::remove_file(&file).ok();
        let (verify_rate, verify_ok) = verified?;
        let health = format!("{}/health", app.address);
        let (health_rate, health_ok) = oha(&bin, &[&health], connections, seconds)?;
        let share = verify_rate / health_rate;
        println!(
            "  oha, public verification (random among all, {seconds} s): {verify_rate:>8.0} req/s ({:.1} % answered 200)",
            verify_ok * 100.0
        );
        println!(
            "  oha, /health ({seconds} s):                              {health_rate:>8.0} req/s ({:.1} % answered 200)",
            health_ok * 100.0
        );
        println!(
            "  oha ratio verification//health: {:.1} %  target ≥ {:.0} %: {}",
            share * 100.0,
            TARGET_SHARE * 100.0,
            verdict(share >= TARGET_SHARE && verify_ok == 1.0)
        );
        println!(
            "BENCH {database} oha_verify_rps={verify_rate:.0} oha_health_rps={health_rate:.0} oha_ratio={share:.3}"
        );
    }

    // Logins and refreshes, alone and while further batches of `n` are issued (each for a class
    // of its own people, set up first).
    let load = AuthLoad::from_env();
    let batches: u32 = env_or("BENCH_AUTH_BATCHES", 2u32).max(1);
    let mut classes = Vec::new();
    for b in 1..=batches {
        classes.push(completed_class(&app, &admin, b * n, n).await?);
    }
    let figures = auth_under_batches(
        &app,
        &admin,
        load,
        &classes,
        n,
        env_or("BENCH_AUTH_SECONDS", 10.0f64).max(1.0),
    )
    .await?;
    let missed = report_auth(database, load, n, batch_secs, &figures);
    if !missed.is_empty() {
        bail!(
            "login/refresh latency target (p99 ≤ {TARGET_AUTH_P99_MS:.0} ms) MISSED on {database}: {}",
            missed.join("; ")
        );
    }
    Ok(())
}
