//! Content terms of a text: lower-cased words without stop words, stemmed, so
//! that "sanctions imposed" and "imposing sanctions" share their terms.

/// Function words, modal and hedging words: they carry no subject.
const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "almost",
    "also",
    "although",
    "am",
    "among",
    "an",
    "and",
    "any",
    "are",
    "as",
    "assess",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "believe",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "cannot",
    "consider",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "either",
    "even",
    "ever",
    "every",
    "expect",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "him",
    "his",
    "how",
    "however",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "judge",
    "just",
    "least",
    "less",
    "likely",
    "made",
    "make",
    "many",
    "may",
    "might",
    "more",
    "most",
    "much",
    "must",
    "neither",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "often",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "others",
    "our",
    "ours",
    "out",
    "over",
    "own",
    "per",
    "perhaps",
    "possible",
    "probably",
    "rather",
    "same",
    "several",
    "shall",
    "she",
    "should",
    "since",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "thus",
    "to",
    "too",
    "towards",
    "under",
    "unlikely",
    "until",
    "up",
    "upon",
    "us",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "whom",
    "whose",
    "why",
    "will",
    "with",
    "within",
    "without",
    "would",
    "yet",
    "you",
    "your",
];

static STOP_SET: std::sync::LazyLock<rustc_hash::FxHashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());

pub fn is_stop_word(lower: &str) -> bool {
    STOP_SET.contains(lower)
}

/// A term (a lower-cased or stemmed word) as a 64-bit FNV-1a hash: eight bytes to
/// keep, compare and share between threads and documents. Two distinct words of a
/// corpus sharing a hash is as likely as a 1 in 10^10 draw.
pub type Term = u64;

pub const fn term(word: &str) -> Term {
    crate::report::fnv1a_bytes(word.as_bytes())
}

/// A set of terms: sorted, without repeats.
#[derive(Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermSet(Vec<Term>);

impl Clone for TermSet {
    fn clone(&self) -> TermSet {
        TermSet(self.0.clone())
    }

    /// Into the room this set has, as `Vec::clone_from`.
    fn clone_from(&mut self, source: &TermSet) {
        self.0.clone_from(&source.0);
    }
}

impl TermSet {
    pub fn from_terms(mut terms: Vec<Term>) -> TermSet {
        terms.sort_unstable();
        terms.dedup();
        terms.shrink_to_fit();
        TermSet(terms)
    }

    /// The set of the terms in `buffer` (sorted and cleared of repeats in place), copied
    /// at its size: a buffer kept from set to set spares regrowing a vector each time.
    pub fn copied_from(buffer: &mut Vec<Term>) -> TermSet {
        let mut set = TermSet::default();
        set.refill(buffer);
        set
    }

    /// This set made the set of the terms in `buffer` (sorted and cleared of repeats in
    /// place), keeping its room: a set refilled again and again is not reallocated.
    pub fn refill(&mut self, buffer: &mut Vec<Term>) {
        buffer.sort_unstable();
        buffer.dedup();
        self.0.clear();
        self.0.extend_from_slice(buffer);
    }

    pub fn insert(&mut self, t: Term) {
        if let Err(at) = self.0.binary_search(&t) {
            self.0.insert(at, t);
        }
    }

    pub fn contains(&self, t: Term) -> bool {
        self.0.binary_search(&t).is_ok()
    }

    /// The terms either set holds.
    pub fn union<'a>(sets: impl Iterator<Item = &'a TermSet>) -> TermSet {
        TermSet::from_terms(sets.flat_map(|s| s.0.iter().copied()).collect())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn as_slice(&self) -> &[Term] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = Term> + '_ {
        self.0.iter().copied()
    }

    /// The terms both sets hold, in order.
    pub fn shared<'a>(&'a self, other: &'a TermSet) -> impl Iterator<Item = Term> + 'a {
        shared(&self.0, &other.0)
    }
}

