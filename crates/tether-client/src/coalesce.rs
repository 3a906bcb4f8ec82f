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
//! **Window.** The first read of a batch opens it; the batch is sent [`COALESCE_WINDOW`]
//! (5 ms) later, or at once when it holds the API's maximum number of distinct IDs (a full
//! batch is sent and the next read opens a new one). 5 ms is well below one API round trip
//! (tens to hundreds of milliseconds), so a lone read is hardly slowed down, and well above
//! the time the provider takes to take in a burst of concurrent Reads (microseconds each),
//! so a burst ends up in as few calls as the ID limit allows.
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
//! Volcengine `DescribeHaVips` can also list a whole region without an ID filter, 100 items
//! per page. When a batch of one of these kinds opens after the client has answered at
//! least [`SCAN_THRESHOLD`] (20) reads of that kind within [`SCAN_RATE_WINDOW`] (10 s), it
//! lists the region instead (every page, largest page size), answers its reads from the
//! listing and keeps the listing as a snapshot for [`SNAPSHOT_TTL`] (10 s), from which
//! later reads are answered without any call. 20 reads in 10 s means a refresh is under
//! way (at Terraform's parallelism of 10 the client has already paid two batches); fewer
//! (a plan touching a few resources) never scan. A region of up to 5,000 items costs at
//! most 50 pages, the same as 500 reads in batches of 10, and a refresh of N EIPs then
//! costs the two warm-up batches plus ⌈region / 100⌉ pages per [`SNAPSHOT_TTL`]. The TTL
//! bounds how stale a snapshot answer can be to about the duration of a refresh wave;
//! answers of a refresh are a point-in-time view anyway.
//!
//! - An ID is answered from the snapshot only when the snapshot is younger than its TTL,
//!   the ID was not [forgotten](Client::forget_cached) since the scan started, and no
//!   batch or per-ID call asking for that ID is in flight (its answer will be fresher).
//! - An ID absent from the snapshot is `Ok(None)` only when the listing is complete: every
//!   page reported the same total and the distinct items match it. Tencent listings
//!   without filters omit CDC EIPs, so for Tencent absence is never taken as proof: such
//!   reads go to a normal batch.
//! - Writes: after creating, modifying or deleting an item through a client, call
//!   [`Client::forget_cached`] with its ID; a scan running at that moment will not serve
//!   it either.
//! - Memory: when the region holds more than [`SCAN_MAX_ITEMS`] (5,000) items (by the
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

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tether_wire::api::alibaba_ess::{
    DescribeScalingGroupsRequest, DescribeScalingInstancesRequest, ScalingGroup, ScalingInstance,
    INSTANCE_IDS_MAX, SCALING_GROUP_IDS_MAX,
};
use tether_wire::api::alibaba_vpc::{DescribeEipAddressesRequest, EipAddress, EIP_FILTER_LIST_MAX};
use tether_wire::api::tencent_vpc::{Address, DescribeAddressesRequest, ADDRESS_IDS_MAX};
use tether_wire::api::volcengine_vpc::{DescribeHaVipsRequest, HaVip, HA_VIP_IDS_MAX};
use tether_wire::api::{
    alibaba_ecs, alibaba_ess, alibaba_slb, alibaba_vpc, tencent_cvm, tencent_vpc, volcengine_ecs,
    volcengine_vpc,
};
use tether_wire::api::{ApiAction, Paginated};
use tokio::sync::{oneshot, watch};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;
use tracing::debug;

use crate::client::{CallContext, Client};
use crate::error::ClientError;
use crate::paginate::MAX_PAGES;

/// How long a batch collects IDs after its first read before it is sent.
pub const COALESCE_WINDOW: Duration = Duration::from_millis(5);

/// Per-ID calls in flight at once when a batch falls back to one call per ID.
pub const FALLBACK_CONCURRENCY: usize = 4;

/// Reads of one kind answered within [`SCAN_RATE_WINDOW`] after which the next batch
/// lists the whole region.
pub const SCAN_THRESHOLD: usize = 20;

/// See [`SCAN_THRESHOLD`].
pub const SCAN_RATE_WINDOW: Duration = Duration::from_secs(10);

/// How long a region listing answers reads.
pub const SNAPSHOT_TTL: Duration = Duration::from_secs(10);

/// Largest region listing kept; a larger region is read in ID batches.
pub const SCAN_MAX_ITEMS: usize = 5_000;

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

// ------------------------------------------------------------------------------------
// Kinds
// ------------------------------------------------------------------------------------

/// How a failed batch call is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scope {
    /// The error concerns the call: every read gets it.
    Call,
    /// The batch key (the scaling group) does not exist: no asked ID exists.
    KeyAbsent,
    /// One of the IDs does not exist: ask per ID; an ID asked alone is absent.
    IdAbsent,
    /// One of the IDs is not valid: ask per ID; an ID asked alone gets the error.
    IdInvalid,
}

/// One kind of coalesced read: the API, how many IDs one call takes, how to build the
/// request and how to read the answer.
pub(crate) trait Kind: Send + Sync + 'static {
    /// The Describe API.
    type Request: Paginated<Item: Clone + Send + Sync + 'static, Response: Send>
        + Send
        + Sync
        + 'static;
    /// Distinct IDs one call may carry.
    const MAX_IDS: usize;
    /// Whether reads carry a batch key (only reads with the same key share a call).
    const KEYED: bool;
    /// Whether the batch key is the region the IDs are read in (then `request` gets it as
    /// its region and the call goes to that region's endpoint).
    const KEY_IS_REGION: bool = false;
    /// The request for `ids` (under `key` when [`Kind::KEYED`]).
    fn request(region: &str, key: &str, ids: &[String]) -> Self::Request;
    /// The ID of an answered item.
    fn id_of(item: &ItemOf<Self>) -> &str;
    /// How a failure with cloud error code `code` is answered.
    fn scope(code: &str) -> Scope;
    /// Whether `id` can be sent (not empty; no comma in a comma-separated list).
    fn valid_id(id: &str) -> bool {
        !id.is_empty()
    }
    /// Whether the Describe can list the whole region ([`Kind::scan_request`]).
    const SCAN: bool = false;
    /// Whether an ID missing from a complete region listing does not exist.
    const LISTING_HAS_ALL: bool = true;
    /// The request listing the whole region (no ID filter).
    fn scan_request(region: &str) -> Self::Request {
        Self::request(region, "", &[])
    }
    /// The total number of items the answer reports, when it reports one.
    fn total(_resp: &ResponseOf<Self>) -> Option<u64> {
        None
    }
}

type ItemOf<K> = <<K as Kind>::Request as Paginated>::Item;
type ResponseOf<K> = <<K as Kind>::Request as ApiAction>::Response;

/// Alibaba `DescribeEipAddresses` by `AllocationId`.
pub(crate) struct EipKind;

impl Kind for EipKind {
    type Request = DescribeEipAddressesRequest;
    const MAX_IDS: usize = EIP_FILTER_LIST_MAX;
    const KEYED: bool = false;

    fn request(region: &str, _key: &str, ids: &[String]) -> Self::Request {
        DescribeEipAddressesRequest {
            region_id: region.to_string(),
            allocation_ids: ids.to_vec(),
            ..Default::default()
        }
    }

    fn id_of(item: &EipAddress) -> &str {
        &item.allocation_id
    }

    fn scope(code: &str) -> Scope {
        match code {
            "InvalidAllocationId.NotFound" => Scope::IdAbsent,
            "InvalidAllocationId.Malformed" => Scope::IdInvalid,
            _ => Scope::Call,
        }
    }

    fn valid_id(id: &str) -> bool {
        !id.is_empty() && !id.contains(',')
    }

    const SCAN: bool = true;

    fn total(resp: &ResponseOf<Self>) -> Option<u64> {
        Some(resp.total_count)
    }
}

