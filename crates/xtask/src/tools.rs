//! Finding — and, when missing, installing — the external tools the SPA build and the browser
//! tests need: the `wasm32-unknown-unknown` target, `trunk`, `wasm-bindgen` (CLI), binaryen's
//! `wasm-opt`, Chromium and ChromeDriver. Every pinned version lives here.
//!
//! Installs go where they disturb nothing: `cargo install` into cargo's own `bin` directory, or
//! into `<repo>/.tools/bin` when a *different* version is already installed there (so a
//! developer's own trunk is left alone); binaryen via npm into `<repo>/.tools/node_modules`,
//! because Debian's binaryen 108 silently produces broken modules for current Rust. `.tools/` is
//! git-ignored.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::process::{Cmd, find_all_in_path, is_root, path_with_first};

/// `trunk` drives the SPA build. Pinned: its behaviour (asset hashing, wasm-opt flags) changes
/// between minor versions.
pub const TRUNK_VERSION: &str = "0.21.14";
/// The `wasm-bindgen` CLI must equal the `wasm-bindgen` crate in `Cargo.lock` exactly; this is
/// only the fallback for when the lock file does not name it (no frontend dependencies yet).
const WASM_BINDGEN_FALLBACK_VERSION: &str = "0.2.130";
/// binaryen from npm; its `wasm-opt` understands the wasm features current Rust emits.
pub const BINARYEN_VERSION: &str = "132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// What `trunk build` needs: the trunk binary, and a `PATH` on which the right `wasm-bindgen`
/// and `wasm-opt` come first.
pub struct SpaTools {
    pub trunk: PathBuf,
    pub path: OsString,
}

/// Makes sure everything the SPA build needs is installed, installing what is missing.
/// `oha`, the HTTP load generator the certificate benchmark measures verification with beside
/// its own. `--locked`: its newest dependencies need a newer rustc. It does not build without a
/// TLS feature; `native-tls` links the system's OpenSSL (`libssl-dev`) instead of compiling
/// aws-lc.
pub const OHA_VERSION: &str = "1.16.0";

/// Finds or installs `oha` (for `cargo xtask bench`).
pub fn ensure_oha(root: &Path) -> Result<PathBuf> {
    ensure_cargo_tool(
        root,
        "oha",
        "oha",
        OHA_VERSION,
        &[
            "--locked",
            "--no-default-features",
            "--features",
            "native-tls",
        ],
    )
}

pub fn ensure_spa_tools(root: &Path) -> Result<SpaTools> {
    ensure_wasm_target()?;
    let trunk = ensure_cargo_tool(root, "trunk", "trunk", TRUNK_VERSION, &["--locked"])?;
    // wasm-bindgen-cli is installed without --locked: one of its locked dependencies is not on
    // the crates.io mirror this project builds from, and the unlocked resolution works.
    let bindgen_version = locked_version(root, "wasm-bindgen")
        .unwrap_or_else(|| WASM_BINDGEN_FALLBACK_VERSION.to_owned());
    let wasm_bindgen = ensure_cargo_tool(
        root,
        "wasm-bindgen",
        "wasm-bindgen-cli",
        &bindgen_version,
        &[],
    )?;
    let wasm_opt_dir = ensure_binaryen(root)?;

    let mut first = vec![wasm_opt_dir];
    first.extend(wasm_bindgen.parent().map(Path::to_path_buf));
    first.extend(trunk.parent().map(Path::to_path_buf));
    Ok(SpaTools {
        trunk,
        path: path_with_first(&first)?,
    })
}

/// `rustup target add wasm32-unknown-unknown` unless it is there already.
pub fn ensure_wasm_target() -> Result<()> {
    if let Some(list) = Cmd::new("rustup")
        .args(["target", "list", "--installed"])
        .probe()
    {
        if list.lines().any(|line| line.trim() == WASM_TARGET) {
            return Ok(());
        }
        eprintln!("xtask: the {WASM_TARGET} target is missing; adding it");
        return Cmd::new("rustup")
            .args(["target", "add", WASM_TARGET])
            .run();
    }
    // No rustup (a distribution's Rust): the target's standard library must already be there.
    let sysroot = Cmd::new("rustc")
        .args(["--print", "sysroot"])
        .probe()
        .context("neither rustup nor rustc could be run")?;
    if Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .is_dir()
    {
        Ok(())
    } else {
        bail!("the {WASM_TARGET} standard library is missing and there is no rustup to add it")
    }
}

