//! The `cebase` binary's operational commands, run as processes: `create-admin`, `audit verify`
//! (exit status 1 naming the bad entry), `openapi`, `--help`; and the server killed in the
//! middle of its jobs (`crash`). Uses a temporary SQLite file, or a fresh PostgreSQL database
//! when `TEST_DATABASE_URL` is set.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use cebase_store::ConnectionTrait;

mod crash;

const BIN: &str = env!("CARGO_BIN_EXE_cebase");

struct Db {
    url: String,
    drop_from: Option<String>,
    name: String,
}

async fn fresh_db() -> Db {
    let name = format!("cebase_cli_{}", uuid::Uuid::new_v4().simple());
    match std::env::var("TEST_DATABASE_URL") {
        Ok(server) if !server.is_empty() => {
            let (admin, _) = cebase_store::connect(&server, 1)
                .await
                .expect("connect to TEST_DATABASE_URL");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create database");
            let base = server
                .rsplit_once('/')
                .map_or(server.as_str(), |(b, _)| b)
                .to_owned();
            Db {
                url: format!("{base}/{name}"),
                drop_from: Some(server),
                name,
            }
        }
        _ => {
            let path = std::env::temp_dir().join(format!("{name}.sqlite"));
            Db {
                url: format!("sqlite://{}?mode=rwc", path.display()),
                drop_from: None,
                name,
            }
        }
    }
}

impl Db {
    async fn cleanup(self) {
        if self.drop_from.is_some() {
            std::fs::remove_dir_all(std::env::temp_dir().join(&self.name)).ok();
        }
        if let Some(server) = self.drop_from {
            let (admin, _) = cebase_store::connect(&server, 1).await.expect("connect");
            admin
                .execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)",
                    self.name
                ))
                .await
                .expect("drop database");
        } else {
            std::fs::remove_dir_all(std::env::temp_dir().join(&self.name)).ok();
            let path = std::env::temp_dir().join(format!("{}.sqlite", self.name));
            for suffix in ["", "-wal", "-shm"] {
                std::fs::remove_file(format!("{}{suffix}", path.display())).ok();
            }
        }
    }
}

impl Db {
    /// This database's audit checkpoint key and file (in the temporary directory).
    fn checkpoint_paths(&self) -> (std::path::PathBuf, std::path::PathBuf) {
        let dir = std::env::temp_dir().join(&self.name);
        (
            dir.join("audit-checkpoint.key"),
            dir.join("audit-checkpoints.jsonl"),
        )
    }
}

fn cebase(db: &Db, args: &[&str], stdin: Option<&str>) -> Output {
    let (key, file) = db.checkpoint_paths();
    let mut child = Command::new(BIN)
        .args(args)
        .env("DATABASE_URL", &db.url)
        .env("CEBASE_AUDIT_CHECKPOINT_KEY", &key)
        .env("CEBASE_AUDIT_CHECKPOINT_FILE", &file)
        .env("CEBASE_LOG", "warn")
        .env_remove("CEBASE_ADMIN_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cebase starts");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
    }
    child.wait_with_output().expect("cebase finishes")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn create_admin_then_audit_verify_detects_tampering() {
    let db = fresh_db().await;
    let out = cebase(
        &db,
        &["create-admin", "--username", "root.admin"],
        Some("a-strong-password\n"),
    );
    assert!(
        out.status.success(),
        "create-admin failed: {}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stdout).contains("a-strong-password"),
        "the password is never echoed"
    );

    let short = cebase(
        &db,
        &["create-admin", "--username", "other"],
        Some("short\n"),
    );
    assert!(!short.status.success());
    assert!(
        text(&short.stderr).contains("at least 8"),
        "{}",
        text(&short.stderr)
    );

    // Resetting an existing admin works too (lost-password recovery) and is audited.
    let again = cebase(
        &db,
        &["create-admin", "--username", "root.admin"],
        Some("another-password\n"),
    );
    assert!(again.status.success(), "{}", text(&again.stderr));

    let ok = cebase(&db, &["audit", "verify"], None);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    let report: serde_json::Value = serde_json::from_slice(&ok.stdout).expect("json report");
    assert_eq!(
        report,
        serde_json::json!({"valid": true, "checked": 2, "first_invalid": null, "checkpoints": 0, "checkpoint_mismatch": null, "checkpoint_error": null})
    );

    let (conn, _) = cebase_store::connect(&db.url, 1).await.expect("connect");
    conn.execute_unprepared("UPDATE audit_log SET action = 'user.delete' WHERE seq = 1")
        .await
        .expect("tamper");
    conn.close().await.ok();
    let broken = cebase(&db, &["audit", "verify"], None);
    assert_eq!(broken.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&broken.stdout).expect("json report");
    assert_eq!(report["first_invalid"], 1);
    assert!(
        text(&broken.stderr).contains("entry 1"),
        "{}",
        text(&broken.stderr)
    );
    db.cleanup().await;
}

