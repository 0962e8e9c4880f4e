//! Figures: percentages (`%`, `per cent`, `percent`), currency amounts with
//! scales (`US$ 3.2 billion`, `€40m`, `$1.5bn`), counts with units (`1,200 km`,
//! `37.9 million tonnes`), and the approximation before them.

use super::scan::{Captures, boundary, first_of, is_number, literal, number_end, number_token_end, space_at, spaces};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    Percent,
    /// ISO-like currency code: USD, EUR, GBP, CNY, RUB, JPY.
    Currency(&'static str),
    /// A counted unit, normalised: "km", "tonne", "barrel per day", "troop"...
    Count(String),
}

impl Unit {
    /// The unit as a term id: equal units, equal ids.
    pub fn term(&self) -> crate::terms::Term {
        match self {
            Unit::Percent => crate::terms::term("%"),
            Unit::Currency(code) => crate::report::fnv1a(b"currency ".iter().copied().chain(code.bytes())),
            Unit::Count(unit) => crate::report::fnv1a(b"count ".iter().copied().chain(unit.bytes())),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Approx {
    Exact,
    /// about, around, roughly, approximately, some
    About,
    /// nearly, almost, just under
    Nearly,
    /// more than, over, above, at least, exceeding, just over
    AtLeast,
    /// less than, under, below, fewer than, up to
    AtMost,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Byte range in the searched text, approximation word included.
    pub start: usize,
    pub end: usize,
    /// Value in base units (3.2 billion = 3.2e9).
    pub value: f64,
    /// Size of the last written digit in base units: 3.2 billion -> 1e8.
    pub resolution: f64,
    pub unit: Unit,
    pub approx: Approx,
}

impl Found {
    /// The interval of true values this statement allows.
    pub fn range(&self) -> (f64, f64) {
        let half = self.resolution / 2.0;
        let (v, r) = (self.value, half);
        match self.approx {
            Approx::Exact => (v - r, v + r),
            Approx::About => (v * 0.9 - r, v * 1.1 + r),
            Approx::Nearly => (v * 0.9 - r, v + r),
            Approx::AtLeast => (v - r, f64::INFINITY),
            Approx::AtMost => (f64::NEG_INFINITY, v + r),
        }
    }

    /// Whether two statements can both be true.
    pub fn compatible(&self, other: &Found) -> bool {
        let (a0, a1) = self.range();
        let (b0, b1) = other.range();
        a0 <= b1 && b0 <= a1
    }
}

/// Words before a figure that make it approximate, as first and second word, in
/// the order they are tried; `[\x20\t\n]+` stands between the two and after them.
/// No two can match at one place.
const APPROX_PARTS: [(&str, &str); 20] = [
    ("nearly", ""),
    ("almost", ""),
    ("just", "under"),
    ("about", ""),
    ("around", ""),
    ("roughly", ""),
    ("approximately", ""),
    ("some", ""),
    ("an", "estimated"),
    ("more", "than"),
    ("over", ""),
    ("above", ""),
    ("at", "least"),
    ("exceeding", ""),
    ("just", "over"),
    ("less", "than"),
    ("under", ""),
    ("below", ""),
    ("fewer", "than"),
    ("up", "to"),
];
const SYMBOLS: [&str; 6] = ["US$", "$", "€", "£", "¥", "₽"];
const CODES: [&str; 7] = ["USD", "EUR", "GBP", "CNY", "RMB", "RUB", "JPY"];
const SCALE_NAMES: [&str; 9] = ["trillion", "billion", "million", "thousand", "tn", "bn", "mn", "m", "k"];
const SCALE_WORDS: [&str; 4] = ["trillion", "billion", "million", "thousand"];
const CURRENCY_WORDS: [&str; 7] = ["dollars", "euros", "pounds", "yuan", "roubles", "rubles", "yen"];
/// Counted units; a space stands for one `[\x20\t\n]`.
const COUNT_UNITS: [&str; 38] = [
    "km",
    "kilometres",
    "kilometers",
    "miles",
    "square kilometres",
    "hectares",
    "tonnes",
    "tons",
    "barrels per day",
    "barrels",
    "bpd",
    "bcm",
    "cubic metres",
    "MW",
    "GW",
    "TWh",
    "troops",
    "soldiers",
    "personnel",
    "vessels",
    "ships",
    "aircraft",
    "households",
    "people",
    "refugees",
    "migrants",
    "TEU",
    "containers",
    "casualties",
    "deaths",
    "civilians",
    "attacks",
    "students",
    "visitors",
    "tourists",
    "workers",
    "jobs",
    "flights",
];

/// A figure match: the span and capture groups of the figure pattern (see `GROUPS`).
type FigureMatch = Captures;

/// The first of `words` at `i` that ends at a word boundary: its end.
fn word_of(t: &[u8], i: usize, words: &[&str]) -> Option<usize> {
    first_of(t, i, words, |end| boundary(t, end).then_some(())).map(|(end, ())| end)
}

/// An approximation word and the spaces after it at `i`: where the word and the spaces end.
fn approx_at(t: &[u8], i: usize) -> Option<(usize, usize)> {
    let first = t.get(i).filter(|b| b.is_ascii_lowercase())?;
    APPROX_PARTS.iter().filter(|(w, _)| w.as_bytes()[0] == *first).find_map(|&(word, second)| {
        let mut at = literal(t, i, word)?;
        if !second.is_empty() {
            at = literal(t, spaces(t, at)?, second)?;
        }
        spaces(t, at).map(|after| (at, after))
    })
}

/// `%`, `per cent` or `percent` (with a word boundary after the words) at `i`.
fn percent_at(t: &[u8], i: usize) -> Option<usize> {
    if t.get(i) == Some(&b'%') {
        return Some(i + 1);
    }
    let cent = |at: usize| literal(t, at, "cent").filter(|&e| boundary(t, e));
    let per = literal(t, i, "per").and_then(|e| if space_at(t, e) { cent(e + 1).or_else(|| cent(e)) } else { cent(e) });
    per.or_else(|| literal(t, i, "percent").filter(|&e| boundary(t, e)))
}

/// `[\x20\t\n]?(?:SCALE(?-u:\b))?` at `i`, greedy: its end and the scale's span.
fn optional_scale(t: &[u8], i: usize) -> (usize, Option<(usize, usize)>) {
    let at = i + usize::from(space_at(t, i));
    match word_of(t, at, &SCALE_NAMES) {
        Some(end) => (end, Some((at, end))),
        None => (at, None),
    }
}

/// A currency symbol or code at `p`, then a number and an optional scale.
fn money_at(t: &[u8], p: usize, marks: &[&str], groups: [usize; 3], m: &mut FigureMatch) -> Option<usize> {
    let mark_end = marks.iter().find_map(|c| literal(t, p, c))?;
    let at = mark_end + usize::from(space_at(t, mark_end));
    let end = number_end(t, at)?;
    let (after, scale) = optional_scale(t, end);
    m.set(groups[0], p, mark_end);
    m.set(groups[1], at, end);
    scale.into_iter().for_each(|(s, e)| m.set(groups[2], s, e));
    Some(after)
}

/// The inner alternatives of the figure pattern at `p`, in order: the first that
/// matches. `token_end` is where the digits, commas and points at `p` end.
fn figure_inner(t: &[u8], p: usize, token_end: usize, m: &mut FigureMatch) -> Option<usize> {
    let first = *t.get(p)?;
    if first.is_ascii_digit() {
        // Every way to read a number ends inside its token, where no percent sign
        // or space can follow, but at its end: only there can what follows match.
        let end = token_end;
        // 9%, 4.5 per cent
        let pct = if space_at(t, end) { percent_at(t, end + 1).map(|e| (end + 1, e)) } else { None };
        if let Some((pct_start, pct_end)) = pct.or_else(|| percent_at(t, end).map(|e| (end, e)))
            && is_number(t, p, end)
        {
            m.set(NUM, p, end);
            m.set(PCT, pct_start, pct_end);
            return Some(pct_end);
        }
        // 40 million dollars, 1,200 km
        if !boundary(t, p) || !space_at(t, end) || !is_number(t, p, end) {
            return None;
        }
        let after = end + 1;
        let scale = first_of(t, after, &SCALE_WORDS, |e| space_at(t, e).then_some(())).map(|(e, ())| (after, e));
        for (words, num, scale_group, word_group) in
            [(&CURRENCY_WORDS[..], NUM_E, SCALE_E, WORD_CUR), (&COUNT_UNITS[..], NUM_F, SCALE_F, UNIT)]
        {
            let with_scale = scale.and_then(|(s, e)| word_of(t, e + 1, words).map(|w| (Some((s, e)), e + 1, w)));
            if let Some((scale, word, word_end)) =
                with_scale.or_else(|| word_of(t, after, words).map(|w| (None, after, w)))
            {
                m.set(num, p, end);
                scale.into_iter().for_each(|(s, e)| m.set(scale_group, s, e));
                m.set(word_group, word, word_end);
                return Some(word_end);
            }
        }
        return None;
    }
    // US$ 3.2 billion, €40m
    if matches!(first, b'U' | b'$' | 0xC2 | 0xE2)
        && let Some(end) = money_at(t, p, &SYMBOLS, [CUR, NUM_C, SCALE_C], m)
    {
        return Some(end);
    }
    // USD 40 million
    if CODES.iter().any(|code| code.as_bytes()[0] == first) && boundary(t, p) {
        money_at(t, p, &CODES, [CODE, NUM_D, SCALE_D], m)
    } else {
        None
    }
}

/// The figure pattern at `s`: with an approximation word first when one stands there.
fn figure_at(t: &[u8], s: usize, token_end: usize) -> Option<FigureMatch> {
    if boundary(t, s)
        && let Some((word_end, after)) = approx_at(t, s)
    {
        let mut m = FigureMatch::new(s);
        if let Some(end) = figure_inner(t, after, number_token_end(t, after), &mut m) {
            m.set(APPROX_GROUP, s, word_end);
            m.end = end;
            return Some(m);
        }
    }
    let mut m = FigureMatch::new(s);
    figure_inner(t, s, token_end, &mut m).map(|end| {
        m.end = end;
        m
    })
}

/// The first two bytes of the approximation words and currency codes.
static PAIRS: super::scan::Pairs = super::scan::Pairs::of(
    &[
        "ne", "al", "ju", "ab", "ar", "ro", "ap", "so", "an", "mo", "ov", "at", "ex", "le", "un", "be", "fe", "up",
        "US", "EU", "GB", "CN", "RM", "RU", "JP",
    ],
    &[],
);

/// Whether a figure can start at `s`: a digit or a currency symbol anywhere, or a
/// word boundary before a word opening as an approximation word or a code can.
fn may_start(t: &[u8], s: usize) -> bool {
    let (b, next) = (t[s], t.get(s + 1).copied().unwrap_or(0));
    match b {
        b'0'..=b'9' | b'$' => true,
        0xE2 => next == 0x82,
        0xC2 => matches!(next, 0xA3 | 0xA5),
        b'U' if next == b'S' => true,
        _ => PAIRS.has(b, next) && boundary(t, s),
    }
}

/// Where a figure can start: every figure holds an ASCII digit, at most three tokens
/// after its start ("just under US$ 3.2": two approximation words and a currency mark),
/// or starts at one of its digits (the pattern's "9%" in "0009%").
fn windows(runs: &[(usize, usize)], token_starts: &[usize], windows: &mut Vec<(usize, usize)>) {
    super::scan::start_windows(runs, token_starts, 3, 1, true, windows);
}

/// The first figure match starting at or after `at`, outside the `skip` ranges (in order).
#[cfg(test)]
pub(super) fn scan(t: &[u8], at: usize, skip: &[(usize, usize)]) -> Option<FigureMatch> {
    let mut starts = Vec::new();
    windows(&super::scan::runs_of(t), &super::scan::tokens_of(t), &mut starts);
    scan_in(t, &starts, at, skip)
}

/// `scan` among the starts in `windows`.
fn scan_in(t: &[u8], windows: &[(usize, usize)], at: usize, skip: &[(usize, usize)]) -> Option<FigureMatch> {
    let mut skip = skip.iter().skip_while(|&&(_, e)| e <= at).peekable();
    // The end of the number token the position stands in, found once per token.
    let mut token_end = at;
    let first = windows.partition_point(|&(_, end)| end <= at);
    for &(start, end) in &windows[first..] {
        let mut s = start.max(at);
        while s < end {
            if may_start(t, s) {
                while skip.next_if(|&&(_, e)| e <= s).is_some() {}
                if let Some(&&(from, to)) = skip.peek()
                    && from <= s
                {
                    s = to;
                    continue;
                }
                if s >= token_end {
                    token_end = number_token_end(t, s);
                }
                if let Some(m) = figure_at(t, s, token_end) {
                    return Some(m);
                }
            }
            // Inside a word only a digit or the `U` of `US$` can start a figure: the other
            // letters are passed over.
            if t[s].is_ascii_alphabetic() {
                s = crate::swar::run_end_but::<{ crate::swar::LETTERS }>(t, s + 1, b'U');
            } else {
                s += 1;
            }
        }
    }
    None
}

fn scale_factor(scale: &str) -> f64 {
    match scale {
        "trillion" | "tn" => 1e12,
        "billion" | "bn" => 1e9,
        "million" | "mn" | "m" => 1e6,
        "thousand" | "k" => 1e3,
        _ => 1.0,
    }
}

fn currency_code(symbol: &str) -> &'static str {
    match symbol {
        "US$" | "$" | "USD" | "dollars" => "USD",
        "€" | "EUR" | "euros" => "EUR",
        "£" | "GBP" | "pounds" => "GBP",
        "¥" | "CNY" | "RMB" | "yuan" => "CNY",
        "₽" | "RUB" | "roubles" | "rubles" => "RUB",
        "JPY" | "yen" => "JPY",
        _ => "?",
    }
}

fn approx_kind(word: &str) -> Approx {
    // Its words, whatever white space stands between them.
    let mut words = word.split_whitespace();
    let words = (words.next().unwrap_or(""), words.next().unwrap_or(""), words.next().is_some());
    match words {
        ("nearly" | "almost", "", false) | ("just", "under", false) => Approx::Nearly,
        ("over" | "above" | "exceeding", "", false)
        | ("more", "than", false)
        | ("at", "least", false)
        | ("just", "over", false) => Approx::AtLeast,
        ("under" | "below", "", false) | ("less" | "fewer", "than", false) | ("up", "to", false) => Approx::AtMost,
        _ => Approx::About,
    }
}

/// Singular, lower-case form of a counted unit.
fn count_unit(unit: &str) -> String {
    let lower = unit.to_lowercase();
    let normal = match lower.as_str() {
        "kilometres" | "kilometers" => "km",
        "tons" => "tonnes",
        "bpd" => "barrels per day",
        "soldiers" => "troops",
        other => other,
    };
    normal.to_string()
}

/// Parses `1,200.5` into (value, resolution of the last digit).
pub fn parse_number(text: &str) -> Option<(f64, f64)> {
    // Without its commas: in place when it has none, else in a buffer (on the stack when short).
    let (mut buffer, mut long) = ([0u8; 48], Vec::new());
    let plain = if !text.contains(',') {
        text
    } else if text.len() <= buffer.len() {
        let mut n = 0;
        for b in text.bytes().filter(|&b| b != b',') {
            buffer[n] = b;
            n += 1;
        }
        std::str::from_utf8(&buffer[..n]).ok()?
    } else {
        long.extend(text.bytes().filter(|&b| b != b','));
        std::str::from_utf8(&long).ok()?
    };
    let value: f64 = plain.parse().ok()?;
    let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len());
    Some((value, 10f64.powi(-(decimals as i32))))
}

/// The capture groups of `FIGURE`, in order: group `k` of this list is capture index `k + 1`.
const GROUPS: [&str; 15] = [
    "approx", "num", "pct", "cur", "num_c", "scale_c", "code", "num_d", "scale_d", "num_e", "scale_e", "word_cur",
    "num_f", "scale_f", "unit",
];

const fn group(name: &str) -> usize {
    super::capture_index(&GROUPS, name)
}

const APPROX_GROUP: usize = group("approx");
const NUM: usize = group("num");
const PCT: usize = group("pct");
const CUR: usize = group("cur");
const NUM_C: usize = group("num_c");
const SCALE_C: usize = group("scale_c");
const CODE: usize = group("code");
const NUM_D: usize = group("num_d");
const SCALE_D: usize = group("scale_d");
const NUM_E: usize = group("num_e");
const SCALE_E: usize = group("scale_e");
const WORD_CUR: usize = group("word_cur");
const NUM_F: usize = group("num_f");
const SCALE_F: usize = group("scale_f");
const UNIT: usize = group("unit");
const NUMS: [usize; 5] = [NUM, NUM_C, NUM_D, NUM_E, NUM_F];
const SCALES: [usize; 4] = [SCALE_C, SCALE_D, SCALE_E, SCALE_F];
const CURRENCIES: [usize; 3] = [CUR, CODE, WORD_CUR];

#[cfg(test)]
pub fn find(text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let t = text.as_bytes();
    find_into(text, &super::scan::runs_of(t), &super::scan::tokens_of(t), &[], &mut found, &mut Vec::new());
    found
}

/// `find` into `found` (cleared first), for a text whose runs of digits are `runs`
/// (`scan::digit_runs`) and whose tokens start at `token_starts` (`scan::token_starts`),
/// with no figure starting in the byte ranges of `dates` (in order): those are no figures.
/// `found` and `starts` (for the windows where figures may start) are buffers the caller
/// keeps from sentence to sentence.
pub fn find_into(
    text: &str,
    runs: &[(usize, usize)],
    token_starts: &[usize],
    dates: &[(usize, usize)],
    found: &mut Vec<Found>,
    starts: &mut Vec<(usize, usize)>,
) {
    let t = text.as_bytes();
    windows(runs, token_starts, starts);
    found.clear();
    let mut at = 0;
    // The dates ending after `at`: `at` only grows, so those passed stay passed (one
    // sentence of 60,000 dates and 30,000 figures skipped them from the first, per figure).
    let mut dates = dates;
    while let Some(m) = {
        let passed = dates.iter().take_while(|&&(_, e)| e <= at).count();
        dates = &dates[passed..];
        scan_in(t, starts, at, dates)
    } {
        at = m.end.max(m.start + 1);
        let get = |g: usize| m.get(g).and_then(|(s, e)| text.get(s..e));
        let pick = |groups: &[usize]| groups.iter().find_map(|&g| get(g));
        let Some((number, resolution)) = pick(&NUMS).and_then(parse_number) else {
            continue;
        };
        let scale = scale_factor(pick(&SCALES).unwrap_or(""));
        let unit = if get(PCT).is_some() {
            Unit::Percent
        } else if let Some(symbol) = pick(&CURRENCIES) {
            Unit::Currency(currency_code(symbol))
        } else if let Some(unit) = get(UNIT) {
            Unit::Count(count_unit(unit))
        } else {
            continue;
        };
        let approx = get(APPROX_GROUP).map_or(Approx::Exact, approx_kind);
        found.push(Found {
            start: m.start,
            end: m.end,
            value: number * scale,
            resolution: resolution * scale,
            unit,
            approx,
        });
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const APPROX: &str = r"(?P<approx>nearly|almost|just[\x20\t\n]+under|about|around|roughly|approximately|some|an[\x20\t\n]+estimated|more[\x20\t\n]+than|over|above|at[\x20\t\n]+least|exceeding|just[\x20\t\n]+over|less[\x20\t\n]+than|under|below|fewer[\x20\t\n]+than|up[\x20\t\n]+to)[\x20\t\n]+";
    const NUMBER: &str = r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";
    const SCALE: &str = r"(?P<scale>trillion|billion|million|thousand|tn|bn|mn|m|k)";

    /// The figure pattern the scanner follows: its oracle.
    static FIGURE: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| {
        let pattern = format!(
            r"(?x)
            (?:(?-u:\b){APPROX})?
            (?:
                {NUMBER}[\x20\t\n]?(?P<pct>%|per[\x20\t\n]?cent(?-u:\b)|percent(?-u:\b))
              | (?P<cur>US\$|\$|€|£|¥|₽)[\x20\t\n]?{NUMBER_C}[\x20\t\n]?(?:{SCALE_C}(?-u:\b))?
              | (?-u:\b)(?P<code>USD|EUR|GBP|CNY|RMB|RUB|JPY)[\x20\t\n]?{NUMBER_D}[\x20\t\n]?(?:{SCALE_D}(?-u:\b))?
              | (?-u:\b){NUMBER_E}[\x20\t\n](?:{SCALE_E}[\x20\t\n])?(?P<word_cur>dollars|euros|pounds|yuan|roubles|rubles|yen)(?-u:\b)
              | (?-u:\b){NUMBER_F}[\x20\t\n](?:(?P<scale_f>trillion|billion|million|thousand)[\x20\t\n])?(?P<unit>{COUNT_UNITS})(?-u:\b)
            )",
            NUMBER_C = NUMBER.replace("num", "num_c"),
            SCALE_C = SCALE.replace("scale", "scale_c"),
            NUMBER_D = NUMBER.replace("num", "num_d"),
            SCALE_D = SCALE.replace("scale", "scale_d"),
            NUMBER_E = NUMBER.replace("num", "num_e"),
            SCALE_E = r"(?P<scale_e>trillion|billion|million|thousand)",
            NUMBER_F = NUMBER.replace("num", "num_f"),
            COUNT_UNITS = COUNT_UNITS.join("|").replace(' ', r"[\x20\t\n]"),
        );
        regex::Regex::new(&pattern).ok()
    });

    pub(crate) fn figure_regex() -> Option<&'static regex::Regex> {
        FIGURE.as_ref()
    }

