//! `cebase`: the server binary and its operational commands.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use cebase_api::config::{Settings, redact_url, settings_help, settings_markdown};
use cebase_api::{Application, bootstrap, openapi_document, telemetry};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cebase",
    version,
    about = "cebase — management system of a national continuing-education base (国家级专业技术人员继续教育基地)",
    after_help = settings_help()
)]
struct Cli {
    /// TOML configuration file (keys are the lower-case setting names, e.g. `bind = "0.0.0.0:8080"`).
    #[arg(long, env = "CEBASE_CONFIG", global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run migrations and serve the API (and the SPA when CEBASE_SPA_DIR is set). The default.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an administrator, or reset the password of an existing account and make it admin.
    /// The password is read from CEBASE_ADMIN_PASSWORD or the first line of standard input.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long, default_value = "系统管理员")]
        display_name: String,
    },
    /// Print the OpenAPI document (JSON).
    Openapi,
    /// Print the settings table of docs/operations.md (Markdown; `cargo xtask openapi` uses it).
    #[command(hide = true)]
    SettingsTable,
    /// Print the problem-code table of docs/api.md (Markdown; `cargo xtask openapi` uses it).
    #[command(hide = true)]
    ProblemTable,
    /// Audit-trail operations.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Credential signing keys (certificates' verifiable credentials).
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Add a new RSA and Ed25519 signing key; older keys stay in the JWKS so credentials they
    /// signed remain verifiable. Restart the instances to sign with the new keys.
    Rotate,
    /// Print the published JWK Set (public keys only).
    Show,
    /// Rotate the access-token (HS256) key generated in the database: a new key signs at once
    /// on every instance (within 30 s); the previous one still verifies for one token lifetime,
    /// so nobody is logged out. Refused when CEBASE_JWT_SECRET sets the key.
    RotateAccessTokenKey,
    /// Retire a (compromised) signing key: it leaves the JWKS at once (a new key of its
    /// algorithm replaces it when it is the one signing), and every valid certificate it signed
    /// is re-signed with the current key. Run it again to resume an interrupted retirement.
    Retire {
        /// The key's `kid` (as in `keys show` and the credentials' JWT headers).
        kid: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and check it against the signed checkpoints; exits with status
    /// 1 and names the first bad entry when broken.
    Verify,
    /// Verify the chain, then append a checkpoint of its head signed with the checkpoint key
    /// (CEBASE_AUDIT_CHECKPOINT_KEY) to CEBASE_AUDIT_CHECKPOINT_FILE.
    Checkpoint,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::SettingsTable) = cli.command {
        print!("{}", settings_markdown());
        return ExitCode::SUCCESS;
    }
    if let Some(Command::ProblemTable) = cli.command {
        print!("{}", cebase_domain::ProblemCode::markdown_table());
        return ExitCode::SUCCESS;
    }
    if let Some(Command::Openapi) = cli.command {
        return match serde_json::to_string_pretty(&openapi_document()) {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = Settings::load(cli.config.as_deref())?;
    telemetry::init(&settings);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).await,
        Command::Migrate => {
            let (db, _) = cebase_store::connect(&settings.database_url, 1).await?;
            cebase_store::migrate(&db).await?;
            println!(
                "migrations applied to {}",
                redact_url(&settings.database_url)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::CreateAdmin {
            username,
            display_name,
        } => {
            let password = match std::env::var("CEBASE_ADMIN_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    if std::io::stdin().is_terminal() {
                        eprintln!(
                            "password for {username} (input is visible; or set CEBASE_ADMIN_PASSWORD):"
                        );
                    }
                    let mut line = String::new();
                    std::io::stdin()
                        .lock()
                        .read_line(&mut line)
                        .context("reading the password from stdin")?;
                    line.trim_end_matches(['\r', '\n']).to_owned()
                }
            };
            let (db, _) = cebase_store::connect(&settings.database_url, 1).await?;
            cebase_store::migrate(&db).await?;
            bootstrap::create_or_reset_admin(&db, &username, &password, &display_name, false)
                .await?;
            println!("administrator `{username}` is ready; log in with the password you gave");
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi | Command::SettingsTable | Command::ProblemTable => Ok(ExitCode::SUCCESS),
        Command::Keys { command } => keys(&settings, command).await,
        Command::Audit { command } => audit(&settings, command).await,
    }
}