/// The terms two sorted, repeat-free slices both hold, in order.
pub fn shared<'a>(a: &'a [Term], b: &'a [Term]) -> impl Iterator<Item = Term> + 'a {
    let (mut a, mut b) = (a.iter().peekable(), b.iter().peekable());
    std::iter::from_fn(move || {
        loop {
            let (&&x, &&y) = (a.peek()?, b.peek()?);
            match x.cmp(&y) {
                std::cmp::Ordering::Less => {
                    a.next();
                }
                std::cmp::Ordering::Greater => {
                    b.next();
                }
                std::cmp::Ordering::Equal => {
                    a.next();
                    b.next();
                    return Some(x);
                }
            }
        }
    })
}

/// `word` lower-cased into `out` (cleared first), with the typographic apostrophe made plain.
pub fn lower_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        if c == '’' {
            out.push('\'');
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// `lower_into`, without a possessive `'s` ("China’s" -> "china").
pub fn lower_without_possessive(word: &str, out: &mut String) {
    lower_into(word, out);
    if out.ends_with("'s") {
        out.truncate(out.len() - 2);
    }
}

/// Term ids of the content words of `text`, in order (with repeats): lower-cased,
/// possessive dropped, stop words and one-letter words left out, stemmed.
#[cfg(test)]
pub fn content_terms(text: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    each_content_term(crate::document::text::words(text, 0).map(|w| &text[w.start..w.end]), |t| terms.push(t));
    terms
}

/// The set of `content_terms` of `text`.
pub fn content_term_set(text: &str) -> TermSet {
    content_term_set_of(crate::document::text::words(text, 0).map(|w| &text[w.start..w.end]))
}

/// `content_term_set(text)`, adding the leads of its content words to `leads`, in the one reading.
pub fn content_term_set_leading(text: &str, leads: &mut StemLeads) -> TermSet {
    let mut stem = String::new();
    GATHERED.with_borrow_mut(|terms| {
        terms.clear();
        let words = crate::document::text::words(text, 0).map(|w| &text[w.start..w.end]);
        each_content_word(words, |word, t| {
            terms.push(t);
            leads.add(word, &mut stem);
        });
        TermSet::copied_from(terms)
    })
}

/// The set of `content_terms` of text split into `words` already: gathered in a
/// buffer kept per thread, then copied once at its size.
pub fn content_term_set_of<'a>(words: impl Iterator<Item = &'a str>) -> TermSet {
    GATHERED.with_borrow_mut(|terms| {
        terms.clear();
        each_content_term(words, |t| terms.push(t));
        TermSet::copied_from(terms)
    })
}

/// The terms of `content_term_set_of(words)` that `wanted` holds: only those are kept,
/// each looked up in `wanted` as it is read (a paragraph's few kept terms are then sorted,
/// not all its words' terms).
pub fn content_term_set_within<'a>(words: impl Iterator<Item = &'a str>, wanted: &TermSet) -> TermSet {
    GATHERED.with_borrow_mut(|terms| {
        terms.clear();
        each_content_term(words, |t| {
            if wanted.contains(t) {
                terms.push(t);
            }
        });
        terms.sort_unstable();
        terms.dedup();
        TermSet(terms.clone())
    })
}

/// Calls `f` with the term of each content word of `words`, in order.
fn each_content_term<'a>(words: impl Iterator<Item = &'a str>, mut f: impl FnMut(Term)) {
    each_content_word(words, |_, t| f(t));
}

/// Calls `f` with each content word of `words` and its term, in order.
fn each_content_word<'a>(words: impl Iterator<Item = &'a str>, mut f: impl FnMut(&'a str, Term)) {
    let mut lower = String::new();
    CONTENT_TERMS.with_borrow_mut(|known| {
        for word in words {
            // Numbers ("82.7", "2024") are never content words, and never remembered.
            if !word.chars().next().is_some_and(char::is_alphabetic) {
                continue;
            }
            if let Some(t) = known.read(word, |w| content_term(w, &mut lower)) {
                f(word, t);
            }
        }
    })
}

/// A map from words to values. A word of at most 15 bytes is its own key, packed with its
/// length in 128 bits: it is not allocated, and is hashed and compared in a few instructions
/// (most of a brief's words; looking them up as boxed strings was memory compares and misses).
#[derive(Debug)]
pub struct WordMap<V> {
    short: rustc_hash::FxHashMap<u128, V>,
    long: rustc_hash::FxHashMap<Box<str>, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap { short: Default::default(), long: Default::default() }
    }
}

