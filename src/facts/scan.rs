//! Byte-level pieces of the date and figure scanners. They follow the
//! semantics of the regexes they replace (kept in the tests as oracles):
//! ASCII word boundaries (`(?-u:\b)`), `[\x20\t\n]` as white space, and
//! alternatives tried in order.

/// A match of a scanner: its span and the spans of the (at most four) groups
/// that took part, by capture index (1-based, as in the regex it follows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Captures {
    pub start: usize,
    pub end: usize,
    len: usize,
    groups: [(usize, usize, usize); 4],
}

impl Captures {
    pub fn new(start: usize) -> Self {
        Captures { start, end: start, len: 0, groups: [(0, 0, 0); 4] }
    }

    /// The span of capture `index`, if it took part.
    pub fn get(&self, index: usize) -> Option<(usize, usize)> {
        self.groups[..self.len].iter().find(|g| g.0 == index).map(|&(_, s, e)| (s, e))
    }

    /// The index of the capture set first.
    pub fn first_group(&self) -> Option<usize> {
        self.groups[..self.len].first().map(|g| g.0)
    }

    pub fn set(&mut self, index: usize, start: usize, end: usize) {
        if let Some(slot) = self.groups.get_mut(self.len) {
            *slot = (index, start, end);
            self.len += 1;
        }
    }
}

/// Where a match can start: a match of the pattern holds a run of at least `min_run`
/// digits and starts at most `tokens` `[\x20\t\n]`-separated tokens before it, or
/// (`inside_runs`) at any of its digits. `windows` is set to the ranges from there to
/// the run's start (or end), merged and in order: no match starts outside them.
/// `runs` are the text's runs of digits, as `digit_runs` gives them, and `token_starts`
/// its tokens' starts, as `token_starts` gives them.
pub fn start_windows(
    runs: &[(usize, usize)],
    token_starts: &[usize],
    tokens: usize,
    min_run: usize,
    inside_runs: bool,
    windows: &mut Vec<(usize, usize)>,
) {
    windows.clear();
    // The token holding the run's first digit: runs come in order, so it only moves on.
    let mut token = 0;
    for &(digit, run) in runs.iter().filter(|&&(_, run)| run >= min_run) {
        while token_starts.get(token + 1).is_some_and(|&s| s <= digit) {
            token += 1;
        }
        // No lower than the last window's end (past which it would be merged anyway).
        let floor = windows.last().map_or(0, |w| w.1).min(digit);
        let from = token_starts.get(token.saturating_sub(tokens)).map_or(floor, |&s| s.max(floor));
        let to = if inside_runs { digit + run } else { digit + 1 };
        match windows.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => windows.push((from, to)),
        }
    }
}

/// Where the tokens of `t` start (after `[\x20\t\n]`), and 0, into `out`: what
/// `start_windows` counts tokens back by.
pub fn token_starts(t: &[u8], out: &mut Vec<usize>) {
    crate::swar::starts_after::<{ crate::swar::SPACES }>(t, out);
}

/// `token_starts` of `t` (text or bytes), gathered.
#[cfg(test)]
pub fn tokens_of(t: impl AsRef<[u8]>) -> Vec<usize> {
    let mut starts = Vec::new();
    token_starts(t.as_ref(), &mut starts);
    starts
}

/// `digit_runs` of `t` (text or bytes), gathered.
#[cfg(test)]
pub fn runs_of(t: impl AsRef<[u8]>) -> Vec<(usize, usize)> {
    digit_runs(t.as_ref()).collect()
}

/// The runs of ASCII digits in `t`, in order: (start, length).
pub fn digit_runs(t: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let digit = next_digit(t, at)?;
        let run = digit_run(t, digit);
        at = digit + run;
        Some((digit, run))
    })
}

/// The first ASCII digit at or after `at`, eight bytes at a time.
fn next_digit(t: &[u8], at: usize) -> Option<usize> {
    crate::swar::next_of::<{ crate::swar::DIGITS }, false>(t, at)
}

