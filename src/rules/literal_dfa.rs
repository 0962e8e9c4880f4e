//! Every occurrence of a set of literals, ASCII case ignored, found by an Aho-Corasick
//! DFA of our own that reads a text in four lanes at once.
//!
//! A DFA reads one byte per step, and each step waits for the last one's table load:
//! the scan is bound by load latency, not by work. Four lanes over four parts of the
//! text are four independent chains of loads, which the CPU runs side by side (on the
//! prefilter's 290 literals, about twice as fast as `aho-corasick`'s DFA).
//!
//! The matches are those of `aho-corasick`'s overlapping search (`MatchKind::Standard`,
//! ASCII case-insensitive): each literal at each place it stands, once.

/// Texts shorter than this are read in one lane.
const LANES_FROM: usize = 256;

/// Table entries past which no DFA is made (4 bytes each): the caller falls back on
/// `aho-corasick`, whose NFA is smaller.
const MOST_ENTRIES: usize = 1 << 22;

#[derive(Debug, Clone)]
pub struct LiteralDfa {
    /// Each byte's class: bytes no literal holds share class 0 (they lead back to
    /// the start), and an ASCII letter shares its lower case's.
    classes: [u8; 256],
    /// Classes, the table's stride.
    stride: usize,
    /// The next state of each state and class, as the next state's row (its number
    /// times the stride). The start is row 0; states that end a literal come last.
    next: Vec<u32>,
    /// The first row of a state ending a literal.
    first_match: u32,
    /// For each state from `first_match` on, the literals it ends: a range of `ended`.
    ends: Vec<(u32, u32)>,
    ended: Vec<u32>,
    /// Each literal's length.
    lengths: Vec<u32>,
    longest: usize,
}

impl LiteralDfa {
    /// The DFA of `literals` (lower case, at least one byte each, no two alike), or None
    /// when its table would pass `MOST_ENTRIES`.
    pub fn new(literals: &[Vec<u8>]) -> Option<LiteralDfa> {
        if literals.iter().any(Vec::is_empty) {
            return None;
        }
        let mut classes = [0u8; 256];
        let mut count = 1usize;
        for &b in literals.iter().flatten() {
            let b = b.to_ascii_lowercase();
            if classes[usize::from(b)] == 0 {
                classes[usize::from(b)] = u8::try_from(count).ok()?;
                count += 1;
            }
        }
        for upper in b'A'..=b'Z' {
            classes[usize::from(upper)] = classes[usize::from(upper.to_ascii_lowercase())];
        }
        let stride = count;
        // The trie: each state's children by class (0: none; the start is state 0).
        let mut children: Vec<u32> = vec![0; stride];
        let mut ends_here: Vec<Vec<u32>> = vec![Vec::new()];
        for (k, literal) in literals.iter().enumerate() {
            let mut state = 0usize;
            for &b in literal {
                let at = state * stride + usize::from(classes[usize::from(b)]);
                if children[at] == 0 {
                    children[at] = u32::try_from(ends_here.len()).ok()?;
                    children.extend(std::iter::repeat_n(0, stride));
                    ends_here.push(Vec::new());
                }
                state = children[at] as usize;
            }
            ends_here[state].push(k as u32);
            if children.len() > MOST_ENTRIES {
                return None;
            }
        }
        let states = ends_here.len();
        // Breadth first: each state's failure state is done before it, so its
        // transitions and the literals it ends are complete when its children need them.
        let mut delta: Vec<u32> = vec![0; states * stride];
        let mut fail: Vec<u32> = vec![0; states];
        let mut queue = std::collections::VecDeque::new();
        for class in 1..stride {
            let child = children[class];
            if child != 0 {
                delta[class] = child;
                queue.push_back(child as usize);
            }
        }
        while let Some(state) = queue.pop_front() {
            let failure = fail[state] as usize;
            let inherited = ends_here[failure].clone();
            ends_here[state].extend(inherited);
            for class in 0..stride {
                let child = children[state * stride + class];
                if class != 0 && child != 0 {
                    fail[child as usize] = delta[failure * stride + class];
                    delta[state * stride + class] = child;
                    queue.push_back(child as usize);
                } else {
                    delta[state * stride + class] = delta[failure * stride + class];
                }
            }
        }
        // Numbered again: the start first, the states ending a literal last.
        let mut order: Vec<usize> = (0..states).collect();
        order.sort_by_key(|&s| (!ends_here[s].is_empty(), s != 0));
        let mut number = vec![0u32; states];
        for (n, &s) in order.iter().enumerate() {
            number[s] = n as u32;
        }
        let row = |s: u32| -> Option<u32> { u32::try_from(number[s as usize] as usize * stride).ok() };
        let mut next = vec![0u32; states * stride];
        let (mut ends, mut ended) = (Vec::new(), Vec::new());
        let first_match = order.iter().position(|&s| !ends_here[s].is_empty()).unwrap_or(states);
        for (n, &s) in order.iter().enumerate() {
            for class in 0..stride {
                next[n * stride + class] = row(delta[s * stride + class])?;
            }
            if n >= first_match {
                let from = ended.len() as u32;
                ended.extend(&ends_here[s]);
                ends.push((from, ended.len() as u32));
            }
        }
        Some(LiteralDfa {
            classes,
            stride,
            next,
            first_match: u32::try_from(first_match * stride).ok()?,
            ends,
            ended,
            lengths: literals.iter().map(|l| l.len() as u32).collect(),
            longest: literals.iter().map(Vec::len).max().unwrap_or(0),
        })
    }

