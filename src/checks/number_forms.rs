//! The number formats `number-format` compares (percentages, thousands, amounts):
//! their regexes, the parts read off a match, and where in a text they can match.
//!
//! Each regex runs only over windows of the text: byte ranges around the bytes every
//! match must hold (a `%` or `per`, a currency symbol, a run of digits and separators),
//! merged so that no two overlap. Every match lies inside one window and the search of a
//! window sees the text around it (`\b`), so the matches are those of a search of the
//! whole text, in the same order.

use std::sync::LazyLock;

use regex_automata::Input;

use crate::facts::scan::{is_word, next_digit_or_wide};

type Meta = regex_automata::meta::Regex;

/// The number formats. Their groups are read off the matched text (`percent_parts`,
/// `separator_of`, `currency_parts`): a capture search per match cost as much as the search.
pub(super) static PERCENT: LazyLock<Option<Meta>> =
    LazyLock::new(|| Meta::new(r"\d(?:\s?(?P<sign>%)|\s(?P<words>per\s?cent|percent)(?-u:\b))").ok());
pub(super) static BIG_NUMBER: LazyLock<Option<Meta>> = LazyLock::new(|| {
    Meta::new(
        r"(?-u:\b)(?:\d{1,3}(?P<sep>[,\u{00A0}\u{202F}])\d{3}(?:[,\u{00A0}\u{202F}]\d{3})*|(?P<plain>\d{5,}))(?:\.\d+)?(?-u:\b)",
    )
    .ok()
});
pub(super) static CURRENCY: LazyLock<Option<Meta>> = LazyLock::new(|| {
    Meta::new(r"(?P<symbol>US\$|\$|€|£)(?P<space>\s?)\d[\d,.]*\s?(?P<scale>billion|million|trillion|bn|m|tn)?(?-u:\b)")
        .ok()
});

/// Finds `per`, built once.
static PER: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("per"));

/// Longest `\d` and `\s` in UTF-8: what a `PERCENT` match holds before its `%` or `per`.
const DIGIT_AND_SPACE: usize = 4 + 3;
/// Longest `per\s?cent` or `percent` in UTF-8.
const PERCENT_WORDS: usize = 3 + 3 + 4;
/// Longest `\s?` then scale after a `CURRENCY` number, the space ASCII (any other is in the run).
const SPACE_AND_SCALE: usize = 1 + "trillion".len();

/// A `PERCENT` match's parts: where its digit ends, and where its words start (None: it ends in `%`).
pub(super) fn percent_parts(matched: &str) -> (usize, Option<usize>) {
    let mut chars = matched.char_indices().skip(1);
    let after_digit = chars.next().map_or(matched.len(), |(i, _)| i);
    let words = (!matched.ends_with('%')).then(|| chars.next().map_or(matched.len(), |(i, _)| i));
    (after_digit, words)
}

/// A `BIG_NUMBER` match's thousands separator (None: its digits are not separated).
pub(super) fn separator_of(matched: &str) -> Option<char> {
    matched.chars().find(|c| matches!(c, ',' | '\u{00A0}' | '\u{202F}'))
}

/// A `CURRENCY` match's parts: whether a space follows its symbol, and where its scale starts.
pub(super) fn currency_parts(matched: &str) -> (bool, Option<usize>) {
    let symbol = ["US$", "$", "€", "£"].iter().find(|s| matched.starts_with(*s)).map_or(0, |s| s.len());
    let spaced = matched[symbol..].chars().next().is_some_and(char::is_whitespace);
    // Only the scale has letters: the number is digits, commas and points.
    let scale = matched.len() - matched.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    (spaced, (scale < matched.len()).then_some(scale))
}

/// The end of a `PERCENT` match starting at `p` and ending by `end`, in ASCII text:
/// `\d(?:\s?%|\s(?:per\s?cent|percent)(?-u:\b))`, alternatives tried in order.
pub(super) fn percent_at(t: &[u8], p: usize, end: usize) -> Option<usize> {
    let space = |i: usize| t.get(i).is_some_and(|&b| matches!(b, b'\t'..=b'\r' | b' '));
    let has = |i: usize, word: &[u8]| t.get(i..i + word.len()) == Some(word);
    let within = |e: usize| (e <= end).then_some(e);
    // What `(?-u:\b)` needs after a word's last letter: no ASCII word byte.
    let word_end = |e: usize| within(e).filter(|&e| !t.get(e).copied().is_some_and(is_word));
    if !t.get(p)?.is_ascii_digit() {
        return None;
    }
    let q = p + 1;
    let sign = if space(q) && has(q + 1, b"%") { within(q + 2) } else { None };
    let sign = sign.or_else(|| if has(q, b"%") { within(q + 1) } else { None });
    sign.or_else(|| {
        if !space(q) {
            return None;
        }
        let w = q + 1;
        let spaced = (has(w, b"per") && space(w + 3) && has(w + 4, b"cent")).then(|| word_end(w + 8)).flatten();
        spaced.or_else(|| has(w, b"percent").then(|| word_end(w + 7)).flatten())
    })
}

