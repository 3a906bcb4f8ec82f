//! Volcengine VPC 2020-04-01 (`vpc`, HTTP GET, parameters in the query): AssociateHaVip,
//! DescribeHaVips, DisassociateHaVip, DescribeNetworkInterfaces, plus Volcengine's success envelope
//! `{"ResponseMetadata": {RequestId, Action, Version, Service, Region}, "Result": {...}}`
//! ([`VolcengineEnvelope`], [`ResponseMetadata`]; the error variant lives in
//! [`super::error`]).
//!
//! Lists are flattened `Name.N` (1-based): `HaVipIds.1`, `TagFilters.1.Key`,
//! `TagFilters.1.Values.1`. Unlike Alibaba, response lists are flat JSON arrays
//! (`HaVips[]`, `AssociatedInstanceIds[]`, `NetworkInterfaceSets[]`), and an empty result
//! may come back as `null` — except an ENI's private IPs, wrapped one level
//! (`PrivateIpSets.PrivateIpSet[]`).

use serde::{Deserialize, Serialize};

use super::error::VolcengineErrorDetail;
use super::lenient::{lenient, nullable};
use super::params::{KeyValues, ParamError, ParamReader, ParamWriter};
use super::{Cloud, HttpMethod, PageLimits, VOLCENGINE_VPC_VERSION};

/// DescribeHaVips PageNumber/PageSize paging: PageSize default 20, 1..=100 (the default is
/// the one documented for DescribeVpcs of the same API version).
pub const DESCRIBE_HA_VIPS_PAGE: PageLimits = PageLimits {
    default_size: 20,
    max_size: 100,
};
/// DescribeHaVips NextToken/MaxResults paging: MaxResults default 10, 1..=100.
pub const DESCRIBE_HA_VIPS_TOKEN_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 100,
};
/// `HaVipIds.N`: up to 100 ids.
pub const HA_VIP_IDS_MAX: usize = 100;
/// `TagFilters.N`: N in 1..=10.
pub const TAG_FILTERS_MAX: usize = 10;
/// `TagFilters.N.Values.M`: no documented limit; 100 is assumed.
pub const TAG_FILTER_VALUES_MAX: usize = 100;

/// DescribeNetworkInterfaces PageNumber/PageSize paging: PageSize default 20, 1..=100.
pub const DESCRIBE_NETWORK_INTERFACES_PAGE: PageLimits = PageLimits {
    default_size: 20,
    max_size: 100,
};
/// DescribeNetworkInterfaces NextToken/MaxResults paging: MaxResults default 10, 1..=100.
pub const DESCRIBE_NETWORK_INTERFACES_TOKEN_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 100,
};
/// `NetworkInterfaceIds.N`, `PrimaryIpAddresses.N`, `PrivateIpAddresses.N`: up to 100.
pub const NETWORK_INTERFACE_IDS_MAX: usize = 100;

/// ENI `Status` and `Type` values.
pub mod eni {
    pub const CREATING: &str = "Creating";
    pub const AVAILABLE: &str = "Available";
    pub const ATTACHING: &str = "Attaching";
    pub const IN_USE: &str = "InUse";
    pub const DETACHING: &str = "Detaching";
    pub const DELETING: &str = "Deleting";
    pub const PRIMARY: &str = "primary";
    pub const SECONDARY: &str = "secondary";
}

/// HaVip `Status` values (no `Associating` state, unlike Alibaba).
pub mod ha_vip_status {
    pub const AVAILABLE: &str = "Available";
    pub const CREATING: &str = "Creating";
    pub const IN_USE: &str = "InUse";
    pub const DELETING: &str = "Deleting";
}

/// `ResponseMetadata` of every Volcengine answer; `Error` only on failures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ResponseMetadata {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub action: String,
    #[serde(deserialize_with = "lenient")]
    pub version: String,
    #[serde(deserialize_with = "lenient")]
    pub service: String,
    #[serde(deserialize_with = "lenient")]
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<VolcengineErrorDetail>,
}

/// Success envelope: `{"ResponseMetadata": …, "Result": T}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct VolcengineEnvelope<T> {
    #[serde(rename = "ResponseMetadata", default)]
    pub response_metadata: ResponseMetadata,
    #[serde(rename = "Result", skip_serializing_if = "Option::is_none")]
    pub result: Option<T>,
}

