//! Configuration: defaults < optional TOML file < environment variables.
//!
//! Every setting is declared once in [`SETTINGS`] (name, environment variable, default, meaning);
//! `cebase --help` prints that table and `docs/operations.md` mirrors it. Secrets are never
//! printed: [`Settings`]'s `Debug` redacts them.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use cebase_domain::certificate::{DEFAULT_BASE_CODE, DEFAULT_NUMBER_PATTERN, NumberFormat};
use cebase_domain::learning::{ComplianceRules, CreditTenths};
use cebase_domain::plans::{MonthDay, PlanDeadlines};

/// One documented setting.
pub struct SettingDoc {
    /// Key in the TOML file.
    pub key: &'static str,
    pub env: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

pub const SETTINGS: &[SettingDoc] = &[
    SettingDoc {
        key: "bind",
        env: "CEBASE_BIND",
        default: "127.0.0.1:8080",
        help: "address and port to listen on",
    },
    SettingDoc {
        key: "database_url",
        env: "DATABASE_URL",
        default: "sqlite://data/cebase.sqlite?mode=rwc",
        help: "sqlite://FILE?mode=rwc or postgres://USER@HOST/DB",
    },
    SettingDoc {
        key: "database_max_connections",
        env: "CEBASE_DATABASE_MAX_CONNECTIONS",
        default: "10",
        help: "connection pool size",
    },
    SettingDoc {
        key: "spa_dir",
        env: "CEBASE_SPA_DIR",
        default: "(none: API only)",
        help: "directory of the built SPA to serve at /",
    },
    SettingDoc {
        key: "jwt_secret",
        env: "CEBASE_JWT_SECRET",
        default: "(generated on first start, kept in the database)",
        help: "HS256 signing key, at least 32 bytes; share it between instances",
    },
    SettingDoc {
        key: "jwt_issuer",
        env: "CEBASE_JWT_ISSUER",
        default: "cebase",
        help: "`iss` of access tokens",
    },
    SettingDoc {
        key: "jwt_audience",
        env: "CEBASE_JWT_AUDIENCE",
        default: "cebase-api",
        help: "`aud` of access tokens",
    },
    SettingDoc {
        key: "access_token_ttl_secs",
        env: "CEBASE_ACCESS_TOKEN_TTL_SECS",
        default: "900",
        help: "access-token lifetime, 60..=900 seconds",
    },
    SettingDoc {
        key: "refresh_token_ttl_secs",
        env: "CEBASE_REFRESH_TOKEN_TTL_SECS",
        default: "1209600",
        help: "refresh-token lifetime in seconds (14 days)",
    },
    SettingDoc {
        key: "login_max_failures_per_account",
        env: "CEBASE_LOGIN_MAX_FAILURES_PER_ACCOUNT",
        default: "5",
        help: "failed logins per account within the window before 429",
    },
    SettingDoc {
        key: "login_max_failures_per_ip",
        env: "CEBASE_LOGIN_MAX_FAILURES_PER_IP",
        default: "20",
        help: "failed logins per client address within the window before 429",
    },
    SettingDoc {
        key: "login_window_secs",
        env: "CEBASE_LOGIN_WINDOW_SECS",
        default: "900",
        help: "throttling window in seconds",
    },
    SettingDoc {
        key: "trust_forwarded_for",
        env: "CEBASE_TRUST_FORWARDED_FOR",
        default: "false",
        help: "take the client address from X-Forwarded-For (only behind a trusted proxy)",
    },
    SettingDoc {
        key: "cors_origins",
        env: "CEBASE_CORS_ORIGINS",
        default: "(empty: same origin only)",
        help: "comma-separated origins allowed to call the API from a browser",
    },
    SettingDoc {
        key: "max_body_bytes",
        env: "CEBASE_MAX_BODY_BYTES",
        default: "1048576",
        help: "largest accepted JSON body",
    },
    SettingDoc {
        key: "import_max_bytes",
        env: "CEBASE_IMPORT_MAX_BYTES",
        default: "52428800",
        help: "largest accepted bulk-import file (CSV or xlsx; 50 MiB holds well over 100 000 rows)",
    },
    SettingDoc {
        key: "import_background_rows",
        env: "CEBASE_IMPORT_BACKGROUND_ROWS",
        default: "1000",
        help: "imports with more data rows run as background jobs (202, poll GET /imports/{id})",
    },
    // --- materials3: lecture materials ---
    SettingDoc {
        key: "materials_max_bytes",
        env: "CEBASE_MATERIALS_MAX_BYTES",
        default: "20971520",
        help: "largest accepted lecture-material file (20 MiB); larger uploads get 413 and nothing is stored",
    },
    SettingDoc {
        key: "compliance_annual_hours",
        env: "CEBASE_COMPLIANCE_ANNUAL_HOURS",
        default: "90",
        help: "continuing-education credit hours a person needs per year (MOHRSS Decree No. 25)",
    },
    SettingDoc {
        key: "compliance_professional_share",
        env: "CEBASE_COMPLIANCE_PROFESSIONAL_SHARE",
        default: "2/3",
        help: "share of the annual hours that must be professional subjects, a fraction n/d",
    },
    // --- certificates: credentials and PDF ---
    SettingDoc {
        key: "certificate_font",
        env: "CEBASE_CERTIFICATE_FONT",
        default: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        help: "CJK font for the PDFs (certificates, annual plans, class reports) (.ttf/.otf, or a .ttc collection; Debian: fonts-wqy-microhei)",
    },
    SettingDoc {
        key: "certificate_font_index",
        env: "CEBASE_CERTIFICATE_FONT_INDEX",
        default: "0",
        help: "face of the certificate font to use when it is a .ttc collection",
    },
    SettingDoc {
        key: "credential_signing_alg",
        env: "CEBASE_CREDENTIAL_SIGNING_ALG",
        default: "EdDSA",
        help: "algorithm signing certificates' verifiable credentials: EdDSA (Ed25519) or RS256; both keys are published",
    },
    // --- certificates (Art. 9) ---
    SettingDoc {
        key: "certificate_number_pattern",
        env: "CEBASE_CERTIFICATE_NUMBER_PATTERN",
        default: "{base}{year}{seq:06}",
        help: "certificate numbers: {base}, {year} and {seq:0N} (N digits) once each, literal A-Z 0-9 -",
    },
    SettingDoc {
        key: "certificate_base_code",
        env: "CEBASE_CERTIFICATE_BASE_CODE",
        default: "CEB",
        help: "the base code in certificate numbers (1-16 ASCII letters, digits, -)",
    },
    SettingDoc {
        key: "certificate_issuer",
        env: "CEBASE_CERTIFICATE_ISSUER",
        default: "国家级专业技术人员继续教育基地",
        help: "the base's name: issuer of certificates (and in public verification), heading of the plan and report PDFs",
    },
    SettingDoc {
        key: "public_base_url",
        env: "CEBASE_PUBLIC_BASE_URL",
        default: "http://127.0.0.1:8080",
        help: "public address of the site, for verification links (QR codes) and status lists",
    },
    SettingDoc {
        key: "certificate_verify_max_failures_per_ip",
        env: "CEBASE_CERTIFICATE_VERIFY_MAX_FAILURES_PER_IP",
        default: "30",
        help: "failed public verifications per client address within the login window before 429",
    },
    SettingDoc {
        key: "certificate_verify_cache_entries",
        env: "CEBASE_CERTIFICATE_VERIFY_CACHE_ENTRIES",
        default: "100000",
        help: "certificates public verification keeps in memory per instance (0: read the database every time)",
    },
    SettingDoc {
        key: "certificate_verify_sync_ms",
        env: "CEBASE_CERTIFICATE_VERIFY_SYNC_MS",
        default: "1000",
        help: "how often each instance reads revocations made by other instances (the longest a revocation elsewhere takes to show here)",
    },
    // --- end certificates ---
    // --- plans (Art. 8) ---
    SettingDoc {
        key: "plan_miit_deadline",
        env: "CEBASE_PLAN_MIIT_DEADLINE",
        default: "12-10",
        help: "MM-DD of year Y-1 before which the plan for Y is submitted to MIIT (Asia/Shanghai; on that day it is late)",
    },
    SettingDoc {
        key: "plan_mohrss_deadline",
        env: "CEBASE_PLAN_MOHRSS_DEADLINE",
        default: "12-31",
        help: "MM-DD of year Y-1 before which the plan for Y is filed with MOHRSS (Asia/Shanghai)",
    },
    SettingDoc {
        key: "plan_scan_max_bytes",
        env: "CEBASE_PLAN_SCAN_MAX_BYTES",
        default: "10485760",
        help: "largest accepted scan of an authority's paper reply (PDF, JPEG or PNG)",
    },
    // --- reports (Art. 16-18) ---
    SettingDoc {
        key: "class_report_due_days",
        env: "CEBASE_CLASS_REPORT_DUE_DAYS",
        default: "30",
        help: "days after a class's last day within which its summary report is filed with the provincial HR department (Art. 18)",
    },
    SettingDoc {
        key: "follow_up_months",
        env: "CEBASE_FOLLOW_UP_MONTHS",
        default: "3",
        help: "months after a class's last day when follow-up feedback from trainees and employers opens (Art. 17)",
    },
    SettingDoc {
        key: "log",
        env: "CEBASE_LOG",
        default: "info",
        help: "log filter (tracing EnvFilter syntax)",
    },
    SettingDoc {
        key: "log_format",
        env: "CEBASE_LOG_FORMAT",
        default: "text",
        help: "text or json",
    },
];

/// Renders [`SETTINGS`] for `--help`.
pub fn settings_help() -> String {
    let mut out = String::from(
        "Settings (defaults < TOML file from --config / CEBASE_CONFIG < environment):\n",
    );
    for s in SETTINGS {
        out.push_str(&format!(
            "  {:<38} {}\n  {:<38}   default: {}\n",
            s.env, s.help, "", s.default
        ));
    }
    out
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub database_max_connections: u32,
    pub spa_dir: Option<PathBuf>,
    pub jwt_secret: Option<String>,
    pub jwt_issuer: String,
    pub jwt_audience: String,
    pub access_token_ttl_secs: u64,
    pub refresh_token_ttl_secs: u64,
    pub login_max_failures_per_account: u64,
    pub login_max_failures_per_ip: u64,
    pub login_window_secs: u64,
    pub trust_forwarded_for: bool,
    pub cors_origins: Vec<String>,
    pub max_body_bytes: usize,
    pub import_max_bytes: usize,
    pub import_background_rows: u32,
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
    fn default() -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: "sqlite://data/cebase.sqlite?mode=rwc".into(),
            database_max_connections: 10,
            spa_dir: None,
            jwt_secret: None,
            jwt_issuer: "cebase".into(),
            jwt_audience: "cebase-api".into(),
            access_token_ttl_secs: 900,
            refresh_token_ttl_secs: 14 * 24 * 3600,
            login_max_failures_per_account: 5,
            login_max_failures_per_ip: 20,
            login_window_secs: 900,
            trust_forwarded_for: false,
            cors_origins: Vec::new(),
            max_body_bytes: 1024 * 1024,
            import_max_bytes: 50 * 1024 * 1024,
            import_background_rows: 1000,
            materials_max_bytes: 20 * 1024 * 1024,
            compliance: ComplianceRules::default(),
            certificate_font: PathBuf::from("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            certificate_font_index: 0,
            credential_signing_alg: crate::credentials::Algorithm::EdDSA,
            certificate_number_pattern: DEFAULT_NUMBER_PATTERN.into(),
            certificate_base_code: DEFAULT_BASE_CODE.into(),
            certificate_numbers: NumberFormat::default(),
            certificate_issuer: "国家级专业技术人员继续教育基地".into(),
            public_base_url: "http://127.0.0.1:8080".into(),
            certificate_verify_max_failures_per_ip: 30,
            certificate_verify_cache_entries: 100_000,
            certificate_verify_sync_ms: 1000,
            plan_deadlines: PlanDeadlines::default(),
            plan_scan_max_bytes: 10 * 1024 * 1024,
            reports: cebase_domain::reports::ReportSettings::default(),
            log: "info".into(),
            log_format: LogFormat::Text,
        }
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
                let doc = SETTINGS
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
                values.insert(doc.key, text);
            }
        }
        for s in SETTINGS {
            if let Some(v) = env.get(s.env) {
                values.insert(s.key, v.clone());
            }
        }
        let mut settings = Settings::default();
        for (key, raw) in values {
            settings.apply(key, &raw).with_context(|| {
                let env = SETTINGS.iter().find(|s| s.key == key).map_or("", |s| s.env);
                format!("invalid value for {key} ({env})")
            })?;
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

    fn apply(&mut self, key: &str, raw: &str) -> anyhow::Result<()> {
        let raw = raw.trim();
        match key {
            "bind" => {
                self.bind = raw
                    .parse()
                    .context("expected HOST:PORT, e.g. 127.0.0.1:8080")?
            }
            "database_url" => self.database_url = raw.to_owned(),
            "database_max_connections" => self.database_max_connections = raw.parse()?,
            "spa_dir" => self.spa_dir = (!raw.is_empty()).then(|| PathBuf::from(raw)),
            "jwt_secret" => self.jwt_secret = (!raw.is_empty()).then(|| raw.to_owned()),
            "jwt_issuer" => self.jwt_issuer = raw.to_owned(),
            "jwt_audience" => self.jwt_audience = raw.to_owned(),
            "access_token_ttl_secs" => self.access_token_ttl_secs = raw.parse()?,
            "refresh_token_ttl_secs" => self.refresh_token_ttl_secs = raw.parse()?,
            "login_max_failures_per_account" => {
                self.login_max_failures_per_account = raw.parse()?
            }
            "login_max_failures_per_ip" => self.login_max_failures_per_ip = raw.parse()?,
            "login_window_secs" => self.login_window_secs = raw.parse()?,
            "trust_forwarded_for" => self.trust_forwarded_for = parse_bool(raw)?,
            "cors_origins" => {
                self.cors_origins = raw
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
            "max_body_bytes" => self.max_body_bytes = raw.parse()?,
            "compliance_annual_hours" => {
                let hours: u32 = raw.parse()?;
                if !(1..=CreditTenths::MAX_COURSE_HOURS).contains(&hours) {
                    bail!("expected whole hours between 1 and 1000");
                }
                self.compliance.annual_hours = CreditTenths::from_hours(hours);
            }
            "compliance_professional_share" => {
                let (n, d) = ComplianceRules::parse_share(raw).map_err(anyhow::Error::msg)?;
                self.compliance.professional_numerator = n;
                self.compliance.professional_denominator = d;
            }
            "import_max_bytes" => self.import_max_bytes = raw.parse()?,
            "import_background_rows" => self.import_background_rows = raw.parse()?,
            "certificate_font" => {
                if raw.is_empty() {
                    bail!("expected the path of a font file");
                }
                self.certificate_font = PathBuf::from(raw)
            }
            "certificate_font_index" => self.certificate_font_index = raw.parse()?,
            "credential_signing_alg" => {
                self.credential_signing_alg = crate::credentials::Algorithm::parse(raw)?
            }
            "materials_max_bytes" => self.materials_max_bytes = raw.parse()?,
            // --- certificates ---
            "certificate_number_pattern" => self.certificate_number_pattern = raw.to_owned(),
            "certificate_base_code" => self.certificate_base_code = raw.to_owned(),
            "certificate_issuer" => {
                if raw.is_empty() {
                    bail!("the issuer name must not be empty");
                }
                self.certificate_issuer = raw.to_owned()
            }
            "public_base_url" => {
                if !(raw.starts_with("http://") || raw.starts_with("https://")) {
                    bail!("expected an http:// or https:// URL");
                }
                self.public_base_url = raw.trim_end_matches('/').to_owned()
            }
            "certificate_verify_max_failures_per_ip" => {
                self.certificate_verify_max_failures_per_ip = raw.parse()?
            }
            "certificate_verify_cache_entries" => {
                self.certificate_verify_cache_entries = raw.parse()?
            }
            "certificate_verify_sync_ms" => {
                let ms: u64 = raw.parse()?;
                if !(10..=60_000).contains(&ms) {
                    bail!("expected 10 to 60000 milliseconds");
                }
                self.certificate_verify_sync_ms = ms
            }
            "plan_miit_deadline" => {
                self.plan_deadlines.miit_submission =
                    MonthDay::parse(raw).map_err(anyhow::Error::msg)?
            }
            "plan_mohrss_deadline" => {
                self.plan_deadlines.mohrss_filing =
                    MonthDay::parse(raw).map_err(anyhow::Error::msg)?
            }
            "plan_scan_max_bytes" => self.plan_scan_max_bytes = raw.parse()?,
            "class_report_due_days" => {
                self.reports.class_report_due_days = raw.parse()?;
                anyhow::ensure!(
                    (1..=3650).contains(&self.reports.class_report_due_days),
                    "class_report_due_days must be 1-3650"
                );
            }
            "follow_up_months" => {
                self.reports.follow_up_months = raw.parse()?;
                anyhow::ensure!(
                    (1..=60).contains(&self.reports.follow_up_months),
                    "follow_up_months must be 1-60"
                );
            }
            "log" => self.log = raw.to_owned(),
            "log_format" => {
                self.log_format = match raw {
                    "text" => LogFormat::Text,
                    "json" => LogFormat::Json,
                    _ => bail!("expected text or json"),
                }
            }
            _ => bail!("unknown setting"),
        }
        Ok(())
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
        if self.login_max_failures_per_account == 0 || self.login_max_failures_per_ip == 0 {
            bail!("login failure limits must be at least 1");
        }
        if self.database_max_connections == 0 {
            bail!("CEBASE_DATABASE_MAX_CONNECTIONS must be at least 1");
        }
        Ok(())
    }
}

fn parse_bool(raw: &str) -> anyhow::Result<bool> {
    match raw.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("expected true or false"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        let dir = std::env::temp_dir().join(format!("cebase-config-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("cebase.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\nlogin_window_secs = 60\ncors_origins = [\"https://a.example\"]\n")
            .expect("write");
        let s = Settings::load_from(Some(&file), &env(&[("CEBASE_LOGIN_WINDOW_SECS", "120")]))
            .expect("loads");
        assert_eq!(s.bind.port(), 9000);
        assert_eq!(s.login_window_secs, 120);
        assert_eq!(s.cors_origins, vec!["https://a.example".to_owned()]);
        assert_eq!(s.access_token_ttl_secs, 900);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = Settings::load_from(None, &env(&[("CEBASE_ACCESS_TOKEN_TTL_SECS", "3600")]))
            .expect_err("refused");
        assert!(
            err.to_string().contains("CEBASE_ACCESS_TOKEN_TTL_SECS"),
            "{err}"
        );
        let err =
            Settings::load_from(None, &env(&[("CEBASE_BIND", "nowhere")])).expect_err("refused");
        assert!(format!("{err:#}").contains("CEBASE_BIND"), "{err:#}");
        let err = Settings::load_from(None, &env(&[("CEBASE_JWT_SECRET", "short")]))
            .expect_err("refused");
        assert!(err.to_string().contains("32 bytes"));
    }

    #[test]
    fn compliance_thresholds_are_configurable() {
        let s = Settings::load_from(
            None,
            &env(&[
                ("CEBASE_COMPLIANCE_ANNUAL_HOURS", "72"),
                ("CEBASE_COMPLIANCE_PROFESSIONAL_SHARE", "1/2"),
            ]),
        )
        .expect("loads");
        assert_eq!(s.compliance.annual_hours, CreditTenths::from_hours(72));
        assert_eq!(
            (
                s.compliance.professional_numerator,
                s.compliance.professional_denominator
            ),
            (1, 2)
        );
        assert_eq!(
            Settings::default().compliance,
            ComplianceRules::default(),
            "90 hours, two thirds"
        );
        let err = Settings::load_from(
            None,
            &env(&[("CEBASE_COMPLIANCE_PROFESSIONAL_SHARE", "3/2")]),
        )
        .expect_err("refused");
        assert!(
            format!("{err:#}").contains("CEBASE_COMPLIANCE_PROFESSIONAL_SHARE"),
            "{err:#}"
        );
        assert!(
            Settings::load_from(None, &env(&[("CEBASE_COMPLIANCE_ANNUAL_HOURS", "0")])).is_err()
        );
    }

    #[test]
    fn the_certificate_number_format_is_checked_at_load() {
        let s = Settings::load_from(
            None,
            &env(&[
                (
                    "CEBASE_CERTIFICATE_NUMBER_PATTERN",
                    "{base}-{year}-{seq:05}",
                ),
                ("CEBASE_CERTIFICATE_BASE_CODE", "GJ"),
            ]),
        )
        .expect("loads");
        assert_eq!(
            s.certificate_numbers
                .number(2026, 42)
                .expect("fits")
                .to_string(),
            "GJ-2026-00042"
        );
        let err = Settings::load_from(
            None,
            &env(&[("CEBASE_CERTIFICATE_NUMBER_PATTERN", "{base}{seq:06}")]),
        )
        .expect_err("refused");
        let text = format!("{err:#}");
        assert!(
            text.contains("CEBASE_CERTIFICATE_NUMBER_PATTERN") && text.contains("{year}"),
            "{text}"
        );
        assert_eq!(
            Settings::default()
                .certificate_numbers
                .number(2026, 1)
                .expect("fits")
                .to_string(),
            "CEB2026000001"
        );
    }

    #[test]
    fn plan_deadlines_are_configurable() {
        let s = Settings::load_from(None, &env(&[("CEBASE_PLAN_MIIT_DEADLINE", "11-30")]))
            .expect("loads");
        assert_eq!(
            s.plan_deadlines
                .deadline(cebase_domain::plans::PlanStep::MiitSubmission, 2026),
            chrono::NaiveDate::from_ymd_opt(2025, 11, 30).expect("date")
        );
        let err = Settings::load_from(None, &env(&[("CEBASE_PLAN_MOHRSS_DEADLINE", "02-29")]))
            .expect_err("refused");
        assert!(
            format!("{err:#}").contains("CEBASE_PLAN_MOHRSS_DEADLINE"),
            "{err:#}"
        );
    }

    #[test]
    fn debug_output_hides_secrets() {
        let s = Settings {
            jwt_secret: Some("x".repeat(40)),
            database_url: "postgres://cebase:hunter2@db/cebase".into(),
            ..Settings::default()
        };
        let printed = format!("{s:?}");
        assert!(
            !printed.contains("hunter2") && !printed.contains(&"x".repeat(40)),
            "{printed}"
        );
    }

    #[test]
    fn every_setting_is_documented_and_applicable() {
        for doc in SETTINGS {
            assert!(settings_help().contains(doc.env));
            // Every key is known to `apply` (a value of the wrong type fails differently).
            let mut s = Settings::default();
            if let Err(e) = s.apply(doc.key, "") {
                assert!(!e.to_string().contains("unknown setting"), "{}", doc.key);
            }
        }
    }
}