/// The end of a `BIG_NUMBER` match starting at `p` and ending by `end`, in ASCII text:
/// `(?-u:\b)(?:\d{1,3},\d{3}(?:,\d{3})*|\d{5,})(?:\.\d+)?(?-u:\b)`, as the regex
/// backtracks (the boundaries may look past `end`; the match may not).
pub(super) fn big_number_at(t: &[u8], p: usize, end: usize) -> Option<usize> {
    let digits_from = |i: usize| t.get(i..end).map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_digit()).count());
    let word = |i: usize| t.get(i).copied().is_some_and(is_word);
    // The boundary first: inside a run of digits nothing is counted (each place of a long run
    // counting the rest of it was quadratic).
    if (p > 0 && word(p - 1)) || !t.get(p).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let run = digits_from(p);
    // After an integer part ending at `e`: the decimals (all of them, or the boundary fails
    // before a digit), else none.
    let finish = |e: usize| {
        let decimals = if t.get(e) == Some(&b'.') && e < end { digits_from(e + 1) } else { 0 };
        if decimals > 0 && !word(e + 1 + decimals) {
            return Some(e + 1 + decimals);
        }
        (!word(e)).then_some(e)
    };
    // One to three digits then groups of a comma and three digits: as many as stand, fewer
    // while the end fails. (Fewer leading digits would leave a digit where the comma goes.)
    let group_at = |at: usize| at + 4 <= end && t[at] == b',' && t[at + 1..at + 4].iter().all(u8::is_ascii_digit);
    if run <= 3 && group_at(p + run) {
        let first = p + run + 4;
        let mut last = first;
        while group_at(last) {
            last += 4;
        }
        if let Some(e) = (0..=(last - first) / 4).rev().find_map(|g| finish(first + 4 * g)) {
            return Some(e);
        }
    }
    // Five digits or more: all of them (fewer leave a digit after, where the boundary fails).
    if run >= 5 { finish(p + run) } else { None }
}

/// The end of a `CURRENCY` match starting at `p` and ending by `end`, in ASCII text:
/// `(?:US\$|\$)\s?\d[\d,.]*\s?(?:billion|million|trillion|bn|m|tn)?(?-u:\b)`, every
/// choice tried in the order the regex backtracks through them (the boundary may look past
/// `end`; the match may not).
pub(super) fn amount_at(t: &[u8], p: usize, end: usize) -> Option<usize> {
    let within = t.get(..end)?;
    let space = |i: usize| within.get(i).is_some_and(|&b| matches!(b, b' ' | b'\t'..=b'\r'));
    let word = |i: usize| t.get(i).copied().is_some_and(is_word);
    let boundary = |e: usize| e > 0 && word(e - 1) != word(e);
    let rest = within.get(p..)?;
    let after = p + [&b"US$"[..], b"$"].into_iter().find(|s| rest.starts_with(s))?.len();
    for digit in [after + 1, after].into_iter().filter(|&d| d == after || space(after)) {
        if !within.get(digit).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let run = within[digit + 1..].iter().take_while(|&&b| b.is_ascii_digit() || b == b',' || b == b'.').count();
        for x in (digit + 1..=digit + 1 + run).rev() {
            for y in [x + 1, x].into_iter().filter(|&y| y == x || space(x)) {
                let scales = ["billion", "million", "trillion", "bn", "m", "tn"].into_iter();
                let scaled = scales.filter(|s| within[y..].starts_with(s.as_bytes())).map(|s| y + s.len());
                if let Some(e) = scaled.chain([y]).find(|&e| boundary(e)) {
                    return Some(e);
                }
            }
        }
    }
    None
}

/// Whether a byte may end a `\s` (an ASCII space, or the last byte of any character
/// past ASCII, which the windows take as possibly white).
fn maybe_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r') || b >= 0x80
}

