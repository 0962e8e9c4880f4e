//! The real brief in ../shared: what the shipped pack finds in it, exactly.

mod common;

#[test]
fn shipped_pack_on_the_example_brief() {
    let path = "../shared/briefs/example-brief.md";
    if !std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path).exists() {
        assert!(std::env::var_os("CI").is_none(), "CI must have ../shared beside the clone");
        eprintln!("skipped: {path} not present");
        return;
    }
    let r = common::run(&["check", path, "--format", "json"]);
    let found: Vec<(String, u64, u64)> =
        common::json_findings(&r.stdout).into_iter().map(|f| (f.0, f.2, f.3)).collect();
    assert_eq!(
        found,
        [
            ("brief/wordy-phrases".to_string(), 33, 59),
            // The caption and source of a picture whose image is missing from the Markdown.
            ("brief/caption-source".to_string(), 41, 1),
            ("brief/weasel-words".to_string(), 61, 1),
        ]
    );
    assert_eq!(r.code, 1, "the orphan source line is an error");
}
