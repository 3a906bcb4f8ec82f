//! What the batchers did: [`BatchStats`] per kind of read, counted by each batcher's
//! [`Counters`].

use std::sync::atomic::{AtomicU64, Ordering};

/// What one batcher did since its client was built.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Reads submitted (`describe_*` calls).
    pub reads: u64,
    /// Batches sent (each one or more calls).
    pub batches: u64,
    /// Describe calls made: one per page, plus the per-ID calls of fallbacks (retries of
    /// one call are not counted again).
    pub calls: u64,
    /// Distinct IDs asked in batches.
    pub ids: u64,
    /// Batches that fell back to one call per ID.
    pub fallbacks: u64,
    /// Region scans started (their pages are counted in `calls` and `scan_pages`).
    pub scans: u64,
    /// Describe calls made by region scans.
    pub scan_pages: u64,
    /// Reads answered from a region snapshot without a call of their own.
    pub snapshot_hits: u64,
}

/// The live counters behind [`BatchStats`].
#[derive(Default)]
pub(super) struct Counters {
    pub(super) reads: AtomicU64,
    pub(super) batches: AtomicU64,
    pub(super) calls: AtomicU64,
    pub(super) ids: AtomicU64,
    pub(super) fallbacks: AtomicU64,
    pub(super) scans: AtomicU64,
    pub(super) scan_pages: AtomicU64,
    pub(super) snapshot_hits: AtomicU64,
}

impl Counters {
    /// Adds `n` to `counter`.
    pub(super) fn add(counter: &AtomicU64, n: usize) {
        counter.fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// Adds one to `counter`.
    pub(super) fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts so far.
    pub(super) fn snapshot(&self) -> BatchStats {
        let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        BatchStats {
            reads: read(&self.reads),
            batches: read(&self.batches),
            calls: read(&self.calls),
            ids: read(&self.ids),
            fallbacks: read(&self.fallbacks),
            scans: read(&self.scans),
            scan_pages: read(&self.scan_pages),
            snapshot_hits: read(&self.snapshot_hits),
        }
    }
}
