//! A finding is plain data; rendering lives in `report/`.

use std::sync::Arc;

use crate::document::{Position, Span};
use crate::rules::Level;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Arc<str>,
    pub severity: Level,
    /// Shared by the findings that say the same (interned as the documents finish).
    pub message: Arc<str>,
    /// Shared with the rule when its help has no placeholders.
    pub help: Option<Arc<str>>,
    /// The path as given on the command line or found by the walk.
    pub file: Arc<str>,
    pub span: Span,
    pub start: Position,
    pub end: Position,
    /// The other side of a conflict, possibly in another file.
    pub related: Vec<Related>,
    pub fix: Option<Box<Fix>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: Arc<str>,
    pub span: Span,
    pub start: Position,
    pub message: String,
}

/// A replacement of `span` by `replacement`; `safe` fixes may be applied without review.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Span,
    pub start: Position,
    pub end: Position,
    pub replacement: String,
    pub safe: bool,
}

impl Finding {
    /// The order of every report: file, line, column, rule, then message.
    pub fn sort_key(&self) -> (&str, Position, &str, &str, Span) {
        (&self.file, self.start, &self.rule, &self.message, self.span)
    }
}
