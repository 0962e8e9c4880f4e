//! Date expressions: `12 March 2023`, `March 12, 2023`, `March 2023`, `2023-03-12`,
//! `early 2025`, `the first half of 2025`, `H1 2025`, `Q3 2024`, years after a
//! preposition, and year ranges. Each becomes an interval of days.

use super::scan::{
    Captures, any_spaces, boundary, digit_run, digits, first_of, is_space, is_word, literal, literal_ignoring_case,
    space_at, spaces,
};

/// A calendar interval, both ends inclusive, as (year, month, day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub start: (i32, u8, u8),
    pub end: (i32, u8, u8),
}

impl Interval {
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    fn year(y: i32) -> Interval {
        Interval { start: (y, 1, 1), end: (y, 12, 31) }
    }

    fn months(y: i32, first: u8, last: u8) -> Interval {
        Interval { start: (y, first, 1), end: (y, last, days_in_month(y, last)) }
    }

    fn day(y: i32, m: u8, d: u8) -> Interval {
        Interval { start: (y, m, d), end: (y, m, d) }
    }
}

pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        2 if y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date found in text: byte range in the searched text and its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub interval: Interval,
}

/// Month names and abbreviations, in the order they are tried.
const MONTHS: [&str; 24] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sept",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
];

pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month number of a month name or its abbreviation (`Sept`, `Jan`), any case.
pub fn month_number(name: &str) -> Option<u8> {
    if name.len() < 3 || name.len() > 9 {
        return None;
    }
    let prefix_of = |m: &str| m.len() >= name.len() && m.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes());
    MONTH_NAMES
        .iter()
        .position(|m| prefix_of(m) || (name.eq_ignore_ascii_case("sept") && *m == "september"))
        .map(|i| i as u8 + 1)
}

/// Whether a word (any case) is a month name or abbreviation.
pub fn is_month_word(lower: &str) -> bool {
    month_number(lower).is_some()
}

fn plausible_year(y: i32) -> bool {
    (1900..=2100).contains(&y)
}

/// The capture groups of `DATE`, in order: group `k` of this list is capture index `k + 1`.
const GROUPS: [&str; 26] = [
    "iso_y", "iso_m", "iso_d", "dmy_d", "dmy_m", "dmy_y", "mdy_m", "mdy_d", "mdy_y", "my_m", "my_y", "half", "half_y",
    "h", "h_y", "q", "q_y", "qw", "qw_y", "part", "part_y", "r1", "r2", "rr1", "rr2", "year",
];

/// The capture index of group `name` of `DATE`, worked out at compile time.
const fn group(name: &str) -> usize {
    super::capture_index(&GROUPS, name)
}

const ISO_Y: usize = group("iso_y");
const ISO_M: usize = group("iso_m");
const ISO_D: usize = group("iso_d");
const DMY_D: usize = group("dmy_d");
const DMY_M: usize = group("dmy_m");
const DMY_Y: usize = group("dmy_y");
const MDY_M: usize = group("mdy_m");
const MDY_D: usize = group("mdy_d");
const MDY_Y: usize = group("mdy_y");
const MY_M: usize = group("my_m");
const MY_Y: usize = group("my_y");
const HALF: usize = group("half");
const HALF_Y: usize = group("half_y");
const H: usize = group("h");
const H_Y: usize = group("h_y");
const Q: usize = group("q");
const Q_Y: usize = group("q_y");
const QW: usize = group("qw");
const QW_Y: usize = group("qw_y");
const PART: usize = group("part");
const PART_Y: usize = group("part_y");
const R1: usize = group("r1");
const R2: usize = group("r2");
const RR1: usize = group("rr1");
const RR2: usize = group("rr2");
const YEAR: usize = group("year");

/// Whether a text whose runs of digits are `runs` (`scan::digit_runs`) holds four in a
/// row: every date's year does.
pub fn has_year_digits(runs: &[(usize, usize)]) -> bool {
    runs.iter().any(|&(_, run)| run >= 4)
}

/// A date match: the span and capture groups of the date pattern (see `GROUPS`).
type DateMatch = Captures;

/// `MONTHS` at `i` followed by `\.?[\x20\t\n]+`: the month's end and where the spaces end.
fn month_then_space(t: &[u8], i: usize) -> Option<(usize, usize)> {
    first_of(t, i, &MONTHS, |end| spaces(t, end + usize::from(t.get(end) == Some(&b'.'))))
}

