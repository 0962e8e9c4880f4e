//! `judgement-support`: every key judgement is developed by an ordinary paragraph.
//!
//! Support is the IDF-weighted share of the judgement's content terms (stemmed,
//! stop words removed) that a paragraph contains; words found in most
//! paragraphs of the brief weigh little, so sharing only "China" and "Russia"
//! is not support.

use rustc_hash::FxHashMap;

use crate::document::{BlockKind, Document, Span};
use crate::finding::Finding;
use crate::rules::Rule;
use crate::terms::{StemLeads, Term, TermSet, content_term_set_leading, content_term_set_within};

use super::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Within {
    #[default]
    Section,
    Document,
}

#[derive(Debug, Clone)]
pub struct JudgementSupport {
    pub within: Within,
    /// Also treat a bold first sentence as a judgement.
    pub bold_lead: bool,
    pub threshold: f64,
    /// Judgements with fewer content terms are labels, not judgements.
    pub min_terms: usize,
}

struct Candidate {
    block: usize,
    span: Span,
    terms: TermSet,
}

impl JudgementSupport {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        // Sorted: the weights are summed in a fixed order, so scores (and ties) are
        // the same in every run.
        // The judgements' stem leads are read with their terms (those of a label too: more
        // leads only rule out fewer words).
        let mut leads = StemLeads::none();
        let judgements: Vec<(usize, Span, TermSet)> = (self.judgements(doc).into_iter())
            .map(|(index, span)| (index, span, content_term_set_leading(doc.prose_text(span), &mut leads)))
            .filter(|(_, _, terms)| terms.len() >= self.min_terms)
            .collect();
        // The paragraphs' terms are read only for a brief with a judgement to support.
        if judgements.is_empty() {
            return;
        }
        // Only the judgements' terms are weighed and scored: a paragraph keeps no other.
        let wanted = TermSet::union(judgements.iter().map(|(_, _, terms)| terms));
        let candidates = candidates(doc, &leads, &wanted);
        // Room for each term once (a brief's vocabulary is at most some thousands of
        // words): the map is not regrown as it fills.
        let held = candidates.iter().map(|c| c.terms.len()).sum::<usize>().min(1 << 14);
        let mut df: FxHashMap<Term, usize> = FxHashMap::with_capacity_and_hasher(held, Default::default());
        for c in &candidates {
            for t in c.terms.iter() {
                *df.entry(t).or_default() += 1;
            }
        }
        let n = candidates.len() as f64;
        let weight = |t: Term| (1.0 + n / (1.0 + *df.get(&t).unwrap_or(&0) as f64)).ln();
        let first_section = doc
            .blocks
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading { level } if level >= 2))
            .unwrap_or(doc.blocks.len());
        let sections = sections_of_blocks(doc);
        let alike = Alike::of(&candidates);
        // Made when first needed: the classes holding each term, and which judgement last met each.
        let mut by_term: Option<ByTerm> = None;
        for (index, judgement, terms) in judgements {
            let region = if self.within == Within::Document || index < first_section {
                0..doc.blocks.len()
            } else {
                sections[index].clone()
            };
            // Each term's weight, worked out once for all the paragraphs it is scored against.
            let weights: Vec<f64> = terms.iter().map(weight).collect();
            // Candidates are in block order: the region's are one run of them.
            let first = candidates.partition_point(|c| c.block < region.start);
            let last = candidates.partition_point(|c| c.block < region.end);
            let eligible = |c: &Candidate| !judgement.contains(c.span);
            let scoring = Scoring::new(&candidates, &alike, &terms, &weights);
            let best = scoring.best(first..last, eligible, &mut by_term, MOST_SCORED);
            match best {
                Some((score, _)) if score >= self.threshold => {}
                best => {
                    let place = if region.len() == doc.blocks.len() { "the brief" } else { "its section" };
                    let problem = format!("key judgement is not supported by any paragraph in {place}");
                    let mut finding = ctx.finding(rule, judgement, &[&problem], None);
                    if let Some((score, c)) = best {
                        let note = format!(
                            "closest paragraph shares {:.0}% of the judgement's key terms (needs {:.0}%)",
                            score * 100.0,
                            self.threshold * 100.0
                        );
                        finding.related.push(ctx.related(c.span, note));
                    }
                    out.push(finding);
                }
            }
        }
    }

    /// (block index, span) of each key judgement.
    fn judgements(&self, doc: &Document) -> Vec<(usize, Span)> {
        doc.blocks
            .iter()
            .enumerate()
            .filter(|(_, b)| !(b.context.in_list || b.context.in_quote || b.context.in_footnote))
            .filter_map(|(i, b)| match &b.kind {
                BlockKind::Paragraph { bold: true, .. } => Some((i, b.span)),
                BlockKind::Paragraph { bold_lead: Some(lead), .. } if self.bold_lead => Some((i, *lead)),
                _ => None,
            })
            .collect()
    }
}

