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
    /// Vale's pattern: `tokens` joined into `\b(?:a|b)\b`, with `raw` (concatenated,
    /// used as written) before the group, or after it with `append`.
    pub fn new(
        tokens: &[String],
        raw: &[String],
        append: bool,
        ignorecase: bool,
        nonword: bool,
        exceptions: &[String],
    ) -> Result<Existence, String> {
        if tokens.is_empty() && raw.is_empty() {
            return Err("an `existence` rule needs `tokens` or `raw`".into());
        }
        let pattern = if raw.is_empty() {
            Pattern::word_list(tokens, ignorecase, nonword)?
        } else {
            let group = if tokens.is_empty() { String::new() } else { alternation(tokens, false, nonword) };
            let raw = raw.concat();
            let body = if append { format!("{group}{raw}") } else { format!("{raw}{group}") };
            let flags = if ignorecase { "(?i)" } else { "" };
            Pattern::new(&format!("{flags}{body}"))?
        };
        Ok(Existence { pattern, exceptions: exceptions_pattern(exceptions, ignorecase)? })
    }

    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        ctx.for_each_scoped_matching(rule, &self.pattern, |unit, text, span, matches| {
            let result = matches.for_each_match(unit, text, span, |s, e| {
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
pub fn exceptions_pattern(exceptions: &[String], ignorecase: bool) -> Result<Option<Pattern>, String> {
    if exceptions.is_empty() {
        return Ok(None);
    }
    Pattern::whole_word_list(exceptions, ignorecase).map(Some)
}
