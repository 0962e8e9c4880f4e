use super::*;

const BRIEF: &str = "---\ntitle: Tête-à-tête in Baku\ndate: 2025-03-01\ntags: [gas, caspian]\n---\n\n# TÊTE – TITLE\n\n**Baku’s exports will grow.**\n\nText with \\*escaped\\* &amp; `code`, [a link](http://x.y) and ![alt text](a.png) and a note[^1]. Second — naïve sentence.\n\n## SECTION\n\n> A quoted *line*.\n\n- item one\n- item **two**\n\n![Tanker](t.png)\n\nCaption here.\n\nSource: Name (Agency)\n\n| A | B |\n|---|---|\n| ç | 2 |\n\n```\nTODO code\n```\n\n<!-- brieflint-disable x -->\n\n[^1]: The note.\n";

fn kinds(doc: &Document) -> Vec<String> {
    doc.blocks.iter().map(|b| format!("{:?}", b.kind).split([' ', '{', '(']).next().unwrap_or("").to_string()).collect()
}

#[test]
fn front_matter_keeps_every_key_and_locates_values() {
    let doc = Document::parse(BRIEF);
    assert_eq!(doc.title(), Some("Tête-à-tête in Baku"));
    assert_eq!(doc.date(), Some("2025-03-01"));
    let fm = doc.front_matter.as_ref().unwrap();
    assert_eq!(fm.get("tags").unwrap().value, serde_json::json!(["gas", "caspian"]));
    let title = fm.get("title").unwrap().value_span.unwrap();
    assert_eq!(doc.text(title), "Tête-à-tête in Baku");
    assert_eq!(doc.position(title.start), Position { line: 2, column: 8 });
}

#[test]
fn blocks_in_order_with_exact_spans() {
    let doc = Document::parse(BRIEF);
    assert_eq!(
        kinds(&doc),
        [
            "Heading",
            "Paragraph",
            "Paragraph",
            "Heading",
            "Quote",
            "Paragraph",
            "List",
            "Paragraph",
            "Paragraph",
            "Figure",
            "Paragraph",
            "Paragraph",
            "Table",
            "TableCell",
            "TableCell",
            "TableCell",
            "TableCell",
            "Code",
            "Html",
            "FootnoteDefinition",
            "Paragraph"
        ]
    );
    assert_eq!(doc.text(doc.blocks[0].span), "# TÊTE – TITLE");
    assert_eq!(doc.sentences_of(0).len(), 1);
    assert_eq!(doc.prose_text(doc.sentences_of(0)[0]), "TÊTE – TITLE");
    assert!(matches!(doc.blocks[1].kind, BlockKind::Paragraph { bold: true, .. }));
    assert!(matches!(doc.blocks[2].kind, BlockKind::Paragraph { bold: false, bold_lead: None }));
    let cell = &doc.blocks[15];
    assert_eq!(cell.kind, BlockKind::TableCell { header: false, row: 1, column: 0 });
    assert_eq!(doc.prose_text(cell.span).trim(), "ç");
    assert!(doc.blocks[7].context.in_list && doc.blocks[5].context.in_quote);
    assert!(doc.blocks[20].context.in_footnote);
}

#[test]
fn prose_view_blanks_markup_and_keeps_offsets() {
    let doc = Document::parse(BRIEF);
    assert_eq!(doc.prose.len(), doc.source.len());
    let para = doc.blocks[2].span;
    let prose = doc.prose_text(para);
    assert!(prose.starts_with(&format!("Text with  *escaped *{},", " ".repeat(13))), "{prose:?}");
    assert!(
        !prose.contains("code") && !prose.contains("http") && !prose.contains("alt text") && !prose.contains("[^1]")
    );
    assert!(prose.contains(" a link ") && prose.contains("naïve sentence."));
    // A word found in the prose view sits at the same offsets in the source.
    let at = doc.prose.find("naïve").unwrap();
    assert_eq!(&doc.source[at..at + "naïve".len()], "naïve");
    assert_eq!(doc.position(at), Position { line: 11, column: 106 });
    // Code blocks are never prose.
    assert!(!doc.prose.contains("TODO"));
}

#[test]
fn sentences_words_images_footnotes_and_comments() {
    let doc = Document::parse(BRIEF);
    let sentences: Vec<&str> = doc.sentences_of(2).iter().map(|&s| doc.prose_text(s)).collect();
    assert_eq!(sentences.len(), 2);
    assert!(sentences[1].starts_with("Second — naïve"));
    let words: Vec<&str> = doc.words(doc.blocks[1].span).map(|w| doc.text(w)).collect();
    let found_once: Vec<&str> = doc.block_words(1).iter().map(|&w| doc.text(w)).collect();
    assert_eq!(found_once, words);
    assert!(doc.block_words(doc.blocks.len()).is_empty());
    assert_eq!(words, ["Baku’s", "exports", "will", "grow"]);
    assert_eq!(doc.images.len(), 2);
    assert_eq!(doc.text(doc.images[0].alt), "alt text");
    assert_eq!(doc.images[1].url, "t.png");
    assert!(matches!(doc.blocks[9].kind, BlockKind::Figure { image: 1 }));
    assert_eq!(doc.footnote_refs.len(), 1);
    assert_eq!(doc.text(doc.footnote_refs[0].span), "[^1]");
    assert_eq!(doc.comments[0].body, "brieflint-disable x");
}

