mod common;

use common::{json_findings, run, run_in, write};

#[test]
fn clean_briefs_pass_with_no_finding() {
    let r = run(&["check", "fixtures/clean"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(r.stdout, "0 errors, 0 warnings, 0 infos in 5 files\n");
}

#[test]
fn broken_briefs_fail_with_findings_in_place() {
    let r = run(&["check", "fixtures/broken/caspian-gas.md", "--format", "json"]);
    assert_eq!(r.code, 1);
    let found = json_findings(&r.stdout);
    let at = |rule: &str, line, column| found.iter().any(|f| f.0 == rule && f.2 == line && f.3 == column);
    assert!(at("brief/ad-hoc-hedges", 8, 3));
    assert!(at("brief/ad-hoc-hedges", 10, 17));
    assert!(at("brief/wordy-phrases", 12, 68));
    assert!(at("brief/heading-punctuation", 14, 17));
    assert!(at("brief/placeholder-text", 18, 124));
    assert!(at("brief/house-terms", 22, 42));
    // Character column: the line holds multi-byte dashes and guillemets before the match.
    assert!(at("brief/weasel-words", 22, 204));
    // Nothing from the code block.
    assert!(found.iter().all(|f| f.2 < 35), "{found:?}");
}

#[test]
fn suppression_comments() {
    let r = run(&["check", "fixtures/broken/caspian-gas.md", "--format", "json"]);
    let found = json_findings(&r.stdout);
    let on_line = |line| found.iter().filter(|f| f.2 == line).map(|f| f.0.as_str()).collect::<Vec<_>>();
    assert_eq!(on_line(25), Vec::<&str>::new(), "disable-next-line");
    assert_eq!(on_line(28), Vec::<&str>::new(), "disable … enable region");
    assert_eq!(on_line(31), ["brief/wordy-phrases"], "after enable");

    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- brieflint-disable-file brief/weasel-words -->\n\nIt is clearly very late. Prior to the vote.\n\n<!-- brieflint-disable -->\n\nPrior to the vote, TODO.\n\n<!-- brieflint-enable -->\n\nTODO.\n";
    write(dir.path(), "a.md", text);
    let r = run_in(dir.path(), &["check", "a.md", "--format", "json"]);
    let found: Vec<(String, u64)> = json_findings(&r.stdout).into_iter().map(|f| (f.0, f.2)).collect();
    assert_eq!(
        found,
        [
            // Not suppressed: the snippet has no key judgements at all.
            ("brief/key-judgements-first".to_string(), 3),
            ("brief/wordy-phrases".to_string(), 3),
            ("brief/placeholder-text".to_string(), 11)
        ]
    );
}

#[test]
fn json_report_has_the_documented_shape() {
    let r = run(&["check", "fixtures", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(report["version"], 1);
    assert_eq!(report["files"], 12);
    let first = &report["diagnostics"][0];
    let keys: Vec<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    let mut expected = vec![
        "rule",
        "severity",
        "message",
        "help",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "related",
        "fix",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    // Key order in the text is the documented one.
    let raw = r.stdout.find("{\"rule\":").unwrap();
    let object = &r.stdout[raw..];
    let positions: Vec<usize> = [
        "\"rule\"",
        "\"severity\"",
        "\"message\"",
        "\"help\"",
        "\"file\"",
        "\"line\"",
        "\"column\"",
        "\"end_line\"",
        "\"end_column\"",
        "\"related\"",
        "\"fix\"",
    ]
    .iter()
    .map(|k| object.find(k).unwrap())
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    let fix = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "brief/wordy-phrases" && d["line"] == 12)
        .unwrap();
    assert_eq!(fix["fix"]["replacement"], "To");
    assert_eq!(fix["fix"]["safe"], true);
    assert_eq!((fix["end_line"].as_u64(), fix["end_column"].as_u64()), (Some(12), Some(79)));
    insta::assert_snapshot!("fixtures_json", r.stdout);
}

#[test]
fn graphical_report_of_the_fixtures() {
    let r = run(&["check", "fixtures"]);
    assert_eq!(r.code, 1);
    insta::assert_snapshot!("fixtures_graphical", r.stdout);
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    for format in ["json", "graphical"] {
        let one = run(&["check", "fixtures", "../shared/briefs", "--threads", "1", "--format", format]);
        let two = run(&["check", "fixtures", "../shared/briefs", "--threads", "2", "--format", format]);
        let many = run(&["check", "fixtures", "../shared/briefs", "--threads", "8", "--format", format]);
        assert_eq!(one.stdout, two.stdout);
        assert_eq!(one.stdout, many.stdout);
    }
}

#[test]
fn a_big_brief_runs_its_rules_in_parallel_with_the_same_findings() {
    // One brief repeated past 256 KiB: its rules run side by side (a small brief's one after another).
    let one = std::fs::read_to_string("fixtures/broken/caspian-gas.md").unwrap();
    let (front, body) = one.split_at(one.find("\n# ").unwrap());
    let copies = 300_000 / body.len() + 1;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "small.md", &one);
    write(dir.path(), "big.md", format!("{front}{}", body.repeat(copies)));
    let reports: Vec<String> = ["1", "2", "8"]
        .iter()
        .map(|t| run_in(dir.path(), &["check", "--threads", t, "--format", "json"]).stdout)
        .collect();
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[0], reports[2]);
    // Rules that judge words in place find each copy's findings again.
    let count = |file: &str, rule: &str| {
        json_findings(&reports[0]).iter().filter(|(r, f, _, _)| f.ends_with(file) && r == rule).count()
    };
    for rule in ["brief/wordy-phrases", "brief/weasel-words", "brief/contractions", "brief/sentence-length"] {
        assert_eq!(count("big.md", rule), copies * count("small.md", rule), "{rule}");
    }
    assert!(count("small.md", "brief/wordy-phrases") + count("small.md", "brief/sentence-length") > 0);
}

#[test]
fn exit_codes_and_fail_level() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "warn.md", "# Title\n\nIt is very late.\n");
    assert_eq!(run_in(dir.path(), &["check"]).code, 0, "warnings only, default fail level error");
    assert_eq!(run_in(dir.path(), &["check", "--fail-level", "warning"]).code, 1);
    assert_eq!(run_in(dir.path(), &["check", "--fail-level", "info"]).code, 1);
    assert_eq!(run_in(dir.path(), &["check", "--format", "yaml"]).code, 2);
    assert_eq!(run_in(dir.path(), &["check", "--no-such-flag"]).code, 2);
    assert_eq!(run_in(dir.path(), &["explain", "brief/nope"]).code, 2);
}

