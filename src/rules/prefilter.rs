//! One scan of a document for the literal prefixes of every pattern of a rule
//! pack: a pattern runs only on the units where one of its prefixes stands.
//!
//! Every match of a regex starts with one of its prefix literals (regex-syntax's
//! extractor), so a unit in which none of them stands holds no match, and
//! skipping it changes no finding. Literals are kept in lower case and found
//! ASCII-case-insensitively: a superset of what the patterns match.

use aho_corasick::{AhoCorasick, MatchKind};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Class, Hir, HirKind, Look};
use rustc_hash::FxHashMap;

use crate::document::Span;
use crate::facts::scan::is_word;

use super::literal_dfa::LiteralDfa;
use super::pattern::Pattern;

/// Literals shorter than this stand nearly everywhere: such a pattern is not prefiltered.
const SHORTEST: usize = 2;

/// Literals a word list may have (the extractor keeps at most 250 for other patterns).
const MOST_LITERALS: usize = 100_000;

/// Literals past which the prefilter is not built as a DFA (`aho-corasick` then picks
/// its NFA). With `aho-corasick`'s DFA, 20,000 words took 0.3 to 0.5 s to build and 95 MB
/// more than its NFA; they scanned 165 MB of briefs in 0.5 s less CPU, which paid for it
/// only while each hit ran a regex of the list (now looked up). With the NFA, one brief
/// with a 20,000-word existence and substitution pair takes 0.37 s and 74 MB against
/// 0.63 s and 170 MB, and 20,000 briefs the same time.
const MOST_DFA_LITERALS: usize = 5_000;

/// The lower-cased prefix literals every match of `source` starts with, or None when
/// they cannot be had (lookaround, a pattern that may match the empty string or
/// start with a large class) or are too short to help.
pub fn prefixes(source: &str) -> Option<Vec<Vec<u8>>> {
    prefixes_of(&regex_syntax::Parser::new().parse(source).ok()?)
}

/// `prefixes` of a parsed pattern.
fn prefixes_of(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut literals = match word_list(hir) {
        // Branch by branch: the extractor keeps at most 250 literals, and dedups the
        // whole set at each branch it adds (20,000 words took 3 s).
        Some(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(prefixes_of(branch)?);
            }
            all
        }
        None => {
            let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&fold_ascii_case(hir));
            seq.literals()?.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect()
        }
    };
    if literals.len() > MOST_LITERALS || literals.iter().any(|l| l.len() < SHORTEST) {
        return None;
    }
    literals.sort_unstable();
    literals.dedup();
    Some(literals)
}

/// The branches of a long alternation every match opens with (after assertions such as
/// `\b`, which match no text): the prefixes of the branches are prefixes of the pattern.
fn word_list(hir: &Hir) -> Option<&[Hir]> {
    const LONG: usize = 64;
    match hir.kind() {
        HirKind::Alternation(branches) if branches.len() > LONG => Some(branches),
        HirKind::Capture(c) => word_list(&c.sub),
        HirKind::Concat(parts) => word_list(parts.iter().find(|p| !matches!(p.kind(), HirKind::Look(_)))?),
        _ => None,
    }
}