/// `[0-9]{4}(?-u:\b)` at `i`: where it ends.
fn year4(t: &[u8], i: usize) -> Option<usize> {
    digits(t, i, 4).filter(|&e| boundary(t, e))
}

/// `[0-9]{1,2}(?:st|nd|rd|th)?` at `i`, then what `then` needs: the day's end and `then`'s answer.
fn day_then<R>(t: &[u8], i: usize, mut then: impl FnMut(usize) -> Option<R>) -> Option<(usize, R)> {
    let run = digit_run(t, i);
    (1..=run.min(2)).rev().find_map(|n| {
        let end = i + n;
        let ordinal = ["st", "nd", "rd", "th"].iter().find_map(|s| literal(t, end, s));
        ordinal.and_then(&mut then).or_else(|| then(end)).map(|r| (end, r))
    })
}

/// `(?:the[\x20\t\n]+)?(words)[\x20\t\n]+`: the word's span and where the spaces end.
fn ordinal_word(t: &[u8], i: usize, words: &[&str]) -> Option<(usize, usize, usize)> {
    let word_at = |at: usize| first_of(t, at, words, |end| spaces(t, end)).map(|(end, after)| (at, end, after));
    literal(t, i, "the").and_then(|e| spaces(t, e)).and_then(word_at).or_else(|| word_at(i))
}

/// A date match from `start` to `end` with `groups` (index, start, end) set.
fn hit(start: usize, end: usize, groups: &[(usize, usize, usize)]) -> DateMatch {
    let mut m = DateMatch::new(start);
    m.end = end;
    groups.iter().for_each(|&(g, s, e)| m.set(g, s, e));
    m
}

/// 2023-03-12
fn iso(t: &[u8], s: usize) -> Option<DateMatch> {
    let year = digits(t, s, 4)?;
    let month = digits(t, literal(t, year, "-")?, 2)?;
    let day = digits(t, literal(t, month, "-")?, 2).filter(|&e| boundary(t, e))?;
    Some(hit(s, day, &[(ISO_Y, s, year), (ISO_M, year + 1, month), (ISO_D, month + 1, day)]))
}

/// 12 March 2023
fn day_month_year(t: &[u8], s: usize) -> Option<DateMatch> {
    let (day, (month, month_end, year, end)) = day_then(t, s, |e| {
        let month = spaces(t, e)?;
        let (month_end, year) = month_then_space(t, month)?;
        Some((month, month_end, year, year4(t, year)?))
    })?;
    Some(hit(s, end, &[(DMY_D, s, day), (DMY_M, month, month_end), (DMY_Y, year, end)]))
}

/// March 12, 2023, or else March 2023
fn month_dates(t: &[u8], s: usize) -> Option<DateMatch> {
    let (month_end, day) = month_then_space(t, s)?;
    let mdy = day_then(t, day, |e| {
        let year = spaces(t, e + usize::from(t.get(e) == Some(&b',')))?;
        Some((year, year4(t, year)?))
    });
    if let Some((day_end, (year, end))) = mdy {
        return Some(hit(s, end, &[(MDY_M, s, month_end), (MDY_D, day, day_end), (MDY_Y, year, end)]));
    }
    let end = year4(t, day)?;
    Some(hit(s, end, &[(MY_M, s, month_end), (MY_Y, day, end)]))
}

/// the first half of 2025, the fourth quarter of 2024: one of `words`, then `noun`.
fn ordinal_of(t: &[u8], s: usize, words: &[&str], noun: &str, groups: (usize, usize)) -> Option<DateMatch> {
    let (word, word_end, after) = ordinal_word(t, s, words)?;
    let of = spaces(t, literal(t, after, noun)?)?;
    let year = spaces(t, literal(t, of, "of")?)?;
    let end = year4(t, year)?;
    Some(hit(s, end, &[(groups.0, word, word_end), (groups.1, year, end)]))
}

/// H1 2025, Q3 2024: `letter` and a digit of `numbers`.
fn numbered_part(t: &[u8], s: usize, letter: &str, numbers: &[u8], groups: (usize, usize)) -> Option<DateMatch> {
    let number = literal(t, s, letter).filter(|&e| t.get(e).is_some_and(|b| numbers.contains(b)))?;
    let year = spaces(t, number + 1)?;
    let end = year4(t, year)?;
    Some(hit(s, end, &[(groups.0, number, number + 1), (groups.1, year, end)]))
}

