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
        for (index, judgement, terms) in judgements {
            let region = if self.within == Within::Document || index < first_section {
                0..doc.blocks.len()
            } else {
                sections[index].clone()
            };
            // Each term's weight, worked out once for all the paragraphs it is scored against.
            let weights: Vec<f64> = terms.iter().map(weight).collect();
            let total: f64 = weights.iter().sum();
            // Candidates are in block order: the region's are one run of them.
            let first = candidates.partition_point(|c| c.block < region.start);
            let last = candidates.partition_point(|c| c.block < region.end);
            let eligible = |c: &&Candidate| !judgement.contains(c.span);
            // Paragraphs with the same terms score the same: where there are fewer kinds of
            // paragraph than paragraphs in the region, each kind is scored once, by its first
            // eligible paragraph there (the one the tie-break would pick).
            let scored: Box<dyn Iterator<Item = &Candidate>> = if alike.classes.len() < last - first {
                Box::new(alike.classes.iter().filter_map(|members| {
                    let from = members.partition_point(|&k| k < first);
                    members[from..].iter().take_while(|&&k| k < last).map(|&k| &candidates[k]).find(eligible)
                }))
            } else {
                Box::new(candidates[first..last].iter().filter(eligible))
            };
            let best = scored
                .map(|c| {
                    // fold from +0.0: an empty f64 sum is -0.0, which prints as "-0%".
                    let shared = terms
                        .iter()
                        .zip(&weights)
                        .filter(|&(t, _)| c.terms.contains(t))
                        .fold(0.0, |sum, (_, w)| sum + w);
                    (shared / total, c)
                })
                .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.block.cmp(&a.1.block)));
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

/// Candidates grouped by their terms: each group's indices (into the candidates), in order.
struct Alike {
    classes: Vec<Vec<usize>>,
}

impl Alike {
    fn of(candidates: &[Candidate]) -> Alike {
        let mut ids: FxHashMap<&TermSet, usize> =
            FxHashMap::with_capacity_and_hasher(candidates.len(), Default::default());
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for (k, c) in candidates.iter().enumerate() {
            let id = *ids.entry(&c.terms).or_insert_with(|| {
                classes.push(Vec::new());
                classes.len() - 1
            });
            classes[id].push(k);
        }
        Alike { classes }
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