/// `hir` with every class of one ASCII letter in both cases (`(?i)v` is `[Vv]`) made
/// that letter in lower case: the extractor then gives one literal, not every casing.
fn fold_ascii_case(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Class(class) => match case_pair(class) {
            Some(letter) => Hir::literal([letter]),
            None => hir.clone(),
        },
        HirKind::Repetition(r) => {
            Hir::repetition(regex_syntax::hir::Repetition { sub: Box::new(fold_ascii_case(&r.sub)), ..r.clone() })
        }
        HirKind::Capture(c) => {
            Hir::capture(regex_syntax::hir::Capture { sub: Box::new(fold_ascii_case(&c.sub)), ..c.clone() })
        }
        HirKind::Concat(parts) => Hir::concat(parts.iter().map(fold_ascii_case).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.iter().map(fold_ascii_case).collect()),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// The lower-case letter of a class holding just it and its capital (`[Vv]`).
fn case_pair(class: &Class) -> Option<u8> {
    let ranges: Vec<(u32, u32)> = match class {
        Class::Unicode(c) => c.ranges().iter().map(|r| (r.start().into(), r.end().into())).collect(),
        Class::Bytes(c) => c.ranges().iter().map(|r| (r.start().into(), r.end().into())).collect(),
    };
    match *ranges.as_slice() {
        [(a, a2), (b, b2)] if a == a2 && b == b2 && (65..=90).contains(&a) && b == a + 32 => u8::try_from(b).ok(),
        _ => None,
    }
}

/// Whether every match of a parsed pattern starts at a word boundary (`\b`, `\<`,
/// `\b{start}` first in each alternative): a match starting with a word character then
/// follows none.
fn opens_at_word_boundary(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Look(look) => matches!(
            look,
            Look::WordAscii
                | Look::WordUnicode
                | Look::WordStartAscii
                | Look::WordStartUnicode
                | Look::WordStartHalfAscii
                | Look::WordStartHalfUnicode
        ),
        HirKind::Concat(parts) => parts.first().is_some_and(opens_at_word_boundary),
        HirKind::Capture(c) => opens_at_word_boundary(&c.sub),
        HirKind::Alternation(parts) => parts.iter().all(opens_at_word_boundary),
        _ => false,
    }
}

/// What every match of a pattern starts with when it has no usable prefixes: a
/// character of a class, after a word boundary or not (`\b[\p{L}\p{N}]…`).
#[derive(Debug, Clone)]
pub struct StartClass {
    boundary: bool,
    /// Every ASCII character of the class is a word character.
    ascii_in_words: bool,
    /// For each byte: whether it can open a character of the class (`IN`), and
    /// whether that character is a word character (`WORD`, `MAYBE_WORD` outside
    /// ASCII, `CONTINUES` for the inner bytes of a character).
    bytes: [u8; 256],
}

const IN: u8 = 1;
const WORD: u8 = 2;
const MAYBE_WORD: u8 = 4;
const CONTINUES: u8 = 8;
const WORDNESS: u8 = WORD | MAYBE_WORD;

impl StartClass {
    #[cfg(test)]
    pub fn of(source: &str) -> Option<StartClass> {
        StartClass::of_hir(&regex_syntax::Parser::new().parse(source).ok()?)
    }

    /// The start class of a parsed pattern.
    fn of_hir(hir: &Hir) -> Option<StartClass> {
        let parts = match hir.kind() {
            HirKind::Concat(parts) => parts.as_slice(),
            _ => std::slice::from_ref(hir),
        };
        let (boundary, rest) = match parts.first().map(Hir::kind) {
            Some(HirKind::Look(Look::WordUnicode | Look::WordAscii)) => (true, &parts[1..]),
            _ => (false, parts),
        };
        let mut bytes = [0u8; 256];
        for (b, flags) in bytes.iter_mut().enumerate() {
            *flags = match b as u8 {
                b if b.is_ascii_alphanumeric() || b == b'_' => WORD,
                0x80..=0xBF => CONTINUES,
                0xC0..=0xFF => MAYBE_WORD,
                _ => 0,
            };
        }
        // Outside ASCII, any character may be in the class when it holds one such.
        let mut mark = |from: u32, to: u32| {
            (from..=to.min(127)).for_each(|b| bytes[b as usize] |= IN);
            if to >= 128 {
                bytes[0xC0..].iter_mut().for_each(|f| *f |= IN);
            }
        };
        match rest.first().map(Hir::kind) {
            Some(HirKind::Class(Class::Unicode(c))) => {
                c.ranges().iter().for_each(|r| mark(r.start().into(), r.end().into()))
            }
            Some(HirKind::Class(Class::Bytes(c))) => {
                c.ranges().iter().for_each(|r| mark(r.start().into(), r.end().into()))
            }
            _ => return None,
        }
        let ascii_in_words = bytes[..128].iter().all(|&f| f & IN == 0 || f & WORD != 0);
        Some(StartClass { boundary, ascii_in_words, bytes })
    }

    /// At most how many matches start in `text`, when that is at most `limit`, or more
    /// than `limit`: `starts`, unless a quicker count already bounds them by `limit`.
    pub fn bound(&self, text: &str, limit: usize) -> usize {
        // After a word boundary, a start of a word character follows a byte that is no
        // ASCII word character, and one of another character is such a byte: these bytes
        // (and the text's start) are at least as many as the starts. Counting them needs
        // no table and no state.
        if self.boundary && self.ascii_in_words {
            let most = 1 + text.bytes().filter(|&b| !is_word(b)).count();
            if most <= limit {
                return most;
            }
        }
        self.starts(text, limit)
    }

