//! Baselines: adopt brieflint on a corpus with old findings in one command.
//! Entries are content-addressed (rule, file, message and the text of the
//! finding's line, not its number), so moving text does not resurrect them.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::report::fingerprint;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub message: String,
    pub fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// The text of a file by its name in findings (`Outcome::source_of`).
pub type Read<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The fingerprint of each finding, reading each file once (with `read`) for its lines.
pub fn fingerprints(findings: &[Finding], read: Read) -> Vec<String> {
    let mut texts: HashMap<&str, Option<String>> = HashMap::new();
    findings
        .iter()
        .map(|f| {
            let text = texts.entry(&f.file).or_insert_with(|| read(&f.file));
            let line = text.as_deref().and_then(|t| crate::document::line_text(t, f.start.line as usize)).unwrap_or("");
            fingerprint(&[&f.rule, &f.file, &f.message, line.trim()])
        })
        .collect()
}

pub fn from_findings(findings: &[Finding], read: Read) -> Baseline {
    let mut entries: Vec<Entry> = findings
        .iter()
        .zip(fingerprints(findings, read))
        .map(|(f, fingerprint)| Entry {
            file: f.file.to_string(),
            rule: f.rule.to_string(),
            message: f.message.to_string(),
            fingerprint,
        })
        .collect();
    entries.sort();
    Baseline { version: 1, entries }
}

pub fn load(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("baseline {} is not a brieflint baseline: {e}", path.display()))
}

pub fn to_json(baseline: &Baseline) -> String {
    let mut out = serde_json::to_string_pretty(baseline).unwrap_or_default();
    out.push('\n');
    out
}

/// Drops the findings the baseline records (each entry absorbs one finding) and
/// returns the entries that no longer occur: fixed since the baseline was written.
pub fn apply<'b>(findings: &mut Vec<Finding>, baseline: &'b Baseline, read: Read) -> Vec<&'b Entry> {
    let mut remaining: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in &baseline.entries {
        remaining.entry(&e.fingerprint).or_default().push(e);
    }
    let keep: Vec<bool> = fingerprints(findings, read)
        .iter()
        .map(|p| remaining.get_mut(p.as_str()).and_then(Vec::pop).is_none())
        .collect();
    let mut keep = keep.into_iter();
    findings.retain(|_| keep.next().unwrap_or(true));
    let mut fixed: Vec<&Entry> = remaining.into_values().flatten().collect();
    fixed.sort();
    fixed
}
