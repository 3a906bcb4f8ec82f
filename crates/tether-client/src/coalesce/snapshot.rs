//! The mutable state of one batcher ([`State`]): the open batches, and what region scans
//! need — how often the kind was read lately, the current region [`Snapshot`], the running
//! scan and the IDs in flight ([`InFlight`]), which a snapshot never answers.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Instant;

use tokio::sync::oneshot;

use super::batch::Batch;
use super::{lock, RegionScan};

/// A batch still collecting reads.
pub(super) struct Open<T> {
    pub(super) generation: u64,
    pub(super) batch: Batch<T>,
    /// Hands the batch to its window task when it fills up before the window ends.
    pub(super) handoff: Option<oneshot::Sender<Batch<T>>>,
}

pub(super) struct State<T> {
    /// The open batch of each batch key.
    pub(super) open: HashMap<String, Open<T>>,
    pub(super) next_generation: u64,
    /// Region-scan settings.
    pub(super) tuning: RegionScan,
    /// When the latest reads (at most `tuning.threshold`) were answered.
    served: VecDeque<Instant>,
    pub(super) snapshot: Option<Snapshot<T>>,
    /// A scan is running; the IDs forgotten since it started.
    pub(super) scanning: Option<HashSet<String>>,
    /// No scan before then (the region was too large, or a scan failed).
    pub(super) no_scan_until: Option<Instant>,
    /// IDs asked by batches or per-ID calls in flight, with how many of them.
    in_flight: HashMap<String, usize>,
    /// IDs forgotten and not read since: their next read is fresh (after a write) and
    /// does not count towards scanning.
    fresh: HashSet<String>,
}

/// Most IDs kept in [`State`]'s fresh set: forgets without a read after them (a delete)
/// beyond this many are dropped together.
const FRESH_IDS_MAX: usize = 10_000;

/// A region listing.
pub(super) struct Snapshot<T> {
    /// When the scan started.
    pub(super) taken: Instant,
    /// When the snapshot was made or last answered a read.
    pub(super) used: Instant,
    /// The bound items listed; an ID missing here may exist unbound.
    pub(super) items: HashMap<String, Box<T>>,
    /// IDs forgotten since the scan started: never answered from here.
    pub(super) forgotten: HashSet<String>,
}

impl<T> Default for State<T> {
    fn default() -> Self {
        State {
            open: HashMap::new(),
            next_generation: 0,
            tuning: RegionScan::default(),
            served: VecDeque::new(),
            snapshot: None,
            scanning: None,
            no_scan_until: None,
            in_flight: HashMap::new(),
            fresh: HashSet::new(),
        }
    }
}

impl<T: Clone> State<T> {
    pub(super) fn note_served(&mut self, now: Instant) {
        self.served.push_back(now);
        while self.served.len() > self.tuning.threshold {
            self.served.pop_front();
        }
    }