    /// At most how many matches start in `text`: the places a character of the class
    /// stands (after what may be a word boundary), counted up to `limit + 1`.
    pub fn starts(&self, text: &str, limit: usize) -> usize {
        // The start of the text is no word character.
        let mut previous = 0;
        let mut count = 0;
        // Without branches per byte (a word boundary comes every few bytes); the limit
        // is looked at once a chunk.
        for chunk in text.as_bytes().chunks(64) {
            for &b in chunk {
                let flags = self.bytes[usize::from(b)];
                let inner = flags & CONTINUES != 0;
                let current = flags & WORDNESS;
                // A boundary may stand between two characters unless both are known and alike.
                let boundary = current != previous || current == MAYBE_WORD || !self.boundary;
                count += usize::from(flags & IN != 0 && boundary && !inner);
                previous = if inner { previous } else { current };
            }
            if count > limit {
                break;
            }
        }
        count.min(limit.saturating_add(1))
    }
}

/// The prefixes of a rule pack's patterns in one automaton.
#[derive(Debug, Clone, Default)]
pub struct Prefilter {
    automaton: Option<Automaton>,
    /// For each literal of the automaton, the slots of the patterns it is a prefix of,
    /// and whether the pattern's matches open at a word boundary while the literal
    /// opens with an ASCII word character: a hit right after one holds no match then.
    owners: Vec<Vec<(u32, bool)>>,
    /// A pattern's id to its slot.
    slots: FxHashMap<u32, u32>,
    /// Patterns without prefixes that start with a class, by id.
    starts: FxHashMap<u32, StartClass>,
}

/// The prefilter's literals in one automaton: our four-lane DFA, or `aho-corasick`'s
/// automaton for a list too long for a DFA.
#[derive(Debug, Clone)]
enum Automaton {
    Lanes(Box<LiteralDfa>),
    AhoCorasick(AhoCorasick),
}

impl Automaton {
    fn of(literals: &[Vec<u8>]) -> Option<Automaton> {
        if literals.is_empty() {
            return None;
        }
        if literals.len() <= MOST_DFA_LITERALS
            && let Some(dfa) = LiteralDfa::new(literals)
        {
            return Some(Automaton::Lanes(Box::new(dfa)));
        }
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(literals)
            .ok()
            .map(Automaton::AhoCorasick)
    }

    /// Calls `f(start, end, literal)` for each occurrence of a literal in `text`, in no set order.
    fn for_each_match(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        match self {
            Automaton::Lanes(dfa) => dfa.for_each_match(text.as_bytes(), f),
            Automaton::AhoCorasick(ac) => {
                ac.find_overlapping_iter(text).for_each(|m| f(m.start(), m.end(), m.pattern().as_usize()))
            }
        }
    }
}

