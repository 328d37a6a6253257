//! Building the single-page app: `trunk build --release` in `frontend/`, into `frontend/dist`,
//! the directory the server is pointed at with `CEBASE_SPA_DIR`.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::process::Cmd;
use crate::tools;

/// Where the built SPA goes (git-ignored).
pub fn dist_dir(root: &Path) -> PathBuf {
    root.join("frontend/dist")
}

/// Installs what is missing, builds the SPA and returns the directory holding it.
pub fn build(root: &Path) -> Result<PathBuf> {
    let tools = tools::ensure_spa_tools(root)?;
    let dist = dist_dir(root);
    // trunk runs cargo with --offline (see below), so the crates must be downloaded first; on a
    // fresh checkout nothing has fetched the front end's dependencies yet.
    Cmd::cargo()
        .args(["fetch", "--target", tools::WASM_TARGET])
        .current_dir(root)
        .run()?;
    Cmd::new(&tools.trunk)
        .args(["build", "--release", "--dist"])
        .arg(&dist)
        .current_dir(root.join("frontend"))
        .env_quiet("PATH", &tools.path)
        // No update check against crates.io on every build, and no downloading of tools: the
        // ones on PATH are the pinned ones, and a mismatch should fail loudly, not fetch.
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env("TRUNK_OFFLINE", "true")
        .run()?;
    if !dist.join("index.html").is_file() {
        bail!("trunk finished but {} has no index.html", dist.display());
    }
    eprintln!("xtask: SPA built into {}", dist.display());
    Ok(dist)
}
