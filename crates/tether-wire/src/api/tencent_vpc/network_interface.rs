//! Tencent VPC DescribeNetworkInterfaces: an ENI's state, its private IPs (with the EIP
//! bound to each) and the instance it is attached to.

use super::{
    Filter, Tag, DESCRIBE_NETWORK_INTERFACES_PAGE, FILTER_VALUES_MAX, NETWORK_INTERFACE_IDS_MAX,
};
use crate::api::fields::{AnyInteger, Filters, PageSize, Repeated};
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

lenient_struct! {
    /// One element of an ENI's `PrivateIpAddressSet[]`.
    #[derive(Eq)]
    pub struct PrivateIpAddressSpecification {
        private_ip_address: String,
        primary: bool,
        /// The EIP (or plain public IP) bound to this private IP, if any.
        public_ip_address: Option<String>,
        address_id: Option<String>,
        description: Option<String>,
        is_wan_ip_blocked: bool,
        /// `PENDING` | `MIGRATING` | `DELETING` | `AVAILABLE`.
        state: String,
    }
}

lenient_struct! {
    /// An ENI's `Attachment` (`null` when detached).
    #[derive(Eq)]
    pub struct NetworkInterfaceAttachment {
        instance_id: String,
        device_index: u64,
        instance_account_id: String,
        attach_time: String,
    }
}

lenient_struct! {
    /// One element of `NetworkInterfaceSet[]`.
    #[derive(Eq)]
    pub struct NetworkInterface {
        network_interface_id: String,
        network_interface_name: String,
        network_interface_description: String,
        subnet_id: String,
        vpc_id: String,
        group_set: Vec<String>,
        /// The instance's primary ENI.
        primary: bool,
        mac_address: String,
        /// See [`super::eni_state`].
        state: String,
        /// Every private IPv4 address of the ENI, the primary one flagged.
        private_ip_address_set: Vec<PrivateIpAddressSpecification>,
        /// `null` when the ENI is attached to no instance.
        attachment: Option<NetworkInterfaceAttachment>,
        zone: String,
        created_time: String,
        tag_set: Vec<Tag>,
        /// 0 secondary, 1 primary, 2 trunk.
        eni_type: u64,
        /// `cvm` | `cbs`, …
        business: String,
        cdc_id: String,
        attach_type: u64,
    }
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

lenient_struct! {
    /// DescribeNetworkInterfaces response.
    #[derive(Eq)]
    pub struct DescribeNetworkInterfacesResponse {
        network_interface_set: Vec<NetworkInterface>,
        total_count: u64,
        #[serde(alias = "RequestID")]
        request_id: String,
    }
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