    /// Whether at least `threshold` reads were answered within the rate window.
    pub(super) fn hot(&self, now: Instant) -> bool {
        self.tuning.enabled
            && self.served.len() >= self.tuning.threshold
            && self
                .served
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) <= self.tuning.rate_window)
    }

    /// The snapshot while it is fresh: used within its TTL and younger than its maximum
    /// age (a stale one is dropped).
    fn fresh_snapshot(&mut self, now: Instant) -> Option<&mut Snapshot<T>> {
        let RegionScan { ttl, max_age, .. } = self.tuning;
        if !self.tuning.enabled
            || self.snapshot.as_ref().is_some_and(|s| {
                now.saturating_duration_since(s.used) >= ttl
                    || now.saturating_duration_since(s.taken) >= max_age
            })
        {
            self.snapshot = None;
        }
        self.snapshot.as_mut()
    }

    /// The snapshot's item `id`, when it may answer for it.
    pub(super) fn snapshot_answer(&mut self, id: &str, now: Instant) -> Option<T> {
        if self.in_flight.contains_key(id) {
            return None;
        }
        let snapshot = self.fresh_snapshot(now)?;
        if snapshot.forgotten.contains(id) {
            return None;
        }
        let item = snapshot.items.get(id).map(|item| T::clone(item));
        if item.is_some() {
            snapshot.used = now;
        }
        item
    }

    /// Claims the one scan of the kind, unless a scan runs, a fresh snapshot exists or
    /// scans are paused.
    pub(super) fn begin_scan(&mut self, now: Instant) -> bool {
        if !self.tuning.enabled
            || self.scanning.is_some()
            || self.no_scan_until.is_some_and(|t| now < t)
            || self.fresh_snapshot(now).is_some()
        {
            return false;
        }
        self.scanning = Some(HashSet::new());
        true
    }

    /// Whether a read of `id` is the first since it was forgotten (and it is not any
    /// more).
    pub(super) fn take_fresh(&mut self, id: &str) -> bool {
        self.fresh.remove(id)
    }

    /// Forgets what snapshots (the current one, and the one a running scan will make) say
    /// about `id`; its next read is fresh.
    pub(super) fn forget(&mut self, id: &str) {
        if self.fresh.len() >= FRESH_IDS_MAX {
            self.fresh.clear();
        }
        self.fresh.insert(id.to_string());
        if let Some(snapshot) = self.snapshot.as_mut() {
            snapshot.items.remove(id);
            snapshot.forgotten.insert(id.to_string());
        }
        if let Some(forgotten) = self.scanning.as_mut() {
            forgotten.insert(id.to_string());
        }
    }

    /// New region-scan settings: drops the snapshot, the read times and any pause.
    pub(super) fn retune(&mut self, tuning: RegionScan) {
        self.tuning = tuning;
        self.served.clear();
        self.snapshot = None;
        self.no_scan_until = None;
    }
}

/// Marks IDs in flight while held.
pub(super) struct InFlight<'a, T> {
    state: &'a Mutex<State<T>>,
    ids: Vec<String>,
}

impl<'a, T> InFlight<'a, T> {
    pub(super) fn register(state: &'a Mutex<State<T>>, ids: &[String]) -> Self {
        let mut st = lock(state);
        for id in ids {
            *st.in_flight.entry(id.clone()).or_insert(0) += 1;
        }
        InFlight {
            state,
            ids: ids.to_vec(),
        }
    }
}

impl<T> Drop for InFlight<'_, T> {
    fn drop(&mut self) {
        let mut st = lock(self.state);
        for id in &self.ids {
            if let Entry::Occupied(mut e) = st.in_flight.entry(id.clone()) {
                *e.get_mut() = e.get().saturating_sub(1);
                if *e.get() == 0 {
                    e.remove();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coalesce::SNAPSHOT_TTL;

    #[test]
    fn snapshot_never_answers_in_flight_or_forgotten_ids() {
        let state: Mutex<State<String>> = Mutex::default();
        let now = Instant::now();
        lock(&state).snapshot = Some(Snapshot {
            taken: now,
            used: now,
            items: [
                ("eip-1".to_string(), Box::new("one".to_string())),
                ("eip-2".into(), Box::new("two".into())),
            ]
            .into_iter()
            .collect(),
            forgotten: HashSet::new(),
        });
        let answer = |id: &str| lock(&state).snapshot_answer(id, now);
        assert_eq!(answer("eip-1"), Some("one".to_string()));
        assert_eq!(
            answer("eip-9"),
            None,
            "absent from the listing: maybe unbound"
        );
        {
            let _flight = InFlight::register(&state, &["eip-1".to_string()]);
            assert_eq!(answer("eip-1"), None, "a call for it is in flight");
        }
        assert_eq!(answer("eip-1"), Some("one".to_string()));
        lock(&state).forget("eip-2");
        lock(&state).forget("eip-9");
        assert_eq!(answer("eip-2"), None);
        let later = now + SNAPSHOT_TTL;
        assert_eq!(lock(&state).snapshot_answer("eip-1", later), None);
        assert!(lock(&state).snapshot.is_none(), "expired and dropped");
    }
}
