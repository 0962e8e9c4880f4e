#![allow(clippy::unwrap_used)]
//! Pathological inputs: no panic, no hang, a clear diagnostic where something cannot be read.

mod common;

use common::{json_findings, run_in, write};

#[test]
fn pathological_markdown_is_linted_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "deep-quote.md", format!("{} deep\n", ">".repeat(20_000)));
    write(d, "deep-list.md", (0..2_000).map(|i| format!("{}- item\n", "  ".repeat(i))).collect::<String>());
    write(d, "long-line.md", format!("{}\n", "word ".repeat(400_000)));
    write(d, "brackets.md", format!("{}{}\n", "[".repeat(50_000), "]".repeat(50_000)));
    write(d, "emphasis.md", format!("{}\n", "*a **b ".repeat(20_000)));
    write(d, "comments.md", format!("{}\n", "<!--".repeat(20_000)));
    write(d, "footnotes.md", (0..3_000).map(|i| format!("Text[^{i}].\n\n")).collect::<String>());
    write(d, "empty.md", "");
    write(d, "crlf.md", "# T\r\n\r\nIt is very late.\r\n");
    std::fs::create_dir(d.join("folder.md")).unwrap();
    std::os::unix::fs::symlink("loop-b.md", d.join("loop-a.md")).unwrap();
    std::os::unix::fs::symlink("loop-a.md", d.join("loop-b.md")).unwrap();
    std::os::unix::fs::symlink(".", d.join("self")).unwrap();
    let r = run_in(d, &["check", ".", "--format", "json"]);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let found = json_findings(&r.stdout);
    assert!(found.iter().any(|f| f.1 == "./crlf.md" && f.0 == "brief/weasel-words" && f.2 == 3));
    // A path named explicitly that cannot be read is a finding, and the run goes on.
    let r = run_in(d, &["check", "folder.md", "loop-a.md", "crlf.md", "--format", "json"]);
    let found = json_findings(&r.stdout);
    // `folder.md` is a folder: named explicitly, it is walked (it holds no brief).
    assert!(found.iter().all(|f| !f.1.starts_with("folder.md")), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "brieflint/read-error" && f.1 == "loop-a.md"), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "brief/weasel-words" && f.1 == "crlf.md"), "{found:?}");
}

#[test]
fn a_catastrophic_regex_is_bounded_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A backreference inside a repetition forces fancy-regex's backtracker; splitting 40 a's into
    // ones and twos has Fibonacci(40) ways, far beyond the limit.
    let rule =
        "id: team/slow\nkind: existence\nmessage: 'x'\nraw: ['(?:(a)\\1?)+b']\nexamples: {valid: [x], invalid: [ab]}\n";
    write(d, "rules/slow.yaml", rule);
    write(d, "a.md", format!("# T\n\n{}c\n", "a".repeat(40)));
    let started = std::time::Instant::now();
    let r = run_in(d, &["check", "a.md", "--rules", "rules", "--format", "json"]);
    assert!(started.elapsed().as_secs() < 30, "bounded");
    let found = json_findings(&r.stdout);
    assert!(found.iter().any(|f| f.0 == "brieflint/regex-limit" && f.2 == 3), "{found:?}");
}

#[test]
fn a_file_over_the_size_limit_is_reported_and_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "brieflint.yaml", "max-file-mb: 1\n");
    write(d, "big.md", format!("# Big\n\n{}\n", "It is very late. ".repeat(70_000)));
    write(d, "small.md", "# T\n\nIt is very late.\n");
    // A stream that never ends is cut at the limit rather than read until memory runs out.
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.md")).unwrap();
    let started = std::time::Instant::now();
    let r = run_in(d, &["check", "big.md", "small.md", "zero.md", "--format", "json"]);
    assert!(started.elapsed().as_secs() < 30, "bounded");
    let found = json_findings(&r.stdout);
    for name in ["big.md", "zero.md"] {
        let of: Vec<_> = found.iter().filter(|f| f.1 == name).collect();
        assert!(of.len() == 1 && of[0].0 == "brieflint/file-too-large" && of[0].2 == 1, "{name}: {found:?}");
    }
    assert!(found.iter().any(|f| f.0 == "brief/weasel-words" && f.1 == "small.md"), "{found:?}");
    // The graphical report (the default) does not read them again for its snippets: the
    // stream that never ends would be read until memory runs out.
    let report = common::brieflint()
        .current_dir(d)
        .args(["check", "big.md", "zero.md"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&report.stdout);
    assert_eq!(shown.matches("larger than 1 MB").count(), 2, "{shown}");
    // Under the default limit (100 MB) the big file is linted.
    std::fs::remove_file(d.join("brieflint.yaml")).unwrap();
    let r = run_in(d, &["check", "big.md", "--format", "json"]);
    let found = json_findings(&r.stdout);
    assert!(found.iter().any(|f| f.0 == "brief/weasel-words" && f.1 == "big.md"), "{found:?}");
}

