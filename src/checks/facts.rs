//! Fact checks: `future-date` per document; `figure-consistency` and
//! `date-consistency` over the whole corpus, from extracted facts only.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Date;
use crate::document::Span;
use crate::facts::subject::{PackedSubject, SubjectAt};
use crate::facts::{Figure, Interval, Place};
use crate::finding::{Finding, Related};
use crate::rules::Rule;
use crate::terms::Term;

use super::{Context, CorpusDoc, Kept, kept_of};

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
        message: crate::rules::message::format(&rule.message, args).into(),
        help: rule.help.as_ref().map(|h| crate::rules::message::format_shared(h, args)),
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
                let place = Place::at(ctx.doc, ctx.file, date.span);
                let problem = format!(
                    "'{}' is after the publication date {}-{:02}-{:02} but is stated as fact",
                    place.text, p.year, p.month, p.day
                );
                out.push(fact_finding(rule, &place, &problem, None));
            }
        }
    }
}

/// How facts are compared by `first_conflicts`.
struct Comparison<Keys, Class, Conflict, Run, Values> {
    /// Keys that any two facts describing the same thing share: only facts sharing one are compared.
    keys: Keys,
    /// What makes facts alike: alike facts conflict with the same facts, as far as their runs allow.
    class: Class,
    /// Whether the statements of two facts conflict.
    conflict: Conflict,
    /// What facts that may not be compared share (their sentence, their file): facts are
    /// compared only across runs, and those of one run come one after another.
    run: Run,
    /// The values a fact allows, when facts whose values overlap never conflict (alike
    /// facts allow the same): the classes of a key that can conflict with none are skipped.
    values: Values,
}

/// `SKIP` postings of a key in a row (level 0), or `SKIP` skips of the level below, and
/// the values their classes allow: the greatest low and the least high (a class without
/// values makes them NaN and the run unskippable). `first` is the first posting or skip
/// below it.
#[derive(Clone, Copy)]
struct Skip {
    first: usize,
    next: usize,
    low: f64,
    high: f64,
}

impl Skip {
    /// Whether a class of the run may conflict with a fact allowing `values`: the run
    /// holds a class whose values miss them (a class without values may conflict with any).
    fn may_conflict(&self, values: Option<(f64, f64)>) -> bool {
        values.is_none_or(|(low, high)| !(self.low <= high && low <= self.high))
    }
}

const SKIP: usize = 32;

/// The range two skips' classes all allow: the greatest low, the least high (NaN, which
/// `max` and `min` would drop, makes both NaN).
fn shared_range(low: f64, high: f64, other_low: f64, other_high: f64) -> (f64, f64) {
    if [low, high, other_low, other_high].iter().any(|v| v.is_nan()) {
        (f64::NAN, f64::NAN)
    } else {
        (low.max(other_low), high.min(other_high))
    }
}

/// Levels of skips: over 32, 1,024 and 32,768 postings.
const LEVELS: usize = 3;

/// A key's classes: the last of its postings, how many, its first and last skip of each level.
struct Chain {
    tail: usize,
    len: usize,
    heads: [usize; LEVELS],
    lasts: [usize; LEVELS],
}

/// The end of a chain in `first_conflicts`.
const NONE: usize = usize::MAX;

