//! `heading-style`: heading case, one H1, no skipped levels, no empty sections.

use crate::document::BlockKind;
use crate::finding::Finding;
use crate::rules::Rule;

use super::Context;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Case {
    Upper,
    Title,
    Sentence,
}

#[derive(Debug, Clone)]
pub struct HeadingStyle {
    pub case: Option<Case>,
    /// Levels the case applies to; empty means all.
    pub case_levels: Vec<u8>,
    pub single_h1: bool,
    pub no_skipped_levels: bool,
    pub no_empty_sections: bool,
}

/// Words that stay lower case inside a title.
const SMALL_WORDS: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "nor", "of", "on", "or", "over", "per",
    "the", "to", "vs", "via", "with", "without",
];

impl HeadingStyle {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        let headings: Vec<(usize, u8)> = doc
            .blocks
            .iter()
            .enumerate()
            .filter_map(|(i, b)| match b.kind {
                BlockKind::Heading { level } if !b.context.in_list && !b.context.in_quote => Some((i, level)),
                _ => None,
            })
            .collect();
        let mut h1_seen = false;
        let mut previous: Option<u8> = None;
        for &(i, level) in &headings {
            let block = &doc.blocks[i];
            let text = doc.prose_text(block.span).trim();
            if let Some(problem) = self.case_problem(level, text) {
                out.push(ctx.finding(rule, block.span, &[&problem], None));
            }
            if level == 1 && self.single_h1 {
                if h1_seen {
                    out.push(ctx.finding(rule, block.span, &["a brief has one H1; this is a second"], None));
                }
                h1_seen = true;
            }
            if let Some(prev) = previous.filter(|&p| self.no_skipped_levels && level > p + 1) {
                let problem = format!("heading level skips from H{prev} to H{level}");
                out.push(ctx.finding(rule, block.span, &[&problem], None));
            }
            previous = Some(level);
            if self.no_empty_sections && level > 1 {
                let next_block = doc.blocks[i + 1..].iter().find(|b| !matches!(b.kind, BlockKind::Html));
                let empty = match next_block.map(|b| &b.kind) {
                    None => true,
                    Some(BlockKind::Heading { level: next }) => *next <= level,
                    Some(_) => false,
                };
                if empty {
                    out.push(ctx.finding(rule, block.span, &["section has no content"], None));
                }
            }
        }
    }

    fn case_problem(&self, level: u8, text: &str) -> Option<String> {
        let case = self.case?;
        if !self.case_levels.is_empty() && !self.case_levels.contains(&level) {
            return None;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        let capitalised = |w: &str| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase);
        let starts_lower = |w: &str| w.chars().next().is_some_and(char::is_lowercase);
        let ok = match case {
            Case::Upper => !text.chars().any(char::is_lowercase),
            Case::Title => words.iter().enumerate().all(|(k, w)| {
                let small = SMALL_WORDS.contains(&w.to_lowercase().as_str());
                !starts_lower(w) || (small && k > 0 && k + 1 < words.len())
            }),
            Case::Sentence => {
                // Only a heading that is plainly title case is flagged: proper nouns are capitalised anyway.
                let long: Vec<&&str> = words.iter().skip(1).filter(|w| w.chars().count() >= 4).collect();
                let titled = long.iter().filter(|w| capitalised(w) && w.chars().any(char::is_lowercase)).count();
                words.first().is_none_or(|w| capitalised(w)) && !(long.len() >= 3 && titled == long.len())
            }
        };
        (!ok).then(|| {
            let name = match case {
                Case::Upper => "upper case",
                Case::Title => "title case",
                Case::Sentence => "sentence case",
            };
            format!("H{level} heading is not in {name}")
        })
    }
}