impl<V> WordMap<V> {
    /// `word`'s bytes and, in the last byte, its length, when it has at most 15 bytes.
    ///
    /// The bytes are read in at most two fixed-size reads that may overlap (an overlapped
    /// byte is the same byte twice), not copied by a `memcpy` call of the word's length:
    /// words are looked up by the million, and that call's dispatch on the length was a
    /// mispredicted branch for many of them.
    #[inline]
    fn packed(word: &str) -> Option<u128> {
        let b = word.as_bytes();
        let n = b.len();
        if n >= 16 {
            return None;
        }
        let read = |at: usize, width: usize| {
            let mut v = [0u8; 8];
            v[..width].copy_from_slice(&b[at..at + width]);
            u128::from(u64::from_le_bytes(v)) << (8 * at)
        };
        let bytes = match n {
            8.. => read(0, 8) | read(n - 8, 8),
            4.. => read(0, 4) | read(n - 4, 4),
            1.. => read(0, 1) | read(n / 2, 1) | read(n - 1, 1),
            0 => 0,
        };
        Some(bytes | (n as u128) << 120)
    }

    #[inline]
    pub fn get(&self, word: &str) -> Option<&V> {
        match WordMap::<V>::packed(word) {
            Some(key) => self.short.get(&key),
            None => self.long.get(word),
        }
    }

    pub fn insert(&mut self, word: &str, value: V) {
        match WordMap::<V>::packed(word) {
            Some(key) => self.short.insert(key, value),
            None => self.long.insert(word.into(), value),
        };
    }

    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn clear(&mut self) {
        self.short.clear();
        self.long.clear();
    }
}

/// What is read of words, kept per thread: a brief repeats its words, so each is read
/// once and then looked up. Past `WordMemo::MOST` words it starts afresh.
#[derive(Debug)]
pub struct WordMemo<T>(WordMap<T>);

impl<T> Default for WordMemo<T> {
    fn default() -> Self {
        WordMemo(WordMap::default())
    }
}

impl<T: Copy> WordMemo<T> {
    const MOST: usize = 1 << 14;

    /// What `of` reads of `word`, read only the first time `word` is asked for.
    #[inline]
    pub fn read(&mut self, word: &str, of: impl FnOnce(&str) -> T) -> T {
        if let Some(&t) = self.0.get(word) {
            return t;
        }
        if self.0.len() >= Self::MOST {
            self.0.clear();
        }
        let t = of(word);
        self.0.insert(word, t);
        t
    }
}

thread_local! {
    static CONTENT_TERMS: std::cell::RefCell<WordMemo<Option<Term>>> = Default::default();
    static GATHERED: std::cell::RefCell<Vec<Term>> = Default::default();
}

/// The term of `word` when it is a content word (see `content_terms`), using `lower`.
fn content_term(word: &str, lower: &mut String) -> Option<Term> {
    content_stem(word, lower).then(|| term(lower))
}

/// Whether `word` is a content word, with its stem into `lower`.
fn content_stem(word: &str, lower: &mut String) -> bool {
    if !word.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    lower_without_possessive(word, lower);
    let long = lower.len() > 1 && lower.chars().nth(1).is_some();
    let content = !is_stop_word(lower) && long;
    if content {
        stem_in_place(lower);
    }
    content
}

/// The first two bytes of the content stems of some texts, to rule words out before
/// their terms are looked up: a word opening with two ASCII bytes has a stem opening
/// with the same two, lower-cased (lower-casing keeps ASCII in place and stemming
/// changes endings only), so a word whose pair is not set has none of these stems.
pub struct StemLeads(Box<[u64; 256]>);

impl StemLeads {
    /// No leads yet.
    pub fn none() -> StemLeads {
        StemLeads(Box::new([0; 256]))
    }

