//! `conditional` (Vale): a `first` match (an acronym) needs a `second` match
//! (its definition) in the same unit or an earlier one. With `across: corpus`,
//! a definition in any brief of the corpus counts.

use std::collections::HashSet;

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::facts::finding_at;
use super::{Across, Context, CorpusDoc, Kept, kept_of};

#[derive(Debug, Clone)]
pub struct Conditional {
    pub first: Pattern,
    /// Its first capture group (else the whole match) is the defined term.
    pub second: Pattern,
    pub exceptions: Option<Pattern>,
    pub across: Across,
}

impl Conditional {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let mut defined: HashSet<String> = HashSet::new();
        let mut undefined = Vec::new();
        ctx.for_each_scoped(rule, |text, span| {
            let result = self.second.for_each_capture(text, |s, e, group| {
                let (s, e) = group.unwrap_or((s, e));
                defined.insert(text[s..e].to_string());
            });
            let result = result.and_then(|()| {
                self.first.for_each_match(text, |s, e| {
                    let term = &text[s..e];
                    let excepted = self.exceptions.as_ref().is_some_and(|x| x.is_match(term));
                    if s < e && !excepted && !defined.contains(term) {
                        undefined.push((term.to_string(), Span::new(span.start + s, span.start + e)));
                    }
                })
            });
            if let Err(error) = result {
                out.push(ctx.regex_failure(rule, span, &error));
            }
        });
        match self.across {
            Across::Document => {
                for (term, span) in undefined {
                    out.push(ctx.finding(rule, span, &[&term], None));
                }
            }
            Across::Corpus => {
                let undefined =
                    undefined.into_iter().map(|(term, span)| Kept::Undefined { term, place: ctx.place(span) });
                ctx.keep(rule, defined.into_iter().map(Kept::Defined).chain(undefined));
            }
        }
    }

    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        let kept: Vec<(usize, &Kept)> = kept_of(rule, docs).collect();
        let defined: HashSet<&str> = kept
            .iter()
            .filter_map(|(_, k)| match k {
                Kept::Defined(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        for (d, k) in kept {
            if let Kept::Undefined { term, place } = k
                && !defined.contains(term.as_str())
            {
                out.push((d, finding_at(rule, place, &[term], None)));
            }
        }
    }
}
