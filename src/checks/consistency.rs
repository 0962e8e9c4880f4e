//! Style kept consistent within a brief: `spelling-consistency` (British or
//! American variants) and `number-format` (percent, thousands separators,
//! currency notation). The minority form is flagged, or every form the
//! configured locale does not use.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::document::Span;
use crate::facts::Place;
use crate::finding::{Finding, Fix};
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::facts::fact_finding;
use super::{Across, Context, CorpusDoc};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
pub enum Locale {
    /// The form most used in the brief wins.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    #[serde(rename = "en-GB")]
    British,
    #[serde(rename = "en-US")]
    American,
}

#[cfg(test)]
mod tests {
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
        ];
        let mut seed: u64 = 7;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % n
        };
        (0..60_000).map(|_| (0..1 + next(9)).map(|_| pieces[next(pieces.len())]).collect()).collect()
    }

    /// Each number format's groups, as read off its matched text, are the groups its
    /// pattern captures; and the gates let through every text the pattern matches.
    #[test]
    fn parts_read_off_matches_are_the_captured_groups() {
        use super::*;
        let (percent, big, currency) =
            (PERCENT.as_ref().unwrap(), BIG_NUMBER.as_ref().unwrap(), CURRENCY.as_ref().unwrap());
        let (mut counts, mut shut) = ([0; 3], [0; 3]);
        for text in texts() {
            let gates = [may_hold_percent(&text), may_hold_big_number(&text), may_hold_currency(&text)];
            for ((re, gate), shut) in [percent, big, currency].iter().zip(gates).zip(&mut shut) {
                assert!(gate || !re.is_match(&text), "{text:?}");
                *shut += usize::from(!gate);
            }
            for c in percent.captures_iter(&text) {
                let (m, sign, words) = (c.get(0).unwrap(), c.name("sign"), c.name("words"));
                let digit = m.as_str().chars().next().unwrap().len_utf8();
                let read = percent_parts(m.as_str());
                assert_eq!(read, (digit, words.map(|w| w.start() - m.start())), "{text:?}");
                assert_eq!(sign.is_some(), read.1.is_none());
                counts[0] += 1;
            }
            for c in big.captures_iter(&text) {
                let m = c.get(0).unwrap();
                let separator = c.name("sep").map(|s| s.as_str().chars().next().unwrap());
                assert_eq!(separator_of(m.as_str()), separator, "{text:?}");
                assert_eq!(c.name("plain").is_some(), separator.is_none());
                counts[1] += 1;
            }
            for c in currency.captures_iter(&text) {
                let m = c.get(0).unwrap();
                let spaced = !c.name("space").unwrap().as_str().is_empty();
                let scale = c.name("scale").map(|s| s.start() - m.start());
                assert_eq!(currency_parts(m.as_str()), (spaced, scale), "{text:?}");
                counts[2] += 1;
            }
        }
        // Enough matches of each, and the gates shut out many texts.
        assert!(counts.iter().chain(&shut).all(|&n| n > 2_000), "{counts:?} {shut:?}");
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(super::with_commas("18000"), "18,000");
        assert_eq!(super::with_commas("1234567.25"), "1,234,567.25");
        assert_eq!(super::with_commas("100000"), "100,000");
    }
}

#[derive(Debug, Clone)]
pub struct SpellingConsistency {
    /// (British root, American root), e.g. ("organis", "organiz").
    pub pairs: Vec<(String, String)>,
    pub locale: Locale,
    pub across: Across,
    pattern: Pattern,
}

/// One occurrence of a styled form kept for the corpus phase: where it stands
/// and which style it follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Styled {
    pub place: Place,
    pub category: &'static str,
    pub style: &'static str,
    /// Safe edits that turn this form into another style: (target style, edit).
    pub edits: Vec<(&'static str, Fix)>,
}

/// A styled form as a check finds it: placed (positions, text) only when it is
/// reported or kept.
struct Form {
    span: Span,
    category: &'static str,
    style: &'static str,
    /// A safe edit into another style: (target style, span replaced, replacement).
    edit: Option<(&'static str, Span, Replacement)>,
}

/// What an edit writes.
enum Replacement {
    Text(&'static str),
    /// The matched digits with thousands separated by commas.
    Commas,
}

fn form(span: Span, category: &'static str, style: &'static str) -> Form {
    Form { span, category, style, edit: None }
}

impl Form {
    /// The safe edit into `target`, if the form has one.
    fn fix(&self, ctx: &Context, target: &str) -> Option<Fix> {
        let (_, span, replacement) = self.edit.as_ref().filter(|(to, _, _)| *to == target)?;
        let replacement = match replacement {
            Replacement::Text(text) => text.to_string(),
            Replacement::Commas => with_commas(ctx.doc.text(*span)),
        };
        Some(edit(ctx, *span, replacement))
    }

