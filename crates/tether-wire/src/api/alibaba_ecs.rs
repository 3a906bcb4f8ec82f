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

use serde::{Deserialize, Serialize};

use super::alibaba_vpc::OperationLocks;
use super::fields::{
    AnyInteger, Flag, JsonArray, Optional, PageNumber, PageSize, Repeated, Required,
};
use super::lenient::{lenient, nullable};
use super::{PageLimits, ALIBABA_ECS};

/// DescribeInstances: PageSize default 10, 1..=100.
pub const DESCRIBE_INSTANCES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 100,
};
/// DescribeInstances `InstanceIds`, `PrivateIpAddresses`, `PublicIpAddresses`,
/// `InnerIpAddresses`, `EipAddresses`: JSON arrays of at most 100 values.
pub const INSTANCE_FILTER_LIST_MAX: usize = 100;
/// DescribeNetworkInterfaces: PageSize default 10, 1..=500 (the range `MaxResults` documents).
pub const DESCRIBE_NETWORK_INTERFACES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 500,
};
/// DescribeNetworkInterfaces `NetworkInterfaceId.N` / `PrivateIpAddress.N`: N in 1..=100.
pub const NETWORK_INTERFACE_IDS_MAX: usize = 100;

/// Instance `Status` values.
pub mod instance_status {
    pub use crate::api::words::pascal::{PENDING, RUNNING, STARTING, STOPPED, STOPPING};
}

/// Instance `InstanceNetworkType` values.
pub mod network_type {
    pub use crate::api::words::lower::{CLASSIC, VPC};
}

/// ENI `Status` and `Type` values.
pub mod eni {
    pub use crate::api::words::pascal::{
        ATTACHING, AVAILABLE, DELETING, DETACHING, IN_USE, PRIMARY, SECONDARY,
    };
}

// ------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------

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

token_paged!(DescribeInstancesRequest, DescribeNetworkInterfacesRequest);

// ------------------------------------------------------------------------------------
// Responses
// ------------------------------------------------------------------------------------

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