/// The first ASCII digit or byte past ASCII (which may open a Unicode digit) at or
/// after `at`, eight bytes at a time.
pub fn next_digit_or_wide(t: &[u8], at: usize) -> Option<usize> {
    crate::swar::next_of::<{ crate::swar::DIGITS }, true>(t, at)
}

/// The first byte past ASCII at or after `at`, eight bytes at a time.
pub fn next_wide(t: &[u8], at: usize) -> Option<usize> {
    crate::swar::next_of::<0, true>(t, at)
}

/// A set of two-byte prefixes, to rule out most word starts with one test: a
/// bit per first ASCII byte and low six bits of the second, 1 KiB (it stays in
/// cache). It also holds the pairs that differ from one only in the second byte's
/// top two bits ("H1" lets "Hq" through): exact matching follows every use.
pub struct Pairs([u64; 128]);

impl Pairs {
    /// The pairs of `exact` as written, and of `any_case` in every ASCII casing.
    pub const fn of(exact: &[&str], any_case: &[&str]) -> Pairs {
        let mut bits = [0u64; 128];
        let mut k = 0;
        while k < exact.len() + any_case.len() {
            let folded = k >= exact.len();
            let pair = if folded { any_case[k - exact.len()].as_bytes() } else { exact[k].as_bytes() };
            let mut casing = 0;
            while casing < 4 {
                let (mut a, mut b) = (pair[0], pair[1]);
                if folded && casing & 1 != 0 {
                    a = a.to_ascii_uppercase();
                }
                if folded && casing & 2 != 0 {
                    b = b.to_ascii_uppercase();
                }
                assert!(a.is_ascii(), "pairs open with an ASCII byte");
                bits[a as usize] |= 1 << (b & 63);
                casing += 1;
            }
            k += 1;
        }
        Pairs(bits)
    }

    pub fn has(&self, a: u8, b: u8) -> bool {
        self.0.get(usize::from(a)).is_some_and(|bits| bits >> (b & 63) & 1 != 0)
    }
}

/// Whether spans overlap any of some byte ranges, asked for spans whose ends never
/// decrease: each range is read once, so a sentence with thousands of figures is not
/// quadratic. `ranges` must be sorted by start (they may overlap one another).
pub struct Overlaps<'a> {
    ranges: &'a [(usize, usize)],
    /// The ranges starting before the last span's end have been read.
    next: usize,
    /// The furthest end among them.
    max_end: Option<usize>,
}

impl<'a> Overlaps<'a> {
    pub fn new(ranges: &'a [(usize, usize)]) -> Self {
        debug_assert!(ranges.is_sorted_by_key(|r| r.0));
        Overlaps { ranges, next: 0, max_end: None }
    }

    /// Whether `start..end` overlaps a range (`start < range end` and `range start < end`).
    pub fn hit(&mut self, start: usize, end: usize) -> bool {
        while let Some(&(_, e)) = self.ranges.get(self.next).filter(|r| r.0 < end) {
            self.max_end = Some(self.max_end.map_or(e, |m| m.max(e)));
            self.next += 1;
        }
        self.max_end.is_some_and(|m| start < m)
    }
}

/// `\w` of an ASCII word boundary.
pub fn is_word(b: u8) -> bool {
    // A table: one load, where the two range tests cost more on the scanners' hot paths.
    static WORD: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = (b as u8).is_ascii_alphanumeric() || b as u8 == b'_';
            b += 1;
        }
        table
    };
    WORD[usize::from(b)]
}

/// `(?-u:\b)` at `i`.
pub fn boundary(t: &[u8], i: usize) -> bool {
    let before = i > 0 && t.get(i - 1).copied().is_some_and(is_word);
    let after = t.get(i).copied().is_some_and(is_word);
    before != after
}

/// `[\x20\t\n]`.
pub fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n')
}

pub fn space_at(t: &[u8], i: usize) -> bool {
    t.get(i).copied().is_some_and(is_space)
}

