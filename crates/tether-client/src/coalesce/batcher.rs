//! The batcher of one kind of read of one client ([`Batcher`]): a read joins the open batch
//! of its key (or opens one), the batch is sent when its window ends or it is full, its
//! answer is shared out, and a batch that failed for one ID falls back to one call per ID.
//! Region listings are in `scan.rs`.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;

use super::batch::{Answer, Batch, Live, LiveGuard, Waiter};
use super::kind::{BatchKey, DescribeApi, ReadKind, Scope};
use super::snapshot::{InFlight, Open, State};
use super::stats::{BatchStats, Counters};
use super::timing::RoundTrip;
use super::{lock, CachedKind, RegionScan, FALLBACK_CONCURRENCY};
use crate::client::{operation, CallContext, Client};
use crate::config::validate_region;
use crate::error::ClientError;
use crate::events::call_event;
use crate::paginate::PageWalk;

/// The batcher of one kind of read of one client.
pub(crate) struct Batcher<R: DescribeApi> {
    pub(super) kind: &'static ReadKind<R>,
    pub(super) state: Mutex<State<R::Item>>,
    pub(super) stats: Counters,
    /// Bumped when a scan ends.
    pub(super) scan_done: watch::Sender<u64>,
    /// How long the kind's batches take, which sets how long the next ones wait.
    round_trip: RoundTrip,
}

/// What the window of a batch does after one wait.
enum WindowStep<T> {
    /// Reads joined during the last gap: wait another one.
    Wait,
    /// The batch to send (`None`: nobody waits for it any more).
    Handed(Option<Batch<T>>),
    /// The batch was handed over through the channel meanwhile (full) or abandoned.
    Taken,
}

/// The window task of a newly opened batch.
type WindowStart<T> = (u64, oneshot::Receiver<Batch<T>>);

impl<R: DescribeApi> Batcher<R> {
    /// The batcher of `kind`, with nothing read yet.
    pub(crate) fn new(kind: &'static ReadKind<R>) -> Self {
        Batcher {
            kind,
            state: Mutex::default(),
            stats: Counters::default(),
            scan_done: watch::channel(0).0,
            round_trip: RoundTrip::default(),
        }
    }

    /// What this batcher did so far.
    pub(crate) fn stats(&self) -> BatchStats {
        self.stats.snapshot()
    }

    /// Makes the snapshots of this kind forget `id`, when `kind` is its cached kind.
    pub(crate) fn forget(&self, kind: CachedKind, id: &str) {
        if self.kind.listing.as_ref().is_some_and(|l| l.cached == kind) {
            lock(&self.state).forget(id);
        }
    }

    /// New region-scan settings, for a kind that scans.
    pub(crate) fn set_region_scan(&self, settings: RegionScan) {
        if self.kind.scans() {
            lock(&self.state).retune(settings);
        }
    }

    /// Reads `id` through the next batch of its key: `key` (a region, or a parent), or
    /// without one the client's region for a region-keyed kind.
    pub(crate) async fn get(
        self: &Arc<Self>,
        client: &Client,
        key: Option<&str>,
        id: &str,
        ctx: &CallContext,
    ) -> Answer<R::Item> {
        let started = Instant::now();
        let key = self.batch_key(client, key)?;
        client.refuse_other_cloud::<R>()?;
        if !self.kind.valid_id(id) || (self.kind.keyed() && !self.kind.valid_id(key)) {
            return Err(ClientError::Config(format!(
                "{}: {id:?} (in {key:?}) is not a valid ID",
                operation::<R>()
            )));
        }
        if ctx.cancel.is_cancelled() {
            return Err(ClientError::Cancelled {
                operation: operation::<R>(),
            });
        }
        if ctx.remaining().is_some_and(|left| left.is_zero()) {
            return Err(ClientError::deadline_exceeded::<R>(Duration::ZERO, 0, None));
        }
        Counters::bump(&self.stats.reads);
        // A read after a write does not make the kind hot: a listing could not answer it.
        let fresh = self.kind.scans() && lock(&self.state).take_fresh(id);
        if let Some(item) = self.snapshot_hit(id) {
            return Ok(Some(item));
        }
        let (tx, rx) = oneshot::channel();
        let (guard, window) = self.enqueue(key, id, Waiter::new(tx, ctx));
        if let Some((generation, handoff)) = window {
            tokio::spawn(Arc::clone(self).window(
                client.clone(),
                key.to_string(),
                generation,
                handoff,
            ));
        }
        let deadline = async {
            match ctx.deadline {
                Some(d) => tokio::time::sleep_until(tokio::time::Instant::from_std(d)).await,
                None => std::future::pending::<()>().await,
            }
        };
        let answer = tokio::select! {
            biased;
            () = ctx.cancel.cancelled() => Err(ClientError::Cancelled {
                operation: operation::<R>(),
            }),
            answer = rx => answer.unwrap_or_else(|_| Err(ClientError::Cancelled {
                operation: format!(
                    "{} (the coalesced call ended without an answer)",
                    operation::<R>()
                ),
            })),
            () = deadline => Err(ClientError::deadline_exceeded::<R>(
                started.elapsed(),
                u32::from(guard.0.dispatched.load(Ordering::Relaxed)),
                None,
            )),
        };
        drop(guard);
        if !fresh && self.listed(&answer) {
            lock(&self.state).note_served(Instant::now());
        }
        answer
    }

