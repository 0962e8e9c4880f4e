//! `--format html`: one self-contained page for editors. The findings and the
//! text of the briefs they point into travel as JSON inside the page; the
//! page's script draws the summary, the list and each brief on demand, and
//! only ever inserts document text as text nodes, so nothing from a brief runs.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::finding::Finding;
use crate::rules::Level;

const TEMPLATE: &str = include_str!("html_template.html");

/// The page for `findings` over the `linted` files; `read` gives a file's text
/// (as linted) for highlighting, or None when it can no longer be read.
pub fn html(findings: &[Finding], linted: &[String], read: &dyn Fn(&str) -> Option<String>) -> String {
    let mut files: BTreeMap<&str, usize> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let related = findings.iter().flat_map(|f| f.related.iter().map(|r| &*r.file));
    for path in linted.iter().map(String::as_str).chain(findings.iter().map(|f| &*f.file)).chain(related) {
        if !files.contains_key(path) {
            files.insert(path, order.len());
            order.push(path);
        }
    }
    // Byte offsets become UTF-16 offsets, the unit of JavaScript strings.
    let mut wanted: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for f in findings {
        wanted.entry(&f.file).or_default().extend([f.span.start, f.span.end]);
        for r in &f.related {
            wanted.entry(&r.file).or_default().push(r.span.start);
        }
    }
    let mut texts: Vec<Value> = vec![Value::Null; order.len()];
    let mut utf16: BTreeMap<&str, BTreeMap<usize, usize>> = BTreeMap::new();
    for (path, offsets) in &wanted {
        if let Some(text) = read(path) {
            utf16.insert(path, to_utf16(&text, offsets));
            texts[files[path]] = Value::String(text);
        }
    }
    let at = |path: &str, byte: usize| utf16.get(path).and_then(|m| m.get(&byte)).copied().unwrap_or(0);
    let mut rules: Vec<&str> = findings.iter().map(|f| &*f.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    let rows: Vec<Value> = findings
        .iter()
        .map(|f| {
            let related: Vec<Value> = f
                .related
                .iter()
                .map(|r| json!([files[&*r.file], at(&r.file, r.span.start), r.start.line, r.start.column, r.message]))
                .collect();
            json!([
                files[&*f.file],
                rules.binary_search(&&*f.rule).unwrap_or(0),
                severity(f.severity),
                at(&f.file, f.span.start),
                at(&f.file, f.span.end),
                f.start.line,
                f.start.column,
                &*f.message,
                f.help.as_deref(),
                related
            ])
        })
        .collect();
    let paths: Vec<Value> = order.iter().zip(texts).map(|(p, t)| json!({"path": p, "text": t})).collect();
    let data = json!({"rules": rules, "files": paths, "findings": rows, "linted": linted.len()});
    // `<` only occurs inside JSON strings, where `\u003c` means the same; the page's
    // script element then cannot be closed by a brief's text.
    let data = data.to_string().replace('<', "\\u003c");
    TEMPLATE.replace("{{DATA}}", &data)
}

fn severity(level: Level) -> u8 {
    match level {
        Level::Error => 0,
        Level::Warning => 1,
        Level::Info => 2,
    }
}

/// The UTF-16 offset of each byte offset (clamped to the text, rounded down to a character).
fn to_utf16(text: &str, offsets: &[usize]) -> BTreeMap<usize, usize> {
    let mut sorted: Vec<usize> = offsets.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut out = BTreeMap::new();
    let mut wanted = sorted.into_iter().peekable();
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        while let Some(&w) = wanted.peek() {
            if w > byte {
                break;
            }
            out.insert(w, units);
            wanted.next();
        }
        units += c.len_utf16();
    }
    for w in wanted {
        out.insert(w, units);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_surrogate_pairs() {
        let text = "é😀a";
        let m = to_utf16(text, &[0, 2, 6, 7, 99]);
        assert_eq!(m[&0], 0);
        assert_eq!(m[&2], 1);
        assert_eq!(m[&6], 3);
        assert_eq!(m[&7], 4);
        assert_eq!(m[&99], 4);
    }
}
