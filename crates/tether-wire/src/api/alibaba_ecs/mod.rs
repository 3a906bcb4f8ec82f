//! Alibaba Cloud ECS 2014-05-26 (`ecs`, RPC): DescribeInstances and
//! DescribeNetworkInterfaces, the read-only APIs the plan-time checks use to learn an
//! instance's status, network type, VPC, vSwitch, addresses and type, and an ENI's status,
//! type, owner and private IPs.
//!
//! Wire shapes kept:
//! - DescribeInstances takes its ID and IP lists as **one parameter holding a JSON array**
//!   (`InstanceIds=["i-1","i-2"]`, ≤ 100); an empty array is a filter that matches nothing.
//! - DescribeNetworkInterfaces takes `NetworkInterfaceId.N` / `PrivateIpAddress.N` (≤ 100).
//! - Both page with `PageNumber`/`PageSize` (the API also offers `NextToken`/`MaxResults`;
//!   `MaxResults` is clamped by the cloud, never refused).
//! - Responses wrap every list one level: `Instances.Instance[]`,
//!   `VpcAttributes.PrivateIpAddress.IpAddress[]`, `PublicIpAddress.IpAddress[]`,
//!   `InnerIpAddress.IpAddress[]`, `NetworkInterfaces.NetworkInterface[]` with
//!   `PrivateIpSets.PrivateIpSet[]`, `NetworkInterfaceSets.NetworkInterfaceSet[]`,
//!   `SecurityGroupIds.SecurityGroupId[]`, `Tags.Tag[]` (`TagKey`/`TagValue`).
//! - `Cpu`, `Memory`, `Bandwidth` are numbers; `Primary` and `ServiceManaged` booleans.

use super::PageLimits;

/// DescribeInstances: PageSize default 10, 1..=100.
pub const DESCRIBE_INSTANCES_PAGE: PageLimits = PageLimits::sizes(10, 100);
/// DescribeInstances `InstanceIds`, `PrivateIpAddresses`, `PublicIpAddresses`,
/// `InnerIpAddresses`, `EipAddresses`: JSON arrays of at most 100 values.
pub const INSTANCE_FILTER_LIST_MAX: usize = 100;
/// DescribeNetworkInterfaces: PageSize default 10, 1..=500 (the range `MaxResults` documents).
pub const DESCRIBE_NETWORK_INTERFACES_PAGE: PageLimits = PageLimits::sizes(10, 500);
/// DescribeNetworkInterfaces `NetworkInterfaceId.N` / `PrivateIpAddress.N`: N in 1..=100.
pub const NETWORK_INTERFACE_IDS_MAX: usize = 100;

/// Instance `Status` values.
pub mod instance_status {
    pub use crate::api::words::pascal::{PENDING, RUNNING, STARTING, STOPPED, STOPPING};

    /// Every instance `Status`.
    pub const ALL: &[&str] = &[RUNNING, STOPPED, STARTING, STOPPING, PENDING];
}

/// Instance `InstanceNetworkType` values.
pub mod network_type {
    pub use crate::api::words::lower::{CLASSIC, VPC};

    /// Every `InstanceNetworkType`.
    pub const ALL: &[&str] = &[VPC, CLASSIC];
}

/// ENI `Status` and `Type` values.
pub mod eni {
    pub use crate::api::words::pascal::{
        ATTACHING, AVAILABLE, DELETING, DETACHING, IN_USE, PRIMARY, SECONDARY,
    };
}

mod instances;
mod network_interfaces;
#[cfg(test)]
mod tests;

pub use instances::*;
pub use network_interfaces::*;

wrapped_list!(
    /// `{"IpAddress": [...]}` (`PublicIpAddress`, `InnerIpAddress`,
    /// `VpcAttributes.PrivateIpAddress`).
    IpAddresses,
    "IpAddress",
    String
);
wrapped_list!(
    /// `SecurityGroupIds: {"SecurityGroupId": [...]}`.
    SecurityGroupIds,
    "SecurityGroupId",
    String
);

lenient_struct! {
    /// An ECS tag `{TagKey, TagValue}`.
    #[derive(Eq)]
    pub struct EcsTag {
        tag_key: String,
        tag_value: String,
    }
}