#[test]
fn sections_run_to_the_next_heading_of_same_level() {
    let doc = Document::parse("# A\n\nx\n\n## B\n\ny\n\n### C\n\nz\n\n## D\n\nw\n");
    let spans: Vec<(u8, &str)> = doc.sections.iter().map(|s| (s.level, doc.text(doc.blocks[s.heading].span))).collect();
    assert_eq!(spans, [(1, "# A"), (2, "## B"), (3, "### C"), (2, "## D")]);
    assert_eq!(doc.sections[1].blocks, 3..6);
    assert_eq!(doc.sections[0].blocks.end, doc.blocks.len());
}

#[test]
fn crlf_and_empty_input_do_not_break_spans() {
    let doc = Document::parse("# Ti\r\n\r\nUne phrase.\r\n");
    let para = doc.blocks[1].span;
    assert_eq!(doc.text(para), "Une phrase.");
    assert!(Document::parse("").blocks.is_empty());
    let doc = Document::parse("---\n: [\n---\n\ntext\n");
    assert!(doc.front_matter.as_ref().unwrap().error.is_some());
}

#[test]
fn footnote_definitions_open_lines_after_at_most_three_spaces() {
    let text = "[^a]: first line.\n\nA note[^b] and [^c]: mid-line.\n\n   [^d]: three spaces.\n\n    [^e]: four spaces.\n\n[^f] no colon\n\n [^g]:\n\n[^h i]: a space.\n\n```\n[^j]: in code.\n```\n[^k]:last";
    let doc = Document::parse(text);
    let found: Vec<(&str, &str, bool)> =
        doc.footnote_defs.iter().map(|d| (d.label.as_str(), doc.text(d.span), d.used)).collect();
    assert_eq!(found, [("a", "[^a]:", false), ("d", "[^d]:", false), ("g", "[^g]:", false), ("k", "[^k]:", false)]);
}

#[test]
fn footnote_definitions_stand_where_they_are_written() {
    // [^2] is cited first; an unused definition is kept, its text read as in the file.
    let doc = Document::parse("Text[^2] and[^1].\n\n[^1]: First note.\n\n[^2]: Second note.\n\n[^3]: Unused note.\n");
    let labels: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            BlockKind::FootnoteDefinition { label } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(labels, ["1", "2", "3"]);
    let unused = doc.blocks.last().unwrap();
    assert!(unused.context.in_footnote);
    assert_eq!(doc.prose_text(unused.span), "Unused note.");
}

#[test]
fn only_a_block_opening_the_file_is_front_matter() {
    let doc = Document::parse("Text.\n\n---\ntitle: x\n---\n\nMore.\n");
    assert!(doc.front_matter.is_none());
    assert_eq!(kinds(&doc), ["Paragraph", "ThematicBreak", "Heading", "Paragraph"]);
    let doc = Document::parse("\u{feff}---\r\ntitle: x\r\n---\r\nText.\n");
    assert_eq!(doc.title(), Some("x"));
    assert_eq!(doc.text(doc.blocks[0].span), "Text.");
    assert!(Document::parse("---\ntitle: x\n").front_matter.is_none(), "never closed");
}

#[test]
fn comments_in_crlf_html_blocks_are_placed_in_the_source() {
    let doc = Document::parse("<div>\r\nx\r\n</div>\r\n<!-- a -->\r\n\r\n> <!-- b\r\n> c -->\r\n");
    let found: Vec<(&str, &str)> = doc.comments.iter().map(|c| (c.body.as_str(), doc.text(c.span))).collect();
    assert_eq!(found, [("a", "<!-- a -->"), ("b \n  c", "<!-- b\r\n> c -->")]);
}

#[test]
fn a_tight_list_item_is_a_paragraph_of_its_text() {
    let doc = Document::parse("- **Gas exports will fall.**\n- text with `code`\n  - nested\n");
    assert_eq!(kinds(&doc), ["List", "Paragraph", "Paragraph", "List", "Paragraph"]);
    assert!(matches!(doc.blocks[1].kind, BlockKind::Paragraph { bold: true, .. }));
    assert_eq!(doc.text(doc.blocks[2].span), "text with `code`");
    assert!(doc.blocks[4].context.in_list);
}
