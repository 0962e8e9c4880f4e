//! `repetition` (Vale): the same token twice in a row, such as "the the".

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::Context;

#[derive(Debug, Clone)]
pub struct Repetition {
    pub pattern: Pattern,
    /// Repeats allowed before one is flagged.
    pub max: usize,
    /// Only tokens made of letters count.
    pub alpha: bool,
    pub ignorecase: bool,
    pub exceptions: Option<Pattern>,
}

impl Repetition {
    /// Two matches repeat when their trimmed texts are equal and only spaces or
    /// tabs stand between them (Vale also counts repeats across punctuation,
    /// "no. No", which we do not). `%s` is the repeated token.
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        ctx.for_each_scoped(rule, |text, span| {
            let mut previous: Option<(usize, usize)> = None;
            let mut count = 0;
            let result = self.pattern.for_each_match(text, |s, e| {
                let current = text[s..e].trim();
                let hit = previous.is_some_and(|(ps, pe)| {
                    let before = text[ps..pe].trim();
                    let same = if self.ignorecase {
                        before.to_lowercase() == current.to_lowercase()
                    } else {
                        before == current
                    };
                    let gap = &text[pe..s];
                    same && !current.is_empty()
                        && gap.chars().all(|c| c == ' ' || c == '\t')
                        && (!self.alpha || current.chars().all(char::is_alphabetic))
                        && !self.exceptions.as_ref().is_some_and(|x| x.is_match(current))
                });
                count = if hit { count + 1 } else { 0 };
                if hit && count > self.max {
                    if let Some((ps, _)) = previous {
                        out.push(ctx.finding(rule, Span::new(span.start + ps, span.start + e), &[current], None));
                    }
                    count = 0;
                }
                previous = Some((s, e));
            });
            if let Err(error) = result {
                out.push(ctx.regex_failure(rule, span, &error));
            }
        });
    }
}
