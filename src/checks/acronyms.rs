//! `acronym-defined`: an acronym is defined, as `Full Name (ACR)` or `ACR (Full Name)`,
//! before its first use; well-known ones are allowed without.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::document::{BlockKind, Span};
use crate::finding::Finding;
use crate::rules::Rule;

use super::Context;

#[derive(Debug, Clone)]
pub struct AcronymDefined {
    /// Acronyms that need no definition (a set: each new acronym of a brief is looked up).
    pub allow: FxHashSet<String>,
}

/// Known by every reader of a brief, plus currency codes and units, which are not spelt out.
pub const DEFAULT_ALLOW: &[&str] = &[
    "AI", "AU", "BRICS", "CEO", "CIA", "COVID", "EU", "FBI", "G7", "G20", "GDP", "ID", "IMF", "LNG", "NATO", "NGO",
    "OK", "OPEC", "PhD", "TV", "UAE", "UK", "UN", "US", "USA", "USSR", "WHO", "WTO", // well known
    "CNY", "EUR", "GBP", "JPY", "RMB", "RUB", "USD", // currencies
    "GW", "GWh", "LPG", "MW", "MWh", "TEU", "TW", "TWh", // units
    "FIXME", "TBD", "TK", "TODO", "XXX", // placeholders, reported by brief/placeholder-text
];

/// An acronym token: two or more capitals (digits allowed after the first letter),
/// with a plural `s` or a trailing `+` dropped.
fn acronym(word: &str) -> Option<&str> {
    // Most words open with a lower-case letter, which no acronym does (nor its plural).
    if !word.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    let all_capitals = |w: &str| w.bytes().all(|b| b.is_ascii_uppercase());
    let word = word.strip_suffix('s').filter(|w| w.len() >= 2 && all_capitals(w)).unwrap_or(word);
    // Bytes for characters: an acronym is ASCII. Most capitalised words are names,
    // ruled out at their second letter.
    let ok = word.len() >= 2
        && word.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        && (word.bytes().filter(u8::is_ascii_uppercase).count() >= 2 || word.bytes().any(|b| b.is_ascii_digit()))
        && !is_roman(word);
    ok.then_some(word)
}

fn is_roman(word: &str) -> bool {
    word.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M')) && word.len() <= 4
}

/// Words an acronym may pass over ("Organisation *of the* Petroleum ...").
const CONNECTORS: &[&str] = &["of", "the", "and", "for", "on", "in", "to", "de", "&", "at", "du", "la"];

/// Whether the end of `name` (the words before the brackets, or inside them)
/// abbreviates to `acr`: its letters appear in order, the first at a word's
/// initial, the last word is used, only connectors are skipped, and at least half
/// the letters are initials ("EAEU": *E*ur*a*sian *E*conomic *U*nion).
fn abbreviates(acr: &str, name: &str) -> bool {
    let letters: Vec<char> = acr.chars().filter(char::is_ascii_alphabetic).map(|c| c.to_ascii_lowercase()).collect();
    let words: Vec<Vec<char>> = name
        .split(|c: char| c.is_whitespace() || c == '-' || c == '–')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().chars().collect())
        .collect();
    let Some(&first) = letters.first() else { return false };
    // A longer run of capitals abbreviates no name; it also bounds the search's depth.
    if letters.len() > MAX_ACRONYM_LETTERS {
        return false;
    }
    let mut known = FxHashMap::default();
    (0..words.len())
        .filter(|&w| words[w].first() == Some(&first))
        .filter_map(|w| most_initials(&letters, (1, w, 1), &words, &mut known))
        .any(|initials| (initials + 1) * 2 >= letters.len())
}

const MAX_ACRONYM_LETTERS: usize = 32;

/// The most initials letters `k..` can use (beyond those already matched), the
/// last matched letter being at `words[w][c - 1]`; None when they cannot all match.
/// Each `(k, w, c)` is worked out once (`known`): the paths to it are exponentially many
/// when letters repeat ("AAAA" in "aaaaaaaa aaaaaaaa").
fn most_initials(
    letters: &[char],
    (k, w, c): (usize, usize, usize),
    words: &[Vec<char>],
    known: &mut FxHashMap<(usize, usize, usize), Option<usize>>,
) -> Option<usize> {
    if k == letters.len() {
        return (w + 1 == words.len()).then_some(0);
    }
    if let Some(&best) = known.get(&(k, w, c)) {
        return best;
    }
    let mut best = None;
    // At the initial of a later word, passing over connectors only.
    for next in w + 1..words.len() {
        if words[next].first() == Some(&letters[k]) {
            best = best.max(most_initials(letters, (k + 1, next, 1), words, known).map(|n| n + 1));
        }
        let word: String = words[next].iter().collect();
        if !CONNECTORS.contains(&word.as_str()) {
            break;
        }
    }
    // Inside the current word.
    for i in c..words[w].len() {
        if words[w][i] == letters[k] {
            best = best.max(most_initials(letters, (k + 1, w, i + 1), words, known));
        }
    }
    known.insert((k, w, c), best);
    best
}

