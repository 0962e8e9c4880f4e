//! `sequence` (Vale), by word patterns: consecutive words matching a list of
//! patterns, each optionally negated or allowed to skip words before it.
//! Vale's part-of-speech `tag`s need a tagger, which brieflint does not have;
//! rule files using them are refused when loaded.

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::Context;

#[derive(Debug, Clone)]
pub struct Step {
    /// Matches a whole word.
    pub pattern: Pattern,
    pub negate: bool,
    /// Words that may stand before this one.
    pub skip: usize,
}

#[derive(Debug, Clone)]
pub struct Sequence {
    pub steps: Vec<Step>,
}

impl Sequence {
    /// `%[n]s` is the word the n-th step matched.
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        ctx.for_each_scoped(rule, |_, span| {
            let words: Vec<Span> = doc.words(span).collect();
            let mut i = 0;
            while i < words.len() {
                match self.match_at(doc, &words, i) {
                    Some(matched) => {
                        let (Some(&first), Some(&last)) = (matched.first(), matched.last()) else { break };
                        let texts: Vec<&str> = matched.iter().map(|&w| doc.prose_text(words[w])).collect();
                        out.push(ctx.finding(rule, Span::new(words[first].start, words[last].end), &texts, None));
                        i = last + 1;
                    }
                    None => i += 1,
                }
            }
        });
    }

    /// The indices of the words each step matched, starting at word `start`.
    fn match_at(&self, doc: &crate::document::Document, words: &[Span], start: usize) -> Option<Vec<usize>> {
        let mut matched = Vec::with_capacity(self.steps.len());
        let mut next = start;
        for (k, step) in self.steps.iter().enumerate() {
            let reach = if k == 0 { next } else { next + step.skip };
            let found = (next..=reach.min(words.len().saturating_sub(1)))
                .take_while(|&j| j < words.len())
                .find(|&j| step.pattern.is_match(doc.prose_text(words[j])) != step.negate)?;
            matched.push(found);
            next = found + 1;
        }
        Some(matched)
    }
}
