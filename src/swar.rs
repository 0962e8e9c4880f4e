//! Eight bytes at a time in a `u64` (SWAR), without `unsafe`: the byte loops that read
//! runs of a class (a word's letters, a number's digits, the spaces between tokens) end
//! at an unpredictable byte, and a branch per byte mispredicts there. These find the
//! run's end in one word of arithmetic.
//!
//! Each byte is tested on its own: no borrow or carry crosses bytes, as every sum and
//! difference below stays within 0..=255 (Bit Twiddling Hacks, `hasbetween`). Bytes past
//! ASCII belong to no class here.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x80 * ONES;

/// Classes of ASCII bytes, to be or-ed together.
pub const DIGITS: u8 = 1;
pub const LETTERS: u8 = 2;
/// `_`, which `\w` holds.
pub const UNDERSCORE: u8 = 4;
/// `[\x20\t\n]`: the white space of the fact scanners.
pub const SPACES: u8 = 8;

/// The high bit of each byte of `x` that is strictly between `m` and `n` (and below 0x80).
#[inline(always)]
const fn between(x: u64, m: u64, n: u64) -> u64 {
    let low = x & (0x7F * ONES);
    ((127 + n) * ONES - low) & !x & (low + (127 - m) * ONES) & HIGH
}

/// The high bit of each byte of `v` in `CLASSES`.
#[inline(always)]
const fn members<const CLASSES: u8>(v: u64) -> u64 {
    let mut m = 0;
    if CLASSES & DIGITS != 0 {
        m |= between(v, 0x2F, 0x3A);
    }
    if CLASSES & LETTERS != 0 {
        // Setting 0x20 makes capitals small letters (and nothing else one).
        m |= between(v | (0x20 * ONES), 0x60, 0x7B);
    }
    if CLASSES & UNDERSCORE != 0 {
        m |= between(v, 0x5E, 0x60);
    }
    if CLASSES & SPACES != 0 {
        m |= between(v, 0x1F, 0x21) | between(v, 0x08, 0x0B);
    }
    m
}

/// The eight bytes of `t` from `at`, little-endian (None past the end).
#[inline(always)]
fn chunk(t: &[u8], at: usize) -> Option<u64> {
    let mut word = [0u8; 8];
    word.copy_from_slice(t.get(at..at.checked_add(8)?)?);
    Some(u64::from_le_bytes(word))
}

/// Whether `b` is in `CLASSES` (the byte-at-a-time test, for the last few bytes).
#[inline(always)]
pub fn is_member<const CLASSES: u8>(b: u8) -> bool {
    members::<CLASSES>(u64::from(b)) != 0
}

/// Where the run of bytes in `CLASSES` from `at` ends (`at` itself when none is).
#[inline(always)]
pub fn run_end<const CLASSES: u8>(t: &[u8], mut at: usize) -> usize {
    while let Some(v) = chunk(t, at) {
        let run = ((!members::<CLASSES>(v) & HIGH).trailing_zeros() / 8) as usize;
        at += run;
        if run < 8 {
            return at;
        }
    }
    at + t.get(at..).unwrap_or_default().iter().take_while(|&&b| is_member::<CLASSES>(b)).count()
}

