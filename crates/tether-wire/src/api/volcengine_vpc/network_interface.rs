//! Volcengine VPC DescribeNetworkInterfaces: an ENI's status, type, subnet, the instance it
//! is attached to (`DeviceId`) and its private IPs (wrapped `PrivateIpSets.PrivateIpSet[]`).

use serde::{Deserialize, Serialize};

use super::{
    Tag, DESCRIBE_NETWORK_INTERFACES_PAGE, DESCRIBE_NETWORK_INTERFACES_TOKEN_PAGE,
    NETWORK_INTERFACE_IDS_MAX, TAG_FILTERS,
};
use crate::api::fields::{Optional, PageSize, Repeated};
use crate::api::params::KeyValues;
use crate::api::VOLCENGINE_VPC;

wire_request! {
    /// DescribeNetworkInterfaces. All filters optional and combined with AND.
    pub struct DescribeNetworkInterfacesRequest: params {
        /// `NetworkInterfaceIds.N` (≤ 100).
        network_interface_ids: Vec<String> = "NetworkInterfaceIds"
            => Repeated(NETWORK_INTERFACE_IDS_MAX),
        /// The instance the ENIs are attached to.
        instance_id: Option<String> = "InstanceId" => Optional,
        vpc_id: Option<String> = "VpcId" => Optional,
        subnet_id: Option<String> = "SubnetId" => Optional,
        zone_id: Option<String> = "ZoneId" => Optional,
        /// `primary` | `secondary`.
        eni_type: Option<String> = "Type" => Optional,
        /// See [`eni`](super::eni).
        status: Option<String> = "Status" => Optional,
        network_interface_name: Option<String> = "NetworkInterfaceName" => Optional,
        security_group_id: Option<String> = "SecurityGroupId" => Optional,
        /// `PrimaryIpAddresses.N` (≤ 100).
        primary_ip_addresses: Vec<String> = "PrimaryIpAddresses"
            => Repeated(NETWORK_INTERFACE_IDS_MAX),
        /// `PrivateIpAddresses.N` (≤ 100).
        private_ip_addresses: Vec<String> = "PrivateIpAddresses"
            => Repeated(NETWORK_INTERFACE_IDS_MAX),
        project_name: Option<String> = "ProjectName" => Optional,
        tag_filters: Vec<KeyValues> = "TagFilters" => TAG_FILTERS,
        ..numbered_pages(DESCRIBE_NETWORK_INTERFACES_PAGE),
        next_token: Option<String> = "NextToken" => Optional,
        /// 1..=100, default 10.
        max_results: Option<u32> = "MaxResults"
            => PageSize(DESCRIBE_NETWORK_INTERFACES_TOKEN_PAGE),
    }
}

token_paged!(DescribeNetworkInterfacesRequest);

lenient_struct! {
    /// `{AllocationId, EipAddress}`: the EIP bound to an ENI or one of its private IPs.
    #[derive(Eq)]
    pub struct AssociatedElasticIp {
        allocation_id: String,
        eip_address: String,
    }
}

lenient_struct! {
    /// `{PrivateIpAddress, Primary, AssociatedElasticIp}` inside `PrivateIpSets.PrivateIpSet[]`.
    #[derive(Eq)]
    pub struct PrivateIpSet {
        private_ip_address: String,
        primary: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        associated_elastic_ip: Option<AssociatedElasticIpValue>,
    }
}

/// [`AssociatedElasticIp`] for the lenient `Option` helper (`null` or absent = none).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AssociatedElasticIpValue(pub AssociatedElasticIp);

wrapped_list!(
    /// `PrivateIpSets: {"PrivateIpSet": [...]}`.
    PrivateIpSets,
    "PrivateIpSet",
    PrivateIpSet
);

lenient_struct! {
    /// One element of `NetworkInterfaceSets[]`.
    pub struct NetworkInterfaceSet {
        network_interface_id: String,
        network_interface_name: String,
        description: String,
        /// See [`eni`](super::eni).
        status: String,
        /// `primary` | `secondary`.
        #[serde(rename = "Type")]
        eni_type: String,
        vpc_id: String,
        vpc_name: String,
        subnet_id: String,
        zone_id: String,
        /// The instance it is attached to; empty when detached or service-managed.
        device_id: String,
        primary_ip_address: String,
        private_ip_sets: PrivateIpSets => nullable,
        #[serde(skip_serializing_if = "Option::is_none")]
        associated_elastic_ip: Option<AssociatedElasticIpValue>,
        /// Managed by a Volcengine service (refused as a HaVip member).
        service_managed: bool,
        mac_address: String,
        security_group_ids: Vec<String>,
        port_security_enabled: bool,
        account_id: String,
        project_name: String,
        created_at: String,
        updated_at: String,
        tags: Vec<Tag>,
    }
}

impl NetworkInterfaceSet {
    /// Every private IPv4 address of the ENI (the primary one first).
    pub fn private_ips(&self) -> Vec<&str> {
        crate::api::distinct(crate::api::eni_private_ips(
            &self.primary_ip_address,
            &self.private_ip_sets.items,
            |set| &set.private_ip_address,
        ))
    }
}

lenient_struct! {
    /// `Result` of DescribeNetworkInterfaces.
    pub struct DescribeNetworkInterfacesResult {
        request_id: String,
        network_interface_sets: Vec<NetworkInterfaceSet>,
        total_count: u64,
        page_number: u64,
        page_size: u64,
        /// Empty when there is no further page.
        next_token: String,
    }
}

pub type DescribeNetworkInterfacesResponse = DescribeNetworkInterfacesResult;

lenient_via_serde!(AssociatedElasticIpValue);

wire_response!(DescribeNetworkInterfacesResult);

api_action!(VOLCENGINE_VPC, DescribeNetworkInterfacesRequest => DescribeNetworkInterfacesResponse,
    "DescribeNetworkInterfaces");

volcengine_paginated!(
    DescribeNetworkInterfacesRequest,
    NetworkInterfaceSet,
    DESCRIBE_NETWORK_INTERFACES_PAGE,
    network_interface_sets
);
