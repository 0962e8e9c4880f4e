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

#[test]
fn across_corpus_holds_every_brief_to_the_corpus_majority() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    common::write(d, "a.md", "# A\n\nTrade fell by 9%. Exports fell by 3%.\n");
    common::write(d, "b.md", "# B\n\nTrade fell by 4 per cent.\n");
    let per_brief = std::fs::read_to_string("rules/number-format.yaml").unwrap();
    let corpus = per_brief
        .replace("id: brief/number-format", "id: team/number-format")
        .replace("across: document", "across: corpus");
    assert_ne!(per_brief, corpus);
    common::write(d, "style/number-format.yaml", corpus);
    let run = |args: &[&str]| {
        common::diagnostics_of(args, &["brief/number-format", "team/number-format"])
            .iter()
            .map(|x| {
                format!("{} {} {}", x["rule"].as_str().unwrap(), common::file_name(x), x["message"].as_str().unwrap())
            })
            .collect::<Vec<_>>()
    };
    let dir_arg = d.to_str().unwrap();
    // Each brief is consistent with itself...
    assert_eq!(run(&["check", dir_arg, "--format", "json"]), Vec::<String>::new());
    // ...but not with the corpus.
    let style = d.join("style");
    assert_eq!(
        run(&["check", dir_arg, "--rules", style.to_str().unwrap(), "--format", "json"]),
        ["team/number-format b.md 'per cent' is 'per cent' in words; the corpus writes '%' (2 times)"]
    );
}