    #[test]
    fn the_scanner_finds_what_the_pattern_finds() {
        let Some(re) = FIGURE.as_ref() else { panic!("FIGURE does not compile") };
        let mut pieces: Vec<&str> = vec![
            " ",
            " ",
            " ",
            "\t",
            "\n",
            ",",
            ".",
            "%",
            "x",
            "_",
            "é",
            "1",
            "12",
            "123",
            "1234",
            "1,234",
            "1,23",
            "12,345,678",
            "3.2",
            "0.5.",
            "9.",
            ",000",
            "per",
            "cent",
            "per cent",
            "percent",
            "percentage",
            "Per",
            "-",
            "(",
            "just",
            "an",
            "more",
            "at",
            "fewer",
            "less",
            "up",
            "square",
            "cubic",
            "barrels",
            "per day",
            "millions",
            "mn",
            "bnx",
            "kk",
            "9%",
            "US$ 3.2 billion",
            "€40m",
            "$1.5bn",
            "USD 40 million",
            "40 million dollars",
            "1,200 km",
            "37.9 million tonnes",
            "nearly 9%",
            "more than 20,000 troops",
            "about the 9%",
            "moreover 5%",
            "1234,567%",
            "$5 in",
            "some 2.5 per cent",
            "xUS$5",
            "GBP9",
            "RUB 3 tn",
        ];
        let approx: Vec<String> = APPROX_PARTS.iter().map(|(a, b)| format!("{a} {b}").trim().to_string()).collect();
        pieces.extend(approx.iter().map(String::as_str));
        pieces.extend(SYMBOLS);
        pieces.extend(CODES);
        pieces.extend(SCALE_NAMES);
        pieces.extend(CURRENCY_WORDS);
        pieces.extend(COUNT_UNITS);
        super::super::scan::assert_scanner_agrees(re, &pieces, 40_000, |t, at| scan(t.as_bytes(), at, &[]));
    }

