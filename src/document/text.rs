//! Sentence and word segmentation over prose text, in byte spans.

use super::Span;

/// Abbreviations after which a full stop does not end a sentence (lower-case, without
/// the dot), shortest first.
static ABBREVIATIONS: WordList = WordList::of(&[
    "al", "cf", "dr", "lt", "mr", "ms", "no", "pp", "st", "vs", "apr", "aug", "col", "dec", "e.g", "est", "etc", "feb",
    "fig", "gen", "gov", "i.e", "jan", "jul", "jun", "maj", "mar", "mrs", "nov", "oct", "rep", "sen", "sep", "sgt",
    "vol", "capt", "prof", "sept", "approx",
]);

/// Splits `text` (starting at byte `base` of the document) into sentence spans,
/// trimmed of surrounding white space. Blank text yields no sentence.
#[cfg(test)]
pub fn sentences(text: &str, base: usize) -> Vec<Span> {
    let mut spans = Vec::new();
    push_sentences(text, base, &mut spans);
    spans
}

/// `sentences` of `text` appended to `spans`.
pub fn push_sentences(text: &str, base: usize, spans: &mut Vec<Span>) {
    let mut start = 0;
    // Terminators are ASCII, so a byte scan finds them without decoding the text.
    for i in memchr::memchr3_iter(b'.', b'?', b'!', text.as_bytes()) {
        let c = text.as_bytes()[i];
        // Swallow closing quotes and brackets (and more terminators) after it.
        let mut end = i + 1;
        while let Some(q) =
            text[end..].chars().next().filter(|q| matches!(q, '"' | '\'' | '’' | '”' | ')' | ']' | '.' | '?' | '!'))
        {
            end += q.len_utf8();
        }
        let Some(next) = text[end..].chars().next() else {
            continue; // end of text closes the last sentence below
        };
        if !next.is_whitespace() {
            continue;
        }
        let next_visible = text[end..].chars().find(|c| !c.is_whitespace());
        let starts_sentence = next_visible
            .is_none_or(|n| n.is_uppercase() || n.is_numeric() || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '['));
        if c == b'.' && (!starts_sentence || is_abbreviation(&text[..i])) {
            continue;
        }
        push_trimmed(spans, text, base, start, end);
        start = end;
    }
    push_trimmed(spans, text, base, start, text.len());
}

fn is_abbreviation(before_dot: &str) -> bool {
    let word_start = before_dot.rfind(|c: char| c.is_whitespace() || c == '(').map_or(0, |i| i + 1);
    let word = &before_dot[word_start..];
    // Single letters are initials ("J. Smith", "U.S.").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_alphabetic()
    {
        return true;
    }
    // In ASCII case only: the abbreviations are ASCII, and no word past ASCII lower-cases
    // to one (the one letter that lower-cases into ASCII, the Kelvin sign, gives `k`).
    ABBREVIATIONS.position(word.as_bytes()).is_some() || word.contains('.')
}

/// `start..end` of `text` (at byte `base` of the document), trimmed, appended to `spans` unless blank.
pub(super) fn push_trimmed(spans: &mut Vec<Span>, text: &str, base: usize, start: usize, end: usize) {
    let (s, e) = trim_bounds(text, start, end);
    if s < e {
        spans.push(Span::new(base + s, base + e));
    }
}

/// `start..end` of `text` without white space (as `str::trim` sees it) at either end.
/// ASCII bytes are tested as they are; only a character past ASCII is decoded.
pub fn trim_bounds(text: &str, mut start: usize, mut end: usize) -> (usize, usize) {
    let white = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let bytes = text.as_bytes();
    while start < end {
        match bytes[start] {
            b if b < 0x80 && white(b) => start += 1,
            b if b < 0x80 => break,
            _ => match text[start..end].chars().next() {
                Some(c) if c.is_whitespace() => start += c.len_utf8(),
                _ => break,
            },
        }
    }
    while start < end {
        match bytes[end - 1] {
            b if b < 0x80 && white(b) => end -= 1,
            b if b < 0x80 => break,
            _ => match text[start..end].chars().next_back() {
                Some(c) if c.is_whitespace() => end -= c.len_utf8(),
                _ => break,
            },
        }
    }
    (start, end)
}

