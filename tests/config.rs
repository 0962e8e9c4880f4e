#![allow(clippy::unwrap_used)]
mod common;

use common::{json_findings, run_in, write};

const BRIEF: &str = "# Title\n\nIt is very late. Prior to the vote, TODO.\n";

fn rules_found(dir: &std::path::Path, args: &[&str]) -> Vec<(String, String)> {
    let r = run_in(dir, args);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap_or_else(|_| panic!("{}", r.stderr));
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
        .filter(|(rule, _)| UNDER_TEST.contains(&rule.as_str()))
        .collect()
}

/// The rules these tests switch; structure rules also fire on the minimal briefs.
const UNDER_TEST: &[&str] = &["brief/weasel-words", "brief/wordy-phrases", "brief/placeholder-text"];

#[test]
fn disable_levels_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "brief.md", BRIEF);
    write(d, "drafts/draft.md", BRIEF);
    write(
        d,
        "brieflint.yaml",
        "disable: [brief/weasel-words]\nlevels:\n  brief/wordy-phrases: error\noverrides:\n  - files: 'drafts/**'\n    disable: [brief/placeholder-text]\n    enable: [brief/weasel-words]\n    levels: { brief/weasel-words: info }\npublication-date: 2025-11-01\n",
    );
    let top = rules_found(d, &["check", "brief.md", "--format", "json"]);
    assert_eq!(
        top,
        [("brief/wordy-phrases".into(), "error".into()), ("brief/placeholder-text".into(), "error".into())]
    );
    let draft = rules_found(d, &["check", "drafts/draft.md", "--format", "json"]);
    assert_eq!(draft, [("brief/weasel-words".into(), "info".into()), ("brief/wordy-phrases".into(), "error".into())]);
    // Found by walking up from a sub-folder too.
    let from_sub = rules_found(&d.join("drafts"), &["check", "draft.md", "--format", "json"]);
    assert_eq!(from_sub, draft);
}

#[test]
fn extra_rule_folders_from_config_and_flag() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "brief.md", "# Title\n\nThe Kremlin agreed.\n");
    let rule = "id: team/kremlin\nkind: substitution\nmessage: \"Say '%s', not '%s'\"\nswap: { Kremlin: Russian leadership }\nexamples: { valid: [x], invalid: [Kremlin] }\n";
    write(d, "style/kremlin.yaml", rule);
    let kremlin = |r: &common::Run| json_findings(&r.stdout).iter().filter(|f| f.0 == "team/kremlin").count();
    assert_eq!(kremlin(&run_in(d, &["check", "brief.md", "--format", "json"])), 0);
    let r = run_in(d, &["check", "brief.md", "--rules", "style", "--format", "json"]);
    assert_eq!(kremlin(&r), 1);
    write(d, "brieflint.yaml", "rules: [style]\n");
    let r = run_in(d, &["check", "brief.md", "--format", "json"]);
    assert_eq!(kremlin(&r), 1);
    assert!(r.stdout.contains("\"message\":\"Say 'Russian leadership', not 'Kremlin'\""));
}

#[test]
fn unknown_key_is_an_error_pointing_into_the_config() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brieflint.yaml", "disable: []\nfail-levle: warning\n");
    write(dir.path(), "a.md", BRIEF);
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown field `fail-levle`"), "{}", r.stderr);
    assert!(r.stderr.contains("brieflint.yaml:2:1"), "{}", r.stderr);
}

#[test]
fn unknown_rule_id_is_an_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brieflint.yaml", "disable:\n  - brief/weasel-word\n");
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown rule `brief/weasel-word`"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `brief/weasel-words`?"), "{}", r.stderr);
    assert!(r.stderr.contains("brieflint.yaml:2:5"), "{}", r.stderr);
}

#[test]
fn bad_publication_date_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brieflint.yaml", "publication-date: 2025-02-30\n");
    let r = run_in(dir.path(), &["check"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("`2025-02-30` is not a date written YYYY-MM-DD"), "{}", r.stderr);
}
