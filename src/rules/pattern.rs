//! Regexes: the `regex` crate where it can, `fancy-regex` for lookaround and backreferences.

use super::words::WordList;

#[derive(Debug, Clone)]
pub enum Pattern {
    /// `ascii` is the same regex with ASCII word boundaries, when it has any `\b`:
    /// on text without non-ASCII letters or digits the two agree, and the ASCII one
    /// runs in the lazy DFA where a Unicode `\b` makes the search fall back to a
    /// backtracker on any non-ASCII text (`’`, `–`, `€`). The regexes are the `regex`
    /// crate's engine, used directly: it also searches anchored at a given start.
    Plain {
        re: Meta,
        source: std::sync::Arc<str>,
        /// Compiled on first use (copies share it): most patterns never meet the text it is for.
        ascii: std::sync::Arc<std::sync::OnceLock<Option<Meta>>>,
        /// Names the regex for the rule pack's prefilter (copies share it).
        id: u32,
    },
    /// A long list of literals, looked up as its regex `source` would match (see
    /// `rules::words`): the regex is not compiled for it. `id` as for a plain regex. A
    /// search of a whole text goes as `whole` tells (decided on first use).
    Listed {
        lookup: std::sync::Arc<Lookup>,
        source: std::sync::Arc<str>,
        id: u32,
        whole: std::sync::Arc<std::sync::OnceLock<WholeText>>,
    },
    Fancy(fancy_regex::Regex),
}

type Meta = regex_automata::meta::Regex;

/// A list of literal tokens a regex alternates.
#[derive(Debug)]
pub enum Lookup {
    /// `\b(?:a|b|…)\b`, or without the `\b` when `nonword`.
    Tokens { words: std::sync::Arc<WordList>, nonword: bool },
    /// `^(?:a|b|…)$`.
    Whole(WordList),
}

impl Lookup {
    /// `Pattern::for_each_match_at` (every start of a match is among `starts`).
    fn for_each_match_at(&self, text: &str, starts: impl Iterator<Item = usize>, mut f: impl FnMut(usize, usize)) {
        match self {
            Lookup::Tokens { words, nonword } => {
                let (mut from, mut key) = (0, String::new());
                for s in starts {
                    if s >= from
                        && let Some(e) = words.match_at(text, s, *nonword, &mut key)
                    {
                        f(s, e);
                        from = e;
                    }
                }
            }
            Lookup::Whole(words) => {
                if words.place_of(text).is_some() {
                    f(0, text.len());
                }
            }
        }
    }

    /// Entries in the list (an entry repeated counts once).
    fn entries(&self) -> usize {
        match self {
            Lookup::Tokens { words, .. } => words.entries(),
            Lookup::Whole(words) => words.entries(),
        }
    }

    /// Every match in `text`: looked up where `starts` (the list's prefixes, as the
    /// prefilter finds them) finds one may start, else at every character.
    fn for_each_match(&self, text: &str, starts: Option<&aho_corasick::AhoCorasick>, f: impl FnMut(usize, usize)) {
        match starts {
            Some(finder) => {
                // Overlapping matches come by their end: the starts are sorted.
                let mut at: Vec<usize> = finder.find_overlapping_iter(text).map(|m| m.start()).collect();
                at.sort_unstable();
                at.dedup();
                self.for_each_match_at(text, at.into_iter(), f);
            }
            None => self.for_each_match_at(text, (0..=text.len()).filter(|&s| text.is_char_boundary(s)), f),
        }
    }
}

/// How a listed pattern searches a whole text (a repetition's tokens, a capitalization's
/// exceptions, a raw scope), rather than at the prefilter's hits.
#[derive(Debug)]
pub enum WholeText {
    /// The list's regex, compiled on first use: it runs in its DFA (`ascii` as for a
    /// plain pattern).
    Regex { re: Meta, ascii: std::sync::OnceLock<Option<Meta>> },
    /// Lookups where the list's prefixes stand (None: at every character).
    Finder(Option<aho_corasick::AhoCorasick>),
}

/// Tokens up to which a whole text is searched with the list's regex; past that, lookups
/// where its prefixes stand are faster. A repetition rule on medium, regex against
/// lookups: 100 tokens 56 ms against 144 ms, 2,000 160 ms against 203 ms, 20,000 over
/// 300 s against 0.65 s.
const WHOLE_TEXT_BY_REGEX: usize = 1_000;

