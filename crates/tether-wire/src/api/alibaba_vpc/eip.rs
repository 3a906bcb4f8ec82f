//! Alibaba VPC EIP association APIs: AssociateEipAddress, UnassociateEipAddress and
//! DescribeEipAddresses (an EIP's status and what it is bound to).

use serde::{Deserialize, Serialize};

use super::{
    OperationLocks, RequestIdResponse, Tags, DESCRIBE_EIP_ADDRESSES_PAGE, EIP_FILTER_LIST_MAX,
    EIP_FILTER_MAX, EIP_TAG_MAX,
};
use crate::api::fields::{CommaList, Flag, KeyValueList, Optional, PageNumber, PageSize, Required};
use crate::api::lenient::{lenient, nullable};
use crate::api::params::KeyValue;
use crate::api::ALIBABA_VPC;

wire_request! {
    /// AssociateEipAddress: bind an EIP to an instance in the same region.
    pub struct AssociateEipAddressRequest: params {
        region_id: String = "RegionId" => Required,
        allocation_id: String = "AllocationId" => Required,
        instance_id: String = "InstanceId" => Required,
        /// `EcsInstance` (default) | `SlbInstance` | `Nat` | `NetworkInterface` | `HaVip` |
        /// `IpAddress`.
        instance_type: Option<String> = "InstanceType" => Optional,
        /// Only for EIPs added to a shared-bandwidth global acceleration instance.
        instance_region_id: Option<String> = "InstanceRegionId" => Optional,
        private_ip_address: Option<String> = "PrivateIpAddress" => Optional,
        /// `NAT` (default) | `MULTI_BINDED` | `BINDED` (NetworkInterface only).
        mode: Option<String> = "Mode" => Optional,
        /// Needed with `InstanceType=IpAddress`.
        vpc_id: Option<String> = "VpcId" => Optional,
        /// ≤ 64 ASCII characters.
        client_token: Option<String> = "ClientToken" => Optional,
        dry_run: Option<bool> = "DryRun" => Flag,
    }
}

wire_request! {
    /// UnassociateEipAddress: unbind an EIP.
    pub struct UnassociateEipAddressRequest: params {
        region_id: String = "RegionId" => Required,
        allocation_id: String = "AllocationId" => Required,
        instance_id: Option<String> = "InstanceId" => Optional,
        instance_type: Option<String> = "InstanceType" => Optional,
        private_ip_address: Option<String> = "PrivateIpAddress" => Optional,
        /// Unbind from a NAT gateway even if DNAT/SNAT entries still use the EIP.
        force: Option<bool> = "Force" => Flag,
        client_token: Option<String> = "ClientToken" => Optional,
    }
}

wire_request! {
    /// DescribeEipAddresses: list EIPs of a region, optionally filtered.
    pub struct DescribeEipAddressesRequest: params {
        region_id: String = "RegionId" => Required,
        /// `AllocationId`, comma-separated on the wire (≤ 50).
        allocation_ids: Vec<String> = "AllocationId" => CommaList(EIP_FILTER_LIST_MAX),
        /// `EipAddress`, comma-separated on the wire (≤ 50).
        eip_addresses: Vec<String> = "EipAddress" => CommaList(EIP_FILTER_LIST_MAX),
        status: Option<String> = "Status" => Optional,
        associated_instance_type: Option<String> = "AssociatedInstanceType" => Optional,
        associated_instance_id: Option<String> = "AssociatedInstanceId" => Optional,
        isp: Option<String> = "ISP" => Optional,
        lock_reason: Option<String> = "LockReason" => Optional,
        charge_type: Option<String> = "ChargeType" => Optional,
        segment_instance_id: Option<String> = "SegmentInstanceId" => Optional,
        resource_group_id: Option<String> = "ResourceGroupId" => Optional,
        /// `Tag.N.Key` / `Tag.N.Value` (N ≤ 20).
        tags: Vec<KeyValue> = "Tag" => KeyValueList(EIP_TAG_MAX),
        /// `Filter.N.Key` / `Filter.N.Value` (N ≤ 2; keys CreationStartTime/CreationEndTime).
        filters: Vec<KeyValue> = "Filter" => KeyValueList(EIP_FILTER_MAX),
        include_reservation_data: Option<bool> = "IncludeReservationData" => Flag,
        dry_run: Option<bool> = "DryRun" => Flag,
        /// Default 1.
        page_number: Option<u32> = "PageNumber" => PageNumber,
        /// 1..=100, default 10.
        page_size: Option<u32> = "PageSize" => PageSize(DESCRIBE_EIP_ADDRESSES_PAGE),
    }
}

