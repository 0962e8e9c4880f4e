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
    /// Indices of `File` directives.
    files: Vec<usize>,
    /// (line, index) of `NextLine` directives, sorted.
    next_lines: Vec<(usize, usize)>,
    /// Per rule, (line, index) of the toggles that cover it, sorted: made on first use,
    /// so a finding is matched in logarithmic time however many comments a brief has.
    toggles: std::sync::Mutex<rustc_hash::FxHashMap<String, Vec<(usize, usize)>>>,
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
        let files = (directives.iter().enumerate())
            .filter_map(|(i, d)| matches!(d, Directive::File { .. }).then_some(i))
            .collect();
        let mut next_lines: Vec<(usize, usize)> = (directives.iter().enumerate())
            .filter_map(|(i, d)| match d {
                Directive::NextLine { line, .. } => Some((*line, i)),
                _ => None,
            })
            .collect();
        next_lines.sort_unstable();
        Suppressions { directives, written, used, files, next_lines, toggles: Default::default() }
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
        if self.directives.is_empty() {
            return false;
        }
        // The directive in force: the first file or next-line one that applies,
        // else the last toggle before the line.
        let covers = |i: usize| match self.directives.get(i) {
            Some(Directive::File { rules } | Directive::NextLine { rules, .. } | Directive::Toggle { rules, .. }) => {
                rules.covers(rule)
            }
            None => false,
        };
        let file = self.files.iter().copied().find(|&i| covers(i));
        let from = self.next_lines.partition_point(|&(l, _)| l < line);
        let next_line =
            self.next_lines[from..].iter().take_while(|&&(l, _)| l == line).map(|&(_, i)| i).find(|&i| covers(i));
        let deciding = match (file, next_line) {
            (Some(a), Some(b)) => Some((a.min(b), true)),
            (Some(i), None) | (None, Some(i)) => Some((i, true)),
            (None, None) => self.last_toggle(rule, line, covers),
        };
        match deciding {
            Some((i, true)) => {
                if let Some(used) = self.used.get(i) {
                    used.store(true, Ordering::Relaxed);
                }
                true
            }
            _ => false,
        }
    }

    /// The last toggle covering `rule` on or before `line` (by line, then in the order read:
    /// a comment in a footnote counts where it is written), and whether it disables.
    fn last_toggle(&self, rule: &str, line: usize, covers: impl Fn(usize) -> bool) -> Option<(usize, bool)> {
        let mut cache = self.toggles.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let toggles = cache.entry(rule.to_string()).or_insert_with(|| {
            let mut toggles: Vec<(usize, usize)> = (self.directives.iter().enumerate())
                .filter_map(|(i, d)| match d {
                    Directive::Toggle { line, .. } if covers(i) => Some((*line, i)),
                    _ => None,
                })
                .collect();
            toggles.sort_unstable();
            toggles
        });
        let before = toggles.partition_point(|&(l, _)| l <= line);
        let &(_, i) = toggles.get(before.checked_sub(1)?)?;
        match self.directives.get(i)? {
            Directive::Toggle { disable, .. } => Some((i, *disable)),
            _ => None,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The first implementation, a scan of every directive: the oracle for `suppresses`.
    fn suppresses_by_scan(s: &Suppressions, rule: &str, line: usize) -> bool {
        let mut deciding = None;
        for (i, directive) in s.directives.iter().enumerate() {
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
        matches!(deciding, Some((_, true)))
    }

    #[test]
    fn indexed_lookup_agrees_with_a_scan_of_every_directive() {
        let controls = [
            "brieflint-disable",
            "brieflint-enable",
            "brieflint-disable a/x",
            "brieflint-enable a/x",
            "brieflint-disable a/y, a/x",
            "brieflint-disable-next-line a/y",
            "brieflint-disable-next-line",
            "vale a.x = NO",
            "vale a.x = YES",
            "vale Style = NO",
            "vale on",
        ];
        // A pseudo-random brief: each line prose or a control comment, now and then a file-wide one.
        let mut next = crate::testing::numbers(7);
        let mut text = String::from("# T\n\n");
        for _ in 0..600 {
            let pick = next(u64::MAX) as usize;
            match pick % 4 {
                0 => text.push_str("Prose.\n\n"),
                _ => text.push_str(&format!("<!-- {} -->\n\n", controls[pick % controls.len()])),
            }
            if pick.is_multiple_of(97) {
                text.push_str("<!-- brieflint-disable-file a/z -->\n\n");
            }
        }
        let doc = Document::parse(text);
        let s = Suppressions::from_document(&doc);
        assert!(s.directives.len() > 300);
        for rule in ["a/x", "a/y", "a/z", "b/q", "Style.Rule", "a.x"] {
            for line in 0..doc.source.lines().count() + 2 {
                assert_eq!(s.suppresses(rule, line), suppresses_by_scan(&s, rule, line), "{rule} at line {line}");
            }
        }
    }
}
