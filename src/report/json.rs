//! `--format json`: the stable shape documented in the README.

use serde::Serialize;

use crate::finding::Finding;

#[derive(Serialize)]
struct Report<'a> {
    version: u32,
    files: usize,
    diagnostics: Diagnostics<'a>,
}

/// The findings, serialised one at a time as they are written.
struct Diagnostics<'a>(&'a [Finding]);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(diagnostic))
    }
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

fn diagnostic(f: &Finding) -> Diagnostic<'_> {
    Diagnostic {
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
    }
}

/// Writes the report to `out` as it is serialised (a large corpus's report is never held whole).
pub fn write_json(findings: &[Finding], files: usize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let report = Report { version: 1, files, diagnostics: Diagnostics(findings) };
    serde_json::to_writer(&mut *out, &report)?;
    out.write_all(b"\n")
}

pub fn render_json(findings: &[Finding], files: usize) -> String {
    let mut out = Vec::new();
    match write_json(findings, files, &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => format!("{{\"error\":\"{e}\"}}\n"),
    }
}
