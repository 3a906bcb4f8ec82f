//! Read coalescing: concurrent Describe calls of one kind for single IDs, merged into one
//! Describe call carrying many IDs.
//!
//! Terraform refreshes many resources at once and each tether Read asks for one ID. Instead
//! of one Describe per resource (and the clouds' throttling on large states), each
//! [`Client`] (one cloud, region and set of credentials; clones share it) keeps one batcher
//! per kind of read:
//!
//! | method | API | IDs per call | batch key |
//! |---|---|---|---|
//! | [`Client::describe_eip`] | Alibaba `DescribeEipAddresses` (`AllocationId`, comma list) | 50 | – |
//! | [`Client::describe_address`] | Tencent `DescribeAddresses` (`AddressIds`) | 100 | – |
//! | [`Client::describe_havip`] | Volcengine `DescribeHaVips` (`HaVipIds.N`) | 100 | – |
//! | [`Client::describe_scaling_group`] | Alibaba ESS `DescribeScalingGroups` (`ScalingGroupId.N`) | 20 | – |
//! | [`Client::describe_scaling_instance`] | Alibaba ESS `DescribeScalingInstances` (`InstanceId.N`) | 20 | the scaling group |
//! | [`Client::describe_ecs_instance`], [`Client::describe_ecs_instance_in`] | Alibaba ECS `DescribeInstances` (`InstanceIds`, JSON array) | 100 | the region |
//! | [`Client::describe_ecs_network_interface`] | Alibaba ECS `DescribeNetworkInterfaces` (`NetworkInterfaceId.N`) | 100 | – |
//! | [`Client::describe_load_balancer`], [`Client::describe_load_balancer_in`] | Alibaba SLB `DescribeLoadBalancers` (`LoadBalancerId`, comma list) | 10 | the region |
//! | [`Client::describe_nat_gateway`] | Alibaba VPC `DescribeNatGateways` (`NatGatewayId`) | 1 | – |
//! | [`Client::describe_alibaba_havip`] | Alibaba VPC `DescribeHaVips` (`Filter.1.Key=HaVipId`, `Filter.1.Value.M`) | 5 | – |
//! | [`Client::describe_vpc`] | Alibaba VPC `DescribeVpcs` (`VpcId`, comma list) | 20 | – |
//! | [`Client::describe_scaling_configuration`] | Alibaba ESS `DescribeScalingConfigurations` (`ScalingConfigurationId.N`) | 10 | – |
//! | [`Client::describe_cvm_instance`] | Tencent CVM `DescribeInstances` (`InstanceIds`) | 100 | – |
//! | [`Client::describe_tencent_network_interface`] | Tencent VPC `DescribeNetworkInterfaces` (`NetworkInterfaceIds`) | 100 | – |
//! | [`Client::describe_volcengine_instance`] | Volcengine ECS `DescribeInstances` (`InstanceIds.N`) | 100 | – |
//! | [`Client::describe_volcengine_network_interface`] | Volcengine VPC `DescribeNetworkInterfaces` (`NetworkInterfaceIds.N`) | 100 | – |
//!
//! A batch keyed by a region is sent to that region ([`Client::call_in_region`]), so the
//! `_in` variants read another region than the client's (the backend of a global
//! acceleration instance) with the same batching. The reads of the plan-time checks never
//! list a whole region (no region scan below).
//!
//! **Window.** The first read of a batch opens it. The batch is sent as soon as one
//! [`COALESCE_GAP`] (2 ms) passes in which no other read joins it, at the latest
//! [`COALESCE_WINDOW`] (5 ms) after it opened (against a slow API, longer: a tenth and
//! three tenths of the kind's recent round trip, at most [`MAX_COALESCE_GAP`] (5 ms) and
//! [`MAX_COALESCE_WINDOW`] (15 ms); see [`BatchTiming`]), and at once when it holds the API's maximum
//! number of distinct IDs (a full batch is sent and the next read opens a new one). The
//! provider takes in a burst of concurrent Reads in microseconds each, so a burst keeps
//! its batch open until it ends and goes out in as few calls as the ID limit allows, while
//! a read with nothing to batch it with waits one gap, not the whole window. Both are well
//! below one API round trip (tens to hundreds of milliseconds).
//!
//! **The call.** One batch is one [`Client::call`] per page (retries of throttling and other
//! transient errors happen there), with the largest page size the API allows and the
//! paging of [`tether_wire::api::Paginated`], so no item is missed; paging stops early once
//! every asked ID has been seen. Duplicate IDs are asked once. The call's deadline is the
//! latest deadline of the reads still waiting (none if one of them has none), its extra
//! retried codes the union of theirs, and it is cancelled only when every read waiting for
//! it has gone.
//!
//! **Answers.** Each read gets `Ok(Some(item))` when its ID is in the answer and `Ok(None)`
//! when it is not (the APIs silently omit unknown IDs). When the call fails, each read gets
//! the error: the first read of the batch the error itself, the others a copy (cloud
//! errors keep code, message, HTTP status and request id; a transport error reaches the
//! others as a [`ClientError::WaitFailed`] that displays exactly like it).
//! When the call fails because one ID does not exist (Alibaba `InvalidAllocationId.NotFound`)
//! or is malformed, the batch falls back to one call per ID (at most
//! [`FALLBACK_CONCURRENCY`] at a time), so that one bad ID cannot fail the others; an ID
//! that does not exist is then `Ok(None)`. For scaling instances, a scaling group that
//! does not exist means none of the asked instances is in it (`Ok(None)` for each).
//!
//! **Leaving early.** A read whose token is cancelled or whose deadline passes returns
//! [`ClientError::Cancelled`] / [`ClientError::Timeout`] at once; the batch goes on for the
//! others, and an ID no read waits for any more is left out of the call.
//!
//! **Region scan.** Alibaba `DescribeEipAddresses`, Tencent `DescribeAddresses` and
//! Volcengine `DescribeHaVips` can also list a region's items by status, 100 items per
//! page. When a batch of one of these kinds opens after the client has answered at least
//! [`SCAN_THRESHOLD`] (20) reads of that kind with a bound item within
//! [`SCAN_RATE_WINDOW`] (10 s), not counting the first read of an ID after
//! [`Client::forget_cached`] (a read after a write, which no earlier listing could
//! answer), it lists
//! the region's *bound* items instead (Alibaba `Status=InUse`, Tencent `address-status`
//! `BIND`/`BIND_ENI`, Volcengine `Status=InUse`; every page, largest page size), answers
//! its reads from the listing and keeps the listing as a snapshot, from which later reads
//! are answered without any call while it is fresh: until [`SNAPSHOT_TTL`] (10 s) passes
//! without a read it answered, and at most [`SNAPSHOT_MAX_AGE`] (60 s). 20 reads in 10 s means a
//! refresh is under way (at Terraform's parallelism of 10 the client has already paid two
//! batches); fewer (a plan touching a few resources) never scan, and neither do the reads
//! of an apply (the checks of free EIPs, the waits after each write), which a listing of
//! bound items would not answer. Only bound items are
//! listed because a refresh reads associations, whose EIP or HaVip is bound: the free
//! items of a region, however many, cost no page. A refresh of N associations then costs
//! the two warm-up batches plus ⌈bound items / 100⌉ pages per [`SNAPSHOT_MAX_AGE`]. A
//! refresh that keeps reading keeps its listing (10,000 resources take Terraform itself
//! about 20 s), so its answers are a view of when it started, at most a minute old; a
//! listing nobody reads for 10 s is dropped.
//!
//! - An ID is answered from the snapshot only when the snapshot is fresh,
//!   the ID was not [forgotten](Client::forget_cached) since the scan started, and no
//!   batch or per-ID call asking for that ID is in flight (its answer will be fresher).
//! - An ID absent from the snapshot may exist unbound (or be a Tencent CDC EIP, which
//!   listings omit): it goes to a normal batch, asked by ID.
//! - Writes: after creating, modifying or deleting an item through a client, call
//!   [`Client::forget_cached`] with its ID; a scan running at that moment will not serve
//!   it either.
//! - Memory: when the region holds more than [`SCAN_MAX_ITEMS`] (20,000) bound items (by the
//!   reported total, or by the items listed), the scan stops, the reads it found are
//!   answered, the others go to a normal batch, and the kind does not scan again for
//!   [`SCAN_TOO_LARGE_BACKOFF`] (10 min). A failed scan falls back the same way and does
//!   not scan again for [`SCAN_RATE_WINDOW`].
//! - One scan at a time per kind; batches sent while it runs wait for it and ask only for
//!   what it did not answer. [`Client::set_region_scan`] changes the numbers or turns
//!   scanning off.
//!
//! [`Client::coalesce_stats`] counts batches, calls, IDs and reads per kind, and scans,
//! scan pages and snapshot hits.
//!
//! The batches run on spawned tasks, so the `describe_*` methods must be awaited inside a
//! Tokio runtime (as every call of this crate is).
//!
//! Layout: `table.rs` declares every coalesced read once, as data (API, IDs per call,
//! batch key, request, ID of an item, error codes, region listing) together with its
//! `describe_*` method; `kind.rs` says what such a declaration holds; `reads.rs` turns the
//! table into the client's batchers and methods; `batcher.rs` (window, call, per-ID
//! fallback), `batch.rs` (one batch's waiting reads), `scan.rs` and `snapshot.rs` (region
//! listings and their snapshots) and `stats.rs` (counters) are generic over the kind.