/// For each fact, the earliest earlier fact it conflicts with. Facts are indexed by class:
/// a statement restated a thousand times is compared once, not a thousand times.
fn first_conflicts<T, K, C, R>(
    items: &[(usize, T)],
    across: Across,
    how: Comparison<
        impl Fn(&T, &mut Vec<K>),
        impl Fn(&T) -> C,
        impl Fn(&T, &T) -> bool,
        impl Fn(&T) -> R,
        impl Fn(&T) -> Option<(f64, f64)>,
    >,
) -> Vec<(usize, &T, &T)>
where
    K: std::hash::Hash + Eq,
    C: std::hash::Hash + Eq,
    R: Eq,
{
    // A lone fact conflicts with nothing (most groups of a brief hold one).
    if items.len() < 2 {
        return Vec::new();
    }
    // Classes in the order of their first fact; each with its facts, in order, as a
    // chain through `next_alike` (flat lists: a brief's groups are many and small).
    let mut classes: FxHashMap<C, usize> = FxHashMap::with_capacity_and_hasher(items.len(), Default::default());
    let (mut first_of, mut last_of) = (Vec::new(), Vec::new());
    let mut next_alike = vec![NONE; items.len()];
    // The classes of each key, in order: a chain through `postings` of (class, next),
    // and through `skips` over runs of them, at three levels (100,000 figures of one
    // subject whose ranges all overlap compared each with every earlier one: 42 s).
    let mut index: FxHashMap<K, Chain> = FxHashMap::default();
    let mut postings: Vec<(usize, usize)> = Vec::new();
    let mut skips: [Vec<Skip>; LEVELS] = Default::default();
    // Where a walk of a key's skips stands: (level, skip or posting, how many left at that level).
    let mut walk: Vec<(usize, usize, usize)> = Vec::new();
    let mut pairs = Vec::new();
    let mut keys = Vec::new();
    // The fact that last took each class as a candidate: a class sharing several keys
    // with a fact is compared with it once.
    let mut taken_by: Vec<usize> = Vec::new();
    // While there are few classes, every one is a candidate (facts that conflict share a
    // key, so the others fail the test): the keys are indexed only past `FEW` classes.
    const FEW: usize = 8;
    let mut indexed = false;
    // The current run, and the classes first met before it: a class first met in the run
    // has all its facts there, none apart from the fact read (a sentence of 30,000
    // distinct figures compared none of them, 30,000 times over).
    let (mut run, mut before_run) = (None, 0);
    // Adds the keys of class `class`, in `keys`, to the index, with the values it allows.
    let post = |keys: &mut Vec<K>,
                class: usize,
                values: Option<(f64, f64)>,
                index: &mut FxHashMap<K, Chain>,
                postings: &mut Vec<(usize, usize)>,
                skips: &mut [Vec<Skip>; LEVELS]| {
        let (low, high) = values.unwrap_or((f64::NAN, f64::NAN));
        for key in keys.drain(..) {
            let posting = postings.len();
            postings.push((class, NONE));
            let chain =
                index.entry(key).or_insert(Chain { tail: NONE, len: 0, heads: [NONE; LEVELS], lasts: [NONE; LEVELS] });
            if let Some(link) = postings.get_mut(chain.tail) {
                link.1 = posting;
            }
            chain.tail = posting;
            let mut size = 1;
            for level in 0..LEVELS {
                size *= SKIP;
                let (below, skips) = match skips.split_at_mut(level) {
                    (below, [skips, ..]) => (below.last(), skips),
                    _ => break,
                };
                // A level above the first starts once a key has more postings than one of
                // its skips spans (most keys have a few), with a skip over those before.
                if let Some(below) = below
                    && chain.len == size
                {
                    let mut head =
                        Skip { first: chain.heads[level - 1], next: NONE, low: f64::NEG_INFINITY, high: f64::INFINITY };
                    let mut at = head.first;
                    for _ in 0..SKIP {
                        let Some(run) = below.get(at) else { break };
                        (head.low, head.high) = shared_range(head.low, head.high, run.low, run.high);
                        at = run.next;
                    }
                    chain.heads[level] = skips.len();
                    chain.lasts[level] = skips.len();
                    skips.push(head);
                }
                // A new skip at every `size` postings, over the posting or skip just made below.
                if chain.len.is_multiple_of(size) && (level == 0 || chain.len >= size) {
                    let first = if level == 0 { posting } else { chain.lasts[level - 1] };
                    let skip = skips.len();
                    skips.push(Skip { first, next: NONE, low, high });
                    match skips.get_mut(chain.lasts[level]) {
                        Some(last) => last.next = skip,
                        None => chain.heads[level] = skip,
                    }
                    chain.lasts[level] = skip;
                }
                if let Some(skip) = skips.get_mut(chain.lasts[level]) {
                    (skip.low, skip.high) = shared_range(skip.low, skip.high, low, high);
                }
            }
            chain.len += 1;
        }
    };
    for (k, (doc, b)) in items.iter().enumerate() {
        keys.clear();
        let this_run = (how.run)(b);
        if run.as_ref() != Some(&this_run) {
            before_run = first_of.len();
            run = Some(this_run);
        }
        let comparable = |j: usize| {
            items
                .get(j)
                .is_some_and(|(d, a)| (across == Across::Corpus || d == doc) && run.as_ref() != Some(&(how.run)(a)))
        };
        // The earliest fact of any conflicting class that may be compared with `b`.
        let mut earliest: Option<usize> = None;
        // Compares class `c`; false once it and every later class start past `earliest`.
        let mut compare = |c: usize| {
            let Some(&first) = first_of.get(c) else { return true };
            if earliest.is_some_and(|e| first > e) {
                return false;
            }
            if items.get(first).is_some_and(|(_, a)| (how.conflict)(a, b)) {
                let mut j = first;
                while j != NONE && !comparable(j) {
                    j = next_alike.get(j).copied().unwrap_or(NONE);
                }
                if j != NONE {
                    earliest = Some(earliest.map_or(j, |e| e.min(j)));
                }
            }
            true
        };
        if !indexed && first_of.len() <= FEW {
            for c in 0..before_run {
                if !compare(c) {
                    break;
                }
            }
        } else {
            if !indexed {
                for (class, &first) in first_of.iter().enumerate() {
                    if let Some((_, a)) = items.get(first) {
                        (how.keys)(a, &mut keys);
                        post(&mut keys, class, (how.values)(a), &mut index, &mut postings, &mut skips);
                    }
                }
                indexed = true;
            }
            // Each key's classes are posted in the order of their first facts, those of
            // the run last: a key's are compared until they start past the earliest found.
            (how.keys)(b, &mut keys);
            let values = (how.values)(b).filter(|(low, high)| !low.is_nan() && !high.is_nan());
            for chain in keys.iter().filter_map(|key| index.get(key)) {
                // From the top level down into each skip that may hold a conflict.
                let top = chain.heads.iter().rposition(|&head| head != NONE).unwrap_or(0);
                walk.clear();
                // A short chain (most are) is read posting by posting.
                match skips[0].get(chain.heads[0]) {
                    Some(head) if chain.len <= SKIP => walk.push((0, head.first, SKIP)),
                    _ => walk.push((top + 1, chain.heads[top], usize::MAX)),
                }
                while let Some((level, at, left)) = walk.last_mut() {
                    if *left == 0 {
                        walk.pop();
                        continue;
                    }
                    *left -= 1;
                    if *level == 0 {
                        let Some(&(c, next)) = postings.get(*at) else {
                            walk.pop();
                            continue;
                        };
                        *at = next;
                        if c >= before_run {
                            break;
                        }
                        if let Some(taker) = taken_by.get_mut(c)
                            && *taker != k
                        {
                            *taker = k;
                            if !compare(c) {
                                break;
                            }
                        }
                    } else {
                        let level = *level;
                        let Some(skip) = skips[level - 1].get(*at) else {
                            walk.pop();
                            continue;
                        };
                        *at = skip.next;
                        if skip.may_conflict(values) {
                            walk.push((level - 1, skip.first, SKIP));
                        }
                    }
                }
            }
        }
        if let Some((_, a)) = earliest.and_then(|j| items.get(j)) {
            pairs.push((*doc, b, a));
        }
        match classes.entry((how.class)(b)) {
            std::collections::hash_map::Entry::Occupied(c) => {
                let c = *c.get();
                if let Some(last) = last_of.get_mut(c) {
                    if let Some(link) = next_alike.get_mut(*last) {
                        *link = k;
                    }
                    *last = k;
                }
            }
            std::collections::hash_map::Entry::Vacant(v) => {
                let class = first_of.len();
                v.insert(class);
                taken_by.push(NONE);
                first_of.push(k);
                last_of.push(k);
                if indexed {
                    post(&mut keys, class, (how.values)(b), &mut index, &mut postings, &mut skips);
                }
            }
        }
    }
    pairs
}