async fn audit(settings: &Settings, command: AuditCommand) -> anyhow::Result<ExitCode> {
    use cebase_api::audit_checkpoint::{self, Written};
    let (db, _) = cebase_store::connect(&settings.database_url, 1).await?;
    match command {
        AuditCommand::Verify => {
            let report = audit_checkpoint::verify(&db, settings).await?;
            println!(
                "{}",
                serde_json::to_string(&audit_checkpoint::to_dto(&report))?
            );
            if report.valid() {
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!(
                    "audit chain BROKEN: {}",
                    audit_checkpoint::describe(&report)
                );
                Ok(ExitCode::from(1))
            }
        }
        AuditCommand::Checkpoint => match audit_checkpoint::write(&db, settings, false).await? {
            Written::Checkpoint(c) => {
                println!("{}", serde_json::to_string(&c)?);
                Ok(ExitCode::SUCCESS)
            }
            Written::Unchanged => Ok(ExitCode::SUCCESS),
        },
    }
}

async fn keys(settings: &Settings, command: KeysCommand) -> anyhow::Result<ExitCode> {
    let (db, _) = cebase_store::connect(&settings.database_url, 1).await?;
    cebase_store::migrate(&db).await?;
    match command {
        KeysCommand::Rotate => {
            let credentials = cebase_api::credentials::Credentials::rotate(&db)
                .await?
                .with_signing_algorithm(settings.credential_signing_alg);
            println!(
                "new signing keys added; credentials are now signed with kid {}",
                credentials.signing_kid()
            );
        }
        KeysCommand::Retire { kid } => {
            let alg = settings.credential_signing_alg;
            let (credentials, now) =
                cebase_api::credentials::Credentials::retire(&db, &kid, alg).await?;
            let keys = cebase_api::credentials::CredentialKeys::load(&db, alg).await?;
            let resigned = cebase_api::certificates::resign(&db, settings, &keys, &kid).await?;
            println!(
                "{}",
                serde_json::json!({
                    "retired": kid,
                    "already_retired": !now,
                    "signing_kid": credentials.signing_kid(),
                    "resigned": resigned,
                })
            );
        }
        KeysCommand::RotateAccessTokenKey => {
            let (kid, until) = cebase_api::auth::jwt::rotate(&db, settings).await?;
            println!(
                "{}",
                serde_json::json!({"kid": kid, "previous_valid_until": until})
            );
        }
        KeysCommand::Show => {
            cebase_api::credentials::Credentials::load_or_create(&db).await?;
            let jwks = cebase_api::credentials::Credentials::published_jwks(&db).await?;
            println!("{}", serde_json::to_string_pretty(&jwks)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn serve(settings: Settings) -> anyhow::Result<ExitCode> {
    let database = redact_url(&settings.database_url);
    let spa = settings.spa_dir.clone();
    let bind = settings.bind;
    let data_dir = settings.data_dir.clone();
    let app = Application::build(settings).await?;
    let host = if bind.ip().is_unspecified() {
        "127.0.0.1".to_owned()
    } else {
        bind.ip().to_string()
    };
    let url = format!("http://{host}:{}/", app.port());
    println!("cebase is running at {url}");
    println!("  database: {database}");
    match &spa {
        Some(dir) => println!("  web app:  {} (served at {url})", dir.display()),
        None => println!(
            "  web app:  not served (set CEBASE_SPA_DIR to the built SPA); API at {url}api/v1"
        ),
    }
    println!("  API docs: {url}api/docs/");
    match app.initial_admin_password() {
        // On a terminal the operator reads it; anywhere else (a container's or a service's
        // output ends up in logs) it goes to a file only this account can read.
        Some(password) if std::io::stdout().is_terminal() => {
            println!();
            println!("  First start: created the administrator account.");
            println!("    username: {}", bootstrap::INITIAL_ADMIN);
            println!("    password: {password}");
            println!("  This password is shown only once; it must be changed at the first login.");
            println!();
        }
        Some(password) => {
            let path = bootstrap::write_password_file(&data_dir, password)?;
            println!();
            println!(
                "  First start: created the administrator account `{}`.",
                bootstrap::INITIAL_ADMIN
            );
            println!(
                "    Its password is in {} (readable by this account only; not printed, as the output is not a terminal).",
                path.display()
            );
            println!("    It must be changed at the first login; delete the file afterwards.");
            println!();
        }
        None => println!(
            "  Log in with your account. Lost the admin password? `cebase create-admin --username admin` sets a new one."
        ),
    }
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}
