//! Zips of certificate PDFs (a class's certificates in one download).

use std::io::{Cursor, Write};

use anyhow::{Context, bail};
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// A zip archive of `files` (name, content), deflated, in the given order. Names must be
/// plain, unique file names (no directories, no `..`), so an archive never unpacks outside
/// the folder it is opened in.
pub fn zip_files(files: Vec<(String, Vec<u8>)>) -> anyhow::Result<Vec<u8>> {
    let mut seen = std::collections::HashSet::new();
    for (name, _) in &files {
        if name.is_empty() || name.contains(['/', '\\', '\0']) || name == "." || name == ".." {
            bail!("`{name}` is not a plain file name for a zip entry");
        }
        if !seen.insert(name.as_str()) {
            bail!("the zip would hold `{name}` twice");
        }
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, content) in files {
        zip.start_file(name.as_str(), options)
            .with_context(|| format!("adding {name} to the zip"))?;
        zip.write_all(&content)
            .with_context(|| format!("writing {name} into the zip"))?;
    }
    Ok(zip.finish().context("finishing the zip")?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn files_come_back_out_of_the_zip() {
        let bytes = zip_files(vec![
            ("CEB2026000001.pdf".into(), b"%PDF-1 first".to_vec()),
            ("CEB2026000002.pdf".into(), vec![7u8; 10_000]),
        ])
        .expect("zips");
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
        assert_eq!(archive.len(), 2);
        let mut first = String::new();
        archive
            .by_name("CEB2026000001.pdf")
            .expect("entry")
            .read_to_string(&mut first)
            .expect("read");
        assert_eq!(first, "%PDF-1 first");
        let mut second = Vec::new();
        archive
            .by_name("CEB2026000002.pdf")
            .expect("entry")
            .read_to_end(&mut second)
            .expect("read");
        assert_eq!(second, vec![7u8; 10_000]);
    }

    #[test]
    fn unsafe_or_duplicate_names_are_refused() {
        for bad in ["../evil.pdf", "dir/a.pdf", "", ".."] {
            assert!(
                zip_files(vec![(bad.into(), vec![1])]).is_err(),
                "{bad:?} accepted"
            );
        }
        let err = zip_files(vec![("a.pdf".into(), vec![1]), ("a.pdf".into(), vec![2])])
            .expect_err("duplicate");
        assert!(err.to_string().contains("twice"), "{err}");
    }
}