// ------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------

/// AssociateHaVip: bind an ECS instance or ENI to a HaVip.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AssociateHaVipRequest {
    pub ha_vip_id: String,
    /// ECS instance id when `InstanceType` is omitted.
    pub instance_id: String,
    /// `EcsInstance` (default) | `NetworkInterface`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// ASCII, ≤ 64 characters; no idempotency check without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

/// DisassociateHaVip: the same parameters as [`AssociateHaVipRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DisassociateHaVipRequest {
    pub ha_vip_id: String,
    pub instance_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

macro_rules! havip_binding_codec {
    ($t:ident) => {
        impl $t {
            pub fn to_params(&self) -> Vec<(String, String)> {
                ParamWriter::new()
                    .put("HaVipId", &self.ha_vip_id)
                    .put("InstanceId", &self.instance_id)
                    .put_opt("InstanceType", self.instance_type.as_deref())
                    .put_opt("ClientToken", self.client_token.as_deref())
                    .finish()
            }

            pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
                let r = ParamReader::new(params);
                Ok($t {
                    ha_vip_id: r.required("HaVipId")?,
                    instance_id: r.required("InstanceId")?,
                    instance_type: r.optional("InstanceType")?,
                    client_token: r.optional("ClientToken")?,
                })
            }
        }
    };
}

havip_binding_codec!(AssociateHaVipRequest);
havip_binding_codec!(DisassociateHaVipRequest);

/// DescribeHaVips. All filters optional; with none it lists every HaVip of the region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeHaVipsRequest {
    /// `HaVipIds.N` (≤ 100).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ha_vip_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ha_vip_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
    /// `TagFilters.N.Key` / `TagFilters.N.Values.M`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_filters: Vec<KeyValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=100, default 20.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// 1..=100, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
}

impl DescribeHaVipsRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put_repeated("HaVipIds", &self.ha_vip_ids)
            .put_opt("HaVipName", self.ha_vip_name.as_deref())
            .put_opt("IpAddress", self.ip_address.as_deref())
            .put_opt("VpcId", self.vpc_id.as_deref())
            .put_opt("SubnetId", self.subnet_id.as_deref())
            .put_opt("Status", self.status.as_deref())
            .put_opt("ProjectName", self.project_name.as_deref())
            .put_key_values_list("TagFilters", "Values", &self.tag_filters)
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .put_opt("NextToken", self.next_token.as_deref())
            .put_opt_display("MaxResults", self.max_results)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeHaVipsRequest {
            ha_vip_ids: r.repeated("HaVipIds", HA_VIP_IDS_MAX)?,
            ha_vip_name: r.optional("HaVipName")?,
            ip_address: r.optional("IpAddress")?,
            vpc_id: r.optional("VpcId")?,
            subnet_id: r.optional("SubnetId")?,
            status: r.optional("Status")?,
            project_name: r.optional("ProjectName")?,
            tag_filters: r.key_values_list(
                "TagFilters",
                "Values",
                TAG_FILTERS_MAX,
                TAG_FILTER_VALUES_MAX,
            )?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged("PageSize", 1, DESCRIBE_HA_VIPS_PAGE.max_size)?,
            next_token: r.optional("NextToken")?,
            max_results: r.optional_ranged(
                "MaxResults",
                1,
                DESCRIBE_HA_VIPS_TOKEN_PAGE.max_size,
            )?,
        })
    }
}

token_paged!(DescribeHaVipsRequest);

/// DescribeNetworkInterfaces. All filters optional and combined with AND.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNetworkInterfacesRequest {
    /// `NetworkInterfaceIds.N` (≤ 100).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub network_interface_ids: Vec<String>,
    /// The instance the ENIs are attached to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    /// `primary` | `secondary`.
    #[serde(rename = "Type", skip_serializing_if = "Option::is_none")]
    pub eni_type: Option<String>,
    /// See [`eni`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub security_group_id: Option<String>,
    /// `PrimaryIpAddresses.N` (≤ 100).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub primary_ip_addresses: Vec<String>,
    /// `PrivateIpAddresses.N` (≤ 100).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub private_ip_addresses: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_name: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_filters: Vec<KeyValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=100, default 20.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    /// 1..=100, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_results: Option<u32>,
}

impl DescribeNetworkInterfacesRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put_repeated("NetworkInterfaceIds", &self.network_interface_ids)
            .put_opt("InstanceId", self.instance_id.as_deref())
            .put_opt("VpcId", self.vpc_id.as_deref())
            .put_opt("SubnetId", self.subnet_id.as_deref())
            .put_opt("ZoneId", self.zone_id.as_deref())
            .put_opt("Type", self.eni_type.as_deref())
            .put_opt("Status", self.status.as_deref())
            .put_opt(
                "NetworkInterfaceName",
                self.network_interface_name.as_deref(),
            )
            .put_opt("SecurityGroupId", self.security_group_id.as_deref())
            .put_repeated("PrimaryIpAddresses", &self.primary_ip_addresses)
            .put_repeated("PrivateIpAddresses", &self.private_ip_addresses)
            .put_opt("ProjectName", self.project_name.as_deref())
            .put_key_values_list("TagFilters", "Values", &self.tag_filters)
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .put_opt("NextToken", self.next_token.as_deref())
            .put_opt_display("MaxResults", self.max_results)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeNetworkInterfacesRequest {
            network_interface_ids: r.repeated("NetworkInterfaceIds", NETWORK_INTERFACE_IDS_MAX)?,
            instance_id: r.optional("InstanceId")?,
            vpc_id: r.optional("VpcId")?,
            subnet_id: r.optional("SubnetId")?,
            zone_id: r.optional("ZoneId")?,
            eni_type: r.optional("Type")?,
            status: r.optional("Status")?,
            network_interface_name: r.optional("NetworkInterfaceName")?,
            security_group_id: r.optional("SecurityGroupId")?,
            primary_ip_addresses: r.repeated("PrimaryIpAddresses", NETWORK_INTERFACE_IDS_MAX)?,
            private_ip_addresses: r.repeated("PrivateIpAddresses", NETWORK_INTERFACE_IDS_MAX)?,
            project_name: r.optional("ProjectName")?,
            tag_filters: r.key_values_list(
                "TagFilters",
                "Values",
                TAG_FILTERS_MAX,
                TAG_FILTER_VALUES_MAX,
            )?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged(
                "PageSize",
                1,
                DESCRIBE_NETWORK_INTERFACES_PAGE.max_size,
            )?,
            next_token: r.optional("NextToken")?,
            max_results: r.optional_ranged(
                "MaxResults",
                1,
                DESCRIBE_NETWORK_INTERFACES_TOKEN_PAGE.max_size,
            )?,
        })
    }
}

token_paged!(DescribeNetworkInterfacesRequest);

// ------------------------------------------------------------------------------------
// Responses (the `Result` object)
// ------------------------------------------------------------------------------------

/// `Result` of AssociateHaVip / DisassociateHaVip.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct HaVipBindingResult {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    /// In the current Go SDK output, absent from older docs.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub async_task_id: Option<String>,
}

pub type AssociateHaVipResponse = HaVipBindingResult;
pub type DisassociateHaVipResponse = HaVipBindingResult;

/// A resource tag `{Key, Value}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Tag {
    #[serde(deserialize_with = "lenient")]
    pub key: String,
    #[serde(deserialize_with = "lenient")]
    pub value: String,
}

/// One element of `HaVips[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct HaVip {
    #[serde(deserialize_with = "lenient")]
    pub ha_vip_id: String,
    #[serde(deserialize_with = "lenient")]
    pub ha_vip_name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
    /// See [`ha_vip_status`].
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub subnet_id: String,
    #[serde(deserialize_with = "lenient")]
    pub account_id: String,
    #[serde(deserialize_with = "lenient")]
    pub project_name: String,
    #[serde(deserialize_with = "lenient")]
    pub created_at: String,
    #[serde(deserialize_with = "lenient")]
    pub updated_at: String,
    #[serde(deserialize_with = "lenient")]
    pub master_instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub associated_eip_id: String,
    #[serde(deserialize_with = "lenient")]
    pub associated_eip_address: String,
    /// `EcsInstance` | `NetworkInterface` (empty when nothing is bound).
    #[serde(deserialize_with = "lenient")]
    pub associated_instance_type: String,
    #[serde(deserialize_with = "lenient")]
    pub associated_instance_ids: Vec<String>,
    #[serde(deserialize_with = "lenient")]
    pub tags: Vec<Tag>,
}

