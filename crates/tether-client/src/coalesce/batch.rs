//! One batch: the reads waiting for it, by ID in order of arrival ([`Batch`]), who still
//! waits ([`Live`]), the call's context drawn from its readers, and how answers and errors
//! reach them.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;
use tokio_util::sync::CancellationToken;

use super::lock;
use crate::client::CallContext;
use crate::error::ClientError;

/// What a read gets: the item, `None` when its ID is not in the answer, or the error.
pub(super) type Answer<T> = Result<Option<T>, ClientError>;

/// One waiting read.
pub(super) struct Waiter<T> {
    pub(super) tx: oneshot::Sender<Answer<T>>,
    pub(super) deadline: Option<Instant>,
    pub(super) retry_also: Vec<String>,
    pub(super) attempt_timeout: Option<Duration>,
}

impl<T> Waiter<T> {
    /// A read under `ctx`, answered through `tx`.
    pub(super) fn new(tx: oneshot::Sender<Answer<T>>, ctx: &CallContext) -> Self {
        Waiter {
            tx,
            deadline: ctx.deadline,
            retry_also: ctx.retry_also.clone(),
            attempt_timeout: ctx.attempt_timeout,
        }
    }
}

/// Who still waits for a batch; the batch's call is cancelled when nobody does.
pub(super) struct Live {
    count: Mutex<LiveCount>,
    pub(super) token: CancellationToken,
    /// The batch was sent (its call made at least one attempt).
    pub(super) dispatched: AtomicBool,
}

#[derive(Default)]
struct LiveCount {
    waiting: usize,
    /// Everybody left before the batch was sent: nobody may join it any more.
    abandoned: bool,
}

impl Live {
    /// A new batch with its first read.
    pub(super) fn first() -> (Arc<Live>, LiveGuard) {
        let live = Arc::new(Live {
            count: Mutex::new(LiveCount {
                waiting: 1,
                abandoned: false,
            }),
            token: CancellationToken::new(),
            dispatched: AtomicBool::new(false),
        });
        let guard = LiveGuard(Arc::clone(&live));
        (live, guard)
    }

    /// One more read, unless everybody already left.
    pub(super) fn join(self: &Arc<Self>) -> Option<LiveGuard> {
        let mut count = lock(&self.count);
        if count.abandoned {
            return None;
        }
        count.waiting += 1;
        Some(LiveGuard(Arc::clone(self)))
    }
}

/// Held by a waiting read; dropping the last one cancels the batch's call.
pub(super) struct LiveGuard(pub(super) Arc<Live>);

impl Drop for LiveGuard {
    fn drop(&mut self) {
        let mut count = lock(&self.0.count);
        count.waiting = count.waiting.saturating_sub(1);
        if count.waiting == 0 {
            count.abandoned = true;
            self.0.token.cancel();
        }
    }
}

/// The reads of one batch, by ID in order of arrival.
pub(super) struct Batch<T> {
    pub(super) order: Vec<String>,
    pub(super) waiters: HashMap<String, Vec<Waiter<T>>>,
    pub(super) live: Arc<Live>,
    /// Opened while the kind was read often: list the region instead.
    pub(super) scan: bool,
    /// Reads added so far (duplicates of an ID included); the window watches it to see
    /// whether reads are still arriving.
    pub(super) joined: usize,
}

impl<T: Clone> Batch<T> {
    pub(super) fn new(live: Arc<Live>) -> Self {
        Batch {
            order: Vec::new(),
            waiters: HashMap::new(),
            live,
            scan: false,
            joined: 0,
        }
    }

    pub(super) fn add(&mut self, id: &str, waiter: Waiter<T>) {
        self.joined += 1;
        match self.waiters.entry(id.to_string()) {
            Entry::Occupied(mut e) => e.get_mut().push(waiter),
            Entry::Vacant(e) => {
                self.order.push(id.to_string());
                e.insert(vec![waiter]);
            }
        }
    }

    /// Forgets reads that left and IDs nobody waits for any more.
    pub(super) fn prune(&mut self) {
        let waiters = &mut self.waiters;
        self.order.retain(|id| {
            let Some(list) = waiters.get_mut(id) else {
                return false;
            };
            list.retain(|w| !w.tx.is_closed());
            if list.is_empty() {
                waiters.remove(id);
                false
            } else {
                true
            }
        });
    }

    /// Whether a read of `id` still waits.
    pub(super) fn wanted(&self, id: &str) -> bool {
        self.waiters
            .get(id)
            .is_some_and(|list| list.iter().any(|w| !w.tx.is_closed()))
    }

