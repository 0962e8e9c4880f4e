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

/// One occurrence of a styled form: where it stands and which style it follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Styled {
    pub place: Place,
    pub category: &'static str,
    pub style: String,
    /// Safe edits that turn this form into another style: (target style, edit).
    pub edits: Vec<(&'static str, Fix)>,
}

fn styled(ctx: &Context, span: Span, category: &'static str, style: &str) -> Styled {
    Styled { place: ctx.place(span), category, style: style.to_string(), edits: Vec::new() }
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

/// The findings for the forms that do not follow the preferred style of their
/// category: the configured one, or the majority (ties go to the form seen
/// first). `items` pair each form with the index of its document.
fn flag_minority(
    rule: &Rule,
    items: &[(usize, &Styled)],
    preferred: impl Fn(&str) -> Option<String>,
    whose: &str,
) -> Vec<(usize, Finding)> {
    let mut counts: BTreeMap<&str, Vec<(&str, usize, usize)>> = BTreeMap::new();
    for (i, (_, item)) in items.iter().enumerate() {
        let styles = counts.entry(item.category).or_default();
        match styles.iter_mut().find(|(s, _, _)| *s == item.style) {
            Some(entry) => entry.1 += 1,
            None => styles.push((&item.style, 1, i)),
        }
    }
    let mut out = Vec::new();
    for &(doc, item) in items {
        let styles = &counts[item.category];
        if styles.len() < 2 && preferred(item.category).is_none() {
            continue;
        }
        let winner = preferred(item.category).unwrap_or_else(|| {
            let best = styles.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)));
            best.map_or(String::new(), |b| b.0.to_string())
        });
        if item.style == winner {
            continue;
        }
        let count = styles.iter().find(|s| s.0 == winner).map_or(0, |s| s.1);
        let text = &item.place.text;
        let problem = if count > 0 {
            format!("'{text}' is {}; {whose} writes {winner} ({count} times)", item.style)
        } else {
            format!("'{text}' is {}; house style is {winner}", item.style)
        };
        let mut finding = fact_finding(rule, &item.place, &problem, None);
        finding.fix = item.edits.iter().find(|(to, _)| *to == winner).map(|(_, fix)| Box::new(fix.clone()));
        out.push((doc, finding));
    }
    out
}

/// Document mode reports at once; corpus mode keeps the forms for `finish`.
fn report_or_keep(
    rule: &Rule,
    ctx: &Context,
    across: Across,
    items: Vec<Styled>,
    preferred: impl Fn(&str) -> Option<String>,
    out: &mut Vec<Finding>,
) {
    match across {
        Across::Document => {
            let pairs: Vec<(usize, &Styled)> = items.iter().map(|i| (0, i)).collect();
            out.extend(flag_minority(rule, &pairs, preferred, "this brief").into_iter().map(|(_, f)| f));
        }
        Across::Corpus => ctx.keep_styles(rule, items),
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
    out.extend(flag_minority(rule, &items, preferred, "the corpus"));
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

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let mut items = Vec::new();
        ctx.for_each_scoped(rule, |text, span| {
            let result = self.pattern.for_each_match(text, |s, e| {
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
                    items.push(styled(ctx, Span::new(span.start + s, span.start + e), "spelling", style));
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

impl NumberFormat {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let mut items = Vec::new();
        ctx.for_each_scoped(rule, |text, span| {
            let at = |s: usize, e: usize| Span::new(span.start + s, span.start + e);
            if let Some(re) = PERCENT.as_ref() {
                for c in re.captures_iter(text) {
                    let Some(m) = c.name("sign").or(c.name("words")) else { continue };
                    // The edit spans from just after the digit, so "4 per cent" becomes "4%".
                    let after_digit = c.get(0).map_or(m.start(), |w| w.start() + 1);
                    let mut item = styled(ctx, at(m.start(), m.end()), "percent", PERCENT_WORDS);
                    if c.name("sign").is_some() {
                        item.style = PERCENT_SIGN.to_string();
                        item.edits.push((PERCENT_WORDS, edit(ctx, at(after_digit, m.end()), " per cent".into())));
                    } else {
                        item.edits.push((PERCENT_SIGN, edit(ctx, at(after_digit, m.end()), "%".into())));
                    }
                    items.push(item);
                }
            }
            if let Some(re) = BIG_NUMBER.as_ref() {
                for c in re.captures_iter(text) {
                    let Some(m) = c.get(0) else { continue };
                    // Years and figures inside dates or codes are not quantities.
                    if text[..m.start()].ends_with(['-', '/']) || text[m.end()..].starts_with(['-', '/']) {
                        continue;
                    }
                    let style = match c.name("sep").map(|s| s.as_str()) {
                        Some(",") => THOUSANDS_COMMAS,
                        Some(_) => "thousands separated by spaces",
                        None => "thousands without separators",
                    };
                    let mut item = styled(ctx, at(m.start(), m.end()), "thousands", style);
                    if c.name("plain").is_some() {
                        let commas = with_commas(m.as_str());
                        item.edits.push((THOUSANDS_COMMAS, edit(ctx, at(m.start(), m.end()), commas)));
                    }
                    items.push(item);
                }
            }
            if let Some(re) = CURRENCY.as_ref() {
                for c in re.captures_iter(text) {
                    let Some(m) = c.get(0) else { continue };
                    let spaced = c.name("space").is_some_and(|s| !s.as_str().is_empty());
                    let style =
                        if spaced { "a space after the currency symbol" } else { "no space after the currency symbol" };
                    items.push(styled(ctx, at(m.start(), m.end()), "currency", style));
                    if let Some(scale) = c.name("scale") {
                        let words = matches!(scale.as_str(), "billion" | "million" | "trillion");
                        let style =
                            if words { "scales in words (million, billion)" } else { "abbreviated scales (m, bn)" };
                        items.push(styled(ctx, at(scale.start(), scale.end()), "scale", style));
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