/// Tencent `DescribeAddresses` by `AddressIds`.
pub(crate) struct AddressKind;

impl Kind for AddressKind {
    type Request = DescribeAddressesRequest;
    const MAX_IDS: usize = ADDRESS_IDS_MAX;
    const KEYED: bool = false;

    fn request(_region: &str, _key: &str, ids: &[String]) -> Self::Request {
        DescribeAddressesRequest {
            address_ids: ids.to_vec(),
            ..Default::default()
        }
    }

    fn id_of(item: &Address) -> &str {
        &item.address_id
    }

    fn scope(code: &str) -> Scope {
        match code {
            "InvalidAddressId.NotFound" | "InvalidParameterValue.AddressNotFound" => {
                Scope::IdAbsent
            }
            "InvalidParameterValue.AddressIdMalformed" => Scope::IdInvalid,
            _ => Scope::Call,
        }
    }

    const SCAN: bool = true;
    // A listing without filters omits CDC EIPs (they need `business-type=CDC`).
    const LISTING_HAS_ALL: bool = false;

    fn total(resp: &ResponseOf<Self>) -> Option<u64> {
        Some(resp.total_count)
    }
}

/// Volcengine `DescribeHaVips` by `HaVipIds.N`.
pub(crate) struct HaVipKind;

impl Kind for HaVipKind {
    type Request = DescribeHaVipsRequest;
    const MAX_IDS: usize = HA_VIP_IDS_MAX;
    const KEYED: bool = false;

    fn request(_region: &str, _key: &str, ids: &[String]) -> Self::Request {
        DescribeHaVipsRequest {
            ha_vip_ids: ids.to_vec(),
            ..Default::default()
        }
    }

    fn id_of(item: &HaVip) -> &str {
        &item.ha_vip_id
    }

    fn scope(code: &str) -> Scope {
        match code {
            "InvalidHaVip.NotFound" | "InvalidHaVipId.NotFound" => Scope::IdAbsent,
            "InvalidHaVipId.Malformed" => Scope::IdInvalid,
            _ => Scope::Call,
        }
    }

    const SCAN: bool = true;

    fn total(resp: &ResponseOf<Self>) -> Option<u64> {
        // NextToken answers carry no total.
        (resp.total_count > 0 || resp.ha_vips.is_empty()).then_some(resp.total_count)
    }
}

/// Alibaba ESS `DescribeScalingGroups` by `ScalingGroupId.N`.
pub(crate) struct ScalingGroupKind;

impl Kind for ScalingGroupKind {
    type Request = DescribeScalingGroupsRequest;
    const MAX_IDS: usize = SCALING_GROUP_IDS_MAX;
    const KEYED: bool = false;

    fn request(region: &str, _key: &str, ids: &[String]) -> Self::Request {
        DescribeScalingGroupsRequest {
            region_id: region.to_string(),
            scaling_group_ids: ids.to_vec(),
            ..Default::default()
        }
    }

    fn id_of(item: &ScalingGroup) -> &str {
        &item.scaling_group_id
    }

    fn scope(code: &str) -> Scope {
        match code {
            "InvalidScalingGroupId.NotFound" => Scope::IdAbsent,
            _ => Scope::Call,
        }
    }
}

/// Alibaba ESS `DescribeScalingInstances` by `InstanceId.N`, one batch per scaling group.
pub(crate) struct ScalingInstanceKind;

impl Kind for ScalingInstanceKind {
    type Request = DescribeScalingInstancesRequest;
    const MAX_IDS: usize = INSTANCE_IDS_MAX;
    const KEYED: bool = true;

    fn request(region: &str, key: &str, ids: &[String]) -> Self::Request {
        DescribeScalingInstancesRequest {
            region_id: region.to_string(),
            scaling_group_id: Some(key.to_string()),
            instance_ids: ids.to_vec(),
            ..Default::default()
        }
    }

    fn id_of(item: &ScalingInstance) -> &str {
        &item.instance_id
    }

    fn scope(code: &str) -> Scope {
        match code {
            "InvalidScalingGroupId.NotFound" => Scope::KeyAbsent,
            "InvalidInstanceId.NotFound" => Scope::IdAbsent,
            _ => Scope::Call,
        }
    }
}

