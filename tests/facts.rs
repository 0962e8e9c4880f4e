#![allow(clippy::unwrap_used)]
//! Fact checks on the fixture corpus: seeded conflicts are found, within a brief
//! and across briefs, and restated, approximate, differently scoped figures are not.

mod common;

const FACT_RULES: &[&str] = &["brief/future-date", "brief/figure-consistency", "brief/date-consistency"];

fn fact_findings(args: &[&str]) -> Vec<String> {
    common::diagnostics_of(args, FACT_RULES)
        .iter()
        .map(|d| {
            let related: Vec<String> = d["related"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| format!("{}:{}", r["file"].as_str().unwrap().rsplit('/').next().unwrap(), r["line"]))
                .collect();
            format!(
                "{}:{}:{} {} {} {related:?}",
                common::file_name(d),
                d["line"],
                d["column"],
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn seeded_conflicts_are_found_within_and_across_briefs() {
    assert_eq!(
        fact_findings(&["check", "fixtures", "--format", "json"]),
        [
            "turkmen-gas-a.md:16:45 brief/figure-consistency '11%' conflicts with '5%' for the same measure and period (2025-01-01 to 2025-06-30) [\"turkmen-gas-a.md:14\"]",
            "turkmen-gas-a.md:20:154 brief/future-date 'August 2025' is after the publication date 2025-06-01 but is stated as fact []",
            "turkmen-gas-b.md:14:46 brief/date-consistency Trans-Caspian Gas Pipeline (announce) is dated 'May 2024' here but 'March 2024' elsewhere [\"turkmen-gas-a.md:20\"]",
            "turkmen-gas-b.md:14:118 brief/figure-consistency '15%' conflicts with '8%' for the same measure and period (2024-01-01 to 2024-12-31) [\"turkmen-gas-a.md:14\"]",
        ]
    );
}

#[test]
fn cross_brief_conflicts_need_both_briefs() {
    let alone = fact_findings(&["check", "fixtures/broken/turkmen-gas-b.md", "--format", "json"]);
    assert_eq!(alone, Vec::<String>::new());
}

#[test]
fn restated_approximate_and_differently_scoped_figures_are_not_conflicts() {
    // nearly 9% / 8.7% / about 9%; US$ 245 billion / roughly US$ 245bn; trade vs gas
    // deliveries vs crude imports; 2023 vs 2024 vs the first half of 2025.
    let clean = fact_findings(&["check", "fixtures/clean", "../shared/briefs/example-brief.md", "--format", "json"]);
    assert_eq!(clean, Vec::<String>::new());
}

#[test]
fn corpus_findings_honour_the_documents_suppressions_and_levels() {
    let dir = tempfile::tempdir().unwrap();
    let a = "# A\n\nIn 2024, Kenya's tea exports rose by 5%.\n";
    let b = "# B\n\n<!-- brieflint-disable-next-line brief/figure-consistency -->\nKenya's tea exports rose by 9% in 2024.\n\nKenya's tea exports rose by 12% in 2024.\n";
    common::write(dir.path(), "a.md", a);
    common::write(dir.path(), "b.md", b);
    common::write(dir.path(), "brieflint.yaml", "levels: { brief/figure-consistency: warning }\n");
    let r = common::run_in(dir.path(), &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<(String, u64, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "brief/figure-consistency")
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found, [("./b.md".to_string(), 6, "warning".to_string())]);
}

/// Figures of one brief are compared while it is linted; a figure another brief can also
/// contradict is reported once, against the earlier brief (which comes first).
#[test]
fn a_conflict_with_an_earlier_brief_comes_before_one_within_the_brief() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "a.md", "# A\n\nChina–Russia trade fell by 12% in 2024.\n");
    let b = "# B\n\nChina–Russia trade fell by 5% in 2024.\n\nChina–Russia trade fell by 30% in 2024.\n";
    common::write(dir.path(), "b.md", b);
    // No names of its own: compared within its brief only.
    common::write(dir.path(), "c.md", "# C\n\nTrade fell by 5% in 2024.\n\nTrade fell by 30% in 2024.\n");
    let r = common::run_in(dir.path(), &["check", ".", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let found: Vec<String> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "brief/figure-consistency")
        .map(|d| {
            let related = &d["related"][0];
            format!(
                "{}:{} -> {}:{}",
                d["file"].as_str().unwrap(),
                d["line"],
                related["file"].as_str().unwrap(),
                related["line"]
            )
        })
        .collect();
    assert_eq!(found, ["./b.md:3 -> ./a.md:3", "./b.md:5 -> ./a.md:3", "./c.md:5 -> ./c.md:3"]);
}