/// Finds `bin` at exactly `version` (on `PATH`, in `.tools/bin` or in cargo's `bin`), or
/// installs it from crates.io and returns where it went.
fn ensure_cargo_tool(
    root: &Path,
    bin: &str,
    krate: &str,
    version: &str,
    install_args: &[&str],
) -> Result<PathBuf> {
    let repo_bin = root.join(".tools/bin");
    let search = search_path(&repo_bin)?;
    let found = find_all_in_path(bin, &search);
    if let Some(good) = found.iter().find(|p| reports_version(p, version)) {
        return Ok(good.clone());
    }

    let mut install = Cmd::cargo()
        .args(["install", krate, "--version", version])
        .args(install_args.iter().copied());
    if found.is_empty() {
        eprintln!(
            "xtask: {bin} is not installed; installing {krate} {version} (a few minutes, once)"
        );
    } else {
        eprintln!(
            "xtask: {} is not version {version}; installing {krate} {version} into {} \
             (the other one is left alone)",
            found[0].display(),
            repo_bin.display()
        );
        install = install.arg("--root").arg(root.join(".tools"));
    }
    // These are build tools, not the product: skip the crates' fat LTO and single codegen unit,
    // which would cost a cold CI machine many minutes for no benefit to us.
    install
        .env_quiet("CARGO_PROFILE_RELEASE_LTO", "false")
        .env_quiet("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .run()?;

    find_all_in_path(bin, &search)
        .into_iter()
        .find(|p| reports_version(p, version))
        .with_context(|| {
            format!(
                "installed {krate} {version}, but no `{bin}` of that version is found afterwards"
            )
        })
}

/// `PATH` as xtask searches it: the repo's `.tools/bin`, then `PATH`, then cargo's `bin`
/// (a fresh rustup install may not have put it on `PATH` yet).
fn search_path(repo_bin: &Path) -> Result<OsString> {
    let mut path = path_with_first(&[repo_bin.to_path_buf()])?;
    if let Some(cargo_bin) = cargo_home().map(|home| home.join("bin")) {
        let mut dirs: Vec<PathBuf> = std::env::split_paths(&path).collect();
        dirs.push(cargo_bin);
        path = std::env::join_paths(dirs).context("a directory name cannot go into PATH")?;
    }
    Ok(path)
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
}

/// Whether `program --version` names `version` as one of its words (`trunk 0.21.14`,
/// `wasm-bindgen 0.2.130`, `wasm-opt version 132 (version_132)`).
fn reports_version(program: &Path, version: &str) -> bool {
    Cmd::new(program)
        .arg("--version")
        .probe()
        .is_some_and(|out| {
            out.split_whitespace()
                .any(|word| word.trim_start_matches('v') == version)
        })
}

/// The version of `package` recorded in the workspace's `Cargo.lock`, if it is there.
fn locked_version(root: &Path, package: &str) -> Option<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).ok()?;
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return version.strip_suffix('"').map(str::to_owned);
        }
    }
    None
}

/// binaryen from npm into `<repo>/.tools`; returns the directory holding `wasm-opt`.
fn ensure_binaryen(root: &Path) -> Result<PathBuf> {
    let tools = root.join(".tools");
    let bin_dir = tools.join("node_modules/.bin");
    if reports_version(&bin_dir.join("wasm-opt"), BINARYEN_VERSION) {
        return Ok(bin_dir);
    }
    eprintln!("xtask: installing binaryen {BINARYEN_VERSION} (wasm-opt) from npm into .tools/");
    std::fs::create_dir_all(&tools)
        .with_context(|| format!("could not create {}", tools.display()))?;
    Cmd::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(&tools)
        .args(["--no-audit", "--no-fund", "--loglevel=error"])
        .arg(format!("binaryen@{BINARYEN_VERSION}"))
        .run()
        .context("installing binaryen needs npm (Node.js); install it and try again")?;
    if !reports_version(&bin_dir.join("wasm-opt"), BINARYEN_VERSION) {
        bail!(
            "npm installed binaryen@{BINARYEN_VERSION}, but {} does not report version {BINARYEN_VERSION}",
            bin_dir.join("wasm-opt").display()
        );
    }
    Ok(bin_dir)
}

