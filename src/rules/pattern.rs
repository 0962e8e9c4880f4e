//! Regexes: the `regex` crate where it can, `fancy-regex` for lookaround and backreferences.

#[derive(Debug, Clone)]
pub enum Pattern {
    Plain(regex::Regex),
    Fancy(fancy_regex::Regex),
}

/// Bound on fancy-regex backtracking, so a pathological rule cannot hang a run.
const BACKTRACK_LIMIT: usize = 1_000_000;

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        match regex::Regex::new(source) {
            Ok(re) => Ok(Pattern::Plain(re)),
            Err(plain_error) => fancy_regex::RegexBuilder::new(source)
                .backtrack_limit(BACKTRACK_LIMIT)
                .build()
                .map(Pattern::Fancy)
                .map_err(|fancy_error| match plain_error {
                    // Prefer the fancy error when the plain crate only lacked a feature.
                    regex::Error::Syntax(_) => format!("invalid regex `{source}`: {fancy_error}"),
                    other => format!("invalid regex `{source}`: {other}"),
                }),
        }
    }

    /// Calls `f(start, end)` for each match in `text`. A fancy-regex that hits its
    /// backtrack limit stops early and the error is returned.
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(usize, usize)) -> Result<(), String> {
        match self {
            Pattern::Plain(re) => {
                re.find_iter(text).for_each(|m| f(m.start(), m.end()));
                Ok(())
            }
            Pattern::Fancy(re) => {
                for m in re.find_iter(text) {
                    let m = m.map_err(|e| e.to_string())?;
                    f(m.start(), m.end());
                }
                Ok(())
            }
        }
    }

    /// Like `for_each_match`, with the span of the first capture group when it took part.
    pub fn for_each_capture(
        &self,
        text: &str,
        mut f: impl FnMut(usize, usize, Option<(usize, usize)>),
    ) -> Result<(), String> {
        match self {
            Pattern::Plain(re) => {
                for c in re.captures_iter(text) {
                    let (Some(m), group) = (c.get(0), c.get(1).map(|g| (g.start(), g.end()))) else { continue };
                    f(m.start(), m.end(), group);
                }
                Ok(())
            }
            Pattern::Fancy(re) => {
                for c in re.captures_iter(text) {
                    let c = c.map_err(|e| e.to_string())?;
                    let (Some(m), group) = (c.get(0), c.get(1).map(|g| (g.start(), g.end()))) else { continue };
                    f(m.start(), m.end(), group);
                }
                Ok(())
            }
        }
    }

    /// Whether `text` holds a match.
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Pattern::Plain(re) => re.is_match(text),
            Pattern::Fancy(re) => re.is_match(text).unwrap_or(false),
        }
    }
}

/// Joins literal-or-regex tokens into one alternation, Vale-style:
/// `\b(?:a|b)\b`, without the boundaries when `nonword`, `(?i)` when `ignorecase`.
pub fn alternation(tokens: &[String], ignorecase: bool, nonword: bool) -> String {
    let body = tokens.iter().map(String::as_str).collect::<Vec<_>>().join("|");
    let flags = if ignorecase { "(?i)" } else { "" };
    if nonword { format!("{flags}(?:{body})") } else { format!(r"{flags}\b(?:{body})\b") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookaround_falls_back_to_fancy() {
        let p = Pattern::new(r"\bwill(?! not)\b").unwrap();
        assert!(matches!(p, Pattern::Fancy(_)));
        assert!(p.is_match("it will rain") && !p.is_match("it will not rain"));
    }

    #[test]
    fn broken_regex_is_an_error_naming_the_pattern() {
        let err = Pattern::new("(unclosed").unwrap_err();
        assert!(err.contains("`(unclosed`"), "{err}");
    }
}
