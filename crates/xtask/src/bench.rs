//! `cargo xtask bench`: the import benchmark (`tests/benches/import.rs`, built in release by
//! `cargo bench`, so normal builds never compile it) — on SQLite, then on PostgreSQL when the
//! server `TEST_DATABASE_URL` names (default the test server) is reachable. The bench binary
//! measures and prints the figures; this only runs it once per database and sums up.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::process::{Cmd, redact_url};
use crate::test_suite::{DEFAULT_TEST_DATABASE_URL, reachable};

fn bench() -> Cmd {
    Cmd::cargo().args(["bench", "-p", "cebase-tests", "--bench", "import"])
}

pub fn run(root: &Path) -> Result<ExitCode> {
    let mut failed = false;
    let sqlite = bench()
        .env_remove("TEST_DATABASE_URL")
        .current_dir(root)
        .status()?;
    failed |= !sqlite.success();
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DEFAULT_TEST_DATABASE_URL.to_owned());
    let shown = redact_url(&url);
    match reachable(&url) {
        Ok(()) => {
            let postgres = bench()
                .env_shown_as("TEST_DATABASE_URL", &url, &shown)
                .current_dir(root)
                .status()?;
            failed |= !postgres.success();
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
