#![allow(clippy::unwrap_used)]
//! Acronyms, spelling, number format and arithmetic on the fixtures: the seeded
//! defects are found and nothing else, and the clean briefs stay clean.

mod common;

const RULES: &[&str] =
    &["brief/acronym-defined", "brief/spelling-consistency", "brief/number-format", "brief/arithmetic"];

fn findings(args: &[&str]) -> Vec<String> {
    common::diagnostics_of(args, RULES)
        .iter()
        .map(|d| format!("{}:{}:{} {}", common::file_name(d), d["line"], d["column"], d["message"].as_str().unwrap()))
        .collect()
}

#[test]
fn seeded_style_defects_are_found_and_only_those() {
    assert_eq!(
        findings(&["check", "fixtures", "--format", "json"]),
        [
            "csto-exercises.md:10:5 CSTO is used before its definition at 10:116",
            "csto-exercises.md:14:56 from 1,500 to 2,100 is a rise of 40.0%, not a rise of 30%",
            "csto-exercises.md:14:119 'per cent' is 'per cent' in words; this brief writes '%' (2 times)",
            "csto-exercises.md:14:133 SCO is used without being defined; write the full name with (SCO) at first use",
            "csto-exercises.md:16:91 'organization' is American spelling; this brief writes British spelling (5 times)",
        ]
    );
}

#[test]
fn clean_briefs_and_the_example_brief_have_none() {
    let found = findings(&["check", "fixtures/clean", "../shared/briefs/example-brief.md", "--format", "json"]);
    assert_eq!(found, Vec::<String>::new());
}
