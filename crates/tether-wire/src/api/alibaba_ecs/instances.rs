//! DescribeInstances: the request, and an instance as the response describes it.

use super::*;
use crate::api::alibaba_vpc::OperationLocks;
use crate::api::fields::{AnyInteger, Flag, JsonArray, Optional, Required};

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
        ..numbered_pages(DESCRIBE_INSTANCES_PAGE),
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

lenient_struct! {
    /// An instance's `VpcAttributes`.
    pub struct VpcAttributes {
        vpc_id: String,
        #[serde(rename = "VSwitchId")]
        v_switch_id: String,
        /// `{"IpAddress": [...]}`: the primary ENI's private IPs.
        private_ip_address: IpAddresses => nullable,
        nat_ip_address: String,
    }
}

lenient_struct! {
    /// The EIP bound to an instance (`EipAddress`); empty strings when none.
    #[derive(Eq)]
    pub struct InstanceEipAddress {
        allocation_id: String,
        ip_address: String,
        bandwidth: i64,
        internet_charge_type: String,
        is_support_unassociate: bool,
    }
}

lenient_struct! {
    /// `{PrivateIpAddress, Primary}` inside `PrivateIpSets.PrivateIpSet[]` of an instance's ENI.
    #[derive(Eq)]
    pub struct InstancePrivateIpSet {
        private_ip_address: String,
        primary: bool,
    }
}

wrapped_list!(
    /// `PrivateIpSets: {"PrivateIpSet": [...]}` of an instance's ENI.
    InstancePrivateIpSets,
    "PrivateIpSet",
    InstancePrivateIpSet
);

lenient_struct! {
    /// One element of an instance's `NetworkInterfaces.NetworkInterface[]`.
    pub struct InstanceNetworkInterface {
        network_interface_id: String,
        /// `Primary` | `Secondary`.
        #[serde(rename = "Type")]
        eni_type: String,
        mac_address: String,
        primary_ip_address: String,
        private_ip_sets: InstancePrivateIpSets => nullable,
    }
}

wrapped_list!(
    /// `NetworkInterfaces: {"NetworkInterface": [...]}`.
    InstanceNetworkInterfaces,
    "NetworkInterface",
    InstanceNetworkInterface
);

lenient_struct! {
    /// One element of `Instances.Instance[]`.
    pub struct Instance {
        instance_id: String,
        instance_name: String,
        description: String,
        host_name: String,
        /// See [`instance_status`].
        status: String,
        instance_type: String,
        instance_type_family: String,
        /// `vpc` | `classic`.
        instance_network_type: String,
        region_id: String,
        zone_id: String,
        vpc_attributes: VpcAttributes => nullable,
        /// Private IPs of a classic-network instance.
        inner_ip_address: IpAddresses => nullable,
        /// The plain (non-elastic) public IP, if any.
        public_ip_address: IpAddresses => nullable,
        eip_address: InstanceEipAddress => nullable,
        /// Every ENI attached to the instance (primary and secondary).
        network_interfaces: InstanceNetworkInterfaces => nullable,
        security_group_ids: SecurityGroupIds => nullable,
        operation_locks: OperationLocks => nullable,
        cpu: i64,
        /// MiB.
        memory: i64,
        image_id: String,
        #[serde(rename = "OSName")]
        os_name: String,
        instance_charge_type: String,
        internet_charge_type: String,
        internet_max_bandwidth_out: i64,
        creation_time: String,
        start_time: String,
        expired_time: String,
        stopped_mode: String,
        deletion_protection: bool,
        resource_group_id: String,
        tags: EcsTags => nullable,
    }
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
                .chain(self.network_interfaces.items.iter().flat_map(|eni| {
                    crate::api::eni_private_ips(
                        &eni.primary_ip_address,
                        &eni.private_ip_sets.items,
                        |set| &set.private_ip_address,
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

lenient_struct! {
    /// DescribeInstances response.
    pub struct DescribeInstancesResponse {
        ..numbered_page,
        /// Token mode only; empty on the last page.
        #[serde(skip_serializing_if = "String::is_empty")]
        next_token: String,
        instances: Instances => nullable,
    }
}
