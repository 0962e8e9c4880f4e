#![allow(clippy::unwrap_used)]
//! Every report format on the same fixture corpus, and the gating flags.

mod common;

use common::{run, run_in, write};

#[test]
fn every_format_on_the_fixtures() {
    for format in ["concise", "line", "github", "junit", "checkstyle", "rdjson", "gitlab", "sarif"] {
        let r = run(&["check", "fixtures", "--format", format]);
        assert_eq!(r.code, 1, "{format}");
        insta::assert_snapshot!(format!("format_{format}"), r.stdout);
    }
}

#[test]
fn machine_formats_parse() {
    for format in ["rdjson", "gitlab", "sarif"] {
        let r = run(&["check", "fixtures", "--format", format]);
        serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap_or_else(|e| panic!("{format}: {e}"));
    }
    let gitlab: serde_json::Value =
        serde_json::from_str(&run(&["check", "fixtures", "--format", "gitlab"]).stdout).unwrap();
    let prints: Vec<&str> = gitlab.as_array().unwrap().iter().map(|i| i["fingerprint"].as_str().unwrap()).collect();
    let mut unique = prints.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), prints.len(), "fingerprints are unique");
}

#[test]
fn github_commands_escape_their_data() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a,b.md", "# T\n\nTrade fell from 100 to 90, a fall of 20%.\n");
    let r = run_in(dir.path(), &["check", "a,b.md", "--format", "github"]);
    assert!(r.stdout.contains("::error file=a%2Cb.md,line=3,col="), "{}", r.stdout);
    assert!(
        r.stdout.contains("title=brief/arithmetic::from 100 to 90 is a fall of 10.0%25, not a fall of 20%25\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn gating_flags() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "w.md", "# TITLE\n\n**Trade will fall.**\n\nTrade will fall very fast; we expect trade to fall.\n");
    assert_eq!(run_in(d, &["check"]).code, 0, "one warning, fail level error");
    assert_eq!(run_in(d, &["check", "--max-warnings", "1"]).code, 0);
    assert_eq!(run_in(d, &["check", "--max-warnings", "0"]).code, 1);
    assert_eq!(run_in(d, &["check", "--fail-level", "warning", "--exit-zero"]).code, 0);
    let stats = run_in(d, &["check", "--statistics"]);
    assert_eq!(stats.stdout, "      1  warning  brief/weasel-words\n");
    let quiet = run_in(d, &["check", "--quiet", "--format", "concise"]);
    assert_eq!(quiet.stdout, "", "warnings are below the fail level");
    let loud = run_in(d, &["check", "--format", "concise"]);
    assert!(loud.stdout.starts_with("./w.md:5:17: warning brief/weasel-words 'very'"), "{}", loud.stdout);
}

#[test]
fn output_file_is_written_whole_and_nothing_else_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.md", "# TITLE\n\n**Trade will fall.**\n\nTrade will fall very fast; we expect trade to fall.\n");
    write(d, "out/report.json", "old report");
    let r = run_in(d, &["check", "a.md", "--format", "json", "--output", "out/report.json"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "");
    assert_eq!(r.stderr, "0 errors, 1 warning, 0 infos in 1 file\n");
    let written = std::fs::read_to_string(d.join("out/report.json")).unwrap();
    assert!(written.starts_with("{\"version\":1,\"files\":1,"));
    let left: Vec<_> = std::fs::read_dir(d.join("out")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(left, ["report.json"]);
    // An unwritable destination is a clear error, exit 2, and no partial file.
    let r = run_in(d, &["check", "a.md", "--output", "missing-dir/report.txt"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot write missing-dir/report.txt"), "{}", r.stderr);
}
