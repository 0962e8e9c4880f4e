//! YAML front matter: every key kept, scalar values located in the source.

use super::Span;
use crate::config::yaml;

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub key: String,
    pub value: serde_json::Value,
    /// Span of a scalar value written on the key's own line.
    pub value_span: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    /// The whole block, delimiters included.
    pub span: Span,
    pub fields: Vec<Field>,
    /// A YAML error: message and byte offset.
    pub error: Option<(String, usize)>,
}

impl FrontMatter {
    /// `raw` is the front matter text, delimiters included, starting at `start`.
    pub fn parse(raw: &str, start: usize) -> FrontMatter {
        let span = Span::new(start, start + raw.len());
        let trimmed_end = raw.trim_end().len();
        let body_start = raw.find('\n').map_or(raw.len(), |i| i + 1);
        let body_end = raw[..trimmed_end].rfind('\n').unwrap_or(body_start).max(body_start);
        let body = &raw[body_start..body_end];
        let (fields, error) = match yaml::parse_mapping(body) {
            Ok(pairs) => (
                pairs
                    .into_iter()
                    .map(|(key, value)| {
                        let value_span = locate_value(body, &key)
                            .map(|s| Span::new(s.start + start + body_start, s.end + start + body_start));
                        Field { key, value, value_span }
                    })
                    .collect(),
                None,
            ),
            Err((message, offset)) => (Vec::new(), Some((message, start + body_start + offset))),
        };
        FrontMatter { span, fields, error }
    }

    pub fn get(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn string(&self, key: &str) -> Option<&str> {
        self.get(key)?.value.as_str()
    }
}

/// Finds `key: value` at the start of a line and returns the value's span, unquoted.
fn locate_value(body: &str, key: &str) -> Option<Span> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let rest = line.strip_prefix(key).and_then(|r| r.strip_prefix(':'));
        if let Some(rest) = rest {
            let value_start = offset + line.len() - rest.len();
            let lead = rest.len() - rest.trim_start().len();
            let mut value = rest.trim();
            let mut s = value_start + lead;
            for quote in ['"', '\''] {
                if value.len() >= 2 && value.starts_with(quote) && value.ends_with(quote) {
                    value = &value[1..value.len() - 1];
                    s += 1;
                }
            }
            return (!value.is_empty()).then(|| Span::new(s, s + value.len()));
        }
        offset += line.len();
    }
    None
}
