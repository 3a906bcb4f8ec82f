//! Alibaba Cloud VPC 2016-04-28 (`vpc`): the EIP association APIs (AssociateEipAddress,
//! DescribeEipAddresses, UnassociateEipAddress), the legacy Global Acceleration APIs
//! (AssociateGlobalAccelerationInstance, DescribeGlobalAccelerationInstances,
//! UnassociateGlobalAccelerationInstance) and the reads of what an EIP binds to
//! (DescribeNatGateways, DescribeHaVips, DescribeVpcs): typed requests with their RPC
//! parameter flattening (one field table each), and the JSON responses with Alibaba's one-level list wrapping
//! (`EipAddresses.EipAddress[]`, `GlobalAccelerationInstances.GlobalAccelerationInstance[]`,
//! `BackendServers.BackendServer[]`, `OperationLocks.LockReason[]`, `NatGateways.NatGateway[]`,
//! `HaVips.HaVip[]` with the lower-case `AssociatedInstances.associatedInstance[]`,
//! `Vpcs.Vpc[]` with `NatGatewayIds.NatGatewayIds[]`, …).
//!
//! Wire quirks kept: `Bandwidth` is a string (`"5"`), counters are numbers but are
//! accepted as strings, the misspelt `Descritpion` field exists beside `Description`,
//! and `ISP` / `HDMonitorStatus` are upper-case.
//!
//! | file | APIs |
//! |---|---|
//! | `eip.rs` | AssociateEipAddress, UnassociateEipAddress, DescribeEipAddresses |
//! | `global_acceleration.rs` | Associate/Unassociate/DescribeGlobalAccelerationInstance(s) |
//! | `nat_gateway.rs` | DescribeNatGateways |
//! | `ha_vip.rs` | DescribeHaVips |
//! | `vpc.rs` | DescribeVpcs |

use super::PageLimits;

mod eip;
mod global_acceleration;
mod ha_vip;
mod nat_gateway;
#[cfg(test)]
mod tests;
mod vpc;

pub use super::common::Tag;
pub use eip::*;
pub use global_acceleration::*;
pub use ha_vip::*;
pub use nat_gateway::*;
pub use vpc::*;

/// DescribeEipAddresses: PageSize default 10, 1..=100.
pub const DESCRIBE_EIP_ADDRESSES_PAGE: PageLimits = PageLimits::sizes(10, 100);
/// DescribeGlobalAccelerationInstances: PageSize default 10, max 50 (the older doc says
/// 50, a newer Chinese doc 100; 50 is accepted by both).
pub const DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE: PageLimits = PageLimits::sizes(10, 50);
/// DescribeEipAddresses `AllocationId` / `EipAddress`: comma-separated, up to 50 each.
pub const EIP_FILTER_LIST_MAX: usize = 50;
/// DescribeEipAddresses `Tag.N`: N in 1..=20.
pub const EIP_TAG_MAX: usize = 20;
/// DescribeEipAddresses `Filter.N.Key`/`Filter.N.Value`: N in 1..=2
/// (CreationStartTime, CreationEndTime).
pub const EIP_FILTER_MAX: usize = 2;

/// DescribeNatGateways, DescribeHaVips, DescribeVpcs: PageSize default 10, 1..=50.
pub const DESCRIBE_VPC_RESOURCES_PAGE: PageLimits = PageLimits::sizes(10, 50);
/// DescribeHaVips `Filter.N` (N ≤ 5) and `Filter.N.Value.M` (M ≤ 5): at most 5 HaVip ids
/// per call.
pub const HA_VIP_FILTERS_MAX: usize = 5;
/// See [`HA_VIP_FILTERS_MAX`].
pub const HA_VIP_FILTER_VALUES_MAX: usize = 5;
/// DescribeHaVips filter keys.
pub const HA_VIP_FILTER_KEYS: &[&str] =
    &["VpcId", "VSwitchId", "Status", "HaVipId", "HaVipAddress"];
/// DescribeVpcs `VpcId`: comma-separated, ≤ 20.
pub const VPC_IDS_MAX: usize = 20;

/// EIP `Status` values.
pub mod eip_status {
    pub use crate::api::words::pascal::{ASSOCIATING, AVAILABLE, IN_USE, RELEASING, UNASSOCIATING};

