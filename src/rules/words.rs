//! A list of literal tokens, matched by lookup as its regex would match it.
//!
//! A regex of thousands of alternatives outgrows the lazy DFA's cache, and each match
//! is then confirmed in the NFA simulation, which carries every alternative along: a
//! style guide's list of 20,000 words took about half a millisecond a match. Looked
//! up, a match costs a few hash lookups.

use regex_syntax::ast::Ast;
use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};
use rustc_hash::{FxHashMap, FxHashSet};

/// Tokens that are all literals (`U\.S\.` is; `colou?r` is not), each case-folded under
/// `ignorecase`, with the place of its first entry in the list.
#[derive(Debug)]
pub struct WordList {
    ignorecase: bool,
    first: FxHashMap<Box<str>, u32>,
    /// `lengths[n]`: some token has `n` characters.
    lengths: Vec<bool>,
    /// The tokens' first characters, folded as their keys are.
    openings: FxHashSet<char>,
}

impl WordList {
    /// None when a token is not a literal (a class, group, flag or repetition) or is empty.
    pub fn new(tokens: &[String], ignorecase: bool) -> Option<WordList> {
        let (mut first, mut openings) = (FxHashMap::default(), FxHashSet::default());
        let mut lengths = Vec::new();
        for (place, token) in tokens.iter().enumerate() {
            let literal = literal(token)?;
            let n = literal.chars().count();
            if lengths.len() <= n {
                lengths.resize(n + 1, false);
            }
            lengths[n] = true;
            let key = keyed(ignorecase, &literal);
            openings.extend(key.chars().next());
            first.entry(key.into()).or_insert(u32::try_from(place).ok()?);
        }
        Some(WordList { ignorecase, first, lengths, openings })
    }

    /// Where the match of the list's alternation `(?:a|b|…)`, leftmost-first, anchored
    /// at `start` of `text` ends; with `\b` on both sides unless `nonword`. `key` is a
    /// buffer for the folded text.
    pub fn match_at(&self, text: &str, start: usize, nonword: bool, key: &mut String) -> Option<usize> {
        let rest = text.get(start..)?;
        if !nonword && !is_boundary(text, start) {
            return None;
        }
        key.clear();
        // The regex tries the tokens in list order: of those that match here, the first wins.
        let mut best: Option<(u32, usize)> = None;
        for (n, (at, c)) in (1..self.lengths.len()).zip(rest.char_indices()) {
            let end = start + at + c.len_utf8();
            let c = if self.ignorecase { fold(c) } else { c };
            if n == 1 && !self.openings.contains(&c) {
                return None;
            }
            if self.ignorecase {
                key.push(c);
            }
            if !self.lengths[n] || !(nonword || is_boundary(text, end)) {
                continue;
            }
            let found = if self.ignorecase { self.first.get(key.as_str()) } else { self.first.get(&text[start..end]) };
            if let Some(&place) = found
                && best.is_none_or(|(b, _)| place < b)
            {
                best = Some((place, end));
            }
        }
        best.map(|(_, end)| end)
    }

    /// Entries in the list, an entry repeated (after folding) counted once.
    pub fn entries(&self) -> usize {
        self.first.len()
    }

    /// The place in the list of the first token that the whole of `text` is (`^(?:a|b|…)$`).
    pub fn place_of(&self, text: &str) -> Option<usize> {
        let n = text.chars().count();
        if !self.lengths.get(n).is_some_and(|&b| b) {
            return None;
        }
        self.first.get(&*keyed(self.ignorecase, text)).map(|&p| p as usize)
    }
}

/// The text `token` stands for when it is a regex of literal characters only.
fn literal(token: &str) -> Option<String> {
    let ast = regex_syntax::ast::parse::Parser::new().parse(token).ok()?;
    let parts = match &ast {
        Ast::Concat(concat) => concat.asts.as_slice(),
        one => std::slice::from_ref(one),
    };
    let mut out = String::new();
    for part in parts {
        let Ast::Literal(l) = part else { return None };
        out.push(l.c);
    }
    (!out.is_empty()).then_some(out)
}

/// `text` as the list keys it: case-folded under `ignorecase`.
fn keyed(ignorecase: bool, text: &str) -> std::borrow::Cow<'_, str> {
    if ignorecase { text.chars().map(fold).collect::<String>().into() } else { text.into() }
}

/// One character of each class of characters that simple case folding makes equal (the
/// least): `(?i)` matches a character with any of its class, as `fold` tells.
fn fold(c: char) -> char {
    // An ASCII letter's class holds its capital, the least (`k` holds `K` and the Kelvin sign).
    if c.is_ascii() {
        return c.to_ascii_uppercase();
    }
    let mut class = ClassUnicode::new([ClassUnicodeRange::new(c, c)]);
    if class.try_case_fold_simple().is_err() {
        return c;
    }
    class.ranges().first().map_or(c, |r| r.start())
}

