//! Any bytes through decoding, parsing, the full shipped pack (document and corpus
//! phases) and the graphical report: no panic, every finding inside its document, and the
//! same findings linted alone as in a group, rule by rule (as the engine lints small files).
#![no_main]

use std::sync::{Arc, LazyLock};

use brieflint::document::Document;
use brieflint::engine::{ToLint, finish_corpus, lint_document_with, lint_documents_with, prefilter_of};
use brieflint::rules::RuleSet;
use brieflint::rules::load::Loader;
use libfuzzer_sys::fuzz_target;

static PACK: LazyLock<RuleSet> = LazyLock::new(|| {
    let mut loader = Loader::default();
    loader.add_embedded();
    loader.finish().0
});

/// The pack's prefilter, made once as the engine makes it.
static PREFILTER: LazyLock<brieflint::rules::prefilter::Prefilter> = LazyLock::new(|| prefilter_of(PACK.rules.iter()));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document::parse(text.clone());
    let active: Vec<_> = PACK.rules.iter().map(|r| (r, r.level)).collect();
    // The graphical report reads the file back for its snippets: the bytes as given.
    let path = std::env::temp_dir().join(format!("brieflint-fuzz-{}.md", std::process::id()));
    std::fs::write(&path, data).unwrap();
    let file: Arc<str> = Arc::from(path.to_string_lossy().as_ref());
    let linted = lint_document_with(&doc, &active, &PREFILTER, &file, None);
    // In a group with another document (its lines the other way round): the same as alone.
    let other = Document::parse(text.lines().rev().collect::<Vec<_>>().join("\n"));
    let alike = |l: &brieflint::engine::Linted| format!("{:?}", (&l.findings, &l.corpus, &l.suppressions));
    let group = [&doc, &other].map(|doc| ToLint { doc, rules: &active, file: &file });
    let grouped = lint_documents_with(&group, &PACK.rules, &PREFILTER, None);
    assert_eq!(alike(&grouped[0]), alike(&linted));
    assert_eq!(alike(&grouped[1]), alike(&lint_document_with(&other, &active, &PREFILTER, &file, None)));
    let mut findings = linted.findings;
    findings.extend(finish_corpus(&PACK.rules, &linted.corpus.into_iter().collect::<Vec<_>>()));
    for f in &findings {
        assert!(f.span.start <= f.span.end && f.span.end <= text.len());
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    brieflint::report::write_findings(&findings, false, &mut std::io::sink()).unwrap();
});
