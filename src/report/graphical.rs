//! The default human report: miette's graphical diagnostics with source snippets.

use std::io::Write;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, MietteError, MietteSpanContents,
    NamedSource, Report, Severity, SourceCode, SourceSpan, SpanContents,
};
use rayon::prelude::*;

use crate::document::{Span, lossy_text};
use crate::error::LoadError;
use crate::finding::Finding;
use crate::rules::Level;

fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    // A fixed width keeps output identical across terminals. Lines break at spaces only: the
    // Unicode line-breaking rules split dates and ranges at their hyphens ("2021-08-" / "31")
    // and were half the rendering's profile samples.
    GraphicalReportHandler::new_themed(theme)
        .with_width(100)
        .with_links(false)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
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

/// Files whose findings are rendered side by side before they are written, in order:
/// the report streams instead of being held whole.
const FILES_PER_BATCH: usize = 64;
/// Findings of one file rendered as one piece of work: a big brief's are rendered side by side.
const FINDINGS_PER_PIECE: usize = 64;

/// Writes findings (sorted, so a file's are together) to `out`, reading each file once
/// for the snippets.
pub fn write_findings(findings: &[Finding], color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let read = |path: &str| std::fs::read(path).ok().map(lossy_text);
    write_findings_with(findings, color, &read, out)
}

/// `write_findings`, each file's text for the snippets given by `read` (None: no snippets).
pub fn write_findings_with(
    findings: &[Finding],
    color: bool,
    read: &(dyn Fn(&str) -> Option<String> + Sync),
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let files: Vec<&[Finding]> = findings.chunk_by(|a, b| a.file == b.file).collect();
    for batch in files.chunks(FILES_PER_BATCH) {
        let rendered: Vec<Vec<String>> = batch.par_iter().map(|file| render_file(file, color, read)).collect();
        for piece in rendered.iter().flatten() {
            out.write_all(piece.as_bytes())?;
        }
    }
    Ok(())
}

/// The findings of one file, all naming it, in pieces.
fn render_file(findings: &[Finding], color: bool, read: &(dyn Fn(&str) -> Option<String> + Sync)) -> Vec<String> {
    let source = findings.first().and_then(|f| read(&f.file)).map(Snippets::new);
    findings
        .par_chunks(FINDINGS_PER_PIECE)
        .map(|piece| {
            let handler = handler(color);
            piece.iter().map(|f| render_finding(&handler, color, f, source.clone())).collect()
        })
        .collect()
}

/// A file's text and where its lines break as miette counts breaks (`\n`, `\r\n` once, a
/// lone `\r`). miette reads a snippet by counting lines from the top of the text, which made
/// a report quadratic in a file's findings, and gives that count as the lines the snippet
/// covers, so two labels 10,000 lines apart were shown with every line between them. This
/// reads a snippet from a few lines before its span and counts the lines it covers.
#[derive(Clone)]
struct Snippets(Arc<(String, Vec<usize>)>);

impl Snippets {
    fn new(text: String) -> Snippets {
        // miette splits lines at `\n` only: a lone `\r` is shown as the line break it is.
        let text = crate::document::lines::lone_returns_as_newlines(text);
        let bytes = text.as_bytes();
        let breaks = crate::document::lines::line_breaks(bytes).collect();
        Snippets(Arc::new((text, breaks)))
    }

    fn holds(&self, span: Span) -> bool {
        span.end <= self.0.0.len()
    }
}

impl SourceCode for Snippets {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (text, breaks) = &*self.0;
        // A span past the end (the file changed since it was linted) would make miette panic.
        if span.offset() + span.len() > text.len() {
            return Err(MietteError::OutOfBounds);
        }
        // Where the 0-based line `n` starts.
        let line_start = |n: usize| n.checked_sub(1).and_then(|k| breaks.get(k)).map_or(0, |b| b + 1);
        // The window starts at a line two more back than the context needs, so that miette
        // reads it exactly as it reads the whole text; its lines are then renumbered.
        let line = breaks.partition_point(|&b| b < span.offset());
        let skipped = line.saturating_sub(context_lines_before + 2);
        let from = line_start(skipped);
        let window = text.as_bytes().get(from..).unwrap_or_default();
        let inner = window.read_span(
            &SourceSpan::new((span.offset() - from).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        // miette counts a column in bytes and shows it only for a span read without context
        // (a snippet's header): count characters, as every other report does.
        let column = if context_lines_before == 0 {
            let before = text.as_bytes().get(line_start(line)..span.offset()).unwrap_or_default();
            crate::document::lines::chars_before(before, line == 0)
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new(
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + skipped,
            column,
            inner.line_count().saturating_sub(inner.line()),
        )))
    }
}