/// `Pattern::for_each_match` of a listed pattern.
fn for_each_listed_match(
    lookup: &Lookup,
    source: &str,
    whole: &std::sync::OnceLock<WholeText>,
    text: &str,
    mut f: impl FnMut(usize, usize),
) {
    // `^(?:a|b|…)$` matches the whole text or nothing: one lookup, with no search to choose.
    if let Lookup::Whole(_) = lookup {
        return lookup.for_each_match_at(text, std::iter::empty(), f);
    }
    let whole = whole.get_or_init(|| {
        // A longer list's regex is not compiled at all.
        let re = (lookup.entries() <= WHOLE_TEXT_BY_REGEX).then(|| builder().build(source).ok()).flatten();
        match re {
            Some(re) => WholeText::Regex { re, ascii: Default::default() },
            None => WholeText::Finder(starts_of(source)),
        }
    });
    match whole {
        WholeText::Regex { re, ascii } => {
            plain_for(re, source, ascii, text).find_iter(text).for_each(|m| f(m.start(), m.end()));
        }
        WholeText::Finder(finder) => lookup.for_each_match(text, finder.as_ref(), f),
    }
}

/// What finds the places a match of `source` may start: its prefixes, ASCII case aside
/// (see `prefilter::prefixes`). None when it has none to use.
fn starts_of(source: &str) -> Option<aho_corasick::AhoCorasick> {
    let literals = super::prefilter::prefixes(source)?;
    aho_corasick::AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .match_kind(aho_corasick::MatchKind::Standard)
        .build(&literals)
        .ok()
}

/// Tokens past which a list of literals is looked up (as the prefilter reads it word by
/// word): a regex of fewer runs in its DFA.
const LONG_LIST: usize = 64;

/// Ids of plain patterns, unique in a run.
static NEXT_ID: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

