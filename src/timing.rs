//! CPU time for `--timings`: each rule's own, apart from the work rules share (a
//! document's words, the prefilter's scan, its facts, its scope selections), which
//! the first rule to ask for it would otherwise be charged with.
//!
//! Time is kept per thread. A span of work timed here on a thread that is already
//! timing one (a task stolen while a rule waits for its parallel parts) is taken out
//! of the outer span, so no time is counted twice. Work a thread does outside any span
//! (part of a big brief's facts taken up by an idle thread) is not counted.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Whether time is kept (`--timings`): off, nothing is timed and every span takes zero.
static ON: AtomicBool = AtomicBool::new(false);

/// Keeps time from now on, for `--timings`.
pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

/// Whether time is kept.
pub fn is_on() -> bool {
    ON.load(Ordering::Relaxed)
}

/// Work that rules share, found once per document for every rule that reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    Words,
    Scan,
    Facts,
    Scopes,
}

impl Shared {
    pub const ALL: [Shared; 4] = [Shared::Words, Shared::Scan, Shared::Facts, Shared::Scopes];

    /// Runs this shared work, `f`, keeping its time.
    pub fn run<T>(self, f: impl FnOnce() -> T) -> T {
        if !is_on() {
            return f();
        }
        let (value, took) = own(f);
        let mut totals = SHARED.get();
        totals[self as usize] += took;
        SHARED.set(totals);
        value
    }

    /// Its row in `--timings`.
    pub fn label(self) -> &'static str {
        match self {
            Shared::Words => "(words)",
            Shared::Scan => "(prefilter scan)",
            Shared::Facts => "(facts extracted)",
            Shared::Scopes => "(scope selections)",
        }
    }
}

thread_local! {
    /// Time this thread has put down to spans so far: what grows inside a span is
    /// taken out of it.
    static COUNTED: Cell<Duration> = const { Cell::new(Duration::ZERO) };
    /// Shared work this thread has done and not yet handed over, by `Shared`.
    static SHARED: Cell<[Duration; 4]> = const { Cell::new([Duration::ZERO; 4]) };
}

/// Runs `f`, returning what it gives and the time it took on this thread, less the
/// time of the spans timed inside it.
fn own<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    if !is_on() {
        return (f(), Duration::ZERO);
    }
    let before = COUNTED.get();
    let started = Instant::now();
    let value = f();
    let took = started.elapsed();
    let inner = COUNTED.get().saturating_sub(before);
    COUNTED.set(before + took);
    (value, took.saturating_sub(inner))
}

/// Runs a rule, `f`: what it gives, its own time, and the shared work this thread did
/// meanwhile (or before, not yet handed over).
pub fn rule<T>(f: impl FnOnce() -> T) -> (T, Duration, Vec<(Shared, Duration)>) {
    let (value, took) = own(f);
    (value, took, take_shared())
}

/// The shared work this thread has done since it was last taken; none is kept.
pub fn take_shared() -> Vec<(Shared, Duration)> {
    let totals = SHARED.replace([Duration::ZERO; 4]);
    Shared::ALL.into_iter().zip(totals).filter(|(_, d)| !d.is_zero()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spin(d: Duration) {
        let started = Instant::now();
        while started.elapsed() < d {}
    }

    // Spans far apart, so that a thread descheduled for a moment does not blur them.
    #[test]
    fn shared_work_is_taken_out_of_the_rule_that_asked_for_it() {
        enable();
        let ((), took, shared) = rule(|| {
            spin(Duration::from_millis(10));
            Shared::Words.run(|| spin(Duration::from_millis(100)));
        });
        assert_eq!(shared.len(), 1);
        let (what, words) = shared[0];
        assert!(what == Shared::Words && words >= Duration::from_millis(100), "{shared:?}");
        assert!(took >= Duration::from_millis(10) && took < Duration::from_millis(60), "{took:?}");
        assert!(take_shared().is_empty(), "handed over once");
    }

    #[test]
    fn a_rule_run_inside_another_is_not_counted_twice() {
        enable();
        let (((), inner, _), outer, _) = rule(|| {
            spin(Duration::from_millis(10));
            rule(|| spin(Duration::from_millis(100)))
        });
        assert!(inner >= Duration::from_millis(100), "{inner:?}");
        assert!(outer >= Duration::from_millis(10) && outer < Duration::from_millis(60), "{outer:?}");
    }
}
