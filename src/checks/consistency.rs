//! Style kept consistent within a brief: `spelling-consistency` (British or
//! American variants) and `number-format` (percent, thousands separators,
//! currency notation). The minority form is flagged, or every form the
//! configured locale does not use.

use crate::document::Span;
use crate::facts::Place;
use crate::facts::scan::next_digit_or_wide;
use crate::finding::{Finding, Fix};
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::facts::fact_finding;
use super::number_forms::{
    BIG_NUMBER, CURRENCY, PERCENT, Windows, amount_at, big_number_at, currency_parts, percent_at, percent_parts,
    separator_of,
};
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

/// A category's styles: (style, uses, first form).
type Styles<'a> = Vec<(&'a str, usize, usize)>;

/// For each form, the preferred style of its category and how often it is used,
/// when the form does not follow it: the configured style, or the majority (ties go
/// to the style seen first). Forms are given as (category, style).
fn minority<'a>(
    forms: &[(&'a str, &'a str)],
    preferred: impl Fn(&str) -> Option<String>,
) -> Vec<Option<(String, usize)>> {
    // Categories by first use, each with its styles: (style, uses, first form). Each form's
    // category and style as indices, so the last pass compares no text.
    let mut index: rustc_hash::FxHashMap<&str, usize> = rustc_hash::FxHashMap::default();
    let mut categories: Vec<(&str, Styles)> = Vec::new();
    let mut at: Vec<(usize, usize)> = Vec::with_capacity(forms.len());
    for (i, &(category, style)) in forms.iter().enumerate() {
        let c = *index.entry(category).or_insert_with(|| {
            categories.push((category, Vec::new()));
            categories.len() - 1
        });
        let styles = &mut categories[c].1;
        let s = match styles.iter().position(|&(s, _, _)| s == style) {
            Some(s) => {
                styles[s].1 += 1;
                s
            }
            None => {
                styles.push((style, 1, i));
                styles.len() - 1
            }
        };
        at.push((c, s));
    }
    // Each category's winning style (its index among the styles, None for a configured
    // one no form uses), and how often it is used, worked out once.
    let winners: Vec<Option<(Option<usize>, String, usize)>> = categories
        .iter()
        .map(|(category, styles)| {
            let preference = preferred(category);
            if styles.len() < 2 && preference.is_none() {
                return None;
            }
            let winner = preference.unwrap_or_else(|| {
                let best = styles.iter().max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)));
                best.map_or(String::new(), |b| b.0.to_string())
            });
            let won = styles.iter().position(|s| s.0 == winner);
            Some((won, winner, won.map_or(0, |k| styles[k].1)))
        })
        .collect();
    at.iter()
        .map(|&(c, s)| {
            let (won, winner, count) = winners[c].as_ref()?;
            (*won != Some(s)).then(|| (winner.clone(), *count))
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

impl NumberFormat {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let mut items = Vec::new();
        let mut windows = Windows::default();
        ctx.for_each_scoped(rule, |text, span| {
            // Every format holds a `\d`: a text without an ASCII digit or a byte past ASCII has none.
            if next_digit_or_wide(text.as_bytes(), 0).is_none() {
                return;
            }
            let at = |s: usize, e: usize| Span::new(span.start + s, span.start + e);
            if let Some(re) = PERCENT.as_ref() {
                windows.percents(text).for_each_by_hand(re, text, percent_at, |start, end| {
                    let (after_digit, words) = percent_parts(&text[start..end]);
                    let (after_digit, words) = (start + after_digit, words.map(|w| start + w));
                    // The edit spans from just after the digit, so "4 per cent" becomes "4%".
                    let edit_span = at(after_digit, end);
                    let (style, from, edit) = match words {
                        None => (PERCENT_SIGN, end - 1, (PERCENT_WORDS, edit_span, Replacement::Text(" per cent"))),
                        Some(w) => (PERCENT_WORDS, w, (PERCENT_SIGN, edit_span, Replacement::Text("%"))),
                    };
                    items.push(Form { edit: Some(edit), ..form(at(from, end), "percent", style) });
                });
            }
            if let Some(re) = BIG_NUMBER.as_ref() {
                windows.big_numbers(text).for_each_by_hand(re, text, big_number_at, |start, end| {
                    // Years and figures inside dates or codes are not quantities.
                    if text[..start].ends_with(['-', '/']) || text[end..].starts_with(['-', '/']) {
                        return;
                    }
                    let separator = separator_of(&text[start..end]);
                    let style = match separator {
                        Some(',') => THOUSANDS_COMMAS,
                        Some(_) => "thousands separated by spaces",
                        None => "thousands without separators",
                    };
                    let span = at(start, end);
                    let edit = separator.is_none().then_some((THOUSANDS_COMMAS, span, Replacement::Commas));
                    items.push(Form { edit, ..form(span, "thousands", style) });
                });
            }
            if let Some(re) = CURRENCY.as_ref() {
                windows.amounts(text).for_each_by_hand(re, text, amount_at, |start, end| {
                    let (spaced, scale) = currency_parts(&text[start..end]);
                    let style =
                        if spaced { "a space after the currency symbol" } else { "no space after the currency symbol" };
                    items.push(form(at(start, end), "currency", style));
                    if let Some(scale) = scale {
                        let words = matches!(&text[start + scale..end], "billion" | "million" | "trillion");
                        let style =
                            if words { "scales in words (million, billion)" } else { "abbreviated scales (m, bn)" };
                        items.push(form(at(start + scale, end), "scale", style));
                    }
                });
            }
        });
        report_or_keep(rule, ctx, self.across, items, |_| None, out);
    }

    pub fn finish(&self, rule: &Rule, docs: &[&CorpusDoc], out: &mut Vec<(usize, Finding)>) {
        finish_styles(rule, docs, |_| None, out);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_separators() {
        assert_eq!(super::with_commas("18000"), "18,000");
        assert_eq!(super::with_commas("1234567.25"), "1,234,567.25");
        assert_eq!(super::with_commas("100000"), "100,000");
    }

    /// `minority` by its definition: for each form, its category's configured style or
    /// else the style most used (the first seen of those tied), with how often it is used,
    /// when the form is in another style and the category has two styles or a configured one.
    fn minority_by_definition(
        forms: &[(&str, &str)],
        preferred: impl Fn(&str) -> Option<String>,
    ) -> Vec<Option<(String, usize)>> {
        let uses = |category: &str, style: &str| forms.iter().filter(|f| f.0 == category && f.1 == style).count();
        forms
            .iter()
            .map(|&(category, style)| {
                let mut styles: Vec<&str> = Vec::new();
                for f in forms.iter().filter(|f| f.0 == category) {
                    if !styles.contains(&f.1) {
                        styles.push(f.1);
                    }
                }
                let preference = preferred(category);
                if styles.len() < 2 && preference.is_none() {
                    return None;
                }
                let most = styles.iter().map(|s| uses(category, s)).max().unwrap_or(0);
                let winner = preference.unwrap_or_else(|| {
                    styles.iter().find(|s| uses(category, s) == most).map_or(String::new(), |s| s.to_string())
                });
                (style != winner).then(|| (winner.clone(), uses(category, &winner)))
            })
            .collect()
    }

    #[test]
    fn minority_styles_are_those_the_definition_flags() {
        let (categories, styles) = (["percent", "thousands", "scale"], ["a", "b", "c", "d"]);
        let mut next = crate::testing::numbers(9);
        let mut flagged = 0;
        for round in 0..500 {
            let forms: Vec<(&str, &str)> =
                (0..next(30)).map(|_| (categories[next(3) as usize], styles[next(1 + round % 4) as usize])).collect();
            // No configured style, one for a category (used or not), or one for each.
            let preferred = |category: &str| match round % 3 {
                0 => None,
                1 => (category == "percent").then(|| styles[(round / 3 % 4) as usize].to_string()),
                _ => Some("b".to_string()),
            };
            let got = super::minority(&forms, preferred);
            flagged += got.iter().flatten().count();
            assert_eq!(got, minority_by_definition(&forms, preferred), "round {round}: {forms:?}");
        }
        assert!(flagged > 1000, "{flagged}");
    }
}
