//! Region scans: a batch opened while its kind is read often lists the whole region instead
//! of asking for its IDs, answers its reads from the listing and keeps it as the kind's
//! snapshot (see the module documentation for when, and what a snapshot may answer).

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::time::Instant;

use super::batch::Batch;
use super::batcher::Batcher;
use super::kind::DescribeApi;
#[cfg(doc)]
use super::kind::RegionListing;
use super::lock;
use super::snapshot::Snapshot;
use super::stats::Counters;
use crate::client::{CallContext, Client};
use crate::error::ClientError;
use crate::events::call_event;
use crate::paginate::PageWalk;

/// What a scan listed.
struct Listing<T> {
    items: HashMap<String, Box<T>>,
    /// Stopped early: the region holds more than `max_items` listed items.
    too_large: bool,
}

/// Ends the running scan when dropped (also when the scan is cancelled or panics) and
/// wakes the batches waiting for it.
struct ScanGuard<'a, R: DescribeApi>(&'a Batcher<R>);

impl<R: DescribeApi> Drop for ScanGuard<'_, R> {
    fn drop(&mut self) {
        lock(&self.0.state).scanning = None;
        self.0.scan_done.send_modify(|n| *n = n.wrapping_add(1));
    }
}

impl<R: DescribeApi> Batcher<R> {
    /// Waits for a running scan, answers what a fresh snapshot can, and lists the region
    /// when the batch was opened while the kind was read often. Returns `false` when every
    /// read left.
    pub(super) async fn scan_phase(&self, client: &Client, batch: &mut Batch<R::Item>) -> bool {
        let running = {
            let state = lock(&self.state);
            state.scanning.is_some().then(|| self.scan_done.subscribe())
        };
        if let Some(mut done) = running {
            tokio::select! {
                _ = done.changed() => {}
                () = batch.live.token.cancelled() => return false,
            }
        }
        self.answer_from_snapshot(batch);
        batch.prune();
        if batch.order.is_empty() || !batch.scan {
            return true;
        }
        let started = Instant::now();
        let tuning = {
            let mut state = lock(&self.state);
            if !state.begin_scan(started) {
                return true;
            }
            state.tuning
        };
        let _scan = ScanGuard(self);
        Counters::bump(&self.stats.scans);
        let ctx = batch.context();
        call_event!(
            debug,
            R,
            ids = batch.order.len(),
            "listing the region instead of a batch"
        );
        match self.list_region(client, &ctx, tuning.max_items).await {
            Ok(listing) => {
                // The snapshot is in place before any read is answered, so that nothing
                // done after an answer (a forget, new settings) can precede it.
                let mut state = lock(&self.state);
                let items = if listing.too_large {
                    call_event!(
                        debug,
                        R,
                        limit = tuning.max_items,
                        "region too large to keep; back to ID batches"
                    );
                    state.no_scan_until = Some(Instant::now() + tuning.too_large_backoff);
                    &listing.items
                } else {
                    let forgotten = state.scanning.take().unwrap_or_default();
                    &state
                        .snapshot
                        .insert(Snapshot {
                            taken: started,
                            used: Instant::now(),
                            items: listing.items,
                            forgotten,
                        })
                        .items
                };
                // An ID the listing lacks may exist unbound: it stays for the ID batch.
                for id in std::mem::take(&mut batch.order) {
                    match items.get(&id) {
                        Some(item) => batch.answer(&id, Some(&**item)),
                        None => batch.order.push(id),
                    }
                }
            }
            Err(err) => {
                if batch.live.token.is_cancelled() {
                    return false;
                }
                call_event!(
                    debug,
                    R,
                    error = %err,
                    "region scan failed; back to ID batches"
                );
                lock(&self.state).no_scan_until = Some(Instant::now() + tuning.rate_window);
            }
        }
        true
    }

    /// Answers the reads of `batch` that a fresh snapshot can answer.
    fn answer_from_snapshot(&self, batch: &mut Batch<R::Item>) {
        let mut state = lock(&self.state);
        let now = Instant::now();
        for id in batch.order.clone() {
            if let Some(item) = state.snapshot_answer(&id, now) {
                Counters::add(&self.stats.snapshot_hits, batch.readers(&id));
                batch.answer(&id, Some(&item));
            }
        }
    }

    /// Lists the region's bound items ([`RegionListing::request`]), all pages (the later
    /// ones several at a time), stopping once it holds more than `max_items`.
    async fn list_region(
        &self,
        client: &Client,
        ctx: &CallContext,
        max_items: usize,
    ) -> Result<Listing<R::Item>, ClientError> {
        let limit = u64::try_from(max_items).unwrap_or(u64::MAX);
        // Boxed, in a map sized once from the first page's total: a listing of 10,000
        // items then costs their own size, not a table of ~1 KB slots grown by doubling.
        let mut items: HashMap<String, Box<R::Item>> = HashMap::new();
        let mut listed: usize = 0;
        let mut too_large = false;
        let Some(region_listing) = self.kind.listing.as_ref() else {
            return Ok(Listing { items, too_large });
        };
        let request = (region_listing.request)(client.region()).with_max_page_size();
        let count_call = || {
            Counters::bump(&self.stats.calls);
            Counters::bump(&self.stats.scan_pages);
        };
        client
            .walk_pages_at_once(
                request,
                PageWalk {
                    region: client.region(),
                    ctx,
                    before_call: count_call,
                    on_page: |resp: &_| {
                        let total = (region_listing.total)(resp);
                        let page = R::items(resp);
                        listed = listed.saturating_add(page.len());
                        if listed > max_items || total.is_some_and(|t| t > limit) {
                            too_large = true;
                            return ControlFlow::Break(());
                        }
                        if items.is_empty() {
                            let expected = total.and_then(|t| usize::try_from(t).ok());
                            items.reserve(expected.unwrap_or(0).max(page.len()));
                        }
                        for item in page {
                            items
                                .entry((self.kind.id_of)(item).to_string())
                                .or_insert_with(|| Box::new(item.clone()));
                        }
                        ControlFlow::Continue(())
                    },
                },
            )
            .await?;
        Ok(Listing { items, too_large })
    }
}
