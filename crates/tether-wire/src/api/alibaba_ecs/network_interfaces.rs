//! DescribeNetworkInterfaces: the request, and an ENI as the response describes it.

use super::*;
use crate::api::fields::{AnyInteger, Flag, Optional, Repeated, Required};
use crate::api::ALIBABA_ECS;

wire_request! {
    /// DescribeNetworkInterfaces: the filters combine with AND.
    pub struct DescribeNetworkInterfacesRequest: params {
        region_id: String = "RegionId" => Required,
        /// `NetworkInterfaceId.N` (≤ 100).
        network_interface_ids: Vec<String> = "NetworkInterfaceId"
            => Repeated(NETWORK_INTERFACE_IDS_MAX),
        /// The instance the ENIs are attached to.
        instance_id: Option<String> = "InstanceId" => Optional,
        vpc_id: Option<String> = "VpcId" => Optional,
        v_switch_id: Option<String> = "VSwitchId" => Optional,
        /// `Primary` | `Secondary` (see [`eni`]).
        eni_type: Option<String> = "Type" => Optional,
        /// See [`eni`].
        status: Option<String> = "Status" => Optional,
        network_interface_name: Option<String> = "NetworkInterfaceName" => Optional,
        primary_ip_address: Option<String> = "PrimaryIpAddress" => Optional,
        /// `PrivateIpAddress.N` (≤ 100).
        private_ip_addresses: Vec<String> = "PrivateIpAddress"
            => Repeated(NETWORK_INTERFACE_IDS_MAX),
        service_managed: Option<bool> = "ServiceManaged" => Flag,
        security_group_id: Option<String> = "SecurityGroupId" => Optional,
        ..numbered_pages(DESCRIBE_NETWORK_INTERFACES_PAGE),
        next_token: Option<String> = "NextToken" => Optional,
        /// Clamped by the cloud into 10..=500.
        max_results: Option<u32> = "MaxResults" => AnyInteger,
    }
}

token_paged!(DescribeNetworkInterfacesRequest);

lenient_struct! {
    /// `{PublicIpAddress, AllocationId}`: the EIP bound to an ENI or one of its private IPs.
    #[derive(Eq)]
    pub struct AssociatedPublicIp {
        public_ip_address: String,
        allocation_id: String,
    }
}

lenient_struct! {
    /// `{PrivateIpAddress, Primary, AssociatedPublicIp}` inside an ENI's
    /// `PrivateIpSets.PrivateIpSet[]`.
    #[derive(Eq)]
    pub struct EniPrivateIpSet {
        private_ip_address: String,
        primary: bool,
        associated_public_ip: AssociatedPublicIp => nullable,
    }
}

wrapped_list!(
    /// `PrivateIpSets: {"PrivateIpSet": [...]}` of an ENI.
    EniPrivateIpSets,
    "PrivateIpSet",
    EniPrivateIpSet
);

lenient_struct! {
    /// An ENI's `Attachment`.
    #[derive(Eq)]
    pub struct EniAttachment {
        instance_id: String,
        device_index: i64,
    }
}

lenient_struct! {
    /// One element of `NetworkInterfaceSets.NetworkInterfaceSet[]`.
    pub struct NetworkInterfaceSet {
        network_interface_id: String,
        network_interface_name: String,
        description: String,
        /// See [`eni`].
        status: String,
        /// `Primary` | `Secondary`.
        #[serde(rename = "Type")]
        eni_type: String,
        /// The instance it is attached to; empty when detached.
        instance_id: String,
        vpc_id: String,
        #[serde(rename = "VSwitchId")]
        v_switch_id: String,
        zone_id: String,
        /// The primary private IPv4 address.
        private_ip_address: String,
        private_ip_sets: EniPrivateIpSets => nullable,
        associated_public_ip: AssociatedPublicIp => nullable,
        mac_address: String,
        /// Used by an Alibaba Cloud service.
        service_managed: bool,
        #[serde(rename = "ServiceID")]
        service_id: i64,
        security_group_ids: SecurityGroupIds => nullable,
        attachment: EniAttachment => nullable,
        creation_time: String,
        resource_group_id: String,
        tags: EcsTags => nullable,
    }
}

impl NetworkInterfaceSet {
    /// Every private IPv4 address of the ENI (the primary one first).
    pub fn private_ips(&self) -> Vec<&str> {
        crate::api::distinct(crate::api::eni_private_ips(
            &self.private_ip_address,
            &self.private_ip_sets.items,
            |set| &set.private_ip_address,
        ))
    }
}

wrapped_list!(
    /// `NetworkInterfaceSets: {"NetworkInterfaceSet": [...]}`.
    NetworkInterfaceSets,
    "NetworkInterfaceSet",
    NetworkInterfaceSet
);

lenient_struct! {
    /// DescribeNetworkInterfaces response.
    pub struct DescribeNetworkInterfacesResponse {
        ..numbered_page,
        #[serde(skip_serializing_if = "String::is_empty")]
        next_token: String,
        network_interface_sets: NetworkInterfaceSets => nullable,
    }
}

wire_response!(DescribeInstancesResponse, DescribeNetworkInterfacesResponse);

api_action!(ALIBABA_ECS, DescribeInstancesRequest => DescribeInstancesResponse, "DescribeInstances");
api_action!(ALIBABA_ECS, DescribeNetworkInterfacesRequest => DescribeNetworkInterfacesResponse,
    "DescribeNetworkInterfaces");

page_number_paginated!(
    DescribeInstancesRequest,
    Instance,
    DESCRIBE_INSTANCES_PAGE,
    instances
);
page_number_paginated!(
    DescribeNetworkInterfacesRequest,
    NetworkInterfaceSet,
    DESCRIBE_NETWORK_INTERFACES_PAGE,
    network_interface_sets
);
