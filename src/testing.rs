//! Helpers for unit tests.

/// Numbers under `n`, one after another from `seed` (an LCG): the same in every run.
pub fn numbers(mut seed: u64) -> impl FnMut(u64) -> u64 {
    move |n| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    }
}