/// early 2025, mid-2024
fn part_of_year(t: &[u8], s: usize) -> Option<DateMatch> {
    let (word_end, (year, end)) = first_of(t, s, &["early", "mid", "late"], |e| {
        let year = e + t.get(e..)?.iter().take_while(|&&b| b == b'-' || is_space(b)).count();
        (year > e).then(|| year4(t, year).map(|end| (year, end))).flatten()
    })?;
    Some(hit(s, end, &[(PART, s, word_end), (PART_Y, year, end)]))
}

/// between 2019 and 2021
fn year_range(t: &[u8], s: usize) -> Option<DateMatch> {
    let (_, (first, first_end, second, end)) = first_of(t, s, &["between", "from"], |e| {
        let first = spaces(t, e)?;
        let first_end = digits(t, first, 4)?;
        let (_, second) = first_of(t, spaces(t, first_end)?, &["and", "to"], |e| spaces(t, e))?;
        Some((first, first_end, second, year4(t, second)?))
    })?;
    Some(hit(s, end, &[(R1, first, first_end), (R2, second, end)]))
}

/// 2019–21, 2019-2021
fn short_range(t: &[u8], s: usize) -> Option<DateMatch> {
    let first_end = digits(t, s, 4)?;
    let dash = any_spaces(t, first_end);
    let second = any_spaces(t, literal(t, dash, "–").or_else(|| literal(t, dash, "-"))?);
    let end = [2, 4].into_iter().find_map(|n| digits(t, second, n).filter(|&e| boundary(t, e)))?;
    Some(hit(s, end, &[(RR1, s, first_end), (RR2, second, end)]))
}

/// in 2024, since 2022, (the match takes the space or punctuation after the year)
fn preposition_year(t: &[u8], s: usize, initial: u8) -> Option<DateMatch> {
    YEAR_WORDS.iter().filter(|w| w.as_bytes()[0] == initial).find_map(|w| {
        let year = spaces(t, literal_ignoring_case(t, s, w)?)?;
        let end = digits(t, literal(t, year, "19").or_else(|| literal(t, year, "20"))?, 2)?;
        let closing = match t.get(end) {
            None => end,
            Some(&b) if is_space(b) || b".;:)!?".contains(&b) => end + 1,
            Some(b',') if space_at(t, end + 1) => end + 2,
            Some(_) => return None,
        };
        Some(hit(s, closing, &[(YEAR, year, end)]))
    })
}

/// The date pattern's branches at `s`, in order; the first that matches. Branches
/// opening with different bytes cannot both match, so each byte tries only its own.
fn date_at(t: &[u8], s: usize) -> Option<DateMatch> {
    let first = *t.get(s)?;
    match first {
        b'0'..=b'9' => iso(t, s).or_else(|| day_month_year(t, s)).or_else(|| short_range(t, s)),
        b'H' => numbered_part(t, s, "H", b"12", (H, H_Y)),
        b'Q' => numbered_part(t, s, "Q", b"1234", (Q, Q_Y)),
        b'e' | b'm' | b'l' => part_of_year(t, s),
        _ => {
            let month = matches!(first, b'J' | b'F' | b'M' | b'A' | b'S' | b'O' | b'N' | b'D');
            let ordinal = matches!(first, b't' | b'f' | b's');
            let found = (month.then(|| month_dates(t, s)).flatten())
                .or_else(|| ordinal.then(|| ordinal_of(t, s, &["first", "second"], "half", (HALF, HALF_Y))).flatten())
                .or_else(|| {
                    let words = ["first", "second", "third", "fourth"];
                    ordinal.then(|| ordinal_of(t, s, &words, "quarter", (QW, QW_Y))).flatten()
                })
                .or_else(|| matches!(first, b'b' | b'f').then(|| year_range(t, s)).flatten());
            // The prepositions' first letters, in either case; 0xC5 opens `ſ`.
            found.or_else(|| preposition_year(t, s, if first == 0xC5 { b's' } else { first.to_ascii_lowercase() }))
        }
    }
}

/// Prepositions before a bare year, tried in this order (any case).
const YEAR_WORDS: [&str; 10] =
    ["in", "since", "by", "until", "during", "before", "after", "through", "throughout", "from"];