/// `Result` of DescribeHaVips.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeHaVipsResult {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(rename = "HaVips", deserialize_with = "lenient")]
    pub ha_vips: Vec<HaVip>,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    /// Empty when there is no further page.
    #[serde(deserialize_with = "lenient")]
    pub next_token: String,
}

pub type DescribeHaVipsResponse = DescribeHaVipsResult;

/// `{AllocationId, EipAddress}`: the EIP bound to an ENI or one of its private IPs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AssociatedElasticIp {
    #[serde(deserialize_with = "lenient")]
    pub allocation_id: String,
    #[serde(deserialize_with = "lenient")]
    pub eip_address: String,
}

/// `{PrivateIpAddress, Primary, AssociatedElasticIp}` inside `PrivateIpSets.PrivateIpSet[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PrivateIpSet {
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub primary: bool,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub associated_elastic_ip: Option<AssociatedElasticIpValue>,
}

/// [`AssociatedElasticIp`] for the lenient `Option` helper (`null` or absent = none).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AssociatedElasticIpValue(pub AssociatedElasticIp);

impl super::lenient::Lenient for AssociatedElasticIpValue {
    fn from_value(value: serde_json::Value) -> Result<Self, String> {
        serde_json::from_value(value).map_err(|e| e.to_string())
    }
}

wrapped_list!(
    /// `PrivateIpSets: {"PrivateIpSet": [...]}`.
    PrivateIpSets,
    "PrivateIpSet",
    PrivateIpSet
);

/// One element of `NetworkInterfaceSets[]`.
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
    /// `primary` | `secondary`.
    #[serde(rename = "Type", deserialize_with = "lenient")]
    pub eni_type: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_name: String,
    #[serde(deserialize_with = "lenient")]
    pub subnet_id: String,
    #[serde(deserialize_with = "lenient")]
    pub zone_id: String,
    /// The instance it is attached to; empty when detached or service-managed.
    #[serde(deserialize_with = "lenient")]
    pub device_id: String,
    #[serde(deserialize_with = "lenient")]
    pub primary_ip_address: String,
    #[serde(deserialize_with = "nullable")]
    pub private_ip_sets: PrivateIpSets,
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "lenient")]
    pub associated_elastic_ip: Option<AssociatedElasticIpValue>,
    /// Managed by a Volcengine service (refused as a HaVip member).
    #[serde(deserialize_with = "lenient")]
    pub service_managed: bool,
    #[serde(deserialize_with = "lenient")]
    pub mac_address: String,
    #[serde(deserialize_with = "lenient")]
    pub security_group_ids: Vec<String>,
    #[serde(deserialize_with = "lenient")]
    pub port_security_enabled: bool,
    #[serde(deserialize_with = "lenient")]
    pub account_id: String,
    #[serde(deserialize_with = "lenient")]
    pub project_name: String,
    #[serde(deserialize_with = "lenient")]
    pub created_at: String,
    #[serde(deserialize_with = "lenient")]
    pub updated_at: String,
    #[serde(deserialize_with = "lenient")]
    pub tags: Vec<Tag>,
}

impl NetworkInterfaceSet {
    /// Every private IPv4 address of the ENI (the primary one first).
    pub fn private_ips(&self) -> Vec<&str> {
        super::distinct(
            std::iter::once(self.primary_ip_address.as_str()).chain(
                self.private_ip_sets
                    .items
                    .iter()
                    .map(|s| s.private_ip_address.as_str()),
            ),
        )
    }
}

/// `Result` of DescribeNetworkInterfaces.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNetworkInterfacesResult {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub network_interface_sets: Vec<NetworkInterfaceSet>,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    /// Empty when there is no further page.
    #[serde(deserialize_with = "lenient")]
    pub next_token: String,
}

pub type DescribeNetworkInterfacesResponse = DescribeNetworkInterfacesResult;

wire_response!(
    HaVipBindingResult,
    DescribeHaVipsResult,
    DescribeNetworkInterfacesResult
);

params_action!(AssociateHaVipRequest => AssociateHaVipResponse,
    Cloud::Volcengine, "AssociateHaVip", VOLCENGINE_VPC_VERSION, "vpc", HttpMethod::Get);
