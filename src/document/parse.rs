//! Reads pulldown-cmark's events once, in order, into the blocks of the owned model.
//! Every event carries its byte range, so spans need no line arithmetic.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::{Block, BlockKind, Comment, Context, FootnoteRef, FrontMatter, Image, Span};

fn options() -> Options {
    Options::ENABLE_FOOTNOTES | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// What one pass over the events makes of a document.
#[derive(Default)]
pub(super) struct Parsed {
    pub blocks: Vec<Block>,
    pub images: Vec<Image>,
    pub footnote_refs: Vec<FootnoteRef>,
    pub comments: Vec<Comment>,
    pub front_matter: Option<FrontMatter>,
}

/// Parses `source` and fills `prose` (the source with non-prose bytes blanked) with its text.
pub(super) fn parse(source: &str, prose: &mut [u8]) -> Parsed {
    let bom = if source.starts_with(super::lines::BOM) { super::lines::BOM.len() } else { 0 };
    let mut walker = Walker { source, prose, parsed: Parsed::default(), stack: Vec::new(), inlines: None };
    let mut base = bom;
    if let Some(len) = front_matter_len(&source[bom..]) {
        let raw = &source[bom..bom + len];
        walker.parsed.front_matter = Some(FrontMatter::parse(raw.trim_end_matches('\n'), bom));
        base += len;
    }
    for (event, range) in Parser::new_ext(&source[base..], options()).into_offset_iter() {
        walker.event(event, Span::new(base + range.start, base + range.end));
    }
    walker.close_inlines();
    walker.parsed
}

/// Parses and drops the events: the parsing ceiling, for benchmarks. Returns the number
/// of events so the work cannot be optimised away.
pub fn parse_only(source: &str) -> usize {
    Parser::new_ext(source, options()).count()
}

/// The length of a front matter opening `text` (after any byte order mark): a `---` line,
/// then text up to a `---` line, then at most one blank line, as comrak read it
/// before brieflint parsed with pulldown-cmark (pulldown-cmark's own metadata blocks would also
/// take a `---` block in mid-document, a thematic break and a heading there).
fn front_matter_len(text: &str) -> Option<usize> {
    let newline = |s: &str| if s.starts_with('\n') { Some(1) } else { s.starts_with("\r\n").then_some(2) };
    if !text.starts_with("---") {
        return None;
    }
    let mut at = "---".len();
    at += newline(&text[at..])?;
    let close = ["\n---\r\n", "\n---\n", "\n---"].iter().find_map(|c| text[at..].find(c))?;
    at += close + 1 + "---".len();
    if at == text.len() {
        return Some(at);
    }
    at += newline(&text[at..])?;
    Some(at + newline(&text[at..]).unwrap_or(0))
}

/// A container or leaf block still open, innermost last.
enum Open {
    List {
        block: usize,
        items: usize,
    },
    Item,
    Quote,
    Footnote,
    Table {
        block: usize,
        rows: usize,
    },
    Row {
        header: bool,
        row: usize,
        cells: usize,
    },
    /// A block holding inlines (paragraph, heading, cell); they are in `Walker::inlines`.
    Inlines,
    /// Code and HTML blocks: text inside is not prose. An HTML block's source, read for
    /// comments, is kept from where it starts: its lines' bytes, blanks between them (a
    /// quote's markers), so offsets are the source's.
    Leaf {
        html: Option<(usize, Vec<u8>)>,
    },
    /// A tag the model does not keep.
    Other,
}

/// The first inline of a paragraph that shows, as far as telling a figure or a key
/// judgement needs.
#[derive(Clone, Copy, PartialEq)]
enum First {
    None,
    Strong(Span),
    Image,
    /// A link, with whether its only child so far is an image, and how many children it has.
    Link {
        image: bool,
        children: usize,
    },
    Other,
}

/// The block receiving inlines, and what its inlines show.
struct Inlines {
    block: usize,
    /// A tight list item's text, which has no paragraph event: the paragraph is made here.
    made: bool,
    /// Nesting of inline tags (strong, link, image ...) inside the block.
    depth: usize,
    /// How many inlines at depth 0 show (counted up to 2).
    showing: u8,
    first: First,
    images_before: usize,
    /// Depth of the image whose alt text is being read (not prose), and its alt span so far.
    image: Option<(usize, Option<Span>)>,
    /// Where the last inline ended (a made paragraph ends there).
    end: usize,
}

struct Walker<'s, 'p> {
    source: &'s str,
    prose: &'p mut [u8],
    parsed: Parsed,
    /// The open blocks, each with the context of the blocks inside it.
    stack: Vec<(Open, Context)>,
    inlines: Option<Inlines>,
}

impl Walker<'_, '_> {
    /// The context of a block pushed now: that of the innermost open block.
    fn context(&self) -> Context {
        self.stack.last().map(|&(_, context)| context).unwrap_or_default()
    }

    /// Opens a block that sets no context of its own.
    fn open(&mut self, open: Open) {
        let context = self.context();
        self.stack.push((open, context));
    }

    fn innermost(&mut self) -> Option<&mut Open> {
        self.stack.last_mut().map(|(open, _)| open)
    }

    /// The span without the trailing line ending and blanks pulldown-cmark counts in a block,
    /// and, for a container, without the indentation before its first marker.
    fn trimmed(&self, span: Span, container: bool) -> Span {
        let text = &self.source.as_bytes()[span.start..span.end];
        let blank = |b: &u8| matches!(b, b'\n' | b'\r' | b' ' | b'\t');
        let kept = text.iter().rposition(|b| !blank(b)).map_or(0, |i| i + 1);
        let indent = if container { text[..kept].iter().take_while(|&&b| b == b' ' || b == b'\t').count() } else { 0 };
        Span::new(span.start + indent, span.start + kept)
    }

    fn push(&mut self, kind: BlockKind, span: Span) -> usize {
        let context = self.context();
        let span = self.trimmed(span, matches!(kind, BlockKind::List { .. } | BlockKind::Quote));
        self.parsed.blocks.push(Block { kind, span, context });
        self.parsed.blocks.len() - 1
    }

    fn open_inlines(&mut self, block: usize, made: bool) {
        let images_before = self.parsed.images.len();
        let end = self.parsed.blocks[block].span.end;
        self.inlines =
            Some(Inlines { block, made, depth: 0, showing: 0, first: First::None, images_before, image: None, end });
    }

    /// Ends the inlines' block: a paragraph becomes a figure or a key judgement by what it shows.
    fn close_inlines(&mut self) {
        let Some(inlines) = self.inlines.take() else { return };
        let block = &mut self.parsed.blocks[inlines.block];
        if inlines.made {
            block.span.end = inlines.end;
        }
        if let BlockKind::Paragraph { .. } = block.kind {
            let only = (inlines.showing == 1).then_some(inlines.first);
            block.kind = match only {
                Some(First::Image | First::Link { image: true, children: 1 }) => {
                    BlockKind::Figure { image: inlines.images_before }
                }
                _ => BlockKind::Paragraph {
                    bold: matches!(only, Some(First::Strong(_))),
                    bold_lead: match inlines.first {
                        First::Strong(span) => Some(span),
                        _ => None,
                    },
                },
            };
        }
    }

    fn event(&mut self, event: Event, span: Span) {
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span),
            Event::Text(text) => {
                if let Some(Open::Leaf { .. }) = self.innermost() {
                    return;
                }
                self.inline(span, First::Other, !text.trim().is_empty());
                if !self.in_image() {
                    self.copy_text(span, &text);
                }
            }
            Event::Html(_) => {
                let source = self.source;
                if let Some(Open::Leaf { html: Some((start, text)) }) = self.innermost() {
                    let line = source.as_bytes().get(span.start..span.end).unwrap_or_default();
                    text.resize(span.start.saturating_sub(*start), b' ');
                    text.extend_from_slice(line);
                }
            }
            Event::Code(_) | Event::FootnoteReference(_) | Event::InlineHtml(_) => {
                self.inline(span, First::Other, true);
                match event {
                    Event::FootnoteReference(label) if !self.in_image() => {
                        self.parsed.footnote_refs.push(FootnoteRef { label: label.to_string(), span });
                    }
                    Event::InlineHtml(_) if !self.in_image() => {
                        comments_in(&mut self.parsed.comments, &self.source[span.start..span.end], span.start);
                    }
                    _ => {}
                }
            }
            Event::SoftBreak | Event::HardBreak => self.inline(span, First::Other, false),
            Event::Rule => {
                self.close_made();
                self.push(BlockKind::ThematicBreak, span);
            }
            _ => {}
        }
    }

    fn in_image(&self) -> bool {
        self.inlines.as_ref().is_some_and(|i| i.image.is_some())
    }

    /// An inline at `span`: opens a tight item's paragraph if none is open, counts what
    /// shows at depth 0 (`shows`: not blank), a link's children, and an image's alt text.
    fn inline(&mut self, span: Span, kind: First, shows: bool) {
        if self.inlines.is_none() {
            let block = self.push(BlockKind::Paragraph { bold: false, bold_lead: None }, span);
            self.open_inlines(block, true);
        }
        let Some(inlines) = self.inlines.as_mut() else { return };
        inlines.end = inlines.end.max(span.end);
        if let Some((depth, alt)) = inlines.image.as_mut()
            && inlines.depth == *depth + 1
        {
            *alt = Some(alt.map_or(span, |a| Span::new(a.start.min(span.start), a.end.max(span.end))));
        }
        match inlines.depth {
            0 if shows => {
                inlines.showing = (inlines.showing + 1).min(2);
                if inlines.first == First::None {
                    inlines.first = kind;
                }
            }
            1 if inlines.showing == 1 => {
                if let First::Link { image, children } = &mut inlines.first {
                    *image = *children == 0 && kind == First::Image;
                    *children += 1;
                }
            }
            _ => {}
        }
    }

    /// Ends a tight item's paragraph before a block that follows it in the item.
    fn close_made(&mut self) {
        if self.inlines.as_ref().is_some_and(|i| i.made) {
            self.close_inlines();
        }
    }

    fn start(&mut self, tag: Tag, span: Span) {
        match tag {
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. } => {
                let kind = match &tag {
                    Tag::Strong => First::Strong(span),
                    Tag::Image { .. } => First::Image,
                    Tag::Link { .. } => First::Link { image: false, children: 0 },
                    _ => First::Other,
                };
                self.inline(span, kind, true);
                let Some(inlines) = self.inlines.as_mut() else { return };
                if let Tag::Image { dest_url, .. } = tag
                    && inlines.image.is_none()
                {
                    inlines.image = Some((inlines.depth, None));
                    let image = Image { span, alt: span, url: dest_url.to_string(), block: inlines.block };
                    self.parsed.images.push(image);
                }
                inlines.depth += 1;
                return;
            }
            _ => self.close_made(),
        }
        match tag {
            Tag::Paragraph => {
                let block = self.push(BlockKind::Paragraph { bold: false, bold_lead: None }, span);
                self.open_inlines(block, false);
                self.open(Open::Inlines);
            }
            Tag::Heading { level, .. } => {
                let block = self.push(BlockKind::Heading { level: level as u8 }, span);
                self.open_inlines(block, false);
                self.open(Open::Inlines);
            }
            Tag::List(first) => {
                let block = self.push(BlockKind::List { ordered: first.is_some(), items: 0 }, span);
                let inner = Context { in_list: true, ..self.context() };
                self.stack.push((Open::List { block, items: 0 }, inner));
            }
            Tag::Item => {
                if let Some(Open::List { items, .. }) = self.innermost() {
                    *items += 1;
                }
                self.open(Open::Item);
            }
            Tag::BlockQuote(_) => {
                self.push(BlockKind::Quote, span);
                let inner = Context { in_quote: true, ..self.context() };
                self.stack.push((Open::Quote, inner));
            }
            Tag::FootnoteDefinition(label) => {
                self.push(BlockKind::FootnoteDefinition { label: label.to_string() }, span);
                let inner = Context { in_footnote: true, ..self.context() };
                self.stack.push((Open::Footnote, inner));
            }
            Tag::Table(alignments) => {
                let block = self.push(BlockKind::Table { rows: 0, columns: alignments.len() }, span);
                self.open(Open::Table { block, rows: 0 });
            }
            Tag::TableHead | Tag::TableRow => {
                let header = matches!(tag, Tag::TableHead);
                let row = match self.innermost() {
                    Some(Open::Table { rows, .. }) => {
                        *rows += 1;
                        *rows - 1
                    }
                    _ => 0,
                };
                self.open(Open::Row { header, row, cells: 0 });
            }
            Tag::TableCell => {
                let (header, row, column) = match self.innermost() {
                    Some(Open::Row { header, row, cells }) => {
                        *cells += 1;
                        (*header, *row, *cells - 1)
                    }
                    _ => (false, 0, 0),
                };
                let block = self.push(BlockKind::TableCell { header, row, column }, span);
                self.open_inlines(block, false);
                self.open(Open::Inlines);
            }
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.push(BlockKind::Code { info }, span);
                self.open(Open::Leaf { html: None });
            }
            Tag::HtmlBlock => {
                self.push(BlockKind::Html, span);
                self.open(Open::Leaf { html: Some((span.start, Vec::new())) });
            }
            _ => self.open(Open::Other),
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span) {
        if matches!(tag, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image) {
            let Some(inlines) = self.inlines.as_mut() else { return };
            inlines.depth = inlines.depth.saturating_sub(1);
            if tag == TagEnd::Image
                && let Some((depth, alt)) = inlines.image
                && depth == inlines.depth
            {
                inlines.image = None;
                let start = span.start + 2;
                if let Some(image) = self.parsed.images.last_mut() {
                    image.alt = alt.unwrap_or(Span::new(start, start));
                }
            }
            return;
        }
        self.close_made();
        match self.stack.pop().map(|(open, _)| open) {
            Some(Open::Inlines) => self.close_inlines(),
            Some(Open::List { block, items }) => {
                if let BlockKind::List { items: n, .. } = &mut self.parsed.blocks[block].kind {
                    *n = items;
                }
            }
            Some(Open::Table { block, rows: n }) => {
                if let BlockKind::Table { rows, .. } = &mut self.parsed.blocks[block].kind {
                    *rows = n;
                }
            }
            Some(Open::Leaf { html: Some((start, html)) }) => {
                comments_in(&mut self.parsed.comments, &super::lossy_text(html), start);
            }
            _ => {}
        }
    }

    /// Makes `span` visible in the prose view. Where the parser's text differs from
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
}

/// The HTML comments of `html`, which starts at `base` in the source (control comments).
fn comments_in(comments: &mut Vec<Comment>, html: &str, base: usize) {
    let mut from = 0;
    while let Some(open) = html[from..].find("<!--").map(|i| from + i) {
        let Some(close) = html[open + 4..].find("-->").map(|i| open + 4 + i) else {
            break;
        };
        let body = html[open + 4..close].trim().to_string();
        let span = Span::new(base + open, base + close + 3);
        comments.push(Comment { body, span });
        from = close + 3;
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
