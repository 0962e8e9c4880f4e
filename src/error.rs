//! Errors in files brieflint reads (rule files, config), located in their text.
//! Plain data; `report::render_error` turns them into miette diagnostics.

use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub path: String,
    /// The file's text, for the source snippet (empty when it could not be read).
    pub text: Arc<str>,
    pub message: String,
    /// Byte offset and length of the offending text.
    pub offset: usize,
    pub len: usize,
    pub help: Option<String>,
}

impl LoadError {
    pub fn new(path: &str, text: &Arc<str>, message: impl Into<String>, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let len = token_len(&text[offset..]);
        LoadError { path: path.to_string(), text: text.clone(), message: message.into(), offset, len, help: None }
    }

    /// An error with no position (an unreadable file).
    pub fn unlocated(path: &str, message: impl Into<String>) -> Self {
        LoadError::new(path, &Arc::from(""), message, 0)
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Points at the first `key:` line in the text, for errors found after parsing.
    pub fn at_key(path: &str, text: &Arc<str>, key: &str, message: impl Into<String>) -> Self {
        LoadError::new(path, text, message, find_key(text, key).unwrap_or(0))
    }
}

/// Length of the token starting the text: up to the end of the line, trailing space trimmed.
/// Length of the rest of the line, trimmed; at least the first character, so a
/// label always has something to point at (and never splits a character).
fn token_len(rest: &str) -> usize {
    let line = rest.split('\n').next().unwrap_or("").trim_end();
    if line.is_empty() { rest.chars().next().map_or(0, char::len_utf8) } else { line.len() }
}

/// Byte offset of `key:` at the start of a line (after indentation or `- `).
pub fn find_key(text: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_start_matches([' ', '-']);
        let indent = line.len() - body.len();
        if body.strip_prefix(key).is_some_and(|r| r.starts_with(':')) {
            return Some(offset + indent);
        }
        offset += line.len();
    }
    None
}

/// Byte offset of `value` as a YAML scalar (bare or quoted) anywhere in the text.
pub fn find_value(text: &str, value: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(value).map(|i| from + i) {
        let before = text[..i].chars().next_back();
        let after = text[i + value.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.')));
        if edge(before) && edge(after) {
            return Some(i);
        }
        from = i + value.len();
    }
    None
}
