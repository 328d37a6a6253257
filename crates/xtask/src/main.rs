//! `cargo xtask` — the project's development and CI automation, in Rust so that it runs wherever
//! cargo does (the alias is in `.cargo/config.toml`). This file parses the command line and
//! dispatches; each command lives in its own module:
//!
//! - `run`: build the SPA and run the server (`run.rs`)
//! - `test`: every check, with a summary table (`test_suite.rs`)
//! - `build-spa`: the SPA build alone (`spa.rs`)
//! - `openapi`: regenerate `openapi/openapi.json`, the settings table of `docs/operations.md` and
//!   the problem-code table of `docs/api.md` (`openapi.rs`)
//! - `bench`: the import benchmark on SQLite and PostgreSQL (`bench.rs`)
//!
//! External tools are found or installed by `tools.rs`; running programs is `process.rs`.

mod bench;
mod openapi;
mod process;
mod run;
mod schemathesis;
mod spa;
mod test_suite;
mod tools;

use std::process::ExitCode;

use anyhow::{Result, bail};

fn usage() -> String {
    let steps: String = test_suite::Step::ALL
        .iter()
        .map(|s| format!("\n      {:<12} {}", s.name(), s.describe()))
        .collect();
    format!(
        "\
cargo xtask — build, run and test cebase

USAGE:
    cargo xtask <COMMAND> [OPTIONS]

COMMANDS:
    run [--release]
        Install what the SPA build needs (if missing), build the SPA, then run the server
        (`cebase serve`) serving it at http://127.0.0.1:8080. Data: ./data/cebase.sqlite
        unless DATABASE_URL is set. The first start prints the admin password once.
        --release     build the server with the release profile

    test [--no-browser] [--no-postgres] [--only STEP[,STEP...]] [--fail-fast]
        Run every check in order and print a summary table; exits non-zero if any failed.
        Steps:{steps}
        --no-postgres   leave out the PostgreSQL leg      (refused when CI=true)
        --no-browser    leave out the SPA build and browser tests (refused when CI=true)
        --only STEPS    run only these steps (comma-separated or repeated); `clippy`
                        selects clippy and clippy-wasm; `browser` implies `spa`
        --fail-fast     stop after the first failing step
        Environment: TEST_DATABASE_URL (default {pg}),
        CHROMIUM and CHROMEDRIVER (default: found on PATH), CI=true (nothing may be skipped;
        a missing PostgreSQL or Chromium is a failure, and Chromium is installed with apt-get).

    build-spa
        Install what is missing, then `trunk build --release` into frontend/dist.

    openapi
        Regenerate openapi/openapi.json from the code (`cebase openapi`), and the settings
        table of docs/operations.md from the settings' declaration.

    bench
        Import benchmark (release build): 100 000 generated rows through the whole import
        (upload, parse, validate, commit) and plain multi-row INSERTs of the same rows, on
        SQLite and on PostgreSQL at TEST_DATABASE_URL when reachable; prints rows/s and the
        ratio against the targets (>= 20 000 rows/s, >= 10 % of raw). BENCH_ROWS changes the
        row count.

    help
        Print this text.
",
        pg = test_suite::DEFAULT_TEST_DATABASE_URL,
    )
}

enum Command {
    Run { release: bool },
    Test(test_suite::Options),
    BuildSpa,
    Openapi,
    Bench,
    Help,
}

fn parse(args: &[String]) -> Result<Command> {
    let Some((command, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let mut rest = rest.iter();
    let command = match command.as_str() {
        "run" => {
            let mut release = false;
            for arg in rest.by_ref() {
                match arg.as_str() {
                    "--release" => release = true,
                    other => bail!("unknown option for `run`: {other}"),
                }
            }
            Command::Run { release }
        }
        "test" => {
            let mut options = test_suite::Options::default();
            while let Some(arg) = rest.next() {
                match arg.as_str() {
                    "--no-browser" => options.no_browser = true,
                    "--no-postgres" => options.no_postgres = true,
                    "--fail-fast" => options.fail_fast = true,
                    "--only" => {
                        let Some(steps) = rest.next() else {
                            bail!("--only needs a step: {}", test_suite::step_names());
                        };
                        push_steps(&mut options.only, steps);
                    }
                    other => match other.strip_prefix("--only=") {
                        Some(steps) => push_steps(&mut options.only, steps),
                        None => bail!("unknown option for `test`: {other}"),
                    },
                }
            }
            Command::Test(options)
        }
        "build-spa" => Command::BuildSpa,
        "openapi" => Command::Openapi,
        "bench" => Command::Bench,
        "help" | "-h" | "--help" => Command::Help,
        other => bail!("unknown command `{other}`"),
    };
    if let Some(extra) = rest.next() {
        bail!("unexpected argument `{extra}`");
    }
    Ok(command)
}

fn push_steps(only: &mut Vec<String>, list: &str) {
    only.extend(
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    );
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("xtask: {error}\n\n{}", usage());
            return ExitCode::from(2);
        }
    };
    let root = process::repo_root();
    let result = match command {
        Command::Help => {
            print!("{}", usage());
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { release } => run::run(&root, release),
        Command::Test(options) => test_suite::run(&root, &options),
        Command::BuildSpa => spa::build(&root).map(|_| ExitCode::SUCCESS),
        Command::Openapi => openapi::regenerate(&root).map(|()| ExitCode::SUCCESS),
        Command::Bench => bench::run(&root),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("xtask: error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn parses_test_options() {
        let Ok(Command::Test(options)) = parse(&args(&[
            "test",
            "--no-browser",
            "--only",
            "fmt,clippy",
            "--only=test",
        ])) else {
            panic!("expected the test command");
        };
        assert!(options.no_browser);
        assert!(!options.no_postgres);
        assert_eq!(options.only, ["fmt", "clippy", "test"]);
    }

    #[test]
    fn rejects_unknown_things() {
        assert!(parse(&args(&["frobnicate"])).is_err());
        assert!(parse(&args(&["run", "--fast"])).is_err());
        assert!(parse(&args(&["openapi", "extra"])).is_err());
        assert!(parse(&args(&["bench", "--fast"])).is_err());
        assert!(matches!(parse(&args(&["bench"])), Ok(Command::Bench)));
        assert!(matches!(parse(&[]), Ok(Command::Help)));
    }
}