impl AcronymDefined {
    pub fn check(&self, rule: &Rule, ctx: &Context, out: &mut Vec<Finding>) {
        let doc = ctx.doc;
        let mut defined: FxHashMap<&str, usize> = FxHashMap::default();
        let mut uses: Vec<(&str, Span)> = Vec::new();
        for (index, block) in doc.blocks.iter().enumerate() {
            // Headings are often in capitals; their words are not acronyms.
            if !matches!(block.kind, BlockKind::Paragraph { .. } | BlockKind::TableCell { .. }) {
                continue;
            }
            let text = doc.prose_text(block.span);
            // A paragraph in capitals, and a `Source:` credit line, use names as they are.
            let capitals_only = text.chars().filter(|c| c.is_alphabetic()).all(|c| !c.is_lowercase());
            if capitals_only || text.trim_start().starts_with("Source") {
                continue;
            }
            // Most words open with a lower-case letter, which no acronym does: they are not read
            // (and are passed over without a branch each).
            let capital = |w: Span| doc.source.as_bytes().get(w.start).is_some_and(u8::is_ascii_uppercase);
            crate::swar::each_where(doc.block_words(index).iter().copied(), capital, |w| {
                let Some(acr) = acronym(doc.text(w)) else { return };
                let before = &doc.prose[..w.start];
                let after = &doc.prose[w.end..];
                // "Full Name (ACR)"
                let in_brackets = before.ends_with('(') && after.starts_with(')');
                let defines_here = in_brackets && {
                    let name_before = before.trim_end_matches('(').trim_end();
                    let mut window: Vec<&str> = name_before.rsplit(' ').take(acr.len() * 2 + 2).collect();
                    window.reverse();
                    abbreviates(acr, &window.join(" "))
                };
                // "ACR (Full Name)"
                let defined_after = after
                    .trim_start()
                    .strip_prefix('(')
                    .and_then(|r| r.split_once(')'))
                    .is_some_and(|(inside, _)| abbreviates(acr, inside));
                if defines_here || defined_after {
                    defined.entry(acr).or_insert(w.start);
                } else {
                    uses.push((acr, w));
                }
            });
        }
        // An acronym is reported at its first use at most; an allowed one never.
        let mut seen = FxHashSet::default();
        for (acr, span) in uses {
            if !seen.insert(acr) || self.allow.contains(acr) {
                continue;
            }
            let problem = match defined.get(acr) {
                Some(&at) if at < span.start => continue,
                Some(&at) => {
                    let p = doc.position(at);
                    format!("{acr} is used before its definition at {}:{}", p.line, p.column)
                }
                None => format!("{acr} is used without being defined; write the full name with ({acr}) at first use"),
            };
            out.push(ctx.finding(rule, span, &[&problem], None));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronym_tokens() {
        assert_eq!(acronym("CSTO"), Some("CSTO"));
        assert_eq!(acronym("NGOs"), Some("NGO"));
        assert_eq!(acronym("G20"), Some("G20"));
        assert_eq!(acronym("II"), None);
        assert_eq!(acronym("Russia"), None);
        assert_eq!(acronym("A"), None);
    }

    /// The first implementation, by characters: the oracle for `acronym`.
    fn acronym_by_chars(word: &str) -> Option<&str> {
        let word = word
            .strip_suffix('s')
            .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
            .unwrap_or(word);
        let capitals = word.chars().filter(char::is_ascii_uppercase).count();
        let ok = word.len() >= 2
            && word.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && word.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
            && (capitals >= 2 || word.chars().any(|c| c.is_ascii_digit()))
            && !is_roman(word);
        ok.then_some(word)
    }

    #[test]
    fn acronyms_read_by_bytes_as_by_characters() {
        let mut words =
            vec!["s", "Ss", "SS", "ÜS", "UÜ", "Us", "USs", "XIV", "XIVs", "G7s", "A1", "1A", "É2", "COVID-19"];
        let text: String = ["arctic-shipping", "mekong-dams", "russia-china-trade"]
            .iter()
            .map(|name| std::fs::read_to_string(format!("fixtures/clean/{name}.md")).unwrap())
            .collect();
        words.extend(text.split(|c: char| !c.is_alphanumeric()));
        assert!(words.iter().filter(|w| acronym(w).is_some()).count() > 10);
        for word in words {
            assert_eq!(acronym(word), acronym_by_chars(word), "{word:?}");
        }
    }

    #[test]
    fn repeated_letters_are_searched_once_per_position() {
        // Without memory this took some C(160, 24) paths.
        let name = vec!["a".repeat(20); 8].join(" ");
        assert!(!abbreviates(&"A".repeat(24), &name));
        assert!(abbreviates(&"A".repeat(8), &name));
        let long = vec!["a".repeat(40); 40].join(" ");
        assert!(!abbreviates(&"A".repeat(MAX_ACRONYM_LETTERS + 1), &long));
    }

    #[test]
    fn initials() {
        assert!(abbreviates("CSTO", "the Collective Security Treaty Organisation"));
        assert!(abbreviates("SCO", "the Shanghai Cooperation Organisation"));
        assert!(abbreviates("EAEU", "Eurasian Economic Union"));
        assert!(!abbreviates("CSTO", "the Shanghai Cooperation Organisation"));
        // Initials are preferred to letters inside a word ("International" holds e and a).
        assert!(abbreviates("IEA", "The International Energy Agency"));
        assert!(abbreviates("OPEC", "the Organization of the Petroleum Exporting Countries"));
        assert!(!abbreviates("IEA", "the Atomic Energy Agency"));
    }
}
