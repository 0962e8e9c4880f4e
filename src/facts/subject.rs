//! What a figure measures or what a dated event is: the content terms of the
//! clause around it, with named entities apart and change verbs folded into
//! a direction, so "trade fell" and "trade declined" describe the same thing.

use std::collections::{BTreeSet, HashSet};

use crate::terms::{is_stop_word, stem};

#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Subject {
    /// Stems of capitalised names: "china", "russia", "gazprom".
    pub entities: BTreeSet<String>,
    /// Stems of the other content words, and `+` / `-` for a rise or a fall.
    pub terms: BTreeSet<String>,
}

/// Words that describe when or how much, not what: dropped from subjects.
const NOISE: &[&str] = &[
    "about",
    "above",
    "almost",
    "approximately",
    "around",
    "billion",
    "bn",
    "cent",
    "compared",
    "early",
    "estimated",
    "exceeding",
    "fewer",
    "first",
    "fourth",
    "half",
    "just",
    "last",
    "late",
    "level",
    "m",
    "mid",
    "million",
    "month",
    "nearly",
    "over",
    "percent",
    "period",
    "quarter",
    "roughly",
    "second",
    "some",
    "third",
    "thousand",
    "total",
    "trillion",
    "under",
    "year",
    "year-on-year",
    "years",
];

const MONTH_WORDS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

const FALL: &[&str] = &[
    "fall", "fell", "fallen", "declin", "decreas", "drop", "dropp", "contract", "shrank", "shrunk",
    "shrink", "slump", "plung", "cut", "reduc", "lower",
];
const RISE: &[&str] = &[
    "rise", "rose", "risen", "ris", "increas", "grew", "grown", "grow", "climb", "jump", "surg",
    "expand", "doubl", "tripl", "higher", "gain",
];

/// Splits a sentence into clauses at `;`, `:`, dashes and `, and|but|while|whereas|which`.
pub fn clause_at(sentence: &str, at: usize) -> (usize, usize) {
    let mut bounds = vec![0];
    for (i, c) in sentence.char_indices() {
        if matches!(c, ';' | ':' | '–' | '—') {
            bounds.push(i + c.len_utf8());
        } else if c == ',' {
            let rest = sentence[i + 1..].trim_start();
            let joins = [
                "and ",
                "but ",
                "while ",
                "whereas ",
                "which ",
                "although ",
                "though ",
            ];
            if joins.iter().any(|j| rest.starts_with(j)) {
                bounds.push(i + 1);
            }
        }
    }
    bounds.push(sentence.len());
    bounds.dedup();
    let k = bounds.partition_point(|&b| b <= at).saturating_sub(1);
    (
        bounds[k],
        bounds.get(k + 1).copied().unwrap_or(sentence.len()),
    )
}

/// Lower-cased words written with a capital inside a sentence somewhere in `text`:
/// the document's names, used to judge a capitalised word that opens a sentence.
pub fn names_in(text: &str) -> HashSet<String> {
    let mut names = HashSet::new();
    for w in crate::document::text::words(text, 0) {
        let word = &text[w.start..w.end];
        let before = text[..w.start]
            .trim_end_matches([' ', '"', '“', '(', '\t'])
            .chars()
            .next_back();
        let opens =
            before.is_none_or(|c| matches!(c, '.' | '?' | '!' | '\n' | '#' | '*' | '>' | ':'));
        if !opens && word.chars().next().is_some_and(char::is_uppercase) {
            names.insert(word.to_lowercase());
        }
    }
    names
}

/// The subject of `clause`, skipping the byte ranges in `skip` (the figures and
/// dates themselves). A capitalised word opening the clause is a name when `names` has it.
pub fn subject(clause: &str, skip: &[(usize, usize)], names: &HashSet<String>) -> Subject {
    let mut subject = Subject::default();
    let mut first = true;
    for w in crate::document::text::words(clause, 0) {
        let sentence_start = first && clause[..w.start].trim().is_empty();
        first = false;
        if skip.iter().any(|&(s, e)| w.start < e && s < w.end) {
            continue;
        }
        let word = &clause[w.start..w.end];
        if !word.chars().next().is_some_and(char::is_alphabetic) {
            continue;
        }
        let lower = word.to_lowercase().replace('’', "'");
        let lower = lower.strip_suffix("'s").unwrap_or(&lower).to_string();
        if is_stop_word(&lower)
            || NOISE.contains(&lower.as_str())
            || MONTH_WORDS.contains(&lower.as_str())
        {
            continue;
        }
        let stemmed = stem(&lower);
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        let name = capitalised && (!sentence_start || lower.split('-').any(|p| names.contains(p)));
        if name {
            // "China–Russia" is two names.
            for part in lower.split('-') {
                if !part.is_empty() {
                    subject.entities.insert(stem(part));
                }
            }
        } else if FALL.iter().any(|f| stemmed.starts_with(f)) {
            subject.terms.insert("-".into());
        } else if RISE.iter().any(|r| stemmed.starts_with(r)) {
            subject.terms.insert("+".into());
        } else {
            subject.terms.insert(stemmed);
        }
    }
    subject
}

impl Subject {
    /// Same thing measured: compatible names and most terms of the smaller side shared.
    pub fn same_as(&self, other: &Subject) -> bool {
        let names = match (self.entities.is_empty(), other.entities.is_empty()) {
            (true, true) => true,
            (false, false) => {
                let shared = self.entities.intersection(&other.entities).count();
                shared * 2 >= self.entities.union(&other.entities).count()
            }
            _ => false,
        };
        if !names {
            return false;
        }
        // A direction alone (`+`, `-`) is not a shared subject.
        let shared = self.terms.intersection(&other.terms).count();
        let shared_words = self
            .terms
            .intersection(&other.terms)
            .filter(|t| t.len() > 1)
            .count();
        let smaller = self.terms.len().min(other.terms.len());
        shared_words >= 1 && shared * 3 >= smaller * 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(clause: &str) -> Subject {
        let names = ["china", "russia", "india", "brazil"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        subject(clause, &[], &names)
    }

    #[test]
    fn names_are_words_capitalised_inside_sentences() {
        let names = names_in("Trade with China grew. Russia and Iran met.\n\nGas fell.");
        let mut v: Vec<_> = names.into_iter().collect();
        v.sort();
        assert_eq!(v, ["china", "iran"]);
    }

    #[test]
    fn directions_fold_and_names_split() {
        let a = of("China–Russia trade fell by 12%");
        assert_eq!(
            a.entities.iter().map(String::as_str).collect::<Vec<_>>(),
            ["china", "russia"]
        );
        assert!(
            a.terms.contains("-") && a.terms.contains(&stem("trade")),
            "{a:?}"
        );
        let b = of("Trade between Russia and China declined");
        assert!(a.same_as(&b), "{a:?} {b:?}");
    }

    #[test]
    fn different_things_or_places_differ() {
        let trade = of("China–Russia trade fell");
        assert!(!trade.same_as(&of("China–Russia gas deliveries fell")));
        assert!(!trade.same_as(&of("China–India trade fell")));
        assert!(!trade.same_as(&of("Brazil's trade fell")));
    }

    #[test]
    fn clauses() {
        let s = "Trade fell by 9%, while gas deliveries rose by 20%.";
        let at = s.find("20%").unwrap();
        let (a, b) = clause_at(s, at);
        assert_eq!(&s[a..b], " while gas deliveries rose by 20%.");
    }
}
