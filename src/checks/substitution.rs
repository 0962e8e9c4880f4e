//! `substitution`: a term to replace by a preferred one, with the fix recorded.

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use std::sync::Arc;

use crate::rules::pattern::Pattern;
use crate::rules::words::WordList;

use super::Context;
use super::existence::exceptions_pattern;

/// Which entry a matched text is: the first whose bad side matches it whole.
#[derive(Debug, Clone)]
enum Entries {
    /// Bad sides that are literals, looked up (a list of thousands was read entry by entry).
    Listed(Arc<WordList>),
    /// Each bad side's regex, tried in order.
    Matched(Vec<Pattern>),
}

#[derive(Debug, Clone)]
pub struct Substitution {
    pattern: Pattern,
    entries: Entries,
    /// Each entry's preferred forms (`a|b` in the rule gives two).
    goods: Vec<Vec<String>>,
    ignorecase: bool,
    /// Suggest the preferred form with the matched text's leading capital.
    capitalize: bool,
    exceptions: Option<Pattern>,
}

impl Substitution {
    /// `swap` pairs are tried longest bad side first, as in Vale.
    pub fn new(
        swap: &[(String, String)],
        ignorecase: bool,
        nonword: bool,
        capitalize: bool,
        exceptions: &[String],
    ) -> Result<Substitution, String> {
        if swap.is_empty() {
            return Err("a `substitution` rule needs at least one `swap` entry".into());
        }
        let mut pairs: Vec<&(String, String)> = swap.iter().collect();
        pairs.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        let keys: Vec<String> = pairs.iter().map(|(bad, _)| bad.clone()).collect();
        let flags = if ignorecase { "(?i)" } else { "" };
        let pattern = Pattern::word_list(&keys, ignorecase, nonword)?;
        // A long list's pattern looks the keys up already: its list serves here too.
        let listed = pattern.listed_words().cloned().or_else(|| WordList::new(&keys, ignorecase).map(Arc::new));
        let entries = match listed {
            Some(listed) => Entries::Listed(listed),
            None => Entries::Matched(
                keys.iter().map(|bad| Pattern::new(&format!("{flags}^(?:{bad})$"))).collect::<Result<_, _>>()?,
            ),
        };
        Ok(Substitution {
            pattern,
            entries,
            goods: pairs.iter().map(|(_, good)| good.split('|').map(str::to_string).collect()).collect(),
            ignorecase,
            capitalize,
            exceptions: exceptions_pattern(exceptions, ignorecase)?,
        })
    }

    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        ctx.for_each_scoped_matching(rule, &self.pattern, |unit, text, span, matches| {
            let result = matches.for_each_match(unit, text, span, |s, e| {
                let matched = &text[s..e];
                if s == e || self.exceptions.as_ref().is_some_and(|x| x.is_match(matched)) {
                    return;
                }
                let entry = match &self.entries {
                    Entries::Listed(listed) => listed.place_of(matched),
                    Entries::Matched(bads) => bads.iter().position(|bad| bad.is_match(matched)),
                };
                let Some(good) = entry.and_then(|k| self.goods.get(k)) else {
                    return;
                };
                let same = |g: &String| {
                    if self.ignorecase { g.to_lowercase() == matched.to_lowercase() } else { g == matched }
                };
                if good.iter().any(same) {
                    return;
                }
                let shown: Vec<String> =
                    good.iter().map(|g| if self.capitalize { match_case(matched, g) } else { g.clone() }).collect();
                let fix = match good.as_slice() {
                    [one] => Some((match_case(matched, one), true)),
                    _ => None,
                };
                let at = Span::new(span.start + s, span.start + e);
                out.push(ctx.finding(rule, at, &[&shown.join("' or '"), matched], fix));
            });
            if let Err(error) = result {
                out.push(ctx.regex_failure(rule, span, &error));
            }
        });
    }
}

/// Capitalises the replacement when the matched text starts with a capital.
fn match_case(matched: &str, replacement: &str) -> String {
    let starts_upper = matched.chars().next().is_some_and(char::is_uppercase);
    let mut chars = replacement.chars();
    match chars.next() {
        Some(first) if starts_upper && first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => replacement.to_string(),
    }
}