/// Chromium and ChromeDriver for the browser tests.
pub struct Browser {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

/// Looks for Chromium and ChromeDriver: `CHROMIUM` / `CHROMEDRIVER` when set, else on `PATH`.
/// The error says what is missing, in words fit for the summary table.
pub fn find_browser() -> std::result::Result<Browser, String> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let locate = |var: &str, names: &[&str]| -> std::result::Result<PathBuf, String> {
        if let Some(explicit) = std::env::var_os(var) {
            let explicit = PathBuf::from(explicit);
            return if explicit.is_file() {
                Ok(explicit)
            } else {
                Err(format!("{var}={} does not exist", explicit.display()))
            };
        }
        names
            .iter()
            .find_map(|name| find_all_in_path(name, &path).into_iter().next())
            .ok_or_else(|| format!("{} not found on PATH", names[0]))
    };
    let chromium = locate(
        "CHROMIUM",
        &[
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
        ],
    );
    let chromedriver = locate("CHROMEDRIVER", &["chromedriver"]);
    match (chromium, chromedriver) {
        (Ok(chromium), Ok(chromedriver)) => Ok(Browser {
            chromium,
            chromedriver,
        }),
        (Err(a), Err(b)) => Err(format!("{a}; {b}")),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// `apt-get install chromium chromium-driver` (Debian's packages), as root only.
pub fn install_browser_with_apt() -> Result<()> {
    if !is_root() {
        bail!("Chromium is missing and installing it with apt-get needs root");
    }
    eprintln!("xtask: installing Chromium and ChromeDriver with apt-get");
    Cmd::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()?;
    Cmd::new("apt-get")
        .args(["install", "-y", "chromium", "chromium-driver"])
        .env("DEBIAN_FRONTEND", "noninteractive")
        .run()
}

/// The CJK font certificate PDFs embed by default (Debian's `fonts-wqy-microhei`); the server
/// refuses to start without it unless `CEBASE_CERTIFICATE_FONT` names another font.
pub const DEFAULT_CERTIFICATE_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

/// Makes sure the Debian packages the server (and, with `for_tests`, the test suite) needs are
/// there, installing the missing ones with apt-get as root: the certificate font, and for the
/// tests poppler (the PDF test reads certificates back with `pdftotext`/`pdftoppm`) and PyJWT
/// (the credential test verifies signatures with a JOSE implementation independent of the
/// signer's).
pub fn ensure_system_packages(for_tests: bool) -> Result<()> {
    let font_configured = std::env::var_os("CEBASE_CERTIFICATE_FONT").is_some();
    let mut missing = Vec::new();
    if !font_configured && !Path::new(DEFAULT_CERTIFICATE_FONT).is_file() {
        missing.push("fonts-wqy-microhei");
    }
    if for_tests
        && find_all_in_path("pdftoppm", &std::env::var_os("PATH").unwrap_or_default()).is_empty()
    {
        missing.push("poppler-utils");
    }
    if !missing.is_empty() {
        if !is_root() {
            bail!(
                "missing Debian packages: {} (install them with `sudo apt-get install {}`)",
                missing.join(", "),
                missing.join(" ")
            );
        }
        eprintln!("xtask: installing {} with apt-get", missing.join(", "));
        Cmd::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive")
            .run()?;
        Cmd::new("apt-get")
            .args(["install", "-y"])
            .args(missing.iter().copied())
            .env("DEBIAN_FRONTEND", "noninteractive")
            .run()?;
    }
    if for_tests
        && Cmd::new("python3")
            .args(["-c", "import jwt, cryptography"])
            .probe()
            .is_none()
    {
        eprintln!("xtask: installing PyJWT[crypto] with pip");
        let pip = |extra: &[&str]| {
            Cmd::new("python3")
                .args(["-m", "pip", "install", "--quiet"])
                .args(extra.iter().copied())
                .arg("PyJWT[crypto]>=2.8")
                .run()
        };
        pip(&[]).or_else(|_| pip(&["--break-system-packages"]))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_locked_version() {
        let dir = std::env::temp_dir().join(format!("xtask-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(
            dir.join("Cargo.lock"),
            "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n\
             [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n",
        )
        .expect("write lock");
        assert_eq!(
            locked_version(&dir, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(&dir, "trunk"), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