/// Keys two figures describing the same thing share, into `keys`: (name, word). Same
/// subjects share a name and a word of their terms (`PackedSubject::same_as`), or name
/// no one and share a word.
fn keys(subject: &PackedSubject, keys: &mut Vec<(Term, Term)>) {
    let words = || subject.terms().iter().copied().filter(|&t| crate::facts::subject::is_word(t));
    let entities = subject.entities();
    let entities = if entities.is_empty() { &[NO_NAME][..] } else { entities };
    keys.extend(entities.iter().flat_map(|&e| words().map(move |t| (e, t))));
}

/// The name key of a subject that names no one (a term with this id would only add candidates).
const NO_NAME: Term = 0;

/// Figures by unit and period, only those can conflict: the (document, figure) indices
/// of every group in one vector, and each group's run of it. Groups come in the order
/// of their (unit, period), each group's figures in the order given. Indices rather than
/// handles, 32 bits each, keep the grouping of a whole corpus small (a figure past them,
/// in the 4 Gi-th brief, is not grouped), and the runs of one vector spare a vector per
/// group. `count` is the number of figures, to hold them without regrowing.
fn by_measure<'a>(
    figures: impl Iterator<Item = ((usize, usize), Figure<'a>)>,
    count: usize,
) -> (Vec<(u32, u32)>, Vec<std::ops::Range<usize>>) {
    let mut ids: FxHashMap<(Term, Interval), u32> = FxHashMap::default();
    // Each figure's group, and each group's size.
    let (mut given, mut sizes) = (Vec::with_capacity(count), Vec::new());
    for ((d, i), f) in figures {
        let (Ok(d), Ok(i), Ok(next)) = (u32::try_from(d), u32::try_from(i), u32::try_from(sizes.len())) else {
            continue;
        };
        let id = *ids.entry((f.unit(), f.period())).or_insert_with(|| {
            sizes.push(0);
            next
        });
        sizes[id as usize] += 1;
        given.push(((d, i), id));
    }
    let mut measures: Vec<((Term, Interval), u32)> = ids.into_iter().collect();
    measures.sort_unstable_by_key(|&(measure, _)| measure);
    // Each group's run, in the groups' order; then each figure placed at the next free
    // slot of its group's run, so a group keeps its figures' order.
    let (mut runs, mut next) = (Vec::with_capacity(measures.len()), vec![0; sizes.len()]);
    let mut end = 0;
    for &(_, id) in &measures {
        let id = id as usize;
        next[id] = end;
        runs.push(end..end + sizes[id]);
        end += sizes[id];
    }
    let mut members = vec![(0, 0); given.len()];
    for (at, id) in given {
        let id = id as usize;
        members[next[id]] = at;
        next[id] += 1;
    }
    (members, runs)
}