/// Word spans in `text`: runs of letters and digits, with inner apostrophes,
/// hyphens and decimal points ("state-civilisation", "Russia's", "3.2").
pub fn words(text: &str, base: usize) -> impl Iterator<Item = Span> + '_ {
    let mut scan = WordScan::new(text);
    std::iter::from_fn(move || scan.next_word().map(|(start, end)| Span::new(base + start, base + end)))
}

/// `words` of `text` appended to `out`, in one loop.
pub fn push_words(text: &str, base: usize, out: &mut Vec<Span>) {
    let mut scan = WordScan::new(text);
    while let Some((start, end)) = scan.next_word() {
        out.push(Span::new(base + start, base + end));
    }
}

/// Finds words from bit masks of 64 bytes at a time (ASCII letters and digits; bytes past
/// ASCII): a word's start and end are each a count of zero bits, not a loop over its bytes.
/// Only a word's ends past ASCII or at a joiner are read byte by byte.
struct WordScan<'t> {
    text: &'t str,
    at: usize,
    /// The block the masks are of (its first byte), and the masks.
    block: usize,
    alnum: u64,
    wide: u64,
}

impl<'t> WordScan<'t> {
    fn new(text: &'t str) -> Self {
        WordScan { text, at: 0, block: usize::MAX, alnum: 0, wide: 0 }
    }

    /// The masks of the block holding byte `at`, and where the block starts.
    #[inline(always)]
    fn masks(&mut self, at: usize) -> (usize, u64, u64) {
        let block = at & !63;
        if block != self.block {
            (self.alnum, self.wide) =
                crate::swar::block_masks::<{ crate::swar::DIGITS | crate::swar::LETTERS }>(self.text.as_bytes(), block);
            self.block = block;
        }
        (block, self.alnum, self.wide)
    }

    /// The next word's start and end.
    #[inline(always)]
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let (text, bytes) = (self.text, self.text.as_bytes());
        let mut at = self.at;
        // The first letter or digit: an ASCII one by its bit, a character past ASCII decoded.
        let start = loop {
            if at >= bytes.len() {
                self.at = at;
                return None;
            }
            let (block, alnum, wide) = self.masks(at);
            let found = (alnum | wide) & (!0 << (at - block));
            if found == 0 {
                at = block + 64;
                continue;
            }
            at = block + found.trailing_zeros() as usize;
            if alnum >> (at - block) & 1 != 0 {
                break at;
            }
            let (c, width) = char_at(text, at)?;
            if c.is_alphanumeric() {
                break at;
            }
            at += width;
        };
        // Letters and digits, and joiners between them: "don't", "Russia-China", "1,200.5".
        loop {
            let (block, alnum, _) = self.masks(at);
            let stop = !alnum & (!0 << (at - block));
            if stop == 0 {
                at = block + 64;
                continue;
            }
            at = block + stop.trailing_zeros() as usize;
            let Some(&b) = bytes.get(at) else { break };
            let class = CLASS[usize::from(b)];
            let (c, width) = if class & WIDE == 0 {
                if class & JOINER == 0 {
                    break;
                }
                (char::from(b), 1)
            } else {
                let Some((c, width)) = char_at(text, at) else { break };
                if c.is_alphanumeric() {
                    at += width;
                    continue;
                }
                (c, width)
            };
            let joins_next = matches!(c, '\'' | '’' | '-' | '.' | ',')
                && char_at(text, at + width)
                    .is_some_and(|(n, _)| if matches!(c, '.' | ',') { n.is_numeric() } else { n.is_alphanumeric() });
            if !joins_next {
                break;
            }
            at += width;
        }
        self.at = at;
        Some((start, at))
    }
}

/// Classes of the bytes that end a run of ASCII letters and digits in `WordScan`: ASCII
/// joiners, and the bytes of characters past ASCII (decoded to be classed). The letters
/// and digits themselves are read from the scan's masks.
const JOINER: u8 = 2;
const WIDE: u8 = 4;
static CLASS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = if !c.is_ascii() {
            WIDE
        } else if matches!(c, b'\'' | b'-' | b'.' | b',') {
            JOINER
        } else {
            0
        };
        b += 1;
    }
    table
};

