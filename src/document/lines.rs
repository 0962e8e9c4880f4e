//! Maps byte offsets to 1-based line and character column.

/// A position in a file: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// The UTF-8 byte order mark some editors put at the start of a file.
pub const BOM: &str = "\u{feff}";

#[derive(Debug, Clone, Default)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Whether each line is ASCII: there a column is a byte count.
    ascii: Vec<bool>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        // Counted first, so the list is made at its size (a count is cheaper than a regrowth).
        let mut starts = Vec::with_capacity(1 + memchr::memchr_iter(b'\n', text.as_bytes()).count());
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        let ascii = starts.iter().zip(ends).map(|(&s, e)| text.as_bytes()[s..e].is_ascii()).collect();
        LineIndex { starts, ascii }
    }

    /// 1-based line containing byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// Line and character column of `offset` in `text` (the text this index was built from).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts[line - 1];
        let before = &text.as_bytes()[start..offset];
        let column = if self.ascii[line - 1] { before.len() } else { chars_before(before, line == 1) } + 1;
        // Past 4 Gi lines or characters a position saturates rather than wraps.
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Position { line: n(line), column: n(column) }
    }
}

/// How many characters of a line stand before a position, `before` being the line's text up
/// to it: the column, counted from 0, as editors count it. A byte order mark opening the file
/// (line 1) is not shown by editors, nor counted.
pub fn chars_before(before: &[u8], first_line: bool) -> usize {
    let before = if first_line { before.strip_prefix(BOM.as_bytes()).unwrap_or(before) } else { before };
    // Every byte but a UTF-8 continuation byte starts a character.
    before.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// Where each line of `bytes` ends: every `\n`, and every `\r` not followed by one (a lone
/// carriage return ends a line in CommonMark, as in files from old Mac editors).
pub fn line_breaks(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr2_iter(b'\n', b'\r', bytes).filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
}

/// The text of 1-based `line` of `text`, without its line ending (lines end as in `line_breaks`).
pub fn line_text(text: &str, line: usize) -> Option<&str> {
    let start = match line.checked_sub(1)? {
        0 => 0,
        n => line_breaks(text.as_bytes()).nth(n - 1)? + 1,
    };
    let end = line_breaks(&text.as_bytes()[start..]).next().map_or(text.len(), |i| start + i);
    Some(text[start..end].strip_suffix('\r').unwrap_or(&text[start..end]))
}

/// `text` with each lone `\r` read as `\n`, byte for byte: the parser ends lines there, and
/// the line index then counts the same lines (offsets into the file stay valid).
pub fn lone_returns_as_newlines(text: String) -> String {
    let bytes = text.as_bytes();
    // Only a `\r` can be lone: most files have none, and are not read a second time.
    let lone: Vec<usize> = memchr::memchr_iter(b'\r', bytes).filter(|&i| bytes.get(i + 1) != Some(&b'\n')).collect();
    if lone.is_empty() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in lone {
        bytes[i] = b'\n';
    }
    // An ASCII byte replaced by another leaves the text valid UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The smallest char boundary at or after `offset`.
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset < text.len() && !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let text = "\u{feff}# T\nx";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text, 3), Position { line: 1, column: 1 }, "the '#' after the mark");
        assert_eq!(index.position(text, 5), Position { line: 1, column: 3 });
        assert_eq!(index.position(text, text.len() - 1), Position { line: 2, column: 1 });
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "# T\r\rIt rained.\r\nNext\n";
        assert_eq!(line_breaks(text.as_bytes()).collect::<Vec<_>>(), [3, 4, 16, 21]);
        assert_eq!(line_text(text, 1), Some("# T"));
        assert_eq!(line_text(text, 2), Some(""));
        assert_eq!(line_text(text, 3), Some("It rained."));
        assert_eq!(line_text(text, 4), Some("Next"));
        assert_eq!(line_text(text, 5), Some(""));
        assert_eq!(line_text(text, 6), None);
        let read = lone_returns_as_newlines(text.to_string());
        assert_eq!(read, "# T\n\nIt rained.\r\nNext\n", "CRLF is left as it is");
        let index = LineIndex::new(&read);
        assert_eq!(index.position(&read, read.find("It").unwrap()), Position { line: 3, column: 1 });
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ab\nçé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
        // 'x' sits after two 2-byte characters and a space.
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 4 });
        assert_eq!(index.position(text, text.len()), Position { line: 3, column: 1 });
    }
}