#[test]
fn openapi_and_help() {
    let out = Command::new(BIN).arg("openapi").output().expect("runs");
    assert!(out.status.success());
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(doc["info"]["title"], "cebase API");

    let help = Command::new(BIN).arg("--help").output().expect("runs");
    let help = text(&help.stdout);
    for setting in cebase_api::config::SETTINGS {
        assert!(
            help.contains(setting.env),
            "--help does not document {}",
            setting.env
        );
    }
}

#[test]
fn invalid_configuration_is_refused_with_the_variable_named() {
    let out = Command::new(BIN)
        .args(["migrate"])
        .env("CEBASE_ACCESS_TOKEN_TTL_SECS", "86400")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("CEBASE_ACCESS_TOKEN_TTL_SECS"),
        "{}",
        text(&out.stderr)
    );
}

/// A first start whose output is not a terminal (a container, a service) writes the generated
/// administrator password to a 0600 file in the data directory and prints only where it is; a
/// loopback public address while listening on every interface is warned about.
#[tokio::test]
async fn first_start_without_a_terminal_writes_the_password_to_a_private_file() {
    use std::io::{BufRead, BufReader};
    let db = fresh_db().await;
    let data_dir = std::env::temp_dir().join(format!("{}-data", db.name));
    let mut child = Command::new(BIN)
        .arg("serve")
        .env("DATABASE_URL", &db.url)
        .env("CEBASE_DATA_DIR", &data_dir)
        .env("CEBASE_BIND", "0.0.0.0:0")
        .env("CEBASE_LOG", "warn")
        .env("CEBASE_LOG_FORMAT", "text")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cebase starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut printed = String::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("a line of output");
        printed.push_str(&line);
        printed.push('\n');
        if line.contains("must be changed at the first login") {
            break;
        }
    }
    child.kill().ok();
    let output = child.wait_with_output().expect("stopped");
    let logged = format!("{printed}{}{}", text(&output.stdout), text(&output.stderr));

    let file = data_dir.join("initial-admin-password");
    let password = std::fs::read_to_string(&file).expect("the password file exists");
    let password = password.trim();
    assert!(password.len() >= 12, "{password:?}");
    assert!(
        !logged.contains(password),
        "the password was printed: {logged}"
    );
    assert!(logged.contains(&file.display().to_string()), "{logged}");
    assert!(
        logged.contains("CEBASE_PUBLIC_BASE_URL"),
        "no warning about the loopback public address: {logged}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        if db.drop_from.is_none() {
            let sqlite = std::env::temp_dir().join(format!("{}.sqlite", db.name));
            let mode = std::fs::metadata(&sqlite)
                .expect("database")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "the SQLite database is private");
        }
    }
    std::fs::remove_dir_all(&data_dir).ok();
    db.cleanup().await;
}

