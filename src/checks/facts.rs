//! Fact checks: `future-date` per document; `figure-consistency` and
//! `date-consistency` over the whole corpus, from extracted facts only.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use crate::config::Date;
use crate::facts::{FigureFact, Interval, Place};
use crate::finding::{Finding, Related};
use crate::rules::Rule;

use super::{Context, CorpusDoc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Across {
    /// Compare facts within each brief and across the corpus.
    #[default]
    Corpus,
    /// Compare facts within each brief only.
    Document,
}

#[derive(Debug, Clone)]
pub struct FutureDate;

#[derive(Debug, Clone)]
pub struct FigureConsistency {
    pub across: Across,
}

#[derive(Debug, Clone)]
pub struct DateConsistency {
    pub across: Across,
}

fn describe(interval: &Interval) -> String {
    let (a, b) = (interval.start, interval.end);
    format!("{}-{:02}-{:02} to {}-{:02}-{:02}", a.0, a.1, a.2, b.0, b.1, b.2)
}

/// A finding at a fact, with the conflicting fact as related.
pub fn fact_finding(rule: &Rule, at: &Place, problem: &str, other: Option<(&Place, String)>) -> Finding {
    finding_at(rule, at, &[problem], other)
}

/// A finding of `rule` at a kept place, `args` filling its message, with another place beside it.
pub fn finding_at(rule: &Rule, at: &Place, args: &[&str], other: Option<(&Place, String)>) -> Finding {
    Finding {
        rule: rule.id.clone(),
        severity: rule.level,
        message: crate::rules::message::format(&rule.message, args),
        help: rule.help.as_deref().map(|h| crate::rules::message::format(h, args)),
        file: at.file.clone(),
        span: at.span,
        start: at.start,
        end: at.end,
        related: other
            .map(|(p, message)| Related { file: p.file.clone(), span: p.span, start: p.start, message })
            .into_iter()
            .collect(),
        fix: None,
    }
}

impl FutureDate {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let published = ctx.doc.date().and_then(Date::parse).or(ctx.default_published);
        let Some(p) = published else { return };
        let published = (p.year, p.month, p.day);
        for date in &ctx.facts().dates {
            if !date.prospective && date.interval.start > published {
                let problem = format!(
                    "'{}' is after the publication date {}-{:02}-{:02} but is stated as fact",
                    date.place.text, p.year, p.month, p.day
                );
                out.push(fact_finding(rule, &date.place, &problem, None));
            }
        }
    }
}

/// For each fact, the earliest earlier fact it conflicts with. `keys` gives every
/// fact keys that any two facts describing the same thing share, so only facts
/// sharing a key are compared (linear in practice, exact by construction).
fn first_conflicts<'a, T, K: std::hash::Hash + Eq>(
    items: &[(usize, &'a T)],
    across: Across,
    keys: impl Fn(usize, &T) -> Vec<K>,
    conflict: impl Fn(&T, &T) -> bool,
) -> Vec<(usize, &'a T, &'a T)> {
    let mut index: FxHashMap<K, Vec<usize>> = FxHashMap::default();
    let mut pairs = Vec::new();
    let mut candidates = Vec::new();
    for (k, &(doc, b)) in items.iter().enumerate() {
        let keys = keys(doc, b);
        candidates.clear();
        candidates.extend(keys.iter().filter_map(|key| index.get(key)).flatten().copied());
        candidates.sort_unstable();
        candidates.dedup();
        let earlier = (candidates.iter())
            .map(|&j| items[j])
            .filter(|(d, _)| across == Across::Corpus || *d == doc)
            .find(|(_, a)| conflict(a, b));
        if let Some((_, a)) = earlier {
            pairs.push((doc, b, a));
        }
        for key in keys {
            index.entry(key).or_default().push(k);
        }
    }
    pairs
}

/// Keys two comparable figures share. Within a brief: (brief, term). Across briefs only
/// figures with names of their own are compared, and two same subjects share a
/// name and a term: (name, term).
fn figure_keys(doc: usize, f: &FigureFact) -> Vec<(bool, u64, u64)> {
    let words = || f.subject.terms.iter().filter(|&t| crate::facts::subject::is_word(t));
    let mut keys: Vec<(bool, u64, u64)> = words().map(|t| (false, doc as u64, t)).collect();
    if f.subject.named() && !f.subject.inherited {
        keys.extend(words().flat_map(|t| f.subject.entities.iter().map(move |e| (true, e, t))));
    }
    keys
}

impl FigureConsistency {
    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        // Only figures with a period can be compared; group by unit and period.
        let mut groups: BTreeMap<(String, Interval), Vec<(usize, &FigureFact)>> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for f in &doc.facts.figures {
                if let Some(period) = f.period {
                    groups.entry((format!("{:?}", f.figure.unit), period)).or_default().push((d, f));
                }
            }
        }
        for ((_, period), items) in groups {
            let same_sentence =
                |a: &FigureFact, b: &FigureFact| a.place.file == b.place.file && a.sentence == b.sentence;
            // Across briefs, only figures whose own clause names what they measure are compared.
            let conflict = |a: &FigureFact, b: &FigureFact| {
                let explicit = |f: &FigureFact| f.subject.named() && !f.subject.inherited;
                let comparable = a.place.file == b.place.file || (explicit(a) && explicit(b));
                comparable && !same_sentence(a, b) && a.subject.same_as(&b.subject) && !a.figure.compatible(&b.figure)
            };
            for (d, b, a) in first_conflicts(&items, self.across, figure_keys, conflict) {
                let problem = format!(
                    "'{}' conflicts with '{}' for the same measure and period ({})",
                    b.place.text,
                    a.place.text,
                    describe(&period)
                );
                let note = format!("'{}' stated here", a.place.text);
                out.push((d, fact_finding(rule, &b.place, &problem, Some((&a.place, note)))));
            }
        }
    }
}

impl DateConsistency {
    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        let mut groups: BTreeMap<(&str, &str), Vec<(usize, &crate::facts::EventFact)>> = BTreeMap::new();
        for (d, doc) in docs.iter().enumerate() {
            for e in &doc.facts.events {
                groups.entry((e.action, e.object.as_str())).or_default().push((d, e));
            }
        }
        for items in groups.values() {
            let conflict = |a: &crate::facts::EventFact, b: &crate::facts::EventFact| !a.interval.overlaps(&b.interval);
            // Events are grouped by action and object already: one key each.
            for (d, b, a) in first_conflicts(items, self.across, |_, _| vec![()], conflict) {
                let problem = format!(
                    "{} ({}) is dated '{}' here but '{}' elsewhere",
                    b.object_text, b.action, b.place.text, a.place.text
                );
                let note = format!("dated '{}' here", a.place.text);
                out.push((d, fact_finding(rule, &b.place, &problem, Some((&a.place, note)))));
            }
        }
    }
}