/// Ordinary paragraphs that can support a judgement: not bold, not a caption or
/// source line, not in a footnote. A bold-lead paragraph supports with its whole text.
/// Each keeps the terms of `wanted` it has; words that `leads` rules out are not read.
fn candidates(doc: &Document, leads: &StemLeads, wanted: &TermSet) -> Vec<Candidate> {
    doc.blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b.kind, BlockKind::Paragraph { bold: false, .. }) && !b.context.in_footnote)
        .filter(|(_, b)| !doc.prose_text(b.span).trim_start().starts_with("Source"))
        .map(|(block, b)| {
            // Ruled out by their first bytes before they are read as text.
            let prose = doc.prose.as_bytes();
            let words =
                doc.block_words(block).iter().filter(|w| leads.may_lead(prose.get(w.start..w.end).unwrap_or(&[])));
            let terms = content_term_set_within(words.map(|&w| doc.prose_text(w)), wanted);
            Candidate { block, span: b.span, terms }
        })
        .collect()
}

/// Candidates grouped by their terms: each group's indices (into the candidates), in
/// order, as runs of one vector (a brief's paragraphs mostly differ: a vector a group
/// was an allocation a paragraph).
struct Alike {
    members: Vec<usize>,
    runs: Vec<std::ops::Range<usize>>,
}

impl Alike {
    fn of(candidates: &[Candidate]) -> Alike {
        let mut ids: FxHashMap<&TermSet, usize> =
            FxHashMap::with_capacity_and_hasher(candidates.len(), Default::default());
        // Each candidate's group, and each group's size.
        let (mut group_of, mut sizes) = (Vec::with_capacity(candidates.len()), Vec::new());
        for c in candidates {
            let id = *ids.entry(&c.terms).or_insert_with(|| {
                sizes.push(0);
                sizes.len() - 1
            });
            sizes[id] += 1;
            group_of.push(id);
        }
        let mut runs = Vec::with_capacity(sizes.len());
        let mut end = 0;
        for size in sizes {
            runs.push(end..end + size);
            end += size;
        }
        // Each candidate at the next free slot of its group's run: a run keeps their order.
        let mut next: Vec<usize> = runs.iter().map(|r| r.start).collect();
        let mut members = vec![0; candidates.len()];
        for (k, id) in group_of.into_iter().enumerate() {
            members[next[id]] = k;
            next[id] += 1;
        }
        Alike { members, runs }
    }

    fn len(&self) -> usize {
        self.runs.len()
    }

    /// The candidates of group `id`, in order.
    fn class(&self, id: usize) -> &[usize] {
        self.runs.get(id).and_then(|r| self.members.get(r.clone())).unwrap_or(&[])
    }

    fn classes(&self) -> impl Iterator<Item = &[usize]> {
        (0..self.len()).map(|id| self.class(id))
    }
}

