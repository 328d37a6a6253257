//! `cargo xtask openapi`: regenerate the committed `openapi/openapi.json` from the code
//! (`cebase openapi` prints it). A test in the api test binary fails when the file is stale.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::process::Cmd;

pub fn regenerate(root: &Path) -> Result<()> {
    let spec = Cmd::cargo()
        .args([
            "run",
            "-q",
            "-p",
            "cebase-api",
            "--bin",
            "cebase",
            "--",
            "openapi",
        ])
        .current_dir(root)
        .read_stdout()?;
    if !spec.trim_start().starts_with('{') {
        bail!("`cebase openapi` did not print a JSON document");
    }
    let dir = root.join("openapi");
    std::fs::create_dir_all(&dir).with_context(|| format!("could not create {}", dir.display()))?;
    let file = dir.join("openapi.json");
    let unchanged = std::fs::read_to_string(&file).is_ok_and(|old| old == spec);
    // Written exactly as printed: the freshness test compares the bytes.
    std::fs::write(&file, &spec).with_context(|| format!("could not write {}", file.display()))?;
    eprintln!(
        "xtask: wrote {} ({} bytes, {})",
        file.display(),
        spec.len(),
        if unchanged { "unchanged" } else { "changed" }
    );
    Ok(())
}
