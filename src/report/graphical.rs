//! The default human report: miette's graphical diagnostics with source snippets.

use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource, Report, Severity,
};

use crate::error::LoadError;
use crate::finding::Finding;
use crate::rules::Level;

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // A fixed width keeps output identical across terminals.
    GraphicalReportHandler::new_themed(theme).with_width(100).with_links(false).without_primary_span_start()
}

/// Colour only for a terminal, and never when NO_COLOR is set.
pub fn use_color(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none()
}

fn render(handler: &GraphicalReportHandler, diagnostic: &dyn Diagnostic) -> String {
    let mut out = String::new();
    if handler.render_report(&mut out, diagnostic).is_err() {
        out = format!("{diagnostic}\n");
    }
    out
}

fn severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warning => Severity::Warning,
        Level::Info => Severity::Advice,
    }
}

/// Renders findings (already sorted) reading each file's text once for the snippets.
pub fn render_findings(findings: &[Finding], color: bool) -> String {
    let handler = handler(color);
    let mut out = String::new();
    let mut current: Option<(Arc<str>, Option<Arc<String>>)> = None;
    for finding in findings {
        let source = match &current {
            Some((file, text)) if *file == finding.file => text.clone(),
            _ => {
                let text =
                    std::fs::read(&*finding.file).ok().map(|b| Arc::new(String::from_utf8_lossy(&b).into_owned()));
                current = Some((finding.file.clone(), text.clone()));
                text
            }
        };
        out.push_str(&render_finding(&handler, finding, source));
    }
    out
}

fn render_finding(handler: &GraphicalReportHandler, f: &Finding, source: Option<Arc<String>>) -> String {
    let mut diagnostic =
        MietteDiagnostic::new(f.message.clone()).with_code(f.rule.to_string()).with_severity(severity(f.severity));
    let mut notes: Vec<String> = f.help.iter().map(|h| h.to_string()).collect();
    let mut labels = Vec::new();
    if !f.span.is_empty() {
        labels.push(LabeledSpan::new_primary_with_span(None, f.span.start..f.span.end));
    }
    for r in &f.related {
        if r.file == f.file && !r.span.is_empty() {
            labels.push(LabeledSpan::new_with_span(Some(r.message.clone()), r.span.start..r.span.end));
        } else {
            notes.push(format!("related: {}:{}:{}: {}", r.file, r.start.line, r.start.column, r.message));
        }
    }
    if let Some(fix) = &f.fix {
        notes.push(format!("fix: replace with `{}`", fix.replacement));
    }
    diagnostic = diagnostic.with_labels(labels);
    if !notes.is_empty() {
        diagnostic = diagnostic.with_help(notes.join("\n"));
    }
    let location = format!("{}:{}:{}", f.file, f.start.line, f.start.column);
    match source {
        Some(text) if !f.span.is_empty() => {
            let report = Report::new(diagnostic).with_source_code(NamedSource::new(location, text));
            render(handler, report.as_ref())
        }
        _ => {
            let diagnostic = MietteDiagnostic { message: format!("{location}: {}", f.message), ..diagnostic };
            render(handler, &diagnostic)
        }
    }
}

/// Renders an error in a rule or config file, pointing into its text.
pub fn render_error(error: &LoadError, color: bool) -> String {
    let mut diagnostic = MietteDiagnostic::new(error.message.clone()).with_severity(Severity::Error);
    if let Some(help) = &error.help {
        diagnostic = diagnostic.with_help(help.clone());
    }
    if error.text.is_empty() {
        let diagnostic = MietteDiagnostic { message: format!("{}: {}", error.path, error.message), ..diagnostic };
        return render(&handler(color), &diagnostic);
    }
    let label = LabeledSpan::new_primary_with_span(Some("here".into()), error.offset..error.offset + error.len);
    let position = crate::document::LineIndex::new(&error.text).position(&error.text, error.offset);
    let name = format!("{}:{}:{}", error.path, position.line, position.column);
    let report =
        Report::new(diagnostic.with_labels([label])).with_source_code(NamedSource::new(name, error.text.clone()));
    render(&handler(color), report.as_ref())
}
