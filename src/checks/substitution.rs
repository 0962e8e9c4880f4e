//! `substitution`: a term to replace by a preferred one, with the fix recorded.

use crate::document::Span;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::{Pattern, alternation};

use super::Context;
use super::existence::exceptions_pattern;

#[derive(Debug, Clone)]
struct Swap {
    /// Matches a whole matched text against this entry's bad side.
    bad: Pattern,
    /// Preferred forms (`a|b` in the rule gives two).
    good: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct Substitution {
    pattern: Pattern,
    swaps: Vec<Swap>,
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
        let swaps = pairs
            .iter()
            .map(|(bad, good)| {
                Ok(Swap {
                    bad: Pattern::new(&format!("{flags}^(?:{bad})$"))?,
                    good: good.split('|').map(str::to_string).collect(),
                })
            })
            .collect::<Result<_, String>>()?;
        Ok(Substitution {
            pattern: Pattern::new(&alternation(&keys, ignorecase, nonword))?,
            swaps,
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
                let Some(swap) = self.swaps.iter().find(|w| w.bad.is_match(matched)) else {
                    return;
                };
                let same = |g: &String| {
                    if self.ignorecase { g.to_lowercase() == matched.to_lowercase() } else { g == matched }
                };
                if swap.good.iter().any(same) {
                    return;
                }
                let shown: Vec<String> = swap
                    .good
                    .iter()
                    .map(|g| if self.capitalize { match_case(matched, g) } else { g.clone() })
                    .collect();
                let good = shown.join("' or '");
                let fix = match swap.good.as_slice() {
                    [one] => Some((match_case(matched, one), true)),
                    _ => None,
                };
                let at = Span::new(span.start + s, span.start + e);
                out.push(ctx.finding(rule, at, &[&good, matched], fix));
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
