//! Configuration: defaults < optional TOML file < environment variables.
//!
//! Every setting is declared once, as a row of [`SETTINGS`] (`table.rs`): its TOML key,
//! environment variable, default, meaning, and the function that reads a value into
//! [`Settings`]. Everything else is read from that table: loading (the TOML keys and variables it
//! looks for), [`Settings::default`] (the rows' defaults, applied — so the documented default is
//! the default), `cebase --help` ([`settings_help`]) and the settings table of
//! `docs/operations.md` ([`settings_markdown`]; `cargo xtask openapi` rewrites it and a test fails
//! when it is stale). Secrets are never printed: [`Settings`]'s `Debug` redacts them.
//!
//! Why a table rather than clap's `env` attributes or figment: the TOML file has to sit between
//! the defaults and the environment, the tests load from an explicit environment
//! ([`Settings::load_from`]), several settings fill one domain value (`compliance`,
//! `plan_deadlines`, `reports`), and an invalid value has to be refused naming its variable. A row
//! with its own parsing function does all of that in plain code, without a second source of
//! defaults or a derive whose precedence has to be worked around. The [`Settings`] struct stays
//! the typed result the rest of the server reads.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use cebase_domain::certificate::NumberFormat;
use cebase_domain::learning::ComplianceRules;
use cebase_domain::plans::PlanDeadlines;

mod table;
#[cfg(test)]
mod tests;

pub use table::SETTINGS;

/// One setting: the single place that declares it.
pub struct Setting {
    /// Key in the TOML file.
    pub key: &'static str,
    /// Environment variable.
    pub env: &'static str,
    /// The default, as it would be written in the file or the variable (`""`: unset).
    pub default: &'static str,
    /// Explains the default in the documentation (`"14 days"`, or what unset means).
    pub note: &'static str,
    /// Meaning, in `--help` and `docs/operations.md` (Markdown backticks allowed).
    pub help: &'static str,
    /// Reads a trimmed value into the settings, or says why it is invalid.
    apply: fn(&mut Settings, &str) -> anyhow::Result<()>,
}

impl Setting {
    /// The default as documented: `` `900` ``, `` `1209600` (14 days) `` or the note alone.
    fn shown_default(&self, quote: &str) -> String {
        match (self.default, self.note) {
            ("", note) => note.to_owned(),
            (value, "") => format!("{quote}{value}{quote}"),
            (value, note) => format!("{quote}{value}{quote} ({note})"),
        }
    }
}

/// Renders [`SETTINGS`] for `--help`.
pub fn settings_help() -> String {
    let mut out = String::from(
        "Settings (defaults < TOML file from --config / CEBASE_CONFIG < environment):\n",
    );
    for s in SETTINGS {
        out.push_str(&format!(
            "  {:<38} {}\n  {:<38}   default: {}\n",
            s.env,
            s.help,
            "",
            match s.default {
                "" => format!("({})", s.note),
                _ => s.shown_default(""),
            }
        ));
    }
    out
}