/// SQLite files hold password hashes and signing keys: created 0600 (their `-wal` and `-shm`
/// too), and an existing database readable by others is narrowed. Always SQLite, whatever
/// `TEST_DATABASE_URL` says.
#[cfg(unix)]
#[tokio::test]
async fn sqlite_files_are_readable_by_the_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = std::env::temp_dir().join(format!("cebase-perm-{}", uuid::Uuid::new_v4().simple()));
    let path = dir.join("db/cebase.sqlite");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mode = |suffix: &str| {
        std::fs::metadata(format!("{}{suffix}", path.display()))
            .expect("file exists")
            .permissions()
            .mode()
            & 0o777
    };
    let (db, _) = cebase_store::connect(&url, 1).await.expect("connects");
    cebase_store::migrate(&db).await.expect("migrates");
    for suffix in ["", "-wal", "-shm"] {
        assert_eq!(mode(suffix), 0o600, "cebase.sqlite{suffix}");
    }
    db.close().await.ok();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let (db, _) = cebase_store::connect(&url, 1)
        .await
        .expect("connects again");
    assert_eq!(mode(""), 0o600, "narrowed");
    db.close().await.ok();
    std::fs::remove_dir_all(dir).ok();
}

/// Rewrites entry `from` with `action` and recomputes its hash, every later hash and the head,
/// as someone with write access to the database would: the chain alone then verifies.
async fn rewrite_chain(url: &str, from: i64, action: &str) {
    use cebase_domain::audit::{AuditRecord, canonical_json};
    let (conn, _) = cebase_store::connect(url, 1).await.expect("connect");
    let filter = cebase_store::audit::AuditFilter::default();
    let mut entries = cebase_store::audit::list(&conn, &filter, 1000, None)
        .await
        .expect("entries")
        .items;
    entries.sort_by_key(|e| e.id);
    let mut prev_hash = entries
        .iter()
        .find(|e| e.id == from)
        .expect("entry")
        .prev_hash
        .clone();
    for e in entries.iter().filter(|e| e.id >= from) {
        let record = AuditRecord {
            seq: e.id,
            actor_id: e.actor_id,
            actor_username: e.actor_username.clone(),
            action: if e.id == from {
                action.to_owned()
            } else {
                e.action.clone()
            },
            entity_type: e.entity_type.clone(),
            entity_id: e.entity_id.clone(),
            before: e.before.as_ref().map(canonical_json),
            after: e.after.as_ref().map(canonical_json),
            request_id: e.request_id.clone(),
            created_at: e.created_at,
            prev_hash: prev_hash.clone(),
        };
        let hash = record.hash();
        conn.execute_unprepared(&format!(
            "UPDATE audit_log SET action = '{}', prev_hash = '{prev_hash}', hash = '{hash}' WHERE seq = {}",
            record.action, e.id
        ))
        .await
        .expect("rewrite");
        prev_hash = hash;
    }
    conn.execute_unprepared(&format!(
        "UPDATE audit_head SET last_hash = '{prev_hash}' WHERE id = 1"
    ))
    .await
    .expect("rewrite the head");
    let chain = cebase_store::audit::verify(&conn).await.expect("verify");
    assert!(
        chain.valid,
        "the rewritten chain verifies on its own: {chain:?}"
    );
    conn.close().await.ok();
}

fn report(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json report ({e}): {}", text(&out.stdout)))
}

