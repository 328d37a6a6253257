//! `cargo xtask test`: every check the project has, in a fixed order — formatting, lints (host
//! and wasm), unit and SQLite integration tests, the integration tests again on PostgreSQL,
//! schemathesis against a served instance (`schemathesis.rs`), the SPA build and the browser
//! tests — ending with a summary table.
//!
//! Outside CI a step whose prerequisite is missing (no PostgreSQL server, no Chromium) is
//! reported as `NOT RUN: <reason>` and does not fail the run; under `CI=true` nothing may be
//! left out, so the same situation is a failure.

use std::fmt::Write as _;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::process::{Cmd, TestCounts, bold, describe_status, is_ci, redact_url};
use crate::{schemathesis, spa, tools};

/// The PostgreSQL server the PostgreSQL leg uses unless `TEST_DATABASE_URL` says otherwise.
/// The tests create (and drop) one uniquely named database per test through it.
pub const DEFAULT_TEST_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

/// The steps, in the order they run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Fmt,
    Clippy,
    ClippyWasm,
    Test,
    Postgres,
    Api,
    Spa,
    Browser,
}

impl Step {
    pub const ALL: [Step; 8] = [
        Step::Fmt,
        Step::Clippy,
        Step::ClippyWasm,
        Step::Test,
        Step::Postgres,
        Step::Api,
        Step::Spa,
        Step::Browser,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Step::Fmt => "fmt",
            Step::Clippy => "clippy",
            Step::ClippyWasm => "clippy-wasm",
            Step::Test => "test",
            Step::Postgres => "postgres",
            Step::Api => "api",
            Step::Spa => "spa",
            Step::Browser => "browser",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Step::Fmt => "cargo fmt --all -- --check",
            Step::Clippy => {
                "cargo clippy on the host crates, all targets and features, -D warnings"
            }
            Step::ClippyWasm => "cargo clippy -p cebase-frontend --target wasm32-unknown-unknown",
            Step::Test => "cargo test: unit tests and the integration tests on SQLite",
            Step::Postgres => {
                "the integration and CLI tests (--test api, --test cli) on PostgreSQL"
            }
            Step::Api => {
                "schemathesis against a served instance: no 5xx, every status documented, bodies as documented"
            }
            Step::Spa => "trunk build --release of the SPA into frontend/dist",
            Step::Browser => "browser tests in headless Chromium against the built SPA",
        }
    }

    /// `--only clippy` selects `clippy` and `clippy-wasm`: a selector matches a step by name or
    /// as the part before a `-`.
    fn matches(self, selector: &str) -> bool {
        let name = self.name();
        name == selector
            || name
                .strip_prefix(selector)
                .is_some_and(|rest| rest.starts_with('-'))
    }
}

#[derive(Debug, Default)]
pub struct Options {
    pub no_browser: bool,
    pub no_postgres: bool,
    pub only: Vec<String>,
    pub fail_fast: bool,
}

enum Outcome {
    Pass,
    Fail(String),
    NotRun(String),
    Skipped(&'static str),
}

struct StepReport {
    step: Step,
    outcome: Outcome,
    duration: Option<Duration>,
    tests: Option<TestCounts>,
}

/// What steps learn from earlier ones.
struct Context<'a> {
    root: &'a Path,
    ci: bool,
    spa: Option<std::result::Result<PathBuf, String>>,
}

