//! `--format json`: the stable shape documented in the README.

use serde::Serialize;

use crate::finding::Finding;

/// The report's shape, serialised at once: what `write_json` writes, in tests.
#[cfg(test)]
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
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    related: Vec<Related<'a>>,
    fix: Option<Fix<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

#[derive(Serialize)]
struct Fix<'a> {
    replacement: &'a str,
    safe: bool,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
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

/// Writes the report to `out` as it is serialised: a batch of findings at a time,
/// each batch serialised in parallel chunks and written in order (a large corpus's
/// report is never held whole). The bytes are those of serialising `Report` at once.
pub fn write_json(findings: &[Finding], files: usize, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_in_chunks(findings, files, out, 2048)
}

/// `write_json` with chunks of `chunk` findings, four chunks a batch.
fn write_in_chunks(
    findings: &[Finding],
    files: usize,
    out: &mut dyn std::io::Write,
    chunk: usize,
) -> std::io::Result<()> {
    use rayon::prelude::*;
    write!(out, "{{\"version\":1,\"files\":{files},\"diagnostics\":[")?;
    for (b, batch) in findings.chunks(chunk * 4).enumerate() {
        let chunks: Vec<Vec<u8>> = batch
            .par_chunks(chunk)
            .map(|chunk| {
                let mut bytes = Vec::with_capacity(chunk.len() * 400);
                for (k, f) in chunk.iter().enumerate() {
                    if k > 0 {
                        bytes.push(b',');
                    }
                    // Writing into memory fails only on a value serde_json cannot write, which a diagnostic never is.
                    let _ = serde_json::to_writer(&mut bytes, &diagnostic(f));
                }
                bytes
            })
            .collect();
        for (k, chunk) in chunks.iter().enumerate() {
            if b > 0 || k > 0 {
                out.write_all(b",")?;
            }
            out.write_all(chunk)?;
        }
    }
    out.write_all(b"]}\n")
}

pub fn render_json(findings: &[Finding], files: usize) -> String {
    let mut out = Vec::new();
    match write_json(findings, files, &mut out) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => format!("{{\"error\":\"{e}\"}}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_is_written_as_serde_writes_it_whole() {
        let doc = crate::document::Document::parse("# T\n\nIt is very clear that [ref] TODO it isn’t.\n".repeat(40));
        let rules = crate::rules::load::embedded();
        let active: Vec<_> = rules.rules.iter().map(|r| (r, r.level)).collect();
        let file: std::sync::Arc<str> = std::sync::Arc::from("a \"quoted\" brief.md");
        let findings = crate::engine::lint_document(&doc, &active, &file, None).findings;
        assert!(findings.len() > 3 * 4, "{} findings: more than one batch", findings.len());
        for n in [0, 1, 3, 4, 12, 13, findings.len()] {
            let whole = Report { version: 1, files: 7, diagnostics: findings[..n].iter().map(diagnostic).collect() };
            let expected = serde_json::to_string(&whole).unwrap() + "\n";
            let mut written = Vec::new();
            write_in_chunks(&findings[..n], 7, &mut written, 3).unwrap();
            assert_eq!(String::from_utf8(written).unwrap(), expected, "{n} findings");
            assert_eq!(render_json(&findings[..n], 7), expected, "{n} findings");
        }
    }
}
