//! Rendering: miette lives here and in nothing upstream of it.

mod formats;
pub mod graphical;
mod html;
mod json;

pub use formats::{checkstyle, concise, fingerprint, fnv1a, fnv1a_bytes, github, gitlab, junit, line, rdjson, sarif};
pub use graphical::{render_error, write_findings, write_findings_with};
pub use html::html;
pub use json::{render_json, write_json};

use crate::finding::Finding;
use crate::rules::Level;

/// Counts of findings by severity: (errors, warnings, infos).
pub fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    findings.iter().fold((0, 0, 0), |(e, w, i), f| match f.severity {
        Level::Error => (e + 1, w, i),
        Level::Warning => (e, w + 1, i),
        Level::Info => (e, w, i + 1),
    })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// One line closing a human report: `3 errors, 1 warning, 0 infos in 12 files`.
pub fn summary(findings: &[Finding], files: usize) -> String {
    let (e, w, i) = counts(findings);
    format!("{}, {}, {} in {}", plural(e, "error"), plural(w, "warning"), plural(i, "info"), plural(files, "file"))
}
