//! Listing through a Describe API's paging (as [`tether_client::Client::collect_all`] does),
//! with a progress line on stderr once more than a few hundred objects have been listed.

use tether_client::{CallContext, Client, ClientError};
use tether_wire::api::Paginated;

/// The objects listed before progress lines start.
pub const PROGRESS_AFTER: usize = 300;

/// Counts what every listing of one run has seen, and reports it once it is many.
#[derive(Debug, Default)]
pub struct Progress {
    pub listed: usize,
    pub calls: usize,
    lines: usize,
}

impl Progress {
    /// Counts `n` more objects of `what` (one call), with a stderr line once past the threshold.
    pub fn add(&mut self, n: usize, what: &str) {
        self.listed += n;
        self.calls += 1;
        if self.listed > PROGRESS_AFTER {
            self.lines += 1;
            eprintln!("tether discover: {} objects listed so far in {} calls ({what}) …", self.listed, self.calls);
        }
    }
}

/// Every element of every page of `request` (asked with the largest page size).
pub async fn collect<A>(client: &Client, request: A, ctx: &CallContext, what: &str, progress: &mut Progress) -> Result<Vec<A::Item>, ClientError>
where
    A: Paginated,
    A::Item: Clone,
{
    client.collect_all_observed(request.with_max_page_size(), ctx, |listed| progress.add(listed, what)).await
}
