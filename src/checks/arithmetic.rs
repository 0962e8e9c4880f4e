//! `arithmetic`: a stated change that does not match its own numbers,
//! as in "from 190 to 174, a fall of 20%".

use std::sync::LazyLock;

use regex::Regex;

use crate::document::Span;
use crate::facts::figures::parse_number;
use crate::finding::Finding;
use crate::rules::Rule;

use super::Context;

#[derive(Debug, Clone)]
pub struct Arithmetic;

const NUM: &str = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?";

static FROM_TO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)from\s+(?:US\$\s?|\$|€|£)?(?P<a>{NUM})(?:\s?%|\s\w+)?\s+to\s+(?:US\$\s?|\$|€|£)?(?P<b>{NUM})"
    ))
    .ok()
});

static FROM: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("from"));

static CHANGE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:(?P<dir>fall|fell|drop|dropped|decline|declined|decrease|decreased|reduction|cut|rise|rose|increase|increased|growth|grew|jump|jumped|gain)\s+(?:\w+\s+){{0,2}}?(?:of|by)\s+|(?P<dir2>down|up)\s+)(?P<approx>nearly|almost|about|around|roughly|some|over|more than|just over|just under)?\s*(?P<pct>{NUM})\s?(?:%|per\s?cent|percent)"
    ))
    .ok()
});

impl Arithmetic {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let (Some(from_to), Some(change)) = (FROM_TO.as_ref(), CHANGE.as_ref()) else { return };
        let mut changes = Vec::new();
        ctx.for_each_scoped(rule, |text, span| {
            // Most units say no "from": the regex is not run on them.
            if FROM.find(text.as_bytes()).is_none() {
                return;
            }
            // The unit's stated changes, found when it first has a "from A to B".
            let mut changes_found = false;
            for ft in from_to.captures_iter(text) {
                let (Some(a), Some(b)) = (
                    ft.name("a").and_then(|m| parse_number(m.as_str())),
                    ft.name("b").and_then(|m| parse_number(m.as_str())),
                ) else {
                    continue;
                };
                if a.0 == 0.0 {
                    continue;
                }
                // The nearest stated percentage change after (or else before) "from A to B".
                let Some(whole) = ft.get(0) else { continue };
                if !changes_found {
                    changes.clear();
                    changes.extend(change.find_iter(text).map(|m| (m.start(), m.end())));
                    changes_found = true;
                }
                let after = changes.iter().find(|&&(start, _)| start >= whole.end());
                let before = changes.iter().rev().find(|&&(_, end)| end <= whole.start());
                // A match's groups are those of the search from its start.
                let Some(c) = after.or(before).and_then(|&(start, _)| change.captures_at(text, start)) else {
                    continue;
                };
                let (Some(pct_m), Some(stated)) = (c.name("pct"), c.name("pct").and_then(|m| parse_number(m.as_str())))
                else {
                    continue;
                };
                let dir = c.name("dir").or(c.name("dir2")).map(|m| m.as_str().to_lowercase()).unwrap_or_default();
                let falls = [
                    "fall",
                    "fell",
                    "drop",
                    "dropped",
                    "decline",
                    "declined",
                    "decrease",
                    "decreased",
                    "reduction",
                    "cut",
                    "down",
                ]
                .contains(&dir.as_str());
                let actual = (b.0 - a.0) / a.0 * 100.0;
                // Tolerance: the rounding of the stated figure, plus 10% of it when approximate.
                let approx = c.name("approx").is_some();
                let tolerance = stated.1 / 2.0 + if approx { stated.0 * 0.1 } else { 0.0 } + 1e-9;
                let direction_wrong = (falls && actual > 0.0) || (!falls && actual < 0.0);
                if direction_wrong || (actual.abs() - stated.0).abs() > tolerance {
                    let word = if actual < 0.0 { "fall" } else { "rise" };
                    let problem = format!(
                        "from {} to {} is a {} of {:.1}%, not {}{}",
                        ft.name("a").map_or("", |m| m.as_str()),
                        ft.name("b").map_or("", |m| m.as_str()),
                        word,
                        actual.abs(),
                        if falls { "a fall of " } else { "a rise of " },
                        &text[pct_m.start()..c.get(0).map_or(pct_m.end(), |m| m.end())]
                    );
                    let at =
                        Span::new(span.start + pct_m.start(), span.start + c.get(0).map_or(pct_m.end(), |m| m.end()));
                    out.push(ctx.finding(rule, at, &[&problem], None));
                }
            }
        });
    }
}