impl Prefilter {
    /// The automaton of every pattern in `patterns` that has usable prefixes.
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a Pattern>) -> Prefilter {
        let mut literal_index: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<(u32, bool)>> = Vec::new();
        let (mut slots, mut starts) = (FxHashMap::default(), FxHashMap::default());
        for pattern in patterns {
            let Some((id, source)) = pattern.plain_source() else { continue };
            if slots.contains_key(&id) || starts.contains_key(&id) {
                continue;
            }
            // Parsed once for its prefixes, or else its start class, and its opening.
            let Ok(hir) = regex_syntax::Parser::new().parse(source) else { continue };
            let Some(prefixes) = prefixes_of(&hir) else {
                starts.extend(StartClass::of_hir(&hir).map(|s| (id, s)));
                continue;
            };
            let slot = slots.len() as u32;
            slots.insert(id, slot);
            let opens_at_boundary = opens_at_word_boundary(&hir);
            for literal in prefixes {
                let word_first = literal.first().is_some_and(|&b| is_word(b));
                let k = *literal_index.entry(literal.clone()).or_insert_with(|| {
                    literals.push(literal);
                    owners.push(Vec::new());
                    owners.len() - 1
                });
                owners[k].push((slot, opens_at_boundary && word_first));
            }
        }
        let automaton = Automaton::of(&literals);
        if automaton.is_none() {
            slots.clear();
        }
        Prefilter { automaton, owners, slots, starts }
    }

    /// The start class of a pattern without prefixes, if it has one.
    pub fn start_class(&self, pattern: &Pattern) -> Option<&StartClass> {
        self.starts.get(&pattern.plain_source()?.0)
    }

    /// Where the prefixes stand in `text`, for each prefiltered pattern.
    pub fn scan(&self, text: &str) -> Hits<'_> {
        // Every slot's hits in one buffer, slot by slot and, in a slot, by start
        // (overlapping matches come by end); `ends[slot]` is where its hits end.
        let mut all: Vec<(u32, Hit)> = Vec::with_capacity(text.len() / 32);
        if let Some(automaton) = &self.automaton {
            let bytes = text.as_bytes();
            automaton.for_each_match(text, |start, end, literal| {
                let (Ok(start), Ok(end)) = (u32::try_from(start), u32::try_from(end)) else { return };
                let after_word = (start as usize).checked_sub(1).is_some_and(|i| is_word(bytes[i]));
                for &(slot, needs_boundary) in &self.owners[literal] {
                    all.push((slot, Hit { start, end, inside_word: needs_boundary && after_word }));
                }
            });
        }
        let mut ends = vec![0; self.slots.len()];
        for &(slot, _) in &all {
            ends[slot as usize] += 1;
        }
        let mut total = 0;
        for end in &mut ends {
            total += *end;
            *end = total;
        }
        // Each slot's hits placed from its end down, then put in order of start.
        let mut hits = vec![Hit { start: 0, end: 0, inside_word: false }; all.len()];
        let mut next = ends.clone();
        for &(slot, hit) in all.iter().rev() {
            next[slot as usize] -= 1;
            hits[next[slot as usize]] = hit;
        }
        let mut start = 0;
        for &end in &ends {
            hits[start..end].sort_unstable();
            start = end;
        }
        // Positions past 4 GiB are not kept: no pattern is prefiltered in such a text.
        let complete = text.len() <= u32::MAX as usize;
        Hits { hits, ends, slots: complete.then_some(&self.slots) }
    }
}

/// Where a prefix stands in a document's prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Hit {
    start: u32,
    end: u32,
    /// The pattern opens at a word boundary, and a word character comes right before
    /// this hit: no match starts here, unless a span starts here too.
    inside_word: bool,
}

/// Where a document holds the prefixes of each prefiltered pattern.
#[derive(Debug, Clone, Default)]
pub struct Hits<'a> {
    /// The hits of slot 0, then of slot 1, and so on, each slot's by start.
    hits: Vec<Hit>,
    /// Where each slot's hits end in `hits`.
    ends: Vec<usize>,
    /// The prefilter's slots of its patterns (None: no pattern is prefiltered here).
    slots: Option<&'a FxHashMap<u32, u32>>,
}

impl Hits<'_> {
    fn of(&self, pattern: &Pattern) -> Option<&[Hit]> {
        let (id, _) = pattern.plain_source()?;
        let slot = *self.slots?.get(&id)?;
        let end = *self.ends.get(slot as usize)?;
        let start = slot.checked_sub(1).map_or(0, |before| self.ends[before as usize]);
        self.hits.get(start..end)
    }

    /// At most how many matches `pattern` has in `span`: the places a prefix starts
    /// there. None when the pattern is not prefiltered (no bound is known). Rules read
    /// bounds through a `cursor`; this one-off read serves the tests.
    #[cfg(test)]
    pub fn bound(&self, pattern: &Pattern, span: Span) -> Option<usize> {
        self.cursor(pattern).map(|mut c| c.bound(span))
    }

    /// A reader of `pattern`'s hits for one span after another (None when the
    /// pattern is not prefiltered).
    pub fn cursor(&self, pattern: &Pattern) -> Option<HitCursor<'_>> {
        self.of(pattern).map(|hits| HitCursor { hits, from: 0, last_start: 0 })
    }

    /// Whether `pattern` is prefiltered and no prefix of it stands anywhere.
    pub fn absent(&self, pattern: &Pattern) -> bool {
        self.of(pattern).is_some_and(<[_]>::is_empty)
    }
}