/// A judgement's terms and their weights, scored against a brief's paragraphs.
struct Scoring<'c> {
    candidates: &'c [Candidate],
    alike: &'c Alike,
    terms: &'c TermSet,
    weights: &'c [f64],
    /// The weights' sum, worked out once for all the paragraphs scored.
    total: f64,
}

impl<'c> Scoring<'c> {
    fn new(candidates: &'c [Candidate], alike: &'c Alike, terms: &'c TermSet, weights: &'c [f64]) -> Scoring<'c> {
        Scoring { candidates, alike, terms, weights, total: weights.iter().sum() }
    }

    /// The share of the judgement's weight that `c` holds.
    fn score(&self, c: &'c Candidate) -> (f64, &'c Candidate) {
        // fold from +0.0: an empty f64 sum is -0.0, which prints as "-0%".
        let shared = (self.terms.iter().zip(self.weights))
            .filter(|&(t, _)| c.terms.contains(t))
            .fold(0.0, |sum, (_, w)| sum + w);
        (shared / self.total, c)
    }

    /// The best-scoring eligible paragraph of the candidates in `region`, the earliest of
    /// those scoring best. Where the region holds more than `most_scored` kinds of
    /// paragraph, through `by_term` (made on first use).
    fn best(
        &self,
        region: std::ops::Range<usize>,
        eligible: impl Fn(&Candidate) -> bool,
        by_term: &mut Option<ByTerm>,
        most_scored: usize,
    ) -> Option<(f64, &'c Candidate)> {
        let (first, last) = (region.start, region.end);
        let candidates = self.candidates;
        // A class's first eligible paragraph in the region (the one the tie-break would pick).
        let first_of = |members: &[usize]| {
            let from = members.partition_point(|&k| k < first);
            members[from..].iter().take_while(|&&k| k < last).map(|&k| &candidates[k]).find(|c| eligible(c))
        };
        let alike = self.alike;
        let kinds = alike.len().min(last - first);
        if kinds > most_scored && self.total > 0.0 {
            let by_term = by_term.get_or_insert_with(|| ByTerm::of(alike, candidates));
            let start = candidates[first..last].iter().find(|c| eligible(c)).map(|c| self.score(c));
            by_term.best(self, start, |class| first_of(alike.class(class)).map(|c| self.score(c)))
        } else if alike.len() < last - first {
            // Paragraphs with the same terms score the same: where there are fewer kinds of
            // paragraph than paragraphs in the region, each kind is scored once.
            alike.classes().filter_map(first_of).map(|c| self.score(c)).max_by(better)
        } else {
            candidates[first..last].iter().filter(|c| eligible(c)).map(|c| self.score(c)).max_by(better)
        }
    }
}

/// The highest score, the earliest paragraph of those that have it.
fn better(a: &(f64, &Candidate), b: &(f64, &Candidate)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(b.1.block.cmp(&a.1.block))
}

/// Kinds of paragraph in a region past which a judgement is scored through `ByTerm`
/// (20,000 judgements over as many paragraphs took 5.9 s, 40,000 took 25 s).
const MOST_SCORED: usize = 64;

/// The classes of `Alike` holding each term, in order, and the judgement that last met each class.
struct ByTerm {
    classes: FxHashMap<Term, Vec<usize>>,
    met: Vec<usize>,
    judgement: usize,
}

impl ByTerm {
    fn of(alike: &Alike, candidates: &[Candidate]) -> ByTerm {
        let mut classes: FxHashMap<Term, Vec<usize>> = FxHashMap::default();
        for (class, members) in alike.classes().enumerate() {
            for t in members.first().map(|&k| candidates[k].terms.iter()).into_iter().flatten() {
                classes.entry(t).or_default().push(class);
            }
        }
        ByTerm { classes, met: vec![usize::MAX; alike.len()], judgement: 0 }
    }