params_action!(DescribeHaVipsRequest => DescribeHaVipsResponse,
    Cloud::Volcengine, "DescribeHaVips", VOLCENGINE_VPC_VERSION, "vpc", HttpMethod::Get);
params_action!(DisassociateHaVipRequest => DisassociateHaVipResponse,
    Cloud::Volcengine, "DisassociateHaVip", VOLCENGINE_VPC_VERSION, "vpc", HttpMethod::Get);
params_action!(DescribeNetworkInterfacesRequest => DescribeNetworkInterfacesResponse,
    Cloud::Volcengine, "DescribeNetworkInterfaces", VOLCENGINE_VPC_VERSION, "vpc", HttpMethod::Get);

volcengine_paginated!(DescribeHaVipsRequest, HaVip, DESCRIBE_HA_VIPS_PAGE, ha_vips);
volcengine_paginated!(
    DescribeNetworkInterfacesRequest,
    NetworkInterfaceSet,
    DESCRIBE_NETWORK_INTERFACES_PAGE,
    network_interface_sets
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::params::owned_params;
    use crate::api::{ApiAction, Paginated, ResponseError, TokenPaged};
    use serde_json::{json, Value};

    fn round_trip<T>(req: &T)
    where
        T: ApiAction + PartialEq + Serialize + serde::de::DeserializeOwned,
    {
        assert_eq!(&T::decode(&req.encode()).unwrap(), req, "params round trip");
        let json = serde_json::to_string(req).unwrap();
        assert_eq!(
            &serde_json::from_str::<T>(&json).unwrap(),
            req,
            "JSON round trip"
        );
    }

    #[test]
    fn associate_params_match_seed_example() {
        // Seed: GET /?Action=AssociateHaVip&Version=2020-04-01&HaVipId=havip-2zeo05qre24nhrqpy****
        //       &InstanceId=i-faf344422ffsfad****&InstanceType=EcsInstance
        let req = AssociateHaVipRequest {
            ha_vip_id: "havip-2zeo05qre24nhrqpy****".into(),
            instance_id: "i-faf344422ffsfad****".into(),
            instance_type: Some("EcsInstance".into()),
            client_token: None,
        };
        assert_eq!(
            req.to_params(),
            owned_params(&[
                ("HaVipId", "havip-2zeo05qre24nhrqpy****"),
                ("InstanceId", "i-faf344422ffsfad****"),
                ("InstanceType", "EcsInstance"),
            ])
        );
        let wire = owned_params(&[
            ("Action", "AssociateHaVip"),
            ("Version", "2020-04-01"),
            ("HaVipId", "havip-2zeo05qre24nhrqpy****"),
            ("InstanceId", "i-faf344422ffsfad****"),
            ("InstanceType", "EcsInstance"),
        ]);
        assert_eq!(AssociateHaVipRequest::from_params(&wire).unwrap(), req);
        round_trip(&req);
        round_trip(&AssociateHaVipRequest {
            client_token: Some("123e4567-e89b-12d3-a456-42665544****".into()),
            ..req
        });
        round_trip(&DisassociateHaVipRequest {
            ha_vip_id: "havip-1".into(),
            instance_id: "eni-1".into(),
            instance_type: Some("NetworkInterface".into()),
            client_token: Some("tok".into()),
        });
        assert_eq!(
            DisassociateHaVipRequest::from_params(&owned_params(&[("InstanceId", "i-1")])),
            Err(ParamError::Missing {
                name: "HaVipId".into()
            })
        );
    }

    #[test]
    fn describe_round_trip_and_flattening() {
        let req = DescribeHaVipsRequest {
            ha_vip_ids: vec!["havip-1".into(), "havip-2".into()],
            vpc_id: Some("vpc-1".into()),
            tag_filters: vec![KeyValues {
                key: "k1".into(),
                values: vec!["v1".into(), "v2".into()],
            }],
            page_number: Some(1),
            page_size: Some(100),
            ..Default::default()
        };
        let p = req.to_params();
        assert!(p.contains(&("HaVipIds.2".into(), "havip-2".into())));
        assert!(p.contains(&("TagFilters.1.Key".into(), "k1".into())));
        assert!(p.contains(&("TagFilters.1.Values.2".into(), "v2".into())));
        round_trip(&req);
        round_trip(&DescribeHaVipsRequest::default());
        round_trip(&DescribeHaVipsRequest {
            next_token: Some("caeba0bbb2be03f84eb48b699f0a****".into()),
            max_results: Some(50),
            ..Default::default()
        });
    }

    #[test]
    fn describe_rejects_bad_params() {
        let ids: Vec<(String, String)> = (1..=101)
            .map(|i| (format!("HaVipIds.{i}"), format!("havip-{i}")))
            .collect();
        assert_eq!(
            DescribeHaVipsRequest::from_params(&ids),
            Err(ParamError::TooMany {
                name: "HaVipIds.N".into(),
                max: 100,
                got: 101
            })
        );
        assert!(matches!(
            DescribeHaVipsRequest::from_params(&owned_params(&[("MaxResults", "abc")])),
            Err(ParamError::Malformed { ref name, .. }) if name == "MaxResults"
        ));
        assert!(matches!(
            DescribeHaVipsRequest::from_params(&owned_params(&[("PageSize", "0")])),
            Err(ParamError::OutOfRange {
                min: 1,
                max: 100,
                ..
            })
        ));
        assert_eq!(
            DescribeHaVipsRequest::from_params(&owned_params(&[("HaVipIds.2", "havip-2")])),
            Err(ParamError::Missing {
                name: "HaVipIds.1".into()
            })
        );
    }

    #[test]
    fn associate_response_seed_example() {
        let body = br#"{
            "ResponseMetadata": {
                "RequestId": "F3CD6886-D8D0-4FEE-B93E-1B732396****",
                "Action": "AssociateHaVip",
                "Version": "2020-04-01",
                "Service": "vpc",
                "Region": "cn-beijing"
            },
            "Result": {
                "RequestId": "F3CD6886-D8D0-4FEE-B93E-1B732396****"
            }
        }"#;
        let r = AssociateHaVipRequest::decode_response(200, body).unwrap();
        assert_eq!(r.request_id, "F3CD6886-D8D0-4FEE-B93E-1B732396****");
        assert_eq!(r.async_task_id, None);
        // The emulator writes the same envelope back.
        let out = AssociateHaVipRequest::encode_response(&r, "cn-beijing");
        assert_eq!(out, serde_json::from_slice::<Value>(body).unwrap());
    }

    #[test]
    fn disassociate_response_reference_example() {
        let body = br#"{"ResponseMetadata":{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","Action":"DisassociateHaVip","Version":"2020-04-01","Service":"vpc","Region":"cn-beijing"},"Result":{"RequestId":"473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E","AsyncTaskId":"task-1"}}"#;
        let r = DisassociateHaVipRequest::decode_response(200, body).unwrap();
        assert_eq!(r.async_task_id.as_deref(), Some("task-1"));
        let env: VolcengineEnvelope<HaVipBindingResult> = serde_json::from_slice(body).unwrap();
        assert_eq!(env.response_metadata.action, "DisassociateHaVip");
        assert_eq!(
            serde_json::to_value(&env).unwrap(),
            serde_json::from_slice::<Value>(body).unwrap()
        );
    }

    #[test]
    fn error_and_missing_result() {
        let err = br#"{"ResponseMetadata":{"RequestId":"r","Action":"AssociateHaVip","Version":"2020-04-01","Service":"vpc","Region":"cn-beijing","Error":{"Code":"InvalidHaVip.NotFound","Message":"The specified HaVip does not exist."}}}"#;
        match AssociateHaVipRequest::decode_response(404, err) {
            Err(ResponseError::Cloud(p)) => assert_eq!(p.code, "InvalidHaVip.NotFound"),
            other => panic!("unexpected {other:?}"),
        }
        // Error with HTTP 200 is still an error.
        assert!(matches!(
            AssociateHaVipRequest::decode_response(200, err),
            Err(ResponseError::Cloud(_))
        ));
        let no_result = br#"{"ResponseMetadata":{"RequestId":"r"}}"#;
        assert!(matches!(
            AssociateHaVipRequest::decode_response(200, no_result),
            Err(ResponseError::Malformed { .. })
        ));
    }

    fn describe_body() -> Value {
        json!({
            "ResponseMetadata": {
                "RequestId": "r1", "Action": "DescribeHaVips", "Version": "2020-04-01",
                "Service": "vpc", "Region": "cn-beijing"
            },
            "Result": {
                "RequestId": "r1",
                "HaVips": [{
                    "HaVipId": "havip-2byzv8icq1b7k2dx0eegb****",
                    "HaVipName": "ha1",
                    "Description": "",
                    "IpAddress": "172.16.0.5",
                    "Status": "InUse",
                    "VpcId": "vpc-1",
                    "SubnetId": "subnet-1",
                    "AccountId": "2100000000",
                    "ProjectName": "default",
                    "CreatedAt": "2024-01-10T10:41:30+08:00",
                    "UpdatedAt": "2024-01-10T10:41:30+08:00",
                    "MasterInstanceId": "eni-2d5wv84h7onpc58ozfeeu****",
                    "AssociatedEipId": "",
                    "AssociatedEipAddress": "",
                    "AssociatedInstanceType": "NetworkInterface",
                    "AssociatedInstanceIds": ["eni-2d5wv84h7onpc58ozfeeu****"],
                    "Tags": [{"Key": "env", "Value": "prod"}]
                }],
                "TotalCount": 1,
                "PageNumber": 1,
                "PageSize": 10,
                "NextToken": ""
            }
        })
    }

    #[test]
    fn describe_response_parses_and_reencodes() {
        let body = serde_json::to_vec(&describe_body()).unwrap();
        let r = DescribeHaVipsRequest::decode_response(200, &body).unwrap();
        let hv = &r.ha_vips[0];
        assert_eq!(hv.status, ha_vip_status::IN_USE);
        assert_eq!(hv.associated_instance_type, "NetworkInterface");
        assert_eq!(
            hv.associated_instance_ids,
            vec!["eni-2d5wv84h7onpc58ozfeeu****".to_string()]
        );
        assert_eq!(hv.tags[0].key, "env");
        let out = DescribeHaVipsRequest::encode_response(&r, "cn-beijing");
        assert_eq!(out, describe_body());
    }

    #[test]
    fn describe_response_null_lists() {
        let body = br#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"RequestId":"r","HaVips":null,"TotalCount":"0"}}"#;
        let r = DescribeHaVipsRequest::decode_response(200, body).unwrap();
        assert!(r.ha_vips.is_empty());
        let body = br#"{"ResponseMetadata":{"RequestId":"r"},"Result":{"RequestId":"r","HaVips":[{"HaVipId":"havip-1","AssociatedInstanceIds":null}]}}"#;
        let r = DescribeHaVipsRequest::decode_response(200, body).unwrap();
        assert!(r.ha_vips[0].associated_instance_ids.is_empty());
    }

    #[test]
    fn pagination_page_mode() {
        let req = DescribeHaVipsRequest {
            ha_vip_ids: vec!["havip-1".into()],
            ..Default::default()
        };
        let resp = DescribeHaVipsResult {
            ha_vips: vec![HaVip::default(); 20],
            total_count: 25,
            page_number: 1,
            page_size: 20,
            ..Default::default()
        };
        let next = req.next_page(&resp).unwrap();
        assert_eq!(next.page_number, Some(2));
        assert_eq!(next.ha_vip_ids, vec!["havip-1".to_string()]);
        let last = DescribeHaVipsResult {
            ha_vips: vec![HaVip::default(); 5],
            page_number: 2,
            ..resp
        };
        assert!(next.next_page(&last).is_none());
        assert_eq!(req.with_max_page_size().page_size, Some(100));
    }

    #[test]
    fn pagination_token_mode() {
        let req = DescribeHaVipsRequest::default().with_page_size(5);
        assert_eq!(req.page_size, Some(5));
        let req = DescribeHaVipsRequest {
            max_results: Some(10),
            ..Default::default()
        };
        assert!(req.uses_token_paging());
        let resp = DescribeHaVipsResult {
            ha_vips: vec![HaVip::default(); 10],
            total_count: 30,
            next_token: "tok-2".into(),
            ..Default::default()
        };
        let next = req.next_page(&resp).unwrap();
        assert_eq!(next.next_token.as_deref(), Some("tok-2"));
        assert_eq!(next.max_results, Some(10));
        let done = DescribeHaVipsResult {
            next_token: String::new(),
            ..resp
        };
        assert!(next.next_page(&done).is_none());
        assert_eq!(next.with_page_size(100).max_results, Some(100));
    }
}
