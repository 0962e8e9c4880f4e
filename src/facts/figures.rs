//! Figures: percentages (`%`, `per cent`, `percent`), currency amounts with
//! scales (`US$ 3.2 billion`, `€40m`, `$1.5bn`), counts with units (`1,200 km`,
//! `37.9 million tonnes`), and the approximation before them.

use std::sync::LazyLock;

use regex::Regex;

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

const APPROX: &str = r"(?P<approx>nearly|almost|just[\x20\t\n]+under|about|around|roughly|approximately|some|an[\x20\t\n]+estimated|more[\x20\t\n]+than|over|above|at[\x20\t\n]+least|exceeding|just[\x20\t\n]+over|less[\x20\t\n]+than|under|below|fewer[\x20\t\n]+than|up[\x20\t\n]+to)[\x20\t\n]+";
const NUMBER: &str = r"(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?)";
const SCALE: &str = r"(?P<scale>trillion|billion|million|thousand|tn|bn|mn|m|k)";
const COUNT_UNITS: &str = "km|kilometres|kilometers|miles|square kilometres|hectares|tonnes|tons|barrels per day|barrels|bpd|bcm|cubic metres|MW|GW|TWh|troops|soldiers|personnel|vessels|ships|aircraft|households|people|refugees|migrants|TEU|containers|casualties|deaths|civilians|attacks|students|visitors|tourists|workers|jobs|flights";

static FIGURE: LazyLock<Option<Regex>> = LazyLock::new(|| {
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
        COUNT_UNITS = COUNT_UNITS.replace(' ', r"[\x20\t\n]"),
    );
    Regex::new(&pattern).ok()
});

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
    let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
    match word.as_str() {
        "nearly" | "almost" | "just under" => Approx::Nearly,
        "more than" | "over" | "above" | "at least" | "exceeding" | "just over" => Approx::AtLeast,
        "less than" | "under" | "below" | "fewer than" | "up to" => Approx::AtMost,
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
    let plain: String = text.chars().filter(|c| *c != ',').collect();
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

const NUMS: [usize; 5] = [group("num"), group("num_c"), group("num_d"), group("num_e"), group("num_f")];
const SCALES: [usize; 4] = [group("scale_c"), group("scale_d"), group("scale_e"), group("scale_f")];
const CURRENCIES: [usize; 3] = [group("cur"), group("code"), group("word_cur")];
const PCT: usize = group("pct");
const UNIT: usize = group("unit");
const APPROX_GROUP: usize = group("approx");

pub fn find(text: &str) -> Vec<Found> {
    let Some(re) = FIGURE.as_ref() else {
        return Vec::new();
    };
    let mut found = Vec::new();
    super::each_match(re, text, |whole, group| {
        let get = |g: usize| group(g).map(|(s, e)| &text[s..e]);
        let pick = |groups: &[usize]| groups.iter().find_map(|&g| get(g));
        let Some((number, resolution)) = pick(&NUMS).and_then(parse_number) else {
            return;
        };
        let scale = scale_factor(pick(&SCALES).unwrap_or(""));
        let unit = if get(PCT).is_some() {
            Unit::Percent
        } else if let Some(symbol) = pick(&CURRENCIES) {
            Unit::Currency(currency_code(symbol))
        } else if let Some(unit) = get(UNIT) {
            Unit::Count(count_unit(unit))
        } else {
            return;
        };
        let approx = get(APPROX_GROUP).map_or(Approx::Exact, approx_kind);
        found.push(Found {
            start: whole.start(),
            end: whole.end(),
            value: number * scale,
            resolution: resolution * scale,
            unit,
            approx,
        });
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

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
