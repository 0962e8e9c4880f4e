//! `spelling` (Vale): words missing from the word lists and Hunspell
//! dictionaries a rule names. Affixes (`SFX`/`PFX` in the `.aff` file) are
//! expanded when the dictionary is read.

use std::collections::HashSet;
use std::sync::Arc;

use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::Context;

#[derive(Debug, Clone)]
pub struct Spelling {
    pub words: Arc<HashSet<String>>,
    /// Words matching one of these (whole word) are not checked.
    pub filters: Vec<Pattern>,
    /// Skip words with digits, acronyms and single letters.
    pub default_filters: bool,
}

impl Spelling {
    /// `%s` is the unknown word.
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        ctx.for_each_scoped(rule, |_, span| {
            for w in doc.words(span) {
                let word = doc.prose_text(w).trim_matches(|c: char| c == '\'' || c == '’');
                if word.is_empty() || self.filtered(word) || self.known(word) {
                    continue;
                }
                out.push(ctx.finding(rule, w, &[word], None));
            }
        });
    }

    fn filtered(&self, word: &str) -> bool {
        let skip = self.default_filters
            && (word.chars().count() < 2
                || word.chars().any(|c| c.is_ascii_digit())
                || word.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase));
        skip || self.filters.iter().any(|f| f.is_match(word))
    }

    /// Known as written, lower-cased (a capital at the start of a sentence), or part by part when hyphenated.
    fn known(&self, word: &str) -> bool {
        let known = |w: &str| self.words.contains(w) || self.words.contains(&w.to_lowercase());
        known(word) || (word.contains('-') && word.split('-').all(|p| p.is_empty() || known(p) || self.filtered(p)))
    }
}

/// One affix rule of an `.aff` file.
struct Affix {
    suffix: bool,
    cross: bool,
    strip: String,
    add: String,
    condition: Option<regex::Regex>,
}

/// Reads a Hunspell `.dic` with its `.aff` (when given) into `words`.
pub fn read_hunspell(dic: &str, aff: Option<&str>, words: &mut HashSet<String>) -> Result<(), String> {
    let mut long_flags = false;
    let mut numeric_flags = false;
    let mut affixes: Vec<(String, Affix)> = Vec::new();
    let mut cross = std::collections::HashMap::new();
    for line in aff.unwrap_or("").lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        match f.as_slice() {
            ["FLAG", "long", ..] => long_flags = true,
            ["FLAG", "num", ..] => numeric_flags = true,
            [kind @ ("SFX" | "PFX"), flag, yes, count] if count.parse::<usize>().is_ok() => {
                cross.insert((*kind == "SFX", flag.to_string()), *yes == "Y");
            }
            [kind @ ("SFX" | "PFX"), flag, strip, add, rest @ ..] => {
                let suffix = *kind == "SFX";
                let add = add.split('/').next().unwrap_or("");
                let condition = match rest.first().copied().unwrap_or(".") {
                    "." => None,
                    c if suffix => regex::Regex::new(&format!("(?:{c})$")).ok(),
                    c => regex::Regex::new(&format!("^(?:{c})")).ok(),
                };
                let cross = cross.get(&(suffix, flag.to_string())).copied().unwrap_or(false);
                let zero = |s: &str| if s == "0" { String::new() } else { s.to_string() };
                affixes
                    .push((flag.to_string(), Affix { suffix, cross, strip: zero(strip), add: zero(add), condition }));
            }
            _ => {}
        }
    }
    let split_flags = |flags: &str| -> Vec<String> {
        if numeric_flags {
            flags.split(',').map(str::to_string).collect()
        } else if long_flags {
            let chars: Vec<char> = flags.chars().collect();
            chars.chunks(2).map(|c| c.iter().collect()).collect()
        } else {
            flags.chars().map(String::from).collect()
        }
    };
    for (n, line) in dic.lines().enumerate() {
        let entry = line.split(['\t', ' ']).next().unwrap_or("").trim();
        if entry.is_empty() || (n == 0 && entry.parse::<usize>().is_ok()) {
            continue;
        }
        let (word, flags) = entry.split_once('/').unwrap_or((entry, ""));
        words.insert(word.to_string());
        let flags = split_flags(flags);
        let applies = |a: &Affix, w: &str| a.condition.as_ref().is_none_or(|c| c.is_match(w));
        let apply = |a: &Affix, w: &str| -> Option<String> {
            if a.suffix {
                w.strip_suffix(a.strip.as_str()).map(|stem| format!("{stem}{}", a.add))
            } else {
                w.strip_prefix(a.strip.as_str()).map(|stem| format!("{}{stem}", a.add))
            }
        };
        let mine: Vec<&Affix> = affixes.iter().filter(|(f, _)| flags.contains(f)).map(|(_, a)| a).collect();
        let mut suffixed = Vec::new();
        for a in mine.iter().filter(|a| a.suffix && applies(a, word)) {
            if let Some(form) = apply(a, word) {
                if a.cross {
                    suffixed.push(form.clone());
                }
                words.insert(form);
            }
        }
        for a in mine.iter().filter(|a| !a.suffix) {
            for base in std::iter::once(word.to_string()).chain(if a.cross { suffixed.clone() } else { Vec::new() }) {
                if applies(a, &base) {
                    words.extend(apply(a, &base));
                }
            }
        }
    }
    if words.is_empty() {
        return Err("the dictionary holds no words".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_suffixes_and_prefixes() {
        let aff = "SET UTF-8\nSFX S Y 2\nSFX S y ies [^aeiou]y\nSFX S 0 s [^y]\nPFX U Y 1\nPFX U 0 un .\n";
        let dic = "3\nreport/S\ncountry/S\nlikely/U\n";
        let mut words = HashSet::new();
        read_hunspell(dic, Some(aff), &mut words).unwrap();
        for w in ["report", "reports", "countries", "likely", "unlikely"] {
            assert!(words.contains(w), "{w}");
        }
        assert!(!words.contains("countrys"));
    }
}
