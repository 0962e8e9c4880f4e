//! The one reader of YAML: front matter, the config and rule files all come through
//! here, so a fork can replace serde_yaml (archived upstream) in this file alone.

/// Reads YAML `text` into a `T`. Errors carry a message (without the positions serde_yaml
/// embeds) and the byte offset in `text`; text nested too deep fails before serde_yaml reads it.
pub fn from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (String, usize)> {
    nested_too_deep(text)?;
    serde_yaml::from_str(text).map_err(|e| located(&e))
}

/// Parses a YAML mapping into ordered (key, value) pairs.
/// Errors carry a message and the byte offset in `text`.
pub fn parse_mapping(text: &str) -> Result<Vec<(String, serde_json::Value)>, (String, usize)> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value: serde_yaml::Value = from_str(text)?;
    let serde_yaml::Value::Mapping(map) = value else {
        return Err(("front matter is not a mapping of keys to values".into(), 0));
    };
    map.into_iter()
        .map(|(k, v)| {
            let key = match k {
                serde_yaml::Value::String(s) => s,
                other => scalar_text(&other),
            };
            let value = serde_json::to_value(&v).map_err(|e| (e.to_string(), 0))?;
            Ok((key, value))
        })
        .collect()
}

fn scalar_text(value: &serde_yaml::Value) -> String {
    serde_yaml::to_string(value).map(|s| s.trim().to_string()).unwrap_or_default()
}

/// The message of a serde_yaml error without the positions it embeds, and the byte offset.
fn located(error: &serde_yaml::Error) -> (String, usize) {
    let message = error.to_string();
    let mut clean = String::with_capacity(message.len());
    let mut rest = message.as_str();
    while let Some(i) = rest.find(" at line ") {
        clean.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        let digits = |t: &str| t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after_line = &tail[digits(tail)..];
        rest = match after_line.strip_prefix(" column ") {
            Some(col) => &col[digits(col)..],
            None => {
                clean.push_str(" at line ");
                tail
            }
        };
    }
    clean.push_str(rest);
    (clean, error.location().map_or(0, |l| l.index()))
}

/// How deep YAML may nest: serde_yaml's own limit (deeper text is an error either way).
const MAX_DEPTH: usize = 128;

/// An error at the first `[` or `{` that opens a flow collection past `MAX_DEPTH`, found
/// before the text reaches serde_yaml: its scanner takes time quadratic in flow depth, so
/// 200 KB of `[` took minutes to fail. Quoted scalars (a quote where a node starts) and
/// comments are passed over; an unclosed bracket in a plain scalar counts, which only
/// matters past 128 of them.
pub fn nested_too_deep(text: &str) -> Result<(), (String, usize)> {
    let (bytes, mut depth, mut at) = (text.as_bytes(), 0usize, 0);
    // The last byte that was not a space or tab on this line (None at the line's start).
    let mut last: Option<u8> = None;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err((format!("nested more than {MAX_DEPTH} levels deep"), at));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            // A quote where a node starts opens a quoted scalar, which runs to its closing
            // quote (`''` and `\"` stay inside); elsewhere (`Russia's`) it is text.
            b'\'' | b'"' if last.is_none_or(|c| b":-[{,?".contains(&c)) => {
                let mut i = at + 1;
                while let Some(&c) = bytes.get(i) {
                    if b == b'"' && c == b'\\' {
                        i += 1;
                    } else if c == b {
                        if b == b'"' || bytes.get(i + 1) != Some(&b'\'') {
                            break;
                        }
                        i += 1;
                    }
                    i += 1;
                }
                at = i;
            }
            // A comment opens at a `#` after white space or at a line's start, and runs to the line's end.
            b'#' if at == 0 || bytes[at - 1].is_ascii_whitespace() => {
                at += bytes[at..].iter().position(|&c| c == b'\n').unwrap_or(bytes.len() - at) - 1;
            }
            _ => {}
        }
        last = match bytes.get(at) {
            Some(b'\n') | None => None,
            Some(b' ' | b'\t') => last,
            Some(&c) => Some(c),
        };
        at += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::nested_too_deep;

    #[test]
    fn flow_nesting_past_the_limit_is_found_where_it_passes_it() {
        let nest = |n: usize| format!("a: {}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(nested_too_deep(&nest(128)), Ok(()));
        assert_eq!(nested_too_deep(&nest(129)), Err(("nested more than 128 levels deep".into(), 3 + 128)));
        assert!(nested_too_deep(&format!("a: {}", "{b: ".repeat(300))).is_err());
    }

    #[test]
    fn brackets_in_quotes_and_comments_do_not_count_but_apostrophes_in_text_hide_none() {
        let many = "[".repeat(500);
        for text in [
            format!("a: '{many}'"),
            format!("a: 'it''s {many}'"),
            format!("a: \"x\\\" {many}\""),
            format!("- \"{many}\"\n- ['{many}', \"{many}\"]"),
            format!("a: 1 # {many}\nb: 2"),
        ] {
            assert_eq!(nested_too_deep(&text), Ok(()), "{text}");
        }
        // An apostrophe inside plain text opens no quoted scalar.
        assert!(nested_too_deep(&format!("a: Russia's war\nb: {many}")).is_err());
        assert!(nested_too_deep(&format!("a: x 'y\nb: {many}")).is_err());
    }
}
