//! `occurrence` (Vale): how many times a token may appear in each scope unit.

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::Context;

#[derive(Debug, Clone)]
pub struct Occurrence {
    pub pattern: Pattern,
    pub max: Option<usize>,
    pub min: Option<usize>,
}

impl Occurrence {
    /// Flags a unit with more than `max` or fewer than `min` matches; the finding
    /// spans the first to the last match (the unit when there is none), `%s` is the count.
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        // With only a maximum, a unit with no more prefixes of the token than that is within it.
        let bounded = |n: usize| self.min.is_none() && self.max.is_some_and(|max| n <= max);
        if bounded(0) && ctx.matches_nowhere(rule, &[&self.pattern]) {
            return;
        }
        let mut bounds = ctx.bounds(&self.pattern);
        ctx.for_each_scoped_unit(rule, |unit, text, span| {
            let limit = self.max.unwrap_or(usize::MAX);
            if bounds.of(unit, span, limit).is_some_and(bounded) {
                return;
            }
            let (mut count, mut first, mut last) = (0usize, None, 0);
            let result = bounds.for_each_match(unit, text, span, |s, e| {
                count += 1;
                first.get_or_insert(s);
                last = e;
            });
            if let Err(error) = result {
                out.push(ctx.regex_failure(rule, span, &error));
                return;
            }
            let over = self.max.is_some_and(|max| count > max);
            let under = self.min.is_some_and(|min| count < min);
            if over || under {
                let at = match first {
                    Some(s) => Span::new(span.start + s, span.start + last),
                    None => trimmed(text, span),
                };
                out.push(ctx.finding(rule, at, &[&count.to_string()], None));
            }
        });
    }
}

/// `span` without the blank margins of its text.
pub(super) fn trimmed(text: &str, span: Span) -> Span {
    let (start, end) = crate::document::text::trim_bounds(text, 0, text.len());
    if start < end { Span::new(span.start + start, span.start + end) } else { span }
}
