//! [`SETTINGS`]: every setting, declared once — its TOML key, environment variable, default,
//! meaning and how a value is read into [`Settings`].

use anyhow::{Context, bail};
use cebase_domain::learning::{ComplianceRules, CreditTenths};
use cebase_domain::plans::MonthDay;

use super::{LogFormat, Setting, Settings};
use crate::client_address::{ForwardedHeader, TrustedProxies};
use crate::credentials::Algorithm;

/// Every setting, in the order `--help` and `docs/operations.md` list them.
pub const SETTINGS: &[Setting] = &[
    Setting {
        key: "bind",
        env: "CEBASE_BIND",
        default: "127.0.0.1:8080",
        note: "",
        help: "address and port to listen on (`0.0.0.0:8080` in the container)",
        apply: |s, raw| {
            s.bind = raw
                .parse()
                .context("expected HOST:PORT, e.g. 127.0.0.1:8080")?;
            Ok(())
        },
    },
    Setting {
        key: "database_url",
        env: "DATABASE_URL",
        default: "sqlite://data/cebase.sqlite?mode=rwc",
        note: "",
        help: "`sqlite://FILE?mode=rwc` (relative to the working directory) or `postgres://USER:PASSWORD@HOST:PORT/DB`",
        apply: |s, raw| text(&mut s.database_url, raw),
    },
    Setting {
        key: "data_dir",
        env: "CEBASE_DATA_DIR",
        default: "data",
        note: "",
        help: "directory of the files the server writes (relative to the working directory; `/app/data` in the container): on the first start, when standard output is not a terminal, the administrator's generated password goes to `initial-admin-password` here (mode 0600) instead of the output",
        apply: |s, raw| {
            if raw.is_empty() {
                bail!("expected a directory");
            }
            s.data_dir = raw.into();
            Ok(())
        },
    },
    Setting {
        key: "database_max_connections",
        env: "CEBASE_DATABASE_MAX_CONNECTIONS",
        default: "10",
        note: "",
        help: "connection pool size per instance",
        apply: |s, raw| number(&mut s.database_max_connections, raw),
    },
    Setting {
        key: "spa_dir",
        env: "CEBASE_SPA_DIR",
        default: "",
        note: "unset: API only",
        help: "directory of the built SPA, served at `/` (one origin, no CORS needed)",
        apply: |s, raw| {
            s.spa_dir = (!raw.is_empty()).then(|| raw.into());
            Ok(())
        },
    },
    Setting {
        key: "jwt_secret",
        env: "CEBASE_JWT_SECRET",
        default: "",
        note: "unset: random, generated on first start and kept in the database",
        help: "HS256 signing key for access tokens, at least 32 bytes; share it between instances",
        apply: |s, raw| {
            s.jwt_secret = (!raw.is_empty()).then(|| raw.to_owned());
            Ok(())
        },
    },
    Setting {
        key: "metrics_token",
        env: "CEBASE_METRICS_TOKEN",
        default: "",
        note: "unset: /metrics is off",
        help: "bearer token Prometheus sends to scrape `GET /metrics` (at least 16 characters); keep it out of the repository like the JWT secret",
        apply: |s, raw| {
            s.metrics_token = (!raw.is_empty()).then(|| raw.to_owned());
            Ok(())
        },
    },
    Setting {
        key: "jwt_issuer",
        env: "CEBASE_JWT_ISSUER",
        default: "cebase",
        note: "",
        help: "`iss` claim of access tokens",
        apply: |s, raw| text(&mut s.jwt_issuer, raw),
    },
    Setting {
        key: "jwt_audience",
        env: "CEBASE_JWT_AUDIENCE",
        default: "cebase-api",
        note: "",
        help: "`aud` claim of access tokens",
        apply: |s, raw| text(&mut s.jwt_audience, raw),
    },
    Setting {
        key: "access_token_ttl_secs",
        env: "CEBASE_ACCESS_TOKEN_TTL_SECS",
        default: "900",
        note: "",
        help: "access-token lifetime, 60 to 900 seconds",
        apply: |s, raw| number(&mut s.access_token_ttl_secs, raw),
    },
    Setting {
        key: "refresh_token_ttl_secs",
        env: "CEBASE_REFRESH_TOKEN_TTL_SECS",
        default: "1209600",
        note: "14 days",
        help: "refresh-token lifetime in seconds; not shorter than the access token's",
        apply: |s, raw| number(&mut s.refresh_token_ttl_secs, raw),
    },
    Setting {
        key: "login_max_failures_per_account",
        env: "CEBASE_LOGIN_MAX_FAILURES_PER_ACCOUNT",
        default: "5",
        note: "",
        help: "failed logins for one account from one client address (an IPv6 client: its /64) within the window before that address's logins to the account answer 429; from that many failures of the account from all addresses on, every attempt on it first waits (250 ms, doubling, at most 8 s) — slowed, never locked. Also the limit of wrong current passwords in `PUT /me/password`",
        apply: |s, raw| number(&mut s.login_max_failures_per_account, raw),
    },
    Setting {
        key: "login_max_failures_per_ip",
        env: "CEBASE_LOGIN_MAX_FAILURES_PER_IP",
        default: "20",
        note: "",
        help: "failed logins from one client address (an IPv6 client: its /64) within the window before 429",
        apply: |s, raw| number(&mut s.login_max_failures_per_ip, raw),
    },
    Setting {
        key: "login_window_secs",
        env: "CEBASE_LOGIN_WINDOW_SECS",
        default: "900",
        note: "",
        help: "the throttling window in seconds (failed logins and verifications older than it are pruned)",
        apply: |s, raw| number(&mut s.login_window_secs, raw),
    },
    Setting {
        key: "password_hash_concurrency",
        env: "CEBASE_PASSWORD_HASH_CONCURRENCY",
        default: "4",
        note: "",
        help: "argon2id password hashes (logins, password changes, new accounts) computed at once per instance, 1 to 256; each takes 19 MiB and tens of milliseconds of CPU, further requests wait their turn",
        apply: |s, raw| {
            number(&mut s.password_hash_concurrency, raw)?;
            if !(1..=256).contains(&s.password_hash_concurrency) {
                bail!("expected 1 to 256");
            }
            Ok(())
        },
    },
    Setting {
        key: "prune_interval_secs",
        env: "CEBASE_PRUNE_INTERVAL_SECS",
        default: "3600",
        note: "",
        help: "seconds between two housekeeping passes of each instance, which delete expired refresh tokens and failed logins and verifications older than the throttling window (1 to 604800; a failing pass is logged and retried)",
        apply: |s, raw| {
            number(&mut s.prune_interval_secs, raw)?;
            if !(1..=604_800).contains(&s.prune_interval_secs) {
                bail!("expected 1 to 604800 seconds");
            }
            Ok(())
        },
    },
    Setting {
        key: "trusted_proxies",
        env: "CEBASE_TRUSTED_PROXIES",
        default: "",
        note: "empty: no proxy; the connection's address is the client's",
        help: "comma-separated addresses and CIDR networks (e.g. `10.0.0.0/8, 192.0.2.7`) of the proxies in front of the server. Only a connection from one of them is believed about the client's address: the right-most address in `CEBASE_FORWARDED_HEADER` that is not a trusted proxy is the client, entries further left are ignored",
        apply: |s, raw| {
            s.trusted_proxies = TrustedProxies::parse(raw)?;
            Ok(())
        },
    },
    Setting {
        key: "audit_checkpoint_key",
        env: "CEBASE_AUDIT_CHECKPOINT_KEY",
        default: "data/audit-checkpoint.key",
        note: "empty: no checkpoints",
        help: "Ed25519 key file signing the audit chain's checkpoints (created 0600 at the first checkpoint); keep it, or at least a copy, outside the database's reach",
        apply: |s, raw| {
            s.audit_checkpoint_key = (!raw.is_empty()).then(|| raw.into());
            Ok(())
        },
    },
    Setting {
        key: "forwarded_header",
        env: "CEBASE_FORWARDED_HEADER",
        default: "X-Forwarded-For",
        note: "",
        help: "the header the trusted proxies append the client's address to: `X-Forwarded-For` or `Forwarded` (RFC 7239 `for=`); the other one is never read",
        apply: |s, raw| {
            s.forwarded_header = ForwardedHeader::parse(raw)?;
            Ok(())
        },
    },
    Setting {
        key: "audit_checkpoint_file",
        env: "CEBASE_AUDIT_CHECKPOINT_FILE",
        default: "data/audit-checkpoints.jsonl",
        note: "empty: no checkpoints",
        help: "append-only JSON-lines file of signed audit checkpoints (head sequence and hash) that `cebase audit verify` and `GET /audit/verify` check the chain against",
        apply: |s, raw| {
            s.audit_checkpoint_file = (!raw.is_empty()).then(|| raw.into());
            Ok(())
        },
    },
    Setting {
        key: "audit_checkpoint_interval_secs",
        env: "CEBASE_AUDIT_CHECKPOINT_INTERVAL_SECS",
        default: "3600",
        note: "",
        help: "seconds between two scheduled audit checkpoints of each instance (60 to 604800; written only when the chain grew; `cebase audit checkpoint` writes one at once)",
        apply: |s, raw| {
            number(&mut s.audit_checkpoint_interval_secs, raw)?;
            if !(60..=604_800).contains(&s.audit_checkpoint_interval_secs) {
                bail!("expected 60 to 604800 seconds");
            }
            Ok(())
        },
    },
    Setting {
        key: "trust_forwarded_for",
        env: "CEBASE_TRUST_FORWARDED_FOR",
        default: "false",
        note: "",
        help: "removed (it believed any `X-Forwarded-For`): `true` stops the server with a message to set `CEBASE_TRUSTED_PROXIES` instead; `false` is accepted and does nothing",
        apply: |_, raw| match raw.to_ascii_lowercase().as_str() {
            "" | "0" | "false" | "no" | "off" => Ok(()),
            _ => bail!(
                "CEBASE_TRUST_FORWARDED_FOR is no longer supported because it let clients forge their address; \
                 remove it and set CEBASE_TRUSTED_PROXIES to the addresses or CIDR networks of your proxies \
                 (e.g. CEBASE_TRUSTED_PROXIES=10.0.0.0/8)"
            ),
        },
    },
    Setting {
        key: "cors_origins",
        env: "CEBASE_CORS_ORIGINS",
        default: "",
        note: "empty: same origin only",
        help: "comma-separated origins (e.g. `https://spa.example.org`) allowed to call the API from a browser",
        apply: |s, raw| {
            s.cors_origins = raw
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            Ok(())
        },
    },
    Setting {
        key: "max_body_bytes",
        env: "CEBASE_MAX_BODY_BYTES",
        default: "1048576",
        note: "",
        help: "largest accepted request body",
        apply: |s, raw| number(&mut s.max_body_bytes, raw),
    },
    Setting {
        key: "import_max_bytes",
        env: "CEBASE_IMPORT_MAX_BYTES",
        default: "52428800",
        note: "50 MiB",
        help: "largest accepted bulk-import file (`POST /api/v1/imports`, CSV or xlsx); 100 000 rows of CSV are about 11 MB; larger files answer 413",
        apply: |s, raw| number(&mut s.import_max_bytes, raw),
    },
    Setting {
        key: "import_background_rows",
        env: "CEBASE_IMPORT_BACKGROUND_ROWS",
        default: "1000",
        note: "",
        help: "imports with more data rows are validated and committed as background jobs (`202`, progress at `GET /api/v1/imports/{id}`)",
        apply: |s, raw| number(&mut s.import_background_rows, raw),
    },
    Setting {
        key: "job_lease_secs",
        env: "CEBASE_JOB_LEASE_SECS",
        default: "30",
        note: "",
        help: "seconds a background job (an import's validation or commit, a certificate batch) stays claimed by the instance running it, which renews the claim every third of that. A job whose instance died (killed, crashed, cut off from the database) is taken over once its claim ran out: by another instance, or by the restarted one (2 to 3600; the instances' clocks must agree to well within it)",
        apply: |s, raw| {
            number(&mut s.job_lease_secs, raw)?;
            if !(2..=3600).contains(&s.job_lease_secs) {
                bail!("expected 2 to 3600 seconds");
            }
            Ok(())
        },
    },
    Setting {
        key: "materials_max_bytes",
        env: "CEBASE_MATERIALS_MAX_BYTES",
        default: "20971520",
        note: "20 MiB",
        help: "largest accepted lecture-material file (`POST /api/v1/courses/{id}/materials`); larger uploads answer 413 and store nothing. The bytes are kept in the database (`course_material_contents`), so they are in its backups",
        apply: |s, raw| number(&mut s.materials_max_bytes, raw),
    },
    Setting {
        key: "compliance_annual_hours",
        env: "CEBASE_COMPLIANCE_ANNUAL_HOURS",
        default: "90",
        note: "",
        help: "continuing-education credit hours a person needs per year (MOHRSS Decree No. 25), whole hours 1 to 1000; used by `people/{id}/compliance` and `organisations/{id}/non-compliant`",
        apply: |s, raw| {
            let hours: u32 = raw.parse()?;
            if !(1..=CreditTenths::MAX_COURSE_HOURS).contains(&hours) {
                bail!("expected whole hours between 1 and 1000");
            }
            s.compliance.annual_hours = CreditTenths::from_hours(hours);
            Ok(())
        },
    },
    Setting {
        key: "compliance_professional_share",
        env: "CEBASE_COMPLIANCE_PROFESSIONAL_SHARE",
        default: "2/3",
        note: "",
        help: "share of the annual hours that must be professional subjects, a fraction `n/d` between 0 and 1 (the professional requirement is rounded up to a tenth of an hour)",
        apply: |s, raw| {
            let (n, d) = ComplianceRules::parse_share(raw).map_err(anyhow::Error::msg)?;
            s.compliance.professional_numerator = n;
            s.compliance.professional_denominator = d;
            Ok(())
        },
    },
    Setting {
        key: "certificate_font",
        env: "CEBASE_CERTIFICATE_FONT",
        default: "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        note: "",
        help: "CJK font embedded (as a subset) in the PDFs (certificates, annual plans, class reports): a `.ttf`/`.otf`, or a `.ttc` collection (Debian package `fonts-wqy-microhei`, installed in the container image). The server refuses to start when the file is missing, is not a font, or cannot print Chinese",
        apply: |s, raw| {
            if raw.is_empty() {
                bail!("expected the path of a font file");
            }
            s.certificate_font = raw.into();
            Ok(())
        },
    },
    Setting {
        key: "certificate_font_index",
        env: "CEBASE_CERTIFICATE_FONT_INDEX",
        default: "0",
        note: "",
        help: "face of a `.ttc` collection to use (WenQuanYi Micro Hei: 0, Micro Hei Mono: 1)",
        apply: |s, raw| number(&mut s.certificate_font_index, raw),
    },
    Setting {
        key: "credential_signing_alg",
        env: "CEBASE_CREDENTIAL_SIGNING_ALG",
        default: "EdDSA",
        note: "",
        help: "algorithm signing certificates' verifiable credentials and status lists: `EdDSA` (Ed25519) or `RS256` (the Open Badges 3.0 minimum, for verifiers that accept nothing else); both keys are always published",
        apply: |s, raw| {
            s.credential_signing_alg = Algorithm::parse(raw)?;
            Ok(())
        },
    },
    Setting {
        key: "certificate_number_pattern",
        env: "CEBASE_CERTIFICATE_NUMBER_PATTERN",
        default: "{base}{year}{seq:06}",
        note: "",
        help: "certificate numbers (Art. 9): `{base}`, `{year}` and the sequence `{seq:0N}` (N digits, 1–12) once each, literal text of ASCII letters, digits and `-`; checked at start (a bad pattern stops the server with the reason). The sequence is gapless per year",
        apply: |s, raw| text(&mut s.certificate_number_pattern, raw),
    },
    Setting {
        key: "certificate_base_code",
        env: "CEBASE_CERTIFICATE_BASE_CODE",
        default: "CEB",
        note: "",
        help: "the base code in numbers (1–16 ASCII letters, digits, `-`; letters are printed as capitals, as are the pattern's)",
        apply: |s, raw| text(&mut s.certificate_base_code, raw),
    },
    Setting {
        key: "certificate_issuer",
        env: "CEBASE_CERTIFICATE_ISSUER",
        default: "国家级专业技术人员继续教育基地",
        note: "",
        help: "the base's name: the issuer shown on certificates and by public verification, and the heading of the plan and report PDFs",
        apply: |s, raw| {
            if raw.is_empty() {
                bail!("the issuer name must not be empty");
            }
            text(&mut s.certificate_issuer, raw)
        },
    },
    Setting {
        key: "public_base_url",
        env: "CEBASE_PUBLIC_BASE_URL",
        default: "http://127.0.0.1:8080",
        note: "",
        help: "the site's public address, for verification links (the certificate's QR code: `…/verify?number=…&code=…`) and status-list URLs",
        apply: |s, raw| {
            if !(raw.starts_with("http://") || raw.starts_with("https://")) {
                bail!("expected an http:// or https:// URL");
            }
            text(&mut s.public_base_url, raw.trim_end_matches('/'))
        },
    },
    Setting {
        key: "certificate_verify_max_failures_per_ip",
        env: "CEBASE_CERTIFICATE_VERIFY_MAX_FAILURES_PER_IP",
        default: "30",
        note: "",
        help: "failed public verifications (unknown number or wrong code) from one client address within `CEBASE_LOGIN_WINDOW_SECS` before `GET /api/v1/public/certificates/…` answers 429",
        apply: |s, raw| number(&mut s.certificate_verify_max_failures_per_ip, raw),
    },
    Setting {
        key: "certificate_verify_cache_entries",
        env: "CEBASE_CERTIFICATE_VERIFY_CACHE_ENTRIES",
        default: "100000",
        note: "",
        help: "certificates each instance keeps in memory for public verification (a few hundred bytes each; `0` reads the database for every verification)",
        apply: |s, raw| number(&mut s.certificate_verify_cache_entries, raw),
    },
    Setting {
        key: "certificate_verify_sync_ms",
        env: "CEBASE_CERTIFICATE_VERIFY_SYNC_MS",
        default: "1000",
        note: "",
        help: "how often each instance reads the revocations other instances made (10–60000 ms): about the time a revocation takes to show in verification on another instance; if those reads fail or stall, the instance stops using its cache after three intervals",
        apply: |s, raw| {
            number(&mut s.certificate_verify_sync_ms, raw)?;
            if !(10..=60_000).contains(&s.certificate_verify_sync_ms) {
                bail!("expected 10 to 60000 milliseconds");
            }
            Ok(())
        },
    },
    Setting {
        key: "plan_miit_deadline",
        env: "CEBASE_PLAN_MIIT_DEADLINE",
        default: "12-10",
        note: "",
        help: "`MM-DD` of year Y−1 before which the plan for Y is submitted to MIIT (Art. 8); a step taken on that day (Asia/Shanghai) or later is recorded as late",
        apply: |s, raw| {
            s.plan_deadlines.miit_submission = MonthDay::parse(raw).map_err(anyhow::Error::msg)?;
            Ok(())
        },
    },
    Setting {
        key: "plan_mohrss_deadline",
        env: "CEBASE_PLAN_MOHRSS_DEADLINE",
        default: "12-31",
        note: "",
        help: "`MM-DD` of year Y−1 before which the plan for Y is filed with MOHRSS (Art. 8)",
        apply: |s, raw| {
            s.plan_deadlines.mohrss_filing = MonthDay::parse(raw).map_err(anyhow::Error::msg)?;
            Ok(())
        },
    },
    Setting {
        key: "plan_scan_max_bytes",
        env: "CEBASE_PLAN_SCAN_MAX_BYTES",
        default: "10485760",
        note: "",
        help: "largest accepted scan of an authority's paper reply (PDF, JPEG or PNG), kept in the database",
        apply: |s, raw| number(&mut s.plan_scan_max_bytes, raw),
    },
    Setting {
        key: "class_report_due_days",
        env: "CEBASE_CLASS_REPORT_DUE_DAYS",
        default: "30",
        note: "",
        help: "days after a class's last day within which its summary report is filed with the provincial HR department (Art. 18); 1–3650",
        apply: |s, raw| {
            number(&mut s.reports.class_report_due_days, raw)?;
            anyhow::ensure!(
                (1..=3650).contains(&s.reports.class_report_due_days),
                "class_report_due_days must be 1-3650"
            );
            Ok(())
        },
    },
    Setting {
        key: "follow_up_months",
        env: "CEBASE_FOLLOW_UP_MONTHS",
        default: "3",
        note: "",
        help: "months after a class's last day when follow-up feedback from trainees and employers opens (Art. 17); 1–60",
        apply: |s, raw| {
            number(&mut s.reports.follow_up_months, raw)?;
            anyhow::ensure!(
                (1..=60).contains(&s.reports.follow_up_months),
                "follow_up_months must be 1-60"
            );
            Ok(())
        },
    },
    Setting {
        key: "log",
        env: "CEBASE_LOG",
        default: "info",
        note: "",
        help: "log filter, tracing `EnvFilter` syntax (e.g. `info,sqlx=warn`)",
        apply: |s, raw| text(&mut s.log, raw),
    },
    Setting {
        key: "log_format",
        env: "CEBASE_LOG_FORMAT",
        default: "text",
        note: "",
        help: "`text` or `json` (one JSON object per line, for log collectors)",
        apply: |s, raw| {
            s.log_format = match raw {
                "text" => LogFormat::Text,
                "json" => LogFormat::Json,
                _ => bail!("expected text or json"),
            };
            Ok(())
        },
    },
];

