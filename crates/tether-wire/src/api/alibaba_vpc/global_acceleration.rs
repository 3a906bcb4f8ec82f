//! Alibaba VPC legacy Global Acceleration APIs: AssociateGlobalAccelerationInstance,
//! UnassociateGlobalAccelerationInstance and DescribeGlobalAccelerationInstances (an exclusive
//! instance's status and its single backend server).

use super::{OperationLocks, RequestIdResponse, DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE};
use crate::api::fields::{Flag, Optional, Required};
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
        ..numbered_pages(DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE),
    }
}

pub type AssociateGlobalAccelerationInstanceResponse = RequestIdResponse;
pub type UnassociateGlobalAccelerationInstanceResponse = RequestIdResponse;

lenient_struct! {
    /// `{AllocationId, IpAddress}` inside `PublicIpAddresses.PublicIpAddress[]`.
    #[derive(Eq)]
    pub struct PublicIpAddress {
        allocation_id: String,
        ip_address: String,
    }
}

wrapped_list!(
    /// `PublicIpAddresses: {"PublicIpAddress": [...]}`.
    PublicIpAddresses,
    "PublicIpAddress",
    PublicIpAddress
);

lenient_struct! {
    /// `{ServerId, ServerIpAddress, ServerType, RegionId}` inside
    /// `BackendServers.BackendServer[]`.
    #[derive(Eq)]
    pub struct BackendServer {
        server_id: String,
        server_ip_address: String,
        server_type: String,
        region_id: String,
    }
}

wrapped_list!(
    /// `BackendServers: {"BackendServer": [...]}`.
    BackendServers,
    "BackendServer",
    BackendServer
);

lenient_struct! {
    /// One element of `GlobalAccelerationInstances.GlobalAccelerationInstance[]`.
    pub struct GlobalAccelerationInstance {
        global_acceleration_instance_id: String,
        /// See [`ga_status`](super::ga_status).
        status: String,
        ip_address: String,
        region_id: String,
        service_location: String,
        acceleration_location: String,
        /// `Exclusive` | `Sharing`.
        bandwidth_type: String,
        /// A string on the wire.
        bandwidth: String,
        charge_type: String,
        internet_charge_type: String,
        creation_time: String,
        expired_time: String,
        name: String,
        description: String,
        has_reservation_data: String,
        operation_locks: OperationLocks => nullable,
        public_ip_addresses: PublicIpAddresses => nullable,
        backend_servers: BackendServers => nullable,
    }
}

wrapped_list!(
    /// `GlobalAccelerationInstances: {"GlobalAccelerationInstance": [...]}`.
    GlobalAccelerationInstances,
    "GlobalAccelerationInstance",
    GlobalAccelerationInstance
);

lenient_struct! {
    /// DescribeGlobalAccelerationInstances response.
    pub struct DescribeGlobalAccelerationInstancesResponse {
        ..numbered_page,
        global_acceleration_instances: GlobalAccelerationInstances => nullable,
    }
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