/// A byte order mark (some Windows editors write one) changes no finding's line or
/// column, in the body or in the front matter, whose error it would otherwise shift.
#[test]
fn a_byte_order_mark_moves_no_finding() {
    let dir = tempfile::tempdir().unwrap();
    let brief = "---\r\ntitle: [X\r\n---\r\n\r\n# Title\r\n\r\nTrade fell in 2025, ZZZ said.\r\n";
    write(dir.path(), "plain.md", brief);
    write(dir.path(), "marked.md", format!("\u{feff}{brief}"));
    let found = |name: &str| -> Vec<(String, u64, u64)> {
        let r = run_in(dir.path(), &["check", name, "--format", "json"]);
        json_findings(&r.stdout).into_iter().map(|f| (f.0, f.2, f.3)).collect()
    };
    let plain = found("plain.md");
    assert!(plain.iter().any(|f| f.0 == "brieflint/front-matter"), "{plain:?}");
    assert!(plain.iter().any(|f| f.0 == "brief/heading-style" && f.1 == 5 && f.2 == 1), "{plain:?}");
    assert_eq!(found("marked.md"), plain);
}

/// Old Mac editors end lines with a lone `\r`, which CommonMark reads as a
/// line ending: the brief is reported line for line as its `\n` copy, and a baseline
/// tells its lines apart.
#[test]
fn a_brief_with_lone_carriage_returns_is_reported_on_its_lines() {
    let dir = tempfile::tempdir().unwrap();
    let brief = std::fs::read_to_string("fixtures/broken/caspian-gas.md").unwrap();
    write(&dir.path().join("unix"), "brief.md", &brief);
    let mac = brief.replace('\n', "\r");
    write(&dir.path().join("mac"), "brief.md", &mac);
    let report = |side: &str, format: &str| run_in(&dir.path().join(side), &["check", "brief.md", "--format", format]);
    let unix = report("unix", "json");
    assert!(
        json_findings(&unix.stdout).iter().any(|f| f.0 == "brief/heading-punctuation" && f.2 == 14),
        "{}",
        unix.stdout
    );
    assert_eq!(report("mac", "json").stdout, unix.stdout);
    assert_eq!(report("mac", "graphical").stdout, report("unix", "graphical").stdout);
    // Editing line 22 brings back its findings only: the others are known by their own lines.
    let d = dir.path().join("mac");
    run_in(&d, &["baseline", "brief.md"]);
    let mut edited: Vec<String> = mac.split('\r').map(str::to_string).collect();
    edited[21].push_str(" It is very late.");
    write(&d, "brief.md", edited.join("\r"));
    let r = run_in(&d, &["check", "brief.md", "--baseline", "brieflint-baseline.json", "--format", "json"]);
    let lines: Vec<u64> = json_findings(&r.stdout).iter().map(|f| f.2).collect();
    assert_eq!(lines, [22, 22, 22], "{}", r.stdout);
}

/// YAML nested hundreds of thousands of flow levels deep (front matter, the config, a rule
/// file) is an error at the level past the limit, found at once: serde_yaml's scanner takes
/// time quadratic in that depth (some 100 s for 200,000 levels).
#[test]
fn yaml_nested_without_end_is_an_error_found_at_once() {
    let deep = format!("{}{}", "[".repeat(300_000), "]".repeat(300_000));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "brief.md", format!("---\ntitle: {deep}\n---\n\n# T\n\nIt is very late.\n"));
    let bounded = |args: &[&str]| {
        let out =
            common::brieflint().current_dir(d).args(args).timeout(std::time::Duration::from_secs(30)).output().unwrap();
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr))
    };
    let (code, report) = bounded(&["check", "brief.md", "--format", "json"]);
    assert_eq!(code, Some(1), "{report}");
    let found = json_findings(&report);
    assert!(found.iter().any(|f| f.0 == "brieflint/front-matter" && f.2 == 2 && f.3 == 136), "{found:?}");
    assert!(found.iter().any(|f| f.0 == "brief/weasel-words"), "{found:?}");
    write(d, "config.yaml", format!("disable: {deep}\n"));
    let (code, report) = bounded(&["check", "brief.md", "--config", "config.yaml"]);
    assert_eq!(code, Some(2), "{report}");
    assert!(report.contains("nested more than 128 levels deep") && report.contains("config.yaml:1:138"), "{report}");
    write(d, "rules/deep.yaml", format!("id: team/deep\nkind: existence\nmessage: x\ntokens: {deep}\n"));
    let (code, report) = bounded(&["check", "brief.md", "--rules", "rules"]);
    assert_eq!(code, Some(2), "{report}");
    assert!(report.contains("nested more than 128 levels deep") && report.contains("deep.yaml:4:137"), "{report}");
}