fn next_id() -> u32 {
    NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A regex in backquotes for a message: whole when short, else its opening and its length
/// (a rule of 20,000 words printed a 200 KB message).
fn shown(source: &str) -> String {
    const MOST: usize = 120;
    if source.len() <= MOST {
        return format!("`{source}`");
    }
    let cut = (0..=MOST).rev().find(|&i| source.is_char_boundary(i)).unwrap_or(0);
    format!("`{}`… ({} bytes)", &source[..cut], source.len())
}

/// Bytes a regex's compiled program may take: a list of 20,000 words takes more than the
/// regex crate's default of 10 MB, and under 16 MB.
const NFA_SIZE_LIMIT: usize = 128 << 20;

/// Bound on fancy-regex backtracking, so a pathological rule cannot hang a run.
const BACKTRACK_LIMIT: usize = 1_000_000;

impl Pattern {
    pub fn new(source: &str) -> Result<Pattern, String> {
        match builder().build(source) {
            Ok(re) => Ok(Pattern::Plain { re, source: source.into(), ascii: Default::default(), id: next_id() }),
            Err(plain_error) => fancy_regex::RegexBuilder::new(source)
                .backtrack_limit(BACKTRACK_LIMIT)
                .build()
                .map(Pattern::Fancy)
                .map_err(|fancy_error| {
                    let source = shown(source);
                    match (plain_error.syntax_error(), plain_error.size_limit()) {
                        // Prefer the fancy error when the plain crate only lacked a feature.
                        (Some(_), _) => format!("invalid regex {source}: {fancy_error}"),
                        (None, Some(limit)) => format!("regex {source} compiles past the size limit of {limit} bytes"),
                        (None, None) => format!("invalid regex {source}: {plain_error}"),
                    }
                }),
        }
    }

    /// `alternation(tokens, ignorecase, nonword)`; a long list of literals is looked up.
    pub fn word_list(tokens: &[String], ignorecase: bool, nonword: bool) -> Result<Pattern, String> {
        let source = alternation(tokens, ignorecase, nonword);
        match long_list(tokens, ignorecase) {
            Some(words) => Ok(Pattern::listed(Lookup::Tokens { words: std::sync::Arc::new(words), nonword }, source)),
            None => Pattern::new(&source),
        }
    }

    /// `^(?:a|b|…)$` (`(?i)` when `ignorecase`): whether a whole text is one of `tokens`.
    pub fn whole_word_list(tokens: &[String], ignorecase: bool) -> Result<Pattern, String> {
        let flags = if ignorecase { "(?i)" } else { "" };
        let source = format!("{flags}^(?:{})$", tokens.join("|"));
        match long_list(tokens, ignorecase) {
            Some(words) => Ok(Pattern::listed(Lookup::Whole(words), source)),
            None => Pattern::new(&source),
        }
    }

    fn listed(lookup: Lookup, source: String) -> Pattern {
        Pattern::Listed {
            lookup: std::sync::Arc::new(lookup),
            source: source.into(),
            id: next_id(),
            whole: Default::default(),
        }
    }

    /// Calls `f(start, end)` for each match in `text`. A fancy-regex that hits its
    /// backtrack limit stops early and the error is returned.
    pub fn for_each_match(&self, text: &str, mut f: impl FnMut(usize, usize)) -> Result<(), String> {
        match self {
            Pattern::Plain { re, source, ascii, .. } => {
                plain_for(re, source, ascii, text).find_iter(text).for_each(|m| f(m.start(), m.end()));
                Ok(())
            }
            Pattern::Listed { lookup, source, whole, .. } => {
                for_each_listed_match(lookup, source, whole, text, f);
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

    /// `for_each_match` of a plain regex every match of which starts at one of `starts`
    /// (in order): only those are tried, each with a search anchored there, in place of
    /// a search of the whole text. The matches and their order are those of
    /// `for_each_match` when no match is empty. Returns false, having called nothing,
    /// for a fancy regex.
    pub fn for_each_match_at(
        &self,
        text: &str,
        starts: impl Iterator<Item = usize>,
        mut f: impl FnMut(usize, usize),
    ) -> bool {
        let (re, source, ascii) = match self {
            Pattern::Plain { re, source, ascii, .. } => (re, source, ascii),
            Pattern::Listed { lookup, .. } => {
                lookup.for_each_match_at(text, starts, f);
                return true;
            }
            Pattern::Fancy(_) => return false,
        };
        let re = plain_for(re, source, ascii, text);
        let mut from = 0;
        for (tried, s) in starts.enumerate() {
            // A search that fails may read to the end of the text: past a few starts the
            // rest is searched once (no match starts between the tried starts, so its
            // first match is the next). A 240 KB sentence of 6,000 "likely" took 6 s.
            if tried == MOST_ANCHORED_SEARCHES {
                let rest = regex_automata::Input::new(text).range(from..);
                re.find_iter(rest).for_each(|m| f(m.start(), m.end()));
                break;
            }
            if s < from || !text.is_char_boundary(s) {
                continue;
            }
            let input = regex_automata::Input::new(text).range(s..).anchored(regex_automata::Anchored::Yes);
            if let Some(m) = re.find(input) {
                f(m.start(), m.end());
                from = m.end().max(s + 1);
            }
        }
        true
    }

    /// Like `for_each_match`, with the span of the first capture group when it took part.
    pub fn for_each_capture(
        &self,
        text: &str,
        mut f: impl FnMut(usize, usize, Option<(usize, usize)>),
    ) -> Result<(), String> {
        match self {
            Pattern::Plain { re, source, ascii, .. } => {
                for c in plain_for(re, source, ascii, text).captures_iter(text) {
                    let (Some(m), group) = (c.get_match(), c.get_group(1).map(|g| (g.start, g.end))) else { continue };
                    f(m.start(), m.end(), group);
                }
                Ok(())
            }
            // A list has no capture group.
            Pattern::Listed { lookup, source, whole, .. } => {
                for_each_listed_match(lookup, source, whole, text, |s, e| f(s, e, None));
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

    /// The list a `word_list` pattern looks up, when it is looked up.
    pub fn listed_words(&self) -> Option<&std::sync::Arc<WordList>> {
        match self {
            Pattern::Listed { lookup, .. } => match &**lookup {
                Lookup::Tokens { words, .. } => Some(words),
                Lookup::Whole(_) => None,
            },
            _ => None,
        }
    }

    /// The id and source of a plain regex (a fancy one has neither).
    pub fn plain_source(&self) -> Option<(u32, &str)> {
        match self {
            Pattern::Plain { source, id, .. } | Pattern::Listed { source, id, .. } => Some((*id, source)),
            Pattern::Fancy(_) => None,
        }
    }

    /// Whether `text` holds a match.
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            Pattern::Plain { re, source, ascii, .. } => plain_for(re, source, ascii, text).is_match(text),
            Pattern::Listed { lookup, source, whole, .. } => {
                let mut found = false;
                for_each_listed_match(lookup, source, whole, text, |_, _| found = true);
                found
            }
            Pattern::Fancy(re) => re.is_match(text).unwrap_or(false),
        }
    }
}

/// What builds the `regex` crate's engine of a plain pattern (within its size limit).
fn builder() -> regex_automata::meta::Builder {
    let mut builder = Meta::builder();
    builder.configure(Meta::config().nfa_size_limit(Some(NFA_SIZE_LIMIT)));
    builder
}

/// `tokens` as a list to look up, when it is long and of literals only.
fn long_list(tokens: &[String], ignorecase: bool) -> Option<WordList> {
    (tokens.len() > LONG_LIST).then(|| WordList::new(tokens, ignorecase)).flatten()
}

/// Anchored searches `for_each_match_at` makes in one text before it searches the rest.
const MOST_ANCHORED_SEARCHES: usize = 16;

/// The plain regex to run on `text`: the ASCII-boundary one when it agrees there.
fn plain_for<'a>(re: &'a Meta, source: &str, ascii: &'a std::sync::OnceLock<Option<Meta>>, text: &str) -> &'a Meta {
    // A regex without `\b` has no twin: the text is not read for one.
    match ascii_twin(source, ascii) {
        Some(twin) if !has_non_ascii_word(text) => twin,
        _ => re,
    }
}

/// The regex of `source` with ASCII word boundaries, when it has any `\b` (compiled once, on first use).
fn ascii_twin<'a>(source: &str, ascii: &'a std::sync::OnceLock<Option<Meta>>) -> Option<&'a Meta> {
    ascii.get_or_init(|| ascii_boundaries(source).and_then(|twin| Meta::new(&twin).ok())).as_ref()
}

/// Whether `text` has a character outside ASCII that `\b` counts as a word character.
fn has_non_ascii_word(text: &str) -> bool {
    // Only the characters past ASCII are read: the ASCII runs between them are skipped.
    let mut at = 0;
    while let Some(i) = crate::facts::scan::next_wide(text.as_bytes(), at) {
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else { return false };
        if regex_syntax::is_word_character(c) {
            return true;
        }
        at = i + c.len_utf8();
    }
    false
}

/// `source` with every word-boundary assertion made ASCII (`(?-u:\b)`), or None
/// when it has none (or does not parse, which the caller has already ruled out).
fn ascii_boundaries(source: &str) -> Option<String> {
    use regex_syntax::ast::{AssertionKind as K, Ast, Flag, Flags, FlagsItem, FlagsItemKind, Group, GroupKind};
    fn walk(ast: &mut Ast) -> bool {
        match ast {
            Ast::Assertion(a) => {
                let boundary = !matches!(a.kind, K::StartLine | K::EndLine | K::StartText | K::EndText);
                if boundary {
                    let span = a.span;
                    let item = |kind| FlagsItem { span, kind };
                    let items = vec![item(FlagsItemKind::Negation), item(FlagsItemKind::Flag(Flag::Unicode))];
                    let inner = std::mem::replace(ast, Ast::empty(span));
                    let kind = GroupKind::NonCapturing(Flags { span, items });
                    *ast = Ast::group(Group { span, kind, ast: Box::new(inner) });
                }
                boundary
            }
            Ast::Repetition(r) => walk(&mut r.ast),
            Ast::Group(g) => walk(&mut g.ast),
            Ast::Alternation(a) => a.asts.iter_mut().fold(false, |changed, x| walk(x) | changed),
            Ast::Concat(c) => c.asts.iter_mut().fold(false, |changed, x| walk(x) | changed),
            _ => false,
        }
    }
    let mut ast = regex_syntax::ast::parse::Parser::new().parse(source).ok()?;
    if !walk(&mut ast) {
        return None;
    }
    let mut out = String::new();
    regex_syntax::ast::print::Printer::new().print(&ast, &mut out).ok()?;
    Some(out)
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
    fn ascii_boundaries_agree_where_they_are_used() {
        let source = r"(?i)\b(?:very|café)\b";
        assert_eq!(ascii_boundaries(source).unwrap(), r"(?i)(?-u:\b)(?:very|café)(?-u:\b)");
        let p = Pattern::new(source).unwrap();
        let Pattern::Plain { source, ascii, .. } = &p else { panic!("not plain: {p:?}") };
        assert!(ascii_twin(source, ascii).is_some(), "no ASCII twin: {p:?}");
        let all = |text: &str| {
            let mut found = Vec::new();
            p.for_each_match(text, |s, e| found.push(text[s..e].to_string())).unwrap();
            found
        };
        // Punctuation outside ASCII keeps the fast path; letters outside ASCII take the Unicode one.
        assert_eq!(all("It’s very – Very – good"), ["very", "Very"]);
        assert_eq!(all("trèsvery very"), ["very"]);
        assert_eq!(all("Café, cafés"), ["Café"]);
        let dollars = Pattern::new(r"\$[0-9]+").unwrap();
        assert!(matches!(&dollars, Pattern::Plain { source, ascii, .. } if ascii_twin(source, ascii).is_none()));
    }

    #[test]
    fn non_ascii_words_are_found_as_by_reading_every_character() {
        let by_chars = |text: &str| text.chars().any(|c| !c.is_ascii() && regex_syntax::is_word_character(c));
        let mut texts: Vec<String> =
            ["", "plain ASCII text", "It’s – “quoted” — 5 €", "café", "eight by é", "Ω", "x’y’zé"]
                .map(String::from)
                .into();
        // Every placement of a word and a non-word character past ASCII in ASCII runs of 0 to 20 bytes.
        for wide in ["é", "’", "🙂", "中"] {
            for before in 0..20 {
                for after in [0, 1, 7, 8, 9] {
                    texts.push(format!("{}{wide}{}", "a".repeat(before), "b".repeat(after)));
                }
            }
        }
        for name in ["arctic-shipping", "mekong-dams", "russia-china-trade"] {
            let text = std::fs::read_to_string(format!("fixtures/clean/{name}.md")).unwrap();
            texts.extend(text.lines().map(String::from));
        }
        for text in &texts {
            assert_eq!(has_non_ascii_word(text), by_chars(text), "{text:?}");
        }
    }

    #[test]
    fn anchored_searches_at_the_starts_find_what_the_whole_search_finds() {
        let words = Pattern::new(r"(?i)\b(?:highly likely|likely|remote chance)\b").unwrap();
        let pair = Pattern::new(r"(?i)\blikely\b[^.]*?\bconfidence\b").unwrap();
        let many = format!("{}high confidence. A likely, low confidence; likely.", "likely or ".repeat(30));
        let texts = ["Highly likely, likely; unlikely. A remote chance — likely", "likelyhood likely", "x", &many];
        for (p, text) in [&words, &pair].into_iter().flat_map(|p| texts.iter().map(move |t| (p, t))) {
            let (mut whole, mut anchored, mut at_words) = (Vec::new(), Vec::new(), Vec::new());
            p.for_each_match(text, |s, e| whole.push((s, e))).unwrap();
            // Every place, in order: more starts than the matches have change nothing;
            // nor does searching the rest once past `MOST_ANCHORED_SEARCHES` of them.
            assert!(p.for_each_match_at(text, 0..=text.len(), |s, e| anchored.push((s, e))));
            assert_eq!(anchored, whole, "{text:?}");
            let starts = (0..text.len()).filter(|&i| i == 0 || text.as_bytes()[i - 1] == b' ');
            assert!(p.for_each_match_at(text, starts, |s, e| at_words.push((s, e))));
            assert_eq!(at_words, whole, "{text:?}");
        }
        let mut found = 0;
        pair.for_each_match(&many, |_, _| found += 1).unwrap();
        assert_eq!(found, 2);
        assert!(!Pattern::new(r"\bwill(?! not)").unwrap().for_each_match_at("will", 0..1, |_, _| {}));
    }

    /// 20,000 words of eight letters that share little (an LCG's digits in base 26).
    fn word_list() -> Vec<String> {
        let letters = |k: u64| {
            let mut x = k.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) >> 20;
            let mut word = String::new();
            for _ in 0..8 {
                word.push(char::from(b'a' + (x % 26) as u8));
                x /= 26;
            }
            word
        };
        (0..20_000).map(letters).collect()
    }

    #[test]
    fn broken_regex_is_an_error_naming_the_pattern() {
        let err = Pattern::new("(unclosed").unwrap_err();
        assert!(err.contains("`(unclosed`"), "{err}");
        let err = Pattern::new(r"\w{1000}{100}").unwrap_err();
        assert!(err.contains("size limit of 134217728 bytes"), "{err}");
        // A long pattern is named by its opening and length, not printed whole.
        let words = word_list();
        let long = format!("(?i)\\b(?:{})\\b(", words.join("|"));
        let err = Pattern::new(&long).unwrap_err();
        assert!(err.starts_with(&format!(r"invalid regex `(?i)\b(?:{}|", words[0])), "{err}");
        assert!(err.contains(&format!("`… ({} bytes): ", long.len())), "{err}");
        assert!(err.len() < 400, "{err}");
    }

    /// A long list of literals is looked up, not compiled, and every way of matching gives
    /// what its regex gives; a list with one token that is not a literal is compiled.
    #[test]
    fn a_long_list_is_looked_up_as_its_regex_matches() {
        // Lists a whole text is searched in with the regex, and with lookups.
        for size in [100, 2_000] {
            a_list_is_looked_up_as_its_regex_matches(size);
        }
    }

    fn a_list_is_looked_up_as_its_regex_matches(size: usize) {
        let mut words = word_list();
        words.truncate(size);
        words.extend(["Sea Route", "sea", "café", r"U\.S\."].map(String::from));
        let texts = ["The sea route, SEA ROUTE and Sea; CAFÉ, cafés in the U.S. and u.s.a.", "", "seaside sea"];
        for (ignorecase, nonword) in [(true, false), (false, false), (true, true)] {
            let listed = Pattern::word_list(&words, ignorecase, nonword).unwrap();
            assert!(matches!(listed, Pattern::Listed { .. }));
            let compiled = Pattern::new(&alternation(&words, ignorecase, nonword)).unwrap();
            let whole = Pattern::whole_word_list(&words, ignorecase).unwrap();
            let whole_compiled =
                Pattern::new(&format!("{}^(?:{})$", ["", "(?i)"][usize::from(ignorecase)], words.join("|"))).unwrap();
            let all = |p: &Pattern, text: &str| {
                let (mut found, mut captured, mut at) = (Vec::new(), Vec::new(), Vec::new());
                p.for_each_match(text, |s, e| found.push((s, e))).unwrap();
                p.for_each_capture(text, |s, e, group| captured.push((s, e, group))).unwrap();
                assert!(p.for_each_match_at(text, 0..=text.len(), |s, e| at.push((s, e))));
                (found, captured, at, p.is_match(text))
            };
            for text in texts.into_iter().chain(words[size - 10..].iter().map(String::as_str)) {
                assert_eq!(all(&listed, text), all(&compiled, text), "{text:?}");
                assert_eq!(whole.is_match(text), whole_compiled.is_match(text), "{text:?}");
            }
            // "U.S." before a space has no `\b` after it, "u.s." before "a" has; without
            // boundaries "cafés" and "U.S. " hold one too.
            let (found, ..) = all(&listed, texts[0]);
            let Pattern::Listed { whole, .. } = &listed else { unreachable!() };
            assert_eq!(matches!(whole.get(), Some(WholeText::Regex { .. })), size <= WHOLE_TEXT_BY_REGEX);
            assert_eq!(found.len(), [[1, 1], [5, 7]][usize::from(ignorecase)][usize::from(nonword)], "{found:?}");
        }
        words.push("colou?r".into());
        assert!(matches!(Pattern::word_list(&words, true, false).unwrap(), Pattern::Plain { .. }));
    }

    #[test]
    fn a_list_of_twenty_thousand_words_compiles() {
        let words = word_list();
        let p = Pattern::new(&alternation(&words, true, false)).unwrap();
        let text = format!("{} and {}, not x{}", words[0].to_uppercase(), words[19_999], words[5]);
        let mut found = Vec::new();
        p.for_each_match(&text, |s, e| found.push(&text[s..e])).unwrap();
        assert_eq!(found, [words[0].to_uppercase(), words[19_999].clone()]);
    }
}
