//! DescribeNetworkInterfaces: the request, and an ENI as the response describes it.

use serde::{Deserialize, Serialize};

use super::*;
use crate::api::fields::{AnyInteger, Flag, Optional, PageNumber, PageSize, Repeated, Required};
use crate::api::lenient::{lenient, nullable};
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
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=500, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_NETWORK_INTERFACES_PAGE),
        next_token: Option<String> = "NextToken" => Optional,
        /// Clamped by the cloud into 10..=500.
        max_results: Option<u32> = "MaxResults" => AnyInteger,
    }
}

token_paged!(DescribeNetworkInterfacesRequest);

/// `{PublicIpAddress, AllocationId}`: the EIP bound to an ENI or one of its private IPs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AssociatedPublicIp {
    #[serde(deserialize_with = "lenient")]
    pub public_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub allocation_id: String,
}

/// `{PrivateIpAddress, Primary, AssociatedPublicIp}` inside an ENI's
/// `PrivateIpSets.PrivateIpSet[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct EniPrivateIpSet {
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub primary: bool,
    #[serde(deserialize_with = "nullable")]
    pub associated_public_ip: AssociatedPublicIp,
}

wrapped_list!(
    /// `PrivateIpSets: {"PrivateIpSet": [...]}` of an ENI.
    EniPrivateIpSets,
    "PrivateIpSet",
    EniPrivateIpSet
);

/// An ENI's `Attachment`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct EniAttachment {
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub device_index: i64,
}

/// One element of `NetworkInterfaceSets.NetworkInterfaceSet[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NetworkInterfaceSet {
    #[serde(deserialize_with = "lenient")]
    pub network_interface_id: String,
    #[serde(deserialize_with = "lenient")]
    pub network_interface_name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    /// See [`eni`].
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    /// `Primary` | `Secondary`.
    #[serde(rename = "Type", deserialize_with = "lenient")]
    pub eni_type: String,
    /// The instance it is attached to; empty when detached.
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(rename = "VSwitchId", deserialize_with = "lenient")]
    pub v_switch_id: String,
    #[serde(deserialize_with = "lenient")]
    pub zone_id: String,
    /// The primary private IPv4 address.
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "nullable")]
    pub private_ip_sets: EniPrivateIpSets,
    #[serde(deserialize_with = "nullable")]
    pub associated_public_ip: AssociatedPublicIp,
    #[serde(deserialize_with = "lenient")]
    pub mac_address: String,
    /// Used by an Alibaba Cloud service.
    #[serde(deserialize_with = "lenient")]
    pub service_managed: bool,
    #[serde(rename = "ServiceID", deserialize_with = "lenient")]
    pub service_id: i64,
    #[serde(deserialize_with = "nullable")]
    pub security_group_ids: SecurityGroupIds,
    #[serde(deserialize_with = "nullable")]
    pub attachment: EniAttachment,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: EcsTags,
}

impl NetworkInterfaceSet {
    /// Every private IPv4 address of the ENI (the primary one first).
    pub fn private_ips(&self) -> Vec<&str> {
        crate::api::distinct(
            std::iter::once(self.private_ip_address.as_str()).chain(
                self.private_ip_sets
                    .items
                    .iter()
                    .map(|s| s.private_ip_address.as_str()),
            ),
        )
    }
}

wrapped_list!(
    /// `NetworkInterfaceSets: {"NetworkInterfaceSet": [...]}`.
    NetworkInterfaceSets,
    "NetworkInterfaceSet",
    NetworkInterfaceSet
);

/// DescribeNetworkInterfaces response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNetworkInterfacesResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(skip_serializing_if = "String::is_empty", deserialize_with = "lenient")]
    pub next_token: String,
    #[serde(deserialize_with = "nullable")]
    pub network_interface_sets: NetworkInterfaceSets,
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