/// An ECS tag `{TagKey, TagValue}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct EcsTag {
    #[serde(deserialize_with = "lenient")]
    pub tag_key: String,
    #[serde(deserialize_with = "lenient")]
    pub tag_value: String,
}

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
        super::distinct(
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
        super::distinct(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::params::owned_params;
    use crate::api::params::ParamError;
    use crate::api::{ApiAction, Paginated};
    use serde_json::json;

    #[test]
    fn describe_instances_params_round_trip() {
        let req = DescribeInstancesRequest {
            region_id: "cn-hangzhou".into(),
            instance_ids: Some(vec!["i-1".into(), "i-2".into()]),
            vpc_id: Some("vpc-1".into()),
            status: Some("Running".into()),
            page_size: Some(100),
            ..Default::default()
        };
        let p = req.to_params();
        assert!(p.contains(&("InstanceIds".into(), r#"["i-1","i-2"]"#.into())));
        assert_eq!(
            DescribeInstancesRequest::decode(&req.encode()).unwrap(),
            req
        );
        let json = serde_json::to_string(&req).unwrap();
        assert_eq!(
            serde_json::from_str::<DescribeInstancesRequest>(&json).unwrap(),
            req
        );
        // The SDKs send the list as a JSON string; 101 ids are refused.
        let ids: Vec<String> = (0..101).map(|i| format!("i-{i}")).collect();
        let raw = serde_json::to_string(&ids).unwrap();
        let p = owned_params(&[("RegionId", "cn-hangzhou"), ("InstanceIds", raw.as_str())]);
        assert!(matches!(
            DescribeInstancesRequest::from_params(&p),
            Err(ParamError::TooMany { max: 100, .. })
        ));
        let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageSize", "101")]);
        assert!(matches!(
            DescribeInstancesRequest::from_params(&p),
            Err(ParamError::OutOfRange { max: 100, .. })
        ));
        let p = owned_params(&[("InstanceIds", "[]")]);
        assert_eq!(
            DescribeInstancesRequest::from_params(&p),
            Err(ParamError::Missing {
                name: "RegionId".into()
            })
        );
    }

    #[test]
    fn describe_instances_response_parses_doc_example() {
        let body = json!({
            "RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E",
            "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
            "NextToken": "caeba0bbb2be03f84eb48b699f0a4883",
            "Instances": {"Instance": [{
                "InstanceId": "i-bp67acfmxazb4p****",
                "Status": "Running",
                "InstanceType": "ecs.g5.large",
                "InstanceNetworkType": "vpc",
                "Memory": 16384, "Cpu": 8,
                "VpcAttributes": {
                    "VpcId": "vpc-1", "VSwitchId": "vsw-1", "NatIpAddress": "",
                    "PrivateIpAddress": {"IpAddress": ["172.17.**.**"]}
                },
                "PublicIpAddress": {"IpAddress": ["121.40.**.**"]},
                "InnerIpAddress": {"IpAddress": []},
                "EipAddress": {"AllocationId": "eip-2ze88m67qx5z****", "IpAddress": "42.112.**.**",
                               "Bandwidth": 5, "InternetChargeType": "PayByTraffic", "IsSupportUnassociate": true},
                "NetworkInterfaces": {"NetworkInterface": [{
                    "NetworkInterfaceId": "eni-1", "Type": "Primary", "MacAddress": "00:16:3e:32:b4:**",
                    "PrimaryIpAddress": "172.17.**.**",
                    "PrivateIpSets": {"PrivateIpSet": [{"PrivateIpAddress": "172.17.**.**", "Primary": true},
                                                       {"PrivateIpAddress": "172.17.0.9", "Primary": false}]}
                }]},
                "OperationLocks": {"LockReason": [{"LockReason": "Recycling", "LockMsg": ""}]},
                "Tags": {"Tag": [{"TagKey": "k", "TagValue": "v"}]},
                "SecurityGroupIds": {"SecurityGroupId": ["sg-1"]}
            }]}
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeInstancesRequest::decode_response(200, &raw).unwrap();
        let i = &r.instances.items[0];
        assert_eq!(i.vpc_attributes.v_switch_id, "vsw-1");
        assert_eq!(i.public_ip_address.items, vec!["121.40.**.**".to_string()]);
        assert_eq!(i.eip_address.bandwidth, 5);
        assert_eq!(i.network_interfaces.items[0].eni_type, "Primary");
        assert_eq!(i.private_ips(), vec!["172.17.**.**", "172.17.0.9"]);
        assert_eq!(i.operation_locks.items[0].lock_reason, "Recycling");
        assert_eq!(i.tags.items[0].tag_value, "v");
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(
            out["Instances"]["Instance"][0]["VpcAttributes"]["PrivateIpAddress"]["IpAddress"][0],
            json!("172.17.**.**")
        );
        assert_eq!(out["Instances"]["Instance"][0]["Memory"], json!(16384));
        // Fields the doc example shows as strings, and a bare object for a one-item list.
        let body = br#"{"RequestId":"r","TotalCount":"1","Instances":{"Instance":{"InstanceId":"i-1","Cpu":"2","PublicIpAddress":{"IpAddress":"1.2.3.4"}}}}"#;
        let r = DescribeInstancesRequest::decode_response(200, body).unwrap();
        assert_eq!(r.instances.items[0].cpu, 2);
        assert_eq!(
            r.instances.items[0].public_ip_address.items,
            vec!["1.2.3.4".to_string()]
        );
    }

    #[test]
    fn describe_network_interfaces_round_trip_and_response() {
        let req = DescribeNetworkInterfacesRequest {
            region_id: "cn-hangzhou".into(),
            network_interface_ids: vec!["eni-1".into(), "eni-2".into()],
            instance_id: Some("i-1".into()),
            eni_type: Some("Secondary".into()),
            service_managed: Some(false),
            page_size: Some(500),
            ..Default::default()
        };
        let p = req.to_params();
        assert!(p.contains(&("NetworkInterfaceId.2".into(), "eni-2".into())));
        assert!(p.contains(&("Type".into(), "Secondary".into())));
        assert_eq!(
            DescribeNetworkInterfacesRequest::decode(&req.encode()).unwrap(),
            req
        );
        let body = json!({
            "RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
            "NetworkInterfaceSets": {"NetworkInterfaceSet": [{
                "NetworkInterfaceId": "eni-1", "Status": "InUse", "Type": "Secondary",
                "InstanceId": "i-1", "VpcId": "vpc-1", "VSwitchId": "vsw-1",
                "PrivateIpAddress": "10.0.0.1", "ServiceManaged": false,
                "PrivateIpSets": {"PrivateIpSet": [
                    {"PrivateIpAddress": "10.0.0.1", "Primary": true,
                     "AssociatedPublicIp": {"PublicIpAddress": "47.1.1.1", "AllocationId": "eip-1"}},
                    {"PrivateIpAddress": "10.0.0.2", "Primary": false}
                ]},
                "Attachment": {"InstanceId": "i-1", "DeviceIndex": 1}
            }]}
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeNetworkInterfacesRequest::decode_response(200, &raw).unwrap();
        let eni = &r.network_interface_sets.items[0];
        assert_eq!(eni.private_ips(), vec!["10.0.0.1", "10.0.0.2"]);
        assert_eq!(
            eni.private_ip_sets.items[0]
                .associated_public_ip
                .allocation_id,
            "eip-1"
        );
        assert_eq!(eni.attachment.device_index, 1);
        let next = req.next_page(&DescribeNetworkInterfacesResponse {
            total_count: 600,
            page_number: 1,
            page_size: 500,
            network_interface_sets: vec![NetworkInterfaceSet::default(); 500].into(),
            ..Default::default()
        });
        assert_eq!(next.and_then(|n| n.page_number), Some(2));
    }
}
