//! Applying fixes: safe fixes by default, all with `--unsafe-fixes`. Writes are
//! atomic (temporary file in the same folder, permissions copied, rename; through a
//! symbolic link to its target), and a file that changed on disk since it was linted
//! is left alone.

use std::collections::BTreeMap;
use std::path::Path;

use crate::finding::{Finding, Fix};

/// What fixing one file gives: its new text, and how many fixes went in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub file: String,
    pub original: String,
    pub fixed: String,
    pub applied: usize,
}

/// The fixes to apply, grouped by file, in file order; overlapping fixes after the first are skipped.
pub fn plan(findings: &[Finding], unsafe_fixes: bool) -> BTreeMap<&str, Vec<&Fix>> {
    let mut by_file: BTreeMap<&str, Vec<&Fix>> = BTreeMap::new();
    for f in findings {
        if let Some(fix) = f.fix.as_ref().filter(|x| x.safe || unsafe_fixes) {
            by_file.entry(&f.file).or_default().push(fix);
        }
    }
    for fixes in by_file.values_mut() {
        fixes.sort_by_key(|x| (x.span.start, x.span.end));
        let mut end = 0;
        fixes.retain(|x| {
            let keep = x.span.start >= end;
            if keep {
                end = x.span.end;
            }
            keep
        });
    }
    by_file
}

/// Applies non-overlapping `fixes` (sorted by start) to `text`.
pub fn apply(text: &str, fixes: &[&Fix]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for fix in fixes {
        let (s, e) = (fix.span.start.min(text.len()), fix.span.end.min(text.len()));
        if s < at || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push_str(&fix.replacement);
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

/// Fixed texts for every file with fixes. `linted` gives the text each file had when it
/// was linted; a file whose text differs now is reported in the error list, not fixed.
pub fn prepare(
    findings: &[Finding],
    unsafe_fixes: bool,
    linted: &dyn Fn(&str) -> Option<u64>,
) -> (Vec<Fixed>, Vec<String>) {
    prepare_with(findings, unsafe_fixes, linted, &|file| std::fs::read(file))
}

/// `prepare`, each file's text now given by `read` (a stream's is what was read of it).
pub fn prepare_with(
    findings: &[Finding],
    unsafe_fixes: bool,
    linted: &dyn Fn(&str) -> Option<u64>,
    read: &dyn Fn(&str) -> std::io::Result<Vec<u8>>,
) -> (Vec<Fixed>, Vec<String>) {
    let mut fixed = Vec::new();
    let mut skipped = Vec::new();
    for (file, fixes) in plan(findings, unsafe_fixes) {
        let Ok(bytes) = read(file) else {
            skipped.push(format!("{file}: cannot be read again; not fixed"));
            continue;
        };
        let Ok(original) = String::from_utf8(bytes) else {
            skipped.push(format!("{file}: not valid UTF-8; not fixed"));
            continue;
        };
        if linted(file) != Some(content_hash(&original)) {
            skipped.push(format!("{file}: changed on disk since it was linted; not fixed"));
            continue;
        }
        let text = apply(&original, &fixes);
        if text != original {
            fixed.push(Fixed { file: file.to_string(), original, fixed: text, applied: fixes.len() });
        }
    }
    (fixed, skipped)
}

/// FNV-1a of a file's text: enough to notice that it changed under us.
pub fn content_hash(text: &str) -> u64 {
    crate::report::fnv1a(text.bytes())
}

/// Writes through a temporary file in the same folder, keeping the original's
/// permissions, then renames it over the original. On any error the original stays.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |out| out.write_all(bytes))
}

/// `write_atomically`, with the content written by `write` (buffered) as it is produced.
pub fn write_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // A symbolic link is written through: its target gets the text, and the link stays
    // (renaming over the link would replace it with a copy and leave the target as it was).
    let target = std::fs::symlink_metadata(path)
        .is_ok_and(|m| m.file_type().is_symlink())
        .then(|| std::fs::canonicalize(path).ok())
        .flatten();
    let path = target.as_deref().unwrap_or(path);
    // A read-only file is left as it is, as writing it in place would be refused.
    if std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly()) {
        return Err(std::io::Error::new(std::io::ErrorKind::PermissionDenied, "the file is read-only"));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temp = dir.join(format!(".{name}.brieflint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&temp)?);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&temp, meta.permissions())?;
        }
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// A unified diff of the changed lines, one hunk per changed line.
pub fn diff(fixed: &Fixed) -> String {
    let mut out = format!("--- {}\n+++ {}\n", fixed.file, fixed.file);
    let old: Vec<&str> = fixed.original.split_inclusive('\n').collect();
    let new: Vec<&str> = fixed.fixed.split_inclusive('\n').collect();
    // Fixes replace text inside lines, so lines correspond one to one unless a
    // replacement adds or removes a newline; then the rest is one hunk.
    if old.len() != new.len() {
        out.push_str(&format!("@@ -1,{} +1,{} @@\n", old.len(), new.len()));
        old.iter().for_each(|l| out.push_str(&format!("-{}", with_newline(l))));
        new.iter().for_each(|l| out.push_str(&format!("+{}", with_newline(l))));
        return out;
    }
    for (i, (a, b)) in old.iter().zip(&new).enumerate() {
        if a != b {
            out.push_str(&format!("@@ -{0},1 +{0},1 @@\n-{1}+{2}", i + 1, with_newline(a), with_newline(b)));
        }
    }
    out
}

fn with_newline(line: &str) -> String {
    if line.ends_with('\n') { line.to_string() } else { format!("{line}\n\\ No newline at end of file\n") }
}
