//! Tencent VPC EIP APIs: AssociateAddress, DisassociateAddress, DescribeAddresses and
//! DescribeTaskResult (the write APIs answer a `TaskId` string that DescribeTaskResult takes
//! as an integer).

use serde::{Deserialize, Serialize};

use super::{
    address_status, task_result, Filter, Tag, ADDRESS_IDS_MAX, DESCRIBE_ADDRESSES_PAGE,
    FILTER_VALUES_MAX,
};
use crate::api::fields::{AnyInteger, Filters, Flag, Optional, PageSize, Repeated, Required};
use crate::api::params::ParamError;
use crate::api::TENCENT_VPC;

wire_request! {
    /// AssociateAddress: bind an EIP to an instance, or to a private IP of an ENI. The
    /// mutual-exclusion rules (`InvalidParameterConflict`, `MissingParameter`,
    /// `MissingResourceId`) are business rules left to the caller.
    pub struct AssociateAddressRequest: json {
        /// `eip-xxxxxxxx`.
        address_id: String = "AddressId" => Required,
        /// `ins-…`, `lb-…`, …; mutually exclusive with `NetworkInterfaceId`.
        instance_id: Option<String> = "InstanceId" => Optional,
        /// `eni-…`; requires `PrivateIpAddress`.
        network_interface_id: Option<String> = "NetworkInterfaceId" => Optional,
        private_ip_address: Option<String> = "PrivateIpAddress" => Optional,
        /// Beta; default false.
        eip_direct_connection: Option<bool> = "EipDirectConnection" => Flag,
        /// GAAP only.
        instance_region: Option<String> = "InstanceRegion" => Optional,
    }
}

wire_request! {
    /// DisassociateAddress: unbind an EIP (only BIND / BIND_ENI EIPs can be unbound).
    pub struct DisassociateAddressRequest: json {
        address_id: String = "AddressId" => Required,
        /// Default false; only for the primary IP of the primary ENI, ≤ 10 per day.
        reallocate_normal_public_ip: Option<bool> = "ReallocateNormalPublicIp" => Flag,
    }
}

wire_request! {
    /// DescribeAddresses. `AddressIds` and a `address-id` filter cannot be combined; an
    /// unknown id yields an empty `AddressSet`, not an error. CDC EIPs need the filter
    /// `business-type=CDC`.
    pub struct DescribeAddressesRequest: json {
        /// ≤ 100.
        address_ids: Vec<String> = "AddressIds" => Repeated(ADDRESS_IDS_MAX),
        /// ≤ 10 filters, ≤ 100 values each. Names: address-id, address-name, address-ip,
        /// address-status, instance-id, private-ip-address, network-interface-id, is-arrears,
        /// instance-type, address-type, address-isp, dedicated-cluster-id, tag-key,
        /// tag-value, `tag:<key>`.
        filters: Vec<Filter> = "Filters" => Filters(FILTER_VALUES_MAX),
        /// Default 0.
        offset: Option<u64> = "Offset" => AnyInteger,
        /// 1..=100 (default 20).
        limit: Option<u64> = "Limit" => PageSize(DESCRIBE_ADDRESSES_PAGE),
    }
}

wire_request! {
    /// DescribeTaskResult: `TaskId` (an integer — parse the string the write APIs return)
    /// or `DealName`; one of them is required (neither → `Missing("TaskId")`).
    pub struct DescribeTaskResultRequest: json, checked by Self::require_task_or_deal {
        task_id: Option<u64> = "TaskId" => AnyInteger,
        deal_name: Option<String> = "DealName" => Optional,
    }
}

impl DescribeTaskResultRequest {
    /// A request for the task a write API returned.
    pub fn for_task(task_id: u64) -> Self {
        DescribeTaskResultRequest {
            task_id: Some(task_id),
            deal_name: None,
        }
    }

    fn require_task_or_deal(&self) -> Result<(), ParamError> {
        if self.task_id.is_none() && self.deal_name.is_none() {
            return Err(ParamError::Missing {
                name: "TaskId".into(),
            });
        }
        Ok(())
    }
}