/// `[\x20\t\n]+` at `i`: where it ends.
pub fn spaces(t: &[u8], i: usize) -> Option<usize> {
    let end = i + t.get(i..)?.iter().take_while(|&&b| is_space(b)).count();
    (end > i).then_some(end)
}

/// `[\x20\t\n]*` at `i`: where it ends.
pub fn any_spaces(t: &[u8], i: usize) -> usize {
    spaces(t, i).unwrap_or(i)
}

/// How many ASCII digits run from `i`.
pub fn digit_run(t: &[u8], i: usize) -> usize {
    crate::swar::run_end::<{ crate::swar::DIGITS }>(t, i).saturating_sub(i)
}

/// `[0-9]{n}` at `i`: where it ends.
pub fn digits(t: &[u8], i: usize, n: usize) -> Option<usize> {
    (digit_run(t, i) >= n).then_some(i + n)
}

/// The literal `word` at `i`: where it ends. In `word`, a space stands for one `[\x20\t\n]`.
pub fn literal(t: &[u8], i: usize, word: &str) -> Option<usize> {
    let rest = t.get(i..i + word.len())?;
    let same = rest.iter().zip(word.bytes()).all(|(&a, b)| if b == b' ' { is_space(a) } else { a == b });
    same.then_some(i + word.len())
}

/// `word` at `i` as `(?i:word)` matches it: ASCII letters in either case, and `s`
/// also as the long s `ſ` (Unicode case folding; `word` has no `k`).
pub fn literal_ignoring_case(t: &[u8], i: usize, word: &str) -> Option<usize> {
    let mut at = i;
    for b in word.bytes() {
        let c = *t.get(at)?;
        if c.eq_ignore_ascii_case(&b) {
            at += 1;
        } else if b == b's' && t.get(at..at + 2) == Some("ſ".as_bytes()) {
            at += 2;
        } else {
            return None;
        }
    }
    Some(at)
}

/// The first of `words` (in order) standing at `i` and followed by what `then`
/// accepts: the end of that word and what `then` returned.
pub fn first_of<R>(t: &[u8], i: usize, words: &[&str], mut then: impl FnMut(usize) -> Option<R>) -> Option<(usize, R)> {
    // A word whose first byte differs (a space in a word stands for any) is passed over at once.
    let first = t.get(i).copied();
    words
        .iter()
        .filter(|w| w.as_bytes().first().is_none_or(|&b| Some(b) == first || b == b' '))
        .find_map(|w| literal(t, i, w).and_then(|end| then(end).map(|r| (end, r))))
}

/// Where `(?:\.[0-9]+)?` at `at` ends, greedy.
fn decimals(t: &[u8], at: usize) -> usize {
    match digit_run(t, at + 1) {
        n if n > 0 && t.get(at) == Some(&b'.') => at + 1 + n,
        _ => at,
    }
}

/// Where `(?:,[0-9]{3})*` at `at` ends, greedy.
fn thousands(t: &[u8], mut at: usize) -> usize {
    while t.get(at) == Some(&b',') && digit_run(t, at + 1) >= 3 {
        at += 4;
    }
    at
}

/// Where `[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?` at `i` ends,
/// as the regex matches it (greedy, first alternative first).
pub fn number_end(t: &[u8], i: usize) -> Option<usize> {
    let run = digit_run(t, i);
    if run == 0 {
        return None;
    }
    // With more than three digits the first alternative cannot take a group.
    let grouped = thousands(t, i + run);
    Some(decimals(t, if run <= 3 && grouped > i + run { grouped } else { i + run }))
}

/// Whether that number pattern can match exactly `t[i..end]` (greedy or not).
pub fn is_number(t: &[u8], i: usize, end: usize) -> bool {
    let run = digit_run(t, i);
    // Nothing, or a point and at least one digit, from `at` to `end`.
    let decimals_to_end =
        |at: usize| at == end || (end > at + 1 && t.get(at) == Some(&b'.') && digit_run(t, at + 1) >= end - at - 1);
    // `[0-9]+` then decimals.
    let plain = run > 0 && if end <= i + run { end > i } else { decimals_to_end(i + run) };
    // One to three digits, groups of three, then decimals.
    let grouped = (1..=3).contains(&run) && {
        let mut at = i + run;
        let mut ok = false;
        while !ok && at < end && t.get(at) == Some(&b',') && digit_run(t, at + 1) >= 3 {
            at += 4;
            ok = decimals_to_end(at);
        }
        ok
    };
    plain || grouped
}

