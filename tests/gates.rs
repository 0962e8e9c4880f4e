#![allow(clippy::unwrap_used)]
//! `--changed-since` and unused suppression comments.

mod common;

use common::{json_findings, run_in, write};

fn git(dir: &std::path::Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(["-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
        .status
        .success();
    assert!(ok, "git {args:?}");
}

#[test]
fn changed_since_reports_changed_files_but_compares_with_the_whole_corpus() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "old.md", "# A\n\nKenya's tea exports rose by 5% in 2024. It is very late.\n");
    write(d, "new.md", "# B\n\nIt is fine.\n");
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "start"]);
    write(d, "new.md", "# B\n\nKenya's tea exports rose by 12% in 2024.\n");
    write(d, "untracked.md", "# C\n\nIt is very late.\n");
    let all: Vec<String> =
        json_findings(&run_in(d, &["check", "--format", "json"]).stdout).into_iter().map(|f| f.1).collect();
    assert!(all.contains(&"./old.md".to_string()));
    let r = run_in(d, &["check", "--changed-since", "HEAD", "--format", "json"]);
    let found: Vec<(String, String)> = json_findings(&r.stdout).into_iter().map(|f| (f.1, f.0)).collect();
    // The unchanged brief's own problems are not reported...
    assert!(!found.contains(&("./old.md".to_string(), "brief/weasel-words".to_string())), "{found:?}");
    // ...but its conflict with the changed brief is (found on whichever side comes later).
    assert!(found.iter().any(|(_, rule)| rule == "brief/figure-consistency"), "{found:?}");
    assert!(found.contains(&("./untracked.md".to_string(), "brief/weasel-words".to_string())), "{found:?}");
    assert_eq!(run_in(d, &["check", "--changed-since", "no-such-rev"]).code, 2);
}

#[test]
fn unused_suppressions_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "# TITLE\n\n**Trade will fall.**\n\n<!-- brieflint-disable-next-line brief/weasel-words -->\nTrade will fall very fast; we expect trade to fall.\n\n<!-- brieflint-disable-next-line brief/contractions -->\nTrade will fall; we expect trade to fall.\n";
    write(dir.path(), "a.md", text);
    let found = json_findings(&run_in(dir.path(), &["check", "a.md", "--format", "json"]).stdout);
    assert_eq!(found, [("brieflint/unused-suppression".to_string(), "a.md".to_string(), 8, 1)]);
}
