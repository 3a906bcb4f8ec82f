//! Volcengine VPC 2020-04-01 (`vpc`, HTTP GET, parameters in the query): AssociateHaVip,
//! DescribeHaVips, DisassociateHaVip, DescribeNetworkInterfaces, with Volcengine's success
//! envelope `{"ResponseMetadata": {RequestId, Action, Version, Service, Region}, "Result":
//! {...}}` ([`VolcengineEnvelope`], [`ResponseMetadata`]; the error variant lives in
//! [`super::error`]).
//!
//! Lists are flattened `Name.N` (1-based): `HaVipIds.1`, `TagFilters.1.Key`,
//! `TagFilters.1.Values.1`. Unlike Alibaba, response lists are flat JSON arrays
//! (`HaVips[]`, `AssociatedInstanceIds[]`, `NetworkInterfaceSets[]`), and an empty result
//! may come back as `null` — except an ENI's private IPs, wrapped one level
//! (`PrivateIpSets.PrivateIpSet[]`).
//!
//! | file | APIs |
//! |---|---|
//! | `ha_vip.rs` | AssociateHaVip, DisassociateHaVip, DescribeHaVips |
//! | `network_interface.rs` | DescribeNetworkInterfaces |

use super::fields::KeyValuesList;
use super::PageLimits;

mod ha_vip;
mod network_interface;
#[cfg(test)]
mod tests;

pub use super::common::Tag;
pub use super::envelope::{ResponseMetadata, VolcengineEnvelope};
pub use ha_vip::*;
pub use network_interface::*;

/// PageNumber/PageSize paging of the VPC 2020-04-01 Describe APIs: PageSize default 20,
/// 1..=100 (DescribeHaVips documents no default; it is the one documented for DescribeVpcs of
/// the same API version).
pub const DESCRIBE_PAGE: PageLimits = PageLimits::sizes(20, 100);
/// NextToken/MaxResults paging of the VPC 2020-04-01 Describe APIs: MaxResults default 10,
/// 1..=100.
pub const DESCRIBE_TOKEN_PAGE: PageLimits = PageLimits::sizes(10, 100);

/// DescribeHaVips PageNumber/PageSize paging: [`DESCRIBE_PAGE`].
pub const DESCRIBE_HA_VIPS_PAGE: PageLimits = DESCRIBE_PAGE;
/// DescribeHaVips NextToken/MaxResults paging: [`DESCRIBE_TOKEN_PAGE`].
pub const DESCRIBE_HA_VIPS_TOKEN_PAGE: PageLimits = DESCRIBE_TOKEN_PAGE;
/// `HaVipIds.N`: up to 100 ids.
pub const HA_VIP_IDS_MAX: usize = 100;
/// `TagFilters.N`: N in 1..=10.
pub const TAG_FILTERS_MAX: usize = 10;
/// `TagFilters.N.Values.M`: no documented limit; 100 is assumed.
pub const TAG_FILTER_VALUES_MAX: usize = 100;
/// `TagFilters.N.Key` / `TagFilters.N.Values.M` of the Volcengine Describe APIs.
pub(crate) const TAG_FILTERS: KeyValuesList = KeyValuesList {
    values_field: "Values",
    max: TAG_FILTERS_MAX,
    max_values: TAG_FILTER_VALUES_MAX,
};

/// DescribeNetworkInterfaces PageNumber/PageSize paging: [`DESCRIBE_PAGE`].
pub const DESCRIBE_NETWORK_INTERFACES_PAGE: PageLimits = DESCRIBE_PAGE;
/// DescribeNetworkInterfaces NextToken/MaxResults paging: [`DESCRIBE_TOKEN_PAGE`].
pub const DESCRIBE_NETWORK_INTERFACES_TOKEN_PAGE: PageLimits = DESCRIBE_TOKEN_PAGE;
/// `NetworkInterfaceIds.N`, `PrimaryIpAddresses.N`, `PrivateIpAddresses.N`: up to 100.
pub const NETWORK_INTERFACE_IDS_MAX: usize = 100;

/// ENI `Status` and `Type` values.
pub mod eni {
    pub use crate::api::words::lower::{PRIMARY, SECONDARY};
    pub use crate::api::words::pascal::{
        ATTACHING, AVAILABLE, CREATING, DELETING, DETACHING, IN_USE,
    };

    /// Every ENI `Status`.
    pub const STATUSES: &[&str] = &[AVAILABLE, IN_USE, ATTACHING, DETACHING, CREATING, DELETING];
}

/// HaVip `Status` values (no `Associating` state, unlike Alibaba).
pub mod ha_vip_status {
    pub use crate::api::words::pascal::{AVAILABLE, CREATING, DELETING, IN_USE};

    /// Every HaVip `Status`.
    pub const ALL: &[&str] = &[AVAILABLE, IN_USE, CREATING, DELETING];
}

/// AssociateHaVip `InstanceType` values (the allowed list with its default is
/// [`crate::constraints::havip_attachment::INSTANCE_TYPES`]).
pub mod ha_vip_instance_type {
    pub use crate::api::words::pascal::{ECS_INSTANCE, NETWORK_INTERFACE};
}