/// The first byte at or after `at` in `CLASSES` or, with `WIDE`, past ASCII.
#[inline(always)]
pub fn next_of<const CLASSES: u8, const WIDE: bool>(t: &[u8], mut at: usize) -> Option<usize> {
    while let Some(v) = chunk(t, at) {
        let found = members::<CLASSES>(v) | if WIDE { v & HIGH } else { 0 };
        if found != 0 {
            return Some(at + (found.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    let tail = t.get(at..)?.iter().position(|&b| is_member::<CLASSES>(b) || (WIDE && b >= 0x80));
    tail.map(|k| at + k)
}

/// The high bit of each byte of `v`, gathered into its low eight bits (byte k to bit k).
#[inline(always)]
const fn gather(high: u64) -> u64 {
    // Each high bit lands on its own bit of the top byte, and no two products meet below it.
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Bit masks of the 64 bytes of `t` from `at`: bit k of the first is set when byte
/// `at + k` is in `CLASSES`, of the second when it is past ASCII. Bytes past the end are
/// in neither. A scan reads a text's classes a block at a time, then its runs bit by bit.
#[inline(always)]
pub fn block_masks<const CLASSES: u8>(t: &[u8], at: usize) -> (u64, u64) {
    let rest = t.get(at..).unwrap_or_default();
    let mut padded = [0u8; 64];
    let block = match rest.get(..64) {
        Some(full) => full,
        None => {
            padded[..rest.len()].copy_from_slice(rest);
            &padded
        }
    };
    let (mut members_mask, mut wide_mask) = (0, 0);
    for (k, c) in block.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(c);
        let v = u64::from_le_bytes(word);
        members_mask |= gather(members::<CLASSES>(v)) << (8 * k);
        wide_mask |= gather(v & HIGH) << (8 * k);
    }
    (members_mask, wide_mask)
}

/// Where the run of bytes in `CLASSES` from `at` ends, or at the first `except` in it.
#[inline(always)]
pub fn run_end_but<const CLASSES: u8>(t: &[u8], mut at: usize, except: u8) -> usize {
    debug_assert!((1..0x7F).contains(&except));
    let (below, above) = (u64::from(except) - 1, u64::from(except) + 1);
    while let Some(v) = chunk(t, at) {
        let run = ((!(members::<CLASSES>(v) & !between(v, below, above)) & HIGH).trailing_zeros() / 8) as usize;
        at += run;
        if run < 8 {
            return at;
        }
    }
    at + t.get(at..).unwrap_or_default().iter().take_while(|&&b| is_member::<CLASSES>(b) && b != except).count()
}

/// Where the run of bytes all in `CLASSES` (`IN`) or all out of them (`!IN`) that ends at
/// `end` starts, going no lower than `floor`. The fact scanners' old way of counting
/// tokens back, kept as the oracle of `scan::token_starts`.
#[cfg(test)]
pub fn run_start<const CLASSES: u8, const IN: bool>(t: &[u8], floor: usize, mut end: usize) -> usize {
    while end >= floor + 8 {
        let Some(v) = chunk(t, end - 8) else { break };
        let members = members::<CLASSES>(v);
        // The bytes that end the run going back.
        let others = if IN { !members & HIGH } else { members };
        if others != 0 {
            return end - (others.leading_zeros() / 8) as usize;
        }
        end -= 8;
    }
    let run =
        t.get(floor..end).unwrap_or_default().iter().rev().take_while(|&&b| is_member::<CLASSES>(b) == IN).count();
    end - run
}

/// Into `out` (cleared first): 0, and each place of `t` holding a byte out of `CLASSES`
/// right after one in it (with `SPACES`, where each token starts).
pub fn starts_after<const CLASSES: u8>(t: &[u8], out: &mut Vec<usize>) {
    out.clear();
    out.push(0);
    // The high bit of the last byte read, moved to the first byte's.
    let mut carry = 0;
    let mut at = 0;
    while let Some(v) = chunk(t, at) {
        let members = members::<CLASSES>(v);
        let mut starts = !members & HIGH & (members << 8 | carry);
        while starts != 0 {
            out.push(at + (starts.trailing_zeros() / 8) as usize);
            starts &= starts - 1;
        }
        carry = members >> 56;
        at += 8;
    }
    let mut after = carry != 0;
    for (k, &b) in t.get(at..).unwrap_or_default().iter().enumerate() {
        let member = is_member::<CLASSES>(b);
        if after && !member {
            out.push(at + k);
        }
        after = member;
    }
}

/// Calls `f` with each of `items` that `keep` holds, in order. The tests are made 64 at a
/// time into a bit mask, with no branch on their outcome, then the kept are visited: a
/// filter that keeps an unpredictable share (capitalised words, say) mispredicts a branch
/// for each item otherwise.
#[inline(always)]
pub fn each_where<T: Copy + Default>(
    items: impl IntoIterator<Item = T>,
    keep: impl Fn(T) -> bool,
    mut f: impl FnMut(T),
) {
    let mut items = items.into_iter();
    let mut chunk = [T::default(); 64];
    loop {
        let mut len = 0;
        let mut kept = 0u64;
        for (slot, item) in chunk.iter_mut().zip(items.by_ref()) {
            *slot = item;
            kept |= u64::from(keep(item)) << len;
            len += 1;
        }
        while kept != 0 {
            f(chunk[kept.trailing_zeros() as usize]);
            kept &= kept - 1;
        }
        if len < 64 {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by_bytes(b: u8, classes: u8) -> bool {
        (classes & DIGITS != 0 && b.is_ascii_digit())
            || (classes & LETTERS != 0 && b.is_ascii_alphabetic())
            || (classes & UNDERSCORE != 0 && b == b'_')
            || (classes & SPACES != 0 && matches!(b, b' ' | b'\t' | b'\n'))
    }

    fn check<const CLASSES: u8>() {
        for b in 0..=255u8 {
            assert_eq!(is_member::<CLASSES>(b), by_bytes(b, CLASSES), "{b:#x} in {CLASSES}");
        }
        // Every byte value at every place of a run, inside and outside the class, with
        // text before and after, so that both the eight-byte and the byte-by-byte reads are met.
        for fill in [b'a', b'Z', b'7', b'_', b' ', b'\n', b'-', 0xC3] {
            for len in [0, 3, 8, 11, 17] {
                for place in 0..len {
                    for b in 0..=255u8 {
                        let mut t = vec![fill; len];
                        t[place] = b;
                        for at in [0, len / 2] {
                            let end = at + t[at..].iter().take_while(|&&c| by_bytes(c, CLASSES)).count();
                            assert_eq!(run_end::<CLASSES>(&t, at), end, "{t:?} from {at}");
                        }
                        for floor in [0, 1.min(len)] {
                            let start = len - t[floor..].iter().rev().take_while(|&&c| by_bytes(c, CLASSES)).count();
                            assert_eq!(run_start::<CLASSES, true>(&t, floor, len), start, "{t:?} in, floor {floor}");
                            let start = len - t[floor..].iter().rev().take_while(|&&c| !by_bytes(c, CLASSES)).count();
                            assert_eq!(run_start::<CLASSES, false>(&t, floor, len), start, "{t:?} out, floor {floor}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn each_where_visits_the_kept_in_order() {
        for n in [0, 1, 63, 64, 65, 128, 200] {
            let items: Vec<usize> = (0..n).collect();
            for modulus in [1, 2, 3, 7, 64] {
                let mut seen = Vec::new();
                each_where(items.iter().copied(), |i| i % modulus == 0, |i| seen.push(i));
                let expected: Vec<usize> = items.iter().copied().filter(|i| i % modulus == 0).collect();
                assert_eq!(seen, expected, "{n} items, every {modulus}th");
            }
        }
    }

    #[test]
    fn next_of_and_runs_but_one_byte_agree_with_byte_tests() {
        for fill in [b'a', b'U', b'7', b' ', 0xC3] {
            for len in [0, 3, 8, 11, 17] {
                for place in 0..len {
                    for b in 0..=255u8 {
                        let mut t = vec![fill; len];
                        t[place] = b;
                        for at in [0, len / 2, len + 1] {
                            let rest = t.get(at..).unwrap_or_default();
                            let next = |wide: bool| {
                                let found = rest.iter().position(|&c| c.is_ascii_digit() || (wide && c >= 0x80));
                                found.map(|k| at + k).filter(|_| at <= len)
                            };
                            assert_eq!(next_of::<DIGITS, false>(&t, at), next(false), "{t:?} from {at}");
                            assert_eq!(next_of::<DIGITS, true>(&t, at), next(true), "{t:?} from {at}");
                            let wide = rest.iter().position(|&c| c >= 0x80).map(|k| at + k).filter(|_| at <= len);
                            assert_eq!(next_of::<0, true>(&t, at), wide, "{t:?} from {at}");
                            let end = at + rest.iter().take_while(|&&c| c.is_ascii_alphabetic() && c != b'U').count();
                            assert_eq!(run_end_but::<LETTERS>(&t, at, b'U'), end, "{t:?} from {at}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn block_masks_agree_with_byte_tests() {
        let t: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).chain(b"ab 9_\xC3\xA9z".iter().copied()).collect();
        for at in [0, 1, 7, 64, 100, 200, t.len() - 70, t.len() - 5, t.len(), t.len() + 3] {
            let (members, wide) = block_masks::<{ DIGITS | LETTERS }>(&t, at);
            for k in 0..64 {
                let b = t.get(at + k).copied();
                let member = b.is_some_and(|b| b.is_ascii_alphanumeric());
                assert_eq!(members >> k & 1 == 1, member, "byte {} of {at}", at + k);
                assert_eq!(wide >> k & 1 == 1, b.is_some_and(|b| b >= 0x80), "byte {} of {at}", at + k);
            }
        }
    }

    #[test]
    fn starts_after_agrees_with_byte_tests() {
        let mut out = Vec::new();
        for fill in [b'a', b' ', b'\n', 0xC3] {
            for len in [0, 1, 7, 8, 9, 16, 23] {
                for place in 0..len {
                    for b in [b' ', b'\t', b'\n', b'x', b'7', 0xA0, 0xC3, b'-'] {
                        let mut t = vec![fill; len];
                        t[place] = b;
                        if place + 2 < len {
                            t[place + 2] = b' ';
                        }
                        let space = |c: u8| by_bytes(c, SPACES);
                        let mut expected = vec![0];
                        expected.extend((1..len).filter(|&k| space(t[k - 1]) && !space(t[k])));
                        starts_after::<SPACES>(&t, &mut out);
                        assert_eq!(out, expected, "{t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn runs_agree_with_byte_tests() {
        check::<DIGITS>();
        check::<{ DIGITS | LETTERS }>();
        check::<{ DIGITS | LETTERS | UNDERSCORE }>();
        check::<SPACES>();
        check::<LETTERS>();
    }
}
