//! Date expressions: `12 March 2023`, `March 12, 2023`, `March 2023`, `2023-03-12`,
//! `early 2025`, `the first half of 2025`, `H1 2025`, `Q3 2024`, years after a
//! preposition, and year ranges. Each becomes an interval of days.

use std::sync::LazyLock;

use regex::Regex;

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

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";

static DATE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    let months = MONTHS;
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
    Regex::new(&pattern).ok()
});

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

/// Whether `text` has four ASCII digits in a row, as every date `find` reads does.
pub fn has_year_digits(text: &str) -> bool {
    let mut run = 0;
    text.bytes().any(|b| {
        run = if b.is_ascii_digit() { run + 1 } else { 0 };
        run == 4
    })
}

/// Every date expression in `text`, left to right, not overlapping.
pub fn find(text: &str) -> Vec<Found> {
    let Some(re) = DATE.as_ref() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    super::each_match(re, text, |whole, group| {
        let get = |g: usize| group(g).map(|(s, e)| &text[s..e]);
        let num = |g: usize| get(g).and_then(|m| m.parse::<i32>().ok());
        let month = |g: usize| get(g).and_then(month_number);
        let day =
            |y: i32, m: u8, d: i32| (1..=days_in_month(y, m) as i32).contains(&d).then(|| Interval::day(y, m, d as u8));
        let year_at = group(YEAR);
        let (interval, end) = if let (Some(y), Some(m), Some(d)) = (num(ISO_Y), num(ISO_M), num(ISO_D)) {
            ((1..=12).contains(&m).then(|| day(y, m as u8, d)).flatten(), whole.end())
        } else if let (Some(y), Some(m), Some(d)) = (num(DMY_Y), month(DMY_M), num(DMY_D)) {
            (day(y, m, d), whole.end())
        } else if let (Some(y), Some(m), Some(d)) = (num(MDY_Y), month(MDY_M), num(MDY_D)) {
            (day(y, m, d), whole.end())
        } else if let (Some(y), Some(m)) = (num(MY_Y), month(MY_M)) {
            (Some(Interval::months(y, m, m)), whole.end())
        } else if let (Some(y), Some(h)) = (num(HALF_Y).or(num(H_Y)), get(HALF).or(get(H))) {
            let first = h == "first" || h == "1";
            (Some(if first { Interval::months(y, 1, 6) } else { Interval::months(y, 7, 12) }), whole.end())
        } else if let (Some(y), Some(q)) = (num(Q_Y), num(Q)) {
            let first = (q as u8 - 1) * 3 + 1;
            (Some(Interval::months(y, first, first + 2)), whole.end())
        } else if let (Some(y), Some(q)) = (num(QW_Y), get(QW)) {
            let index = ["first", "second", "third", "fourth"].iter().position(|w| *w == q).unwrap_or(0) as u8;
            (Some(Interval::months(y, index * 3 + 1, index * 3 + 3)), whole.end())
        } else if let (Some(y), Some(part)) = (num(PART_Y), get(PART)) {
            let (a, b) = match part {
                "early" => (1, 4),
                "mid" => (5, 8),
                _ => (9, 12),
            };
            (Some(Interval::months(y, a, b)), whole.end())
        } else if let (Some(a), Some(b)) = (num(R1).or(num(RR1)), num(R2).or(num(RR2))) {
            let b = if b < 100 { a / 100 * 100 + b } else { b };
            (
                (a < b && plausible_year(a) && plausible_year(b))
                    .then_some(Interval { start: (a, 1, 1), end: (b, 12, 31) }),
                whole.end(),
            )
        } else if let Some((s, e)) = year_at {
            (text[s..e].parse().ok().map(Interval::year), e)
        } else {
            (None, whole.end())
        };
        let start = year_at.map_or(whole.start(), |(s, _)| s);
        if let Some(interval) = interval.filter(|i| plausible_year(i.start.0)) {
            found.push(Found { start, end, interval });
        }
    });
    join_ranges(text, found)
}

/// "between June 2026 and January 2027": one interval. A reversed range is no period at all.
fn join_ranges(text: &str, found: Vec<Found>) -> Vec<Found> {
    if found.len() < 2 {
        return found;
    }
    let mut out: Vec<Found> = Vec::with_capacity(found.len());
    let mut i = 0;
    while i < found.len() {
        let a = found[i];
        if let Some(b) = found.get(i + 1) {
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
                    out.push(Found { start: before.len() - opener.len(), end: b.end, interval });
                }
                i += 2;
                continue;
            }
        }
        out.push(a);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let branches: Vec<&str> = re.as_str().split("\n      | ").collect();
        assert_eq!(branches.len(), 12);
        for branch in branches {
            assert!(branch.contains("[0-9]{4}") || branch.contains("(?:19|20)[0-9]{2}"), "{branch}");
        }
        for text in ["in 2024", "Q3 2025", "14 March 2025", "2025-06-30", "2019–21", "early-2020"] {
            assert!(has_year_digits(text) && !find(text).is_empty(), "{text}");
        }
        assert!(!has_year_digits("rose 12% to 345 in Q3 of 202 and 1 2 3 4"));
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
