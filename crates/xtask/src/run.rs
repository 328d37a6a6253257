//! `cargo xtask run`: build the SPA, build the server, say where the data lives and how to log
//! in, then run `cebase serve` in the foreground until Ctrl-C, which is passed on to it.

use std::path::Path;
use std::process::{Child, ExitCode};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::{Context, Result};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

use crate::process::{Cmd, describe_status, redact_url};
use crate::spa;

/// `cargo build|run -p cebase-api --bin cebase [--release]`.
fn cargo_cebase(subcommand: &str, release: bool) -> Cmd {
    let cmd = Cmd::cargo().args([subcommand, "-p", "cebase-api", "--bin", "cebase"]);
    if release { cmd.arg("--release") } else { cmd }
}

pub fn run(root: &Path, release: bool) -> Result<ExitCode> {
    crate::tools::ensure_system_packages(false)?;
    let dist = spa::build(root)?;

    // Compile before the banner, so the banner is not scrolled away by compiler output.
    cargo_cebase("build", release).current_dir(root).run()?;

    print_banner(root, &dist);

    // The server gets its own process group: a Ctrl-C at the terminal then reaches xtask only,
    // and xtask passes exactly one signal on, and waits for the server to finish shutting down
    // before the shell prompt comes back.
    let received = Arc::new(AtomicUsize::new(0));
    for signal in [SIGINT, SIGTERM, SIGHUP] {
        let received = Arc::clone(&received);
        signal_hook::flag::register_usize(signal, received, signal as usize)
            .context("could not install a signal handler")?;
    }
    // Quiet: it has just been built, so cargo would only say so.
    let child = cargo_cebase("run", release)
        .args(["-q", "--", "serve"])
        .current_dir(root)
        .env("CEBASE_SPA_DIR", &dist)
        .own_process_group()
        .spawn()?;
    wait_forwarding_signals(child, &received)
}

/// Waits for the server, passing each signal xtask receives on to it. A second Ctrl-C while
/// the server is still shutting down is passed on too (servers take that as "stop now").
fn wait_forwarding_signals(mut child: Child, received: &AtomicUsize) -> Result<ExitCode> {
    loop {
        if let Some(status) = child.try_wait()? {
            use std::os::unix::process::ExitStatusExt;
            if !status.success() {
                eprintln!("xtask: the server stopped ({})", describe_status(status));
            }
            let code = status
                .code()
                .or_else(|| status.signal().map(|s| 128 + s))
                .unwrap_or(1);
            return Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)));
        }
        let signal = received.swap(0, Ordering::SeqCst);
        if signal != 0 {
            // SIGHUP (terminal gone) is passed on as SIGTERM: the server should stop gracefully.
            let name = if signal == SIGINT as usize {
                "INT"
            } else {
                "TERM"
            };
            let pid = child.id().to_string();
            let sent = Cmd::new("kill").args(["-s", name, &pid]).probe().is_some();
            if !sent {
                // No `kill` program: stopping hard is still better than leaving an orphan.
                let _ = child.kill();
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn print_banner(root: &Path, dist: &Path) {
    let database = match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => format!("{} (from DATABASE_URL)", redact_url(&url)),
        _ => format!(
            "{} (SQLite, the default; set DATABASE_URL for PostgreSQL)",
            root.join("data/cebase.sqlite").display()
        ),
    };
    let config_note = std::env::var_os("CEBASE_CONFIG")
        .map(|file| {
            format!(
                "\n  Config file:  {} (CEBASE_CONFIG; may override the database above)",
                Path::new(&file).display()
            )
        })
        .unwrap_or_default();
    let rule = "=".repeat(78);
    eprintln!(
        "\n{rule}\n\
         cebase is starting.\n\
         \n  Data:         {database}{config_note}\
         \n  SPA:          {spa}\
         \n  Address:      printed by the server below (default http://127.0.0.1:8080)\
         \n\
         \n  First start:  the server creates an administrator and prints the user name and\
         \n                password below, ONCE (when this output is not a terminal: writes the\
         \n                password to data/initial-admin-password, readable by you only).\
         \n                Log in with them; you are asked to choose a new password first.\
         \n  Later starts: nothing is printed; to create an administrator or reset a password:\
         \n                cargo run -p cebase-api --bin cebase -- create-admin --username NAME\
         \n                (same DATABASE_URL; the password is read from stdin or\
         \n                CEBASE_ADMIN_PASSWORD)\
         \n\
         \n  Stop with Ctrl-C.\n\
         {rule}\n",
        spa = dist.display(),
    );
}
