//! A list of literal tokens looked up (`rules::words`) against its regex: the same
//! matches at every start, and the same entry for a whole text. The first byte holds the
//! flags; the first line the tokens, split at `|`; the rest is the text.
#![no_main]

use brieflint::rules::pattern::alternation;
use brieflint::rules::words::WordList;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else { return };
    let (ignorecase, nonword) = (flags & 1 == 1, flags & 2 == 2);
    let input = String::from_utf8_lossy(rest);
    let (list, text) = input.split_once('\n').unwrap_or((&input, ""));
    let tokens: Vec<String> = list.split('|').map(regex_syntax::escape).collect();
    let Some(words) = WordList::new(&tokens, ignorecase) else {
        assert!(tokens.iter().any(String::is_empty));
        return;
    };
    let re = regex::Regex::new(&alternation(&tokens, ignorecase, nonword)).unwrap();
    let by_regex: Vec<(usize, usize)> = re.find_iter(text).map(|m| (m.start(), m.end())).collect();
    let (mut looked_up, mut from, mut key) = (Vec::new(), 0, String::new());
    for s in (0..=text.len()).filter(|&s| text.is_char_boundary(s)) {
        if s >= from
            && let Some(e) = words.match_at(text, s, nonword, &mut key)
        {
            looked_up.push((s, e));
            from = e;
        }
    }
    assert_eq!(looked_up, by_regex, "{tokens:?} {text:?}");
    let flag = if ignorecase { "(?i)" } else { "" };
    let first = tokens.iter().position(|t| regex::Regex::new(&format!("{flag}^(?:{t})$")).unwrap().is_match(text));
    assert_eq!(words.place_of(text), first, "{tokens:?} {text:?}");
});
