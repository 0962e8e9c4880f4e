//! `key-judgements-first`: after the title, a brief opens with its key
//! judgements (bold paragraphs), between `min` and `max` of them, before the first section.
//! Datelines and similar lines matching `preamble` may come first.

use crate::document::BlockKind;
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::Context;

#[derive(Debug, Clone)]
pub struct KeyJudgementsFirst {
    pub min: usize,
    pub max: usize,
    /// Paragraphs allowed before the judgements: datelines, classification lines.
    pub preamble: Pattern,
}

impl KeyJudgementsFirst {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        let blocks = &doc.blocks;
        let title = blocks.iter().position(|b| matches!(b.kind, BlockKind::Heading { level: 1 }));
        let start = title.map_or(0, |t| t + 1);
        let end = blocks[start..]
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading { .. }))
            .map_or(blocks.len(), |p| start + p);
        let preamble = |i: usize| {
            matches!(blocks[i].kind, BlockKind::Html)
                || (matches!(blocks[i].kind, BlockKind::Paragraph { bold: false, .. })
                    && self.preamble.is_match(doc.prose_text(blocks[i].span).trim()))
        };
        let opening: Vec<usize> = (start..end).filter(|&i| !preamble(i)).collect();
        let is_judgement = |i: &usize| {
            matches!(blocks[*i].kind, BlockKind::Paragraph { bold: true, .. }) && !blocks[*i].context.in_list
        };
        let judgements: Vec<usize> = opening.iter().copied().filter(is_judgement).collect();
        if let Some(&first) = opening.first().filter(|i| !is_judgement(i)).filter(|_| !judgements.is_empty()) {
            let problem = "the brief opens with text before its key judgements";
            out.push(ctx.finding(rule, blocks[first].span, &[problem], None));
        }
        if judgements.len() < self.min {
            let anchor = title.or(opening.first().copied()).or((!blocks.is_empty()).then_some(0));
            if let Some(at) = anchor {
                let problem = if judgements.is_empty() {
                    "the brief has no key judgements before its first section".to_string()
                } else {
                    format!(
                        "{} key judgements before the first section; at least {} expected",
                        judgements.len(),
                        self.min
                    )
                };
                out.push(ctx.finding(rule, blocks[at].span, &[&problem], None));
            }
        }
        if let Some(&extra) = judgements.get(self.max) {
            let problem = format!("{} key judgements before the first section; at most {}", judgements.len(), self.max);
            out.push(ctx.finding(rule, blocks[extra].span, &[&problem], None));
        }
    }
}