    /// The batch key of a read under `key`.
    fn batch_key<'a>(
        &self,
        client: &'a Client,
        key: Option<&'a str>,
    ) -> Result<&'a str, ClientError> {
        match (self.kind.batch_key, key) {
            (BatchKey::Unkeyed, None) => Ok(""),
            (BatchKey::Region, None) => Ok(client.region()),
            (BatchKey::Region, Some(region)) => {
                validate_region(region)?;
                Ok(region)
            }
            (BatchKey::Parent, Some(parent)) => Ok(parent),
            (batch_key, key) => Err(ClientError::Config(format!(
                "{}: a read {} a key cannot be batched by {batch_key:?}",
                operation::<R>(),
                if key.is_some() { "with" } else { "without" }
            ))),
        }
    }

    /// Whether `answer` is an item this kind's region listing holds: reads answered so are
    /// what makes scanning pay.
    fn listed(&self, answer: &Result<Option<R::Item>, ClientError>) -> bool {
        match (&self.kind.listing, answer) {
            (Some(listing), Ok(Some(item))) => (listing.holds)(item),
            _ => false,
        }
    }

    /// The item `id` of a fresh region snapshot, counted as a hit.
    fn snapshot_hit(&self, id: &str) -> Option<R::Item> {
        if !self.kind.scans() {
            return None;
        }
        let hit = {
            let mut state = lock(&self.state);
            let now = Instant::now();
            let hit = state.snapshot_answer(id, now);
            if hit.is_some() {
                state.note_served(now);
            }
            hit
        };
        if hit.is_some() {
            Counters::bump(&self.stats.snapshot_hits);
        }
        hit
    }

    /// Adds a read to the open batch of `key` (opening one if needed, and handing it over
    /// when it is full). Returns the read's guard, and the window to start for a new batch.
    fn enqueue(
        &self,
        key: &str,
        id: &str,
        waiter: Waiter<R::Item>,
    ) -> (LiveGuard, Option<WindowStart<R::Item>>) {
        let mut state = lock(&self.state);
        let state = &mut *state;
        let generation = state.next_generation;
        let hot = self.kind.scans() && state.hot(Instant::now());
        let open_new = |generation| {
            let (live, guard) = Live::first();
            let (handoff, rx) = oneshot::channel();
            let mut batch = Batch::new(live);
            batch.scan = hot;
            let open = Open {
                generation,
                batch,
                handoff: Some(handoff),
            };
            (open, guard, (generation, rx))
        };
        let (open, guard, window) = match state.open.entry(key.to_string()) {
            Entry::Occupied(mut e) => match e.get().batch.live.join() {
                Some(guard) => (e.into_mut(), guard, None),
                None => {
                    // Everybody left the open batch: replace it (its window task ends).
                    let (open, guard, window) = open_new(generation);
                    e.insert(open);
                    (e.into_mut(), guard, Some(window))
                }
            },
            Entry::Vacant(e) => {
                let (open, guard, window) = open_new(generation);
                (e.insert(open), guard, Some(window))
            }
        };
        if window.is_some() {
            state.next_generation = generation.wrapping_add(1);
        }
        open.batch.add(id, waiter);
        if open.batch.order.len() >= self.kind.max_ids {
            if let Some(mut full) = state.open.remove(key) {
                if let Some(handoff) = full.handoff.take() {
                    let _ = handoff.send(full.batch);
                }
            }
        }
        (guard, window)
    }

    /// Waits until batch `generation` is due (see [`BatchTiming::next_wait`], with the
    /// timing of the kind's recent round trip) or fills up, then sends it.
    async fn window(
        self: Arc<Self>,
        client: Client,
        key: String,
        generation: u64,
        mut handoff: oneshot::Receiver<Batch<R::Item>>,
    ) {
        let opened = tokio::time::Instant::now();
        let timing = self.round_trip.timing();
        let mut seen = 1;
        let batch = loop {
            let wait = timing.next_wait(opened.elapsed());
            let step = tokio::select! {
                batch = &mut handoff => WindowStep::Handed(batch.ok()),
                () = tokio::time::sleep(wait) => {
                    let mut state = lock(&self.state);
                    match state.open.get(&key) {
                        Some(open) if open.generation == generation => {
                            let joined = open.batch.joined;
                            if joined > seen && opened.elapsed() < timing.window {
                                // Reads are still arriving: give the burst another gap.
                                seen = joined;
                                WindowStep::Wait
                            } else {
                                WindowStep::Handed(state.open.remove(&key).map(|open| open.batch))
                            }
                        }
                        // Filled up meanwhile (handed over), or abandoned (sender dropped).
                        _ => WindowStep::Taken,
                    }
                }
            };
            match step {
                WindowStep::Wait => {}
                WindowStep::Handed(batch) => break batch,
                WindowStep::Taken => break handoff.await.ok(),
            }
        };
        if let Some(batch) = batch {
            self.run(&client, &key, batch).await;
        }
    }

    /// Sends one batch and answers its reads.
    async fn run(self: &Arc<Self>, client: &Client, key: &str, mut batch: Batch<R::Item>) {
        batch.prune();
        if batch.order.is_empty() {
            return;
        }
        batch.live.dispatched.store(true, Ordering::Relaxed);
        if self.kind.scans() {
            if !self.scan_phase(client, &mut batch).await {
                return;
            }
            batch.prune();
            if batch.order.is_empty() {
                return;
            }
        }
        let _in_flight = self
            .kind
            .scans()
            .then(|| InFlight::register(&self.state, &batch.order));
        let ctx = batch.context();
        let ids = batch.order.clone();
        Counters::bump(&self.stats.batches);
        Counters::add(&self.stats.ids, ids.len());
        call_event!(
            debug,
            R,
            ids = ids.len(),
            reads = batch.waiters.values().map(Vec::len).sum::<usize>(),
            "sending coalesced batch"
        );
        let sent = Instant::now();
        match self.fetch(client, key, &ids, &ctx).await {
            Ok(found) => {
                self.round_trip.note(sent.elapsed());
                for id in &ids {
                    batch.answer(id, found.get(id));
                }
            }
            Err(err) => match self.kind.scope(&err) {
                Scope::Call => batch.fail_all(err),
                Scope::KeyAbsent => batch.absent_all(),
                Scope::IdAbsent if ids.len() == 1 => batch.absent_all(),
                Scope::IdInvalid if ids.len() == 1 => batch.fail_all(err),
                Scope::IdAbsent | Scope::IdInvalid => {
                    call_event!(
                        debug,
                        R,
                        ids = ids.len(),
                        code = err.code().unwrap_or(""),
                        "batch failed for one ID; asking per ID"
                    );
                    Counters::bump(&self.stats.fallbacks);
                    self.per_id(client, key, batch, &ctx).await;
                }
            },
        }
    }

    /// Asks each ID of `batch` alone.
    async fn per_id(
        self: &Arc<Self>,
        client: &Client,
        key: &str,
        mut batch: Batch<R::Item>,
        ctx: &CallContext,
    ) {
        let mut pending = std::mem::take(&mut batch.order).into_iter();
        let mut calls = JoinSet::new();
        loop {
            while calls.len() < FALLBACK_CONCURRENCY {
                let Some(id) = pending.next() else {
                    break;
                };
                if !batch.wanted(&id) {
                    batch.waiters.remove(&id);
                    continue;
                }
                let this = Arc::clone(self);
                let client = client.clone();
                let key = key.to_string();
                let ctx = ctx.clone();
                calls.spawn(async move {
                    let result = this
                        .fetch(&client, &key, std::slice::from_ref(&id), &ctx)
                        .await;
                    (id, result)
                });
            }
            let Some(joined) = calls.join_next().await else {
                break;
            };
            // A task that panicked leaves its reads unanswered: they see the batch end.
            let Ok((id, result)) = joined else {
                continue;
            };
            match result {
                Ok(found) => batch.answer(&id, found.get(&id)),
                Err(err) => match self.kind.scope(&err) {
                    Scope::KeyAbsent | Scope::IdAbsent => batch.answer(&id, None),
                    Scope::Call | Scope::IdInvalid => batch.fail(&id, err),
                },
            }
        }
    }

    /// One Describe of `ids`, all pages (stopping once every asked ID was seen); returns
    /// the asked items by ID.
    async fn fetch(
        &self,
        client: &Client,
        key: &str,
        ids: &[String],
        ctx: &CallContext,
    ) -> Result<HashMap<String, R::Item>, ClientError> {
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut found: HashMap<String, R::Item> = HashMap::new();
        let region = self.kind.region(key, client.region());
        let request = (self.kind.request)(region, key, ids).with_max_page_size();
        let count_call = || Counters::bump(&self.stats.calls);
        client
            .walk_pages(
                request,
                PageWalk {
                    region,
                    ctx,
                    before_call: count_call,
                    on_page: |resp: &_| {
                        for item in R::items(resp) {
                            let id = (self.kind.id_of)(item);
                            if wanted.contains(id) && !found.contains_key(id) {
                                found.insert(id.to_string(), item.clone());
                            }
                        }
                        if found.len() == wanted.len() {
                            ControlFlow::Break(())
                        } else {
                            ControlFlow::Continue(())
                        }
                    },
                },
            )
            .await?;
        Ok(found)
    }
}
