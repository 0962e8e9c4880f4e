//! Vale-style message templates: `%s` takes the next argument, `%[n]s` the n-th, `%%` is `%`.

/// `format`, sharing `template` itself when it has no placeholder (most help texts).
pub fn format_shared(template: &std::sync::Arc<str>, args: &[&str]) -> std::sync::Arc<str> {
    if template.contains('%') { std::sync::Arc::from(format(template, args)) } else { template.clone() }
}

pub fn format(template: &str, args: &[&str]) -> String {
    // Room for every argument once: the message is not regrown as they go in.
    let mut out = String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut next = 0;
    let mut rest = template;
    while let Some(i) = rest.find('%') {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 1..];
        if let Some(after) = tail.strip_prefix('%') {
            out.push('%');
            rest = after;
        } else if let Some(after) = tail.strip_prefix('s') {
            out.push_str(args.get(next).copied().unwrap_or(""));
            next += 1;
            rest = after;
        } else if let Some((n, after)) = explicit_index(tail) {
            out.push_str(args.get(n.wrapping_sub(1)).copied().unwrap_or(""));
            next = n;
            rest = after;
        } else {
            out.push('%');
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// Parses `[n]s` at the start of `text`.
fn explicit_index(text: &str) -> Option<(usize, &str)> {
    let inner = text.strip_prefix('[')?;
    let close = inner.find(']')?;
    let n = inner[..close].parse().ok()?;
    let after = inner[close + 1..].strip_prefix('s')?;
    Some((n, after))
}

#[cfg(test)]
mod tests {
    use super::format;

    #[test]
    fn sequential_explicit_and_literal() {
        assert_eq!(format("Use '%s' instead of '%s'.", &["to", "in order to"]), "Use 'to' instead of 'in order to'.");
        assert_eq!(format("'%[2]s' → '%[1]s' (100%%)", &["a", "b"]), "'b' → 'a' (100%)");
        assert_eq!(format("odd %d and %s", &["x"]), "odd %d and x");
    }
}
