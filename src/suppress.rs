//! Inline control comments:
//! `<!-- brieflint-disable [RULE...] -->`, `<!-- brieflint-enable [RULE...] -->`,
//! `<!-- brieflint-disable-next-line [RULE...] -->`, `<!-- brieflint-disable-file [RULE...] -->`.
//! No rule list means every rule.

use crate::document::Document;

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

    fn covers(&self, rule: &str) -> bool {
        match self {
            Selection::All => true,
            Selection::Rules(ids) => ids.iter().any(|id| id == rule),
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

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

impl Suppressions {
    pub fn from_document(doc: &Document) -> Suppressions {
        let mut directives = Vec::new();
        for comment in &doc.comments {
            let Some(rest) = comment.body.strip_prefix("brieflint-") else {
                continue;
            };
            let line = doc.lines.line_of(comment.span.start);
            let end_line = doc.lines.line_of(comment.span.end.saturating_sub(1));
            // Longest directive names first: `disable-next-line` before `disable`.
            let directive = if let Some(ids) = word(rest, "disable-next-line") {
                Directive::NextLine { line: end_line + 1, rules: Selection::parse(ids) }
            } else if let Some(ids) = word(rest, "disable-file") {
                Directive::File { rules: Selection::parse(ids) }
            } else if let Some(ids) = word(rest, "disable") {
                Directive::Toggle { line, disable: true, rules: Selection::parse(ids) }
            } else if let Some(ids) = word(rest, "enable") {
                Directive::Toggle { line, disable: false, rules: Selection::parse(ids) }
            } else {
                continue;
            };
            directives.push(directive);
        }
        Suppressions { directives }
    }

    /// Whether a finding of `rule` starting on `line` is suppressed.
    pub fn suppresses(&self, rule: &str, line: usize) -> bool {
        let mut disabled = false;
        for directive in &self.directives {
            match directive {
                Directive::File { rules } if rules.covers(rule) => return true,
                Directive::NextLine { line: l, rules } if *l == line && rules.covers(rule) => {
                    return true;
                }
                Directive::Toggle { line: l, disable, rules } if *l <= line && rules.covers(rule) => {
                    disabled = *disable;
                }
                _ => {}
            }
        }
        disabled
    }

    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }
}

/// `text` without the leading directive `name`, when it is a whole word.
fn word<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(name)?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some(rest)
}
