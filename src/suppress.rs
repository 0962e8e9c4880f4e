//! Inline control comments:
//! `<!-- brieflint-disable [RULE...] -->`, `<!-- brieflint-enable [RULE...] -->`,
//! `<!-- brieflint-disable-next-line [RULE...] -->`, `<!-- brieflint-disable-file [RULE...] -->`.
//! No rule list means every rule.
//!
//! Vale's controls work too: `<!-- vale off -->` / `<!-- vale on -->` (every
//! rule), `<!-- vale Style.Rule = NO -->` / `= YES`, `<!-- vale Style = NO -->`.
//! They are not reported when they suppress nothing: Vale users keep them for Vale.

use std::sync::atomic::{AtomicBool, Ordering};

use crate::document::{Document, Position, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Selection {
    All,
    Rules(Vec<String>),
}

impl Selection {
    fn parse(text: &str) -> Selection {
        let ids: Vec<String> =
            text.split(|c: char| c.is_whitespace() || c == ',').filter(|s| !s.is_empty()).map(str::to_string).collect();
        if ids.is_empty() { Selection::All } else { Selection::Rules(ids) }
    }

    /// An id ending in `.` (a Vale style) covers every rule of that style.
    fn covers(&self, rule: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Rules(ids) => {
                ids.iter().any(|id| id == rule || (id.ends_with('.') && rule.starts_with(id.as_str())))
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Directive {
    /// Disable (true) or enable (false) from a line on.
    Toggle {
        line: usize,
        disable: bool,
        rules: Selection,
    },
    NextLine {
        line: usize,
        rules: Selection,
    },
    File {
        rules: Selection,
    },
}

/// A directive as written, for reporting one that suppressed nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub text: String,
    /// A Vale control, never reported as unused.
    pub vale: bool,
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

/// The control comments of one document. Each disabling directive records whether
/// it suppressed a finding, document or corpus, so unused ones can be reported.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    written: Vec<Written>,
    used: Vec<AtomicBool>,
}

impl Suppressions {
    pub fn from_document(doc: &Document) -> Suppressions {
        let mut directives = Vec::new();
        let mut written = Vec::new();
        for comment in &doc.comments {
            let line = doc.lines.line_of(comment.span.start);
            let end_line = doc.lines.line_of(comment.span.end.saturating_sub(1));
            let (directive, vale) = if let Some(rest) = comment.body.strip_prefix("vale ") {
                (vale_directive(rest, line), true)
            } else if let Some(rest) = comment.body.strip_prefix("brieflint-") {
                (brieflint_directive(rest, line, end_line), false)
            } else {
                continue;
            };
            let Some(directive) = directive else { continue };
            directives.push(directive);
            written.push(Written {
                text: comment.body.clone(),
                vale,
                span: comment.span,
                start: doc.position(comment.span.start),
                end: doc.position(comment.span.end),
            });
        }
        let used = directives.iter().map(|_| AtomicBool::new(false)).collect();
        Suppressions { directives, written, used }
    }

    /// Disabling directives that have not suppressed any finding.
    pub fn unused(&self) -> Vec<&Written> {
        self.directives
            .iter()
            .zip(&self.written)
            .zip(&self.used)
            .filter(|((d, w), used)| {
                !w.vale && !matches!(d, Directive::Toggle { disable: false, .. }) && !used.load(Ordering::Relaxed)
            })
            .map(|((_, w), _)| w)
            .collect()
    }

    /// Whether a finding of `rule` starting on `line` is suppressed.
    pub fn suppresses(&self, rule: &str, line: usize) -> bool {
        // The directive in force: the first file or next-line one that applies,
        // else the last toggle before the line.
        let mut deciding: Option<(usize, bool)> = None;
        for (i, directive) in self.directives.iter().enumerate() {
            match directive {
                Directive::File { rules } if rules.covers(rule) => {
                    deciding = Some((i, true));
                    break;
                }
                Directive::NextLine { line: l, rules } if *l == line && rules.covers(rule) => {
                    deciding = Some((i, true));
                    break;
                }
                Directive::Toggle { line: l, disable, rules } if *l <= line && rules.covers(rule) => {
                    deciding = Some((i, *disable));
                }
                _ => {}
            }
        }
        match deciding {
            Some((i, true)) => {
                self.used[i].store(true, Ordering::Relaxed);
                true
            }
            _ => false,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }
}

/// A brieflint control after `brieflint-`. Longest names first: `disable-next-line` before `disable`.
fn brieflint_directive(rest: &str, line: usize, end_line: usize) -> Option<Directive> {
    Some(if let Some(ids) = word(rest, "disable-next-line") {
        Directive::NextLine { line: end_line + 1, rules: Selection::parse(ids) }
    } else if let Some(ids) = word(rest, "disable-file") {
        Directive::File { rules: Selection::parse(ids) }
    } else if let Some(ids) = word(rest, "disable") {
        Directive::Toggle { line, disable: true, rules: Selection::parse(ids) }
    } else if let Some(ids) = word(rest, "enable") {
        Directive::Toggle { line, disable: false, rules: Selection::parse(ids) }
    } else {
        return None;
    })
}

/// A Vale control after `vale `: `off`, `on`, or `Name = NO|YES` (comma-separated).
fn vale_directive(rest: &str, line: usize) -> Option<Directive> {
    match rest.trim() {
        "off" => return Some(Directive::Toggle { line, disable: true, rules: Selection::All }),
        "on" => return Some(Directive::Toggle { line, disable: false, rules: Selection::All }),
        _ => {}
    }
    let mut ids = Vec::new();
    let mut disable = None;
    for setting in rest.split(',') {
        let (name, value) = setting.split_once('=')?;
        let name = name.trim();
        let off = match value.trim().to_ascii_uppercase().as_str() {
            "NO" | "OFF" => true,
            "YES" | "ON" => false,
            _ => return None,
        };
        // Settings in one comment must agree; a style name covers its rules.
        if *disable.get_or_insert(off) != off || name.is_empty() {
            return None;
        }
        ids.push(if name.contains('.') { name.to_string() } else { format!("{name}.") });
    }
    Some(Directive::Toggle { line, disable: disable?, rules: Selection::Rules(ids) })
}

/// `text` without the leading directive `name`, when it is a whole word.
fn word<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(name)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}
