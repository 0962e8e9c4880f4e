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

static STOP_SET: std::sync::LazyLock<std::collections::HashSet<&'static str>> =
    std::sync::LazyLock::new(|| STOP_WORDS.iter().copied().collect());

pub fn is_stop_word(lower: &str) -> bool {
    STOP_SET.contains(lower)
}

/// Stems of the content words of `text`, in order (with repeats).
pub fn content_terms(text: &str) -> Vec<String> {
    crate::document::text::words(text, 0)
        .filter_map(|w| {
            let word = &text[w.start..w.end];
            if !word.chars().next().is_some_and(char::is_alphabetic) {
                return None;
            }
            let lower = word.to_lowercase().replace('’', "'");
            let lower = lower.strip_suffix("'s").unwrap_or(&lower);
            (!is_stop_word(lower) && lower.chars().count() > 1).then(|| stem(lower))
        })
        .collect()
}

/// A light English stemmer: plurals, verb endings, -ise/-ize, a few derivations.
/// British and American spellings of -ise verbs stem alike.
pub fn stem(word: &str) -> String {
    let mut w = word.to_string();
    if w.chars().count() <= 3 {
        return w;
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
    let _ = strip(&mut w, "sses", "ss", 2)
        || strip(&mut w, "ies", "y", 2)
        || (!w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") && strip(&mut w, "s", "", 3));
    // Derivations before inflections: "isation" -> "is", "ization" -> "is".
    let _ = strip(&mut w, "isation", "is", 3)
        || strip(&mut w, "ization", "is", 3)
        || strip(&mut w, "ation", "", 4)
        || strip(&mut w, "ement", "", 4)
        || strip(&mut w, "ment", "", 4)
        || strip(&mut w, "ness", "", 4)
        || strip(&mut w, "ally", "al", 3)
        || strip(&mut w, "ly", "", 4)
        || strip(&mut w, "ity", "", 4);
    let inflected = strip(&mut w, "ing", "", 3) || strip(&mut w, "ied", "y", 3) || strip(&mut w, "ed", "", 3);
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
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]), "keep STOP_WORDS sorted");
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
    fn content_terms_drop_stop_words_and_possessives() {
        assert_eq!(
            content_terms("Russia will likely agree to China’s discounted gas price."),
            ["russia", "agre", "china", "discount", "gas", "pric"]
        );
    }
}
