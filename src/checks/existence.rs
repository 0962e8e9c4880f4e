//! `existence`: tokens or patterns that must not appear.

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::{Pattern, alternation};

use super::Context;

#[derive(Debug, Clone)]
pub struct Existence {
    pattern: Pattern,
    exceptions: Option<Pattern>,
}

impl Existence {
    /// `tokens` are joined Vale-style; `raw` patterns are concatenated and used as written.
    pub fn new(
        tokens: &[String],
        raw: &[String],
        ignorecase: bool,
        nonword: bool,
        exceptions: &[String],
    ) -> Result<Existence, String> {
        let mut parts = Vec::new();
        if !tokens.is_empty() {
            parts.push(alternation(tokens, ignorecase, nonword));
        }
        if !raw.is_empty() {
            let flags = if ignorecase { "(?i)" } else { "" };
            parts.push(format!("{flags}(?:{})", raw.concat()));
        }
        if parts.is_empty() {
            return Err("an `existence` rule needs `tokens` or `raw`".into());
        }
        Ok(Existence {
            pattern: Pattern::new(&parts.join("|"))?,
            exceptions: exceptions_pattern(exceptions, ignorecase)?,
        })
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        ctx.for_each_scoped(rule, |text, span| {
            let result = self.pattern.for_each_match(text, |s, e| {
                let matched = &text[s..e];
                if self.exceptions.as_ref().is_some_and(|x| x.is_match(matched)) || s == e {
                    return;
                }
                let at = Span::new(span.start + s, span.start + e);
                out.push(ctx.finding(rule, at, &[matched], None));
            });
            if let Err(error) = result {
                out.push(ctx.regex_failure(rule, span, &error));
            }
        });
    }
}

/// Exceptions match the whole matched text.
pub(super) fn exceptions_pattern(exceptions: &[String], ignorecase: bool) -> Result<Option<Pattern>, String> {
    if exceptions.is_empty() {
        return Ok(None);
    }
    let flags = if ignorecase { "(?i)" } else { "" };
    Pattern::new(&format!("{flags}^(?:{})$", exceptions.join("|"))).map(Some)
}