pub fn run(root: &Path, options: &Options) -> Result<ExitCode> {
    let ci = is_ci();
    if ci && (options.no_browser || options.no_postgres) {
        bail!("--no-browser and --no-postgres are refused under CI=true: CI runs everything");
    }
    let selected = select(options)?;
    tools::ensure_system_packages(true)?;

    let plan: Vec<&str> = selected
        .iter()
        .filter(|(_, skip)| skip.is_none())
        .map(|(step, _)| step.name())
        .collect();
    eprintln!(
        "xtask test: {}{}",
        plan.join(", "),
        if ci {
            " (CI=true: nothing may be skipped)"
        } else {
            ""
        }
    );

    let mut ctx = Context {
        root,
        ci,
        spa: None,
    };
    let mut reports = Vec::new();
    let mut failed_already = false;
    for (step, deselected) in selected {
        if let Some(reason) = deselected {
            reports.push(StepReport {
                step,
                outcome: Outcome::Skipped(reason),
                duration: None,
                tests: None,
            });
            continue;
        }
        if failed_already && options.fail_fast {
            reports.push(StepReport {
                step,
                outcome: Outcome::Skipped("--fail-fast after a failure"),
                duration: None,
                tests: None,
            });
            continue;
        }
        eprintln!(
            "\n{}",
            bold(&format!("==> {}: {}", step.name(), step.describe()))
        );
        let started = Instant::now();
        let (outcome, tests) = match run_step(step, &mut ctx) {
            Ok(result) => result,
            Err(error) => (Outcome::Fail(format!("{error:#}")), None),
        };
        let duration = match outcome {
            Outcome::NotRun(_) | Outcome::Skipped(_) => None,
            Outcome::Pass | Outcome::Fail(_) => Some(started.elapsed()),
        };
        failed_already |= matches!(outcome, Outcome::Fail(_));
        reports.push(StepReport {
            step,
            outcome,
            duration,
            tests,
        });
    }

    print!("{}", summary(&reports, ci));
    Ok(if failed_already {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Every step with the reason it is left out, if it is: `--only`, `--no-postgres`,
/// `--no-browser`.
fn select(options: &Options) -> Result<Vec<(Step, Option<&'static str>)>> {
    for selector in &options.only {
        if !Step::ALL.iter().any(|s| s.matches(selector)) {
            bail!(
                "unknown step `{selector}` for --only; the steps are: {}",
                step_names()
            );
        }
    }
    let deselected = |step: Step| {
        if !options.only.is_empty() && !options.only.iter().any(|sel| step.matches(sel)) {
            Some("not selected by --only")
        } else if options.no_postgres && step == Step::Postgres {
            Some("--no-postgres")
        } else if options.no_browser && matches!(step, Step::Spa | Step::Browser) {
            Some("--no-browser")
        } else {
            None
        }
    };
    // The browser tests need the SPA they test, built now.
    let browser_runs = deselected(Step::Browser).is_none();
    Ok(Step::ALL
        .iter()
        .map(|&step| {
            let skip = if step == Step::Spa && browser_runs {
                None
            } else {
                deselected(step)
            };
            (step, skip)
        })
        .collect())
}

pub fn step_names() -> String {
    Step::ALL.map(Step::name).join(", ")
}

fn run_step(step: Step, ctx: &mut Context<'_>) -> Result<(Outcome, Option<TestCounts>)> {
    let root = ctx.root;
    match step {
        Step::Fmt => status_outcome(Cmd::cargo().args(["fmt", "--all", "--", "--check"]), root),
        Step::Clippy => status_outcome(
            // `--workspace` ignores `default-members`, so the wasm-only frontend is excluded by
            // name; it gets its own step on its own target.
            Cmd::cargo().args([
                "clippy",
                "--workspace",
                "--exclude",
                "cebase-frontend",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ]),
            root,
        ),
        Step::ClippyWasm => {
            tools::ensure_wasm_target()?;
            status_outcome(
                Cmd::cargo().args([
                    "clippy",
                    "-p",
                    "cebase-frontend",
                    "--target",
                    tools::WASM_TARGET,
                    "--",
                    "-D",
                    "warnings",
                ]),
                root,
            )
        }
        Step::Test => counted_outcome(
            Cmd::cargo()
                .args(["test", "--workspace", "--exclude", "cebase-frontend"])
                // This leg is the SQLite one, whatever the caller's environment says.
                .env_remove("TEST_DATABASE_URL"),
            root,
        ),
        Step::Postgres => postgres(ctx),
        Step::Api => api(ctx),
        Step::Spa => {
            let built = spa::build(root).map_err(|e| format!("{e:#}"));
            let outcome = match &built {
                Ok(_) => Outcome::Pass,
                Err(e) => Outcome::Fail(e.clone()),
            };
            ctx.spa = Some(built);
            Ok((outcome, None))
        }
        Step::Browser => browser(ctx),
    }
}

fn postgres(ctx: &Context<'_>) -> Result<(Outcome, Option<TestCounts>)> {
    let url = std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| DEFAULT_TEST_DATABASE_URL.to_owned());
    let shown = redact_url(&url);
    if let Err(why) = reachable(&url) {
        let reason = format!("PostgreSQL at {shown} {why} (set TEST_DATABASE_URL to use another)");
        return Ok((missing(ctx.ci, reason), None));
    }
    counted_outcome(
        Cmd::cargo()
            .args([
                "test",
                "-p",
                "cebase-tests",
                "--test",
                "api",
                "-p",
                "cebase-api",
                "--test",
                "cli",
            ])
            .env_shown_as("TEST_DATABASE_URL", &url, &shown),
        ctx.root,
    )
}

fn api(ctx: &Context<'_>) -> Result<(Outcome, Option<TestCounts>)> {
    if let Err(e) = schemathesis::ensure_installed() {
        return Ok((
            missing(ctx.ci, format!("schemathesis cannot be installed: {e:#}")),
            None,
        ));
    }
    let passed = schemathesis::run(ctx.root)?;
    Ok((
        if passed {
            Outcome::Pass
        } else {
            Outcome::Fail("schemathesis found failures (listed above)".to_owned())
        },
        None,
    ))
}

fn browser(ctx: &Context<'_>) -> Result<(Outcome, Option<TestCounts>)> {
    let dist = match &ctx.spa {
        Some(Ok(dist)) => dist.clone(),
        Some(Err(_)) => return Ok((Outcome::NotRun("the SPA build failed".to_owned()), None)),
        None => spa::build(ctx.root)?,
    };
    let browser = match tools::find_browser() {
        Ok(found) => found,
        Err(missing_what) if ctx.ci => {
            eprintln!("xtask: {missing_what}; CI=true, so installing Chromium");
            tools::install_browser_with_apt()?;
            match tools::find_browser() {
                Ok(found) => found,
                Err(still) => bail!("after apt-get install: {still}"),
            }
        }
        Err(missing_what) => {
            let reason = format!(
                "{missing_what} (apt-get install chromium chromium-driver, \
                 or set CHROMIUM and CHROMEDRIVER)"
            );
            return Ok((missing(false, reason), None));
        }
    };
    counted_outcome(
        Cmd::cargo()
            .args([
                "test",
                "-p",
                "cebase-tests",
                "--features",
                "browser",
                "--test",
                "browser",
                "--",
                "--test-threads=1",
            ])
            .env("CEBASE_SPA_DIR", &dist)
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("CHROMIUM", &browser.chromium),
        ctx.root,
    )
}

/// A missing prerequisite: `NOT RUN` on a developer's machine, a failure in CI.
fn missing(ci: bool, reason: String) -> Outcome {
    if ci {
        Outcome::Fail(format!("{reason} — required under CI=true"))
    } else {
        Outcome::NotRun(reason)
    }
}

fn status_outcome(cmd: Cmd, root: &Path) -> Result<(Outcome, Option<TestCounts>)> {
    let status = cmd.current_dir(root).status()?;
    Ok((
        if status.success() {
            Outcome::Pass
        } else {
            Outcome::Fail(describe_status(status))
        },
        None,
    ))
}

fn counted_outcome(cmd: Cmd, root: &Path) -> Result<(Outcome, Option<TestCounts>)> {
    let (status, counts) = cmd.current_dir(root).run_counting_tests()?;
    if status.success() {
        Ok((Outcome::Pass, Some(counts)))
    } else if counts == TestCounts::default() {
        // Nothing reported a result: the tests did not build (or cargo failed before them).
        let why = format!("{}, no test ran (build error?)", describe_status(status));
        Ok((Outcome::Fail(why), None))
    } else {
        Ok((Outcome::Fail(describe_status(status)), Some(counts)))
    }
}

/// Whether a TCP connection to the server named in a `postgres://` URL can be opened.
pub fn reachable(url: &str) -> std::result::Result<(), String> {
    let (host, port) =
        host_port(url).ok_or_else(|| "is not a postgres://host:port URL".to_owned())?;
    let addrs = (host.as_str(), port)
        .to_socket_addrs()
        .map_err(|e| format!("cannot be resolved ({e})"))?;
    let mut last_error = "resolves to no address".to_owned();
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, Duration::from_secs(3)) {
            Ok(_) => return Ok(()),
            Err(e) => last_error = format!("is not reachable ({e})"),
        }
    }
    Err(last_error)
}