/// The first two bytes of the words a date can start with (besides digits): month
/// names, ordinal words, `H1`, `Q3`, parts of years, range words, and (in any case)
/// the prepositions before a bare year.
static PAIRS: super::scan::Pairs = super::scan::Pairs::of(
    &[
        "Ja", "Fe", "Ma", "Ap", "Ju", "Au", "Se", "Oc", "No", "De", "th", "fi", "se", "fo", "H1", "H2", "Q1", "Q2",
        "Q3", "Q4", "ea", "mi", "la", "be", "fr",
    ],
    &["in", "si", "by", "un", "du", "be", "af", "th", "fr"],
);

/// Whether a date can start at `s`: a word boundary before a digit or a word
/// opening as a date's first word can, or before `ſ` (of `ſince`) after a word.
fn may_start(t: &[u8], s: usize) -> bool {
    let (b, next) = (t[s], t.get(s + 1).copied().unwrap_or(0));
    let after_word = s > 0 && is_word(t[s - 1]);
    if is_word(b) { !after_word && (b.is_ascii_digit() || PAIRS.has(b, next)) } else { b == 0xC5 && after_word }
}

/// Where a date can start: every date holds a year, at most four tokens from its start
/// ("the second quarter of 2024").
fn windows(runs: &[(usize, usize)], token_starts: &[usize], windows: &mut Vec<(usize, usize)>) {
    super::scan::start_windows(runs, token_starts, 4, 4, false, windows);
}

/// Where the run of ASCII word bytes (`\w` of `(?-u:\b)`) from `at` ends.
fn word_end(t: &[u8], at: usize) -> usize {
    use crate::swar::{DIGITS, LETTERS, UNDERSCORE, run_end};
    run_end::<{ DIGITS | LETTERS | UNDERSCORE }>(t, at)
}

/// The first date match starting at or after `at`, among the starts in `windows`.
fn scan_in(t: &[u8], windows: &[(usize, usize)], at: usize) -> Option<DateMatch> {
    let first = windows.partition_point(|&(_, end)| end <= at);
    for &(start, end) in &windows[first..] {
        let mut s = start.max(at);
        while s < end {
            if may_start(t, s)
                && let Some(m) = date_at(t, s)
            {
                return Some(m);
            }
            // In a run of ASCII word characters no boundary stands: only its first can open a date.
            s = if is_word(t[s]) { word_end(t, s + 1).min(end) } else { s + 1 };
        }
    }
    None
}

/// The first date match starting at or after `at`.
#[cfg(test)]
pub(super) fn scan(t: &[u8], at: usize) -> Option<DateMatch> {
    let mut starts = Vec::new();
    windows(&super::scan::runs_of(t), &super::scan::tokens_of(t), &mut starts);
    scan_in(t, &starts, at)
}

/// Every date expression in `text`, left to right, not overlapping.
#[cfg(test)]
pub fn find(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let t = text.as_bytes();
    find_into(text, &super::scan::runs_of(t), &super::scan::tokens_of(t), &mut found, &mut Vec::new());
    found
}

/// `find` into `found` (cleared first), for a text whose runs of digits are `runs`
/// (`scan::digit_runs`) and whose tokens start at `token_starts` (`scan::token_starts`),
/// with `starts` for the windows where dates may start: buffers the caller keeps from
/// sentence to sentence.
pub fn find_into(
    text: &str,
    runs: &[(usize, usize)],
    token_starts: &[usize],
    found: &mut Vec<Found>,
    starts: &mut Vec<(usize, usize)>,
) {
    let t = text.as_bytes();
    windows(runs, token_starts, starts);
    found.clear();
    let mut at = 0;
    while let Some(m) = scan_in(t, starts, at) {
        at = m.end.max(m.start + 1);
        let (interval, start, end) = interval_of(text, &m);
        if let Some(interval) = interval.filter(|i| plausible_year(i.start.0)) {
            found.push(Found { start, end, interval });
        }
    }
    join_ranges(text, found);
}