/// For each figure, the earliest earlier one of another `run` (sentence, file) stating
/// another value of the same subject.
fn figure_conflicts<'f, 'a, R: Eq + Copy>(
    items: &'f [(usize, Figure<'a>)],
    across: Across,
    run: impl Fn(&Figure<'a>) -> R,
) -> Vec<(usize, &'f Figure<'a>, &'f Figure<'a>)> {
    // Across the corpus the subjects are copied next to each other first: the comparison
    // reads each of them many times, and they stand in their briefs' pools, scattered over
    // the corpus's memory. A brief's own figures are compared where they stand.
    let mut pool = Vec::new();
    let copied: Vec<SubjectAt> = match across {
        Across::Corpus => {
            pool.reserve(items.iter().map(|(_, f)| f.subject().packed_len()).sum());
            items.iter().map(|(_, f)| SubjectAt::repack(&f.subject(), &mut pool)).collect()
        }
        Across::Document => Vec::new(),
    };
    let local: Vec<(usize, Compared<R>)> = (items.iter().enumerate())
        .map(|(k, (d, f))| {
            let subject = copied.get(k).map_or_else(|| f.subject(), |at| at.view(&pool));
            (*d, Compared { subject, range: f.range(), run: run(f), item: k })
        })
        .collect();
    // The values first: two comparisons, where the subjects take a walk through their terms.
    let compatible = |a: (f64, f64), b: (f64, f64)| a.0 <= b.1 && b.0 <= a.1;
    let how = Comparison {
        keys: |f: &Compared<R>, into: &mut Vec<(Term, Term)>| keys(&f.subject, into),
        class: Compared::class,
        conflict: |a: &Compared<R>, b: &Compared<R>| !compatible(a.range, b.range) && a.subject.same_as(&b.subject),
        run: |f: &Compared<R>| f.run,
        values: |f: &Compared<R>| Some(f.range),
    };
    (first_conflicts(&local, across, how).into_iter())
        .filter_map(|(d, b, a)| Some((d, &items.get(b.item)?.1, &items.get(a.item)?.1)))
        .collect()
}

/// A figure as `figure_conflicts` compares it: its subject, the values it allows, its run,
/// and where it stands among the items.
struct Compared<'p, R> {
    subject: PackedSubject<'p>,
    range: (f64, f64),
    run: R,
    item: usize,
}

impl<'p, R> Compared<'p, R> {
    /// What makes two figures alike: their subject and the values they allow.
    fn class(&self) -> (crate::facts::subject::SubjectKey<'p>, [u64; 2]) {
        (self.subject.key(), [self.range.0.to_bits(), self.range.1.to_bits()])
    }
}