/// Renders [`SETTINGS`] as the Markdown table of `docs/operations.md`.
pub fn settings_markdown() -> String {
    let mut out = String::from(
        "| environment variable | TOML key | default | meaning |\n|---|---|---|---|\n",
    );
    for s in SETTINGS {
        out.push_str(&format!(
            "| `{}` | `{}` | {} | {} |\n",
            s.env,
            s.key,
            s.shown_default("`"),
            s.help
        ));
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// The loaded settings, as the server reads them; each field is filled by its row (or, for
/// `compliance`, `plan_deadlines` and `reports`, rows) of [`SETTINGS`].
#[derive(Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub database_max_connections: u32,
    /// Where the server writes files (the first-start password file).
    pub data_dir: PathBuf,
    pub spa_dir: Option<PathBuf>,
    pub jwt_secret: Option<String>,
    /// The bearer token `GET /metrics` requires; unset, the endpoint is off (404).
    pub metrics_token: Option<String>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    pub login_max_failures_per_account: u64,
    pub login_max_failures_per_ip: u64,
    pub login_window_secs: u64,
    /// Seconds between two housekeeping passes (see `crate::housekeeping`).
    pub prune_interval_secs: u64,
    /// argon2 computations at once (`crate::auth::password::Hashing`).
    pub password_hash_concurrency: usize,
    /// Proxies believed about the client's address (`crate::client_address`).
    pub trusted_proxies: crate::client_address::TrustedProxies,
    pub forwarded_header: crate::client_address::ForwardedHeader,
    /// Signing key and file of the audit chain's checkpoints (see `crate::audit_checkpoint`);
    /// `None` when checkpoints are off.
    pub audit_checkpoint_key: Option<PathBuf>,
    pub audit_checkpoint_file: Option<PathBuf>,
    pub audit_checkpoint_interval_secs: u64,
    pub cors_origins: Vec<String>,
    pub max_body_bytes: usize,
    pub import_max_bytes: usize,
    pub import_background_rows: u32,
    /// How long a background job stays claimed without renewal (see `crate::job_leases`).
    pub job_lease_secs: u32,
    /// Largest accepted lecture-material file in bytes.
    pub materials_max_bytes: usize,
    /// The annual requirement of continuing education (hours and professional share).
    pub compliance: ComplianceRules,
    /// The CJK font certificate PDFs embed (a subset of), and its face in a collection.
    pub certificate_font: PathBuf,
    pub certificate_font_index: u32,
    /// The algorithm certificates' credentials are signed with.
    pub credential_signing_alg: crate::credentials::Algorithm,
    // --- certificates (Art. 9) ---
    pub certificate_number_pattern: String,
    pub certificate_base_code: String,
    /// Parsed from the pattern and base code when the settings are loaded.
    pub certificate_numbers: NumberFormat,
    pub certificate_issuer: String,
    /// Without a trailing `/`.
    pub public_base_url: String,
    pub certificate_verify_max_failures_per_ip: u64,
    /// Certificates cached for public verification (0: none).
    pub certificate_verify_cache_entries: usize,
    /// Milliseconds between two reads of other instances' revocations.
    pub certificate_verify_sync_ms: u64,
    // --- end certificates ---
    /// Deadlines of the annual plan (Art. 8).
    pub plan_deadlines: PlanDeadlines,
    pub plan_scan_max_bytes: usize,
    /// Reports (Art. 16-18): class report due days and follow-up delay.
    pub reports: cebase_domain::reports::ReportSettings,
    pub log: String,
    pub log_format: LogFormat,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("spa_dir", &self.spa_dir)
            .field(
                "jwt_secret",
                &self.jwt_secret.as_ref().map(|_| "<redacted>"),
            )
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "<redacted>"),
            )
            .field("access_token_ttl_secs", &self.access_token_ttl_secs)
            .finish_non_exhaustive()
    }
}

/// Hides a password in a database URL (`postgres://user:secret@host` → `postgres://user:***@host`).
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Default for Settings {
    /// Every row's default, applied.
    fn default() -> Self {
        Self::assemble(&HashMap::new()).expect("the declared defaults are valid")
    }
}