    fn styled(&self, ctx: &Context) -> Styled {
        let edits = self.edit.iter().filter_map(|(to, _, _)| Some((*to, self.fix(ctx, to)?))).collect();
        Styled { place: ctx.place(self.span), category: self.category, style: self.style, edits }
    }
}

/// A safe edit replacing `span` of the document by `replacement`.
fn edit(ctx: &Context, span: Span, replacement: String) -> Fix {
    let doc = ctx.doc;
    Fix { span, start: doc.position(span.start), end: doc.position(span.end), replacement, safe: true }
}

const PERCENT_SIGN: &str = "'%'";
const PERCENT_WORDS: &str = "'per cent' in words";
const THOUSANDS_COMMAS: &str = "thousands separated by commas";

/// `18000` written with commas: `18,000`.
fn with_commas(digits: &str) -> String {
    let (whole, fraction) = digits.split_once('.').map_or((digits, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = fraction {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// For each form, the preferred style of its category and how often it is used,
/// when the form does not follow it: the configured style, or the majority (ties go
/// to the style seen first). Forms are given as (category, style).
fn minority<'a>(
    forms: &[(&'a str, &'a str)],
    preferred: impl Fn(&str) -> Option<String>,
) -> Vec<Option<(String, usize)>> {
    let mut counts: BTreeMap<&str, Vec<(&str, usize, usize)>> = BTreeMap::new();
    for (i, &(category, style)) in forms.iter().enumerate() {
        let styles = counts.entry(category).or_default();
        match styles.iter_mut().find(|(s, _, _)| *s == style) {
            Some(entry) => entry.1 += 1,
            None => styles.push((style, 1, i)),
        }
    }
    forms
        .iter()
        .map(|&(category, style)| {
            let styles = &counts[category];
            let preference = preferred(category);
            if styles.len() < 2 && preference.is_none() {
                return None;
            }
            let winner = preference.unwrap_or_else(|| {
                let best = styles.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)));
                best.map_or(String::new(), |b| b.0.to_string())
            });
            let count = styles.iter().find(|s| s.0 == winner).map_or(0, |s| s.1);
            (style != winner).then_some((winner, count))
        })
        .collect()
}

/// The finding for a form at `place` in `style` where `whose` prefers `winner` (used `count` times).
fn minority_finding(
    rule: &Rule,
    place: &Place,
    style: &str,
    whose: &str,
    (winner, count): &(String, usize),
) -> Finding {
    let text = &place.text;
    let problem = if *count > 0 {
        format!("'{text}' is {style}; {whose} writes {winner} ({count} times)")
    } else {
        format!("'{text}' is {style}; house style is {winner}")
    };
    fact_finding(rule, place, &problem, None)
}

/// Document mode reports at once, placing only the forms it flags; corpus mode
/// keeps the forms for `finish`.
fn report_or_keep(
    rule: &Rule,
    ctx: &Context,
    across: Across,
    forms: Vec<Form>,
    preferred: impl Fn(&str) -> Option<String>,
    out: &mut Vec<Finding>,
) {
    match across {
        Across::Document => {
            let kinds: Vec<(&str, &str)> = forms.iter().map(|f| (f.category, f.style)).collect();
            for (form, flagged) in forms.iter().zip(minority(&kinds, preferred)) {
                let Some(flagged) = flagged else { continue };
                let mut finding = minority_finding(rule, &ctx.place(form.span), form.style, "this brief", &flagged);
                finding.fix = form.fix(ctx, &flagged.0).map(Box::new);
                out.push(finding);
            }
        }
        Across::Corpus => ctx.keep_styles(rule, forms.iter().map(|f| f.styled(ctx)).collect()),
    }
}

/// The corpus phase of a style rule: the preferred style over every brief.
fn finish_styles(
    rule: &Rule,
    docs: &[&CorpusDoc],
    preferred: impl Fn(&str) -> Option<String>,
    out: &mut Vec<(usize, Finding)>,
) {
    let items: Vec<(usize, &Styled)> = docs
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| doc.styles.iter().filter(|(id, _)| *id == rule.id).map(move |(_, s)| (d, s)))
        .collect();
    let kinds: Vec<(&str, &str)> = items.iter().map(|(_, s)| (s.category, s.style)).collect();
    for (&(doc, item), flagged) in items.iter().zip(minority(&kinds, preferred)) {
        let Some(flagged) = flagged else { continue };
        let mut finding = minority_finding(rule, &item.place, item.style, "the corpus", &flagged);
        finding.fix = item.edits.iter().find(|(to, _)| *to == flagged.0).map(|(_, fix)| Box::new(fix.clone()));
        out.push((doc, finding));
    }
}

impl SpellingConsistency {
    pub fn new(pairs: Vec<(String, String)>, locale: Locale, across: Across) -> Result<Self, String> {
        if pairs.is_empty() {
            return Err("a `spelling-consistency` rule needs `pairs`".into());
        }
        let mut roots: Vec<String> = pairs.iter().flat_map(|(b, a)| [regex::escape(b), regex::escape(a)]).collect();
        roots.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let pattern = Pattern::new(&format!(r"(?i)(?-u:\b)(?:{})\w*", roots.join("|")))?;
        Ok(SpellingConsistency { pairs, locale, across, pattern })
    }

    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let mut items = Vec::new();
        ctx.for_each_scoped_matching(rule, &self.pattern, |unit, text, span, matches| {
            let result = matches.for_each_match(unit, text, span, |s, e| {
                let word = &text[s..e];
                let lower = word.to_lowercase();
                // The longest root that starts the word decides the pair and side.
                let found = self
                    .pairs
                    .iter()
                    .flat_map(|(b, a)| [(b, "British spelling"), (a, "American spelling")])
                    .filter(|(root, _)| lower.starts_with(root.as_str()))
                    .max_by_key(|(root, _)| root.len());
                if let Some((_, style)) = found {
                    items.push(form(Span::new(span.start + s, span.start + e), "spelling", style));
                }
            });
            if let Err(error) = result {
                out.push(ctx.regex_failure(rule, span, &error));
            }
        });
        report_or_keep(rule, ctx, self.across, items, self.preferred(), out);
    }