/// The character at byte `at` of `text` and its width, decoding only non-ASCII bytes.
#[inline]
fn char_at(text: &str, at: usize) -> Option<(char, usize)> {
    match *text.as_bytes().get(at)? {
        b if b.is_ascii() => Some((char::from(b), 1)),
        _ => text.get(at..)?.chars().next().map(|c| (c, c.len_utf8())),
    }
}

/// A set of words' shapes, to rule out most words with one test: a bit per length
/// under 16, and first and second byte's low five bits (alike in both ASCII cases).
/// Other words share some shapes: exact matching follows every use.
pub struct WordShapes([[u32; 32]; 16]);

impl WordShapes {
    /// The shapes of `words`, each of two to fifteen bytes, in any ASCII case.
    pub const fn of(words: &[&str]) -> WordShapes {
        WordShapes([[0; 32]; 16]).with(words)
    }

    /// These shapes and those of `words`.
    pub const fn with(mut self, words: &[&str]) -> WordShapes {
        let mut k = 0;
        while k < words.len() {
            let w = words[k].as_bytes();
            assert!(w.len() >= 2 && w.len() < 16, "shapes are of two to fifteen bytes");
            self.0[w.len()][(w[0] & 31) as usize] |= 1 << (w[1] & 31);
            k += 1;
        }
        self
    }

    pub fn may_hold(&self, word: &[u8]) -> bool {
        match *word {
            [a, b, ..] => self.0.get(word.len()).is_some_and(|row| row[usize::from(a & 31)] >> (b & 31) & 1 != 0),
            _ => false,
        }
    }
}

/// Lower-case words, shortest first, to find a word among in any ASCII case: its
/// shape rules most words out, then only the words of its length are compared.
pub struct WordList {
    words: &'static [&'static str],
    /// The range of `words` of each length.
    by_length: [(usize, usize); 16],
    shapes: WordShapes,
}