use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

#[cfg(doc)]
use crate::{client::Client, error::ClientError};

mod batch;
mod batcher;
mod kind;
mod reads;
mod scan;
mod snapshot;
mod stats;
mod table;
mod timing;

pub use stats::BatchStats;
pub use table::CoalesceStats;
pub(crate) use table::{Coalescer, KINDS};
pub use timing::BatchTiming;

/// The longest a batch collects reads after its first one before it is sent, while the
/// kind's calls are fast (see [`BatchTiming`]).
pub const COALESCE_WINDOW: Duration = Duration::from_millis(5);

/// An open batch is sent once this long passes without another read joining it (within
/// its window), while the kind's calls are fast (see [`BatchTiming`]).
pub const COALESCE_GAP: Duration = Duration::from_millis(2);

/// The longest window, reached when a kind's calls take 50 ms or more.
pub const MAX_COALESCE_WINDOW: Duration = Duration::from_millis(15);

/// The longest gap, reached when a kind's calls take 50 ms or more.
pub const MAX_COALESCE_GAP: Duration = Duration::from_millis(5);

/// Per-ID calls in flight at once when a batch falls back to one call per ID.
pub const FALLBACK_CONCURRENCY: usize = 4;

/// Reads of one kind answered within [`SCAN_RATE_WINDOW`] after which the next batch
/// lists the whole region.
pub const SCAN_THRESHOLD: usize = 20;

