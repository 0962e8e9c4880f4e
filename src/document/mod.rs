//! The owned document model. This module is the only caller of the Markdown parser
//! (pulldown-cmark): it reads its events once and copies what the checks need into plain data.

mod build;
mod front_matter;
pub mod lines;
mod parse;
pub mod text;

pub use front_matter::FrontMatter;
pub use lines::{LineIndex, Position, line_text};
pub use parse::parse_only;

/// `bytes` as text, invalid UTF-8 replaced; valid text is kept without a copy.
pub fn lossy_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A half-open byte range in the document source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

/// Which containers a block sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Context {
    pub in_list: bool,
    pub in_quote: bool,
    pub in_footnote: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading {
        level: u8,
    },
    /// `bold` when the whole paragraph is one strong span (a key judgement);
    /// `bold_lead` is the strong span it opens with, if any.
    Paragraph {
        bold: bool,
        bold_lead: Option<Span>,
    },
    /// A paragraph holding only an image (possibly linked).
    Figure {
        image: usize,
    },
    List {
        ordered: bool,
        items: usize,
    },
    Quote,
    Table {
        rows: usize,
        columns: usize,
    },
    TableCell {
        header: bool,
        row: usize,
        column: usize,
    },
    Code {
        info: String,
    },
    Html,
    FootnoteDefinition {
        label: String,
    },
    ThematicBreak,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    pub context: Context,
}

impl Block {
    pub fn is_prose(&self) -> bool {
        matches!(self.kind, BlockKind::Heading { .. } | BlockKind::Paragraph { .. } | BlockKind::TableCell { .. })
    }
}

/// A heading and the blocks up to the next heading of the same or a higher level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Index of the heading block.
    pub heading: usize,
    pub level: u8,
    pub span: Span,
    /// Indices of the blocks inside the section (after the heading).
    pub blocks: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub span: Span,
    /// Span of the alt text (may be empty).
    pub alt: Span,
    pub url: String,
    /// Block index of the paragraph or figure holding it.
    pub block: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteRef {
    pub label: String,
    pub span: Span,
}

/// A footnote definition line (`[^label]: ...`), found in the source because
/// each marker and whether a reference resolves to it are read there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FootnoteDef {
    pub label: String,
    /// The `[^label]:` marker.
    pub span: Span,
    /// Whether a reference in the text resolves to it.
    pub used: bool,
}

/// An HTML comment, kept for inline control directives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The text between `<!--` and `-->`, trimmed.
    pub body: String,
    pub span: Span,
}

/// A parsed brief. `prose` has the same length as `source`: every byte that is
/// not prose (markup, code, URLs, HTML, footnote markers) is a space, so a match
/// found in `prose` is at the same offsets in `source`.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: String,
    pub prose: String,
    pub lines: LineIndex,
    pub front_matter: Option<FrontMatter>,
    pub blocks: Vec<Block>,
    pub sections: Vec<Section>,
    pub images: Vec<Image>,
    pub footnote_refs: Vec<FootnoteRef>,
    /// `[^label]` markers left as text because no definition matches them.
    pub unresolved_refs: Vec<FootnoteRef>,
    pub footnote_defs: Vec<FootnoteDef>,
    pub comments: Vec<Comment>,
    /// The sentences of every prose block (headings, paragraphs, table cells), see `sentences_of`.
    pub(crate) sentences: BlockSpans,
    /// The words of every prose block, found on first use (see `block_words`).
    pub(crate) words: std::sync::OnceLock<BlockSpans>,
}

/// Spans of the blocks in one vector, one run per block (empty for a block without any):
/// one allocation for a document, not one a block.
#[derive(Debug, Clone, Default)]
pub(crate) struct BlockSpans {
    spans: Vec<Span>,
    /// Where each block's spans end in `spans`.
    ends: Vec<usize>,
}

impl BlockSpans {
    /// The runs `fill` appends for each of `blocks` in turn (room made for `room` spans).
    pub(super) fn of_blocks(blocks: &[Block], room: usize, mut fill: impl FnMut(&Block, &mut Vec<Span>)) -> BlockSpans {
        let mut runs = BlockSpans { spans: Vec::with_capacity(room), ends: Vec::with_capacity(blocks.len()) };
        for block in blocks {
            fill(block, &mut runs.spans);
            runs.ends.push(runs.spans.len());
        }
        runs
    }

    /// The run of block `block`.
    fn of(&self, block: usize) -> &[Span] {
        let start = block.checked_sub(1).and_then(|b| self.ends.get(b)).copied().unwrap_or(0);
        let end = self.ends.get(block).copied().unwrap_or(start);
        self.spans.get(start..end).unwrap_or(&[])
    }
}

impl Document {
    pub fn parse(source: impl Into<String>) -> Document {
        build::build(source.into())
    }

    /// Hides `span` from prose rules (blanks it in the prose view).
    pub fn hide(&mut self, span: Span) {
        let (start, end) = (lines::floor_char_boundary(&self.prose, span.start), span.end.min(self.prose.len()));
        let end = lines::ceil_char_boundary(&self.prose, end);
        if start < end {
            let blank: String = self.prose[start..end]
                .chars()
                .flat_map(|c| std::iter::repeat_n(if c == '\n' { '\n' } else { ' ' }, c.len_utf8()))
                .collect();
            self.prose.replace_range(start..end, &blank);
        }
    }

    pub fn text(&self, span: Span) -> &str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    pub fn prose_text(&self, span: Span) -> &str {
        self.prose.get(span.start..span.end).unwrap_or("")
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.source, offset)
    }

    /// Word spans inside `span`, read from the prose view.
    pub fn words(&self, span: Span) -> impl Iterator<Item = Span> + '_ {
        text::words(self.prose_text(span), span.start)
    }

    /// The sentences of block `block`: none unless it is a prose block.
    pub fn sentences_of(&self, block: usize) -> &[Span] {
        self.sentences.of(block)
    }

    /// The words of prose block `block` (`words` of its span), found once for every rule.
    pub fn block_words(&self, block: usize) -> &[Span] {
        self.words
            .get_or_init(|| {
                // About one word in six bytes of prose: the spans are not regrown word by word.
                crate::timing::Shared::Words.run(|| {
                    BlockSpans::of_blocks(&self.blocks, self.prose.len() / 6, |b, words| {
                        if b.is_prose() {
                            text::push_words(self.prose_text(b.span), b.span.start, words);
                        }
                    })
                })
            })
            .of(block)
    }

    /// The publication date from front matter `date`, as written.
    pub fn date(&self) -> Option<&str> {
        self.front_matter.as_ref()?.string("date")
    }

    pub fn title(&self) -> Option<&str> {
        self.front_matter.as_ref()?.string("title")
    }
}

#[cfg(test)]
mod tests;