    /// Reads waiting for `id`.
    pub(super) fn readers(&self, id: &str) -> usize {
        self.waiters.get(id).map_or(0, Vec::len)
    }

    /// The call's context: latest deadline, union of extra codes, the longest per-attempt
    /// limit, the batch's token. A reader without a deadline (or without a per-attempt
    /// limit) leaves the call without one.
    pub(super) fn context(&self) -> CallContext {
        let waiting = || {
            self.waiters
                .values()
                .flatten()
                .filter(|w| !w.tx.is_closed())
        };
        let mut retry_also: Vec<String> = Vec::new();
        for code in waiting().flat_map(|w| &w.retry_also) {
            if !retry_also.contains(code) {
                retry_also.push(code.clone());
            }
        }
        CallContext {
            deadline: latest(waiting().map(|w| w.deadline)),
            cancel: self.live.token.clone(),
            retry_also,
            attempt_timeout: latest(waiting().map(|w| w.attempt_timeout)),
        }
    }

    /// Answers the reads of `id`.
    pub(super) fn answer(&mut self, id: &str, item: Option<&T>) {
        for w in self.waiters.remove(id).unwrap_or_default() {
            let _ = w.tx.send(Ok(item.cloned()));
        }
    }

    /// Answers the reads of `id` with `err`.
    pub(super) fn fail(&mut self, id: &str, err: ClientError) {
        let list = self.waiters.remove(id).unwrap_or_default();
        send_error(list, err);
    }

    /// Answers every read with `err`.
    pub(super) fn fail_all(&mut self, err: ClientError) {
        let mut all = Vec::new();
        for id in &self.order {
            all.extend(self.waiters.remove(id).unwrap_or_default());
        }
        send_error(all, err);
    }

    /// Answers every read with "not found".
    pub(super) fn absent_all(&mut self) {
        for id in std::mem::take(&mut self.order) {
            self.answer(&id, None);
        }
    }
}

/// The largest of `limits`, or `None` when one of them is `None` (unbounded).
fn latest<L: Ord>(limits: impl Iterator<Item = Option<L>>) -> Option<L> {
    let mut largest = None;
    for limit in limits {
        let limit = limit?;
        largest = Some(match largest {
            Some(l) if l >= limit => l,
            _ => limit,
        });
    }
    largest
}

/// The first read still waiting gets `err`, the others its copy for another reader.
fn send_error<T>(waiters: Vec<Waiter<T>>, err: ClientError) {
    let first = waiters.iter().position(|w| !w.tx.is_closed()).unwrap_or(0);
    let mut original = None;
    for (i, w) in waiters.into_iter().enumerate() {
        if i == first {
            original = Some(w);
        } else {
            let _ = w.tx.send(Err(err.for_another_reader()));
        }
    }
    if let Some(w) = original {
        let _ = w.tx.send(Err(err));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_takes_latest_deadline_and_union_of_codes() {
        let (live, _guard) = Live::first();
        let mut batch: Batch<String> = Batch::new(live);
        let now = Instant::now();
        let mut receivers = Vec::new();
        for (i, (deadline, codes)) in [
            (Some(now + Duration::from_secs(1)), vec!["A"]),
            (Some(now + Duration::from_secs(3)), vec!["A", "B"]),
        ]
        .into_iter()
        .enumerate()
        {
            let (tx, rx) = oneshot::channel();
            receivers.push(rx);
            batch.add(
                &format!("eip-{i}"),
                Waiter {
                    tx,
                    deadline,
                    retry_also: codes.into_iter().map(String::from).collect(),
                    attempt_timeout: Some(Duration::from_secs(i as u64 + 1)),
                },
            );
        }
        let ctx = batch.context();
        assert_eq!(ctx.deadline, Some(now + Duration::from_secs(3)));
        assert_eq!(ctx.retry_also, vec!["A".to_string(), "B".to_string()]);
        assert_eq!(
            ctx.attempt_timeout,
            Some(Duration::from_secs(2)),
            "the longest per-attempt limit of the readers"
        );
        // A read without deadline makes the call unbounded.
        let (tx, _rx) = oneshot::channel();
        batch.add("eip-0", Waiter::new(tx, &CallContext::new()));
        assert_eq!(batch.order.len(), 2, "a duplicate ID is asked once");
        assert_eq!(batch.context().deadline, None);
        assert_eq!(
            batch.context().attempt_timeout,
            None,
            "a reader without a limit keeps the client's"
        );
    }
}