fn text(field: &mut String, raw: &str) -> anyhow::Result<()> {
    raw.clone_into(field);
    Ok(())
}

fn number<T: std::str::FromStr>(field: &mut T, raw: &str) -> anyhow::Result<()>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    *field = raw.parse()?;
    Ok(())
}

/// A value of the right type for every field, for Rust's sake: [`Settings::default`] applies
/// every row's default over it, so each field gets its value from its row above.
pub(super) fn unset() -> Settings {
    Settings {
        bind: ([0, 0, 0, 0], 0).into(),
        database_url: String::new(),
        database_max_connections: 0,
        data_dir: Default::default(),
        spa_dir: None,
        jwt_secret: None,
        metrics_token: None,
        jwt_issuer: String::new(),
        jwt_audience: String::new(),
        access_token_ttl_secs: 0,
        refresh_token_ttl_secs: 0,
        login_max_failures_per_account: 0,
        login_max_failures_per_ip: 0,
        login_window_secs: 0,
        prune_interval_secs: 0,
        password_hash_concurrency: 0,
        trusted_proxies: TrustedProxies::default(),
        forwarded_header: ForwardedHeader::XForwardedFor,
        audit_checkpoint_key: None,
        audit_checkpoint_file: None,
        audit_checkpoint_interval_secs: 0,
        cors_origins: Vec::new(),
        max_body_bytes: 0,
        import_max_bytes: 0,
        import_background_rows: 0,
        job_lease_secs: 0,
        materials_max_bytes: 0,
        compliance: ComplianceRules::default(),
        certificate_font: Default::default(),
        certificate_font_index: 0,
        credential_signing_alg: Algorithm::RS256,
        certificate_number_pattern: String::new(),
        certificate_base_code: String::new(),
        certificate_numbers: Default::default(),
        certificate_issuer: String::new(),
        public_base_url: String::new(),
        certificate_verify_max_failures_per_ip: 0,
        certificate_verify_cache_entries: 0,
        certificate_verify_sync_ms: 0,
        plan_deadlines: Default::default(),
        plan_scan_max_bytes: 0,
        reports: Default::default(),
        log: String::new(),
        log_format: LogFormat::Json,
    }
}