/// The interval a date match stands for, and where the date starts and ends (a bare year
/// without its preposition). Each branch of the pattern sets its own groups, the first of
/// them first: that group tells the branch.
fn interval_of(text: &str, m: &DateMatch) -> (Option<Interval>, usize, usize) {
    let get = |g: usize| m.get(g).and_then(|(s, e)| text.get(s..e));
    let num = |g: usize| get(g).and_then(|m| m.parse::<i32>().ok());
    let month = |g: usize| get(g).and_then(month_number);
    let day =
        |y: i32, m: u8, d: i32| (1..=days_in_month(y, m) as i32).contains(&d).then(|| Interval::day(y, m, d as u8));
    let months = |y: Option<i32>, first: u8, last: u8| y.map(|y| Interval::months(y, first, last));
    let interval = match m.first_group() {
        Some(ISO_Y) => match (num(ISO_Y), num(ISO_M), num(ISO_D)) {
            (Some(y), Some(m), Some(d)) => (1..=12).contains(&m).then(|| day(y, m as u8, d)).flatten(),
            _ => None,
        },
        Some(DMY_D) => match (num(DMY_Y), month(DMY_M), num(DMY_D)) {
            (Some(y), Some(m), Some(d)) => day(y, m, d),
            _ => None,
        },
        Some(MDY_M) => match (num(MDY_Y), month(MDY_M), num(MDY_D)) {
            (Some(y), Some(m), Some(d)) => day(y, m, d),
            _ => None,
        },
        Some(MY_M) => month(MY_M).and_then(|m| months(num(MY_Y), m, m)),
        Some(group @ (HALF | H)) => {
            let (half, year) = if group == HALF { (HALF, HALF_Y) } else { (H, H_Y) };
            let first = get(half).is_some_and(|h| h == "first" || h == "1");
            if first { months(num(year), 1, 6) } else { months(num(year), 7, 12) }
        }
        Some(Q) => num(Q).and_then(|q| {
            let first = (q as u8 - 1) * 3 + 1;
            months(num(Q_Y), first, first + 2)
        }),
        Some(QW) => get(QW).and_then(|q| {
            let index = ["first", "second", "third", "fourth"].iter().position(|w| *w == q).unwrap_or(0) as u8;
            months(num(QW_Y), index * 3 + 1, index * 3 + 3)
        }),
        Some(PART) => get(PART).and_then(|part| {
            let (a, b) = match part {
                "early" => (1, 4),
                "mid" => (5, 8),
                _ => (9, 12),
            };
            months(num(PART_Y), a, b)
        }),
        Some(group @ (R1 | RR1)) => {
            let (first, second) = if group == R1 { (R1, R2) } else { (RR1, RR2) };
            match (num(first), num(second)) {
                (Some(a), Some(b)) => {
                    let b = if b < 100 { a / 100 * 100 + b } else { b };
                    (a < b && plausible_year(a) && plausible_year(b))
                        .then_some(Interval { start: (a, 1, 1), end: (b, 12, 31) })
                }
                _ => None,
            }
        }
        Some(YEAR) => {
            let (s, e) = m.get(YEAR).unwrap_or((m.start, m.end));
            return (text.get(s..e).and_then(|y| y.parse().ok()).map(Interval::year), s, e);
        }
        _ => None,
    };
    (interval, m.start, m.end)
}