/// A diagnostic and the file its labels point into. miette's `Report` would do, but making
/// one asks the default hook for a handler, which probes the terminal and the environment,
/// for every finding.
#[derive(Debug)]
struct WithSource {
    diagnostic: MietteDiagnostic,
    source: NamedSource<Snippets>,
}

impl std::fmt::Display for WithSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.diagnostic.fmt(f)
    }
}

impl std::error::Error for WithSource {}

impl Diagnostic for WithSource {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.code()
    }
    fn severity(&self) -> Option<Severity> {
        self.diagnostic.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.diagnostic.help()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.diagnostic.labels()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
}

fn render_finding(handler: &GraphicalReportHandler, color: bool, f: &Finding, source: Option<Snippets>) -> String {
    let mut diagnostic =
        MietteDiagnostic::new(f.message.to_string()).with_code(f.rule.to_string()).with_severity(severity(f.severity));
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
    // miette renders the help last, after the snippets: it is appended, worked out once per
    // text (or rendered in place should it not split off).
    let help = (!notes.is_empty()).then(|| notes.join("\n"));
    let footer = help.as_deref().map(|help| footer(handler, color, help));
    if let (Some(help), Some(None)) = (help, &footer) {
        diagnostic = diagnostic.with_help(help);
    }
    // A label past the end of the file (changed since it was linted) gets no snippet.
    let fits = |text: &Snippets| text.holds(f.span) && f.related.iter().all(|r| r.file != f.file || text.holds(r.span));
    let mut out = match source.filter(|text| !f.span.is_empty() && fits(text)) {
        // Each snippet's header names the file and where its first label starts.
        Some(text) => render(handler, &WithSource { diagnostic, source: NamedSource::new(&f.file, text) }),
        None => {
            let location = format!("{}:{}:{}", f.file, f.start.line, f.start.column);
            render(handler, &MietteDiagnostic { message: format!("{location}: {}", f.message), ..diagnostic })
        }
    };
    if let Some(Some(footer)) = footer {
        out.push_str(&footer);
    }
    out
}

thread_local! {
    /// Footers rendered on this thread, without and with colour, by help text: a rule's
    /// findings mostly share theirs, and wrapping it was a sixth of the rendering.
    static FOOTERS: std::cell::RefCell<[rustc_hash::FxHashMap<String, Option<Arc<str>>>; 2]> = Default::default();
}

/// Footers kept at most on a thread (help texts with a fix or a related place vary).
const MOST_FOOTERS: usize = 4096;

