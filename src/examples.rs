//! Runs the examples every rule carries: valid snippets must pass, invalid ones must be flagged.

use std::sync::Arc;

use crate::document::Document;
use crate::engine::{finish_corpus, lint_document};
use crate::finding::Finding;
use crate::rules::Rule;

/// Findings of `rule` alone on a Markdown snippet. Corpus rules see the
/// snippet as a corpus of one brief. Snippets are published on 2025-12-31
/// unless their front matter says otherwise.
pub fn findings_for(rule: &Rule, snippet: &str) -> Vec<Finding> {
    let doc = Document::parse(snippet);
    let file: Arc<str> = Arc::from("<example>");
    let published = crate::config::Date::parse("2025-12-31");
    let linted = lint_document(&doc, &[(rule, rule.level)], &file, published);
    let mut findings = linted.findings;
    findings.extend(finish_corpus(std::slice::from_ref(rule), &linted.corpus.into_iter().collect::<Vec<_>>()));
    crate::engine::sort(&mut findings);
    findings
}

/// Why the rule's examples fail; empty when they all pass.
pub fn failures(rule: &Rule) -> Vec<String> {
    let mut failures = Vec::new();
    if rule.examples.valid.is_empty() || rule.examples.invalid.is_empty() {
        failures.push("needs at least one valid and one invalid example".to_string());
    }
    for (i, snippet) in rule.examples.valid.iter().enumerate() {
        let found = findings_for(rule, snippet);
        if let Some(f) = found.first() {
            failures.push(format!(
                "valid example {} was flagged at {}:{}: {}",
                i + 1,
                f.start.line,
                f.start.column,
                f.message
            ));
        }
    }
    for (i, example) in rule.examples.invalid.iter().enumerate() {
        let found = findings_for(rule, example.text());
        let found: Vec<String> =
            found.iter().map(|f| format!("{}:{} {}", f.start.line, f.start.column, f.message)).collect();
        match example.expect() {
            _ if found.is_empty() => failures.push(format!("invalid example {} produced no finding", i + 1)),
            Some(expected) if expected != found.as_slice() => {
                failures.push(format!("invalid example {} produced {found:?}, expected {expected:?}", i + 1))
            }
            _ => {}
        }
    }
    failures
}

/// Documentation for one rule, generated from its fields and examples.
pub fn explain(rule: &Rule) -> String {
    let mut out = format!("# {}\n\n", rule.id);
    out.push_str(&format!(
        "kind: {} · level: {} · {}\n",
        rule.check.name(),
        rule.level.as_str(),
        if rule.enabled { "on by default" } else { "off by default" }
    ));
    out.push_str(&format!("defined in: {}\n\n", rule.origin.path));
    for text in [rule.description.as_deref(), rule.help.as_deref()].into_iter().flatten() {
        out.push_str(text.trim());
        out.push_str("\n\n");
    }
    if let Some(link) = &rule.link {
        out.push_str(&format!("see: {link}\n\n"));
    }
    let invalid: Vec<&str> = rule.examples.invalid.iter().map(|e| e.text()).collect();
    let valid: Vec<&str> = rule.examples.valid.iter().map(String::as_str).collect();
    for (title, snippets) in [("Flagged", invalid), ("Accepted", valid)] {
        for snippet in snippets {
            out.push_str(&format!("## {title}\n\n"));
            for line in snippet.trim_end().lines() {
                out.push_str(&format!("    {line}\n"));
            }
            for f in findings_for(rule, snippet) {
                out.push_str(&format!("\n  → {}:{}: {}", f.start.line, f.start.column, f.message));
                if let Some(fix) = &f.fix {
                    out.push_str(&format!(" (fix: `{}`)", fix.replacement));
                }
            }
            out.push_str("\n\n");
        }
    }
    out
}
