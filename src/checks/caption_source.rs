//! `caption-source`: every picture (and table, when asked) has a caption and a
//! `Source:` line right after it, in either order; every `Source:` line belongs
//! to a picture or table and names its source in the house format.

use crate::document::{Block, BlockKind, Document};
use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::Context;

#[derive(Debug, Clone)]
pub struct CaptionSource {
    pub tables: bool,
    /// Recognises a source line (default `^Sources?:`).
    pub source: Pattern,
    /// A well-formed source line (default: ends with `Name (Agency)`); None accepts any.
    pub format: Option<Pattern>,
    /// A paragraph just before a table that is its caption (default `^(Table|Figure|Chart|Map) \d+`).
    pub caption_before: Pattern,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Source,
    Caption,
    Other,
}

impl CaptionSource {
    fn text<'d>(doc: &'d Document, block: &Block) -> &'d str {
        doc.prose_text(block.span).trim()
    }

    fn role(&self, doc: &Document, block: Option<&Block>) -> Role {
        match block {
            Some(b) if matches!(b.kind, BlockKind::Paragraph { .. }) && !b.context.in_footnote => {
                if self.source.is_match(Self::text(doc, b)) { Role::Source } else { Role::Caption }
            }
            _ => Role::Other,
        }
    }

    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        // Blocks that matter for adjacency: no table cells, no HTML comments.
        let seq: Vec<usize> = (0..doc.blocks.len())
            .filter(|&i| !matches!(doc.blocks[i].kind, BlockKind::TableCell { .. } | BlockKind::Html))
            .collect();
        let mut owned = vec![false; doc.blocks.len()];
        for (k, &i) in seq.iter().enumerate() {
            let block = &doc.blocks[i];
            let (what, span) = match &block.kind {
                BlockKind::Figure { image } => ("picture", doc.images.get(*image).map_or(block.span, |m| m.span)),
                BlockKind::Table { .. } if self.tables => ("table", block.span),
                _ => continue,
            };
            let next = |n: usize| seq.get(k + n).map(|&j| (j, &doc.blocks[j]));
            let roles = [self.role(doc, next(1).map(|x| x.1)), self.role(doc, next(2).map(|x| x.1))];
            let mut caption = roles[0] == Role::Caption || (roles[0] == Role::Source && roles[1] == Role::Caption);
            let source = match roles {
                [Role::Source, _] => next(1),
                [Role::Caption, Role::Source] => next(2),
                _ => None,
            };
            if what == "table" && !caption {
                let before = k.checked_sub(1).map(|p| &doc.blocks[seq[p]]);
                caption = self.role(doc, before) == Role::Caption
                    && before.is_some_and(|b| self.caption_before.is_match(Self::text(doc, b)));
            }
            if !caption {
                out.push(ctx.finding(rule, span, &[&format!("{what} has no caption")], None));
            }
            match source {
                Some((j, _)) => owned[j] = true,
                None => out.push(ctx.finding(rule, span, &[&format!("{what} has no `Source:` line")], None)),
            }
        }
        for (i, block) in doc.blocks.iter().enumerate() {
            if self.role(doc, Some(block)) != Role::Source {
                continue;
            }
            let text = Self::text(doc, block);
            if !owned[i] {
                out.push(ctx.finding(rule, block.span, &["`Source:` line belongs to no picture or table"], None));
            }
            let named = text.split_once(':').map_or("", |(_, rest)| rest.trim());
            if named.is_empty() {
                out.push(ctx.finding(rule, block.span, &["`Source:` line names no source"], None));
            } else if self.format.as_ref().is_some_and(|f| !f.is_match(text)) {
                out.push(ctx.finding(rule, block.span, &["`Source:` line is not in the house format"], None));
            }
        }
    }
}