/// Declares a [`Kind`] that reads IDs through one Describe API without region scans:
/// `request |region, ids| <request>`, `id |item| <item's id>`, the codes meaning "one ID
/// does not exist" (`absent`) or "one ID is malformed" (`invalid`), whether the batch key is
/// a region (`per_region`) or there is none (`unkeyed`), and whether the IDs travel in one
/// comma-separated parameter (`comma_list`: an ID with a comma is refused) or not
/// (`separate`).
macro_rules! id_kind {
    (
        $(#[$meta:meta])*
        $kind:ident: $req:ty, max $max:expr, $keying:tt, $ids_in:tt,
        request |$region:ident, $ids:ident| $build:expr,
        id |$item:ident| $id:expr,
        absent [$($absent:literal),*], invalid [$($invalid:literal),*] $(,)?
    ) => {
        $(#[$meta])*
        pub(crate) struct $kind;

        impl Kind for $kind {
            type Request = $req;
            const MAX_IDS: usize = $max;
            const KEYED: bool = id_kind!(@keyed $keying);
            const KEY_IS_REGION: bool = id_kind!(@keyed $keying);

            fn request($region: &str, _key: &str, $ids: &[String]) -> Self::Request {
                $build
            }

            fn id_of($item: &ItemOf<Self>) -> &str {
                $id
            }

            fn scope(code: &str) -> Scope {
                let absent: &[&str] = &[$($absent),*];
                let invalid: &[&str] = &[$($invalid),*];
                if absent.contains(&code) {
                    Scope::IdAbsent
                } else if invalid.contains(&code) {
                    Scope::IdInvalid
                } else {
                    Scope::Call
                }
            }

            fn valid_id(id: &str) -> bool {
                !id.is_empty() && (!id_kind!(@comma_list $ids_in) || !id.contains(','))
            }
        }
    };
    (@keyed unkeyed) => { false };
    (@keyed per_region) => { true };
    (@comma_list comma_list) => { true };
    (@comma_list separate) => { false };
}

id_kind! {
    /// Alibaba ECS `DescribeInstances` by `InstanceIds` (JSON array), per region.
    EcsInstanceKind: alibaba_ecs::DescribeInstancesRequest, max alibaba_ecs::INSTANCE_FILTER_LIST_MAX, per_region, separate,
    request |region, ids| alibaba_ecs::DescribeInstancesRequest {
        region_id: region.to_string(),
        instance_ids: Some(ids.to_vec()),
        ..Default::default()
    },
    id |item| &item.instance_id,
    absent ["InvalidInstanceId.NotFound"], invalid ["InvalidInstanceIds.Malformed"]
}

id_kind! {
    /// Alibaba ECS `DescribeNetworkInterfaces` by `NetworkInterfaceId.N`.
    EcsNetworkInterfaceKind: alibaba_ecs::DescribeNetworkInterfacesRequest, max alibaba_ecs::NETWORK_INTERFACE_IDS_MAX, unkeyed, separate,
    request |region, ids| alibaba_ecs::DescribeNetworkInterfacesRequest {
        region_id: region.to_string(),
        network_interface_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.network_interface_id,
    absent ["InvalidEniId.NotFound"], invalid ["InvalidEniId.Malformed"]
}

id_kind! {
    /// Alibaba SLB `DescribeLoadBalancers` by `LoadBalancerId` (comma list), per region.
    LoadBalancerKind: alibaba_slb::DescribeLoadBalancersRequest, max alibaba_slb::LOAD_BALANCER_IDS_MAX, per_region, comma_list,
    request |region, ids| alibaba_slb::DescribeLoadBalancersRequest {
        region_id: region.to_string(),
        load_balancer_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.load_balancer_id,
    absent ["InvalidLoadBalancerId.NotFound"], invalid []
}

id_kind! {
    /// Alibaba VPC `DescribeNatGateways` by `NatGatewayId` (one ID per call).
    NatGatewayKind: alibaba_vpc::DescribeNatGatewaysRequest, max 1, unkeyed, separate,
    request |region, ids| alibaba_vpc::DescribeNatGatewaysRequest {
        region_id: region.to_string(),
        nat_gateway_id: ids.first().cloned(),
        ..Default::default()
    },
    id |item| &item.nat_gateway_id,
    absent ["InvalidNatGatewayId.NotFound"], invalid []
}

id_kind! {
    /// Alibaba VPC `DescribeHaVips` by `Filter.1.Key=HaVipId` (5 values per call).
    AlibabaHaVipKind: alibaba_vpc::DescribeHaVipsRequest, max alibaba_vpc::HA_VIP_FILTER_VALUES_MAX, unkeyed, separate,
    request |region, ids| alibaba_vpc::DescribeHaVipsRequest::by_ids(region, ids),
    id |item| &item.ha_vip_id,
    absent ["InvalidHaVipId.NotFound"], invalid []
}

id_kind! {
    /// Alibaba VPC `DescribeVpcs` by `VpcId` (comma list).
    VpcKind: alibaba_vpc::DescribeVpcsRequest, max alibaba_vpc::VPC_IDS_MAX, unkeyed, comma_list,
    request |region, ids| alibaba_vpc::DescribeVpcsRequest {
        region_id: region.to_string(),
        vpc_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.vpc_id,
    absent ["InvalidVpcId.NotFound"], invalid []
}

id_kind! {
    /// Alibaba ESS `DescribeScalingConfigurations` by `ScalingConfigurationId.N`.
    ScalingConfigurationKind: alibaba_ess::DescribeScalingConfigurationsRequest, max alibaba_ess::SCALING_CONFIGURATION_IDS_MAX, unkeyed, separate,
    request |region, ids| alibaba_ess::DescribeScalingConfigurationsRequest {
        region_id: region.to_string(),
        scaling_configuration_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.scaling_configuration_id,
    absent ["InvalidScalingConfigurationId.NotFound"], invalid []
}

id_kind! {
    /// Tencent CVM `DescribeInstances` by `InstanceIds`.
    CvmInstanceKind: tencent_cvm::DescribeInstancesRequest, max tencent_cvm::INSTANCE_IDS_MAX, unkeyed, separate,
    request |_region, ids| tencent_cvm::DescribeInstancesRequest {
        instance_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.instance_id,
    absent ["InvalidInstanceId.NotFound"],
    invalid ["InvalidInstanceId.Malformed", "InvalidParameterValue.InstanceIdMalformed"]
}

id_kind! {
    /// Tencent VPC `DescribeNetworkInterfaces` by `NetworkInterfaceIds`.
    TencentNetworkInterfaceKind: tencent_vpc::DescribeNetworkInterfacesRequest, max tencent_vpc::NETWORK_INTERFACE_IDS_MAX, unkeyed, separate,
    request |_region, ids| tencent_vpc::DescribeNetworkInterfacesRequest {
        network_interface_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.network_interface_id,
    absent ["ResourceNotFound"], invalid ["InvalidParameterValue.Malformed"]
}

id_kind! {
    /// Volcengine ECS `DescribeInstances` by `InstanceIds.N`.
    VolcengineInstanceKind: volcengine_ecs::DescribeInstancesRequest, max volcengine_ecs::INSTANCE_IDS_MAX, unkeyed, separate,
    request |_region, ids| volcengine_ecs::DescribeInstancesRequest {
        instance_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.instance_id,
    absent ["InvalidInstance.NotFound"], invalid ["InvalidInstanceId.Malformed"]
}

id_kind! {
    /// Volcengine VPC `DescribeNetworkInterfaces` by `NetworkInterfaceIds.N`.
    VolcengineNetworkInterfaceKind: volcengine_vpc::DescribeNetworkInterfacesRequest, max volcengine_vpc::NETWORK_INTERFACE_IDS_MAX, unkeyed, separate,
    request |_region, ids| volcengine_vpc::DescribeNetworkInterfacesRequest {
        network_interface_ids: ids.to_vec(),
        ..Default::default()
    },
    id |item| &item.network_interface_id,
    absent ["InvalidEniId.NotFound"], invalid ["InvalidEniId.Malformed"]
}

fn scope_of<K: Kind>(err: &ClientError) -> Scope {
    match err {
        ClientError::Cloud(e) => K::scope(&e.code),
        _ => Scope::Call,
    }
}

fn operation<K: Kind>() -> String {
    format!("{} {}", K::Request::CLOUD, K::Request::ACTION)
}

// ------------------------------------------------------------------------------------
// Statistics
// ------------------------------------------------------------------------------------

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

/// [`BatchStats`] of each kind of coalesced read of one client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CoalesceStats {
    /// [`Client::describe_eip`].
    pub eip: BatchStats,
    /// [`Client::describe_address`].
    pub address: BatchStats,
    /// [`Client::describe_havip`].
    pub havip: BatchStats,
    /// [`Client::describe_scaling_group`].
    pub scaling_group: BatchStats,
    /// [`Client::describe_scaling_instance`].
    pub scaling_instance: BatchStats,
    /// [`Client::describe_ecs_instance`] and [`Client::describe_ecs_instance_in`].
    pub ecs_instance: BatchStats,
    /// [`Client::describe_ecs_network_interface`].
    pub ecs_network_interface: BatchStats,
    /// [`Client::describe_load_balancer`] and [`Client::describe_load_balancer_in`].
    pub load_balancer: BatchStats,
    /// [`Client::describe_nat_gateway`].
    pub nat_gateway: BatchStats,
    /// [`Client::describe_alibaba_havip`].
    pub alibaba_havip: BatchStats,
    /// [`Client::describe_vpc`].
    pub vpc: BatchStats,
    /// [`Client::describe_scaling_configuration`].
    pub scaling_configuration: BatchStats,
    /// [`Client::describe_cvm_instance`].
    pub cvm_instance: BatchStats,
    /// [`Client::describe_tencent_network_interface`].
    pub tencent_network_interface: BatchStats,
    /// [`Client::describe_volcengine_instance`].
    pub volcengine_instance: BatchStats,
    /// [`Client::describe_volcengine_network_interface`].
    pub volcengine_network_interface: BatchStats,
}

#[derive(Default)]
struct Counters {
    reads: AtomicU64,
    batches: AtomicU64,
    calls: AtomicU64,
    ids: AtomicU64,
    fallbacks: AtomicU64,
    scans: AtomicU64,
    scan_pages: AtomicU64,
    snapshot_hits: AtomicU64,
}

impl Counters {
    fn add(counter: &AtomicU64, n: usize) {
        counter.fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    fn snapshot(&self) -> BatchStats {
        BatchStats {
            reads: self.reads.load(Ordering::Relaxed),
            batches: self.batches.load(Ordering::Relaxed),
            calls: self.calls.load(Ordering::Relaxed),
            ids: self.ids.load(Ordering::Relaxed),
            fallbacks: self.fallbacks.load(Ordering::Relaxed),
            scans: self.scans.load(Ordering::Relaxed),
            scan_pages: self.scan_pages.load(Ordering::Relaxed),
            snapshot_hits: self.snapshot_hits.load(Ordering::Relaxed),
        }
    }
}

// ------------------------------------------------------------------------------------
// Batches
// ------------------------------------------------------------------------------------

type Answer<T> = Result<Option<T>, ClientError>;

/// One waiting read.
struct Waiter<T> {
    tx: oneshot::Sender<Answer<T>>,
    deadline: Option<Instant>,
    retry_also: Vec<String>,
    attempt_timeout: Option<Duration>,
}

/// Who still waits for a batch; the batch's call is cancelled when nobody does.
struct Live {
    count: Mutex<LiveCount>,
    token: CancellationToken,
    dispatched: AtomicBool,
}

#[derive(Default)]
struct LiveCount {
    waiting: usize,
    /// Everybody left before the batch was sent: nobody may join it any more.
    abandoned: bool,
}

impl Live {
    /// A new batch with its first read.
    fn first() -> (Arc<Live>, LiveGuard) {
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
    fn join(self: &Arc<Self>) -> Option<LiveGuard> {
        let mut count = lock(&self.count);
        if count.abandoned {
            return None;
        }
        count.waiting += 1;
        Some(LiveGuard(Arc::clone(self)))
    }
}

/// Held by a waiting read; dropping the last one cancels the batch's call.
struct LiveGuard(Arc<Live>);

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
struct Batch<T> {
    order: Vec<String>,
    waiters: HashMap<String, Vec<Waiter<T>>>,
    live: Arc<Live>,
    /// Opened while the kind was read often: list the region instead.
    scan: bool,
}

impl<T: Clone> Batch<T> {
    fn new(live: Arc<Live>) -> Self {
        Batch {
            order: Vec::new(),
            waiters: HashMap::new(),
            live,
            scan: false,
        }
    }

    fn add(&mut self, id: &str, waiter: Waiter<T>) {
        match self.waiters.entry(id.to_string()) {
            Entry::Occupied(mut e) => e.get_mut().push(waiter),
            Entry::Vacant(e) => {
                self.order.push(id.to_string());
                e.insert(vec![waiter]);
            }
        }
    }

    /// Forgets reads that left and IDs nobody waits for any more.
    fn prune(&mut self) {
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

    fn wanted(&self, id: &str) -> bool {
        self.waiters
            .get(id)
            .is_some_and(|list| list.iter().any(|w| !w.tx.is_closed()))
    }

    /// The call's context: latest deadline, union of extra codes, the batch's token.
    fn context(&self) -> CallContext {
        let mut unbounded = false;
        let mut latest: Option<Instant> = None;
        let mut retry_also: Vec<String> = Vec::new();
        // The longest per-attempt limit any waiting reader allows (none: the client's).
        let mut attempt_timeout: Option<Duration> = None;
        let mut default_attempts = false;
        for w in self.waiters.values().flatten() {
            if w.tx.is_closed() {
                continue;
            }
            match w.attempt_timeout {
                None => default_attempts = true,
                Some(t) => attempt_timeout = Some(attempt_timeout.map_or(t, |l| l.max(t))),
            }
            match w.deadline {
                None => unbounded = true,
                Some(d) => latest = Some(latest.map_or(d, |l| l.max(d))),
            }
            for code in &w.retry_also {
                if !retry_also.contains(code) {
                    retry_also.push(code.clone());
                }
            }
        }
        CallContext {
            deadline: if unbounded { None } else { latest },
            cancel: self.live.token.clone(),
            retry_also,
            attempt_timeout: if default_attempts { None } else { attempt_timeout },
        }
    }

    /// Answers the reads of `id`.
    fn answer(&mut self, id: &str, item: Option<&T>) {
        for w in self.waiters.remove(id).unwrap_or_default() {
            let _ = w.tx.send(Ok(item.cloned()));
        }
    }

    /// Answers the reads of `id` with `err`.
    fn fail(&mut self, id: &str, err: ClientError) {
        let list = self.waiters.remove(id).unwrap_or_default();
        send_error(list, err);
    }

    /// Answers every read with `err`.
    fn fail_all(&mut self, err: ClientError) {
        let mut all = Vec::new();
        for id in &self.order {
            all.extend(self.waiters.remove(id).unwrap_or_default());
        }
        send_error(all, err);
    }

    /// Answers every read with "not found".
    fn absent_all(&mut self) {
        for id in std::mem::take(&mut self.order) {
            self.answer(&id, None);
        }
    }
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

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

// ------------------------------------------------------------------------------------
// The batcher
// ------------------------------------------------------------------------------------

/// A batch still collecting reads.
struct Open<T> {
    generation: u64,
    batch: Batch<T>,
    /// Hands the batch to its window task when it fills up before the window ends.
    handoff: Option<oneshot::Sender<Batch<T>>>,
}

struct State<T> {
    open: HashMap<String, Open<T>>,
    next_generation: u64,
    /// Region-scan settings.
    tuning: RegionScan,
    /// When the latest reads (at most `tuning.threshold`) were answered.
    served: VecDeque<Instant>,
    snapshot: Option<Snapshot<T>>,
    /// A scan is running; the IDs forgotten since it started.
    scanning: Option<HashSet<String>>,
    /// No scan before then (the region was too large, or a scan failed).
    no_scan_until: Option<Instant>,
    /// IDs asked by batches or per-ID calls in flight, with how many of them.
    in_flight: HashMap<String, usize>,
}

/// A region listing.
struct Snapshot<T> {
    /// When the scan started.
    taken: Instant,
    items: HashMap<String, T>,
    /// Whether an ID missing from `items` does not exist.
    complete: bool,
    /// IDs forgotten since the scan started: never answered from here.
    forgotten: HashSet<String>,
}

impl<T: Clone> State<T> {
    fn note_served(&mut self, now: Instant) {
        self.served.push_back(now);
        while self.served.len() > self.tuning.threshold {
            self.served.pop_front();
        }
    }

    /// Whether at least `threshold` reads were answered within the rate window.
    fn hot(&self, now: Instant) -> bool {
        self.tuning.enabled
            && self.served.len() >= self.tuning.threshold
            && self
                .served
                .front()
                .is_some_and(|t| now.saturating_duration_since(*t) <= self.tuning.rate_window)
    }

    /// The snapshot while it is younger than its TTL (an older one is dropped).
    fn fresh_snapshot(&mut self, now: Instant) -> Option<&Snapshot<T>> {
        let ttl = self.tuning.ttl;
        if !self.tuning.enabled
            || self
                .snapshot
                .as_ref()
                .is_some_and(|s| now.saturating_duration_since(s.taken) >= ttl)
        {
            self.snapshot = None;
        }
        self.snapshot.as_ref()
    }

    /// The snapshot's answer for `id`, when it may give one.
    fn snapshot_answer(&mut self, id: &str, now: Instant) -> Option<Option<T>> {
        if self.in_flight.contains_key(id) {
            return None;
        }
        let snapshot = self.fresh_snapshot(now)?;
        if snapshot.forgotten.contains(id) {
            return None;
        }
        match snapshot.items.get(id) {
            Some(item) => Some(Some(item.clone())),
            None if snapshot.complete => Some(None),
            None => None,
        }
    }

    /// Claims the one scan of the kind, unless a scan runs, a fresh snapshot exists or
    /// scans are paused.
    fn begin_scan(&mut self, now: Instant) -> bool {
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
}

/// What a scan listed.
struct Listing<T> {
    items: HashMap<String, T>,
    /// Every page reported the same total and the distinct items match it.
    consistent: bool,
    /// Stopped early: the region holds more than `max_items`.
    too_large: bool,
}

/// The batcher of one kind of read of one client.
pub(crate) struct Batcher<K: Kind> {
    state: Mutex<State<ItemOf<K>>>,
    stats: Counters,
    /// Bumped when a scan ends.
    scan_done: watch::Sender<u64>,
    kind: PhantomData<fn() -> K>,
}

impl<K: Kind> Default for Batcher<K> {
    fn default() -> Self {
        Batcher {
            state: Mutex::new(State {
                open: HashMap::new(),
                next_generation: 0,
                tuning: RegionScan::default(),
                served: VecDeque::new(),
                snapshot: None,
                scanning: None,
                no_scan_until: None,
                in_flight: HashMap::new(),
            }),
            stats: Counters::default(),
            scan_done: watch::channel(0).0,
            kind: PhantomData,
        }
    }
}

/// Marks IDs in flight while held.
struct InFlight<'a, T> {
    state: &'a Mutex<State<T>>,
    ids: Vec<String>,
}

impl<'a, T> InFlight<'a, T> {
    fn register(state: &'a Mutex<State<T>>, ids: &[String]) -> Self {
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

/// Ends the running scan when dropped (also when the scan is cancelled or panics) and
/// wakes the batches waiting for it.
struct ScanGuard<'a, K: Kind>(&'a Batcher<K>);

impl<K: Kind> Drop for ScanGuard<'_, K> {
    fn drop(&mut self) {
        lock(&self.0.state).scanning = None;
        self.0.scan_done.send_modify(|n| *n = n.wrapping_add(1));
    }
}

/// The window task of a newly opened batch.
type WindowStart<T> = (u64, oneshot::Receiver<Batch<T>>);

impl<K: Kind> Batcher<K> {
    /// Reads `id` (under `key`) through the next batch.
    async fn get(
        self: &Arc<Self>,
        client: &Client,
        key: &str,
        id: &str,
        ctx: &CallContext,
    ) -> Answer<ItemOf<K>> {
        let started = Instant::now();
        let cloud = K::Request::CLOUD;
        let action = K::Request::ACTION;
        if client.cloud() != cloud {
            return Err(ClientError::Config(format!(
                "{cloud} {action} cannot be called with a client configured for {}",
                client.cloud()
            )));
        }
        if !K::valid_id(id) || (K::KEYED && !K::valid_id(key)) {
            return Err(ClientError::Config(format!(
                "{cloud} {action}: {id:?} (in {key:?}) is not a valid ID"
            )));
        }
        if ctx.cancel.is_cancelled() {
            return Err(ClientError::Cancelled {
                operation: operation::<K>(),
            });
        }
        if ctx.remaining().is_some_and(|left| left.is_zero()) {
            return Err(ClientError::Timeout {
                cloud,
                action,
                waited: Duration::ZERO,
                attempts: 0,
                last_error: None,
            });
        }
        self.stats.reads.fetch_add(1, Ordering::Relaxed);
        if K::SCAN {
            let hit = {
                let mut state = lock(&self.state);
                let now = Instant::now();
                let hit = state.snapshot_answer(id, now);
                if hit.is_some() {
                    state.note_served(now);
                }
                hit
            };
            if let Some(item) = hit {
                self.stats.snapshot_hits.fetch_add(1, Ordering::Relaxed);
                return Ok(item);
            }
        }
        let (tx, rx) = oneshot::channel();
        let waiter = Waiter {
            tx,
            deadline: ctx.deadline,
            retry_also: ctx.retry_also.clone(),
            attempt_timeout: ctx.attempt_timeout,
        };
        let (guard, window) = self.enqueue(key, id, waiter);
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
                operation: operation::<K>(),
            }),
            answer = rx => answer.unwrap_or_else(|_| Err(ClientError::Cancelled {
                operation: format!("{} (the coalesced call ended without an answer)", operation::<K>()),
            })),
            () = deadline => Err(ClientError::Timeout {
                cloud,
                action,
                waited: started.elapsed(),
                attempts: u32::from(guard.0.dispatched.load(Ordering::Relaxed)),
                last_error: None,
            }),
        };
        drop(guard);
        if K::SCAN && answer.is_ok() {
            lock(&self.state).note_served(Instant::now());
        }
        answer
    }

    /// Forgets what snapshots (the current one, and the one a running scan will make) say
    /// about `id`.
    fn invalidate(&self, id: &str) {
        let mut state = lock(&self.state);
        if let Some(snapshot) = state.snapshot.as_mut() {
            snapshot.items.remove(id);
            snapshot.forgotten.insert(id.to_string());
        }
        if let Some(forgotten) = state.scanning.as_mut() {
            forgotten.insert(id.to_string());
        }
    }

    fn set_tuning(&self, tuning: RegionScan) {
        let mut state = lock(&self.state);
        state.tuning = tuning;
        state.served.clear();
        state.snapshot = None;
        state.no_scan_until = None;
    }

    /// Adds a read to the open batch of `key` (opening one if needed, and handing it over
    /// when it is full). Returns the read's guard, and the window to start for a new batch.
    fn enqueue(
        &self,
        key: &str,
        id: &str,
        waiter: Waiter<ItemOf<K>>,
    ) -> (LiveGuard, Option<WindowStart<ItemOf<K>>>) {
        let mut state = lock(&self.state);
        let state = &mut *state;
        let generation = state.next_generation;
        let hot = K::SCAN && state.hot(Instant::now());
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
        if open.batch.order.len() >= K::MAX_IDS {
            if let Some(mut full) = state.open.remove(key) {
                if let Some(handoff) = full.handoff.take() {
                    let _ = handoff.send(full.batch);
                }
            }
        }
        (guard, window)
    }

    /// Waits for the window of batch `generation` to end (or for the batch to fill up),
    /// then sends it.
    async fn window(
        self: Arc<Self>,
        client: Client,
        key: String,
        generation: u64,
        mut handoff: oneshot::Receiver<Batch<ItemOf<K>>>,
    ) {
        let batch = tokio::select! {
            batch = &mut handoff => batch.ok(),
            () = tokio::time::sleep(COALESCE_WINDOW) => {
                let taken = {
                    let mut state = lock(&self.state);
                    match state.open.get(&key) {
                        Some(open) if open.generation == generation => {
                            state.open.remove(&key).map(|open| open.batch)
                        }
                        _ => None,
                    }
                };
                match taken {
                    Some(batch) => Some(batch),
                    // Filled up meanwhile (handed over), or abandoned (sender dropped).
                    None => handoff.await.ok(),
                }
            }
        };
        if let Some(batch) = batch {
            self.run(&client, &key, batch).await;
        }
    }

    /// Sends one batch and answers its reads.
    async fn run(self: &Arc<Self>, client: &Client, key: &str, mut batch: Batch<ItemOf<K>>) {
        batch.prune();
        if batch.order.is_empty() {
            return;
        }
        batch.live.dispatched.store(true, Ordering::Relaxed);
        if K::SCAN {
            if !self.scan_phase(client, &mut batch).await {
                return;
            }
            batch.prune();
            if batch.order.is_empty() {
                return;
            }
        }
        let _in_flight = K::SCAN.then(|| InFlight::register(&self.state, &batch.order));
        let ctx = batch.context();
        let ids = batch.order.clone();
        self.stats.batches.fetch_add(1, Ordering::Relaxed);
        Counters::add(&self.stats.ids, ids.len());
        debug!(
            cloud = %K::Request::CLOUD,
            action = K::Request::ACTION,
            ids = ids.len(),
            reads = batch.waiters.values().map(Vec::len).sum::<usize>(),
            "sending coalesced batch"
        );
        match self.fetch(client, key, &ids, &ctx).await {
            Ok(found) => {
                for id in &ids {
                    batch.answer(id, found.get(id));
                }
            }
            Err(err) => match scope_of::<K>(&err) {
                Scope::Call => batch.fail_all(err),
                Scope::KeyAbsent => batch.absent_all(),
                Scope::IdAbsent if ids.len() == 1 => batch.absent_all(),
                Scope::IdInvalid if ids.len() == 1 => batch.fail_all(err),
                Scope::IdAbsent | Scope::IdInvalid => {
                    debug!(
                        cloud = %K::Request::CLOUD,
                        action = K::Request::ACTION,
                        ids = ids.len(),
                        code = err.code().unwrap_or(""),
                        "batch failed for one ID; asking per ID"
                    );
                    self.stats.fallbacks.fetch_add(1, Ordering::Relaxed);
                    self.per_id(client, key, batch, &ctx).await;
                }
            },
        }
    }

    /// Waits for a running scan, answers what a fresh snapshot can, and lists the region
    /// when the batch was opened while the kind was read often. Returns `false` when every
    /// read left.
    async fn scan_phase(self: &Arc<Self>, client: &Client, batch: &mut Batch<ItemOf<K>>) -> bool {
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
        let _scan = ScanGuard(self.as_ref());
        self.stats.scans.fetch_add(1, Ordering::Relaxed);
        let ctx = batch.context();
        debug!(
            cloud = %K::Request::CLOUD,
            action = K::Request::ACTION,
            ids = batch.order.len(),
            "listing the region instead of a batch"
        );
        match self.scan(client, &ctx, tuning.max_items).await {
            Ok(listing) => {
                let complete = listing.consistent && !listing.too_large && K::LISTING_HAS_ALL;
                // The snapshot is in place before any read is answered, so that nothing
                // done after an answer (a forget, new settings) can precede it.
                let mut state = lock(&self.state);
                let items = if listing.too_large {
                    debug!(
                        cloud = %K::Request::CLOUD,
                        action = K::Request::ACTION,
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
                            items: listing.items,
                            complete,
                            forgotten,
                        })
                        .items
                };
                for id in std::mem::take(&mut batch.order) {
                    match items.get(&id) {
                        Some(item) => batch.answer(&id, Some(item)),
                        None if complete => batch.answer(&id, None),
                        None => batch.order.push(id),
                    }
                }
            }
            Err(err) => {
                if batch.live.token.is_cancelled() {
                    return false;
                }
                debug!(
                    cloud = %K::Request::CLOUD,
                    action = K::Request::ACTION,
                    error = %err,
                    "region scan failed; back to ID batches"
                );
                lock(&self.state).no_scan_until = Some(Instant::now() + tuning.rate_window);
            }
        }
        true
    }

    /// Answers the reads of `batch` that a fresh snapshot can answer.
    fn answer_from_snapshot(&self, batch: &mut Batch<ItemOf<K>>) {
        let mut state = lock(&self.state);
        let now = Instant::now();
        for id in batch.order.clone() {
            if let Some(item) = state.snapshot_answer(&id, now) {
                let reads = batch.waiters.get(&id).map_or(0, Vec::len);
                Counters::add(&self.stats.snapshot_hits, reads);
                batch.answer(&id, item.as_ref());
            }
        }
    }

    /// Lists the whole region, all pages, stopping once it holds more than `max_items`.
    async fn scan(
        &self,
        client: &Client,
        ctx: &CallContext,
        max_items: usize,
    ) -> Result<Listing<ItemOf<K>>, ClientError> {
        let limit = u64::try_from(max_items).unwrap_or(u64::MAX);
        let mut items: HashMap<String, ItemOf<K>> = HashMap::new();
        let mut listed: usize = 0;
        let mut first_total: Option<Option<u64>> = None;
        let mut consistent = true;
        let mut next = Some(K::scan_request(client.region()).with_max_page_size());
        let mut pages: u32 = 0;
        while let Some(request) = next.take() {
            if pages >= MAX_PAGES {
                return Err(ClientError::Decode {
                    cloud: K::Request::CLOUD,
                    action: K::Request::ACTION,
                    http_status: 200,
                    request_id: None,
                    reason: format!("paging did not end after {MAX_PAGES} pages"),
                });
            }
            pages += 1;
            self.stats.calls.fetch_add(1, Ordering::Relaxed);
            self.stats.scan_pages.fetch_add(1, Ordering::Relaxed);
            let resp = client.call(&request, ctx).await?;
            let total = K::total(&resp);
            match first_total {
                None => first_total = Some(total),
                Some(first) => consistent &= first == total,
            }
            let page = K::Request::items(&resp);
            listed = listed.saturating_add(page.len());
            if listed > max_items || total.is_some_and(|t| t > limit) {
                return Ok(Listing {
                    items,
                    consistent: false,
                    too_large: true,
                });
            }
            for item in page {
                items
                    .entry(K::id_of(item).to_string())
                    .or_insert_with(|| item.clone());
            }
            next = request.next_page(&resp);
        }
        if let Some(Some(total)) = first_total {
            consistent &= u64::try_from(items.len()).is_ok_and(|n| n == total);
        }
        Ok(Listing {
            items,
            consistent,
            too_large: false,
        })
    }

    /// Asks each ID of `batch` alone.
    async fn per_id(
        self: &Arc<Self>,
        client: &Client,
        key: &str,
        mut batch: Batch<ItemOf<K>>,
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
                Err(err) => match scope_of::<K>(&err) {
                    Scope::KeyAbsent | Scope::IdAbsent => batch.answer(&id, None),
                    Scope::Call | Scope::IdInvalid => batch.fail(&id, err),
                },
            }
        }
    }

    /// One Describe of `ids`, all pages; returns the asked items by ID.
    async fn fetch(
        &self,
        client: &Client,
        key: &str,
        ids: &[String],
        ctx: &CallContext,
    ) -> Result<HashMap<String, ItemOf<K>>, ClientError> {
        let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let mut found: HashMap<String, ItemOf<K>> = HashMap::new();
        let region = if K::KEY_IS_REGION {
            key
        } else {
            client.region()
        };
        let mut next = Some(K::request(region, key, ids).with_max_page_size());
        let mut pages: u32 = 0;
        while let Some(request) = next.take() {
            if pages >= MAX_PAGES {
                return Err(ClientError::Decode {
                    cloud: K::Request::CLOUD,
                    action: K::Request::ACTION,
                    http_status: 200,
                    request_id: None,
                    reason: format!("paging did not end after {MAX_PAGES} pages"),
                });
            }
            pages += 1;
            self.stats.calls.fetch_add(1, Ordering::Relaxed);
            let resp = client.call_in_region(region, &request, ctx).await?;
            for item in K::Request::items(&resp) {
                let id = K::id_of(item);
                if wanted.contains(id) && !found.contains_key(id) {
                    found.insert(id.to_string(), item.clone());
                }
            }
            if found.len() == wanted.len() {
                break;
            }
            next = request.next_page(&resp);
        }
        Ok(found)
    }
}

// ------------------------------------------------------------------------------------
// The client's batchers
// ------------------------------------------------------------------------------------

/// The batchers of one client (shared by its clones).
#[derive(Clone, Default)]
pub(crate) struct Coalescer {
    eip: Arc<Batcher<EipKind>>,
    address: Arc<Batcher<AddressKind>>,
    havip: Arc<Batcher<HaVipKind>>,
    scaling_group: Arc<Batcher<ScalingGroupKind>>,
    scaling_instance: Arc<Batcher<ScalingInstanceKind>>,
    ecs_instance: Arc<Batcher<EcsInstanceKind>>,
    ecs_network_interface: Arc<Batcher<EcsNetworkInterfaceKind>>,
    load_balancer: Arc<Batcher<LoadBalancerKind>>,
    nat_gateway: Arc<Batcher<NatGatewayKind>>,
    alibaba_havip: Arc<Batcher<AlibabaHaVipKind>>,
    vpc: Arc<Batcher<VpcKind>>,
    scaling_configuration: Arc<Batcher<ScalingConfigurationKind>>,
    cvm_instance: Arc<Batcher<CvmInstanceKind>>,
    tencent_network_interface: Arc<Batcher<TencentNetworkInterfaceKind>>,
    volcengine_instance: Arc<Batcher<VolcengineInstanceKind>>,
    volcengine_network_interface: Arc<Batcher<VolcengineNetworkInterfaceKind>>,
}

impl Coalescer {
    fn stats(&self) -> CoalesceStats {
        CoalesceStats {
            eip: self.eip.stats.snapshot(),
            address: self.address.stats.snapshot(),
            havip: self.havip.stats.snapshot(),
            scaling_group: self.scaling_group.stats.snapshot(),
            scaling_instance: self.scaling_instance.stats.snapshot(),
            ecs_instance: self.ecs_instance.stats.snapshot(),
            ecs_network_interface: self.ecs_network_interface.stats.snapshot(),
            load_balancer: self.load_balancer.stats.snapshot(),
            nat_gateway: self.nat_gateway.stats.snapshot(),
            alibaba_havip: self.alibaba_havip.stats.snapshot(),
            vpc: self.vpc.stats.snapshot(),
            scaling_configuration: self.scaling_configuration.stats.snapshot(),
            cvm_instance: self.cvm_instance.stats.snapshot(),
            tencent_network_interface: self.tencent_network_interface.stats.snapshot(),
            volcengine_instance: self.volcengine_instance.stats.snapshot(),
            volcengine_network_interface: self.volcengine_network_interface.stats.snapshot(),
        }
    }
}

impl fmt::Debug for Coalescer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Coalescer")
            .field("stats", &self.stats())
            .finish()
    }
}

impl Client {
    /// The Alibaba EIP `allocation_id` of this client's region (`DescribeEipAddresses`,
    /// coalesced with concurrent reads: up to 50 IDs per call). `Ok(None)`: no such EIP.
    pub async fn describe_eip(
        &self,
        allocation_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<EipAddress>, ClientError> {
        self.coalesce.eip.get(self, "", allocation_id, ctx).await
    }

    /// The Tencent address `address_id` (`DescribeAddresses`, coalesced: up to 100 IDs per
    /// call). `Ok(None)`: no such address.
    pub async fn describe_address(
        &self,
        address_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<Address>, ClientError> {
        self.coalesce.address.get(self, "", address_id, ctx).await
    }

    /// The Volcengine HaVip `ha_vip_id` (`DescribeHaVips`, coalesced: up to 100 IDs per
    /// call). `Ok(None)`: no such HaVip.
    pub async fn describe_havip(
        &self,
        ha_vip_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<HaVip>, ClientError> {
        self.coalesce.havip.get(self, "", ha_vip_id, ctx).await
    }

    /// The Alibaba ESS scaling group `scaling_group_id` (`DescribeScalingGroups`,
    /// coalesced: up to 20 IDs per call). `Ok(None)`: no such group.
    pub async fn describe_scaling_group(
        &self,
        scaling_group_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<ScalingGroup>, ClientError> {
        self.coalesce
            .scaling_group
            .get(self, "", scaling_group_id, ctx)
            .await
    }

    /// Instance `instance_id` in the Alibaba ESS scaling group `scaling_group_id`
    /// (`DescribeScalingInstances`, coalesced per group: up to 20 instance IDs per call).
    /// `Ok(None)`: the instance is not in the group (or the group does not exist).
    pub async fn describe_scaling_instance(
        &self,
        scaling_group_id: &str,
        instance_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<ScalingInstance>, ClientError> {
        self.coalesce
            .scaling_instance
            .get(self, scaling_group_id, instance_id, ctx)
            .await
    }

    /// The Alibaba ECS instance `instance_id` of this client's region (`DescribeInstances`,
    /// coalesced: up to 100 IDs per call). `Ok(None)`: no such instance in the region — it
    /// does not exist, lives in another region, or belongs to another account (all three
    /// are absent from the answer).
    pub async fn describe_ecs_instance(
        &self,
        instance_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_ecs::Instance>, ClientError> {
        let region = self.region().to_string();
        self.describe_ecs_instance_in(&region, instance_id, ctx)
            .await
    }

    /// Like [`Client::describe_ecs_instance`], in `region` (the call goes to that region's
    /// endpoint; reads of one region share calls). For the backend of a global
    /// acceleration instance, which lives in `backend_server_region_id`.
    pub async fn describe_ecs_instance_in(
        &self,
        region: &str,
        instance_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_ecs::Instance>, ClientError> {
        crate::config::validate_region(region)?;
        self.coalesce
            .ecs_instance
            .get(self, region, instance_id, ctx)
            .await
    }

    /// The Alibaba ENI `network_interface_id` of this client's region (ECS
    /// `DescribeNetworkInterfaces`, coalesced: up to 100 IDs per call). `Ok(None)`: no such
    /// ENI.
    pub async fn describe_ecs_network_interface(
        &self,
        network_interface_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_ecs::NetworkInterfaceSet>, ClientError> {
        self.coalesce
            .ecs_network_interface
            .get(self, "", network_interface_id, ctx)
            .await
    }

    /// The Alibaba SLB instance `load_balancer_id` of this client's region
    /// (`DescribeLoadBalancers`, coalesced: up to 10 IDs per call). `Ok(None)`: no such SLB
    /// in the region.
    pub async fn describe_load_balancer(
        &self,
        load_balancer_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_slb::LoadBalancer>, ClientError> {
        let region = self.region().to_string();
        self.describe_load_balancer_in(&region, load_balancer_id, ctx)
            .await
    }

    /// Like [`Client::describe_load_balancer`], in `region`.
    pub async fn describe_load_balancer_in(
        &self,
        region: &str,
        load_balancer_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_slb::LoadBalancer>, ClientError> {
        crate::config::validate_region(region)?;
        self.coalesce
            .load_balancer
            .get(self, region, load_balancer_id, ctx)
            .await
    }

    /// The Alibaba NAT gateway `nat_gateway_id` of this client's region
    /// (`DescribeNatGateways`, which takes one ID per call; concurrent reads of the same ID
    /// share it). `Ok(None)`: no such NAT gateway.
    pub async fn describe_nat_gateway(
        &self,
        nat_gateway_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_vpc::NatGateway>, ClientError> {
        self.coalesce
            .nat_gateway
            .get(self, "", nat_gateway_id, ctx)
            .await
    }

    /// The Alibaba HaVip `ha_vip_id` of this client's region (VPC `DescribeHaVips` with
    /// the `HaVipId` filter, coalesced: up to 5 IDs per call). `Ok(None)`: no such HaVip.
    pub async fn describe_alibaba_havip(
        &self,
        ha_vip_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_vpc::HaVip>, ClientError> {
        self.coalesce
            .alibaba_havip
            .get(self, "", ha_vip_id, ctx)
            .await
    }

    /// The Alibaba VPC `vpc_id` of this client's region (`DescribeVpcs`, coalesced: up to
    /// 20 IDs per call); `IsDefault` tells the region's default VPC. `Ok(None)`: no such
    /// VPC.
    pub async fn describe_vpc(
        &self,
        vpc_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_vpc::Vpc>, ClientError> {
        self.coalesce.vpc.get(self, "", vpc_id, ctx).await
    }

    /// The Alibaba ESS scaling configuration `scaling_configuration_id`
    /// (`DescribeScalingConfigurations`, coalesced: up to 10 IDs per call). `Ok(None)`: no
    /// such configuration.
    pub async fn describe_scaling_configuration(
        &self,
        scaling_configuration_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_ess::ScalingConfiguration>, ClientError> {
        self.coalesce
            .scaling_configuration
            .get(self, "", scaling_configuration_id, ctx)
            .await
    }

    /// The active scaling configuration of the group `scaling_group_id`: the group's
    /// `ActiveScalingConfigurationId` ([`Client::describe_scaling_group`]), then that
    /// configuration ([`Client::describe_scaling_configuration`]); both reads are coalesced.
    /// `Ok(None)`: no such group, or a group without an active configuration (one that
    /// launches from a template), whose instance types AttachInstances does not compare.
    pub async fn active_scaling_configuration(
        &self,
        scaling_group_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<alibaba_ess::ScalingConfiguration>, ClientError> {
        let Some(group) = self.describe_scaling_group(scaling_group_id, ctx).await? else {
            return Ok(None);
        };
        if group.active_scaling_configuration_id.is_empty() {
            return Ok(None);
        }
        self.describe_scaling_configuration(&group.active_scaling_configuration_id, ctx)
            .await
    }

    /// The Tencent CVM `instance_id` (`DescribeInstances`, coalesced: up to 100 IDs per
    /// call). `Ok(None)`: no such instance.
    pub async fn describe_cvm_instance(
        &self,
        instance_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<tencent_cvm::Instance>, ClientError> {
        self.coalesce
            .cvm_instance
            .get(self, "", instance_id, ctx)
            .await
    }

    /// The Tencent ENI `network_interface_id` (VPC `DescribeNetworkInterfaces`, coalesced:
    /// up to 100 IDs per call), with every private IP in `PrivateIpAddressSet`. `Ok(None)`:
    /// no such ENI.
    pub async fn describe_tencent_network_interface(
        &self,
        network_interface_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<tencent_vpc::NetworkInterface>, ClientError> {
        self.coalesce
            .tencent_network_interface
            .get(self, "", network_interface_id, ctx)
            .await
    }

    /// The Volcengine ECS instance `instance_id` (`DescribeInstances`, coalesced: up to
    /// 100 IDs per call); its subnet is that of its primary ENI
    /// ([`volcengine_ecs::Instance::primary_network_interface`]). `Ok(None)`: no such
    /// instance (an ENI ID is not an instance).
    pub async fn describe_volcengine_instance(
        &self,
        instance_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<volcengine_ecs::Instance>, ClientError> {
        self.coalesce
            .volcengine_instance
            .get(self, "", instance_id, ctx)
            .await
    }

    /// The Volcengine ENI `network_interface_id` (VPC `DescribeNetworkInterfaces`,
    /// coalesced: up to 100 IDs per call). `Ok(None)`: no such ENI.
    pub async fn describe_volcengine_network_interface(
        &self,
        network_interface_id: &str,
        ctx: &CallContext,
    ) -> Result<Option<volcengine_vpc::NetworkInterfaceSet>, ClientError> {
        self.coalesce
            .volcengine_network_interface
            .get(self, "", network_interface_id, ctx)
            .await
    }

    /// What the coalesced reads of this client (and its clones) did so far.
    pub fn coalesce_stats(&self) -> CoalesceStats {
        self.coalesce.stats()
    }

    /// Makes region snapshots of this client (and its clones) forget `id` of `kind`: the
    /// next read of `id` asks the cloud. Call it after every create, modify or delete of
    /// an EIP, Tencent address or HaVip made through this client (a running scan is
    /// covered too). Costs nothing when there is no snapshot.
    pub fn forget_cached(&self, kind: CachedKind, id: &str) {
        match kind {
            CachedKind::Eip => self.coalesce.eip.invalidate(id),
            CachedKind::Address => self.coalesce.address.invalidate(id),
            CachedKind::HaVip => self.coalesce.havip.invalidate(id),
        }
    }

    /// Replaces the region-scan settings of this client (and its clones), dropping current
    /// snapshots and read counts. `RegionScan { enabled: false, ..Default::default() }`
    /// turns scanning off.
    pub fn set_region_scan(&self, settings: RegionScan) {
        self.coalesce.eip.set_tuning(settings);
        self.coalesce.address.set_tuning(settings);
        self.coalesce.havip.set_tuning(settings);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapshot_never_answers_in_flight_or_forgotten_ids() {
        let batcher: Batcher<EipKind> = Batcher::default();
        let now = Instant::now();
        let eip = |id: &str| EipAddress {
            allocation_id: id.into(),
            ..Default::default()
        };
        lock(&batcher.state).snapshot = Some(Snapshot {
            taken: now,
            items: [
                ("eip-1".to_string(), eip("eip-1")),
                ("eip-2".into(), eip("eip-2")),
            ]
            .into_iter()
            .collect(),
            complete: true,
            forgotten: HashSet::new(),
        });
        let answer = |id: &str| lock(&batcher.state).snapshot_answer(id, now);
        assert_eq!(answer("eip-1"), Some(Some(eip("eip-1"))));
        assert_eq!(
            answer("eip-9"),
            Some(None),
            "absent from a complete listing"
        );
        {
            let _flight = InFlight::register(&batcher.state, &["eip-1".to_string()]);
            assert_eq!(answer("eip-1"), None, "a call for it is in flight");
        }
        assert_eq!(answer("eip-1"), Some(Some(eip("eip-1"))));
        batcher.invalidate("eip-2");
        batcher.invalidate("eip-9");
        assert_eq!(answer("eip-2"), None);
        assert_eq!(answer("eip-9"), None, "forgotten, so not known absent");
        let later = now + SNAPSHOT_TTL;
        assert_eq!(lock(&batcher.state).snapshot_answer("eip-1", later), None);
        assert!(
            lock(&batcher.state).snapshot.is_none(),
            "expired and dropped"
        );
    }

    #[test]
    fn scopes() {
        assert_eq!(
            EipKind::scope("InvalidAllocationId.NotFound"),
            Scope::IdAbsent
        );
        assert_eq!(EipKind::scope("InvalidAccessKeyId.NotFound"), Scope::Call);
        assert_eq!(
            ScalingInstanceKind::scope("InvalidScalingGroupId.NotFound"),
            Scope::KeyAbsent
        );
        assert!(!EipKind::valid_id("eip-1,eip-2"));
        assert!(!AddressKind::valid_id(""));
    }

    #[test]
    fn read_kinds_for_plan_checks() {
        // Region-keyed kinds build the request for the batch's region.
        const {
            assert!(EcsInstanceKind::KEYED && EcsInstanceKind::KEY_IS_REGION);
            assert!(LoadBalancerKind::KEY_IS_REGION);
            assert!(!CvmInstanceKind::KEYED && !CvmInstanceKind::KEY_IS_REGION);
        }
        let req = EcsInstanceKind::request("cn-shanghai", "cn-shanghai", &["i-1".into()]);
        assert_eq!(req.region_id, "cn-shanghai");
        assert_eq!(req.instance_ids, Some(vec!["i-1".to_string()]));
        // One HaVip filter of at most five values.
        let havips = AlibabaHaVipKind::request("cn-hangzhou", "", &["havip-1".into()]);
        assert_eq!(havips.filters[0].key, "HaVipId");
        const {
            assert!(AlibabaHaVipKind::MAX_IDS == 5);
            assert!(NatGatewayKind::MAX_IDS == 1);
        }
        // Comma-separated lists refuse IDs with a comma; repeated parameters do not care.
        assert!(!LoadBalancerKind::valid_id("lb-1,lb-2"));
        assert!(!VpcKind::valid_id("vpc-1,vpc-2"));
        assert!(EcsNetworkInterfaceKind::valid_id("eni-1,2"));
        assert!(!EcsNetworkInterfaceKind::valid_id(""));
        assert_eq!(
            CvmInstanceKind::scope("InvalidInstanceId.Malformed"),
            Scope::IdInvalid
        );
        assert_eq!(
            CvmInstanceKind::scope("InvalidInstanceId.NotFound"),
            Scope::IdAbsent
        );
        assert_eq!(VolcengineInstanceKind::scope("Throttling"), Scope::Call);
    }

    #[test]
    fn context_takes_latest_deadline_and_union_of_codes() {
        let (live, _guard) = Live::first();
        let mut batch: Batch<EipAddress> = Batch::new(live);
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
        assert_eq!(ctx.attempt_timeout, Some(Duration::from_secs(2)), "the longest per-attempt limit of the readers");
        // A read without deadline makes the call unbounded.
        let (tx, _rx) = oneshot::channel();
        batch.add(
            "eip-0",
            Waiter {
                tx,
                deadline: None,
                retry_also: Vec::new(),
                attempt_timeout: None,
            },
        );
        assert_eq!(batch.order.len(), 2, "a duplicate ID is asked once");
        assert_eq!(batch.context().deadline, None);
        assert_eq!(batch.context().attempt_timeout, None, "a reader without a limit keeps the client's");
    }
}