    /// The leads of the content words of `texts`.
    #[cfg(test)]
    pub fn of<'a>(texts: impl Iterator<Item = &'a str>) -> StemLeads {
        let mut leads = StemLeads::none();
        for text in texts {
            content_term_set_leading(text, &mut leads);
        }
        leads
    }

    /// Adds the lead of content word `word`, using `stem`.
    fn add(&mut self, word: &str, stem: &mut String) {
        // A word opening with two ASCII bytes leads as its stem does; another is
        // stemmed (lower-casing may make it ASCII: the Kelvin sign becomes "k").
        let lead = match *word.as_bytes() {
            [a, b, ..] if a.is_ascii() && b.is_ascii() => Some((a, b)),
            _ if content_stem(word, stem) => match *stem.as_bytes() {
                [a, b, ..] if a.is_ascii() && b.is_ascii() => Some((a, b)),
                _ => None,
            },
            _ => None,
        };
        if let Some((a, b)) = lead {
            let bit = StemLeads::bit(a, b);
            self.0[bit / 64] |= 1 << (bit % 64);
        }
    }

    fn bit(a: u8, b: u8) -> usize {
        usize::from(a.to_ascii_lowercase()) << 7 | usize::from(b.to_ascii_lowercase())
    }

    /// False when `word` cannot have any of the stems.
    pub fn may_lead(&self, word: &[u8]) -> bool {
        match *word {
            [a, b, ..] if a.is_ascii() && b.is_ascii() => {
                let bit = StemLeads::bit(a, b);
                self.0[bit / 64] >> (bit % 64) & 1 != 0
            }
            _ => true,
        }
    }
}

/// A light English stemmer: plurals, verb endings, -ise/-ize, a few derivations.
/// British and American spellings of -ise verbs stem alike.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    stem_in_place(&mut w);
    w
}

/// The term id of the stem of `lower` (a lower-cased word), using `buffer`.
pub fn stem_term(lower: &str, buffer: &mut String) -> Term {
    buffer.clear();
    buffer.push_str(lower);
    stem_in_place(buffer);
    term(buffer)
}

