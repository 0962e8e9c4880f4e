//! Generic YAML reading for front matter (serde_yaml stays in `config` and `rules::load`).

/// Parses a YAML mapping into ordered (key, value) pairs.
/// Errors carry a message and the byte offset in `text`.
pub fn parse_mapping(text: &str) -> Result<Vec<(String, serde_json::Value)>, (String, usize)> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| located(&e))?;
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
pub fn located(error: &serde_yaml::Error) -> (String, usize) {
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