lenient_struct! {
    /// AssociateAddress / DisassociateAddress response: `TaskId` is a string on the wire.
    #[derive(Eq)]
    pub struct AddressTaskResponse {
        /// Empty in the old API 2.0 answers, which had no task.
        task_id: String,
        /// The old API doc example spells it `RequestID`; accepted.
        #[serde(alias = "RequestID")]
        request_id: String,
    }
}

impl AddressTaskResponse {
    /// The task id as the integer DescribeTaskResult takes.
    pub fn task_id_u64(&self) -> Option<u64> {
        self.task_id.trim().parse().ok()
    }
}

pub type AssociateAddressResponse = AddressTaskResponse;
pub type DisassociateAddressResponse = AddressTaskResponse;

lenient_struct! {
    /// `EipAlgType`: ALG switches.
    #[derive(Eq)]
    pub struct AlgType {
        ftp: bool,
        sip: bool,
    }
}

lenient_struct! {
    /// One element of `AddressSet[]`. Optional fields are written as `null` when absent, as
    /// Tencent does.
    #[derive(Eq)]
    pub struct Address {
        address_id: String,
        address_name: Option<String>,
        /// See [`address_status`].
        address_status: String,
        address_ip: String,
        instance_id: Option<String>,
        created_time: String,
        network_interface_id: Option<String>,
        private_address_ip: Option<String>,
        is_arrears: bool,
        is_blocked: bool,
        is_eip_direct_connection: bool,
        /// WanIP, EIP, AnycastEIP, HighQualityEIP, AntiDDoSEIP, ResidentialEIP.
        address_type: String,
        cascade_release: bool,
        eip_alg_type: Option<AlgTypeValue>,
        internet_service_provider: Option<String>,
        local_bgp: bool,
        /// Mbps.
        bandwidth: Option<u64>,
        internet_charge_type: Option<String>,
        tag_set: Vec<Tag>,
        deadline_date: Option<String>,
        /// CVM, NAT, HAVIP, ENI, CLB, DHCPIP, …
        instance_type: Option<String>,
        egress: Option<String>,
        #[serde(rename = "AntiDDoSPackageId")]
        anti_ddos_package_id: Option<String>,
        renew_flag: Option<String>,
        bandwidth_package_id: Option<String>,
        un_vpc_id: Option<String>,
        dedicated_cluster_id: Option<String>,
    }
}

/// Wrapper making [`AlgType`] usable with the lenient `Option` helper.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AlgTypeValue(pub AlgType);

impl Address {
    /// Bound (to an instance, or to a dangling ENI).
    pub fn is_bound(&self) -> bool {
        self.address_status == address_status::BIND
            || self.address_status == address_status::BIND_ENI
    }
}

lenient_struct! {
    /// DescribeAddresses response.
    #[derive(Eq)]
    pub struct DescribeAddressesResponse {
        total_count: u64,
        address_set: Vec<Address>,
        #[serde(alias = "RequestID")]
        request_id: String,
    }
}

lenient_struct! {
    /// DescribeTaskResult response: `TaskId` is an integer here (accepted as a string too).
    #[derive(Eq)]
    pub struct DescribeTaskResultResponse {
        task_id: u64,
        /// See [`task_result`].
        result: String,
        #[serde(alias = "RequestID")]
        request_id: String,
    }
}

impl DescribeTaskResultResponse {
    pub fn is_running(&self) -> bool {
        self.result == task_result::RUNNING
    }
    pub fn is_success(&self) -> bool {
        self.result == task_result::SUCCESS
    }
    pub fn is_failed(&self) -> bool {
        self.result == task_result::FAILED
    }
}
lenient_via_serde!(AlgTypeValue);

wire_response!(
    AddressTaskResponse,
    DescribeAddressesResponse,
    DescribeTaskResultResponse
);

api_action!(TENCENT_VPC, AssociateAddressRequest => AssociateAddressResponse, "AssociateAddress");
api_action!(TENCENT_VPC, DescribeAddressesRequest => DescribeAddressesResponse, "DescribeAddresses");
api_action!(TENCENT_VPC, DisassociateAddressRequest => DisassociateAddressResponse, "DisassociateAddress");
api_action!(TENCENT_VPC, DescribeTaskResultRequest => DescribeTaskResultResponse, "DescribeTaskResult");

offset_paginated!(
    DescribeAddressesRequest,
    Address,
    DESCRIBE_ADDRESSES_PAGE,
    address_set
);