impl Settings {
    /// Loads defaults, then `file` (if any), then the process environment.
    pub fn load(file: Option<&Path>) -> anyhow::Result<Self> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Self::load_from(file, &env)
    }

    /// Like [`Settings::load`] with an explicit environment (testable).
    pub fn load_from(file: Option<&Path>, env: &HashMap<String, String>) -> anyhow::Result<Self> {
        let mut values: HashMap<&'static str, String> = HashMap::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read configuration file {}", path.display()))?;
            let table: toml::Table = text
                .parse()
                .with_context(|| format!("{} is not valid TOML", path.display()))?;
            for (key, value) in table {
                let row = SETTINGS
                    .iter()
                    .find(|s| s.key == key)
                    .with_context(|| format!("unknown setting `{key}` in {}", path.display()))?;
                let text = match value {
                    toml::Value::String(s) => s,
                    toml::Value::Array(items) => items
                        .iter()
                        .map(|v| {
                            v.as_str()
                                .map(str::to_owned)
                                .unwrap_or_else(|| v.to_string())
                        })
                        .collect::<Vec<_>>()
                        .join(","),
                    other => other.to_string(),
                };
                values.insert(row.key, text);
            }
        }
        for s in SETTINGS {
            if let Some(v) = env.get(s.env) {
                values.insert(s.key, v.clone());
            }
        }
        Self::assemble(&values)
    }

    /// Every row's value from `values` (by key), or its default; then the checks that involve
    /// several settings.
    fn assemble(values: &HashMap<&'static str, String>) -> anyhow::Result<Self> {
        let mut settings = table::unset();
        for row in SETTINGS {
            let raw = values.get(row.key).map_or(row.default, String::as_str);
            settings
                .apply(row.key, raw)
                .with_context(|| format!("invalid value for {} ({})", row.key, row.env))?;
        }
        settings.certificate_numbers = NumberFormat::parse(
            &settings.certificate_number_pattern,
            &settings.certificate_base_code,
        )
        .map_err(anyhow::Error::msg)
        .context("invalid certificate number format (CEBASE_CERTIFICATE_NUMBER_PATTERN, CEBASE_CERTIFICATE_BASE_CODE)")?;
        settings.check()?;
        Ok(settings)
    }

    /// Reads `raw` (trimmed) into the setting whose TOML key is `key`.
    fn apply(&mut self, key: &str, raw: &str) -> anyhow::Result<()> {
        match SETTINGS.iter().find(|s| s.key == key) {
            Some(row) => (row.apply)(self, raw.trim()),
            None => bail!("unknown setting"),
        }
    }

    /// A warning when credentials and QR codes would carry a loopback address although the
    /// server listens for other machines: `CEBASE_PUBLIC_BASE_URL` was most likely forgotten.
    pub fn public_address_warning(&self) -> Option<String> {
        let host = self
            .public_base_url
            .split_once("://")
            .map_or("", |(_, rest)| rest)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or("");
        // `[::1]:8080`, `127.0.0.1:8080`, `localhost`
        let host = match host.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => host.rsplit_once(':').map_or(host, |(h, _)| h),
        };
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        (loopback && !self.bind.ip().is_loopback()).then(|| {
            format!(
                "CEBASE_PUBLIC_BASE_URL is {} (a loopback address) while the server listens on {}: \
                 every certificate's credential and QR code would point there; \
                 set CEBASE_PUBLIC_BASE_URL to the site's public address",
                self.public_base_url, self.bind
            )
        })
    }

    fn check(&self) -> anyhow::Result<()> {
        if !(60..=900).contains(&self.access_token_ttl_secs) {
            bail!(
                "CEBASE_ACCESS_TOKEN_TTL_SECS must be between 60 and 900 (access tokens are short-lived)"
            );
        }
        if self.refresh_token_ttl_secs < self.access_token_ttl_secs {
            bail!(
                "CEBASE_REFRESH_TOKEN_TTL_SECS must not be shorter than the access-token lifetime"
            );
        }
        if let Some(secret) = &self.jwt_secret
            && secret.len() < 32
        {
            bail!("CEBASE_JWT_SECRET must be at least 32 bytes");
        }
        if let Some(token) = &self.metrics_token
            && token.len() < 16
        {
            bail!("CEBASE_METRICS_TOKEN must be at least 16 characters");
        }
        if self.login_max_failures_per_account == 0 || self.login_max_failures_per_ip == 0 {
            bail!("login failure limits must be at least 1");
        }
        if self.database_max_connections == 0 {
            bail!("CEBASE_DATABASE_MAX_CONNECTIONS must be at least 1");
        }
        Ok(())
    }
}