    /// The best of the scored paragraphs (`scored` of a class: its paragraph and score in
    /// the region, if any), as `better` ranks them, starting from `first` (the region's
    /// first eligible paragraph): the terms are read heaviest first, each scoring the
    /// classes that hold it, until the weight of the terms left cannot reach the best score.
    fn best<'c>(
        &mut self,
        scoring: &Scoring,
        first: Option<(f64, &'c Candidate)>,
        scored: impl Fn(usize) -> Option<(f64, &'c Candidate)>,
    ) -> Option<(f64, &'c Candidate)> {
        let mut best = first?;
        self.judgement += 1;
        let total = scoring.total;
        let mut order: Vec<(Term, f64)> = scoring.terms.iter().zip(scoring.weights.iter().copied()).collect();
        order.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        // What a paragraph holding none of the terms read so far can score at most.
        let mut left = total;
        for (t, w) in order {
            // A margin for the sums' rounding: a paragraph scoring as much as the best
            // (which it would beat by being earlier) is never passed over.
            if left / total * (1.0 + 1e-9) < best.0 {
                break;
            }
            left -= w;
            for &class in self.classes.get(&t).into_iter().flatten() {
                if std::mem::replace(&mut self.met[class], self.judgement) == self.judgement {
                    continue;
                }
                if let Some(candidate) = scored(class)
                    && better(&candidate, &best).is_gt()
                {
                    best = candidate;
                }
            }
        }
        Some(best)
    }
}

/// For each block, the block indices of the section holding it: from its nearest
/// heading to the next heading of the same or a higher level (the whole brief
/// before the first heading).
fn sections_of_blocks(doc: &Document) -> Vec<std::ops::Range<usize>> {
    let mut of = vec![0..doc.blocks.len(); doc.blocks.len()];
    let mut sections: Vec<_> = doc.sections.iter().collect();
    // Inner sections are written last, so each block ends with its nearest heading's section.
    sections.sort_by_key(|s| s.heading);
    for s in sections {
        let start = s.blocks.start.max(s.heading + 1);
        for range in of.iter_mut().take(s.blocks.end).skip(start) {
            *range = s.blocks.clone();
        }
    }
    of
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scoring through the classes holding each term picks what scoring every paragraph
    /// picks: the same paragraph, the same score, ties to the earliest, over random
    /// paragraphs (many alike), regions, ineligible paragraphs and weights (some equal).
    #[test]
    fn scoring_by_term_picks_what_scoring_every_paragraph_picks() {
        let mut next = crate::testing::numbers(5);
        let mut by_term_used = 0;
        for round in 0..300 {
            let vocabulary = 2 + round % 12;
            let candidates: Vec<Candidate> = (0..1 + round % 200)
                .map(|block| {
                    let terms = (0..next(5)).map(|_| next(vocabulary)).collect();
                    Candidate {
                        block: block as usize,
                        span: Span::new(block as usize, block as usize + 1),
                        terms: TermSet::from_terms(terms),
                    }
                })
                .collect();
            let alike = Alike::of(&candidates);
            let terms = TermSet::from_terms((0..1 + next(6)).map(|_| next(vocabulary + 2)).collect());
            // Weights from a few values, so that sums tie.
            let weights: Vec<f64> = terms.iter().map(|_| [0.5, 1.0, 1.5, 2.7][next(4) as usize]).collect();
            let scoring = Scoring::new(&candidates, &alike, &terms, &weights);
            let n = candidates.len() as u64;
            let (a, b) = (next(n + 1) as usize, next(n + 1) as usize);
            let region = a.min(b)..a.max(b);
            let excluded = next(n + 1) as usize;
            let eligible = |c: &Candidate| c.block != excluded;
            let picked = |most_scored| {
                let mut by_term = None;
                let best = scoring.best(region.clone(), eligible, &mut by_term, most_scored);
                (best.map(|(score, c)| (score, c.block)), by_term.is_some())
            };
            let (every, _) = picked(usize::MAX);
            let (through_terms, used) = picked(0);
            by_term_used += usize::from(used);
            assert_eq!(through_terms, every, "round {round}");
        }
        assert!(by_term_used > 200, "{by_term_used}");
    }
}
