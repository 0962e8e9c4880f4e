//! Scope selectors: which parts of a brief a rule reads.
//!
//! A scope is a list of alternatives; each alternative joins names with `&`,
//! and `~name` negates one: `paragraph & ~blockquote`, `heading.h2`, `sentence & judgement`.

use crate::document::{BlockKind, Document, Span};

/// Tags a unit of text can carry, as bits.
pub mod tag {
    pub const TEXT: u32 = 1 << 0;
    pub const HEADING: u32 = 1 << 1;
    pub const PARAGRAPH: u32 = 1 << 2;
    pub const LIST: u32 = 1 << 3;
    pub const BLOCKQUOTE: u32 = 1 << 4;
    pub const TABLE: u32 = 1 << 5;
    pub const TABLE_CELL: u32 = 1 << 6;
    pub const TABLE_HEADER: u32 = 1 << 7;
    pub const CAPTION: u32 = 1 << 8;
    pub const SOURCE: u32 = 1 << 9;
    pub const ALT: u32 = 1 << 10;
    pub const FOOTNOTE: u32 = 1 << 11;
    pub const JUDGEMENT: u32 = 1 << 12;
    pub const SUMMARY: u32 = 1 << 13;
    pub const FRONT_MATTER: u32 = 1 << 14;
    pub const RAW: u32 = 1 << 15;
    /// `heading.h1` … `heading.h6` are bits 16 to 21.
    pub const fn heading_level(level: u8) -> u32 {
        1 << (15 + level as u32)
    }
}

/// Names accepted in a scope, with their tags.
const NAMES: &[(&str, u32)] = &[
    ("text", tag::TEXT),
    ("heading", tag::HEADING),
    ("paragraph", tag::PARAGRAPH),
    ("list", tag::LIST),
    ("blockquote", tag::BLOCKQUOTE),
    ("table", tag::TABLE),
    ("table.cell", tag::TABLE_CELL),
    ("table.header", tag::TABLE_HEADER),
    ("caption", tag::CAPTION),
    // Vale's names for captions.
    ("figure.caption", tag::CAPTION),
    ("table.caption", tag::CAPTION),
    ("source", tag::SOURCE),
    ("alt", tag::ALT),
    ("footnote", tag::FOOTNOTE),
    ("judgement", tag::JUDGEMENT),
    ("summary", tag::SUMMARY),
    ("front-matter", tag::FRONT_MATTER),
    ("raw", tag::RAW),
];

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Alternative {
    include: u32,
    exclude: u32,
    /// Read each sentence of the selected units separately.
    sentence: bool,
    /// `front-matter.KEY`: only that key.
    key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Scope {
    alternatives: Vec<Alternative>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope::parse(&["text"]).unwrap_or(Scope { alternatives: Vec::new() })
    }
}

/// A piece of a document a rule can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub tags: u32,
    pub span: Span,
    /// Index of the block it comes from, if any.
    pub block: Option<usize>,
    /// Front matter key, for front matter values.
    pub key: Option<String>,
}

/// Units of these tags read the source, not the prose view.
const SOURCE_TAGS: u32 = tag::ALT | tag::FRONT_MATTER | tag::RAW;

impl Unit {
    /// Prose units read the prose view; alt text, front matter and raw read the source.
    pub fn text<'d>(&self, doc: &'d Document, span: Span) -> &'d str {
        if self.reads_source() { doc.text(span) } else { doc.prose_text(span) }
    }

    pub fn reads_source(&self) -> bool {
        self.tags & SOURCE_TAGS != 0
    }
}

impl Scope {
    pub fn parse<S: AsRef<str>>(items: &[S]) -> Result<Scope, String> {
        let alternatives = items.iter().map(|item| parse_alternative(item.as_ref())).collect::<Result<Vec<_>, _>>()?;
        if alternatives.is_empty() {
            return Err("a scope needs at least one selector".into());
        }
        Ok(Scope { alternatives })
    }

    /// Whether the scope selects units that read the source (alt text, front matter, raw).
    pub fn reads_source(&self) -> bool {
        self.alternatives.iter().any(|a| a.include & SOURCE_TAGS != 0)
    }

    /// Spans of `units` this scope reads (sentences where asked), sorted and distinct.
    pub fn select(&self, doc: &Document, units: &[Unit]) -> Vec<(usize, Span)> {
        // Room for a span a unit: the vector is not regrown span by span.
        let mut spans = Vec::with_capacity(units.len());
        for (i, unit) in units.iter().enumerate() {
            for alt in &self.alternatives {
                let keyed = alt.key.as_ref().is_none_or(|k| unit.key.as_ref() == Some(k));
                if unit.tags & alt.include != alt.include || unit.tags & alt.exclude != 0 || !keyed {
                    continue;
                }
                match (alt.sentence, unit.block) {
                    (true, Some(b)) => spans.extend(doc.sentences_of(b).iter().map(|&s| (i, s))),
                    (true, None) => {}
                    (false, _) => spans.push((i, unit.span)),
                }
            }
        }
        spans.sort_by_key(|&(i, s)| (s, i));
        spans.dedup_by_key(|&mut (_, s)| s);
        spans
    }
}

