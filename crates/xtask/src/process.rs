//! Running other programs: a thin [`Cmd`] wrapper over [`std::process::Command`] that echoes
//! what it runs, turns a non-zero exit into an error with the command line in it, and can copy a
//! `cargo test` run's output through while counting its test results. Also the few facts about
//! the environment every command needs (repository root, `cargo`, `PATH` look-ups, CI, root).

use std::ffi::{OsStr, OsString};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};

use anyhow::{Context, Result, bail};

/// A command to run, plus the human-readable line that is printed before it runs.
pub struct Cmd {
    inner: Command,
    shown_env: Vec<String>,
    shown_args: Vec<String>,
}

impl Cmd {
    pub fn new(program: impl AsRef<OsStr>) -> Self {
        let program = program.as_ref();
        Self {
            inner: Command::new(program),
            shown_env: Vec::new(),
            shown_args: vec![display_program(program)],
        }
    }

    /// `cargo` — the one that runs xtask, so a `rustup` override or `+toolchain` carries through.
    pub fn cargo() -> Self {
        let mut cmd = Self::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.shown_args = vec!["cargo".to_owned()];
        cmd
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.shown_args
            .push(arg.as_ref().to_string_lossy().into_owned());
        self.inner.arg(arg);
        self
    }

    /// Passes `arg` but shows `shown` in the echoed command line (for credentials).
    pub fn arg_shown_as(mut self, arg: impl AsRef<OsStr>, shown: &str) -> Self {
        self.shown_args.push(shown.to_owned());
        self.inner.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        for arg in args {
            self = self.arg(arg);
        }
        self
    }

    /// Sets a variable and shows it in the echoed command line.
    pub fn env(self, key: &str, value: impl AsRef<OsStr>) -> Self {
        let shown = value.as_ref().to_string_lossy().into_owned();
        self.env_shown_as(key, value, &shown)
    }

    /// Sets a variable but shows `shown` instead of its value (for URLs with passwords in them).
    pub fn env_shown_as(mut self, key: &str, value: impl AsRef<OsStr>, shown: &str) -> Self {
        self.shown_env.push(format!("{key}={shown}"));
        self.inner.env(key, value);
        self
    }

    /// Sets a variable without echoing it (long values such as `PATH`).
    pub fn env_quiet(mut self, key: &str, value: impl AsRef<OsStr>) -> Self {
        self.inner.env(key, value);
        self
    }

    pub fn env_remove(mut self, key: &str) -> Self {
        self.inner.env_remove(key);
        self
    }

    pub fn current_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.inner.current_dir(dir);
        self
    }

    /// Gives the child its own process group, so a Ctrl-C at the terminal reaches only xtask,
    /// which then decides what to pass on (see `run.rs`).
    pub fn own_process_group(mut self) -> Self {
        use std::os::unix::process::CommandExt;
        self.inner.process_group(0);
        self
    }

    /// The command line as printed: `KEY=value program arg ...`.
    pub fn display(&self) -> String {
        let mut parts = self.shown_env.clone();
        parts.extend(self.shown_args.iter().map(|a| shell_quote(a)));
        parts.join(" ")
    }

    fn echo(&self) {
        eprintln!("{}", bold(&format!("$ {}", self.display())));
    }

    /// Runs to completion with inherited stdio; a non-zero exit is an error.
    pub fn run(self) -> Result<()> {
        let shown = self.display();
        let status = self.status()?;
        if !status.success() {
            bail!("`{shown}` failed ({})", describe_status(status));
        }
        Ok(())
    }

    /// Runs to completion with inherited stdio and returns the exit status, whatever it is.
    pub fn status(mut self) -> Result<ExitStatus> {
        self.echo();
        self.inner
            .status()
            .with_context(|| format!("could not start `{}`", self.display()))
    }

    /// Runs quietly and returns stdout when the command succeeds, `None` when it cannot be
    /// started or fails. For probing (`tool --version`), not for real work.
    pub fn probe(mut self) -> Option<String> {
        let out = self
            .inner
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    /// Runs with stderr inherited and returns stdout; a non-zero exit is an error.
    pub fn read_stdout(mut self) -> Result<String> {
        self.echo();
        let out = self
            .inner
            .stderr(Stdio::inherit())
            .output()
            .with_context(|| format!("could not start `{}`", self.display()))?;
        if !out.status.success() {
            bail!(
                "`{}` failed ({})",
                self.display(),
                describe_status(out.status)
            );
        }
        String::from_utf8(out.stdout)
            .with_context(|| format!("`{}` printed non-UTF-8", self.display()))
    }

    /// Runs a `cargo test`, copying its stdout through line by line while adding up the
    /// `test result:` lines libtest prints per test binary.
    pub fn run_counting_tests(mut self) -> Result<(ExitStatus, TestCounts)> {
        self.echo();
        let mut child = self
            .inner
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start `{}`", self.display()))?;
        let mut counts = TestCounts::default();
        if let Some(stdout) = child.stdout.take() {
            let mut reader = BufReader::new(stdout);
            let mut out = std::io::stdout();
            let mut line = Vec::new();
            loop {
                line.clear();
                if reader.read_until(b'\n', &mut line)? == 0 {
                    break;
                }
                // A broken stdout (e.g. `| head`) must not abandon the child half-way.
                let _ = out.write_all(&line).and_then(|()| out.flush());
                counts.add_line(&String::from_utf8_lossy(&line));
            }
        }
        let status = child.wait()?;
        Ok((status, counts))
    }

    /// Starts the command and hands back the child (used by `run` to wait and forward signals).
    pub fn spawn(mut self) -> Result<Child> {
        self.echo();
        self.inner
            .spawn()
            .with_context(|| format!("could not start `{}`", self.display()))
    }
}

