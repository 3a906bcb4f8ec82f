//! Tencent Cloud VPC 2017-03-12 (API 3.0, `vpc`, POST with a JSON body): AssociateAddress,
//! DescribeAddresses, DisassociateAddress, DescribeTaskResult and DescribeNetworkInterfaces,
//! with Tencent's success envelope `{"Response": {..., "RequestId"}}` ([`TencentEnvelope`];
//! errors live in [`super::error`]).
//!
//! Requests are JSON objects with the exact PascalCase names, arrays as JSON arrays,
//! `Filters` as `[{"Name": …, "Values": […]}]` and `Offset`/`Limit`/`TaskId` as integers.
//! [`DescribeAddressesRequest::from_json`] & co. (from one field table per request) parse
//! strictly (wrong JSON types and
//! unknown parameters are errors, as Tencent answers `InvalidParameter` /
//! `UnknownParameter`); responses parse tolerantly: the write APIs return `TaskId` as a
//! **string** while DescribeTaskResult takes and returns it as an **integer**, and many
//! fields may be `null`.
//!
//! | file | APIs |
//! |---|---|
//! | `address.rs` | AssociateAddress, DisassociateAddress, DescribeAddresses, DescribeTaskResult |
//! | `network_interface.rs` | DescribeNetworkInterfaces |

use super::PageLimits;

mod address;
mod network_interface;
#[cfg(test)]
mod tests;

pub use super::common::Tag;
pub use super::envelope::TencentEnvelope;
pub use super::tencent_json::{Filter, FILTERS_MAX};
pub use address::*;
pub use network_interface::*;

/// Offset/Limit paging of the VPC Describe APIs: `Limit` default 20, max 100; `Offset`
/// default 0.
pub const DESCRIBE_PAGE: PageLimits = PageLimits::sizes(20, 100);

/// DescribeAddresses: [`DESCRIBE_PAGE`].
pub const DESCRIBE_ADDRESSES_PAGE: PageLimits = DESCRIBE_PAGE;
/// DescribeAddresses `AddressIds`: at most 100 per request.
pub const ADDRESS_IDS_MAX: usize = 100;
/// DescribeAddresses `Filters[].Values`: at most 100 values per filter.
pub const FILTER_VALUES_MAX: usize = 100;

/// DescribeNetworkInterfaces: [`DESCRIBE_PAGE`].
pub const DESCRIBE_NETWORK_INTERFACES_PAGE: PageLimits = DESCRIBE_PAGE;
/// DescribeNetworkInterfaces `NetworkInterfaceIds`: at most 100 per request.
pub const NETWORK_INTERFACE_IDS_MAX: usize = 100;

/// ENI `State` values (an attached ENI is `AVAILABLE` too).
pub mod eni_state {
    pub use crate::api::words::upper::{ATTACHING, AVAILABLE, DELETING, DETACHING, PENDING};
}

/// An ENI's `PrivateIpAddressSet[].State` values.
pub mod private_ip_state {
    pub use crate::api::words::upper::{ATTACHING, AVAILABLE, DELETING, DETACHING, PENDING};
}

/// `AddressStatus` values (`BIND_ENI`: bound to a dangling ENI).
pub mod address_status {
    pub use crate::api::words::upper::{
        BIND, BINDING, BIND_ENI, CREATING, OFFLINING, UNBIND, UNBINDING,
    };

    /// Every `AddressStatus`.
    pub const ALL: &[&str] = &[
        UNBIND, BIND, BIND_ENI, BINDING, UNBINDING, CREATING, OFFLINING,
    ];
}

/// Address `InstanceType` values the association APIs produce (the docs list `NAT`,
/// `HAVIP`, `CLB`, … too).
pub mod address_instance_type {
    pub use crate::api::words::upper::{CVM, ENI};
}

/// DescribeTaskResult `Result` values.
pub mod task_result {
    pub use crate::api::words::upper::{FAILED, RUNNING, SUCCESS};
}
