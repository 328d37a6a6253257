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
//! Figures are printed; nothing is asserted (timings are never tests). `BENCH_CERTIFICATES`
//! changes the class size.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use cebase_domain::certificate::{BatchStatus, CertificateBatchDto, CertificateDto};
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

/// A completed class of `n` people; answers its id.
async fn completed_class(app: &TestApp, admin: &str, n: u32) -> anyhow::Result<uuid::Uuid> {
    let class: ClassDto = app
        .create(admin, "classes", &class_body("发证基准班", n))
        .await;
    app.transition(admin, class.id, "open").await;
    let mut csv = String::with_capacity(n as usize * 110);
    csv.push_str(IMPORT_CSV_HEADER);
    for i in 0..n {
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
    let class = completed_class(&app, &admin, n).await?;
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
    Ok(())
}
