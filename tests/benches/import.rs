//! Import benchmark (`cargo xtask bench`): 100 000 generated valid rows (GB 11643 resident IDs)
//! through the whole import path — HTTP upload, CSV parsing, validation with the domain types,
//! staging, and the one-transaction commit (`POST /imports?mode=commit`, polled to `done`) — on
//! the database `TEST_DATABASE_URL` names (PostgreSQL) or a temporary SQLite file; then the raw
//! insert rate of the same rows into the same table of a fresh database on the same server,
//! with plain multi-row `INSERT`s of 500 rows in one transaction, for the ratio.
//!
//! Targets: at least 20 000 rows/s, and at least 10 % of the raw rate. The figures are printed;
//! nothing here is a test (timings are never asserted in the test suite). `BENCH_ROWS` changes
//! the row count.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use cebase_domain::imports::ImportStatus;
use cebase_store::{ConnectionTrait, TransactionTrait};
use cebase_tests::{IMPORT_CSV_HEADER, TestApp, bulk_resident_id, import_csv_line};

const TARGET_ROWS_PER_SEC: f64 = 20_000.0;
const TARGET_SHARE_OF_RAW: f64 = 0.10;
const RAW_BATCH: usize = 500;

fn csv(rows: u32) -> Vec<u8> {
    let mut text = String::with_capacity(rows as usize * 110);
    text.push_str(IMPORT_CSV_HEADER);
    text.push('\n');
    for n in 0..rows {
        text.push_str(&import_csv_line(n, None));
        text.push('\n');
    }
    text.into_bytes()
}

/// Rows per second through `POST /imports?mode=commit` until the job is done.
async fn import_rate(rows: u32) -> anyhow::Result<(f64, Duration)> {
    let app = TestApp::spawn_with(|s| s.import_max_bytes = 512 * 1024 * 1024).await;
    let admin = app.admin_token().await;
    let body = csv(rows);
    let started = Instant::now();
    let res = app
        .upload(&admin, "/api/v1/imports?mode=commit", "text/csv", body)
        .await;
    let status = res.status();
    let text = res.text().await?;
    if !status.is_success() {
        bail!("upload refused ({status}): {text}");
    }
    let job: cebase_domain::imports::ImportJobDto = serde_json::from_str(&text)?;
    let job = if job.status == ImportStatus::Done {
        job
    } else {
        app.wait_for_import(&admin, job.import_id).await
    };
    let elapsed = started.elapsed();
    if job.status != ImportStatus::Done || job.written_rows != rows {
        bail!(
            "the import did not finish: {:?}, {} of {rows} written, {:?}, first errors {:?}",
            job.status,
            job.written_rows,
            job.message,
            job.errors.iter().take(3).collect::<Vec<_>>()
        );
    }
    Ok((f64::from(rows) / elapsed.as_secs_f64(), elapsed))
}

/// Rows per second of plain multi-row `INSERT`s of the same rows into `people`.
async fn raw_rate(rows: u32) -> anyhow::Result<(f64, Duration)> {
    let app = TestApp::spawn().await;
    let now = "2026-01-01 00:00:00+00:00";
    let started = Instant::now();
    let txn = app.db.begin().await?;
    let all: Vec<u32> = (0..rows).collect();
    for chunk in all.chunks(RAW_BATCH) {
        let values: Vec<String> = chunk
            .iter()
            .map(|n| {
                format!(
                    "('{}','学员{n}','resident_id','{}',NULL,'工程师','intermediate','软件工程','bachelor','13800138000','t{n}@example.cn',NULL,'{now}','{now}',1)",
                    uuid::Uuid::now_v7(),
                    bulk_resident_id(*n),
                )
            })
            .collect();
        txn.execute_unprepared(&format!(
            "INSERT INTO people (id, name, id_kind, id_number, employer_id, title, title_level, field, degree, phone, email, user_id, created_at, updated_at, version) VALUES {}",
            values.join(",")
        ))
        .await
        .context("raw insert")?;
    }
    txn.commit().await?;
    let elapsed = started.elapsed();
    Ok((f64::from(rows) / elapsed.as_secs_f64(), elapsed))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let rows: u32 = std::env::var("BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let database = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.trim().is_empty() => "PostgreSQL",
        _ => "SQLite",
    };
    println!("import benchmark on {database}: {rows} rows");
    let (import, import_time) = import_rate(rows).await?;
    let (raw, raw_time) = raw_rate(rows).await?;
    let share = import / raw;
    let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
    println!(
        "  import (upload, parse, validate, commit): {import:>9.0} rows/s  ({:.2} s)  target ≥ {TARGET_ROWS_PER_SEC:.0}: {}",
        import_time.as_secs_f64(),
        verdict(import >= TARGET_ROWS_PER_SEC)
    );
    println!(
        "  raw multi-row INSERT ({RAW_BATCH} per statement):   {raw:>9.0} rows/s  ({:.2} s)",
        raw_time.as_secs_f64()
    );
    println!(
        "  ratio import/raw: {:.1} %  target ≥ {:.0} %: {}",
        share * 100.0,
        TARGET_SHARE_OF_RAW * 100.0,
        verdict(share >= TARGET_SHARE_OF_RAW)
    );
    println!(
        "BENCH {database} import_rows_per_sec={import:.0} raw_rows_per_sec={raw:.0} ratio={share:.3}"
    );
    Ok(())
}