#[test]
fn walk_honours_ignores_hidden_files_and_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let bad = "# Title\n\nTODO.\n";
    for name in ["a.md", "b.markdown", "notes.txt", ".hidden.md", "ignored.md", "drafts/c.md", "sub/d.md"] {
        write(d, name, bad);
    }
    write(d, ".gitignore", "ignored.md\n");
    let files = |args: &[&str]| {
        let mut files: Vec<String> = json_findings(&run_in(d, args).stdout).into_iter().map(|f| f.1).collect();
        files.dedup();
        files
    };
    assert_eq!(files(&["check", "--format", "json"]), ["./a.md", "./b.markdown", "./drafts/c.md", "./sub/d.md"]);
    assert_eq!(
        files(&["check", ".", "--exclude", "drafts", "--format", "json"]),
        ["./a.md", "./b.markdown", "./sub/d.md"]
    );
    // A file named explicitly is always linted.
    assert_eq!(files(&["check", "ignored.md", "--format", "json"]), ["ignored.md"]);
    assert_eq!(run_in(d, &["check", "--exclude", "[", "--format", "json"]).code, 2);
}

#[test]
fn bad_files_get_a_diagnostic_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "latin1.md", b"# Caf\xe9\n\nIt is very late.\n".as_slice());
    write(d, "binary.md", b"\x00\x01\x02PNG".as_slice());
    write(d, "good.md", "# Title\n\nTODO.\n");
    write(d, "fm.md", "---\ntitle: [unclosed\n---\n\n# Title\n");
    let r = run_in(d, &["check", ".", "missing.md", "--format", "json"]);
    assert_eq!(r.code, 1);
    let found: Vec<(String, String, u64)> = json_findings(&r.stdout).into_iter().map(|f| (f.0, f.1, f.2)).collect();
    let has = |rule: &str, file: &str, line| found.iter().any(|f| f.0 == rule && f.1 == file && f.2 == line);
    assert!(has("brieflint/binary-file", "./binary.md", 1), "{found:?}");
    assert!(has("brieflint/invalid-utf8", "./latin1.md", 1));
    assert!(has("brief/weasel-words", "./latin1.md", 3), "linted despite bad bytes");
    assert!(has("brief/placeholder-text", "./good.md", 3));
    assert!(has("brieflint/front-matter", "./fm.md", 2));
    assert!(has("brieflint/read-error", "missing.md", 1));
}

