//! `--format json`: the stable shape documented in the README.

use serde::Serialize;

use crate::finding::Finding;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: usize,
    diagnostics: Vec<Diagnostic<'a>>,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    related: Vec<Related<'a>>,
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct Fix<'a> {
    replacement: &'a str,
    safe: bool,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

pub fn render_json(findings: &[Finding], files: usize) -> String {
    let diagnostics = findings
        .iter()
        .map(|f| Diagnostic {
            rule: &f.rule,
            severity: f.severity.as_str(),
            message: &f.message,
            help: f.help.as_deref(),
            file: &f.file,
            line: f.start.line,
            column: f.start.column,
            end_line: f.end.line,
            end_column: f.end.column,
            related: f
                .related
                .iter()
                .map(|r| Related { file: &r.file, line: r.start.line, column: r.start.column, message: &r.message })
                .collect(),
            fix: f.fix.as_ref().map(|x| Fix {
                replacement: &x.replacement,
                safe: x.safe,
                line: x.start.line,
                column: x.start.column,
                end_line: x.end.line,
                end_column: x.end.column,
            }),
        })
        .collect();
    let report = Report { version: 1, files, diagnostics };
    let mut out = serde_json::to_string(&report).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"));
    out.push('\n');
    out
}
