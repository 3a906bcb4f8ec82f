//! Alibaba VPC legacy Global Acceleration APIs: AssociateGlobalAccelerationInstance,
//! UnassociateGlobalAccelerationInstance and DescribeGlobalAccelerationInstances (an exclusive
//! instance's status and its single backend server).

use serde::{Deserialize, Serialize};

use super::{OperationLocks, RequestIdResponse, DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE};
use crate::api::fields::{Flag, Optional, PageNumber, PageSize, Required};
use crate::api::lenient::{lenient, nullable};
use crate::api::ALIBABA_VPC;

wire_request! {
    /// AssociateGlobalAccelerationInstance: bind the (single) backend server of an exclusive
    /// global acceleration instance.
    pub struct AssociateGlobalAccelerationInstanceRequest: params {
        /// Region of the global acceleration instance.
        region_id: String = "RegionId" => Required,
        global_acceleration_instance_id: String = "GlobalAccelerationInstanceId" => Required,
        backend_server_id: String = "BackendServerId" => Required,
        /// Must lie in the instance's service area and differ from `RegionId`.
        backend_server_region_id: String = "BackendServerRegionId" => Required,
        /// `EcsInstance` (default) | `SlbInstance`.
        backend_server_type: Option<String> = "BackendServerType" => Optional,
    }
}

wire_request! {
    /// UnassociateGlobalAccelerationInstance: unbind the backend (there is only one, so no
    /// backend id is given).
    pub struct UnassociateGlobalAccelerationInstanceRequest: params {
        region_id: String = "RegionId" => Required,
        global_acceleration_instance_id: String = "GlobalAccelerationInstanceId" => Required,
        /// Newer docs: `RemoteEcsInstance` | `RemoteSlbInstance` | `RemoteEniInstance`.
        instance_type: Option<String> = "InstanceType" => Optional,
    }
}

wire_request! {
    /// DescribeGlobalAccelerationInstances.
    pub struct DescribeGlobalAccelerationInstancesRequest: params {
        region_id: String = "RegionId" => Required,
        global_acceleration_instance_id: Option<String> = "GlobalAccelerationInstanceId"
            => Optional,
        ip_address: Option<String> = "IpAddress" => Optional,
        name: Option<String> = "Name" => Optional,
        status: Option<String> = "Status" => Optional,
        /// `Exclusive` (default) | `Sharing`.
        bandwidth_type: Option<String> = "BandwidthType" => Optional,
        /// `china-mainland` | `north-america` | `asia-pacific` | `europe`.
        service_location: Option<String> = "ServiceLocation" => Optional,
        /// Backend server filter.
        server_id: Option<String> = "ServerId" => Optional,
        include_reservation_data: Option<bool> = "IncludeReservationData" => Flag,
        page_number: Option<u32> = "PageNumber" => PageNumber,
        page_size: Option<u32> = "PageSize"
            => PageSize(DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE),
    }
}

pub type AssociateGlobalAccelerationInstanceResponse = RequestIdResponse;
pub type UnassociateGlobalAccelerationInstanceResponse = RequestIdResponse;

/// `{AllocationId, IpAddress}` inside `PublicIpAddresses.PublicIpAddress[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PublicIpAddress {
    #[serde(deserialize_with = "lenient")]
    pub allocation_id: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
}

wrapped_list!(
    /// `PublicIpAddresses: {"PublicIpAddress": [...]}`.
    PublicIpAddresses,
    "PublicIpAddress",
    PublicIpAddress
);

/// `{ServerId, ServerIpAddress, ServerType, RegionId}` inside
/// `BackendServers.BackendServer[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct BackendServer {
    #[serde(deserialize_with = "lenient")]
    pub server_id: String,
    #[serde(deserialize_with = "lenient")]
    pub server_ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub server_type: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
}

wrapped_list!(
    /// `BackendServers: {"BackendServer": [...]}`.
    BackendServers,
    "BackendServer",
    BackendServer
);

/// One element of `GlobalAccelerationInstances.GlobalAccelerationInstance[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct GlobalAccelerationInstance {
    #[serde(deserialize_with = "lenient")]
    pub global_acceleration_instance_id: String,
    /// See [`ga_status`](super::ga_status).
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    #[serde(deserialize_with = "lenient")]
    pub service_location: String,
    #[serde(deserialize_with = "lenient")]
    pub acceleration_location: String,
    /// `Exclusive` | `Sharing`.
    #[serde(deserialize_with = "lenient")]
    pub bandwidth_type: String,
    /// A string on the wire.
    #[serde(deserialize_with = "lenient")]
    pub bandwidth: String,
    #[serde(deserialize_with = "lenient")]
    pub charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub expired_time: String,
    #[serde(deserialize_with = "lenient")]
    pub name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub has_reservation_data: String,
    #[serde(deserialize_with = "nullable")]
    pub operation_locks: OperationLocks,
    #[serde(deserialize_with = "nullable")]
    pub public_ip_addresses: PublicIpAddresses,
    #[serde(deserialize_with = "nullable")]
    pub backend_servers: BackendServers,
}

wrapped_list!(
    /// `GlobalAccelerationInstances: {"GlobalAccelerationInstance": [...]}`.
    GlobalAccelerationInstances,
    "GlobalAccelerationInstance",
    GlobalAccelerationInstance
);

/// DescribeGlobalAccelerationInstances response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeGlobalAccelerationInstancesResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub global_acceleration_instances: GlobalAccelerationInstances,
}

wire_response!(DescribeGlobalAccelerationInstancesResponse);

api_action!(ALIBABA_VPC, AssociateGlobalAccelerationInstanceRequest
    => AssociateGlobalAccelerationInstanceResponse, "AssociateGlobalAccelerationInstance");
api_action!(ALIBABA_VPC, DescribeGlobalAccelerationInstancesRequest
    => DescribeGlobalAccelerationInstancesResponse, "DescribeGlobalAccelerationInstances");
api_action!(ALIBABA_VPC, UnassociateGlobalAccelerationInstanceRequest
    => UnassociateGlobalAccelerationInstanceResponse, "UnassociateGlobalAccelerationInstance");

page_number_paginated!(
    DescribeGlobalAccelerationInstancesRequest,
    GlobalAccelerationInstance,
    DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE,
    global_acceleration_instances
);
