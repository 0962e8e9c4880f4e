//! The HTML report in a real browser: Debian's chromium, driven headless by
//! playwright-core (`tests/browser/check-report.mjs`, installed by `.ci/run`).
//! Checks by DOM query that highlights sit on the text of their findings, that
//! filters change what is shown, that cross-brief links open the other brief,
//! that nothing from a brief runs, and that a 2,000-brief report loads fast.
//! Screenshots are kept in `target/html-report/`.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{run_in, write};
use serde_json::Value;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Whether chromium and playwright-core are installed. `.ci/run` installs them and
/// sets BRIEFLINT_BROWSER_TESTS=required, so CI cannot skip these tests.
fn browser_ready() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists() && manifest().join("tests/browser/node_modules/playwright-core").exists();
    if !ready {
        assert!(
            std::env::var("BRIEFLINT_BROWSER_TESTS").as_deref() != Ok("required"),
            "chromium or playwright-core missing; .ci/run installs them"
        );
        eprintln!("skipped: chromium or playwright-core not installed (see .ci/run)");
    }
    ready
}

/// Opens `report` in the browser (and `brief` in it, when given); what the page showed.
fn browse(report: &Path, brief: &str, shot: &str) -> Value {
    let shots = manifest().join("target/html-report");
    std::fs::create_dir_all(&shots).unwrap();
    let out = std::process::Command::new("node")
        .arg(manifest().join("tests/browser/check-report.mjs"))
        .args([report.to_str().unwrap(), brief, shots.join(shot).to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "browser run failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The text of a JSON diagnostic's span in `source` (columns count characters), without newlines.
fn span_text(source: &str, d: &Value) -> String {
    let offset = |line: u64, column: u64| -> usize {
        let start: usize = source.split_inclusive('\n').take(line as usize - 1).map(str::len).sum();
        let rest = &source[start..];
        start + rest.char_indices().nth(column as usize - 1).map_or(rest.len(), |(i, _)| i)
    };
    let (s, e) = (
        offset(d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()),
        offset(d["end_line"].as_u64().unwrap(), d["end_column"].as_u64().unwrap()),
    );
    source[s..e].replace('\n', "")
}

/// A corpus of fixture briefs and a hostile one, its JSON findings and its HTML report.
fn corpus() -> (tempfile::TempDir, Vec<Value>, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    for name in ["caspian-gas.md", "turkmen-gas-a.md", "turkmen-gas-b.md"] {
        std::fs::copy(manifest().join("fixtures/broken").join(name), dir.path().join(name)).unwrap();
    }
    let hostile = "# HOSTILE <script>window.__pwned = 1</script>\n\n**TODO: judge whether <img src=x onerror=\"window.__pwned=2\"> runs.**\n\n<script>alert('pwned'); window.__pwned = 3;</script>\n\nA closing </script><script>window.__pwned=4</script> tag and `<b onclick=x>` code, TODO.\n";
    write(dir.path(), "hostile.md", hostile);
    let json = run_in(dir.path(), &["check", "--format", "json", "."]);
    let report: Value = serde_json::from_str(&json.stdout).unwrap();
    let findings = report["diagnostics"].as_array().unwrap().clone();
    run_in(dir.path(), &["check", "--format", "html", "--output", "report.html", "."]);
    let path = dir.path().join("report.html");
    (dir, findings, path)
}

#[test]
fn highlights_sit_on_their_text_and_filters_change_what_is_shown() {
    if !browser_ready() {
        return;
    }
    let (dir, findings, report) = corpus();
    let page = browse(&report, "./caspian-gas.md", "caspian-gas.png");
    assert_eq!(page["dialogs"], Value::Array(vec![]));
    assert_eq!(page["requests"], Value::Array(vec![]), "the page must not load anything");
    assert_eq!(page["rows"].as_array().unwrap().len(), 4);
    assert_eq!(page["rows"][0][0], "./caspian-gas.md", "the brief with most findings comes first");

    let source = std::fs::read_to_string(dir.path().join("caspian-gas.md")).unwrap();
    let mine: Vec<(usize, &Value)> =
        findings.iter().enumerate().filter(|(_, d)| d["file"] == "./caspian-gas.md").collect();
    let marks = page["brief"]["marks"].as_array().unwrap();
    assert!(mine.len() >= 10, "{}", mine.len());
    for (id, d) in &mine {
        let marked: String = marks
            .iter()
            .filter(|m| m["ids"].as_array().unwrap().iter().any(|i| i.as_u64() == Some(*id as u64)))
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        let expected = span_text(&source, d);
        let expected = if expected.is_empty() { source.chars().next().unwrap().to_string() } else { expected };
        assert_eq!(marked, expected, "finding {id}: {}", d["message"]);
    }
    let notes = page["brief"]["notes"].as_array().unwrap();
    assert_eq!(notes.len(), mine.len());
    for n in notes {
        let d = &findings[n["id"].as_u64().unwrap() as usize];
        assert_eq!((&n["rule"], &n["msg"]), (&d["rule"], &d["message"]));
    }

    // Severity filter: warnings leave the brief and the list.
    let kept = mine.iter().filter(|(_, d)| d["severity"] != "warning").count();
    let without = &page["withoutWarnings"];
    assert_eq!(without["notes"].as_array().unwrap().len(), kept);
    assert!(kept < mine.len());
    for m in without["marks"].as_array().unwrap() {
        for i in m["ids"].as_array().unwrap() {
            assert_ne!(findings[i.as_u64().unwrap() as usize]["severity"], "warning");
        }
    }
    assert!(page["rowsWithoutWarnings"].as_array().unwrap().iter().all(|r| r[2] == "0"));

    // Rule filter: that rule's notes and marks go, the others stay.
    let rule = page["withoutRule"]["rule"].as_str().unwrap();
    let left = page["withoutRule"]["notes"].as_array().unwrap();
    assert!(left.iter().all(|n| n["rule"] != rule));
    assert_eq!(left.len(), mine.iter().filter(|(_, d)| d["rule"] != rule).count());
}

#[test]
fn conflicts_link_to_the_other_brief_and_nothing_from_a_brief_runs() {
    if !browser_ready() {
        return;
    }
    let (_dir, findings, report) = corpus();
    let conflict = findings
        .iter()
        .find(|d| d["file"] == "./turkmen-gas-b.md" && d["related"].as_array().is_some_and(|r| !r.is_empty()))
        .expect("a cross-brief conflict");
    let other = conflict["related"][0]["file"].as_str().unwrap();
    assert_ne!(other, "./turkmen-gas-b.md");
    let page = browse(&report, "./turkmen-gas-b.md", "turkmen-gas-b.png");
    assert_eq!(page["afterRelated"]["title"], other, "{page}");

    let page = browse(&report, "./hostile.md", "hostile.png");
    assert_eq!(page["pwned"], Value::Null);
    assert_eq!(page["dialogs"], Value::Array(vec![]));
    let text = page["brief"]["text"].as_str().unwrap();
    assert!(text.contains("<script>alert('pwned'); window.__pwned = 3;</script>"), "shown as text: {text}");
    let todo = page["brief"]["marks"].as_array().unwrap().iter().filter(|m| m["text"] == "TODO").count();
    assert_eq!(todo, 2);
}

#[test]
fn a_report_of_2000_briefs_and_20000_findings_loads_under_two_seconds() {
    if !browser_ready() {
        return;
    }
    use brieflint::document::{Document, Span};
    use brieflint::finding::Finding;
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(manifest().join("fixtures/clean/siberia-gas.md")).unwrap();
    let doc = Document::parse(text.clone());
    let words: Vec<Span> =
        doc.blocks.iter().flat_map(|b| doc.words(b.span).collect::<Vec<_>>()).step_by(7).take(10).collect();
    assert_eq!(words.len(), 10);
    let mut paths = Vec::new();
    let mut findings = Vec::new();
    for n in 0..2000 {
        let path = dir.path().join(format!("brief-{n:04}.md")).display().to_string();
        std::fs::write(&path, &text).unwrap();
        let file: Arc<str> = Arc::from(path.as_str());
        for (k, &span) in words.iter().enumerate() {
            findings.push(Finding {
                rule: Arc::from(format!("house/rule-{}", k % 5)),
                severity: [brieflint::rules::Level::Error, brieflint::rules::Level::Warning][k % 2],
                message: format!("finding {k} on '{}'", doc.text(span)).into(),
                help: Some("help text".into()),
                file: file.clone(),
                span,
                start: doc.position(span.start),
                end: doc.position(span.end),
                related: Vec::new(),
                fix: None,
            });
        }
        paths.push(path);
    }
    let read = |p: &str| std::fs::read_to_string(p).ok();
    let html = brieflint::report::html(&findings, &paths, &read);
    let report = dir.path().join("report.html");
    std::fs::write(&report, html).unwrap();
    let page = browse(&report, "", "large.png");
    let ms = page["renderedMs"].as_f64().unwrap();
    assert_eq!(page["rows"].as_array().unwrap().len(), 2000);
    assert_eq!(page["headline"], "20000 findings shown of 20000 in 2000 linted files");
    eprintln!("2,000 briefs, 20,000 findings: rendered {ms} ms after navigation");
    assert!(ms < 2000.0, "{ms} ms");
}