/// Where the run of digits, commas and points at `i` ends: no number there reaches past it.
pub fn number_token_end(t: &[u8], i: usize) -> usize {
    i + t.get(i..).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit() || matches!(b, b',' | b'.')).count())
}

/// The lines of the Markdown files under `dir`, recursively.
#[cfg(test)]
fn lines_under(dir: &std::path::Path) -> Vec<String> {
    let mut lines = Vec::new();
    for path in std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
        if path.is_dir() {
            lines.extend(lines_under(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            lines.extend(std::fs::read_to_string(&path).unwrap_or_default().lines().map(str::to_string));
        }
    }
    lines
}

/// Asserts that `scan` finds the matches `re` finds in each text, with the same
/// groups; returns how many it found.
#[cfg(test)]
fn assert_agrees_on(re: &regex::Regex, texts: &[String], scan: impl Fn(&str, usize) -> Option<Captures>) -> usize {
    let mut matched = 0;
    for text in texts {
        let mut caps = re.capture_locations();
        let mut at = 0;
        loop {
            let expected = re.captures_read_at(&mut caps, text, at);
            let got = scan(text, at);
            match (expected, got) {
                (None, None) => break,
                (Some(m), Some(g)) => {
                    assert_eq!((g.start, g.end), (m.start(), m.end()), "{text:?} from {at}");
                    for i in 1..caps.len() {
                        assert_eq!(g.get(i), caps.get(i), "group {i} in {text:?} from {at}");
                    }
                    matched += 1;
                    at = m.end().max(m.start() + 1);
                }
                (m, g) => panic!("{text:?} from {at}: the pattern found {m:?}, the scanner {g:?}"),
            }
        }
    }
    matched
}

/// Asserts that `scan` finds the matches `re` finds, with the same groups, in
/// `count` texts glued from `pieces` (and in the pieces' pairs, and the real briefs).
#[cfg(test)]
pub(crate) fn assert_scanner_agrees(
    re: &regex::Regex,
    pieces: &[&str],
    count: usize,
    scan: impl Fn(&str, usize) -> Option<Captures>,
) {
    let mut texts: Vec<String> = pieces.iter().flat_map(|a| pieces.iter().map(move |b| format!("{a}{b}"))).collect();
    for dir in ["fixtures", "../shared/briefs"] {
        texts.extend(lines_under(std::path::Path::new(dir)));
    }
    let mut lcg = crate::testing::numbers(11);
    let mut next = |n: usize| lcg(n as u64) as usize;
    for _ in 0..count {
        let n = 1 + next(8);
        texts.push((0..n).map(|_| pieces[next(pieces.len())]).collect::<Vec<_>>().join(["", " "][next(2)]));
    }
    let matched = assert_agrees_on(re, &texts, scan);
    assert!(matched > count / 10, "only {matched} matches");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `start_windows` as it was, reading each run's tokens back byte by byte: the oracle.
    fn start_windows_by_reading_back(
        t: &[u8],
        tokens: usize,
        min_run: usize,
        inside_runs: bool,
    ) -> Vec<(usize, usize)> {
        let mut windows: Vec<(usize, usize)> = Vec::new();
        for (digit, run) in digit_runs(t).filter(|&(_, run)| run >= min_run) {
            let floor = windows.last().map_or(0, |w| w.1);
            let from = tokens_back(t, digit, tokens, floor);
            let to = if inside_runs { digit + run } else { digit + 1 };
            match windows.last_mut() {
                Some(last) if from <= last.1 => last.1 = last.1.max(to),
                _ => windows.push((from, to)),
            }
        }
        windows
    }

    /// The start of the token holding `i` and `tokens` tokens before it, going no lower than `floor`.
    fn tokens_back(t: &[u8], i: usize, tokens: usize, floor: usize) -> usize {
        use crate::swar::{SPACES, run_start};
        let i = i.min(t.len());
        let floor = floor.min(i);
        let mut start = run_start::<SPACES, false>(t, floor, i);
        for _ in 0..tokens {
            let spaces_start = run_start::<SPACES, true>(t, floor, start);
            if spaces_start == start {
                break;
            }
            start = run_start::<SPACES, false>(t, floor, spaces_start);
        }
        start
    }

    #[test]
    fn windows_from_token_starts_agree_with_reading_back() {
        let mut next = crate::testing::numbers(3);
        let pieces = ["2024", "7", "1,200", " ", "  ", "\t", "\n", "in", "Q3", "-", "é", "%", "US$", "x", "19"];
        let mut windows = Vec::new();
        for _ in 0..5_000 {
            let text: String = (0..next(30)).map(|_| pieces[next(pieces.len() as u64) as usize]).collect();
            let t = text.as_bytes();
            let (runs, starts) = (runs_of(t), tokens_of(t));
            for (tokens, min_run, inside_runs) in [(4, 4, false), (3, 1, true), (0, 1, false), (6, 2, true)] {
                start_windows(&runs, &starts, tokens, min_run, inside_runs, &mut windows);
                let expected = start_windows_by_reading_back(t, tokens, min_run, inside_runs);
                assert_eq!(windows, expected, "{text:?} {tokens} {min_run} {inside_runs}");
            }
        }
    }

    #[test]
    fn overlaps_read_once_agree_with_a_scan_of_every_range() {
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as usize
        };
        for _ in 0..2_000 {
            // Ranges sorted by start, some nested or overlapping, some empty.
            let mut ranges: Vec<(usize, usize)> = (0..next(12)).map(|_| (next(60), 0)).collect();
            ranges.iter_mut().for_each(|r| r.1 = r.0 + next(15));
            ranges.sort_unstable_by_key(|r| r.0);
            let mut overlaps = Overlaps::new(&ranges);
            let mut end = 0;
            for _ in 0..next(20) {
                end += next(6);
                let start = end - next(4).min(end);
                let naive = ranges.iter().any(|&(s, e)| start < e && s < end);
                assert_eq!(overlaps.hit(start, end), naive, "{ranges:?} {start}..{end}");
            }
        }
    }

    /// The scanners against their patterns on every line of a corpus:
    /// `BRIEFLINT_ORACLE_DIR=/tmp/corpus cargo test --release -- --ignored scanners_agree`.
    #[test]
    #[ignore]
    fn scanners_agree_with_their_patterns_on_a_corpus() {
        let dir = std::env::var("BRIEFLINT_ORACLE_DIR").unwrap_or_else(|_| "fixtures".into());
        let lines = lines_under(std::path::Path::new(&dir));
        let dates = super::super::dates::tests::date_regex().unwrap();
        let figures = super::super::figures::tests::figure_regex().unwrap();
        let d = assert_agrees_on(dates, &lines, |t, at| super::super::dates::scan(t.as_bytes(), at));
        let f = assert_agrees_on(figures, &lines, |t, at| super::super::figures::scan(t.as_bytes(), at, &[]));
        let kept = assert_dates_skipped_alike(&lines);
        eprintln!("{} lines: {d} dates and {f} figures agree; {kept} figures outside dates", lines.len());
    }

    /// Figures found with the dates' ranges passed over are those found throughout
    /// that stand outside every date; returns how many.
    fn assert_dates_skipped_alike(lines: &[String]) -> usize {
        use super::super::{dates, figures};
        let mut kept = 0;
        for line in lines {
            let found_dates = dates::find(line);
            let ranges: Vec<(usize, usize)> = found_dates.iter().map(|d| (d.start, d.end)).collect();
            let outside = |f: &figures::Found| !ranges.iter().any(|&(s, e)| f.start < e && s < f.end);
            let mut skipping = Vec::new();
            let (runs, tokens) = (super::runs_of(line), super::tokens_of(line));
            figures::find_into(line, &runs, &tokens, &ranges, &mut skipping, &mut Vec::new());
            skipping.retain(outside);
            let mut throughout = figures::find(line);
            throughout.retain(outside);
            assert_eq!(skipping, throughout, "{line}");
            kept += skipping.len();
        }
        kept
    }

    #[test]
    fn figures_found_past_dates_are_those_outside_them() {
        let mut lines = lines_under(std::path::Path::new("fixtures"));
        lines.extend(lines_under(std::path::Path::new("../shared/briefs")));
        lines.extend(
            [
                "On 2025-06-30 prices rose 5%, and by 14 March 2025 12% more.",
                "In 2025 40 million tonnes, in March 2025 1,200 km and 2024–25 $3 bn.",
                "Between 2020 and 2024 output fell 3 per cent; Q3 2025 up 2%.",
            ]
            .map(String::from),
        );
        let kept = assert_dates_skipped_alike(&lines);
        assert!(kept > 10, "{kept}");
    }

    #[test]
    fn numbers_end_where_the_regex_ends_them() {
        let number = r"(?:[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";
        let first = regex::Regex::new(&format!("^{number}")).unwrap();
        let whole = regex::Regex::new(&format!("^{number}$")).unwrap();
        let pieces = ["1", "12", "123", "1234", ",", ",000", ",00", ".", ".5", "..", "x", ",1234"];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}"))).collect();
            texts.extend(longer);
        }
        for text in &texts {
            let t = text.as_bytes();
            assert_eq!(number_end(t, 0), first.find(text).map(|m| m.end()), "{text}");
            for end in 0..=t.len() {
                assert_eq!(is_number(t, 0, end), whole.is_match(&text[..end]), "{text} to {end}");
            }
            assert!(number_end(t, 0).is_none_or(|e| e <= number_token_end(t, 0)));
        }
    }

    #[test]
    fn next_digit_finds_the_first_digit() {
        let texts = ["", "a", "5", "abcdefgh9", "abcdefghijklmnop", "ab/:cdefgh0", "é€£x2", "\u{ff}\u{b9}1"];
        for text in texts {
            for at in 0..=text.len() {
                let expected = text.bytes().skip(at).position(|b| b.is_ascii_digit()).map(|k| at + k);
                assert_eq!(next_digit(text.as_bytes(), at), expected, "{text:?} from {at}");
            }
        }
    }

    #[test]
    fn digits_or_wide_bytes_are_found_eight_at_a_time_as_one_by_one() {
        let text = "Trade, worth US$ 3.2 billion (up 4%), reached 12\u{a0}000 ships by 2025-06; no more.";
        let bytes = text.as_bytes();
        let wanted = |b: u8| b.is_ascii_digit() || b >= 0x80;
        for from in 0..=bytes.len() {
            let one_by_one = (from..bytes.len()).find(|&i| wanted(bytes[i]));
            assert_eq!(next_digit_or_wide(bytes, from), one_by_one, "{from}");
        }
        for b in 0..=255u8 {
            let mut chunk = [b'a'; 17];
            chunk[11] = b;
            assert_eq!(next_digit_or_wide(&chunk, 0), wanted(b).then_some(11), "{b}");
            assert_eq!(next_digit(&chunk, 0), b.is_ascii_digit().then_some(11), "{b}");
            assert_eq!(next_wide(&chunk, 0), (b >= 0x80).then_some(11), "{b}");
        }
    }

    #[test]
    fn literals_and_case() {
        assert_eq!(literal(b"per\tcent", 0, "per cent"), Some(8));
        assert_eq!(literal_ignoring_case("ſINCE 2020".as_bytes(), 0, "since"), Some(6));
        assert!(boundary(b"a b", 1) && !boundary(b"ab", 1) && boundary(b"a", 0) && boundary(b"a", 1));
    }
}