    fn one(text: &str) -> Found {
        let found = find(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn group_indices_match_the_pattern() {
        let Some(re) = FIGURE.as_ref() else { panic!("FIGURE does not compile") };
        super::super::assert_groups_in_capture_order(re, &GROUPS);
    }

    #[test]
    fn forms_and_normalisation() {
        let f = one("trade decreased by nearly 9% year-on-year");
        assert_eq!((f.value, f.unit.clone(), f.approx), (9.0, Unit::Percent, Approx::Nearly));
        assert_eq!(one("a rise of 4.5 per cent").value, 4.5);
        let a = one("worth US$ 3.2 billion in");
        let b = one("worth $3,200 million in");
        assert_eq!((a.unit.clone(), a.value), (Unit::Currency("USD"), 3.2e9));
        assert!(a.compatible(&b) && (b.value - 3.2e9).abs() < 1.0);
        assert_eq!(one("a €40m loan").value, 40e6);
        assert_eq!(one("runs 1,200 km to").unit, Unit::Count("km".into()));
        assert_eq!(one("carried 37.9 million tonnes of cargo").value, 37.9e6);
        assert_eq!(one("more than 20,000 troops").approx, Approx::AtLeast);
    }

    #[test]
    fn numbers_and_approximations_read_as_before() {
        // The versions that built strings: the oracles.
        let number = |text: &str| {
            let plain: String = text.chars().filter(|c| *c != ',').collect();
            let value: f64 = plain.parse().ok()?;
            let decimals = plain.split_once('.').map_or(0, |(_, d)| d.len());
            Some((value, 10f64.powi(-(decimals as i32))))
        };
        let long = "1,".repeat(40) + "5.25";
        for text in ["1,234", "1,234.5", "12", "0.05", "1,2,3", "", ",", "1.2.3", "١٢", long.as_str()] {
            assert_eq!(parse_number(text), number(text), "{text}");
        }
        let kind = |word: &str| match word.split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
            "nearly" | "almost" | "just under" => Approx::Nearly,
            "more than" | "over" | "above" | "at least" | "exceeding" | "just over" => Approx::AtLeast,
            "less than" | "under" | "below" | "fewer than" | "up to" => Approx::AtMost,
            _ => Approx::About,
        };
        for (a, b) in APPROX_PARTS {
            for word in [a.to_string(), format!("{a} \t{b}"), format!("{a}\n{b} x")] {
                assert_eq!(approx_kind(&word), kind(&word), "{word:?}");
            }
        }
    }

    #[test]
    fn compatibility_follows_precision_and_approximation() {
        let f = |t: &str| one(t);
        assert!(f("fell 9%").compatible(&f("fell 9.4%")), "9% is 9.4% rounded");
        assert!(!f("fell 9%").compatible(&f("fell 12%")));
        assert!(f("nearly 9%").compatible(&f("8.6%")));
        assert!(!f("nearly 9%").compatible(&f("9.8%")));
        assert!(f("more than 20,000 troops").compatible(&f("25,000 troops")));
        assert!(!f("about 100 km").compatible(&f("130 km")));
    }
}
