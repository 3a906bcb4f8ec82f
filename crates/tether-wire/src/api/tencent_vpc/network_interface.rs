//! Tencent VPC DescribeNetworkInterfaces: an ENI's state, its private IPs (with the EIP
//! bound to each) and the instance it is attached to.

use serde::{Deserialize, Serialize};

use super::{
    Filter, Tag, DESCRIBE_NETWORK_INTERFACES_PAGE, FILTER_VALUES_MAX, NETWORK_INTERFACE_IDS_MAX,
};
use crate::api::fields::{AnyInteger, Filters, PageSize, Repeated};
use crate::api::lenient::lenient;
use crate::api::TENCENT_VPC;

wire_request! {
    /// DescribeNetworkInterfaces. `NetworkInterfaceIds` and `Filters` cannot be combined;
    /// an unknown id is simply absent from the answer.
    pub struct DescribeNetworkInterfacesRequest: json {
        /// ≤ 100.
        network_interface_ids: Vec<String> = "NetworkInterfaceIds"
            => Repeated(NETWORK_INTERFACE_IDS_MAX),
        /// Names: vpc-id, subnet-id, network-interface-id, attachment.instance-id,
        /// groups.security-group-id, network-interface-name, network-interface-description,
        /// address-ip, ip-exact-match, tag-key, `tag:<key>`, is-primary, eni-type, eni-qos,
        /// address-ipv6, public-address-ip, address-type, termination-protection,
        /// traffic-protection.
        filters: Vec<Filter> = "Filters" => Filters(FILTER_VALUES_MAX),
        /// Default 0.
        offset: Option<u64> = "Offset" => AnyInteger,
        /// 1..=100 (default 20).
        limit: Option<u64> = "Limit" => PageSize(DESCRIBE_NETWORK_INTERFACES_PAGE),
    }
}

/// One element of an ENI's `PrivateIpAddressSet[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrivateIpAddressSpecification {
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub primary: bool,
    /// The EIP (or plain public IP) bound to this private IP, if any.
    #[serde(deserialize_with = "lenient")]
    pub public_ip_address: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub address_id: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub description: Option<String>,
    #[serde(deserialize_with = "lenient")]
    pub is_wan_ip_blocked: bool,
    /// `PENDING` | `MIGRATING` | `DELETING` | `AVAILABLE`.
    #[serde(deserialize_with = "lenient")]
    pub state: String,
}

/// An ENI's `Attachment` (`null` when detached).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkInterfaceAttachment {
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub device_index: u64,
    #[serde(deserialize_with = "lenient")]
    pub instance_account_id: String,
    #[serde(deserialize_with = "lenient")]
    pub attach_time: String,
}

/// One element of `NetworkInterfaceSet[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkInterface {
    #[serde(deserialize_with = "lenient")]
    pub network_interface_id: String,
    #[serde(deserialize_with = "lenient")]
    pub network_interface_name: String,
    #[serde(deserialize_with = "lenient")]
    pub network_interface_description: String,
    #[serde(deserialize_with = "lenient")]
    pub subnet_id: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub group_set: Vec<String>,
    /// The instance's primary ENI.
    #[serde(deserialize_with = "lenient")]
    pub primary: bool,
    #[serde(deserialize_with = "lenient")]
    pub mac_address: String,
    /// See [`eni_state`].
    #[serde(deserialize_with = "lenient")]
    pub state: String,
    /// Every private IPv4 address of the ENI, the primary one flagged.
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address_set: Vec<PrivateIpAddressSpecification>,
    /// `null` when the ENI is attached to no instance.
    #[serde(deserialize_with = "lenient")]
    pub attachment: Option<NetworkInterfaceAttachment>,
    #[serde(deserialize_with = "lenient")]
    pub zone: String,
    #[serde(deserialize_with = "lenient")]
    pub created_time: String,
    #[serde(deserialize_with = "lenient")]
    pub tag_set: Vec<Tag>,
    /// 0 secondary, 1 primary, 2 trunk.
    #[serde(deserialize_with = "lenient")]
    pub eni_type: u64,
    /// `cvm` | `cbs`, …
    #[serde(deserialize_with = "lenient")]
    pub business: String,
    #[serde(deserialize_with = "lenient")]
    pub cdc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub attach_type: u64,
}

impl NetworkInterface {
    /// Whether `ip` is one of the ENI's private IPv4 addresses.
    pub fn has_private_ip(&self, ip: &str) -> bool {
        self.private_ip_address_set
            .iter()
            .any(|p| p.private_ip_address == ip)
    }

    /// The instance the ENI is attached to, if any.
    pub fn owner(&self) -> Option<&str> {
        self.attachment
            .as_ref()
            .map(|a| a.instance_id.as_str())
            .filter(|i| !i.is_empty())
    }

    /// For an instance's primary ENI: the instance and the ENI's primary private IP, the
    /// slot an EIP bound "to the instance" occupies. `None` for a secondary or detached ENI.
    pub fn primary_slot(&self) -> Option<(&str, &str)> {
        let ip = self
            .private_ip_address_set
            .iter()
            .find(|p| p.primary)
            .map(|p| p.private_ip_address.as_str())?;
        self.primary.then_some(())?;
        Some((self.owner()?, ip))
    }
}

/// DescribeNetworkInterfaces response.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNetworkInterfacesResponse {
    #[serde(deserialize_with = "lenient")]
    pub network_interface_set: Vec<NetworkInterface>,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(alias = "RequestID", deserialize_with = "lenient")]
    pub request_id: String,
}

lenient_via_serde!(NetworkInterfaceAttachment);

wire_response!(DescribeNetworkInterfacesResponse);

api_action!(TENCENT_VPC, DescribeNetworkInterfacesRequest => DescribeNetworkInterfacesResponse,
    "DescribeNetworkInterfaces");

offset_paginated!(
    DescribeNetworkInterfacesRequest,
    NetworkInterface,
    DESCRIBE_NETWORK_INTERFACES_PAGE,
    network_interface_set
);
