//! Walks comrak's tree once and fills the owned model.

use comrak::nodes::{AstNode, ListType, NodeValue, Sourcepos};
use comrak::{Arena, Options, parse_document};

use super::{
    Block, BlockKind, BlockSpans, Comment, Context, Document, FootnoteDef, FootnoteRef, FrontMatter, Image, LineIndex,
    Section, Span, text,
};

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.front_matter_delimiter = Some("---".into());
    options.extension.footnotes = true;
    options.extension.table = true;
    options.extension.strikethrough = true;
    options
}

struct Builder<'s, 'a> {
    source: &'s str,
    /// The inline nodes still to visit, kept from block to block.
    inline_stack: Vec<&'a AstNode<'a>>,
    lines: LineIndex,
    prose: Vec<u8>,
    blocks: Vec<Block>,
    images: Vec<Image>,
    footnote_refs: Vec<FootnoteRef>,
    comments: Vec<Comment>,
    front_matter: Option<FrontMatter>,
}

pub fn build(source: String) -> Document {
    let source = super::lines::lone_returns_as_newlines(source);
    let big = source.len() >= SPLIT_BESIDE_FROM;
    let (mut blocks, mut prose, mut built) = (Vec::new(), String::new(), None);
    let mut sentences = BlockSpans::default();
    rayon::in_place_scope(|scope| {
        let arena = Arena::new();
        let parse = || parse_document(&arena, &source, &options());
        // What needs only the source is made beside the parse of a big document.
        let index = || (LineIndex::new(&source), blank_prose(&source));
        let (root, (lines, blank)) = if big {
            let mut made = None;
            let root = rayon::in_place_scope(|beside| {
                beside.spawn(|_| made = Some(index()));
                parse()
            });
            (root, made.unwrap_or_else(index))
        } else {
            (parse(), index())
        };
        let mut builder = Builder {
            source: &source,
            inline_stack: Vec::new(),
            lines,
            prose: blank,
            blocks: Vec::new(),
            images: Vec::new(),
            footnote_refs: Vec::new(),
            comments: Vec::new(),
            front_matter: None,
        };
        builder.blocks(root);
        let Builder { lines, prose: bytes, blocks: made, images, footnote_refs, comments, front_matter, .. } = builder;
        blocks = made;
        built = Some((lines, images, footnote_refs, comments, front_matter));
        prose = super::lossy_text(bytes);
        let (blocks, prose, sentences) = (&blocks, &prose, &mut sentences);
        // A big document's sentences are split on another thread while this one frees the tree.
        if big {
            scope.spawn(move |_| *sentences = split_sentences(blocks, prose));
        } else {
            *sentences = split_sentences(blocks, prose);
        }
    });
    let (lines, images, footnote_refs, comments, front_matter) = built.unwrap_or_default();
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

/// From this size, the line index is made beside comrak's parse and sentences are
/// split beside the freeing of its tree (see `build`).
const SPLIT_BESIDE_FROM: usize = 256 * 1024;

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

/// `[^label]` still visible in the prose view: comrak found no definition for it.
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

/// Parses with comrak and drops the tree: the parsing ceiling, for benchmarks.
/// Returns the number of nodes so the work cannot be optimised away.
pub fn comrak_only(source: &str) -> usize {
    let arena = Arena::new();
    parse_document(&arena, source, &options()).descendants().count()
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

impl<'s, 'a> Builder<'s, 'a> {
    /// Byte span of a comrak source position (columns are 1-based bytes, end inclusive).
    fn span(&self, pos: Sourcepos) -> Span {
        let at = |line: usize, column: usize| {
            self.lines.line_start(line).map(|s| (s + column.saturating_sub(1)).min(self.source.len()))
        };
        let start = at(pos.start.line, pos.start.column).unwrap_or(0);
        let end = at(pos.end.line, pos.end.column + 1).unwrap_or(self.source.len()).max(start);
        let start = super::lines::floor_char_boundary(self.source, start);
        let end = super::lines::ceil_char_boundary(self.source, end);
        Span::new(start, end)
    }

    fn push(&mut self, kind: BlockKind, span: Span, context: Context) -> usize {
        self.blocks.push(Block { kind, span, context });
        self.blocks.len() - 1
    }

    /// Walks the block tree in document order with an explicit stack, so nesting
    /// depth (20,000 quote markers) cannot overflow the thread's stack.
    fn blocks(&mut self, root: &'a AstNode<'a>) {
        let mut stack: Vec<(&'a AstNode<'a>, Context)> = Vec::new();
        let mut children = Vec::new();
        stack.extend(root.reverse_children().map(|c| (c, Context::default())));
        while let Some((node, context)) = stack.pop() {
            children.clear();
            self.block(node, context, &mut children);
            stack.extend(children.drain(..).rev());
        }
    }

    /// Records one block and returns (in `children`) the blocks inside it to visit next.
    fn block(&mut self, node: &'a AstNode<'a>, context: Context, children: &mut Vec<(&'a AstNode<'a>, Context)>) {
        // Read in place: cloning the node would copy its text (a code block's, an HTML block's).
        let data = node.data();
        let span = self.span(data.sourcepos);
        match &data.value {
            NodeValue::FrontMatter(raw) => {
                // It opens the file, after a byte order mark if there is one (comrak leaves it out).
                let start = if self.source.starts_with(super::lines::BOM) { super::lines::BOM.len() } else { 0 };
                self.front_matter = Some(FrontMatter::parse(raw.trim_end_matches('\n'), start));
            }
            NodeValue::Heading(h) => {
                self.push(BlockKind::Heading { level: h.level }, span, context);
                self.inlines(node);
            }
            NodeValue::Paragraph => self.paragraph(node, span, context),
            NodeValue::List(list) => {
                let items = node.children().count();
                let ordered = list.list_type == ListType::Ordered;
                self.push(BlockKind::List { ordered, items }, span, context);
                let inner = Context { in_list: true, ..context };
                children.extend(node.children().flat_map(|item| item.children()).map(|c| (c, inner)));
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                self.push(BlockKind::Quote, span, context);
                let inner = Context { in_quote: true, ..context };
                children.extend(node.children().map(|c| (c, inner)));
            }
            NodeValue::FootnoteDefinition(def) => {
                self.push(BlockKind::FootnoteDefinition { label: def.name.clone() }, span, context);
                let inner = Context { in_footnote: true, ..context };
                children.extend(node.children().map(|c| (c, inner)));
            }
            NodeValue::Table(table) => self.table(node, span, context, table.alignments.len()),
            NodeValue::CodeBlock(code) => {
                self.push(BlockKind::Code { info: code.info.clone() }, span, context);
            }
            NodeValue::HtmlBlock(html) => {
                self.push(BlockKind::Html, span, context);
                self.comments_in(&html.literal, span.start);
            }
            NodeValue::ThematicBreak => {
                self.push(BlockKind::ThematicBreak, span, context);
            }
            _ => children.extend(node.children().map(|c| (c, context))),
        }
    }

    fn paragraph(&mut self, node: &'a AstNode<'a>, span: Span, context: Context) {
        let mut visible = node.children().filter(|c| match &c.data().value {
            NodeValue::Text(t) => !t.trim().is_empty(),
            NodeValue::SoftBreak | NodeValue::LineBreak => false,
            _ => true,
        });
        let first = visible.next();
        let only = first.filter(|_| visible.next().is_none());
        let image = only.and_then(|n| match &n.data().value {
            NodeValue::Image(_) => Some(n),
            NodeValue::Link(_) => {
                let mut kids = n.children();
                match (kids.next(), kids.next()) {
                    (Some(k), None) if matches!(k.data().value, NodeValue::Image(_)) => Some(k),
                    _ => None,
                }
            }
            _ => None,
        });
        if image.is_some() {
            let index = self.push(BlockKind::Figure { image: self.images.len() }, span, context);
            self.inlines_of(node, index);
            return;
        }
        let bold = only.is_some_and(|n| matches!(n.data().value, NodeValue::Strong));
        let bold_lead =
            first.filter(|n| matches!(n.data().value, NodeValue::Strong)).map(|n| self.span(n.data().sourcepos));
        let index = self.push(BlockKind::Paragraph { bold, bold_lead }, span, context);
        self.inlines_of(node, index);
    }

    fn table(&mut self, node: &'a AstNode<'a>, span: Span, context: Context, columns: usize) {
        let rows = node.children().count();
        self.push(BlockKind::Table { rows, columns }, span, context);
        for (row, row_node) in node.children().enumerate() {
            let header = matches!(row_node.data().value, NodeValue::TableRow(true));
            for (column, cell) in row_node.children().enumerate() {
                let cell_span = self.span(cell.data().sourcepos);
                let kind = BlockKind::TableCell { header, row, column };
                let index = self.push(kind, cell_span, context);
                self.inlines_of(cell, index);
            }
        }
    }

    fn inlines(&mut self, node: &'a AstNode<'a>) {
        let index = self.blocks.len() - 1;
        self.inlines_of(node, index);
    }

    /// Copies prose text into the prose view and records images, footnote
    /// references and comments found inline.
    fn inlines_of(&mut self, node: &'a AstNode<'a>, block: usize) {
        // An explicit stack in document order: nesting depth cannot overflow the thread's stack.
        let mut stack = std::mem::take(&mut self.inline_stack);
        stack.extend(node.reverse_children());
        while let Some(child) = stack.pop() {
            // Read in place: cloning the node would copy its text.
            let data = child.data();
            let span = self.span(data.sourcepos);
            match &data.value {
                NodeValue::Text(text) => self.copy_text(span, text),
                NodeValue::Image(link) => {
                    let alt = child
                        .children()
                        .map(|c| self.span(c.data().sourcepos))
                        .reduce(|a, b| Span::new(a.start.min(b.start), a.end.max(b.end)))
                        .unwrap_or(Span::new(span.start + 2, span.start + 2));
                    self.images.push(Image { span, alt, url: link.url.clone(), block });
                }
                NodeValue::FootnoteReference(r) => {
                    self.footnote_refs.push(FootnoteRef { label: r.name.clone(), span });
                }
                NodeValue::HtmlInline(html) => self.comments_in(html, span.start),
                NodeValue::Code(_) => {}
                _ => stack.extend(child.reverse_children()),
            }
        }
        self.inline_stack = stack;
    }

    /// Makes `span` visible in the prose view. Where comrak's text differs from
    /// the source (escapes, entities), the markup characters stay blank.
    fn copy_text(&mut self, span: Span, text: &str) {
        let source = &self.source[span.start..span.end];
        let target = &mut self.prose[span.start..span.end];
        if source == text {
            target.copy_from_slice(source.as_bytes());
            return;
        }
        let bytes = source.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b == b'\\' && bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) {
                target[i + 1] = bytes[i + 1];
                i += 2;
            } else if b == b'&' {
                let len = entity_len(&bytes[i..]);
                if len == 0 {
                    target[i] = b;
                }
                i += len.max(1);
            } else {
                target[i] = if b == b'\n' || b == b'\r' { b'\n' } else { b };
                i += 1;
            }
        }
    }

    fn comments_in(&mut self, html: &str, base: usize) {
        let mut from = 0;
        while let Some(open) = html[from..].find("<!--").map(|i| from + i) {
            let Some(close) = html[open + 4..].find("-->").map(|i| open + 4 + i) else {
                break;
            };
            let body = html[open + 4..close].trim().to_string();
            let span = Span::new(base + open, base + close + 3);
            self.comments.push(Comment { body, span });
            from = close + 3;
        }
    }
}

/// Length of an HTML entity (`&amp;`, `&#8212;`) at the start of `bytes`, or 0.
fn entity_len(bytes: &[u8]) -> usize {
    let body = bytes.iter().skip(1).take(32).position(|&b| b == b';');
    match body {
        Some(n) if n > 0 && bytes[1..=n].iter().all(|b| b.is_ascii_alphanumeric() || *b == b'#') => n + 2,
        _ => 0,
    }
}