/// Whether a byte may end a `\d` (an ASCII digit, or the last byte of any character past ASCII).
fn maybe_digit(b: u8) -> bool {
    b.is_ascii_digit() || b >= 0x80
}

/// What a character is to a `BIG_NUMBER` match.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Part {
    /// Any numeric character, which every `\d` is.
    Digit,
    /// A thousands separator: a comma or a no-break space.
    Separator,
    Point,
}

impl Part {
    fn of_ascii(b: u8) -> Option<Part> {
        match b {
            b'0'..=b'9' => Some(Part::Digit),
            b',' => Some(Part::Separator),
            b'.' => Some(Part::Point),
            _ => None,
        }
    }

    fn of(c: char) -> Option<Part> {
        match c {
            '\u{00A0}' | '\u{202F}' => Some(Part::Separator),
            _ if c.is_ascii() => Part::of_ascii(c as u8),
            _ => c.is_numeric().then_some(Part::Digit),
        }
    }
}

/// Windows of `text` searched for one number format, reused from text to text.
#[derive(Default)]
pub(super) struct Windows(Vec<(usize, usize)>);

impl Windows {
    /// Calls `f(start, end)` for each match of `re` in `text` inside the windows, all by
    /// the regex: what `for_each_by_hand` must find.
    #[cfg(test)]
    fn for_each_match(&self, re: &Meta, text: &str, mut f: impl FnMut(usize, usize)) {
        for &(start, end) in &self.0 {
            re.find_iter(Input::new(text).range(start..end)).for_each(|m| f(m.start(), m.end()));
        }
    }

    /// `for_each_match` of `re`, an ASCII window matched by hand with `at` (the end of a
    /// match of `re` starting at a place and ending by the window's end, as `percent_at`),
    /// any other by the regex: a regex search costs more than such a window's few bytes.
    pub(super) fn for_each_by_hand(
        &self,
        re: &Meta,
        text: &str,
        at: impl Fn(&[u8], usize, usize) -> Option<usize>,
        mut f: impl FnMut(usize, usize),
    ) {
        let t = text.as_bytes();
        for &(start, end) in &self.0 {
            if !t[start..end].is_ascii() {
                re.find_iter(Input::new(text).range(start..end)).for_each(|m| f(m.start(), m.end()));
                continue;
            }
            let mut p = start;
            while p < end {
                match at(t, p, end) {
                    Some(e) => {
                        f(p, e);
                        p = e;
                    }
                    None => p += 1,
                }
            }
        }
    }

    /// Adds the window `start..end`, widened to character boundaries.
    fn push(&mut self, text: &str, start: usize, end: usize) {
        let mut start = start;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = end.min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        self.0.push((start, end));
    }

    /// The windows in order, those that overlap joined.
    fn merged(&mut self) -> &Self {
        self.0.sort_unstable();
        let mut kept: usize = 0;
        for k in 0..self.0.len() {
            let (start, end) = self.0[k];
            match kept.checked_sub(1).map(|last| &mut self.0[last]) {
                Some(last) if start <= last.1 => last.1 = last.1.max(end),
                _ => {
                    self.0[kept] = (start, end);
                    kept += 1;
                }
            }
        }
        self.0.truncate(kept);
        self
    }

    /// Around every `%` after a digit (or a space after one) and every `per` after a
    /// space after a digit: all a `PERCENT` match can span.
    pub(super) fn percents(&mut self, text: &str) -> &Self {
        self.0.clear();
        let bytes = text.as_bytes();
        let before = |i: usize, back: usize| i.checked_sub(back).and_then(|k| bytes.get(k)).copied();
        let digit_then_space =
            |i: usize| before(i, 1).is_some_and(maybe_space) && before(i, 2).is_some_and(maybe_digit);
        let signs = memchr::memchr_iter(b'%', bytes)
            .filter(|&i| before(i, 1).is_some_and(maybe_digit) || digit_then_space(i))
            .map(|i| (i, i + 1));
        let words = PER.find_iter(bytes).filter(|&i| digit_then_space(i)).map(|i| (i, i + PERCENT_WORDS));
        for (anchor, end) in signs.chain(words) {
            self.push(text, anchor.saturating_sub(DIGIT_AND_SPACE), end);
        }
        self.merged()
    }

