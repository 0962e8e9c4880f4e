//! `capitalization` (Vale): a whole unit (usually a heading) in title case,
//! sentence case, lower or upper case, or matching a pattern.

use crate::finding::Finding;
use crate::rules::Rule;
use crate::rules::pattern::Pattern;

use super::Context;
use super::occurrence::trimmed;

#[derive(Debug, Clone)]
pub enum Case {
    Title { chicago: bool },
    Sentence,
    Lower,
    Upper,
    Pattern(Pattern),
}

#[derive(Debug, Clone)]
pub struct Capitalization {
    pub case: Case,
    /// Words (or phrases) judged correct as written.
    pub exceptions: Option<Pattern>,
    /// Suffixes after which the next word may be capitalised (`:`).
    pub indicators: Vec<String>,
    /// Share of judged words that must follow the case.
    pub threshold: f64,
    /// Removed from the start before judging (e.g. `^\d+\.\s`).
    pub prefix: Option<Pattern>,
}

/// Lower-cased in AP-style titles unless first or last: articles, coordinating
/// conjunctions and prepositions of three letters or fewer.
const AP_SMALL: &[&str] = &[
    "a", "an", "and", "as", "at", "but", "by", "en", "for", "if", "in", "nor", "of", "off", "on", "or", "per", "so",
    "the", "to", "up", "via", "vs", "yet",
];
/// Chicago also lower-cases longer prepositions.
const CHICAGO_SMALL: &[&str] = &[
    "about", "above", "across", "after", "against", "along", "among", "around", "before", "behind", "below", "beneath",
    "beside", "between", "beyond", "despite", "down", "during", "except", "from", "inside", "into", "like", "near",
    "onto", "out", "outside", "over", "past", "since", "than", "through", "toward", "towards", "under", "until",
    "upon", "with", "within", "without",
];

impl Capitalization {
    /// `%s` is the text, `%[2]s` the text in the expected case.
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        ctx.for_each_scoped(rule, |text, span| {
            let mut at = trimmed(text, span);
            let mut body = ctx.doc.prose_text(at);
            if let Some(prefix) = &self.prefix {
                let mut cut = 0;
                let _ = prefix.for_each_match(body, |s, e| {
                    if s == 0 && cut == 0 {
                        cut = e;
                    }
                });
                at = trimmed(&body[cut..], crate::document::Span::new(at.start + cut, at.end));
                body = ctx.doc.prose_text(at);
            }
            if body.trim().is_empty() {
                return;
            }
            if let Some(expected) = self.expected(body) {
                let shown = collapse(body);
                out.push(ctx.finding(rule, at, &[&shown, &expected], None));
            }
        });
    }

    /// The text in the expected case when `text` falls short of the threshold.
    fn expected(&self, text: &str) -> Option<String> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let wanted: Vec<String> = match &self.case {
            Case::Pattern(p) => return (!p.is_match(text)).then(|| collapse(text)),
            Case::Lower => words.iter().map(|w| w.to_lowercase()).collect(),
            Case::Upper => words.iter().map(|w| w.to_uppercase()).collect(),
            Case::Title { chicago } => {
                let last = words.len().saturating_sub(1);
                let mut after_colon = false;
                let mut wanted = Vec::new();
                for (i, w) in words.iter().enumerate() {
                    let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
                    let small =
                        AP_SMALL.contains(&bare.as_str()) || (*chicago && CHICAGO_SMALL.contains(&bare.as_str()));
                    let lower = small && i != 0 && i != last && !after_colon;
                    wanted.push(if lower { w.to_lowercase() } else { capitalise(w) });
                    after_colon = w.ends_with(':');
                }
                wanted
            }
            Case::Sentence => {
                let mut wanted = Vec::new();
                for (i, w) in words.iter().enumerate() {
                    let indicated = i > 0 && self.indicators.iter().any(|s| words[i - 1].ends_with(s.as_str()));
                    wanted.push(if i == 0 || indicated { capitalise(w) } else { w.to_lowercase() });
                }
                wanted
            }
        };
        // A text in capitals follows another style (`$upper` checks it), not a wrong case.
        let sentence_like = matches!(self.case, Case::Sentence | Case::Title { .. });
        if sentence_like && text.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase) {
            return None;
        }
        let excepted = self.excepted_words(text, &words);
        let (mut judged, mut right) = (0usize, 0usize);
        for (i, (w, want)) in words.iter().zip(&wanted).enumerate() {
            // Acronyms, mixed case (iPhone), numbers, exceptions and lone symbols are not judged.
            let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
            let acronym = letters.len() > 1 && letters.iter().all(|c| c.is_uppercase());
            let mixed = letters.iter().skip(1).any(|c| c.is_uppercase()) && !acronym;
            if letters.is_empty()
                || excepted[i]
                || w.chars().any(|c| c.is_ascii_digit())
                || (sentence_like && (acronym || mixed))
            {
                continue;
            }
            judged += 1;
            right +=
                usize::from(first_letter_case(w) == first_letter_case(want) && (sentence_like || *w == want.as_str()));
        }
        let share = if judged == 0 { 1.0 } else { right as f64 / judged as f64 };
        let wanted: Vec<String> = words
            .iter()
            .zip(wanted)
            .enumerate()
            .map(|(i, (w, want))| if excepted[i] { w.to_string() } else { want })
            .collect();
        (share < self.threshold).then(|| wanted.join(" "))
    }

    /// Which words an exception covers (exceptions may be phrases).
    fn excepted_words(&self, text: &str, words: &[&str]) -> Vec<bool> {
        let mut covered = vec![false; words.len()];
        let Some(exceptions) = &self.exceptions else { return covered };
        let mut starts = Vec::with_capacity(words.len());
        let mut from = 0;
        for w in words {
            let at = text[from..].find(w).map_or(from, |i| from + i);
            starts.push((at, at + w.len()));
            from = at + w.len();
        }
        let _ = exceptions.for_each_match(text, |s, e| {
            for (i, &(ws, we)) in starts.iter().enumerate() {
                if ws < e && s < we {
                    covered[i] = true;
                }
            }
        });
        covered
    }
}

fn first_letter_case(word: &str) -> Option<bool> {
    word.chars().find(|c| c.is_alphabetic()).map(char::is_uppercase)
}

/// The word with its first letter upper-cased.
fn capitalise(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut done = false;
    for c in word.chars() {
        if !done && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            done = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// Blanked markup collapsed to single spaces, for messages.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
