#![allow(clippy::unwrap_used)]
//! Structure checks on the fixture briefs: every seeded defect is found (recall)
//! and nothing else is reported (precision).

mod common;

fn structure_findings(path: &str) -> Vec<String> {
    let r = common::run(&["check", path, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            let rule = d["rule"].as_str().unwrap();
            ["judgement-support", "caption-source", "footnote-defined", "heading-style", "key-judgements-first"]
                .iter()
                .any(|k| rule == format!("brief/{k}"))
        })
        .map(|d| {
            format!("{}:{} {} {}", d["line"], d["column"], d["rule"].as_str().unwrap(), d["message"].as_str().unwrap())
        })
        .collect()
}

#[test]
fn clean_briefs_have_no_structure_finding() {
    for brief in ["arctic-shipping", "sahel-security", "mekong-dams"] {
        assert_eq!(structure_findings(&format!("fixtures/clean/{brief}.md")), Vec::<String>::new(), "{brief}");
    }
}

#[test]
fn seeded_structure_defects_are_all_found_and_only_those() {
    assert_eq!(
        structure_findings("fixtures/broken/kazakh-uranium.md"),
        [
            "8:1 brief/key-judgements-first the brief opens with text before its key judgements",
            "12:1 brief/heading-style H2 heading is not in upper case",
            "14:149 brief/footnote-defined footnote [^1] is first referenced after [^2]; number footnotes in order",
            "16:1 brief/heading-style heading level skips from H2 to H4",
            "18:61 brief/footnote-defined footnote reference [^3] has no definition",
            "20:1 brief/heading-style section has no content",
            "26:1 brief/heading-style a brief has one H1; this is a second",
            "34:1 brief/footnote-defined footnote [^4] is defined but never referenced",
        ]
    );
    assert_eq!(
        structure_findings("fixtures/broken/red-sea-shipping.md"),
        [
            "10:1 brief/judgement-support key judgement is not supported by any paragraph in the brief",
            "16:1 brief/judgement-support key judgement is not supported by any paragraph in its section",
            "20:1 brief/caption-source picture has no `Source:` line",
            "28:1 brief/caption-source `Source:` line is not in the house format",
            "32:1 brief/caption-source `Source:` line belongs to no picture or table",
        ]
    );
}

#[test]
fn unsupported_judgement_points_at_the_closest_paragraph() {
    let r = common::run(&["check", "fixtures/broken/red-sea-shipping.md", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let finding = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "brief/judgement-support" && d["line"] == 16)
        .unwrap();
    let related = &finding["related"][0];
    assert_eq!(related["line"], 18);
    assert_eq!(related["message"], "closest paragraph shares 0% of the judgement's key terms (needs 20%)");
}

#[test]
fn paraphrase_and_support_elsewhere_in_the_section_count() {
    // mekong-dams: the FLOWS AND DROUGHT judgement is developed two paragraphs and a
    // table later, in other words; the opening judgements are paraphrased.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("fixtures/clean/mekong-dams.md").unwrap();
    // Removing the developing paragraph makes the judgement unsupported.
    let cut = text.replace("Satellite measurements show that the reservoirs upstream stored water during the 2019 and 2020 monsoon, which worsened the drought that followed downstream in the lower basin.[^2]", "");
    assert_ne!(cut, text);
    common::write(dir.path(), "cut.md", cut);
    let r = common::run_in(dir.path(), &["check", "cut.md", "--format", "json"]);
    let found = common::json_findings(&r.stdout);
    assert!(found.iter().any(|f| f.0 == "brief/judgement-support" && f.2 == 16), "{found:?}");
}

#[test]
fn footnotes_are_read_where_they_are_written_and_unused_ones_still_checked() {
    // mekong-dams, clean, with its two notes swapped in the text (cited [^2] then [^1]),
    // an undefined acronym in each, and a third note nothing cites.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("fixtures/clean/mekong-dams.md").unwrap();
    let edited = text
        .replace("twice a day.[^1]", "twice a day.[^2]")
        .replace("in the lower basin.[^2]", "in the lower basin.[^1]")
        .replace("operated jointly with national agencies.", "operated jointly with the MRCS.")
        .replace(
            "commercial and government satellites.",
            "commercial satellites and the MRCS.\n\n[^3]: A very rough estimate.",
        );
    assert_ne!(edited, text);
    common::write(dir.path(), "notes.md", edited);
    let r = common::run_in(dir.path(), &["check", "notes.md", "--format", "json"]);
    let found: Vec<(String, u64)> = common::json_findings(&r.stdout).into_iter().map(|f| (f.0, f.2)).collect();
    // The first use of MRCS in the file is note 1's, on line 41 (not note 2's, cited first).
    assert!(found.contains(&("brief/acronym-defined".into(), 41)), "{found:?}");
    assert!(!found.contains(&("brief/acronym-defined".into(), 43)), "{found:?}");
    // The unused note is reported, and its text is checked like any other.
    assert!(found.contains(&("brief/footnote-defined".into(), 45)), "{found:?}");
    assert!(found.contains(&("brief/weasel-words".into(), 45)), "{found:?}");
}
