#![allow(clippy::unwrap_used)]
//! Safe fixes: applied atomically, idempotent, never over a file that changed on disk.

mod common;

use std::os::unix::fs::PermissionsExt;

use common::{run_in, write};

const TEXT: &str = "# T\n\nMoscow moved in order to secure it. Prior to the vote, they can't agree.\n";
const FIXED: &str = "# T\n\nMoscow moved to secure it. Before the vote, they cannot agree.\n";

#[test]
fn diff_shows_and_fix_applies_then_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", TEXT);
    std::fs::set_permissions(d.join("a.md"), std::fs::Permissions::from_mode(0o640)).unwrap();
    let diff = run_in(d, &["check", "a.md", "--diff"]);
    assert_eq!(diff.code, 1);
    assert_eq!(
        diff.stdout,
        "--- a.md\n+++ a.md\n@@ -3,1 +3,1 @@\n-Moscow moved in order to secure it. Prior to the vote, they can't agree.\n+Moscow moved to secure it. Before the vote, they cannot agree.\n"
    );
    assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), TEXT, "--diff writes nothing");

    let fixed = run_in(d, &["check", "a.md", "--fix", "--format", "concise"]);
    assert!(fixed.stderr.contains("applied 3 fixes in 1 files"), "{}", fixed.stderr);
    assert!(
        !fixed.stdout.contains("wordy-phrases") && !fixed.stdout.contains("contractions"),
        "re-linted after fixing"
    );
    assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), FIXED);
    let mode = std::fs::metadata(d.join("a.md")).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640, "permissions kept");

    let again = run_in(d, &["check", "a.md", "--fix"]);
    assert!(again.stderr.contains("applied 0 fixes in 0 files"));
    assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), FIXED, "fixing twice changes nothing more");
    let names: Vec<String> =
        std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names, ["a.md"], "no temporary file left");
}

#[test]
fn a_failed_write_keeps_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, TEXT).unwrap();
    // Occupy the temporary file's name with a folder, so writing it fails.
    let temp = dir.path().join(format!(".a.md.brieflint-{}.tmp", std::process::id()));
    std::fs::create_dir(&temp).unwrap();
    assert!(brieflint::fix::write_atomically(&path, FIXED.as_bytes()).is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), TEXT);
}

#[test]
fn a_file_changed_since_linting_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.md");
    std::fs::write(&path, TEXT).unwrap();
    let doc = brieflint::document::Document::parse(TEXT);
    let mut loader = brieflint::rules::load::Loader::default();
    loader.add_embedded();
    let (rules, _) = loader.finish();
    let rule = rules.get("brief/wordy-phrases").unwrap();
    let file: std::sync::Arc<str> = std::sync::Arc::from(path.to_str().unwrap());
    let findings = brieflint::engine::lint_document(&doc, &[(rule, rule.level)], &file, None).findings;
    assert!(!findings.is_empty());
    let linted = brieflint::fix::content_hash(TEXT);
    let (fixed, skipped) = brieflint::fix::prepare(&findings, false, &|_| Some(linted));
    assert_eq!(fixed.len(), 1);
    assert!(skipped.is_empty());
    // Someone edits the file after it was linted.
    std::fs::write(&path, format!("{TEXT}\nA new paragraph.\n")).unwrap();
    let (fixed, skipped) = brieflint::fix::prepare(&findings, false, &|_| Some(linted));
    assert!(fixed.is_empty());
    assert_eq!(skipped.len(), 1);
    assert!(skipped[0].ends_with("changed on disk since it was linted; not fixed"));
}

#[test]
fn number_format_fixes_follow_the_brief_majority() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "n.md",
        "# T\n\nTrade fell by 9% in 2024, by 3% in 2025 and by 4 per cent in 2026. Troops numbered 12,000 in May, 15,500 in June and 18000 in July.\n",
    );
    let r = run_in(d, &["check", "n.md", "--fix"]);
    assert!(r.stderr.contains("applied 2 fixes in 1 files"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("n.md")).unwrap(),
        "# T\n\nTrade fell by 9% in 2024, by 3% in 2025 and by 4% in 2026. Troops numbered 12,000 in May, 15,500 in June and 18,000 in July.\n"
    );
}

#[test]
fn a_percent_fix_after_a_digit_past_ascii_keeps_the_digit() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // '٣' (Arabic-Indic three) is two bytes: the edit starts after the whole character.
    write(d, "n.md", "# T\n\nGrowth was ٣ per cent in 2024, 4% in 2023 and 5% in 2022.\n");
    let r = run_in(d, &["check", "n.md", "--fix"]);
    assert!(r.stderr.contains("applied 1 fixes in 1 files"), "{}", r.stderr);
    assert_eq!(
        std::fs::read_to_string(d.join("n.md")).unwrap(),
        "# T\n\nGrowth was ٣% in 2024, 4% in 2023 and 5% in 2022.\n"
    );
}

/// A brief that is a symbolic link (a brief shared between folders) is fixed where it
/// stands: the link is kept and its target gets the fixes.
#[test]
fn a_linked_brief_is_fixed_through_its_link() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("shared")).unwrap();
    std::fs::create_dir(d.join("briefs")).unwrap();
    write(&d.join("shared"), "a.md", TEXT);
    std::os::unix::fs::symlink("../shared/a.md", d.join("briefs/a.md")).unwrap();
    let fixed = run_in(d, &["check", "briefs/a.md", "--fix", "--format", "concise"]);
    assert!(fixed.stderr.contains("applied 3 fixes in 1 files"), "{}", fixed.stderr);
    let link = std::fs::symlink_metadata(d.join("briefs/a.md")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is kept");
    assert_eq!(std::fs::read_to_string(d.join("shared/a.md")).unwrap(), FIXED, "its target is fixed");
    let names = |sub: &str| std::fs::read_dir(d.join(sub)).unwrap().count();
    assert_eq!((names("briefs"), names("shared")), (1, 1), "no temporary file left");
}

/// A read-only brief is not fixed (renaming over it would get past its mode): it is named
/// and left as it was.
#[test]
fn a_read_only_brief_is_not_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", TEXT);
    std::fs::set_permissions(d.join("a.md"), std::fs::Permissions::from_mode(0o444)).unwrap();
    let fixed = run_in(d, &["check", "a.md", "--fix", "--format", "concise"]);
    assert!(fixed.stderr.contains("a.md: cannot write (the file is read-only); left unchanged"), "{}", fixed.stderr);
    assert_eq!(std::fs::read_to_string(d.join("a.md")).unwrap(), TEXT);
    assert!(fixed.stdout.contains("brief/wordy-phrases"), "its findings are still reported: {}", fixed.stdout);
}
