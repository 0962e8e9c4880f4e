#![allow(clippy::unwrap_used)]
//! Baselines: one command to adopt, only new findings afterwards, fixed entries counted,
//! and moving text does not resurrect old findings.

mod common;

use common::{json_findings, run_in, write};

const OLD: &str = "# TITLE\n\n**Trade will fall.**\n\nTrade will fall very fast, as we expect trade to fall.\n\nPrior to the vote, TODO.\n";

#[test]
fn adopt_then_report_only_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", OLD);
    let before = json_findings(&run_in(d, &["check", "--format", "json"]).stdout);
    assert!(before.len() >= 3, "{before:?}");
    let adopt = run_in(d, &["baseline"]);
    assert_eq!(adopt.code, 0);
    assert_eq!(adopt.stderr, format!("brieflint: recorded {} findings in brieflint-baseline.json\n", before.len()));
    let r = run_in(d, &["check", "--baseline", "brieflint-baseline.json", "--format", "json"]);
    assert_eq!(r.code, 0, "the baselined error no longer fails the run");
    assert_eq!(json_findings(&r.stdout), Vec::new());

    // Lines inserted above move everything down: nothing comes back.
    write(
        d,
        "a.md",
        format!("# TITLE\n\n**Trade will fall.**\n\nA new opening paragraph about trade.\n\n{}", &OLD[31..]),
    );
    let unfiltered = json_findings(&run_in(d, &["check", "--format", "json"]).stdout);
    assert_eq!(unfiltered.len(), before.len(), "the same findings, on other lines");
    assert_ne!(unfiltered, before);
    let moved = run_in(d, &["check", "--baseline", "brieflint-baseline.json", "--format", "json"]);
    assert_eq!(json_findings(&moved.stdout), Vec::new(), "{}", moved.stdout);

    // A new problem is reported; a fixed one is counted.
    write(d, "a.md", OLD.replace("Prior to the vote, TODO.", "The vote is due. It is clearly late."));
    let r = run_in(d, &["check", "--baseline", "brieflint-baseline.json", "--format", "json"]);
    let rules: Vec<String> = json_findings(&r.stdout).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["brief/weasel-words"]);
    let fixed = "2 baseline entries no longer occur (fixed):\n  ./a.md: brief/placeholder-text Placeholder 'TODO' left in the text\n  ./a.md: brief/wordy-phrases Use 'before' instead of 'Prior to'\n";
    assert!(r.stderr.contains(fixed), "{}", r.stderr);
}

#[test]
fn a_broken_baseline_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", OLD);
    write(dir.path(), "b.json", "{\"version\": 1}");
    let r = run_in(dir.path(), &["check", "--baseline", "b.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("b.json is not a brieflint baseline"), "{}", r.stderr);
    let r = run_in(dir.path(), &["check", "--baseline", "missing.json"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot read baseline missing.json"), "{}", r.stderr);
}