/// `stem`, in place.
pub fn stem_in_place(w: &mut String) {
    if w.len() <= 3 || w.chars().nth(3).is_none() {
        return;
    }
    let strip = |w: &mut String, suffix: &str, with: &str, min_stem: usize| -> bool {
        if w.ends_with(suffix) && w.len() - suffix.len() >= min_stem {
            w.truncate(w.len() - suffix.len());
            w.push_str(with);
            true
        } else {
            false
        }
    };
    // Plurals and third person.
    let _ = strip(w, "sses", "ss", 2)
        || strip(w, "ies", "y", 2)
        || (!w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") && strip(w, "s", "", 3));
    // Derivations before inflections: "isation" -> "is", "ization" -> "is".
    let _ = strip(w, "isation", "is", 3)
        || strip(w, "ization", "is", 3)
        || strip(w, "ation", "", 4)
        || strip(w, "ement", "", 4)
        || strip(w, "ment", "", 4)
        || strip(w, "ness", "", 4)
        || strip(w, "ally", "al", 3)
        || strip(w, "ly", "", 4)
        || strip(w, "ity", "", 4);
    let inflected = strip(w, "ing", "", 3) || strip(w, "ied", "y", 3) || strip(w, "ed", "", 3);
    if inflected {
        // "planned" -> "plann" -> "plan"
        let bytes = w.as_bytes();
        let n = bytes.len();
        if n >= 2 && bytes[n - 1] == bytes[n - 2] && !matches!(bytes[n - 1], b'l' | b's' | b'z') {
            w.pop();
        }
    }
    if w.ends_with("iz") {
        w.truncate(w.len() - 2);
        w.push_str("is");
    }
    if w.len() > 3 && w.ends_with("ize") {
        w.truncate(w.len() - 1);
        w.truncate(w.len() - 1);
        w.push('s');
    }
    if w.len() > 3 && w.ends_with('e') {
        w.pop();
    }
    if w.len() > 3 && w.ends_with('y') {
        w.pop();
        w.push('i');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_words_hold_their_bytes_and_length() {
        // The first packing, by a copy of the word's length: the oracle.
        let by_copy = |word: &str| {
            let mut key = [0u8; 16];
            key.get_mut(..word.len()).filter(|_| word.len() < 16)?.copy_from_slice(word.as_bytes());
            key[15] = word.len() as u8;
            Some(u128::from_le_bytes(key))
        };
        let text = "abcdefghijklmnopqrstuvwxyzÀÉ0123456789";
        for start in 0..text.len() {
            for end in start..=text.len() {
                if let Some(word) = text.get(start..end) {
                    assert_eq!(WordMap::<()>::packed(word), by_copy(word), "{word:?}");
                }
            }
        }
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "keep STOP_WORDS sorted");
    }

    /// Short words are packed, long ones boxed: every word, of any length and any bytes,
    /// finds its own value and no other's.
    #[test]
    fn a_word_map_tells_apart_words_of_every_length() {
        let words = [
            "",
            "a",
            "a\0",
            "\0",
            "ab",
            "ba",
            "fifteen-bytes-x",
            "sixteen-bytes-xy",
            "sixteen-bytes-xz",
            "Économie",
            "économie",
        ];
        let mut map = WordMap::default();
        for (k, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), None, "{w:?}");
            map.insert(w, k);
        }
        assert_eq!(map.len(), words.len());
        for (k, w) in words.iter().enumerate() {
            assert_eq!(map.get(w), Some(&k), "{w:?}");
        }
        assert_eq!(map.get("sixteen-bytes-x"), None);
        map.clear();
        assert!(map.is_empty() && map.get("a").is_none());
    }
    #[test]
    fn variants_share_a_stem() {
        for group in [
            &["sanction", "sanctions", "sanctioned", "sanctioning"][..],
            &["organise", "organize", "organised", "organized", "organising"],
            &["economy", "economies"],
            &["plan", "planned", "planning", "plans"],
            &["consultation", "consultations"],
            &["recognise", "recognises", "recognize"],
            &["deepen", "deepened", "deepening"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(stems.windows(2).all(|s| s[0] == s[1]), "{group:?} -> {stems:?}");
        }
        assert_ne!(stem("gas"), stem("gasoline"));
    }

    #[test]
    fn stems_open_with_the_first_two_bytes_of_their_words_lower_cased() {
        // Every word of two to five letters drawn from the letters the stemmer's endings
        // are made of, and every word of the fixtures and the example brief.
        let letters = b"aeiosyzdgnltmcu";
        let mut words: Vec<String> = Vec::new();
        for len in 2..=5u32 {
            for mut k in 0..letters.len().pow(len) {
                let mut w = String::new();
                for _ in 0..len {
                    w.push(char::from(letters[k % letters.len()]));
                    k /= letters.len();
                }
                words.push(w);
            }
        }
        let mut dirs = vec![std::path::PathBuf::from("fixtures"), "../shared/briefs".into()];
        let mut texts = 0;
        while let Some(dir) = dirs.pop() {
            for path in std::fs::read_dir(dir).into_iter().flatten().flatten().map(|e| e.path()) {
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "md") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    words.extend(crate::document::text::words(&text, 0).map(|w| text[w.start..w.end].to_string()));
                    texts += 1;
                }
            }
        }
        assert!(texts > 10 && words.len() > 800_000, "{texts} texts");
        let mut stem = String::new();
        for word in &words {
            if let [a, b, ..] = *word.as_bytes()
                && a.is_ascii()
                && b.is_ascii()
                && content_stem(word, &mut stem)
            {
                let lead = [a.to_ascii_lowercase(), b.to_ascii_lowercase()];
                assert_eq!(stem.as_bytes().get(..2), Some(&lead[..]), "{word} -> {stem}");
            }
        }
    }

    #[test]
    fn shared_terms_are_kept() {
        let wanted = content_term_set("the price of gas in India");
        let set = content_term_set_within(["Gas", "prices", "fell", "in", "China"].into_iter(), &wanted);
        assert_eq!(set, content_term_set("gas prices"));
    }

    #[test]
    fn stem_leads_rule_out_words_without_a_judgement_stem() {
        let leads = StemLeads::of(["Sanctions hurt China’s economy."].into_iter());
        for word in ["sanctioned", "SANCTION", "Economies", "china", "Hurting", "Über", "x"] {
            assert!(leads.may_lead(word.as_bytes()), "{word}");
        }
        for word in ["tariffs", "Russia", "Ukraine", "the"] {
            assert!(!leads.may_lead(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn content_terms_drop_stop_words_and_possessives() {
        let expected: Vec<Term> = ["russia", "agre", "china", "discount", "gas", "pric"].map(term).into();
        assert_eq!(content_terms("Russia will likely agree to China’s discounted gas price."), expected);
    }
}