    /// Calls `f(start, end, literal)` for each occurrence of a literal in `text`, in no
    /// set order.
    pub fn for_each_match(&self, text: &[u8], mut f: impl FnMut(usize, usize, usize)) {
        let n = text.len();
        let lanes = if n < LANES_FROM { 1 } else { 4 };
        // Lane k owns the matches starting in [owned[k], owned[k + 1]); it reads on past
        // its end for those that run into the next lane's part.
        let part = n.div_ceil(lanes);
        let owned: [usize; 5] = std::array::from_fn(|k| (k * part).min(n));
        let read_to = |k: usize| (owned[k + 1] + self.longest.saturating_sub(1)).min(n);
        let mut report = |row: u32, end: usize, lane: usize| {
            let Some(&(from, to)) = self.ends.get(((row - self.first_match) as usize) / self.stride) else { return };
            for &literal in self.ended.get(from as usize..to as usize).unwrap_or(&[]) {
                let start = end - self.lengths[literal as usize] as usize;
                if start < owned[lane + 1] {
                    f(start, end, literal as usize);
                }
            }
        };
        // The next row from `row` on byte `b`.
        let step = |row: u32, b: u8| self.next.get(row as usize + usize::from(self.classes[usize::from(b)]));
        let mut rows = [0u32; 4];
        let mut at = [0usize; 4];
        if lanes == 4 {
            // The four lanes in step, as far as the shortest reads.
            let steps = (0..4).map(|k| read_to(k) - owned[k]).min().unwrap_or(0);
            let lane = |k: usize| text.get(owned[k]..owned[k] + steps).unwrap_or(&[]);
            let (l0, l1, l2, l3) = (lane(0), lane(1), lane(2), lane(3));
            for (i, (((&b0, &b1), &b2), &b3)) in l0.iter().zip(l1).zip(l2).zip(l3).enumerate() {
                let (Some(&r0), Some(&r1), Some(&r2), Some(&r3)) =
                    (step(rows[0], b0), step(rows[1], b1), step(rows[2], b2), step(rows[3], b3))
                else {
                    return;
                };
                rows = [r0, r1, r2, r3];
                if (r0 >= self.first_match)
                    | (r1 >= self.first_match)
                    | (r2 >= self.first_match)
                    | (r3 >= self.first_match)
                {
                    for (k, &row) in rows.iter().enumerate() {
                        if row >= self.first_match {
                            report(row, owned[k] + i + 1, k);
                        }
                    }
                }
            }
            at = std::array::from_fn(|k| owned[k] + steps);
        } else {
            at[0] = owned[0];
        }
        // Each lane's rest on its own.
        for k in 0..lanes {
            let mut row = rows[k];
            for (i, &b) in text.get(at[k]..read_to(k)).unwrap_or(&[]).iter().enumerate() {
                let Some(&next) = step(row, b) else { return };
                row = next;
                if row >= self.first_match {
                    report(row, at[k] + i + 1, k);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    /// The matches of `aho-corasick`'s overlapping search, which the DFA's must equal.
    fn by_aho_corasick(literals: &[Vec<u8>], text: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(literals)
            .unwrap();
        let mut found: Vec<_> =
            ac.find_overlapping_iter(text).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect();
        found.sort_unstable();
        found
    }

    fn by_dfa(dfa: &LiteralDfa, text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        dfa.for_each_match(text, |s, e, k| found.push((s, e, k)));
        found.sort_unstable();
        found
    }

    #[test]
    fn finds_overlapping_literals_in_any_ascii_case() {
        let literals: Vec<Vec<u8>> = ["he", "she", "his", "hers", "s\u{212A}y", "ſa", "it's", "in order to"]
            .map(|l| l.as_bytes().to_vec())
            .into();
        let dfa = LiteralDfa::new(&literals).unwrap();
        let text = "USHERS in order to IN ORDER TO s\u{212A}y SK ſa Sa It's";
        let found = by_dfa(&dfa, text.as_bytes());
        assert_eq!(found, by_aho_corasick(&literals, text.as_bytes()));
        // "USHERS": she, he, hers; the Kelvin sign and the long s only as written.
        assert_eq!(&found[..3], &[(1, 4, 1), (2, 4, 0), (2, 6, 3)]);
        assert_eq!(found.len(), 8);
    }

    /// Random texts of the literals' pieces, across the lanes' bounds: the same matches as
    /// `aho-corasick`.
    #[test]
    fn matches_aho_corasick_on_random_texts() {
        let mut next = crate::testing::numbers(11);
        let pieces = ["a", "ab", "abc", "bca", "Cab", "x", " ", "é", "ſ", "ba", "AB", "\u{212A}", "cc"];
        for round in 0..400 {
            let literals: Vec<Vec<u8>> = {
                let mut l: Vec<Vec<u8>> = (0..1 + next(12))
                    .map(|_| (0..1 + next(3)).map(|_| pieces[next(pieces.len() as u64) as usize]).collect::<String>())
                    .map(|s| s.to_ascii_lowercase().into_bytes())
                    .collect();
                l.sort();
                l.dedup();
                l
            };
            let dfa = LiteralDfa::new(&literals).unwrap();
            let length = if round % 4 == 0 { next(40) } else { 200 + next(900) };
            let text: String = (0..length).map(|_| pieces[next(pieces.len() as u64) as usize]).collect();
            assert_eq!(by_dfa(&dfa, text.as_bytes()), by_aho_corasick(&literals, text.as_bytes()), "{literals:?}");
        }
    }

    #[test]
    fn a_table_too_big_is_not_made() {
        // 20,000 random literals of 40 letters: some 800,000 states of 27 classes.
        let mut next = crate::testing::numbers(5);
        let literals: Vec<Vec<u8>> = (0..20_000).map(|_| (0..40).map(|_| b'a' + next(26) as u8).collect()).collect();
        assert!(LiteralDfa::new(&literals).is_none());
    }
}
