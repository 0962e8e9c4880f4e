#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;

pub fn brieflint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("brieflint");
    cmd.env("NO_COLOR", "1");
    cmd
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = brieflint().current_dir(dir).args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// (rule, file, line, column) of every diagnostic in a JSON report.
pub fn json_findings(stdout: &str) -> Vec<(String, String, u64, u64)> {
    let report: serde_json::Value = serde_json::from_str(stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The diagnostics of a JSON report whose rule is one of `rules`.
pub fn diagnostics_of(args: &[&str], rules: &[&str]) -> Vec<serde_json::Value> {
    let r = run(args);
    let report: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| rules.contains(&d["rule"].as_str().unwrap()))
        .cloned()
        .collect()
}

/// The file name of a diagnostic's `file`.
pub fn file_name(d: &serde_json::Value) -> String {
    d["file"].as_str().unwrap().rsplit('/').next().unwrap().to_string()
}
