//! `cargo xtask openapi`: regenerate the committed `openapi/openapi.json` from the code
//! (`cebase openapi` prints it), the settings table of `docs/operations.md` from the settings'
//! declaration (`cebase settings-table` prints it) and the problem-code table of `docs/api.md`
//! from `cebase_domain::ProblemCode` (`cebase problem-table`). A test fails when any is stale.

use std::path::Path;

use anyhow::{Context, Result, bail};

use crate::process::Cmd;

pub fn regenerate(root: &Path) -> Result<()> {
    regenerate_spec(root)?;
    regenerate_table(root, "settings-table", "docs/operations.md")?;
    regenerate_table(root, "problem-table", "docs/api.md")
}

fn regenerate_spec(root: &Path) -> Result<()> {
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

/// Replaces the table of `doc_path` whose header is the first line `cebase <command>` prints.
fn regenerate_table(root: &Path, command: &str, doc_path: &str) -> Result<()> {
    let table = Cmd::cargo()
        .args([
            "run",
            "-q",
            "-p",
            "cebase-api",
            "--bin",
            "cebase",
            "--",
            command,
        ])
        .current_dir(root)
        .read_stdout()?;
    let file = root.join(doc_path);
    let doc = std::fs::read_to_string(&file)
        .with_context(|| format!("could not read {}", file.display()))?;
    let Some(header) = table.lines().next().filter(|l| l.starts_with('|')) else {
        bail!("`cebase {command}` did not print a Markdown table");
    };
    let new = splice_table(&doc, header, &table)
        .with_context(|| format!("{} has no line `{header}`", file.display()))?;
    std::fs::write(&file, &new).with_context(|| format!("could not write {}", file.display()))?;
    eprintln!(
        "xtask: wrote the {command} of {} ({})",
        file.display(),
        if new == doc { "unchanged" } else { "changed" }
    );
    Ok(())
}

/// `doc` with the table whose first line is `header` (up to the first line that is not a table
/// row) replaced by `table`.
fn splice_table(doc: &str, header: &str, table: &str) -> Option<String> {
    let start = doc.find(&format!("{header}\n"))?;
    let after = &doc[start..];
    let len = after
        .split_inclusive('\n')
        .take_while(|line| line.starts_with('|'))
        .map(str::len)
        .sum::<usize>();
    Some(format!("{}{table}{}", &doc[..start], &after[len..]))
}

#[cfg(test)]
mod tests {
    use super::splice_table;

    #[test]
    fn the_table_is_replaced_and_the_text_around_it_kept() {
        let doc = "intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nafter\n";
        assert_eq!(
            splice_table(doc, "| a | b |", "| a | b |\n|---|---|\n| 3 | 4 |\n").as_deref(),
            Some("intro\n\n| a | b |\n|---|---|\n| 3 | 4 |\n\nafter\n")
        );
        assert_eq!(splice_table(doc, "| x |", ""), None);
    }
}