/// "between June 2026 and January 2027": one interval. A reversed range is no period at all.
/// In place: each joined pair is written over the first of the two, before what follows is read.
fn join_ranges(text: &str, found: &mut Vec<Found>) {
    let (mut i, mut kept) = (0, 0);
    while i < found.len() {
        let a = found[i];
        if let Some(b) = found.get(i + 1).copied() {
            let gap = text[a.end..b.start].trim();
            let before = text[..a.start].trim_end();
            let ends_with = |o: &str| {
                before.len() >= o.len()
                    && before.is_char_boundary(before.len() - o.len())
                    && before[before.len() - o.len()..].eq_ignore_ascii_case(o)
            };
            let opener = ["between", "from"].into_iter().find(|o| ends_with(o));
            let joins = ["and", "to", "until", "–", "-"].iter().any(|g| gap.eq_ignore_ascii_case(g));
            if let Some(opener) = opener.filter(|_| joins) {
                if a.interval.start <= b.interval.end {
                    let interval = Interval { start: a.interval.start, end: b.interval.end };
                    found[kept] = Found { start: before.len() - opener.len(), end: b.end, interval };
                    kept += 1;
                }
                i += 2;
                continue;
            }
        }
        found[kept] = a;
        kept += 1;
        i += 1;
    }
    found.truncate(kept);
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::scan::runs_of;
    use super::*;

    #[test]
    fn year_digits_are_four_ascii_digits_in_a_row_anywhere() {
        let by_bytes = |text: &str| text.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit));
        let pieces = ["1", "20", "202", "2024", "x", " ", "é", "٢٠٢٤", ".", "12345678", "abcdefgh"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(has_year_digits(&runs_of(&text)), by_bytes(&text), "{text:?}");
                }
            }
        }
    }

    /// The date pattern the scanner follows: its oracle.
    static DATE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        let months = MONTHS.join("|");
        let pattern = format!(
            r"(?x)
            (?-u:\b)(?P<iso_y>[0-9]{{4}})-(?P<iso_m>[0-9]{{2}})-(?P<iso_d>[0-9]{{2}})(?-u:\b)
          | (?-u:\b)(?P<dmy_d>[0-9]{{1,2}})(?:st|nd|rd|th)?[\x20\t\n]+(?P<dmy_m>{months})\.?[\x20\t\n]+(?P<dmy_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?P<mdy_m>{months})\.?[\x20\t\n]+(?P<mdy_d>[0-9]{{1,2}})(?:st|nd|rd|th)?,?[\x20\t\n]+(?P<mdy_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?P<my_m>{months})\.?[\x20\t\n]+(?P<my_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?:the[\x20\t\n]+)?(?P<half>first|second)[\x20\t\n]+half[\x20\t\n]+of[\x20\t\n]+(?P<half_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)H(?P<h>[12])[\x20\t\n]+(?P<h_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)Q(?P<q>[1-4])[\x20\t\n]+(?P<q_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?:the[\x20\t\n]+)?(?P<qw>first|second|third|fourth)[\x20\t\n]+quarter[\x20\t\n]+of[\x20\t\n]+(?P<qw_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?P<part>early|mid|late)[-[\x20\t\n]]+(?P<part_y>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?:between|from)[\x20\t\n]+(?P<r1>[0-9]{{4}})[\x20\t\n]+(?:and|to)[\x20\t\n]+(?P<r2>[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?P<rr1>[0-9]{{4}})[\x20\t\n]*[–-][\x20\t\n]*(?P<rr2>[0-9]{{2}}|[0-9]{{4}})(?-u:\b)
          | (?-u:\b)(?i:in|since|by|until|during|before|after|through|throughout|from)[\x20\t\n]+(?P<year>(?:19|20)[0-9]{{2}})(?:[\x20\t\n]|[.;:)!?]|,[\x20\t\n]|$)
        "
        );
        regex::Regex::new(&pattern).ok()
    });

    pub(crate) fn date_regex() -> Option<&'static regex::Regex> {
        DATE.as_ref()
    }

    #[test]
    fn the_scanner_finds_what_the_pattern_finds() {
        let Some(re) = DATE.as_ref() else { panic!("DATE does not compile") };
        let mut pieces: Vec<&str> = vec![
            " ",
            " ",
            " ",
            "\t",
            "\n",
            "-",
            "–",
            ",",
            ".",
            ";",
            ")",
            "!",
            "x",
            "_",
            "é",
            "ſ",
            "1",
            "12",
            "123",
            "2023",
            "20234",
            "19",
            "2019",
            "21",
            "1999",
            "0",
            "st",
            "nd",
            "rd",
            "th",
            "the",
            "The",
            "first",
            "second",
            "third",
            "fourth",
            "half",
            "quarter",
            "of",
            "H1",
            "H2",
            "H3",
            "Q1",
            "Q4",
            "Q5",
            "early",
            "mid",
            "late",
            "Mid",
            "between",
            "and",
            "to",
            "In",
            "IN",
            "ſince",
            "SINCE",
            "Throughout",
            "THROUGH",
        ];
        pieces.extend(MONTHS);
        pieces.extend(YEAR_WORDS);
        pieces.extend(["may", "MAY", "Sept.", "Marchers"]);
        // Whole dates, to be glued to each other and to the pieces above.
        pieces.extend([
            "12 March 2023",
            "1st May 2020",
            "March 12, 2023",
            "Sept. 3rd 2021",
            "June 2024",
            "2023-03-12",
            "the first half of 2025",
            "second half of 1999",
            "H1 2025",
            "Q3 2024",
            "the fourth quarter of 2024",
            "early 2025",
            "mid-2024",
            "late -\t2023",
            "between 2019 and 2021",
            "from 2019 to 2021",
            "2019–21",
            "2019 - 2021",
            "in 2024,",
            "since 2022 ",
            "Through 2030.",
            "by 2026)",
            "until 1999",
            "during 2020!",
        ]);
        super::super::scan::assert_scanner_agrees(re, &pieces, 40_000, |t, at| scan(t.as_bytes(), at));
    }

    fn one(text: &str) -> (String, Interval) {
        let found = find(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (text[found[0].start..found[0].end].to_string(), found[0].interval)
    }

    #[test]
    fn forms() {
        let iv = |a: (i32, u8, u8), b: (i32, u8, u8)| Interval { start: a, end: b };
        assert_eq!(one("on 12 March 2023 they met"), ("12 March 2023".into(), iv((2023, 3, 12), (2023, 3, 12))));
        assert_eq!(one("on March 12, 2023 they met").1, iv((2023, 3, 12), (2023, 3, 12)));
        assert_eq!(one("announced in March 2023").1, iv((2023, 3, 1), (2023, 3, 31)));
        assert_eq!(one("As of 2023-03-12, trade").1, iv((2023, 3, 12), (2023, 3, 12)));
        assert_eq!(one("since early 2025 at").1, iv((2025, 1, 1), (2025, 4, 30)));
        assert_eq!(one("by mid-2024 the").1, iv((2024, 5, 1), (2024, 8, 31)));
        assert_eq!(one("until late 2023 the").1, iv((2023, 9, 1), (2023, 12, 31)));
        assert_eq!(one("in the second half of 2025").1, iv((2025, 7, 1), (2025, 12, 31)));
        assert_eq!(one("in H1 2024 exports").1, iv((2024, 1, 1), (2024, 6, 30)));
        assert_eq!(one("the 2019-2021 drought").1, iv((2019, 1, 1), (2021, 12, 31)));
        assert_eq!(one("between 2019 and 2021 the").1, iv((2019, 1, 1), (2021, 12, 31)));
        assert_eq!(one("in 14 Sept 2023 filings").1, iv((2023, 9, 14), (2023, 9, 14)));
        // A day its month does not have, and a reversed range, are no dates.
        assert!(find("As of 2023-02-30, trade").is_empty());
        assert!(find("from 2021 to 2019 the").is_empty());
        assert_eq!(one("In the first half of 2025, trade").1, iv((2025, 1, 1), (2025, 6, 30)));
        assert_eq!(one("in H2 2024 exports").1, iv((2024, 7, 1), (2024, 12, 31)));
        assert_eq!(one("in Q3 2024 exports").1, iv((2024, 7, 1), (2024, 9, 30)));
        assert_eq!(one("in the fourth quarter of 2024").1, iv((2024, 10, 1), (2024, 12, 31)));
        assert_eq!(one("from 2019 to 2021 the").1, iv((2019, 1, 1), (2021, 12, 31)));
        assert_eq!(one("the 2019–21 drought").1, iv((2019, 1, 1), (2021, 12, 31)));
        assert_eq!(one("Since 2022, the two").1, iv((2022, 1, 1), (2022, 12, 31)));
        assert_eq!(one("in February 2024 (leap)").1, iv((2024, 2, 1), (2024, 2, 29)));
    }

    #[test]
    fn groups_are_listed_in_capture_order() {
        let Some(re) = DATE.as_ref() else { panic!("DATE does not compile") };
        super::super::assert_groups_in_capture_order(re, &GROUPS);
    }

    #[test]
    fn every_date_has_four_digits_in_a_row() {
        // The pattern's every branch holds `[0-9]{4}`: sentences without such a run are skipped.
        let Some(re) = DATE.as_ref() else { panic!("DATE does not compile") };
        let branches: Vec<&str> = re.as_str().lines().map(str::trim).filter(|l| l.contains("(?-u:\\b)")).collect();
        assert_eq!(branches.len(), 12);
        for branch in branches {
            assert!(branch.contains("[0-9]{4}") || branch.contains("(?:19|20)[0-9]{2}"), "{branch}");
        }
        for text in ["in 2024", "Q3 2025", "14 March 2025", "2025-06-30", "2019–21", "early-2020"] {
            assert!(has_year_digits(&runs_of(text)) && !find(text).is_empty(), "{text}");
        }
        assert!(!has_year_digits(&runs_of("rose 12% to 345 in Q3 of 202 and 1 2 3 4")));
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(
            find("some 2,000 troops and 2025 troops").is_empty(),
            "{:?}",
            find("some 2,000 troops and 2025 troops")
        );
        assert!(find("31 February 2023").is_empty());
        assert!(find("in 1,200 km").is_empty());
    }
}