pub type AssociateEipAddressResponse = RequestIdResponse;
pub type UnassociateEipAddressResponse = RequestIdResponse;

wrapped_list!(
    /// `SecurityProtectionTypes: {"SecurityProtectionType": [...]}`.
    SecurityProtectionTypes,
    "SecurityProtectionType",
    String
);
wrapped_list!(
    /// `AvailableRegions: {"AvailableRegion": [...]}`.
    AvailableRegions,
    "AvailableRegion",
    String
);
/// One element of `EipAddresses.EipAddress[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct EipAddress {
    #[serde(deserialize_with = "lenient")]
    pub allocation_id: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
    /// See [`eip_status`](super::eip_status).
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    /// Bound instance, empty when unbound.
    #[serde(deserialize_with = "lenient")]
    pub instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_type: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_region_id: String,
    #[serde(deserialize_with = "lenient")]
    pub mode: String,
    #[serde(deserialize_with = "lenient")]
    pub private_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    /// A string on the wire, e.g. `"5"`.
    #[serde(deserialize_with = "lenient")]
    pub bandwidth: String,
    #[serde(deserialize_with = "lenient")]
    pub charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: String,
    /// `Normal` | `FinancialLocked`.
    #[serde(deserialize_with = "lenient")]
    pub business_status: String,
    #[serde(deserialize_with = "nullable")]
    pub operation_locks: OperationLocks,
    #[serde(deserialize_with = "lenient")]
    pub name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    /// The API's misspelt duplicate of `Description`.
    #[serde(rename = "Descritpion", deserialize_with = "lenient")]
    pub descritpion: String,
    #[serde(rename = "ISP", deserialize_with = "lenient")]
    pub isp: String,
    #[serde(deserialize_with = "lenient")]
    pub netmode: String,
    #[serde(deserialize_with = "lenient")]
    pub expired_time: String,
    #[serde(deserialize_with = "lenient")]
    pub allocation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub deletion_protection: bool,
    #[serde(deserialize_with = "lenient")]
    pub second_limited: bool,
    #[serde(rename = "HDMonitorStatus", deserialize_with = "lenient")]
    pub hd_monitor_status: String,
    #[serde(deserialize_with = "lenient")]
    pub service_managed: i64,
    #[serde(deserialize_with = "lenient")]
    pub bandwidth_package_id: String,
    #[serde(deserialize_with = "lenient")]
    pub bandwidth_package_type: String,
    #[serde(deserialize_with = "lenient")]
    pub bandwidth_package_bandwidth: String,
    #[serde(deserialize_with = "lenient")]
    pub eip_bandwidth: String,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "lenient")]
    pub segment_instance_id: String,
    #[serde(deserialize_with = "lenient")]
    pub zone: String,
    #[serde(deserialize_with = "lenient")]
    pub public_ip_address_pool_id: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: Tags,
    #[serde(deserialize_with = "nullable")]
    pub security_protection_types: SecurityProtectionTypes,
    #[serde(deserialize_with = "lenient")]
    pub has_reservation_data: String,
    #[serde(deserialize_with = "lenient")]
    pub reservation_bandwidth: String,
    #[serde(deserialize_with = "lenient")]
    pub reservation_internet_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub reservation_order_type: String,
    #[serde(deserialize_with = "lenient")]
    pub reservation_active_time: String,
    #[serde(deserialize_with = "nullable")]
    pub available_regions: AvailableRegions,
}

wrapped_list!(
    /// `EipAddresses: {"EipAddress": [...]}`.
    EipAddresses,
    "EipAddress",
    EipAddress
);

/// DescribeEipAddresses response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeEipAddressesResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub eip_addresses: EipAddresses,
}

wire_response!(DescribeEipAddressesResponse);

api_action!(ALIBABA_VPC, AssociateEipAddressRequest => AssociateEipAddressResponse, "AssociateEipAddress");
api_action!(ALIBABA_VPC, DescribeEipAddressesRequest => DescribeEipAddressesResponse, "DescribeEipAddresses");
api_action!(ALIBABA_VPC, UnassociateEipAddressRequest => UnassociateEipAddressResponse,
    "UnassociateEipAddress");

page_number_paginated!(
    DescribeEipAddressesRequest,
    EipAddress,
    DESCRIBE_EIP_ADDRESSES_PAGE,
    eip_addresses
);
