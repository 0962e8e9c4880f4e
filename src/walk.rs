//! Finds the briefs to lint: Markdown files under the given paths, honouring
//! .gitignore and .ignore, skipping hidden files, minus `--exclude` globs.
//! A file named explicitly is always linted, whatever its kind (a device, a pipe);
//! `-` is standard input.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    /// Paths that could not be read, with the reason.
    pub errors: Vec<(String, String)>,
}

pub fn is_markdown(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("md" | "markdown"))
}

/// Walks `paths`. A bad `--exclude` glob is an error for the whole run.
pub fn collect(paths: &[PathBuf], excludes: &[String]) -> Result<Walked, String> {
    let mut walked = Walked::default();
    for root in paths {
        if root == Path::new(crate::engine::STDIN) {
            walked.files.push(root.clone());
            continue;
        }
        match std::fs::metadata(root) {
            // Named, anything but a folder is read as a file (a device or a pipe too, up to `max-file-mb`).
            Ok(meta) if !meta.is_dir() => walked.files.push(root.clone()),
            Ok(_) => walk_dir(root, excludes, &mut walked)?,
            Err(e) => walked.errors.push((root.display().to_string(), e.to_string())),
        }
    }
    walked.files.sort();
    walked.files.dedup();
    if paths.len() > 1 {
        keep_first_of_each_file(&mut walked.files);
    }
    walked.errors.sort();
    Ok(walked)
}

/// Drops a file found again under another name (`. fixtures` finds `./fixtures/a.md` and
/// `fixtures/a.md`), keeping the first in order: linted twice, a brief would be reported
/// twice and weigh double in the corpus's consistency checks. Only several roots can
/// find one file twice; files are told apart by device and inode.
fn keep_first_of_each_file(files: &mut Vec<PathBuf>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        let mut seen = std::collections::HashSet::new();
        files.retain(|path| match std::fs::metadata(path) {
            Ok(meta) if meta.is_file() => seen.insert((meta.dev(), meta.ino())),
            _ => true,
        });
    }
}

fn walk_dir(root: &Path, excludes: &[String], walked: &mut Walked) -> Result<(), String> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in excludes {
        overrides.add(&format!("!{glob}")).map_err(|e| format!("invalid --exclude glob `{glob}`: {e}"))?;
    }
    let overrides = overrides.build().map_err(|e| format!("invalid --exclude glob: {e}"))?;
    let walker = WalkBuilder::new(root).require_git(false).overrides(overrides).build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if is_file && is_markdown(entry.path()) {
                    walked.files.push(entry.into_path());
                }
            }
            Err(e) => {
                let path = error_path(&e).unwrap_or_else(|| root.display().to_string());
                walked.errors.push((path, e.to_string()));
            }
        }
    }
    Ok(())
}

fn error_path(error: &ignore::Error) -> Option<String> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
        _ => None,
    }
}