    /// Every EIP `Status`.
    pub const ALL: &[&str] = &[AVAILABLE, IN_USE, ASSOCIATING, UNASSOCIATING, RELEASING];
}

/// AssociateEipAddress and EIP `InstanceType` values (the allowed list with its default is
/// [`crate::constraints::eip_association::ALIBABA_INSTANCE_TYPES`]).
pub mod eip_instance_type {
    pub use crate::api::words::pascal::{
        ECS_INSTANCE, HA_VIP, IP_ADDRESS, NAT, NETWORK_INTERFACE, SLB_INSTANCE,
    };
}

/// AssociateEipAddress `Mode` values (the allowed list with its default is
/// [`crate::constraints::eip_association::ALIBABA_MODES`]).
pub mod eip_mode {
    pub use crate::api::words::upper::{BINDED, MULTI_BINDED, NAT};
}

/// NAT gateway `Status` values.
pub mod nat_gateway_status {
    pub use crate::api::words::pascal::{AVAILABLE, CREATING, DELETING, MODIFYING};

    /// Every NAT gateway `Status`.
    pub const ALL: &[&str] = &[AVAILABLE, CREATING, MODIFYING, DELETING];
}

/// HaVip `Status` values (an EIP binds to an `Available` or `InUse` HaVip).
pub mod ha_vip_status {
    pub use crate::api::words::pascal::{AVAILABLE, IN_USE};
}

/// Global acceleration instance `Status` values (the doc text also spells `Inuse`).
pub mod ga_status {
    pub use crate::api::words::pascal::{
        ASSOCIATING, AVAILABLE, CREATING, IN_USE, LOCKED, RELEASING, UNASSOCIATING,
    };
}

/// Global acceleration instance `BandwidthType` values (`Exclusive` instances have one
/// backend, `Sharing` ones hold EIPs).
pub mod ga_bandwidth_type {
    pub use crate::api::words::pascal::{EXCLUSIVE, SHARING};

    /// Every `BandwidthType`.
    pub const ALL: &[&str] = &[EXCLUSIVE, SHARING];
}

/// Global acceleration instance `ServiceLocation` values.
pub mod ga_service_location {
    pub use crate::api::words::lower::{ASIA_PACIFIC, CHINA_MAINLAND, EUROPE, NORTH_AMERICA};

    /// Every `ServiceLocation`.
    pub const ALL: &[&str] = &[CHINA_MAINLAND, ASIA_PACIFIC, NORTH_AMERICA, EUROPE];
}

/// UnassociateGlobalAccelerationInstance `InstanceType` values (newer docs).
pub mod ga_unassociate_instance_type {
    pub use crate::api::words::pascal::{
        REMOTE_ECS_INSTANCE, REMOTE_ENI_INSTANCE, REMOTE_SLB_INSTANCE,
    };

    /// Every `InstanceType`.
    pub const ALL: &[&str] = &[
        REMOTE_ECS_INSTANCE,
        REMOTE_SLB_INSTANCE,
        REMOTE_ENI_INSTANCE,
    ];
}

/// VPC `Status` values.
pub mod vpc_status {
    pub use crate::api::words::pascal::{AVAILABLE, PENDING};
}

/// Global acceleration backend `ServerType` values (the allowed list with its default is
/// [`crate::constraints::ga_backend::BACKEND_SERVER_TYPES`]).
pub mod ga_server_type {
    pub use crate::api::words::pascal::{ECS_INSTANCE, SLB_INSTANCE};
}

lenient_struct! {
    /// A response that carries only `RequestId` (the four VPC write APIs: their
    /// responses are aliases of it in their modules).
    #[derive(Eq)]
    pub struct RequestIdResponse {
        request_id: String,
    }
}

lenient_struct! {
    /// `{LockReason: "financial"}` inside `OperationLocks.LockReason[]`.
    #[derive(Eq)]
    pub struct LockReason {
        lock_reason: String,
    }
}

wrapped_list!(
    /// `OperationLocks: {"LockReason": [...]}`.
    OperationLocks,
    "LockReason",
    LockReason
);
wrapped_list!(
    /// `Tags: {"Tag": [...]}`.
    Tags,
    "Tag",
    Tag
);

wire_response!(RequestIdResponse);
