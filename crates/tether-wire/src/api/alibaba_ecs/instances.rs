//! DescribeInstances: the request, and an instance as the response describes it.

use serde::{Deserialize, Serialize};

use super::*;
use crate::api::alibaba_vpc::OperationLocks;
use crate::api::fields::{AnyInteger, Flag, JsonArray, Optional, PageNumber, PageSize, Required};
use crate::api::lenient::{lenient, nullable};

wire_request! {
    /// DescribeInstances: the filters combine with AND; none lists the whole region.
    pub struct DescribeInstancesRequest: params {
        region_id: String = "RegionId" => Required,
        /// JSON array of ≤ 100 ids; `Some(vec![])` matches nothing.
        instance_ids: Option<Vec<String>> = "InstanceIds" => JsonArray(INSTANCE_FILTER_LIST_MAX),
        vpc_id: Option<String> = "VpcId" => Optional,
        v_switch_id: Option<String> = "VSwitchId" => Optional,
        zone_id: Option<String> = "ZoneId" => Optional,
        /// `vpc` | `classic`.
        instance_network_type: Option<String> = "InstanceNetworkType" => Optional,
        /// See [`instance_status`].
        status: Option<String> = "Status" => Optional,
        instance_type: Option<String> = "InstanceType" => Optional,
        instance_name: Option<String> = "InstanceName" => Optional,
        /// JSON array of ≤ 100 private IPs of VPC instances.
        private_ip_addresses: Option<Vec<String>> = "PrivateIpAddresses"
            => JsonArray(INSTANCE_FILTER_LIST_MAX),
        /// JSON array of ≤ 100 public IPs.
        public_ip_addresses: Option<Vec<String>> = "PublicIpAddresses"
            => JsonArray(INSTANCE_FILTER_LIST_MAX),
        /// JSON array of ≤ 100 EIP addresses.
        eip_addresses: Option<Vec<String>> = "EipAddresses" => JsonArray(INSTANCE_FILTER_LIST_MAX),
        security_group_id: Option<String> = "SecurityGroupId" => Optional,
        dry_run: Option<bool> = "DryRun" => Flag,
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=100, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_INSTANCES_PAGE),
        next_token: Option<String> = "NextToken" => Optional,
        /// Clamped by the cloud into 10..=100.
        max_results: Option<u32> = "MaxResults" => AnyInteger,
    }
}

token_paged!(DescribeInstancesRequest);

wrapped_list!(
    /// `Tags: {"Tag": [...]}`.
    EcsTags,
    "Tag",
    EcsTag
);

/// An instance's `VpcAttributes`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct VpcAttributes {
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(rename = "VSwitchId", deserialize_with = "lenient")]
    pub v_switch_id: String,
    /// `{"IpAddress": [...]}`: the primary ENI's private IPs.
    #[serde(deserialize_with = "nullable")]
    pub private_ip_address: IpAddresses,
    #[serde(deserialize_with = "lenient")]
    pub nat_ip_address: String,
}

/// The EIP bound to an instance (`EipAddress`); empty strings when none.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceEipAddress {
    #[serde(deserialize_with = "lenient")]
    pub allocation_id: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub bandwidth: i64,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub is_support_unassociate: bool,
}

/// `{PrivateIpAddress, Primary}` inside `PrivateIpSets.PrivateIpSet[]` of an instance's ENI.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstancePrivateIpSet {
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub primary: bool,
}

wrapped_list!(
    /// `PrivateIpSets: {"PrivateIpSet": [...]}` of an instance's ENI.
    InstancePrivateIpSets,
    "PrivateIpSet",
    InstancePrivateIpSet
);

/// One element of an instance's `NetworkInterfaces.NetworkInterface[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct InstanceNetworkInterface {
    #[serde(deserialize_with = "lenient")]
    pub network_interface_id: String,
    /// `Primary` | `Secondary`.
    #[serde(rename = "Type", deserialize_with = "lenient")]
    pub eni_type: String,
    #[serde(deserialize_with = "lenient")]
    pub mac_address: String,
    #[serde(deserialize_with = "lenient")]
    pub primary_ip_address: String,
    #[serde(deserialize_with = "nullable")]
    pub private_ip_sets: InstancePrivateIpSets,
}

wrapped_list!(
    /// `NetworkInterfaces: {"NetworkInterface": [...]}`.
    InstanceNetworkInterfaces,
    "NetworkInterface",
    InstanceNetworkInterface
);

/// One element of `Instances.Instance[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Instance {
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub host_name: String,
    /// See [`instance_status`].
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_type: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_type_family: String,
    /// `vpc` | `classic`.
    #[serde(deserialize_with = "lenient")]
    pub instance_network_type: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    #[serde(deserialize_with = "lenient")]
    pub zone_id: String,
    #[serde(deserialize_with = "nullable")]
    pub vpc_attributes: VpcAttributes,
    /// Private IPs of a classic-network instance.
    #[serde(deserialize_with = "nullable")]
    pub inner_ip_address: IpAddresses,
    /// The plain (non-elastic) public IP, if any.
    #[serde(deserialize_with = "nullable")]
    pub public_ip_address: IpAddresses,
    #[serde(deserialize_with = "nullable")]
    pub eip_address: InstanceEipAddress,
    /// Every ENI attached to the instance (primary and secondary).
    #[serde(deserialize_with = "nullable")]
    pub network_interfaces: InstanceNetworkInterfaces,
    #[serde(deserialize_with = "nullable")]
    pub security_group_ids: SecurityGroupIds,
    #[serde(deserialize_with = "nullable")]
    pub operation_locks: OperationLocks,
    #[serde(deserialize_with = "lenient")]
    pub cpu: i64,
    /// MiB.
    #[serde(deserialize_with = "lenient")]
    pub memory: i64,
    #[serde(deserialize_with = "lenient")]
    pub image_id: String,
    #[serde(rename = "OSName", deserialize_with = "lenient")]
    pub os_name: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_max_bandwidth_out: i64,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub start_time: String,
    #[serde(deserialize_with = "lenient")]
    pub expired_time: String,
    #[serde(deserialize_with = "lenient")]
    pub stopped_mode: String,
    #[serde(deserialize_with = "lenient")]
    pub deletion_protection: bool,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: EcsTags,
}

impl Instance {
    /// Every private IPv4 address of the instance: the VPC private IPs, the classic inner
    /// IPs and the private IPs of every attached ENI, without repeats.
    pub fn private_ips(&self) -> Vec<&str> {
        crate::api::distinct(
            self.vpc_attributes
                .private_ip_address
                .items
                .iter()
                .chain(&self.inner_ip_address.items)
                .map(String::as_str)
                .chain(self.network_interfaces.items.iter().flat_map(|n| {
                    std::iter::once(n.primary_ip_address.as_str()).chain(
                        n.private_ip_sets
                            .items
                            .iter()
                            .map(|s| s.private_ip_address.as_str()),
                    )
                })),
        )
    }
}

wrapped_list!(
    /// `Instances: {"Instance": [...]}`.
    Instances,
    "Instance",
    Instance
);

/// DescribeInstances response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeInstancesResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    /// Token mode only; empty on the last page.
    #[serde(skip_serializing_if = "String::is_empty", deserialize_with = "lenient")]
    pub next_token: String,
    #[serde(deserialize_with = "nullable")]
    pub instances: Instances,
}
