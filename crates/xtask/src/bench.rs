//! `cargo xtask bench`: the import and certificate benchmarks (`tests/benches/import.rs`,
//! `tests/benches/certificates.rs`, built in release by
//! `cargo bench`, so normal builds never compile it) — on SQLite, then on PostgreSQL when the
//! server `TEST_DATABASE_URL` names (default the test server) is reachable. The bench binary
//! measures and prints the figures; this only runs it once per database and sums up. It
//! installs `oha` when missing and hands it to the certificate benchmark (`BENCH_OHA`), which
//! then measures verification and `/health` with it too.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::process::{Cmd, redact_url};
use crate::test_suite::{DEFAULT_TEST_DATABASE_URL, reachable};

/// The benchmarks, each run on SQLite and (when reachable) PostgreSQL.
const BENCHES: &[&str] = &["import", "certificates"];

fn bench(name: &str, oha: Option<&Path>) -> Cmd {
    let cmd = Cmd::cargo().args(["bench", "-p", "cebase-tests", "--bench", name]);
    match oha {
        Some(oha) => cmd.env("BENCH_OHA", oha),
        None => cmd.env_remove("BENCH_OHA"),
    }
}

pub fn run(root: &Path) -> Result<ExitCode> {
    // The certificate benchmark also measures with `oha`, a load generator that is not ours.
    let oha = match crate::tools::ensure_oha(root) {
        Ok(path) => Some(path),
        Err(e) => {
            eprintln!(
                "xtask: oha cannot be installed ({e:#}); measuring with the built-in load generator only"
            );
            None
        }
    };
    let oha = oha.as_deref();
    let mut failed = false;
    for name in BENCHES {
        let sqlite = bench(name, oha)
            .env_remove("TEST_DATABASE_URL")
            .current_dir(root)
            .status()?;
        failed |= !sqlite.success();
    }
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DEFAULT_TEST_DATABASE_URL.to_owned());
    let shown = redact_url(&url);
    match reachable(&url) {
        Ok(()) => {
            for name in BENCHES {
                let postgres = bench(name, oha)
                    .env_shown_as("TEST_DATABASE_URL", &url, &shown)
                    .current_dir(root)
                    .status()?;
                failed |= !postgres.success();
            }
        }
        Err(why) => eprintln!(
            "xtask: PostgreSQL benchmark skipped: {shown} {why} (set TEST_DATABASE_URL to use another)"
        ),
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