/// Test counts summed over the `test result: ...` lines of one or more `cargo test` runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TestCounts {
    pub passed: u64,
    pub failed: u64,
    pub ignored: u64,
}

impl TestCounts {
    /// Adds the numbers of one libtest summary line, e.g.
    /// `test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s`.
    fn add_line(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let mut words = part.split_whitespace().rev();
            let (Some(label), Some(number)) = (words.next(), words.next()) else {
                continue;
            };
            let Ok(n) = number.parse::<u64>() else {
                continue;
            };
            match label {
                "passed" => self.passed += n,
                "failed" => self.failed += n,
                "ignored" => self.ignored += n,
                _ => {}
            }
        }
    }

    pub fn add(&mut self, other: TestCounts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.ignored += other.ignored;
    }
}

/// `text` in bold when stderr is a terminal (where the echoed commands go), plain otherwise.
pub fn bold(text: &str) -> String {
    use std::io::IsTerminal;
    if std::io::stderr().is_terminal() {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// "exit status 101", "killed by signal 9".
pub fn describe_status(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exit status {code}"),
        (None, Some(signal)) => format!("killed by signal {signal}"),
        (None, None) => "unknown exit".to_owned(),
    }
}

/// The workspace root: two levels above this crate's manifest (`crates/xtask`).
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .ancestors()
        .nth(2)
        .map_or_else(|| manifest_dir.to_path_buf(), Path::to_path_buf)
}

/// `CI=true` (or `1`): GitHub, GitLab and our own `.ci/run` all set it. Nothing may be skipped.
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Whether we run as root (so `apt-get install` can work). Asks `id -u` rather than libc,
/// because the workspace forbids `unsafe`.
pub fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .probe()
        .is_some_and(|uid| uid.trim() == "0")
}

/// `PATH` with `first` put in front of the current one.
pub fn path_with_first(first: &[PathBuf]) -> Result<OsString> {
    let current = std::env::var_os("PATH").unwrap_or_default();
    let dirs = first.iter().cloned().chain(std::env::split_paths(&current));
    std::env::join_paths(dirs).context("a directory name cannot go into PATH")
}

/// Every executable called `name` in `path`, in search order.
pub fn find_all_in_path(name: &str, path: &OsStr) -> Vec<PathBuf> {
    std::env::split_paths(path)
        .map(|dir| dir.join(name))
        .filter(|candidate| is_executable(candidate))
        .collect()
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Replaces the password in `scheme://user:password@host/...` with `***` for display.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

fn display_program(program: &OsStr) -> String {
    // Show `trunk`, not `/root/.cargo/bin/trunk`, unless the path is what matters (repo-local).
    let path = Path::new(program);
    let repo = repo_root();
    match path.strip_prefix(&repo) {
        Ok(relative) => relative.display().to_string(),
        Err(_) => path
            .file_name()
            .map_or_else(|| program.to_string_lossy(), |n| n.to_string_lossy())
            .into_owned(),
    }
}

fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+%".contains(c));
    if plain {
        arg.to_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_libtest_summary_lines() {
        let mut counts = TestCounts::default();
        counts.add_line("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s\n");
        counts.add_line("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 5 filtered out; finished in 1.00s");
        counts.add_line("running 5 tests");
        assert_eq!(
            counts,
            TestCounts {
                passed: 15,
                failed: 2,
                ignored: 1
            }
        );
    }

    #[test]
    fn redacts_passwords_only() {
        assert_eq!(
            redact_url("postgres://cebase:s3cret@db:5432/cebase?sslmode=disable"),
            "postgres://cebase:***@db:5432/cebase?sslmode=disable"
        );
        assert_eq!(
            redact_url("postgres://postgres@127.0.0.1:5432/postgres"),
            "postgres://postgres@127.0.0.1:5432/postgres"
        );
        assert_eq!(
            redact_url("sqlite://data/x.sqlite?mode=rwc"),
            "sqlite://data/x.sqlite?mode=rwc"
        );
    }

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(shell_quote("--test-threads=1"), "--test-threads=1");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
