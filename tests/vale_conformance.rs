//! Vale conformance: rules in Vale's own format (`tests/vale/styles`), switched
//! by a `.vale.ini`, over Markdown inputs, compared line by line with the
//! expected `path:line:col:Style.Rule:message` output, as Vale's feature tests
//! do. The cases follow Vale's documented semantics (../shared/notes/vale-rule-language.md).
#![allow(clippy::unwrap_used)]

mod common;

use common::{run, run_in};

/// Findings of the Vale rules only (the shipped `brief/` pack runs beside them).
fn vale_lines(stdout: &str) -> Vec<&str> {
    stdout.lines().filter(|l| !l.contains(":brief/")).collect()
}

#[test]
fn vale_styles_run_unchanged() {
    let r = run(&["check", "--vale-config", "tests/vale/.vale.ini", "--format", "line", "tests/vale/docs"]);
    let expected = std::fs::read_to_string("tests/vale/expected.txt").unwrap();
    assert_eq!(vale_lines(&r.stdout), expected.lines().collect::<Vec<_>>(), "stderr: {}", r.stderr);
    // Error-level Vale findings fail the run, as in Vale.
    assert_eq!(r.code, 1);
}

#[test]
fn vale_ini_is_found_from_the_working_folder() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vale");
    let r = run_in(&dir, &["check", "--format", "line", "docs/prose.md"]);
    assert!(r.stdout.contains("docs/prose.md:3:1:Test.Hedges:Avoid the hedge 'It seems'."), "{}", r.stdout);
    let r = run_in(&dir, &["check", "--no-vale", "--format", "line", "docs/prose.md"]);
    assert!(!r.stdout.contains("Test.Hedges"), "{}", r.stdout);
}

#[test]
fn min_alert_level_drops_lower_findings() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vale");
    let ini = format!(
        "StylesPath = {}\nMinAlertLevel = error\n[*.md]\nBasedOnStyles = Test\n",
        root.join("styles").display()
    );
    std::fs::write(dir.path().join(".vale.ini"), ini).unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nIt seems the the talks stall.\n").unwrap();
    let r = run_in(dir.path(), &["check", "--format", "line", "a.md"]);
    // Test.Hedges is a warning, Test.Doubled an error; brief/ rules below error go too.
    assert_eq!(r.stdout.lines().collect::<Vec<_>>(), ["a.md:3:10:Test.Doubled:'the' is repeated."], "{}", r.stderr);
}

/// A Vale setup with one rule file and one `.vale.ini` in a fresh folder.
fn setup(rule: &str, ini_extra: &str) -> (tempfile::TempDir, common::Run) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("styles/House")).unwrap();
    std::fs::write(dir.path().join("styles/House/Rule.yml"), rule).unwrap();
    let ini = format!("StylesPath = styles\n[*.md]\nBasedOnStyles = House\n{ini_extra}");
    std::fs::write(dir.path().join(".vale.ini"), ini).unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nText.\n").unwrap();
    let r = run_in(dir.path(), &["check", "--format", "line", "a.md"]);
    (dir, r)
}

#[test]
fn rule_files_brieflint_cannot_run_are_clear_errors() {
    let tag = "extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n  - pattern: cat\n";
    let (_d, r) = setup(tag, "");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("part-of-speech `tag`s need a tagger"), "{}", r.stderr);
    assert!(r.stderr.contains("Rule.yml:4"), "{}", r.stderr);

    let (_d, r) = setup("extends: script\nmessage: x\nscript: 'x := 1'\n", "");
    assert!(r.code == 2 && r.stderr.contains("Tengo scripts"), "{}", r.stderr);

    let (_d, r) = setup("extends: existence\nmessage: x\ntokens: ['(?<=a']\n", "");
    assert!(r.code == 2 && r.stderr.contains("invalid regex `(?<=a`"), "{}", r.stderr);
}

#[test]
fn ini_errors_point_at_the_setting() {
    let rule = "extends: existence\nmessage: \"'%s'\"\ntokens: [Text]\n";
    let (_d, r) = setup(rule, "House.Rulz = NO\n");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("unknown rule `House.Rulz`") && r.stderr.contains(".vale.ini:4"), "{}", r.stderr);

    let (_d, r) = setup(rule, "House.Rule = loud\n");
    assert!(r.stderr.contains("`loud` is not YES, NO, suggestion, warning or error"), "{}", r.stderr);

    let (_d, r) = setup(rule, "");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("a.md:3:1:House.Rule:'Text'"), "{}", r.stdout);
}

#[test]
fn action_remove_becomes_an_unsafe_fix() {
    let rule =
        "extends: existence\nmessage: \"Remove '%s'\"\nignorecase: true\ntokens: [very]\naction:\n  name: remove\n";
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("styles/House")).unwrap();
    std::fs::write(dir.path().join("styles/House/Rule.yml"), rule).unwrap();
    std::fs::write(dir.path().join(".vale.ini"), "StylesPath = styles\n[*.md]\nBasedOnStyles = House\n").unwrap();
    std::fs::write(dir.path().join("a.md"), "# A\n\nIt is very likely.\n").unwrap();
    run_in(dir.path(), &["check", "--fix", "a.md"]);
    assert!(std::fs::read_to_string(dir.path().join("a.md")).unwrap().contains("It is very likely."));
    run_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.md"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("a.md")).unwrap(), "# A\n\nIt is likely.\n");
}