/// A pattern's hits, read span after span: when the spans come in document order (as
/// a scope's selection does) each read starts where the last one left off.
#[derive(Debug, Clone)]
pub struct HitCursor<'h> {
    hits: &'h [Hit],
    /// The first hit starting at or after `last_start`.
    from: usize,
    last_start: usize,
}

impl HitCursor<'_> {
    /// At most how many matches the pattern has in `span`: the places a prefix starts
    /// there (`Hits::bound`).
    pub fn bound(&mut self, span: Span) -> usize {
        let mut starts = 0;
        let mut last = None;
        for s in self.starts(span) {
            if last != Some(s) {
                starts += 1;
                last = Some(s);
            }
        }
        starts
    }

    /// Where in `span` (from its start) the pattern's matches may start, in order
    /// (a place holding several of its prefixes comes once for each).
    pub fn starts(&mut self, span: Span) -> impl Iterator<Item = usize> + '_ {
        let before = |h: &Hit| (h.start as usize) < span.start;
        if span.start < self.last_start {
            self.from = self.hits.partition_point(before);
        } else {
            // A few steps, then a search of the rest: spans in order are mostly near.
            let near = self.hits.get(self.from..).unwrap_or(&[]);
            let stepped = near.iter().take(8).take_while(|h| before(h)).count();
            self.from += if stepped < 8 { stepped } else { near.partition_point(before) };
        }
        self.last_start = span.start;
        let hits = self.hits.get(self.from..).unwrap_or(&[]);
        hits.iter()
            .take_while(move |h| (h.start as usize) < span.end)
            // A span's text starts after no word character.
            .filter(move |h| (!h.inside_word || h.start as usize == span.start) && h.end as usize <= span.end)
            .map(move |h| h.start as usize - span.start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(source: &str) -> Option<Vec<String>> {
        prefixes(source).map(|l| l.into_iter().map(|b| String::from_utf8_lossy(&b).into_owned()).collect())
    }

    #[test]
    fn prefixes_fold_ascii_case_and_keep_other_letters() {
        assert_eq!(strings(r"(?i)\b(?:very|quite)\b").unwrap(), ["quite", "very"]);
        // (?i)s also matches the long s, (?i)k the Kelvin sign: those stay as written.
        assert_eq!(strings(r"(?i)\bsk").unwrap(), ["sk", "s\u{212A}", "ſk", "ſ\u{212A}"]);
        assert_eq!(strings(r"(?i)can[’']t").unwrap(), ["can't", "can’t"]);
        assert_eq!(strings(r"World War (?:II|2)").unwrap(), ["world war 2", "world war ii"]);
    }

    #[test]
    fn a_word_list_is_prefiltered_word_by_word() {
        // Words that share no opening (the parser would factor it out of the alternation),
        // without `k` or `s` (which also match the Kelvin sign and the long s).
        let words: Vec<String> =
            (0..20_000u32).map(|k| format!("{}ord{k}", char::from(b'A' + (k % 10) as u8))).collect();
        let literals = prefixes(&super::super::pattern::alternation(&words, true, false)).unwrap();
        // Every word in lower case, and nothing else.
        let lower: Vec<Vec<u8>> = words.iter().map(|w| w.to_lowercase().into_bytes()).collect();
        assert!(lower.iter().all(|w| literals.binary_search(w).is_ok()));
        assert_eq!(literals.len(), words.len());
        // One word too short to help spoils the list, as it does a short alternation.
        let mut short = words.clone();
        short.push("x".into());
        assert_eq!(prefixes(&format!(r"\b(?:{})", short.join("|"))), None);
        assert_eq!(prefixes(&format!(r"\b(?:{}|[a-z]+)", words.join("|"))), None);
    }

    #[test]
    fn no_prefixes_where_a_match_may_start_anywhere() {
        assert_eq!(strings(r"\b[\p{L}\p{N}][\p{L}\p{N}'’-]*"), None);
        assert_eq!(strings(r"[^.]*?\bmay\b"), None);
        assert_eq!(strings(r"[.:;,]\s*$"), None, "one-byte literals");
        assert_eq!(strings(r"x?"), None);
        assert_eq!(strings(r"\bwill(?! not)"), None, "lookaround does not parse");
    }

    #[test]
    fn start_classes_bound_the_matches_of_patterns_without_prefixes() {
        let word = StartClass::of(r"\b[\p{L}\p{N}][\p{L}\p{N}'’-]*").unwrap();
        // Every character outside ASCII may start a word: "São" and "Paulo’s" count twice each.
        let text = "Trade fell 9.2% in São Paulo’s port, x_y";
        assert_eq!(word.starts(text, 100), 13);
        // Its 15 bytes that are no ASCII word character, and its start, bound it quicker.
        assert_eq!(word.bound(text, 100), 16);
        assert_eq!(word.bound(text, 10), 11, "past the limit, the starts are counted");
        assert_eq!(word.bound("one two three four", 2), 3, "counts stop past the limit");
        assert!(StartClass::of(r"[.:;,]\s*$").is_some_and(|s| s.bound("a. b, c", 9) == 2));
        assert!(
            StartClass::of(r"(?:a|b)c").is_some_and(|s| s.bound("abc", 9) == 2),
            "one-letter alternatives are a class"
        );
        assert!(StartClass::of(r"(?:ab|cd)").is_none() && StartClass::of(r"x?y").is_none());
        let re = regex::Regex::new(r"\b[\p{L}\p{N}][\p{L}\p{N}'’-]*").unwrap();
        for text in ["é’a", "a’é b", "ﬁ-1", "_a", "x\u{301}y", "٣ ٤", ".a.b", "ab", ""] {
            let matches = re.find_iter(text).count();
            assert!(matches <= word.starts(text, 100) && matches <= word.bound(text, 100), "{text:?}");
            assert!((0..4).all(|limit| matches.min(limit + 1) <= word.bound(text, limit)), "{text:?}");
        }
    }

    #[test]
    fn patterns_opening_at_a_word_boundary() {
        let opens_at_word_boundary = |source: &str| {
            regex_syntax::Parser::new().parse(source).is_ok_and(|hir| super::opens_at_word_boundary(&hir))
        };
        assert!(opens_at_word_boundary(r"(?i)\b(?:very|quite)\b"));
        assert!(opens_at_word_boundary(r"(\bfoo)|\b{start}bar|(?-u:\b)baz"));
        assert!(!opens_at_word_boundary(r"\bfoo|bar"), "one alternative may open anywhere");
        assert!(!opens_at_word_boundary(r"foo\b") && !opens_at_word_boundary(r"\Bfoo"));
        assert!(!opens_at_word_boundary(r"(?<!x)foo") && !opens_at_word_boundary(r"\b["));
    }

    #[test]
    fn bounds_count_prefix_starts_inside_a_span() {
        let words = Pattern::new(r"(?i)\b(?:be|been|is)\b").unwrap();
        let other = Pattern::new(r"\bnever\b").unwrap();
        let unscanned = Pattern::new(r"\bwas\b").unwrap();
        let filter = Prefilter::new([&words, &other]);
        let text = "It has BEEN so. This is it.";
        let hits = filter.scan(text);
        // "BEEN" holds `be` and `been` at one start, and "is" holds `is`; the `is` of
        // "This" follows a word character, where `\b` cannot stand.
        assert_eq!(hits.bound(&words, Span::new(0, text.len())), Some(2));
        // Unless a span starts there: its text opens at a word boundary.
        assert_eq!(hits.bound(&words, Span::new(18, 20)), Some(1));
        assert_eq!(hits.bound(&words, Span::new(17, 20)), Some(0));
        assert_eq!(hits.bound(&words, Span::new(0, 15)), Some(1));
        assert_eq!(hits.bound(&words, Span::new(7, 8)), Some(0), "a prefix must end inside the span");
        assert!(hits.absent(&other) && hits.bound(&other, Span::new(0, text.len())) == Some(0));
        assert_eq!(hits.bound(&unscanned, Span::new(0, text.len())), None);
        // A cursor reads the same bounds, spans in order or not.
        let spans: Vec<Span> = (0..text.len()).flat_map(|s| (s..=text.len()).map(move |e| Span::new(s, e))).collect();
        let mut cursor = hits.cursor(&words).unwrap();
        for span in spans.iter().chain(spans.iter().rev()) {
            assert_eq!(Some(cursor.bound(*span)), hits.bound(&words, *span), "{span:?}");
        }
        assert!(!hits.absent(&unscanned));
    }
}