/// See [`SCAN_THRESHOLD`].
pub const SCAN_RATE_WINDOW: Duration = Duration::from_secs(10);

/// How long a region listing answers reads after the last read it answered (or after it
/// was made): a listing lives while a refresh keeps reading from it.
pub const SNAPSHOT_TTL: Duration = Duration::from_secs(10);

/// How long a region listing answers reads at most, however often it is read.
pub const SNAPSHOT_MAX_AGE: Duration = Duration::from_secs(60);

/// Largest region listing kept (bound items); a larger region is read in ID batches.
pub const SCAN_MAX_ITEMS: usize = 20_000;

/// How long a kind does not scan after its region turned out larger than
/// [`SCAN_MAX_ITEMS`].
pub const SCAN_TOO_LARGE_BACKOFF: Duration = Duration::from_secs(600);

/// The region-scan settings of one client ([`Client::set_region_scan`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegionScan {
    /// Whether batches may list the region at all.
    pub enabled: bool,
    /// [`SCAN_THRESHOLD`].
    pub threshold: usize,
    /// [`SCAN_RATE_WINDOW`].
    pub rate_window: Duration,
    /// [`SNAPSHOT_TTL`].
    pub ttl: Duration,
    /// [`SNAPSHOT_MAX_AGE`].
    pub max_age: Duration,
    /// [`SCAN_MAX_ITEMS`].
    pub max_items: usize,
    /// [`SCAN_TOO_LARGE_BACKOFF`].
    pub too_large_backoff: Duration,
}

impl Default for RegionScan {
    fn default() -> Self {
        RegionScan {
            enabled: true,
            threshold: SCAN_THRESHOLD,
            rate_window: SCAN_RATE_WINDOW,
            ttl: SNAPSHOT_TTL,
            max_age: SNAPSHOT_MAX_AGE,
            max_items: SCAN_MAX_ITEMS,
            too_large_backoff: SCAN_TOO_LARGE_BACKOFF,
        }
    }
}

/// A kind of read answered from region snapshots ([`Client::forget_cached`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CachedKind {
    /// [`Client::describe_eip`].
    Eip,
    /// [`Client::describe_address`].
    Address,
    /// [`Client::describe_havip`].
    HaVip,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
