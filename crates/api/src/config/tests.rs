//! The configuration's tests: precedence, errors naming the setting, the settings table in
//! `--help` and `docs/operations.md`.

use cebase_domain::learning::CreditTenths;

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
    std::fs::write(
        &file,
        "bind = \"0.0.0.0:9000\"\nlogin_window_secs = 60\ncors_origins = [\"https://a.example\"]\n",
    )
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
    let err = Settings::load_from(None, &env(&[("CEBASE_BIND", "nowhere")])).expect_err("refused");
    assert!(format!("{err:#}").contains("CEBASE_BIND"), "{err:#}");
    let err =
        Settings::load_from(None, &env(&[("CEBASE_JWT_SECRET", "short")])).expect_err("refused");
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
    assert!(Settings::load_from(None, &env(&[("CEBASE_COMPLIANCE_ANNUAL_HOURS", "0")])).is_err());
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
    let s =
        Settings::load_from(None, &env(&[("CEBASE_PLAN_MIIT_DEADLINE", "11-30")])).expect("loads");
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

#[test]
fn the_operations_guide_lists_the_settings_as_declared() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/operations.md");
    let doc = std::fs::read_to_string(&path).expect("docs/operations.md");
    assert!(
        doc.contains(&settings_markdown()),
        "the settings table of docs/operations.md is stale: run `cargo xtask openapi`"
    );
    for row in SETTINGS {
        assert!(settings_markdown().contains(&format!("| `{}` | `{}` |", row.env, row.key)));
    }
}

#[test]
fn the_declared_defaults_are_the_former_ones() {
    let d = Settings::default();
    assert_eq!(d.bind, SocketAddr::from(([127, 0, 0, 1], 8080)));
    assert_eq!(d.database_url, "sqlite://data/cebase.sqlite?mode=rwc");
    assert_eq!(d.database_max_connections, 10);
    assert_eq!((d.spa_dir, d.jwt_secret), (None, None));
    assert_eq!(
        (d.jwt_issuer.as_str(), d.jwt_audience.as_str()),
        ("cebase", "cebase-api")
    );
    assert_eq!(
        (d.access_token_ttl_secs, d.refresh_token_ttl_secs),
        (900, 14 * 24 * 3600)
    );
    assert_eq!(
        (
            d.login_max_failures_per_account,
            d.login_max_failures_per_ip,
            d.login_window_secs
        ),
        (5, 20, 900)
    );
    assert_eq!(d.prune_interval_secs, 3600);
    assert!(d.trusted_proxies.is_empty() && d.cors_origins.is_empty());
    assert_eq!(
        d.forwarded_header,
        crate::client_address::ForwardedHeader::XForwardedFor
    );
    assert_eq!((d.max_body_bytes, d.import_max_bytes), (1 << 20, 50 << 20));
    assert_eq!(
        (d.import_background_rows, d.materials_max_bytes),
        (1000, 20 << 20)
    );
    assert_eq!(
        d.certificate_font,
        PathBuf::from("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    );
    assert_eq!(d.certificate_font_index, 0);
    assert_eq!(
        d.credential_signing_alg,
        crate::credentials::Algorithm::EdDSA
    );
    assert_eq!(
        (
            d.certificate_number_pattern.as_str(),
            d.certificate_base_code.as_str()
        ),
        (
            cebase_domain::certificate::DEFAULT_NUMBER_PATTERN,
            cebase_domain::certificate::DEFAULT_BASE_CODE
        )
    );
    assert_eq!(d.certificate_issuer, "国家级专业技术人员继续教育基地");
    assert_eq!(d.public_base_url, "http://127.0.0.1:8080");
    assert_eq!(
        (
            d.certificate_verify_max_failures_per_ip,
            d.certificate_verify_cache_entries,
            d.certificate_verify_sync_ms
        ),
        (30, 100_000, 1000)
    );
    assert_eq!(d.plan_deadlines, PlanDeadlines::default());
    assert_eq!(d.plan_scan_max_bytes, 10 << 20);
    assert_eq!(d.reports, cebase_domain::reports::ReportSettings::default());
    assert_eq!((d.log.as_str(), d.log_format), ("info", LogFormat::Text));

    let err = Settings::load_from(None, &env(&[("CEBASE_PRUNE_INTERVAL_SECS", "0")]))
        .expect_err("refused");
    assert!(
        format!("{err:#}").contains("CEBASE_PRUNE_INTERVAL_SECS"),
        "{err:#}"
    );
}

#[test]
fn trusted_proxies_replace_the_forwarded_for_switch() {
    let s = Settings::load_from(
        None,
        &env(&[
            ("CEBASE_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7"),
            ("CEBASE_FORWARDED_HEADER", "forwarded"),
            ("CEBASE_TRUST_FORWARDED_FOR", "false"),
        ]),
    )
    .expect("loads");
    assert!(s.trusted_proxies.contains("10.2.3.4".parse().expect("ip")));
    assert!(!s.trusted_proxies.contains("192.0.2.8".parse().expect("ip")));
    assert_eq!(
        s.forwarded_header,
        crate::client_address::ForwardedHeader::Forwarded
    );
    // The old switch stops the server and says what to set instead.
    let err = Settings::load_from(None, &env(&[("CEBASE_TRUST_FORWARDED_FOR", "true")]))
        .expect_err("refused");
    let message = format!("{err:#}");
    assert!(message.contains("CEBASE_TRUSTED_PROXIES"), "{message}");
    let err = Settings::load_from(None, &env(&[("CEBASE_TRUSTED_PROXIES", "10.0.0.0/40")]))
        .expect_err("refused");
    let message = format!("{err:#}");
    assert!(
        message.contains("CEBASE_TRUSTED_PROXIES") && message.contains("10.0.0.0/40"),
        "{message}"
    );
}

#[test]
fn a_loopback_public_address_is_warned_about_when_listening_elsewhere() {
    let load = |pairs: &[(&str, &str)]| Settings::load_from(None, &env(pairs)).expect("loads");
    let warning = load(&[("CEBASE_BIND", "0.0.0.0:8080")])
        .public_address_warning()
        .expect("warned");
    assert!(
        warning.contains("CEBASE_PUBLIC_BASE_URL") && warning.contains("0.0.0.0:8080"),
        "{warning}"
    );
    for url in [
        "http://localhost:8080",
        "http://[::1]:8080/",
        "https://127.0.0.2",
    ] {
        assert!(
            load(&[
                ("CEBASE_BIND", "[::]:8080"),
                ("CEBASE_PUBLIC_BASE_URL", url)
            ])
            .public_address_warning()
            .is_some(),
            "{url}"
        );
    }
    assert!(
        load(&[]).public_address_warning().is_none(),
        "loopback on both sides"
    );
    assert!(
        load(&[
            ("CEBASE_BIND", "0.0.0.0:8080"),
            ("CEBASE_PUBLIC_BASE_URL", "https://cebase.example.org")
        ])
        .public_address_warning()
        .is_none()
    );
}
