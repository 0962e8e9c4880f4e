#![allow(clippy::unwrap_used)]
//! Rule files: the shipped pack's examples, and load errors rendered against the YAML.

use brieflint::report::render_error;
use brieflint::rules::load::{Loader, parse_rule};

#[test]
fn every_shipped_rule_passes_its_examples() {
    let mut loader = Loader::default();
    loader.add_embedded();
    let (rules, errors) = loader.finish();
    assert!(errors.is_empty(), "{errors:?}");
    let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/rules")).unwrap().count();
    assert_eq!(rules.rules.len(), files, "every file in rules/ is embedded");
    for rule in &rules.rules {
        assert!(!rule.examples.valid.is_empty() && !rule.examples.invalid.is_empty(), "{}", rule.id);
        assert_eq!(brieflint::examples::failures(rule), Vec::<String>::new(), "{}", rule.id);
    }
}

fn error(text: &str) -> String {
    let e = parse_rule("team/rule.yaml", text).unwrap_err();
    render_error(&e, false)
}

#[test]
fn unknown_key() {
    insta::assert_snapshot!(error("id: team/a\nkind: existence\nmessage: '%s'\ntokens: [x]\ntoekns: [y]\n"));
}

#[test]
fn unknown_kind() {
    insta::assert_snapshot!(error("id: team/a\nkind: existance\nmessage: '%s'\n"));
}

#[test]
fn bad_regex_points_at_the_token() {
    insta::assert_snapshot!(error("id: team/a\nkind: existence\nmessage: '%s'\ntokens:\n  - fine\n  - '(unclosed'\n"));
}

#[test]
fn bad_scope() {
    insta::assert_snapshot!(error(
        "id: team/a\nkind: existence\nmessage: '%s'\nscope: [paragraph, headnig]\ntokens: [x]\n"
    ));
}

#[test]
fn wrong_type() {
    insta::assert_snapshot!(error("id: team/a\nkind: substitution\nmessage: '%s'\nswap: [a, b]\n"));
}

#[test]
fn bad_level() {
    insta::assert_snapshot!(error("id: team/a\nkind: existence\nlevel: fatal\nmessage: '%s'\ntokens: [x]\n"));
}

#[test]
fn broken_yaml() {
    insta::assert_snapshot!(error("id: team/a\nkind: existence\n  message: '%s'\n"));
}

#[test]
fn missing_pattern() {
    insta::assert_snapshot!(error("id: team/a\nkind: existence\nmessage: '%s'\n"));
}

#[test]
fn duplicate_ids_across_files() {
    let mut loader = Loader::default();
    let rule = "id: team/a\nkind: existence\nmessage: '%s'\ntokens: [x]\n";
    loader.add("one.yaml", rule);
    loader.add("two.yaml", rule);
    let (rules, errors) = loader.finish();
    assert_eq!(rules.rules.len(), 1);
    insta::assert_snapshot!(render_error(&errors[0], false));
}

#[test]
fn broken_rule_folder_exits_2_and_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "id: team/a\nkind: existence\nmessage: '%s'\ntokens: ['(x']\n")
        .unwrap();
    std::fs::write(dir.path().join("also.yaml"), "id: team/b\nkind: nope\n").unwrap();
    let out = assert_cmd::cargo::cargo_bin_cmd!("brieflint")
        .args(["check", "--rules"])
        .arg(dir.path())
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/clean"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.yaml:4:11") && stderr.contains("also.yaml:2:7"), "both errors reported: {stderr}");
}
