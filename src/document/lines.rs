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
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let ends = starts.iter().skip(1).copied().chain([text.len()]);
        let ascii = starts.iter().zip(ends).map(|(&s, e)| text.as_bytes()[s..e].is_ascii()).collect();
        LineIndex { starts, ascii }
    }

    /// Byte offset where 1-based `line` starts, if the line exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
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
        let mut column = if self.ascii[line - 1] { offset - start } else { text[start..offset].chars().count() } + 1;
        // A byte order mark is not shown by editors, nor counted in their columns.
        if line == 1 && offset >= BOM.len() && text.starts_with(BOM) {
            column -= 1;
        }
        // Past 4 Gi lines or characters a position saturates rather than wraps.
        let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Position { line: n(line), column: n(column) }
    }
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