#[cfg(test)]
mod oracle {
    use super::*;

    /// The texts to check: the shipped rules' examples, and pieces of their own
    /// prefixes in other casings glued with punctuation and letters outside ASCII.
    fn texts(rules: &crate::rules::RuleSet, patterns: &[&Pattern]) -> Vec<String> {
        let mut texts: Vec<String> = (rules.rules.iter())
            .flat_map(|r| {
                r.examples.valid.iter().cloned().chain(r.examples.invalid.iter().map(|i| i.text().to_string()))
            })
            .collect();
        let mut pieces: Vec<String> =
            [" ", ".", ",", "’", "'", "é", "x", "ſ", "\u{212A}", "-", "\n", "s", "ly", "ed"].map(str::to_string).into();
        for p in patterns {
            for literal in p.plain_source().and_then(|(_, s)| prefixes(s)).unwrap_or_default() {
                let literal = String::from_utf8_lossy(&literal).into_owned();
                pieces.push(literal.to_uppercase());
                let mut chars = literal.chars();
                pieces.extend(chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()));
                pieces.push(literal);
            }
        }
        let mut lcg = crate::testing::numbers(7);
        let mut next = |n: usize| lcg(n as u64) as usize;
        for _ in 0..200 {
            let count = 2 + next(4);
            texts.push((0..count).map(|_| pieces[next(pieces.len())].as_str()).collect());
        }
        texts
    }

    /// Every pattern's matches in every span are at most its bound, and those its
    /// anchored search finds from its hits there.
    #[test]
    fn no_pattern_of_the_shipped_pack_matches_more_often_than_its_bound() {
        let rules = crate::rules::load::embedded();
        let patterns: Vec<&Pattern> = rules.rules.iter().flat_map(|r| r.check.prefiltered()).collect();
        let filter = Prefilter::new(patterns.iter().copied());
        let prefiltered = patterns.iter().filter(|p| filter.slots.contains_key(&p.plain_source().unwrap().0)).count();
        assert!(prefiltered >= 20, "{prefiltered} of {} patterns prefiltered", patterns.len());
        assert!(patterns.iter().any(|p| filter.start_class(p).is_some()), "sentence-length starts with a class");
        let (mut spans, mut matched) = (0, 0);
        for text in texts(&rules, &patterns) {
            let hits = filter.scan(&text);
            // Every span of a short text; the whole and each line of an example.
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mut all: Vec<Span> = Vec::new();
            if text.len() <= 40 {
                for (k, &start) in bounds.iter().enumerate() {
                    all.extend(bounds[k..].iter().map(|&end| Span::new(start, end)));
                }
            } else {
                all.push(Span::new(0, text.len()));
                let mut at = 0;
                for line in text.split_inclusive('\n') {
                    all.push(Span::new(at, at + line.len()));
                    at += line.len();
                }
            }
            {
                for span in all {
                    let (start, end) = (span.start, span.end);
                    for p in &patterns {
                        let mut whole = Vec::new();
                        p.for_each_match(&text[start..end], |s, e| whole.push((s, e))).unwrap();
                        let count = whole.len();
                        // Searched from its hits only, the pattern finds the same matches.
                        if let Some(mut cursor) = hits.cursor(p) {
                            let mut anchored = Vec::new();
                            let sub = &text[start..end];
                            assert!(p.for_each_match_at(sub, cursor.starts(span), |s, e| anchored.push((s, e))));
                            assert_eq!(anchored, whole, "{:?} in {sub:?}", p.plain_source());
                        }
                        let starts = || filter.start_class(p).map(|s| s.bound(&text[start..end], usize::MAX));
                        if let Some(bound) = hits.bound(p, span).or_else(starts) {
                            spans += 1;
                            matched += usize::from(count > 0);
                            assert!(
                                count <= bound,
                                "{:?} in {:?}: {count} > {bound}",
                                p.plain_source(),
                                &text[start..end]
                            );
                        }
                    }
                }
            }
        }
        assert!(matched > 5_000, "{matched} of {spans} spans matched");
    }
}