/// Whether `\b` (Unicode) holds at `at` of `text`.
fn is_boundary(text: &str, at: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(regex_syntax::is_word_character);
    word(text[..at].chars().next_back()) != word(text[at..].chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pattern::alternation;
    use proptest::prelude::*;

    fn list(tokens: &[&str]) -> Vec<String> {
        tokens.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn only_literal_tokens_make_a_list() {
        assert!(WordList::new(&list(&["arctic", r"U\.S\.", "Sea Route", "café", "well-known", "#1"]), true).is_some());
        for odd in ["colou?r", "[Aa]rctic", "(?-i)Arctic", "a|b", "", r"\bx", "x.", "(sea)"] {
            assert!(WordList::new(&list(&["arctic", odd]), false).is_none(), "{odd:?}");
        }
    }

    /// Every match, by lookup at every start, in order and without overlap.
    fn looked_up(words: &WordList, text: &str, nonword: bool) -> Vec<(usize, usize)> {
        let (mut found, mut from, mut key) = (Vec::new(), 0, String::new());
        for s in (0..=text.len()).filter(|&s| text.is_char_boundary(s)) {
            if s < from {
                continue;
            }
            if let Some(e) = words.match_at(text, s, nonword, &mut key) {
                found.push((s, e));
                from = e;
            }
        }
        found
    }

    #[test]
    fn lookup_finds_what_the_regex_finds() {
        // Tokens sharing openings, in both orders; case classes past ASCII (the Kelvin sign
        // and long s fold to ASCII letters); tokens that open or end on punctuation.
        let tokens = list(&[
            "sea",
            "sea route",
            "Route",
            "routes",
            "ks",
            "café",
            "straße",
            "ǅemal",
            "U.S.",
            ".NET",
            "NET",
            "ʼn",
            "Ω",
        ]);
        let texts = [
            "The Sea Route routes; sea router, SEA ROUTE.",
            "KS and \u{212A}\u{17F} and ks; CAFÉ, Café, cafés, STRASSE, STRAẞE, straße",
            "ǅemal ǄEMAL ǆemal; U.S. and u.s.a; .NET, A.NET, NET.NET; ŉ ʼN Ω ω Ω",
            "seaside sea-route sea\u{a0}route, xsea",
            "",
        ];
        let mut total = 0;
        for ignorecase in [false, true] {
            for nonword in [false, true] {
                let escaped: Vec<String> = tokens.iter().map(|t| regex_syntax::escape(t)).collect();
                let re = regex::Regex::new(&alternation(&escaped, ignorecase, nonword)).unwrap();
                let words = WordList::new(&escaped, ignorecase).unwrap();
                for text in texts {
                    let by_regex: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
                    assert_eq!(looked_up(&words, text, nonword), by_regex, "{text:?} {ignorecase} {nonword}");
                    total += by_regex.len();
                }
            }
        }
        assert!(total > 80, "{total}");
    }

    /// Pieces whose case classes reach past ASCII or change length in bytes, word and
    /// non-word characters, and regex metacharacters.
    const PIECES: &[&str] = &[
        "a", "A", "k", "K", "\u{212A}", "s", "S", "ſ", "é", "É", "ß", "ẞ", "ǅ", "ǆ", " ", ".", "-", "’", "1", "_", "*",
    ];

    fn piece_string(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..max).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn lookup_agrees_with_the_regex_on_random_lists_and_texts(
            tokens in proptest::collection::vec(piece_string(5), 1..6),
            text in piece_string(40),
            ignorecase: bool,
            nonword: bool,
        ) {
            let escaped: Vec<String> = tokens.iter().map(|t| regex_syntax::escape(t)).collect();
            // An empty token makes no list (the regex would match the empty string).
            let Some(words) = WordList::new(&escaped, ignorecase) else {
                prop_assert!(tokens.iter().any(String::is_empty));
                return Ok(());
            };
            let re = regex::Regex::new(&alternation(&escaped, ignorecase, nonword)).unwrap();
            let by_regex: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(looked_up(&words, &text, nonword), by_regex);
            let flags = if ignorecase { "(?i)" } else { "" };
            let whole = regex::Regex::new(&format!("{flags}^(?:{})$", escaped.join("|"))).unwrap();
            for candidate in tokens.iter().chain([&text]) {
                let first = escaped.iter().position(|t| {
                    regex::Regex::new(&format!("{flags}^(?:{t})$")).unwrap().is_match(candidate)
                });
                prop_assert_eq!(words.place_of(candidate), first);
                prop_assert_eq!(first.is_some(), whole.is_match(candidate));
            }
        }
    }

    #[test]
    fn a_whole_text_is_placed_as_the_anchored_regex_places_it() {
        let tokens = list(&["Colour", "colour", "grey", "K"]);
        let sensitive = WordList::new(&tokens, false).unwrap();
        let folded = WordList::new(&tokens, true).unwrap();
        assert_eq!((sensitive.place_of("colour"), folded.place_of("colour")), (Some(1), Some(0)));
        assert_eq!((sensitive.place_of("GREY"), folded.place_of("GREY")), (None, Some(2)));
        assert_eq!((sensitive.place_of("\u{212A}"), folded.place_of("\u{212A}")), (None, Some(3)));
        assert_eq!((folded.place_of("greys"), folded.place_of("")), (None, None));
    }
}