    /// The runs of digits, separators and points, opening with a digit, that hold five
    /// digits in a row or a separator between digits: all a `BIG_NUMBER` match can span.
    pub(super) fn big_numbers(&mut self, text: &str) -> &Self {
        self.0.clear();
        let bytes = text.as_bytes();
        let mut from = 0;
        while let Some(at) = next_digit_or_wide(bytes, from) {
            let (mut digits, mut found, mut after_separator) = (0, false, false);
            let mut end = at;
            while let Some(&b) = bytes.get(end) {
                let (part, len) = if b < 0x80 {
                    (Part::of_ascii(b), 1)
                } else {
                    let c = text[end..].chars().next().unwrap_or_default();
                    (Part::of(c), c.len_utf8())
                };
                match part {
                    Some(Part::Digit) => {
                        digits += 1;
                        found |= digits >= 5 || after_separator;
                    }
                    Some(_) if end > at => {
                        // A separator after a digit: a digit after it makes a group.
                        after_separator = digits > 0 && part == Some(Part::Separator);
                        digits = 0;
                    }
                    _ => break,
                }
                end += len;
            }
            if found {
                self.push(text, at, end);
            }
            // Past the run, or past the character that opens none.
            from = if end > at { end } else { at + text[at..].chars().next().map_or(1, char::len_utf8) };
        }
        self.merged()
    }