/// Host and port of `postgres://user:pass@host:port/db?...` (port 5432 when absent). The first
/// host of a multi-host URL; `None` for a URL without a host (a Unix socket).
fn host_port(url: &str) -> Option<(String, u16)> {
    let rest = url
        .strip_prefix("postgres://")
        .or_else(|| url.strip_prefix("postgresql://"))?;
    let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    let hosts = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let first = hosts.split(',').next()?;
    let (host, port) = if let Some(v6) = first.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match first.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (first, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port {
        Some(p) => p.parse().ok()?,
        None => 5432,
    };
    Some((host.to_owned(), port))
}

fn summary(reports: &[StepReport], ci: bool) -> String {
    // The result goes last: a NOT RUN or FAIL reason can be long and would push the other
    // columns off the screen.
    let rows: Vec<[String; 4]> = reports
        .iter()
        .map(|r| {
            let result = match &r.outcome {
                Outcome::Pass => "PASS".to_owned(),
                Outcome::Fail(why) => format!("FAIL: {why}"),
                Outcome::NotRun(why) => format!("NOT RUN: {why}"),
                Outcome::Skipped(why) => format!("skipped ({why})"),
            };
            let duration = r.duration.map_or_else(|| "-".to_owned(), format_duration);
            let tests = r.tests.map_or_else(String::new, |t| {
                format!(
                    "{} passed, {} failed, {} ignored",
                    t.passed, t.failed, t.ignored
                )
            });
            [r.step.name().to_owned(), duration, tests, result]
        })
        .collect();
    let header = ["step", "duration", "tests", "result"].map(str::to_owned);
    let mut widths = [0usize; 3];
    for row in std::iter::once(&header).chain(&rows) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }

    let mut out = String::new();
    let rule = "-".repeat(widths.iter().sum::<usize>() + 6 + "result".len() + 30);
    let _ = writeln!(out, "\n{rule}\ncargo xtask test — summary\n{rule}");
    for row in std::iter::once(&header).chain(&rows) {
        let [step, duration, tests, result] = row;
        let _ = writeln!(
            out,
            "{step:<w0$}  {duration:>w1$}  {tests:<w2$}  {result}",
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
        );
    }
    let _ = writeln!(out, "{rule}");

    let names = |pred: fn(&Outcome) -> bool| -> Vec<&str> {
        reports
            .iter()
            .filter(|r| pred(&r.outcome))
            .map(|r| r.step.name())
            .collect()
    };
    let failed = names(|o| matches!(o, Outcome::Fail(_)));
    let not_run = names(|o| matches!(o, Outcome::NotRun(_)));
    let skipped = names(|o| matches!(o, Outcome::Skipped(_)));
    if failed.is_empty() {
        let _ = writeln!(out, "RESULT: PASSED (everything that ran passed)");
    } else {
        let _ = writeln!(out, "RESULT: FAILED — {}", failed.join(", "));
    }
    if !not_run.is_empty() {
        let _ = writeln!(
            out,
            "NOT RUN: {} — this was not a full run (CI=true runs everything)",
            not_run.join(", ")
        );
    }
    if !skipped.is_empty() && !ci {
        let _ = writeln!(out, "Skipped on request: {}", skipped.join(", "));
    }

    let mut total = TestCounts::default();
    let mut any_tests = false;
    for counts in reports.iter().filter_map(|r| r.tests) {
        total.add(counts);
        any_tests = true;
    }
    if any_tests {
        // The last line, in the plain `N passed, N failed, N skipped` form CI logs are read
        // for; ignored tests are the skipped ones.
        let _ = writeln!(
            out,
            "tests: {} passed, {} failed, {} skipped",
            total.passed, total.failed, total.ignored
        );
    }
    out
}

fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1}s")
    } else {
        let whole = d.as_secs();
        format!("{}m{:02}s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_host_and_port() {
        assert_eq!(
            host_port("postgres://postgres@127.0.0.1:5432/postgres"),
            Some(("127.0.0.1".to_owned(), 5432))
        );
        assert_eq!(
            host_port("postgresql://u:p%40ss@db.example:6000/x?sslmode=disable"),
            Some(("db.example".to_owned(), 6000))
        );
        assert_eq!(host_port("postgres://db/x"), Some(("db".to_owned(), 5432)));
        assert_eq!(
            host_port("postgres://[::1]:5433/x"),
            Some(("::1".to_owned(), 5433))
        );
        assert_eq!(host_port("postgres://a:1,b:2/x"), Some(("a".to_owned(), 1)));
        assert_eq!(host_port("postgres:///x?host=/run/postgresql"), None);
        assert_eq!(host_port("sqlite://x"), None);
    }

    #[test]
    fn selectors_match_names_and_groups() {
        assert!(Step::Clippy.matches("clippy"));
        assert!(Step::ClippyWasm.matches("clippy"));
        assert!(Step::ClippyWasm.matches("clippy-wasm"));
        assert!(!Step::Clippy.matches("clippy-wasm"));
        assert!(!Step::Test.matches("tes"));
    }

    fn running(options: &Options) -> Vec<&'static str> {
        select(options)
            .expect("valid selection")
            .into_iter()
            .filter(|(_, skip)| skip.is_none())
            .map(|(step, _)| step.name())
            .collect()
    }

    #[test]
    fn selection_follows_the_flags() {
        assert_eq!(running(&Options::default()).len(), Step::ALL.len());
        let only = |steps: &[&str]| Options {
            only: steps.iter().map(|s| (*s).to_owned()).collect(),
            ..Options::default()
        };
        assert_eq!(running(&only(&["browser"])), ["spa", "browser"]);
        assert_eq!(
            running(&only(&["clippy", "fmt"])),
            ["fmt", "clippy", "clippy-wasm"]
        );
        let no_browser = Options {
            no_browser: true,
            no_postgres: true,
            ..Options::default()
        };
        assert_eq!(
            running(&no_browser),
            ["fmt", "clippy", "clippy-wasm", "test", "api"]
        );
        assert!(select(&only(&["nope"])).is_err());
    }

    #[test]
    fn summary_says_what_did_not_run() {
        let reports = vec![
            StepReport {
                step: Step::Fmt,
                outcome: Outcome::Pass,
                duration: Some(Duration::from_millis(1500)),
                tests: None,
            },
            StepReport {
                step: Step::Test,
                outcome: Outcome::Pass,
                duration: Some(Duration::from_secs(125)),
                tests: Some(TestCounts {
                    passed: 10,
                    failed: 0,
                    ignored: 1,
                }),
            },
            StepReport {
                step: Step::Postgres,
                outcome: Outcome::NotRun("PostgreSQL is not reachable".to_owned()),
                duration: None,
                tests: None,
            },
        ];
        let text = summary(&reports, false);
        assert!(text.contains("NOT RUN: PostgreSQL is not reachable"));
        assert!(text.contains("2m05s"));
        assert!(text.contains("RESULT: PASSED"));
        assert!(text.contains("NOT RUN: postgres — this was not a full run"));
        assert!(
            text.trim_end()
                .ends_with("tests: 10 passed, 0 failed, 1 skipped")
        );
    }
}