#[test]
fn rules_test_runs_every_example() {
    let r = run(&["rules", "test"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.ends_with("rules: 28 passed, 0 failed\n"), "{}", r.stdout);

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.yaml",
        "id: team/wrong\nkind: existence\nmessage: 'x'\ntokens: [very]\nexamples:\n  valid: ['It is very late.']\n  invalid: ['It is late.']\n",
    );
    let r = run_in(dir.path(), &["rules", "test", "."]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("valid example 1 was flagged at 1:7"), "{}", r.stdout);
    assert!(r.stdout.contains("invalid example 1 produced no finding"));
    assert!(r.stdout.ends_with("rules: 0 passed, 1 failed\n"));

    // An invalid example with `expect` must produce exactly those findings.
    write(
        dir.path(),
        "bad.yaml",
        "id: team/wrong\nkind: existence\nmessage: 'x %s'\ntokens: [very]\nexamples:\n  valid: ['It is late.']\n  invalid:\n    - text: 'It is very, very late.'\n      expect: ['1:7 x very']\n",
    );
    let r = run_in(dir.path(), &["rules", "test", "."]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(r#"invalid example 1 produced ["1:7 x very", "1:13 x very"], expected ["1:7 x very"]"#),
        "{}",
        r.stdout
    );
}

#[test]
fn explain_is_generated_from_examples() {
    let r = run(&["explain", "brief/wordy-phrases"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.starts_with("# brief/wordy-phrases\n\nkind: substitution · level: warning · on by default\n"));
    assert!(r.stdout.contains("    Moscow moved quickly in order to secure the contract.\n\n  → 1:22: Use 'to' instead of 'in order to' (fix: `to`)"), "{}", r.stdout);
}

#[test]
fn rules_list_names_every_rule() {
    let r = run(&["rules", "list"]);
    assert_eq!(r.code, 0);
    for id in ["brief/ad-hoc-hedges", "brief/wordy-phrases", "brieflint/read-error"] {
        assert!(r.stdout.contains(id));
    }
}

#[test]
fn timings_list_every_rule_that_ran_and_the_total() {
    let r = common::run(&["check", "fixtures/clean", "--timings", "--format", "json"]);
    // The work rules share has rows of its own, not charged to the first rule that asks for it.
    // So has loading: the rules, then the engine and its prefilter.
    let rows = [
        "(read, parse, model)",
        "(words)",
        "(prefilter scan)",
        "(facts extracted)",
        "(scope selections)",
        "(rules loaded)",
        "(prefilter built)",
    ];
    for row in rows.into_iter().chain(["brief/judgement-support", "brief/figure-consistency", "total CPU"]) {
        assert!(r.stderr.lines().any(|l| l.starts_with(row)), "{row} missing from:\n{}", r.stderr);
    }
    // The report itself is unchanged.
    serde_json::from_str::<serde_json::Value>(&r.stdout).unwrap();
}

/// `-` reads standard input: its findings carry `--stdin-filename` (or `<stdin>`), config
/// overrides match that name, the report shows its snippets (it is not read again), and
/// `--fix` leaves it alone where `--diff` prints its fixes.
#[test]
fn standard_input_is_linted_under_its_given_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "brieflint.yaml", "overrides:\n  - files: 'drafts/**'\n    disable: [brief/acronym-defined]\n");
    let brief = "# T\n\n**We judge the ministry will act in order to win.**\n\nThe ministry will act in order to win, ZZZ said.\n";
    // brieflint given `text` on standard input: its report and its standard error.
    let given = |text: &str, args: &[&str]| {
        let out = common::brieflint().current_dir(dir.path()).args(args).write_stdin(text).output().unwrap();
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let stdin = |args: &[&str]| given(brief, args);
    let (report, _) = stdin(&["check", "-"]);
    assert!(report.contains("[<stdin>:5:40]"), "{report}");
    assert!(report.contains("5 │ The ministry will act in order to win, ZZZ said."), "the snippet: {report}");
    let (report, _) = stdin(&["check", "--format", "json", "--stdin-filename", "notes/a.md", "-"]);
    let found = json_findings(&report);
    assert!(found.iter().any(|f| f.0 == "brief/acronym-defined" && f.1 == "notes/a.md" && f.2 == 5), "{found:?}");
    let (report, _) = stdin(&["check", "--format", "json", "--stdin-filename", "drafts/a.md", "-"]);
    let rules: Vec<String> = json_findings(&report).into_iter().map(|f| f.0).collect();
    assert_eq!(rules, ["brief/wordy-phrases", "brief/wordy-phrases"], "the override applies");
    let (diff, _) = stdin(&["check", "--diff", "-"]);
    assert!(diff.contains("+The ministry will act to win, ZZZ said."), "{diff}");
    let (report, stderr) = stdin(&["check", "--fix", "--format", "concise", "--stdin-filename", "drafts/a.md", "-"]);
    assert!(stderr.contains("drafts/a.md: read from a stream, not fixed in place"), "{stderr}");
    assert!(!dir.path().join("drafts").exists(), "nothing written");
    // After the fixes, what is left is linted from the same text: the findings stay.
    assert_eq!(report.lines().filter(|l| l.contains("brief/wordy-phrases")).count(), 2, "{report}");
    // A baseline of standard input records the text of its lines (it is not read again):
    // the same text then reports nothing, and an edited line comes back.
    let (_, stderr) = stdin(&["baseline", "--stdin-filename", "notes/a.md", "-"]);
    assert!(stderr.contains("recorded 3 findings"), "{stderr}");
    let against_baseline = [
        "check",
        "--format",
        "concise",
        "--stdin-filename",
        "notes/a.md",
        "--baseline",
        "brieflint-baseline.json",
        "-",
    ];
    let (report, _) = stdin(&against_baseline);
    assert_eq!(report, "", "all recorded");
    let (report, _) = given(&brief.replace("ZZZ said", "ZZZ added"), &against_baseline);
    assert_eq!(report.lines().count(), 2, "the edited line's two findings: {report}");
    assert!(report.lines().all(|l| l.starts_with("notes/a.md:5:")), "{report}");
}

/// A reader that stops early (`brieflint check | head`) is no error: the exit code is the
/// findings', with nothing on standard error. A report that cannot be written (a full
/// disk) is one, and names standard output, not `--output`.
#[test]
fn a_reader_that_stops_early_is_no_error_but_a_full_disk_is() {
    use std::io::Read as _;
    let dir = tempfile::tempdir().unwrap();
    let brief = std::fs::read_to_string("fixtures/broken/caspian-gas.md").unwrap();
    // Far more report than a pipe holds, so brieflint is still writing when the reader leaves.
    for k in 0..300 {
        write(dir.path(), &format!("b{k:03}.md"), &brief);
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .current_dir(dir.path())
        .args(["check", "."])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");

    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_brieflint"))
        .current_dir(dir.path())
        .args(["check", "."])
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("standard output") && stderr.contains("No space left"), "{stderr}");
}

/// Roots that overlap (`. sub`, or a file and its folder under another spelling) lint each
/// brief once: the report is that of the wider root alone.
#[test]
fn overlapping_roots_lint_each_brief_once() {
    let dir = tempfile::tempdir().unwrap();
    let brief = std::fs::read_to_string("fixtures/broken/caspian-gas.md").unwrap();
    write(dir.path(), "sub/a.md", &brief);
    write(dir.path(), "b.md", brief.replace("Caspian", "Aral"));
    let once = run_in(dir.path(), &["check", ".", "--format", "json"]);
    for roots in [&[".", "sub"][..], &[".", "./sub/a.md", "sub/a.md", "b.md"]] {
        let r = run_in(dir.path(), &[&["check"], roots, &["--format", "json"]].concat());
        assert_eq!(r.stdout, once.stdout, "{roots:?}");
    }
}

/// `--threads` past 1,024 is a usage error, not a run that spends minutes starting threads.
#[test]
fn too_many_threads_is_a_usage_error() {
    let started = common::brieflint()
        .args(["check", "fixtures/clean", "--threads", "1000000"])
        .timeout(std::time::Duration::from_secs(30))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&started.stderr);
    assert_eq!(started.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("0..=1024"), "{stderr}");
    assert_eq!(run(&["check", "fixtures/clean", "--threads", "1024"]).code, 0);
}
