//! `consistency` (Vale): variants of one thing (`either: {advisor: adviser}`, or
//! named `profiles` of terms such as estimative scales) must not be mixed.
//! In a brief the variant used first sets the standard; across the corpus, the
//! one used most (ties: first in path order); a fixed `profile` overrides both.

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::facts::finding_at;
use super::{Across, Context, CorpusDoc, Kept, kept_of};

#[derive(Debug, Clone)]
pub struct Group {
    pub names: Vec<String>,
    /// Finds a variant's terms in text.
    pub finders: Vec<Pattern>,
    /// Matches a whole text that is one of a variant's terms.
    pub wholes: Vec<Pattern>,
}

#[derive(Debug, Clone)]
pub struct Consistency {
    pub groups: Vec<Group>,
    /// Index of the variant every brief must use (profiles only).
    pub fixed: Option<usize>,
    pub across: Across,
}

/// One use of a variant.
struct Use {
    group: usize,
    variant: usize,
    place: crate::facts::Place,
}

impl Consistency {
    fn uses(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) -> Vec<Use> {
        let mut uses = Vec::new();
        let finders: Vec<&Pattern> = self.groups.iter().flat_map(|g| &g.finders).collect();
        if ctx.matches_nowhere(rule, &finders) {
            return uses;
        }
        // Each finder runs only on the units its prefixes allow; one with no prefix
        // anywhere in the brief is left out from the start.
        let mut finders: Vec<(usize, usize, super::Bounds)> = (self.groups.iter().enumerate())
            .flat_map(|(g, group)| group.finders.iter().enumerate().map(move |(v, f)| (g, v, f)))
            .filter(|(_, _, f)| !ctx.matches_nowhere(rule, &[f]))
            .map(|(g, v, f)| (g, v, ctx.bounds(f)))
            .collect();
        // How many variants of a group own a matched text, worked out once per text:
        // a brief repeats its terms.
        let mut owners_of: Vec<rustc_hash::FxHashMap<String, usize>> = vec![Default::default(); self.groups.len()];
        ctx.for_each_scoped_unit(rule, |unit, text, span| {
            for (g, v, bounds) in &mut finders {
                if !bounds.may_match(unit, span) {
                    continue;
                }
                let (g, v) = (*g, *v);
                let wholes = &self.groups[g].wholes;
                let result = bounds.for_each_match(unit, text, span, |s, e| {
                    let matched = &text[s..e];
                    // A term several variants share ("likely") is neutral.
                    let known = &mut owners_of[g];
                    let owners = match known.get(matched) {
                        Some(&n) => n,
                        None => {
                            let n = wholes.iter().filter(|w| w.is_match(matched)).count();
                            known.insert(matched.to_string(), n);
                            n
                        }
                    };
                    if s < e && owners <= 1 {
                        let place = ctx.place(crate::document::Span::new(span.start + s, span.start + e));
                        uses.push(Use { group: g, variant: v, place });
                    }
                });
                if let Err(error) = result {
                    out.push(ctx.regex_failure(rule, span, &error));
                }
            }
        });
        uses.sort_by_key(|u| (u.place.span, u.group, u.variant));
        // A term inside a longer one of its group ("remote" in "remote chance") belongs to the longer one.
        let mut inside = vec![false; uses.len()];
        for g in 0..self.groups.len() {
            let mine: Vec<usize> = (0..uses.len()).filter(|&k| uses[k].group == g).collect();
            let spans: Vec<Span> = mine.iter().map(|&k| uses[k].place.span).collect();
            for (k, inner) in mine.into_iter().zip(inside_another(&spans)) {
                inside[k] = inner;
            }
        }
        let mut inside = inside.into_iter();
        uses.retain(|_| !inside.next().unwrap_or(false));
        uses
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let uses = self.uses(rule, ctx, out);
        match self.across {
            Across::Corpus => {
                let kept =
                    uses.into_iter().map(|u| Kept::Variant { group: u.group, variant: u.variant, place: u.place });
                ctx.keep(rule, kept);
            }
            Across::Document => {
                for (g, group) in self.groups.iter().enumerate() {
                    let mine: Vec<&Use> = uses.iter().filter(|u| u.group == g).collect();
                    let Some(standard) = self.fixed.or(mine.first().map(|u| u.variant)) else { continue };
                    let first = mine.iter().find(|u| u.variant == standard);
                    for u in mine.iter().filter(|u| u.variant != standard) {
                        let args = [u.place.text.as_str(), &group.names[u.variant], &group.names[standard]];
                        let other = first.map(|f| (&f.place, format!("'{}' is used here", f.place.text)));
                        out.push(finding_at(rule, &u.place, &args, other));
                    }
                }
            }
        }
    }

    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        let uses: Vec<(usize, usize, usize, &crate::facts::Place)> = kept_of(rule, docs)
            .filter_map(|(d, k)| match k {
                Kept::Variant { group, variant, place } => Some((d, *group, *variant, place)),
                _ => None,
            })
            .collect();
        for (g, group) in self.groups.iter().enumerate() {
            let mine: Vec<_> = uses.iter().filter(|u| u.1 == g).collect();
            let mut counts = vec![(0usize, usize::MAX); group.names.len()];
            for (i, u) in mine.iter().enumerate() {
                counts[u.2].0 += 1;
                counts[u.2].1 = counts[u.2].1.min(i);
            }
            let most = (0..counts.len())
                .filter(|&v| counts[v].0 > 0)
                .max_by(|&a, &b| counts[a].0.cmp(&counts[b].0).then(counts[b].1.cmp(&counts[a].1)));
            let Some(standard) = self.fixed.or(most) else { continue };
            let first = mine.iter().find(|u| u.2 == standard);
            for u in mine.iter().filter(|u| u.2 != standard) {
                let args = [u.3.text.as_str(), &group.names[u.2], &group.names[standard]];
                let other = first.map(|f| {
                    (
                        f.3,
                        format!(
                            "the corpus uses '{}' ({} times); first here",
                            group.names[standard], counts[standard].0
                        ),
                    )
                });
                out.push((u.0, finding_at(rule, u.3, &args, other)));
            }
        }
    }
}

/// For each of `spans` (sorted), whether another, different span of them contains it.
fn inside_another(spans: &[Span]) -> Vec<bool> {
    let mut inside = Vec::with_capacity(spans.len());
    // The furthest end of the spans that start before the current run.
    let mut furthest: Option<usize> = None;
    let mut i = 0;
    while i < spans.len() {
        let start = spans[i].start;
        // The spans starting here: the last ends furthest.
        let run = &spans[i..i + spans[i..].partition_point(|s| s.start == start)];
        let run_end = run.last().map_or(0, |s| s.end);
        inside.extend(run.iter().map(|s| furthest.is_some_and(|f| f >= s.end) || run_end > s.end));
        furthest = furthest.max(Some(run_end));
        i += run.len();
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_another_is_the_pairwise_test() {
        // Every sorted list of up to six spans over 0..5, by a counter (no random source needed).
        let all: Vec<Span> = (0..5).flat_map(|a| (a + 1..=5).map(move |b| Span::new(a, b))).collect();
        for seed in 0u64..4000 {
            let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
            let mut spans: Vec<Span> = (0..seed % 7)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    all[(x % all.len() as u64) as usize]
                })
                .collect();
            spans.sort();
            let pairwise: Vec<bool> = spans.iter().map(|&u| spans.iter().any(|&s| s != u && s.contains(u))).collect();
            assert_eq!(inside_another(&spans), pairwise, "{spans:?}");
        }
    }
}