/// Issue 14, defect 10: someone with database access rewrites entry N and recomputes every
/// later hash and the head. The chain alone still verifies; the signed checkpoint does not. A
/// rewrite after the last checkpoint is not caught (as docs/operations.md says), a forged
/// checkpoint line is, and no checkpoint is signed over a rewritten chain.
#[tokio::test]
async fn signed_checkpoints_catch_a_chain_rewritten_with_recomputed_hashes() {
    let db = fresh_db().await;
    let (key, file) = db.checkpoint_paths();
    for name in ["audit.one", "audit.two", "audit.three"] {
        let out = cebase(
            &db,
            &["create-admin", "--username", name],
            Some("a-strong-password\n"),
        );
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = cebase(&db, &["audit", "checkpoint"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let checkpoint = report(&out);
    assert_eq!(checkpoint["seq"], 3, "{checkpoint}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for path in [&key, &file] {
            let mode = std::fs::metadata(path)
                .expect("exists")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{}", path.display());
        }
    }
    let lines = std::fs::read_to_string(&file).expect("checkpoint file");
    assert_eq!(lines.lines().count(), 1, "{lines}");
    let ok = cebase(&db, &["audit", "verify"], None);
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert_eq!(report(&ok)["checkpoints"], 1);

    // Entry 4, after the checkpoint.
    let out = cebase(
        &db,
        &["create-admin", "--username", "audit.four"],
        Some("a-strong-password\n"),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));

    // Not detected: a rewrite of an entry after the last checkpoint.
    rewrite_chain(&db.url, 4, "user.rewritten_after").await;
    let after = cebase(&db, &["audit", "verify"], None);
    assert!(after.status.success(), "{}", text(&after.stderr));

    // Detected: entry 2 rewritten, entries 3 and 4 and the head recomputed.
    rewrite_chain(&db.url, 2, "user.rewritten").await;
    let broken = cebase(&db, &["audit", "verify"], None);
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken.stdout));
    let r = report(&broken);
    assert_eq!(r["valid"], false);
    assert_eq!(
        r["first_invalid"],
        serde_json::Value::Null,
        "the chain itself holds"
    );
    assert_eq!(r["checkpoint_mismatch"], 3, "{r}");
    assert!(
        text(&broken.stderr).contains("entry 3"),
        "{}",
        text(&broken.stderr)
    );
    // No checkpoint is signed over the rewritten chain.
    let refused = cebase(&db, &["audit", "checkpoint"], None);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("no checkpoint written"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(&file)
            .expect("file")
            .lines()
            .count(),
        1
    );

    // A checkpoint line forged to match the rewritten chain does not verify with the key.
    let mut forged = checkpoint.clone();
    let (conn, _) = cebase_store::connect(&db.url, 1).await.expect("connect");
    forged["hash"] = serde_json::json!(
        cebase_store::audit::hash_at(&conn, 3)
            .await
            .expect("hash")
            .expect("entry 3")
    );
    conn.close().await.ok();
    std::fs::write(&file, format!("{forged}\n")).expect("forge");
    let forged_out = cebase(&db, &["audit", "verify"], None);
    assert_eq!(forged_out.status.code(), Some(1));
    let r = report(&forged_out);
    assert!(
        r["checkpoint_error"]
            .as_str()
            .is_some_and(|e| e.contains("not signed")),
        "{r}"
    );

    // Deleting the checkpoint file is noticed while the key is there.
    std::fs::remove_file(&file).expect("delete");
    let deleted = cebase(&db, &["audit", "verify"], None);
    assert_eq!(deleted.status.code(), Some(1));
    assert!(
        report(&deleted)["checkpoint_error"]
            .as_str()
            .is_some_and(|e| e.contains("missing")),
        "{}",
        text(&deleted.stdout)
    );
    db.cleanup().await;
}

fn jwks_kids(out: &Output) -> Vec<(String, String)> {
    let jwks: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JWKS");
    jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .map(|k| {
            (
                k["kid"].as_str().expect("kid").to_owned(),
                k["alg"].as_str().expect("alg").to_owned(),
            )
        })
        .collect()
}

/// Issue 14, defect 7: `cebase keys retire KID` takes the key out of the JWKS, replaces a
/// signing key with a new one, and refuses an unknown kid by name.
#[tokio::test]
async fn keys_retire_takes_the_key_out_of_the_jwks() {
    let db = fresh_db().await;
    let shown = cebase(&db, &["keys", "show"], None);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    let before = jwks_kids(&shown);
    let (ed, _) = before
        .iter()
        .find(|(_, alg)| alg == "EdDSA")
        .expect("an Ed25519 key")
        .clone();
    let out = cebase(&db, &["keys", "retire", &ed], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["retired"], ed.as_str());
    assert_eq!(report["already_retired"], false);
    assert_eq!(report["resigned"], 0);
    assert_ne!(report["signing_kid"], ed.as_str());
    let after = jwks_kids(&cebase(&db, &["keys", "show"], None));
    assert!(after.iter().all(|(kid, _)| kid != &ed), "{after:?}");
    assert_eq!(
        after.iter().filter(|(_, alg)| alg == "EdDSA").count(),
        1,
        "a new Ed25519 key replaced it"
    );
    let unknown = cebase(&db, &["keys", "retire", "no-such-kid"], None);
    assert!(!unknown.status.success());
    assert!(
        text(&unknown.stderr).contains("no-such-kid"),
        "{}",
        text(&unknown.stderr)
    );
    db.cleanup().await;
}