fn conflict_finding(rule: &Rule, b: &Figure, a: &Figure) -> Finding {
    let (period, note) = (describe(&b.period()), format!("'{}' stated here", a.text()));
    let problem = format!("'{}' conflicts with '{}' for the same measure and period ({period})", b.text(), a.text());
    fact_finding(rule, &b.place(), &problem, Some((&a.place(), note)))
}

impl FigureConsistency {
    /// Within the brief: each figure against the earlier ones. A conflict of a figure
    /// that other briefs can also contradict waits for the corpus phase (the other
    /// brief's figure, coming first, takes precedence).
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let figures = &ctx.facts().figures;
        let all: Vec<Figure> = figures.iter().collect();
        // A big brief's groups are compared side by side (a brief has a few dozen: those
        // are not split); the conflicts come back in group order.
        let (members, groups) = by_measure(figures.iter().enumerate().map(|(i, f)| ((0, i), f)), all.len());
        // The figures in the groups' order: each group is a run of them.
        let items: Vec<(usize, Figure)> =
            members.iter().filter_map(|&(d, i)| Some((d as usize, *all.get(i as usize)?))).collect();
        let conflicts: Vec<Vec<(Figure, Finding)>> = groups
            .par_iter()
            .with_min_len(64)
            .map(|group| {
                let items = items.get(group.clone()).unwrap_or(&[]);
                let conflicts = figure_conflicts(items, Across::Document, |f: &Figure| f.sentence());
                conflicts.into_iter().map(|(_, b, a)| (*b, conflict_finding(rule, b, a))).collect()
            })
            .collect();
        for (b, finding) in conflicts.into_iter().flatten() {
            if self.across == Across::Corpus && b.subject().explicit() {
                let kept = Kept::Conflict { at: b.span(), finding: Box::new(finding) };
                ctx.keep(rule, [kept]);
            } else {
                out.push(finding);
            }
        }
    }

    /// Across briefs: each figure against those of earlier briefs; then the conflicts
    /// within briefs that no other brief's figure preceded.
    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        let figures = (docs.iter().enumerate())
            .flat_map(|(d, doc)| doc.facts.figures.iter().enumerate().map(move |(i, f)| ((d, i), f)));
        let count = docs.iter().map(|doc| doc.facts.figures.len()).sum();
        // Groups are compared independently, side by side; their findings come back in group order.
        let (members, groups) = by_measure(figures, count);
        let found: Vec<Vec<(usize, Span, Finding)>> = groups
            .par_iter()
            .map(|group| {
                let figure = |d: u32, i: u32| {
                    let (d, i) = (d as usize, i as usize);
                    Some((d, docs.get(d)?.facts.figures.get(i)?))
                };
                let group = members.get(group.clone()).unwrap_or(&[]);
                let items: Vec<(usize, Figure)> = group.iter().filter_map(|&(d, i)| figure(d, i)).collect();
                // Figures of one brief are never apart: such a group (all of a lone brief's) has no conflict.
                if items.first().is_none_or(|(first, _)| items.iter().all(|(d, _)| d == first)) {
                    return Vec::new();
                }
                let conflicts = figure_conflicts(&items, Across::Corpus, |f: &Figure<'_>| f.brief());
                conflicts.into_iter().map(|(d, b, a)| (d, b.span(), conflict_finding(rule, b, a))).collect()
            })
            .collect();
        let mut across = std::collections::HashSet::new();
        for (d, span, finding) in found.into_iter().flatten() {
            across.insert((d, span));
            out.push((d, finding));
        }
        for (d, kept) in kept_of(rule, docs) {
            if let Kept::Conflict { at, finding } = kept
                && !across.contains(&(d, *at))
            {
                out.push((d, (**finding).clone()));
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
            type Event<'a> = &'a crate::facts::EventFact;
            // Events are grouped by action and object already: one key each, alike by their dates.
            let how = Comparison {
                keys: |_: &Event, keys: &mut Vec<()>| keys.push(()),
                class: |e: &Event| e.interval,
                conflict: |a: &Event, b: &Event| !a.interval.overlaps(&b.interval),
                // Every event may be compared with every other: each is a run of its own.
                run: |e: &Event| std::ptr::from_ref::<crate::facts::EventFact>(e),
                values: |_: &Event| None,
            };
            for (d, b, a) in first_conflicts(items, self.across, how) {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A fact: (id, subject, value, sentence).
    type Fact = (usize, u32, u32, u32);

    /// The definition: for each fact, the earliest earlier one, in another sentence,
    /// with its subject and another value.
    fn by_definition(items: &[(usize, Fact)]) -> Vec<(usize, usize)> {
        let conflict = |a: &Fact, b: &Fact| a.1 == b.1 && a.2 != b.2 && a.3 != b.3;
        (0..items.len())
            .filter_map(|k| (0..k).find(|&j| conflict(&items[j].1, &items[k].1)).map(|j| (items[k].1.0, items[j].1.0)))
            .collect()
    }

    /// `testing::numbers`, as the `u32`s the tests' classes hold.
    fn numbers(seed: u64) -> impl FnMut(u64) -> u32 {
        let mut next = crate::testing::numbers(seed);
        move |n| next(n) as u32
    }

    #[test]
    fn conflicts_are_the_earliest_by_definition_with_few_classes_or_many() {
        let mut next = numbers(7);
        for round in 0..400 {
            // Up to 60 facts of up to 3 subjects and 14 values: past `FEW` classes and under;
            // in sentences at random or in runs of up to 12.
            let len = 1 + round % 60;
            let run = 1 + round % 12;
            let items: Vec<(usize, Fact)> = (0..len)
                .map(|id| {
                    let sentence = if round % 3 == 0 { (id / run) as u32 } else { next(6) };
                    (0, (id, next(3), next(if round % 2 == 0 { 3 } else { 14 }), sentence))
                })
                .collect();
            let how = Comparison {
                keys: |f: &Fact, keys: &mut Vec<u32>| keys.push(f.1),
                class: |f: &Fact| (f.1, f.2),
                conflict: |a: &Fact, b: &Fact| a.1 == b.1 && a.2 != b.2,
                run: |f: &Fact| f.3,
                values: |_: &Fact| None,
            };
            let found: Vec<(usize, usize)> =
                first_conflicts(&items, Across::Corpus, how).into_iter().map(|(_, b, a)| (b.0, a.0)).collect();
            assert_eq!(found, by_definition(&items), "{items:?}");
        }
    }

    /// A fact allowing a range: (id, subject, low, high, sentence).
    type Ranged = (usize, u32, u32, u32, u32);

    #[test]
    fn conflicts_of_ranges_are_the_earliest_by_definition_past_skipped_runs() {
        let mut next = numbers(11);
        let conflict = |a: &Ranged, b: &Ranged| a.1 == b.1 && (a.3 < b.2 || b.3 < a.2);
        for round in 0..200 {
            // Up to 400 facts, so a key has many runs of `SKIP`, and some rounds of 3,000,
            // past runs of the second level (1,024): mostly wide ranges that overlap (as
            // "over 5%" does), some narrow ones that miss them.
            let len = if round % 50 == 7 { 3_000 } else { 1 + (round * 7) % 400 };
            let items: Vec<(usize, Ranged)> = (0..len)
                .map(|id| {
                    let (low, high) = if next(8) == 0 {
                        let v = next(1000);
                        (v, v)
                    } else {
                        let low = next(100);
                        (low, 900 + next(200))
                    };
                    (0, (id, next(1 + round as u64 % 3), low, high, next(1 + round as u64 % 40)))
                })
                .collect();
            let how = Comparison {
                keys: |f: &Ranged, keys: &mut Vec<u32>| keys.push(f.1),
                class: |f: &Ranged| (f.1, f.2, f.3),
                conflict,
                run: |f: &Ranged| f.4,
                values: |f: &Ranged| Some((f64::from(f.2), f64::from(f.3))),
            };
            let found: Vec<(usize, usize)> =
                first_conflicts(&items, Across::Corpus, how).into_iter().map(|(_, b, a)| (b.0, a.0)).collect();
            let by_definition: Vec<(usize, usize)> = (0..items.len())
                .filter_map(|k| {
                    let (b, j) = (
                        &items[k].1,
                        (0..k).find(|&j| conflict(&items[j].1, &items[k].1) && items[j].1.4 != items[k].1.4),
                    );
                    j.map(|j| (b.0, items[j].1.0))
                })
                .collect();
            assert_eq!(found, by_definition, "round {round}");
        }
    }
}