    /// From every currency symbol (and the `US` before a `$`) over the number after it
    /// to the longest scale: all a `CURRENCY` match can span.
    pub(super) fn amounts(&mut self, text: &str) -> &Self {
        self.0.clear();
        let bytes = text.as_bytes();
        let symbols = memchr::memchr3_iter(b'$', 0xE2, 0xC2, bytes).filter_map(|i| match &bytes[i..] {
            [b'$', ..] => Some((i.saturating_sub(2), i + 1)),
            [0xE2, 0x82, 0xAC, ..] => Some((i, i + 3)),
            [0xC2, 0xA3, ..] => Some((i, i + 2)),
            _ => None,
        });
        for (start, after) in symbols {
            // The run takes every byte past ASCII (a `\d`, a `\s`); an ASCII space is passed first.
            let at = after + usize::from(bytes.get(after).is_some_and(|&b| matches!(b, b' ' | b'\t'..=b'\r')));
            let run = bytes
                .get(at..)
                .map_or(0, |rest| rest.iter().take_while(|&&b| maybe_digit(b) || matches!(b, b',' | b'.')).count());
            self.push(text, start, at + run + SPACE_AND_SCALE);
        }
        self.merged()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts glued from pieces of the number formats, with ASCII and Unicode digits and spaces.
    fn texts() -> Vec<String> {
        let pieces = [
            "4",
            "12",
            "٣",
            "2025",
            "18000",
            "1,234",
            ",567",
            "\u{a0}000",
            "\u{202f}250",
            ".5",
            "%",
            " %",
            " ",
            "\u{a0}",
            "\u{2009}",
            "\u{3000}",
            "\t",
            "\x0b",
            "per cent",
            "percent",
            "per",
            "cent",
            "percentage",
            "US$",
            "$",
            "€",
            "£",
            "bn",
            "m",
            "million",
            "billion",
            "tn",
            "trillion",
            "mn",
            "-",
            "/",
            "a",
            "Up",
            "—",
            "’",
            ",",
            "k",
            "𝟙",
        ];
        let mut lcg = crate::testing::numbers(7);
        let mut next = |n: usize| lcg(n as u64) as usize;
        (0..60_000).map(|_| (0..1 + next(9)).map(|_| pieces[next(pieces.len())]).collect()).collect()
    }

    /// Every character `\d` matches is one `Part::of` takes as a digit.
    #[test]
    fn every_regex_digit_is_numeric() {
        let digit = Meta::new(r"^\d$").unwrap();
        let mut buffer = [0; 4];
        let regex_digits =
            (0..=0x10FFFF).filter_map(char::from_u32).filter(|c| digit.is_match(&*c.encode_utf8(&mut buffer)));
        let mut count = 0;
        for c in regex_digits {
            assert_eq!(Part::of(c), Some(Part::Digit), "{c:?}");
            count += 1;
        }
        assert!(count > 600, "{count}");
    }

    fn regexes() -> [&'static Meta; 3] {
        [PERCENT.as_ref().unwrap(), BIG_NUMBER.as_ref().unwrap(), CURRENCY.as_ref().unwrap()]
    }

    /// A matcher by hand: the end of a match starting at a place and ending by a window's end.
    type ByHand = fn(&[u8], usize, usize) -> Option<usize>;

    /// The matchers by hand of the formats of `regexes`, in their order.
    const BY_HAND: [ByHand; 3] = [percent_at, big_number_at, amount_at];

    /// The windows of `text` for the `k`-th format of `regexes`.
    fn windows_of<'w>(windows: &'w mut Windows, k: usize, text: &str) -> &'w Windows {
        match k {
            0 => windows.percents(text),
            1 => windows.big_numbers(text),
            _ => windows.amounts(text),
        }
    }

    /// The windowed searches find what searches of the whole texts find, in order; and
    /// many texts have no window at all.
    #[test]
    fn windows_hold_every_match() {
        let mut windows = Windows::default();
        let (mut matches, mut empty) = ([0; 3], [0; 3]);
        for text in texts() {
            for (k, re) in regexes().into_iter().enumerate() {
                let searched = windows_of(&mut windows, k, &text);
                empty[k] += usize::from(searched.0.is_empty());
                let mut windowed = Vec::new();
                searched.for_each_match(re, &text, |s, e| windowed.push((s, e)));
                let whole: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
                assert_eq!(windowed, whole, "{k} {text:?}");
                let mut by_hand = Vec::new();
                searched.for_each_by_hand(re, &text, BY_HAND[k], |s, e| by_hand.push((s, e)));
                assert_eq!(by_hand, whole, "{k} by hand: {text:?}");
                assert!(searched.0.windows(2).all(|w| w[0].1 < w[1].0), "{text:?}");
                matches[k] += whole.len();
            }
        }
        assert!(matches.iter().chain(&empty).all(|&n| n > 2_000), "{matches:?} {empty:?}");
    }

    /// A window of a million digits (or of digits and commas) is read once, not once a place:
    /// the matchers by hand find what the regexes find there.
    #[test]
    fn long_runs_of_digits_are_read_in_linear_time() {
        let digits = "7".repeat(1_000_000);
        let texts = [
            format!("{digits} "),
            format!("x {digits}x"),
            format!("1,{}", "000,".repeat(250_000)),
            format!("US$ {digits}.{digits}x"),
            format!("${}", "1,".repeat(500_000)),
        ];
        let mut windows = Windows::default();
        for text in &texts {
            for (k, re) in regexes().into_iter().enumerate() {
                let mut by_hand = Vec::new();
                windows_of(&mut windows, k, text).for_each_by_hand(re, text, BY_HAND[k], |s, e| by_hand.push((s, e)));
                let whole: Vec<(usize, usize)> = re.find_iter(text.as_str()).map(|m| (m.start(), m.end())).collect();
                assert_eq!(by_hand, whole, "{k} {}", &text[..20]);
            }
        }
    }

    /// Each number format's groups, as read off its matched text, are the groups its pattern captures.
    #[test]
    fn parts_read_off_matches_are_the_captured_groups() {
        let [percent, big, currency] = regexes();
        fn group<'t>(
            c: &regex_automata::util::captures::Captures,
            text: &'t str,
            name: &str,
        ) -> Option<(usize, &'t str)> {
            c.get_group_by_name(name).map(|s| (s.start, &text[s.range()]))
        }
        let mut counts = [0; 3];
        for text in texts() {
            for c in percent.captures_iter(&text) {
                let m = c.get_match().unwrap();
                let matched = &text[m.range()];
                let digit = matched.chars().next().unwrap().len_utf8();
                let read = percent_parts(matched);
                let words = group(&c, &text, "words").map(|(s, _)| s - m.start());
                assert_eq!(read, (digit, words), "{text:?}");
                assert_eq!(group(&c, &text, "sign").is_some(), read.1.is_none());
                counts[0] += 1;
            }
            for c in big.captures_iter(&text) {
                let m = c.get_match().unwrap();
                let separator = group(&c, &text, "sep").map(|(_, s)| s.chars().next().unwrap());
                assert_eq!(separator_of(&text[m.range()]), separator, "{text:?}");
                assert_eq!(group(&c, &text, "plain").is_some(), separator.is_none());
                counts[1] += 1;
            }
            for c in currency.captures_iter(&text) {
                let m = c.get_match().unwrap();
                let spaced = !group(&c, &text, "space").unwrap().1.is_empty();
                let scale = group(&c, &text, "scale").map(|(s, _)| s - m.start());
                assert_eq!(currency_parts(&text[m.range()]), (spaced, scale), "{text:?}");
                counts[2] += 1;
            }
        }
        assert!(counts.iter().all(|&n| n > 2_000), "{counts:?}");
    }
}
