//! Alibaba VPC EIP association APIs: AssociateEipAddress, UnassociateEipAddress and
//! DescribeEipAddresses (an EIP's status and what it is bound to).

use super::{
    OperationLocks, RequestIdResponse, Tags, DESCRIBE_EIP_ADDRESSES_PAGE, EIP_FILTER_LIST_MAX,
    EIP_FILTER_MAX, EIP_TAG_MAX,
};
use crate::api::fields::{CommaList, Flag, KeyValueList, Optional, Required};
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
        ..numbered_pages(DESCRIBE_EIP_ADDRESSES_PAGE),
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
lenient_struct! {
    /// One element of `EipAddresses.EipAddress[]`.
    pub struct EipAddress {
        allocation_id: String,
        ip_address: String,
        /// See [`eip_status`](super::eip_status).
        status: String,
        /// Bound instance, empty when unbound.
        instance_id: String,
        instance_type: String,
        instance_region_id: String,
        mode: String,
        private_ip_address: String,
        vpc_id: String,
        region_id: String,
        /// A string on the wire, e.g. `"5"`.
        bandwidth: String,
        charge_type: String,
        internet_charge_type: String,
        /// `Normal` | `FinancialLocked`.
        business_status: String,
        operation_locks: OperationLocks => nullable,
        name: String,
        description: String,
        /// The API's misspelt duplicate of `Description`.
        #[serde(rename = "Descritpion")]
        descritpion: String,
        #[serde(rename = "ISP")]
        isp: String,
        netmode: String,
        expired_time: String,
        allocation_time: String,
        deletion_protection: bool,
        second_limited: bool,
        #[serde(rename = "HDMonitorStatus")]
        hd_monitor_status: String,
        service_managed: i64,
        bandwidth_package_id: String,
        bandwidth_package_type: String,
        bandwidth_package_bandwidth: String,
        eip_bandwidth: String,
        resource_group_id: String,
        segment_instance_id: String,
        zone: String,
        public_ip_address_pool_id: String,
        tags: Tags => nullable,
        security_protection_types: SecurityProtectionTypes => nullable,
        has_reservation_data: String,
        reservation_bandwidth: String,
        reservation_internet_charge_type: String,
        reservation_order_type: String,
        reservation_active_time: String,
        available_regions: AvailableRegions => nullable,
    }
}

wrapped_list!(
    /// `EipAddresses: {"EipAddress": [...]}`.
    EipAddresses,
    "EipAddress",
    EipAddress
);

lenient_struct! {
    /// DescribeEipAddresses response.
    pub struct DescribeEipAddressesResponse {
        ..numbered_page,
        eip_addresses: EipAddresses => nullable,
    }
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