impl WordList {
    pub const fn of(words: &'static [&'static str]) -> WordList {
        let mut by_length = [(0, 0); 16];
        let mut k = 0;
        while k < words.len() {
            let n = words[k].len();
            assert!(k == 0 || words[k - 1].len() <= n, "word lists go shortest first");
            if by_length[n].1 == 0 {
                by_length[n].0 = k;
            }
            by_length[n].1 = k + 1;
            k += 1;
        }
        WordList { words, by_length, shapes: WordShapes::of(words) }
    }

    pub const fn words(&self) -> &'static [&'static str] {
        self.words
    }

    /// Where `word` stands in the list, any ASCII case.
    pub fn position(&self, word: &[u8]) -> Option<usize> {
        if !self.shapes.may_hold(word) {
            return None;
        }
        let (from, to) = *self.by_length.get(word.len())?;
        (from..to).find(|&k| self.words[k].as_bytes().eq_ignore_ascii_case(word))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first implementation, by `char_indices`: the oracle for `words`.
    fn words_by_chars(text: &str, base: usize) -> Vec<Span> {
        let mut iter = text.char_indices().peekable();
        std::iter::from_fn(move || {
            let (start, _) = iter.by_ref().find(|&(_, c)| c.is_alphanumeric())?;
            let mut end = text.len();
            while let Some(&(i, c)) = iter.peek() {
                let joins_next = || {
                    text[i + c.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(|n| if matches!(c, '.' | ',') { n.is_numeric() } else { n.is_alphanumeric() })
                };
                if c.is_alphanumeric() || (matches!(c, '\'' | '’' | '-' | '.' | ',') && joins_next()) {
                    iter.next();
                } else {
                    end = i;
                    break;
                }
            }
            Some(Span::new(base + start, base + end))
        })
        .collect()
    }

    #[test]
    fn trim_bounds_trims_as_str_trim_does() {
        let pieces = [
            "", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\u{a0}", "\u{2009}", "\u{3000}", "\u{85}", "a", "é", "中", ".",
            "\u{200b}",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}x{c}{a}{b}");
                    let (s, e) = trim_bounds(&text, 0, text.len());
                    assert_eq!(&text[s..e], text.trim(), "{text:?}");
                    let text = format!("{a}{b}{c}");
                    let (s, e) = trim_bounds(&text, 0, text.len());
                    assert_eq!(&text[s..e], text.trim(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn words_agree_with_the_char_by_char_oracle() {
        let pieces = [
            "a", "Z", "9", " ", ".", ",", "'", "’", "-", "–", "é", "São", "٣", "Ⅻ", "\n", "1,200.5", "don't", "x-",
            "-y", "²", "中", "\u{301}", "!", "",
        ];
        // Every string of up to four pieces, and a few long mixed ones.
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}"))).collect();
            texts.extend(longer);
            texts.sort();
            texts.dedup();
        }
        texts.push(pieces.concat().repeat(3));
        // Words and their ends at every place around the 64-byte blocks the scan reads.
        for n in 0..140 {
            texts.push(format!("{}don't 1,200.5 São-Paulo ٣x-y é’s {}", " ".repeat(n), "a".repeat(n)));
            texts.push(format!("{}é{}-{}", "b".repeat(n), "c".repeat(n % 67), "中".repeat(n % 5)));
        }
        // Every ASCII byte, and real briefs.
        texts.push((0u8..128).map(char::from).collect::<String>().repeat(3));
        for path in ["fixtures/clean/arctic-shipping.md", "fixtures/broken/caspian-gas.md"] {
            texts.push(std::fs::read_to_string(path).unwrap());
        }
        let mut pushed = vec![Span::new(0, 1)];
        for text in &texts {
            let expected = words_by_chars(text, 7);
            assert_eq!(words(text, 7).collect::<Vec<_>>(), expected, "{text:?}");
            pushed.truncate(1);
            push_words(text, 7, &mut pushed);
            assert_eq!(pushed[1..], expected[..], "{text:?}");
        }
    }

    fn texts(text: &str) -> Vec<&str> {
        sentences(text, 0).iter().map(|s| &text[s.start..s.end]).collect()
    }

    #[test]
    fn abbreviations_are_found_without_lower_casing_a_copy() {
        let by_copy = |before: &str| {
            let start = before.rfind(|c: char| c.is_whitespace() || c == '(').map_or(0, |i| i + 1);
            let word = &before[start..];
            let lower = word.to_lowercase();
            (word.chars().count() == 1 && word.chars().all(char::is_alphabetic))
                || ABBREVIATIONS.words().contains(&lower.as_str())
                || lower.contains('.')
        };
        let words =
            ["Gen", "GEN", "approx", "Approx", "x", "É", "\u{212A}", "e.g", "U.S", "Smith", "(No", "ſt", "dr\u{301}"];
        for word in words {
            for before in [word.to_string(), format!("said {word}"), format!("x({word}")] {
                assert_eq!(is_abbreviation(&before), by_copy(&before), "{before:?}");
            }
        }
    }

    #[test]
    fn splits_on_terminators_before_capitals() {
        assert_eq!(
            texts("Trade fell by 9%. Gas rose (sharply). Why? Because."),
            ["Trade fell by 9%.", "Gas rose (sharply).", "Why?", "Because."]
        );
    }

    #[test]
    fn keeps_abbreviations_initials_and_decimals() {
        assert_eq!(
            texts("The U.S. and e.g. Japan grew 3.2 per cent. Gen. Petrov agreed."),
            ["The U.S. and e.g. Japan grew 3.2 per cent.", "Gen. Petrov agreed."]
        );
    }

    #[test]
    fn sentence_spans_are_document_offsets() {
        let spans = sentences("  Één zin. Twee.", 10);
        assert_eq!(spans, [Span::new(12, 22), Span::new(23, 28)]);
    }

    #[test]
    fn words_keep_inner_punctuation() {
        let text = "Russia's state-civilisation grew 3.2%, then 1,200 km.";
        let found: Vec<&str> = words(text, 0).map(|s| &text[s.start..s.end]).collect();
        assert_eq!(found, ["Russia's", "state-civilisation", "grew", "3.2", "then", "1,200", "km"]);
    }
}
