#![allow(clippy::unwrap_used)]
//! Rule files: the shipped pack's examples, and load errors rendered against the YAML.

mod common;

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

/// A style guide's word list of 20,000 entries loads, and finds what the same rule with
/// only the words that occur finds (existence tokens and exceptions, substitution entries,
/// capitalization exceptions, repetition tokens): the same places, whether the text has
/// letters outside ASCII or not. A long list is looked up, a short one runs its
/// regex: the two agree. (Such a list did not compile, and ten of 2,000 words made a run
/// 80 times slower; matched, it took half a millisecond a match.)
#[test]
fn a_long_word_list_finds_what_a_short_one_finds() {
    // 20,000 words of eight letters that share little (an LCG's digits in base 26).
    let filler = (0..20_000u64).map(|k| {
        let mut x = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) >> 20;
        (0..8)
            .map(|_| {
                let c = char::from(b'a' + (x % 26) as u8);
                x /= 26;
                c
            })
            .collect::<String>()
    });
    let real = ["arctic", "shipping", "Sea Route", "café", "São", "ice", "route"];
    let rules = |words: Vec<String>| {
        let tokens: String = words.iter().map(|w| format!("  - {w}\n")).collect();
        let swap: String = words.iter().map(|w| format!("  {w}: {w}-x\n")).collect();
        // The exceptions are as long as the list: "Ice" is excepted, in any case.
        let excepted: String = words.iter().map(|w| format!("  - {w}s\n")).collect();
        [
            format!(
                "id: team/listed\nkind: existence\nmessage: \"'%s'\"\nignorecase: true\ntokens:\n{tokens}exceptions:\n  - Ice\n{excepted}"
            ),
            format!("id: team/swapped\nkind: substitution\nmessage: \"'%s' for '%s'\"\nswap:\n{swap}"),
            // Headings in sentence case but for the listed words; the same words doubled.
            format!(
                "id: team/headings\nkind: capitalization\nmessage: \"'%s'\"\nscope: heading\nmatch: $sentence\nexceptions:\n{tokens}"
            ),
            format!("id: team/doubled\nkind: repetition\nmessage: \"'%s'\"\nignorecase: true\ntokens:\n{tokens}"),
        ]
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let long: Vec<String> = filler.chain(real.map(String::from)).collect();
    for (folder, words) in [("long", long), ("short", real.map(String::from).to_vec())] {
        std::fs::create_dir_all(root.join(folder)).unwrap();
        for (k, rule) in rules(words).iter().enumerate() {
            std::fs::write(root.join(folder).join(format!("{k}.yaml")), rule).unwrap();
        }
    }
    let briefs = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/clean");
    let wide = "# São Paulo\n\nThe café in São Paulo ships arctic shipping goods.\n\n\
        ## Opening the Sea Route\n\n## Opening the Sea Lanes\n\nThe route route froze; ice Ice everywhere.\n";
    std::fs::write(root.join("wide.md"), wide).unwrap();
    let wide = root.join("wide.md");
    let found = |folder: &str| {
        let rules = root.join(folder);
        let args = ["check", "--format", "json", "--rules", rules.to_str().unwrap(), briefs, wide.to_str().unwrap()];
        let r = common::run(&args);
        assert!(r.code < 2, "{}", r.stderr);
        common::json_findings(&r.stdout).into_iter().filter(|f| f.0.starts_with("team/")).collect::<Vec<_>>()
    };
    let short = found("short");
    for rule in ["team/listed", "team/swapped"] {
        for file in ["arctic-shipping.md", "wide.md"] {
            assert!(short.iter().any(|f| f.0 == rule && f.1.ends_with(file)), "{rule} in {file}: {short:?}");
        }
    }
    // "Sea Route" is excepted from sentence case, "Sea Lanes" is not; "route route" and
    // "ice Ice" are doubled.
    let in_wide = |rule: &str| short.iter().filter(|f| f.0 == rule && f.1.ends_with("wide.md")).map(|f| f.2).collect();
    assert_eq!((in_wide("team/headings"), in_wide("team/doubled")), (vec![1, 7], vec![9, 9]), "{short:?}");
    let long = found("long");
    assert_eq!(long, short);
    // The three "ice" of the brief and the one of wide.md are swapped and, excepted, not
    // listed (the listing ignores case: it finds all else that is swapped).
    let at = |rule: &str| long.iter().filter(|f| f.0 == rule).map(|f| (&f.1, f.2, f.3)).collect::<Vec<_>>();
    let (listed, swapped) = (at("team/listed"), at("team/swapped"));
    assert!(listed.len() > 20 && swapped.iter().filter(|f| !listed.contains(f)).count() == 4, "{long:?}");
}