/// What `handler` (with `color` or not) renders for `help`: a diagnostic with that help
/// renders as the same diagnostic without it, then this. None should the two not agree so.
fn footer(handler: &GraphicalReportHandler, color: bool, help: &str) -> Option<Arc<str>> {
    FOOTERS.with_borrow_mut(|footers| {
        let footers = &mut footers[usize::from(color)];
        if let Some(footer) = footers.get(help) {
            return footer.clone();
        }
        let bare = MietteDiagnostic::new("");
        let without = render(handler, &bare);
        let with = render(handler, &bare.with_help(help));
        let footer: Option<Arc<str>> = with.strip_prefix(&without).map(Arc::from);
        if footers.len() >= MOST_FOOTERS {
            footers.clear();
        }
        footers.insert(help.to_string(), footer.clone());
        footer
    })
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
    // The name carries the position, counted in characters (miette counts bytes).
    let label = LabeledSpan::new_primary_with_span(Some("here".into()), error.offset..error.offset + error.len);
    let position = crate::document::LineIndex::new(&error.text).position(&error.text, error.offset);
    let name = format!("{}:{}:{}", error.path, position.line, position.column);
    let report =
        Report::new(diagnostic.with_labels([label])).with_source_code(NamedSource::new(name, error.text.clone()));
    render(&handler(color).without_primary_span_start(), report.as_ref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Position;
    use crate::finding::Related;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        /// A snippet read from its window is the one miette reads from the whole text, but
        /// for the lines it covers, counted from the snippet's first line, not the text's.
        #[test]
        fn snippets_read_what_miette_reads_from_the_whole_text(
            text in "[ab\r\n]{0,40}",
            start in 0usize..44,
            len in 0usize..8,
            before in 0usize..4,
            after in 0usize..4,
        ) {
            let span = SourceSpan::new(start.into(), len);
            let snippets = Snippets::new(text.clone());
            // The report shows a lone `\r` as the line break it is (miette breaks at `\n` only).
            let text = crate::document::lines::lone_returns_as_newlines(text);
            let windowed = snippets.read_span(&span, before, after);
            if start + len > text.len() {
                prop_assert!(windowed.is_err());
                return Ok(());
            }
            // Without context lines before, the column is the span's on its line, which miette
            // gives only when it reads no context at all; inside a `\r\n` pair (no finding
            // starts there) it has no meaning.
            let inside_break = start > 0 && text.as_bytes()[start - 1..].starts_with(b"\r\n");
            let compare_columns = !(before == 0 && inside_break);
            let span_column = text.as_bytes().read_span(&span, 0, 0).map_or(0, |c| c.column());
            let windowed = windowed.map(|c| {
                let column = compare_columns.then_some(c.column());
                (c.data().to_vec(), *c.span(), c.line(), column, c.line() + c.line_count())
            });
            let whole = text.as_bytes().read_span(&span, before, after).map(|c| {
                let column = compare_columns.then_some(if before == 0 { span_column } else { c.column() });
                (c.data().to_vec(), *c.span(), c.line(), column, c.line_count())
            });
            prop_assert_eq!(windowed.ok(), whole.ok());
        }
    }

    fn finding(file: &str, span: Span, related: Vec<Related>) -> Finding {
        let at = Position { line: 1, column: 1 };
        Finding {
            rule: "brief/figure-consistency".into(),
            severity: Level::Error,
            message: "'41%' conflicts with '38%'".into(),
            help: None,
            file: file.into(),
            span,
            start: at,
            end: at,
            related,
            fix: None,
        }
    }

    #[test]
    fn labels_far_apart_get_a_snippet_each_without_the_lines_between() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        // miette counted lines from the top: it joined two labels when the second's line was
        // under twice the first's.
        let filler = |from: usize| (from..from + 400).map(|k| format!("Filler paragraph {k}.\n\n")).collect::<String>();
        let mut text = filler(0);
        let first = text.len();
        text.push_str("Unemployment stood at 41% in May 2025.\n\n");
        text.push_str(&filler(400));
        let later = text.len();
        text.push_str("Unemployment stood at 38% in May 2025.\n");
        std::fs::write(&path, &text).unwrap();
        let file = path.to_string_lossy().into_owned();
        let related = Related {
            file: file.as_str().into(),
            span: Span::new(first + 22, first + 25),
            start: Position::default(),
            message: "here".into(),
        };
        let mut out = Vec::new();
        write_findings(&[finding(&file, Span::new(later + 22, later + 25), vec![related])], false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.matches("╭─[").count(), 2, "{out}");
        assert!(out.contains("stood at 41%") && out.contains("stood at 38%"), "{out}");
        assert!(!out.contains("Filler paragraph 600."), "{out}");
        assert!(out.lines().count() < 30, "{out}");
    }

    #[test]
    fn a_finding_past_the_end_of_its_changed_file_keeps_its_location() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        std::fs::write(&path, "Short now.\n").unwrap();
        let file = path.to_string_lossy().into_owned();
        let mut late = finding(&file, Span::new(40, 43), Vec::new());
        late.start = Position { line: 3, column: 22 };
        let mut out = Vec::new();
        write_findings(&[late], false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains(&format!("{file}:3:22: '41%' conflicts with '38%'")), "{out}");
        assert!(out.contains("brief/figure-consistency"), "{out}");
    }

    /// A finding renders as miette renders it with its help in place: with and without
    /// colour, with a snippet or without, whatever the help (wrapped, several lines, empty
    /// lines, wide characters), rendered for the first time or taken from the cache.
    #[test]
    fn the_appended_help_is_what_miette_renders_in_place() {
        let text = "# Café\n\nUnemployment stood at 41% in May 2025, and at 38% in June.\n";
        let at = text.find("41%").unwrap();
        let helps = [
            "Check the figure.".to_string(),
            "Give one figure per measure and period. ".repeat(8),
            "fix: replace with `41 percent`\nrelated: b.md:3:4: here\n\n  indented — “quoted” 中文".to_string(),
        ];
        for color in [false, true] {
            let handler = handler(color);
            for help in helps.iter().chain(&helps) {
                let mut f = finding("brief.md", Span::new(at, at + 3), Vec::new());
                f.help = Some(help.as_str().into());
                for source in [Some(Snippets::new(text.to_string())), None] {
                    let mut diagnostic = MietteDiagnostic::new(f.message.to_string())
                        .with_code(f.rule.to_string())
                        .with_severity(Severity::Error)
                        .with_help(help.clone());
                    let in_place = match source.clone() {
                        Some(text) => {
                            diagnostic = diagnostic.with_labels([LabeledSpan::new_primary_with_span(None, at..at + 3)]);
                            render(&handler, &WithSource { diagnostic, source: NamedSource::new(&f.file, text) })
                        }
                        None => render(
                            &handler,
                            &MietteDiagnostic { message: format!("brief.md:1:1: {}", f.message), ..diagnostic },
                        ),
                    };
                    assert_eq!(render_finding(&handler, color, &f, source), in_place);
                    // Appended, not rendered in place.
                    assert!(footer(&handler, color, help).is_some_and(|f| in_place.ends_with(&*f)), "{help:?}");
                }
            }
        }
    }

    #[test]
    fn long_messages_wrap_at_spaces_not_inside_dates() {
        let mut f = finding("gone.md", Span::new(0, 0), Vec::new());
        f.message = "'some 13.7%' conflicts with 'over 20%' for the same measure and period (2021-08-01 to \
                     2021-08-31)"
            .into();
        let mut out = Vec::new();
        write_findings(&[f], false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.lines().count() > 2 && out.contains("2021-08-31)"), "{out}");
        assert!(!out.lines().any(|l| l.ends_with('-')), "{out}");
    }

    #[test]
    fn a_snippets_header_counts_columns_in_characters() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        let text = "# Café\n\nLa hausse a été de 41% en mai 2025.\n";
        std::fs::write(&path, text).unwrap();
        let file = path.to_string_lossy().into_owned();
        let at = text.find("41%").unwrap();
        let mut out = Vec::new();
        write_findings(&[finding(&file, Span::new(at, at + 3), Vec::new())], false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        // "La hausse a été de " is 19 characters and 21 bytes.
        assert!(out.contains(&format!("╭─[{file}:3:20]")), "{out}");
    }

    #[test]
    fn a_snippets_header_does_not_count_a_byte_order_mark() {
        let text = "\u{feff}# Café 41%\n";
        let snippets = Snippets::new(text.to_string());
        let at = text.find("41%").unwrap();
        let header = snippets.read_span(&SourceSpan::new(at.into(), 3), 0, 0).unwrap();
        // "# Café " is 7 characters after the mark: miette shows the column as this plus one.
        assert_eq!(header.column(), 7);
        let expected = crate::document::LineIndex::new(text).position(text, at);
        assert_eq!(header.column() + 1, expected.column as usize, "as findings count it");
    }

    #[test]
    fn a_big_briefs_findings_render_in_order_whatever_the_pieces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("brief.md");
        let text: String = (0..300).map(|k| format!("Paragraph {k:03} states 41%.\n\n")).collect();
        std::fs::write(&path, &text).unwrap();
        let file = path.to_string_lossy().into_owned();
        let findings: Vec<Finding> =
            text.match_indices("41%").map(|(at, _)| finding(&file, Span::new(at, at + 3), Vec::new())).collect();
        assert!(findings.len() > 2 * FINDINGS_PER_PIECE);
        let mut out = Vec::new();
        write_findings(&findings, false, &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let shown: Vec<&str> = out.lines().filter_map(|l| l.split("Paragraph ").nth(1)).map(|l| &l[..3]).collect();
        // Each snippet shows its paragraph and, as context, none other (blank lines around).
        let expected: Vec<String> = (0..300).map(|k| format!("{k:03}")).collect();
        assert_eq!(shown, expected);
    }
}