    fn preferred(&self) -> impl Fn(&str) -> Option<String> {
        let locale = self.locale;
        move |_: &str| match locale {
            Locale::Auto => None,
            Locale::British => Some("British spelling".to_string()),
            Locale::American => Some("American spelling".to_string()),
        }
    }

    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        finish_styles(rule, docs, self.preferred(), out);
    }
}

#[derive(Debug, Clone)]
pub struct NumberFormat {
    pub across: Across,
}

/// The number formats. Their groups are read off the matched text (`percent_parts`,
/// `separator_of`, `currency_parts`): a capture search per match cost as much as the search.
static PERCENT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\d(?:\s?(?P<sign>%)|\s(?P<words>per\s?cent|percent)(?-u:\b))").ok());
static BIG_NUMBER: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?-u:\b)(?:\d{1,3}(?P<sep>[,\u{00A0}\u{202F}])\d{3}(?:[,\u{00A0}\u{202F}]\d{3})*|(?P<plain>\d{5,}))(?:\.\d+)?(?-u:\b)",
    )
    .ok()
});
static CURRENCY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"(?P<symbol>US\$|\$|€|£)(?P<space>\s?)\d[\d,.]*\s?(?P<scale>billion|million|trillion|bn|m|tn)?(?-u:\b)")
        .ok()
});

/// A `PERCENT` match's parts: where its digit ends, and where its words start (None: it ends in `%`).
fn percent_parts(matched: &str) -> (usize, Option<usize>) {
    let mut chars = matched.char_indices().skip(1);
    let after_digit = chars.next().map_or(matched.len(), |(i, _)| i);
    let words = (!matched.ends_with('%')).then(|| chars.next().map_or(matched.len(), |(i, _)| i));
    (after_digit, words)
}

/// A `BIG_NUMBER` match's thousands separator (None: its digits are not separated).
fn separator_of(matched: &str) -> Option<char> {
    matched.chars().find(|c| matches!(c, ',' | '\u{00A0}' | '\u{202F}'))
}

/// A `CURRENCY` match's parts: whether a space follows its symbol, and where its scale starts.
fn currency_parts(matched: &str) -> (bool, Option<usize>) {
    let symbol = ["US$", "$", "€", "£"].iter().find(|s| matched.starts_with(*s)).map_or(0, |s| s.len());
    let spaced = matched[symbol..].chars().next().is_some_and(char::is_whitespace);
    // Only the scale has letters: the number is digits, commas and points.
    let scale = matched.len() - matched.bytes().rev().take_while(u8::is_ascii_alphabetic).count();
    (spaced, (scale < matched.len()).then_some(scale))
}

