//! How long a batch collects reads ([`BatchTiming`]), from the round trip of the kind's
//! recent calls ([`RoundTrip`]).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::{COALESCE_GAP, COALESCE_WINDOW, MAX_COALESCE_GAP, MAX_COALESCE_WINDOW};

/// How long a batch collects reads, from the kind's recent round trip: a tenth of it as
/// the gap and three tenths as the window, within [`COALESCE_GAP`]–[`MAX_COALESCE_GAP`]
/// and [`COALESCE_WINDOW`]–[`MAX_COALESCE_WINDOW`]. Against a far or slow API, reads that
/// would each pay a whole round trip wait a little longer to share one call (the
/// clouds throttle by calls); against a fast one the window stays short, so that a lone
/// read is barely delayed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchTiming {
    /// Sent after this long without a new read.
    pub gap: Duration,
    /// Sent at the latest this long after the first read.
    pub window: Duration,
}

impl BatchTiming {
    /// The timing for calls that take `round_trip` (zero: none measured yet).
    pub fn for_round_trip(round_trip: Duration) -> Self {
        BatchTiming {
            gap: (round_trip / 10).clamp(COALESCE_GAP, MAX_COALESCE_GAP),
            window: (round_trip * 3 / 10).clamp(COALESCE_WINDOW, MAX_COALESCE_WINDOW),
        }
    }

    /// How long an open batch waits next, `elapsed` after its first read: one gap, never
    /// past the window. A batch is sent after the first gap in which no read joined it, at
    /// the latest when the window ends; a lone read waits one gap, not the whole window.
    pub(crate) fn next_wait(self, elapsed: Duration) -> Duration {
        self.gap.min(self.window.saturating_sub(elapsed))
    }
}

/// The round trip of a kind's recent calls: a moving average (each new call weighs a
/// quarter) of how long its successful ID batches took.
#[derive(Default)]
pub(super) struct RoundTrip {
    micros: AtomicU64,
}

impl RoundTrip {
    /// Adds a call that took `took`.
    pub(super) fn note(&self, took: Duration) {
        let sample = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        // Concurrent batches may race; losing one sample of an average is harmless.
        let old = self.micros.load(Ordering::Relaxed);
        let new = if old == 0 {
            sample
        } else {
            old.saturating_mul(3).saturating_add(sample) / 4
        };
        self.micros.store(new, Ordering::Relaxed);
    }

    /// The timing of the next batch.
    pub(super) fn timing(&self) -> BatchTiming {
        BatchTiming::for_round_trip(Duration::from_micros(self.micros.load(Ordering::Relaxed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_waits_one_gap_at_a_time_and_never_past_the_window() {
        let fast = BatchTiming::for_round_trip(Duration::ZERO);
        assert_eq!(
            fast,
            BatchTiming {
                gap: COALESCE_GAP,
                window: COALESCE_WINDOW
            }
        );
        assert!(COALESCE_GAP < COALESCE_WINDOW);
        assert_eq!(fast.next_wait(Duration::ZERO), COALESCE_GAP);
        let near_end = COALESCE_WINDOW - COALESCE_GAP / 2;
        assert_eq!(fast.next_wait(near_end), COALESCE_GAP / 2);
        assert_eq!(fast.next_wait(COALESCE_WINDOW), Duration::ZERO);
        assert_eq!(
            fast.next_wait(COALESCE_WINDOW + Duration::from_secs(1)),
            Duration::ZERO
        );
    }

    #[test]
    fn slow_calls_widen_the_window_up_to_its_bound() {
        let ms = Duration::from_millis;
        assert_eq!(
            BatchTiming::for_round_trip(ms(10)),
            BatchTiming {
                gap: COALESCE_GAP,
                window: COALESCE_WINDOW
            },
            "a 10 ms API keeps the short window"
        );
        assert_eq!(
            BatchTiming::for_round_trip(ms(40)),
            BatchTiming {
                gap: ms(4),
                window: ms(12)
            }
        );
        for slow in [ms(50), ms(400), Duration::from_secs(30)] {
            assert_eq!(
                BatchTiming::for_round_trip(slow),
                BatchTiming {
                    gap: MAX_COALESCE_GAP,
                    window: MAX_COALESCE_WINDOW
                }
            );
        }
    }

    #[test]
    fn the_round_trip_follows_recent_calls() {
        let rt = RoundTrip::default();
        assert_eq!(rt.timing(), BatchTiming::for_round_trip(Duration::ZERO));
        rt.note(Duration::from_millis(80));
        assert_eq!(
            rt.timing().window,
            MAX_COALESCE_WINDOW,
            "the first call counts whole"
        );
        for _ in 0..20 {
            rt.note(Duration::from_millis(1));
        }
        assert_eq!(rt.timing().window, COALESCE_WINDOW, "fast again");
    }
}
