//! Builds the owned model: parses once (see `parse`), then splits sentences and
//! finds sections and footnotes.

use super::{Block, BlockKind, BlockSpans, Document, FootnoteDef, FootnoteRef, LineIndex, Section, Span, parse, text};

pub fn build(source: String) -> Document {
    let source = super::lines::lone_returns_as_newlines(source);
    let mut bytes = blank_prose(&source);
    // A big document's line index is made beside its parse.
    let (parsed, lines) = if source.len() >= INDEX_BESIDE_FROM {
        rayon::join(|| parse::parse(&source, &mut bytes), || LineIndex::new(&source))
    } else {
        (parse::parse(&source, &mut bytes), LineIndex::new(&source))
    };
    let parse::Parsed { blocks, images, footnote_refs, comments, front_matter } = parsed;
    let prose = super::lossy_text(bytes);
    let sentences = split_sentences(&blocks, &prose);
    let sections = sections(&blocks);
    let unresolved_refs = unresolved_refs(&prose);
    let footnote_defs = footnote_defs(&source, &blocks, &footnote_refs);
    Document {
        source,
        prose,
        lines,
        front_matter,
        blocks,
        sections,
        images,
        footnote_refs,
        unresolved_refs,
        footnote_defs,
        comments,
        sentences,
        words: Default::default(),
    }
}

/// The prose view before any text is copied in: the source with every byte but `\n` blanked.
fn blank_prose(source: &str) -> Vec<u8> {
    source.bytes().map(|b| if b == b'\n' { b'\n' } else { b' ' }).collect()
}

/// From this size, the line index is made beside the parse (see `build`).
const INDEX_BESIDE_FROM: usize = 256 * 1024;

/// The sentences of every prose block, from the prose view.
fn split_sentences(blocks: &[Block], prose: &str) -> BlockSpans {
    // About one sentence in 120 bytes of prose: the spans are not regrown sentence by sentence.
    BlockSpans::of_blocks(blocks, prose.len() / 120, |block, sentences| match block.kind {
        BlockKind::Heading { .. } => text::push_trimmed(sentences, prose, 0, block.span.start, block.span.end),
        _ if block.is_prose() => {
            text::push_sentences(&prose[block.span.start..block.span.end], block.span.start, sentences)
        }
        _ => {}
    })
}

/// `[^label]` still visible in the prose view: the parser found no definition for it.
fn unresolved_refs(prose: &str) -> Vec<FootnoteRef> {
    let mut refs = Vec::new();
    let mut from = 0;
    let opens = memchr::memmem::Finder::new("[^");
    while let Some(open) = opens.find(&prose.as_bytes()[from..]).map(|i| from + i) {
        let rest = &prose[open + 2..];
        let close = rest.find(|c: char| c == ']' || c.is_whitespace() || c == '[');
        match close {
            Some(len) if len > 0 && rest[len..].starts_with(']') && !rest[len + 1..].starts_with(':') => {
                let span = Span::new(open, open + 2 + len + 1);
                refs.push(FootnoteRef { label: rest[..len].to_string(), span });
                from = span.end;
            }
            _ => from = open + 2,
        }
    }
    refs
}

/// Definition lines in the source, outside code and HTML blocks.
fn footnote_defs(source: &str, blocks: &[Block], refs: &[FootnoteRef]) -> Vec<FootnoteDef> {
    // Code and HTML blocks are leaves: they do not overlap, and come in order.
    let mut opaque: Vec<Span> =
        blocks.iter().filter(|b| matches!(b.kind, BlockKind::Code { .. } | BlockKind::Html)).map(|b| b.span).collect();
    opaque.sort_unstable();
    let in_opaque = |at: usize| {
        let before = opaque.partition_point(|o| o.start <= at);
        before > 0 && opaque.get(before - 1).is_some_and(|o| at < o.end)
    };
    let used: std::collections::HashSet<&str> = refs.iter().map(|r| r.label.as_str()).collect();
    let mut defs = Vec::new();
    let bytes = source.as_bytes();
    // A definition opens a line with `[^`, after at most three spaces: only the `[^` are read.
    for start in memchr::memmem::find_iter(bytes, b"[^") {
        let indent = bytes[..start].iter().rev().take(4).take_while(|&&b| b == b' ').count();
        let opens_line = start == indent || bytes[start - indent - 1] == b'\n';
        if indent > 3 || !opens_line {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &bytes[start..]).map_or(source.len(), |i| start + i);
        let Some(len) = source[start + 2..line_end].find("]:") else { continue };
        let label = &source[start + 2..start + 2 + len];
        if !label.is_empty() && !label.contains(char::is_whitespace) && !in_opaque(start) {
            let used = used.contains(label);
            let span = Span::new(start, start + len + 4);
            defs.push(FootnoteDef { label: label.to_string(), span, used });
        }
    }
    defs
}

fn sections(blocks: &[Block]) -> Vec<Section> {
    let mut sections = Vec::new();
    for (i, block) in blocks.iter().enumerate() {
        let BlockKind::Heading { level } = block.kind else {
            continue;
        };
        let end = blocks[i + 1..]
            .iter()
            .position(|b| matches!(b.kind, BlockKind::Heading { level: l } if l <= level))
            .map_or(blocks.len(), |p| i + 1 + p);
        let span_end = blocks[i..end].iter().map(|b| b.span.end).max().unwrap_or(block.span.end);
        sections.push(Section { heading: i, level, span: Span::new(block.span.start, span_end), blocks: i + 1..end });
    }
    sections
}
