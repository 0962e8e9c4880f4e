#![allow(clippy::unwrap_used)]
//! Random Markdown through parse, the full shipped pack and the graphical report: never a
//! panic, every finding points inside its document, on character boundaries, and its
//! snippet's header gives its line and column.

use std::sync::Arc;

use brieflint::document::Document;
use brieflint::engine::{ToLint, finish_corpus, lint_document_with, lint_documents_with, prefilter_of};
use brieflint::rules::load::Loader;
use proptest::prelude::*;

const FRAGMENTS: &[&str] = &[
    "# ",
    "## ",
    "#### ",
    "**",
    "*",
    "_",
    "`",
    "```\n",
    "~~",
    "> ",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n| c | d |\n",
    "![alt](x.png)",
    "[link](http://x)",
    "[^1]",
    "[^1]: note\n",
    "<!-- brieflint-disable -->",
    "<!-- brieflint-enable -->",
    "<!-- brieflint-disable-next-line brief/weasel-words -->\n",
    "---\ntitle: x\ndate: 2025-01-01\n---\n",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "é",
    "—",
    "’",
    "🙂",
    "\u{0}",
    "\u{feff}",
    "&amp;",
    "\\*",
    "very",
    "in order to",
    "TODO",
    "9%",
    "4 per cent",
    "US$ 3.2 billion",
    "1,200 km",
    "March 2023",
    "2023-03-12",
    "the first half of 2025",
    "Q3 2024",
    "from 190 to 174, a fall of 20%",
    "CSTO",
    "Collective Security Treaty Organisation (CSTO)",
    "organisation",
    "organization",
    "Source: A (B)",
    "Source:",
    "China–Russia trade fell by 9% in 2024.",
    "It seems ",
    "can't",
];

static PACK: std::sync::LazyLock<brieflint::rules::RuleSet> = std::sync::LazyLock::new(|| {
    let mut loader = Loader::default();
    loader.add_embedded();
    loader.finish().0
});

/// The pack's prefilter, made once as the engine makes it.
static PREFILTER: std::sync::LazyLock<brieflint::rules::prefilter::Prefilter> =
    std::sync::LazyLock::new(|| prefilter_of(PACK.rules.iter()));

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn random_markdown_never_panics_and_spans_are_valid(parts in prop::collection::vec(0..FRAGMENTS.len(), 0..60), words in prop::collection::vec("[a-zA-Z]{1,8}", 0..20)) {
        let mut text = String::new();
        for (i, p) in parts.iter().enumerate() {
            text.push_str(FRAGMENTS[*p]);
            if let Some(w) = words.get(i) {
                text.push_str(w);
                text.push(' ');
            }
        }
        let rules = &*PACK;
        let active: Vec<_> = rules.rules.iter().map(|r| (r, r.level)).collect();
        let doc = Document::parse(text.clone());
        prop_assert_eq!(doc.prose.len(), doc.source.len());
        // The graphical report reads the file back for its snippets.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("random.md");
        std::fs::write(&path, &text).unwrap();
        let file: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
        let linted = lint_document_with(&doc, &active, &PREFILTER, &file, None);
        // Linted in a group with another (its parts the other way round), rule by rule, as the
        // engine lints small files: the same as alone.
        let other = Document::parse(parts.iter().rev().map(|&p| FRAGMENTS[p]).collect::<String>());
        let group = [&doc, &other].map(|doc| ToLint { doc, rules: &active, file: &file });
        let grouped = lint_documents_with(&group, &rules.rules, &PREFILTER, None);
        let alike = |l: &brieflint::engine::Linted| format!("{:?}", (&l.findings, &l.corpus, &l.suppressions));
        prop_assert_eq!(alike(&grouped[0]), alike(&linted));
        prop_assert_eq!(alike(&grouped[1]), alike(&lint_document_with(&other, &active, &PREFILTER, &file, None)));
        let mut findings = linted.findings;
        findings.extend(finish_corpus(&rules.rules, &linted.corpus.into_iter().collect::<Vec<_>>()));
        for f in &findings {
            prop_assert!(f.span.start <= f.span.end && f.span.end <= text.len(), "{:?}", f);
            prop_assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end), "{:?}", f);
            prop_assert_eq!(doc.position(f.span.start), f.start);
            prop_assert!(f.start.line >= 1 && f.start.column >= 1);
        }
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        let mut report = Vec::new();
        brieflint::report::write_findings(&findings, false, &mut report).unwrap();
        let report = String::from_utf8(report).unwrap();
        // Each snippet's header gives where its first label starts, as the finding does.
        for f in findings.iter().filter(|f| !f.span.is_empty()) {
            let header = format!("[{}:{}:{}]", file, f.start.line, f.start.column);
            prop_assert!(report.contains(&header), "{} not in\n{}", header, report);
        }
    }
}