/// Whether a byte may end a `\s` (an ASCII space, or the last byte of any character
/// past ASCII, which the gates below take as possibly white).
fn maybe_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r') || b >= 0x80
}

/// Whether a byte may end a `\d` (an ASCII digit, or the last byte of any character past ASCII).
fn maybe_digit(b: u8) -> bool {
    b.is_ascii_digit() || b >= 0x80
}

/// Necessary for a `PERCENT` match: a `%` after a digit, or after a space after one; or
/// `per` after a space after a digit. Units without one are not searched.
fn may_hold_percent(text: &str) -> bool {
    let bytes = text.as_bytes();
    let before = |i: usize, back: usize| i.checked_sub(back).and_then(|k| bytes.get(k)).copied();
    let digit_then_space = |i: usize| before(i, 1).is_some_and(maybe_space) && before(i, 2).is_some_and(maybe_digit);
    memchr::memchr_iter(b'%', bytes).any(|i| before(i, 1).is_some_and(maybe_digit) || digit_then_space(i))
        || memchr::memmem::find_iter(bytes, b"per").any(digit_then_space)
}

/// Necessary for a `BIG_NUMBER` match: five digits in a row, or a digit, a separator and
/// three digits (any byte past ASCII counted as a digit or separator).
fn may_hold_big_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if maybe_digit(b) {
            run += 1;
            if run >= 5 {
                return true;
            }
        } else {
            if b == b',' && run > 0 && bytes.get(i + 1..i + 4).is_some_and(|next| next.iter().all(|&d| maybe_digit(d)))
            {
                return true;
            }
            run = 0;
        }
    }
    false
}

/// Necessary for a `CURRENCY` match: one of its symbols.
fn may_hold_currency(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'$', bytes).is_some()
        || memchr::memmem::find(bytes, "€".as_bytes()).is_some()
        || memchr::memmem::find(bytes, "£".as_bytes()).is_some()
}

impl NumberFormat {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let mut items = Vec::new();
        ctx.for_each_scoped(rule, |text, span| {
            let at = |s: usize, e: usize| Span::new(span.start + s, span.start + e);
            if let Some(re) = PERCENT.as_ref().filter(|_| may_hold_percent(text)) {
                for m in re.find_iter(text) {
                    let (after_digit, words) = percent_parts(m.as_str());
                    let (after_digit, words) = (m.start() + after_digit, words.map(|w| m.start() + w));
                    // The edit spans from just after the digit, so "4 per cent" becomes "4%".
                    let edit_span = at(after_digit, m.end());
                    let (style, from, edit) = match words {
                        None => (PERCENT_SIGN, m.end() - 1, (PERCENT_WORDS, edit_span, Replacement::Text(" per cent"))),
                        Some(w) => (PERCENT_WORDS, w, (PERCENT_SIGN, edit_span, Replacement::Text("%"))),
                    };
                    items.push(Form { edit: Some(edit), ..form(at(from, m.end()), "percent", style) });
                }
            }
            if let Some(re) = BIG_NUMBER.as_ref().filter(|_| may_hold_big_number(text)) {
                for m in re.find_iter(text) {
                    // Years and figures inside dates or codes are not quantities.
                    if text[..m.start()].ends_with(['-', '/']) || text[m.end()..].starts_with(['-', '/']) {
                        continue;
                    }
                    let separator = separator_of(m.as_str());
                    let style = match separator {
                        Some(',') => THOUSANDS_COMMAS,
                        Some(_) => "thousands separated by spaces",
                        None => "thousands without separators",
                    };
                    let span = at(m.start(), m.end());
                    let edit = separator.is_none().then_some((THOUSANDS_COMMAS, span, Replacement::Commas));
                    items.push(Form { edit, ..form(span, "thousands", style) });
                }
            }
            if let Some(re) = CURRENCY.as_ref().filter(|_| may_hold_currency(text)) {
                for m in re.find_iter(text) {
                    let (spaced, scale) = currency_parts(m.as_str());
                    let style =
                        if spaced { "a space after the currency symbol" } else { "no space after the currency symbol" };
                    items.push(form(at(m.start(), m.end()), "currency", style));
                    if let Some(scale) = scale {
                        let words = matches!(&m.as_str()[scale..], "billion" | "million" | "trillion");
                        let style =
                            if words { "scales in words (million, billion)" } else { "abbreviated scales (m, bn)" };
                        items.push(form(at(m.start() + scale, m.end()), "scale", style));
                    }
                }
            }
        });
        report_or_keep(rule, ctx, self.across, items, |_| None, out);
    }

    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        finish_styles(rule, docs, |_| None, out);
    }
}