fn parse_alternative(text: &str) -> Result<Alternative, String> {
    let mut alt = Alternative { include: 0, exclude: 0, sentence: false, key: None };
    for part in text.split('&').map(str::trim) {
        let (negated, name) = match part.strip_prefix('~') {
            Some(rest) => (true, rest.trim()),
            None => (false, part),
        };
        let bits = if name == "sentence" {
            if negated {
                return Err("`~sentence` is not a scope: sentences cannot be excluded".into());
            }
            alt.sentence = true;
            0
        } else if let Some(key) = name.strip_prefix("front-matter.") {
            if negated || key.is_empty() {
                return Err(format!("`{part}` is not a valid front matter scope"));
            }
            alt.key = Some(key.to_string());
            tag::FRONT_MATTER
        } else {
            lookup(name).ok_or_else(|| unknown(name))?
        };
        if negated {
            alt.exclude |= bits;
        } else {
            alt.include |= bits;
        }
    }
    if alt.include == 0 {
        // `sentence` alone, or only negations, reads all prose.
        alt.include = tag::TEXT;
    }
    Ok(alt)
}

fn lookup(name: &str) -> Option<u32> {
    if let Some(level) = name.strip_prefix("heading.h") {
        return match level.parse::<u8>() {
            Ok(n @ 1..=6) => Some(tag::HEADING | tag::heading_level(n)),
            _ => None,
        };
    }
    NAMES.iter().find(|(n, _)| *n == name).map(|&(_, bits)| bits)
}

fn unknown(name: &str) -> String {
    let names: Vec<&str> = NAMES.iter().map(|(n, _)| *n).collect();
    format!(
        "unknown scope `{name}`; expected one of {}, sentence, heading.h1 … heading.h6, front-matter.KEY",
        names.join(", ")
    )
}

/// Every unit of `doc` with its tags, in document order.
pub fn units(doc: &Document) -> Vec<Unit> {
    let mut units = Vec::with_capacity(doc.blocks.len() + 2);
    units.push(Unit { tags: tag::RAW, span: Span::new(0, doc.source.len()), block: None, key: None });
    if let Some(fm) = &doc.front_matter {
        for field in &fm.fields {
            if let Some(span) = field.value_span {
                let key = Some(field.key.clone());
                units.push(Unit { tags: tag::FRONT_MATTER, span, block: None, key });
            }
        }
    }
    let mut previous: Option<&BlockKind> = None;
    for (i, block) in doc.blocks.iter().enumerate() {
        let tags = match &block.kind {
            BlockKind::Heading { level } => tag::TEXT | tag::HEADING | tag::heading_level(*level),
            BlockKind::Paragraph { bold, .. } => {
                let mut t = tag::TEXT;
                t |= if block.context.in_list { tag::LIST } else { tag::PARAGRAPH | tag::SUMMARY };
                if block.context.in_quote {
                    t |= tag::BLOCKQUOTE;
                }
                if block.context.in_footnote {
                    t |= tag::FOOTNOTE;
                }
                if *bold {
                    t |= tag::JUDGEMENT;
                }
                let text = doc.prose_text(block.span).trim_start();
                if text.starts_with("Source:") || text.starts_with("Sources:") {
                    t |= tag::SOURCE;
                } else if matches!(previous, Some(BlockKind::Figure { .. } | BlockKind::Table { .. }))
                    || previous_is_source_after_figure(doc, i)
                {
                    t |= tag::CAPTION;
                }
                t
            }
            BlockKind::TableCell { header, .. } => {
                let cell = if *header { tag::TABLE_HEADER } else { tag::TABLE_CELL };
                tag::TEXT | tag::TABLE | cell
            }
            _ => 0,
        };
        if tags != 0 {
            units.push(Unit { tags, span: block.span, block: Some(i), key: None });
        }
        if !matches!(block.kind, BlockKind::TableCell { .. }) {
            previous = Some(&block.kind);
        }
    }
    for image in &doc.images {
        if !image.alt.is_empty() {
            units.push(Unit { tags: tag::ALT, span: image.alt, block: None, key: None });
        }
    }
    units
}

/// True when block `i` follows a `Source:` line that itself follows a figure or table.
fn previous_is_source_after_figure(doc: &Document, i: usize) -> bool {
    let mut before = doc.blocks[..i].iter().rev().filter(|b| !matches!(b.kind, BlockKind::TableCell { .. }));
    match (before.next(), before.next()) {
        (Some(source), Some(figure)) => {
            matches!(figure.kind, BlockKind::Figure { .. } | BlockKind::Table { .. })
                && doc.prose_text(source.span).trim_start().starts_with("Source:")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_conjunctions_negations_and_levels() {
        let scope = Scope::parse(&["paragraph & ~blockquote", "heading.h2"]).unwrap();
        assert_eq!(scope.alternatives[0].include, tag::PARAGRAPH);
        assert_eq!(scope.alternatives[0].exclude, tag::BLOCKQUOTE);
        assert_eq!(scope.alternatives[1].include, tag::HEADING | tag::heading_level(2));
    }

    #[test]
    fn unknown_names_are_errors() {
        assert!(Scope::parse(&["paragrah"]).unwrap_err().contains("unknown scope `paragrah`"));
        assert!(Scope::parse(&["heading.h7"]).is_err());
    }

    #[test]
    fn selects_sentences_of_judgements_only() {
        let doc = Document::parse("# T\n\n**We judge Baku will agree. It may fall.**\n\nPlain text. More.\n");
        let scope = Scope::parse(&["sentence & judgement"]).unwrap();
        let picked: Vec<&str> = scope.select(&doc, &units(&doc)).iter().map(|&(_, s)| doc.prose_text(s)).collect();
        assert_eq!(picked, ["We judge Baku will agree.", "It may fall."]);
    }
}
