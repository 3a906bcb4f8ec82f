//! Alibaba Cloud VPC 2016-04-28 (`vpc`): the EIP association APIs (AssociateEipAddress,
//! DescribeEipAddresses, UnassociateEipAddress), the legacy Global Acceleration APIs
//! (AssociateGlobalAccelerationInstance, DescribeGlobalAccelerationInstances,
//! UnassociateGlobalAccelerationInstance) and the reads of what an EIP binds to
//! (DescribeNatGateways, DescribeHaVips, DescribeVpcs): typed requests with their RPC
//! parameter flattening, and the JSON responses with Alibaba's one-level list wrapping
//! (`EipAddresses.EipAddress[]`, `GlobalAccelerationInstances.GlobalAccelerationInstance[]`,
//! `BackendServers.BackendServer[]`, `OperationLocks.LockReason[]`, `NatGateways.NatGateway[]`,
//! `HaVips.HaVip[]` with the lower-case `AssociatedInstances.associatedInstance[]`,
//! `Vpcs.Vpc[]` with `NatGatewayIds.NatGatewayIds[]`, …).
//!
//! Wire quirks kept: `Bandwidth` is a string (`"5"`), counters are numbers but are
//! accepted as strings, the misspelt `Descritpion` field exists beside `Description`,
//! and `ISP` / `HDMonitorStatus` are upper-case.

use serde::{Deserialize, Serialize};

use super::lenient::{lenient, nullable};
use super::params::{KeyValue, KeyValues, ParamError, ParamReader, ParamWriter};
use super::{Cloud, HttpMethod, PageLimits, ALIBABA_VPC_VERSION};

/// DescribeEipAddresses: PageSize default 10, 1..=100.
pub const DESCRIBE_EIP_ADDRESSES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 100,
};
/// DescribeGlobalAccelerationInstances: PageSize default 10, max 50 (the older doc says
/// 50, a newer Chinese doc 100; 50 is accepted by both).
pub const DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 50,
};
/// DescribeEipAddresses `AllocationId` / `EipAddress`: comma-separated, up to 50 each.
pub const EIP_FILTER_LIST_MAX: usize = 50;
/// DescribeEipAddresses `Tag.N`: N in 1..=20.
pub const EIP_TAG_MAX: usize = 20;
/// DescribeEipAddresses `Filter.N.Key`/`Filter.N.Value`: N in 1..=2
/// (CreationStartTime, CreationEndTime).
pub const EIP_FILTER_MAX: usize = 2;

/// DescribeNatGateways, DescribeHaVips, DescribeVpcs: PageSize default 10, 1..=50.
pub const DESCRIBE_VPC_RESOURCES_PAGE: PageLimits = PageLimits {
    default_size: 10,
    max_size: 50,
};
/// DescribeHaVips `Filter.N` (N ≤ 5) and `Filter.N.Value.M` (M ≤ 5): at most 5 HaVip ids
/// per call.
pub const HA_VIP_FILTERS_MAX: usize = 5;
/// See [`HA_VIP_FILTERS_MAX`].
pub const HA_VIP_FILTER_VALUES_MAX: usize = 5;
/// DescribeHaVips filter keys.
pub const HA_VIP_FILTER_KEYS: &[&str] =
    &["VpcId", "VSwitchId", "Status", "HaVipId", "HaVipAddress"];
/// DescribeVpcs `VpcId`: comma-separated, ≤ 20.
pub const VPC_IDS_MAX: usize = 20;

/// EIP `Status` values.
pub mod eip_status {
    pub const ASSOCIATING: &str = "Associating";
    pub const UNASSOCIATING: &str = "Unassociating";
    pub const IN_USE: &str = "InUse";
    pub const AVAILABLE: &str = "Available";
    pub const RELEASING: &str = "Releasing";
}

/// Global acceleration instance `Status` values (the doc text also spells `Inuse`).
pub mod ga_status {
    pub const AVAILABLE: &str = "Available";
    pub const IN_USE: &str = "InUse";
    pub const ASSOCIATING: &str = "Associating";
    pub const UNASSOCIATING: &str = "Unassociating";
}

// ------------------------------------------------------------------------------------
// Requests
// ------------------------------------------------------------------------------------

/// AssociateEipAddress: bind an EIP to an instance in the same region.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AssociateEipAddressRequest {
    pub region_id: String,
    pub allocation_id: String,
    pub instance_id: String,
    /// `EcsInstance` (default) | `SlbInstance` | `Nat` | `NetworkInterface` | `HaVip` |
    /// `IpAddress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// Only for EIPs added to a shared-bandwidth global acceleration instance.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_region_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    /// `NAT` (default) | `MULTI_BINDED` | `BINDED` (NetworkInterface only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Needed with `InstanceType=IpAddress`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    /// ≤ 64 ASCII characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

impl AssociateEipAddressRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put("AllocationId", &self.allocation_id)
            .put("InstanceId", &self.instance_id)
            .put_opt("InstanceType", self.instance_type.as_deref())
            .put_opt("InstanceRegionId", self.instance_region_id.as_deref())
            .put_opt("PrivateIpAddress", self.private_ip_address.as_deref())
            .put_opt("Mode", self.mode.as_deref())
            .put_opt("VpcId", self.vpc_id.as_deref())
            .put_opt("ClientToken", self.client_token.as_deref())
            .put_opt_bool("DryRun", self.dry_run)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(AssociateEipAddressRequest {
            region_id: r.required("RegionId")?,
            allocation_id: r.required("AllocationId")?,
            instance_id: r.required("InstanceId")?,
            instance_type: r.optional("InstanceType")?,
            instance_region_id: r.optional("InstanceRegionId")?,
            private_ip_address: r.optional("PrivateIpAddress")?,
            mode: r.optional("Mode")?,
            vpc_id: r.optional("VpcId")?,
            client_token: r.optional("ClientToken")?,
            dry_run: r.optional_bool("DryRun")?,
        })
    }
}

/// UnassociateEipAddress: unbind an EIP.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct UnassociateEipAddressRequest {
    pub region_id: String,
    pub allocation_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    /// Unbind from a NAT gateway even if DNAT/SNAT entries still use the EIP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
}

impl UnassociateEipAddressRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put("AllocationId", &self.allocation_id)
            .put_opt("InstanceId", self.instance_id.as_deref())
            .put_opt("InstanceType", self.instance_type.as_deref())
            .put_opt("PrivateIpAddress", self.private_ip_address.as_deref())
            .put_opt_bool("Force", self.force)
            .put_opt("ClientToken", self.client_token.as_deref())
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(UnassociateEipAddressRequest {
            region_id: r.required("RegionId")?,
            allocation_id: r.required("AllocationId")?,
            instance_id: r.optional("InstanceId")?,
            instance_type: r.optional("InstanceType")?,
            private_ip_address: r.optional("PrivateIpAddress")?,
            force: r.optional_bool("Force")?,
            client_token: r.optional("ClientToken")?,
        })
    }
}

/// DescribeEipAddresses: list EIPs of a region, optionally filtered.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeEipAddressesRequest {
    pub region_id: String,
    /// `AllocationId`, comma-separated on the wire (≤ 50).
    #[serde(rename = "AllocationId", skip_serializing_if = "Vec::is_empty")]
    pub allocation_ids: Vec<String>,
    /// `EipAddress`, comma-separated on the wire (≤ 50).
    #[serde(rename = "EipAddress", skip_serializing_if = "Vec::is_empty")]
    pub eip_addresses: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_instance_id: Option<String>,
    #[serde(rename = "ISP", skip_serializing_if = "Option::is_none")]
    pub isp: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segment_instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    /// `Tag.N.Key` / `Tag.N.Value` (N ≤ 20).
    #[serde(rename = "Tag", skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<KeyValue>,
    /// `Filter.N.Key` / `Filter.N.Value` (N ≤ 2; keys CreationStartTime/CreationEndTime).
    #[serde(rename = "Filter", skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<KeyValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_reservation_data: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    /// Default 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=100, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeEipAddressesRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_comma_list("AllocationId", &self.allocation_ids)
            .put_comma_list("EipAddress", &self.eip_addresses)
            .put_opt("Status", self.status.as_deref())
            .put_opt(
                "AssociatedInstanceType",
                self.associated_instance_type.as_deref(),
            )
            .put_opt(
                "AssociatedInstanceId",
                self.associated_instance_id.as_deref(),
            )
            .put_opt("ISP", self.isp.as_deref())
            .put_opt("LockReason", self.lock_reason.as_deref())
            .put_opt("ChargeType", self.charge_type.as_deref())
            .put_opt("SegmentInstanceId", self.segment_instance_id.as_deref())
            .put_opt("ResourceGroupId", self.resource_group_id.as_deref())
            .put_key_value_list("Tag", &self.tags)
            .put_key_value_list("Filter", &self.filters)
            .put_opt_bool("IncludeReservationData", self.include_reservation_data)
            .put_opt_bool("DryRun", self.dry_run)
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeEipAddressesRequest {
            region_id: r.required("RegionId")?,
            allocation_ids: r.comma_list("AllocationId", EIP_FILTER_LIST_MAX)?,
            eip_addresses: r.comma_list("EipAddress", EIP_FILTER_LIST_MAX)?,
            status: r.optional("Status")?,
            associated_instance_type: r.optional("AssociatedInstanceType")?,
            associated_instance_id: r.optional("AssociatedInstanceId")?,
            isp: r.optional("ISP")?,
            lock_reason: r.optional("LockReason")?,
            charge_type: r.optional("ChargeType")?,
            segment_instance_id: r.optional("SegmentInstanceId")?,
            resource_group_id: r.optional("ResourceGroupId")?,
            tags: r.key_value_list("Tag", EIP_TAG_MAX)?,
            filters: r.key_value_list("Filter", EIP_FILTER_MAX)?,
            include_reservation_data: r.optional_bool("IncludeReservationData")?,
            dry_run: r.optional_bool("DryRun")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged("PageSize", 1, DESCRIBE_EIP_ADDRESSES_PAGE.max_size)?,
        })
    }
}

/// AssociateGlobalAccelerationInstance: bind the (single) backend server of an exclusive
/// global acceleration instance.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct AssociateGlobalAccelerationInstanceRequest {
    /// Region of the global acceleration instance.
    pub region_id: String,
    pub global_acceleration_instance_id: String,
    pub backend_server_id: String,
    /// Must lie in the instance's service area and differ from `RegionId`.
    pub backend_server_region_id: String,
    /// `EcsInstance` (default) | `SlbInstance`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend_server_type: Option<String>,
}

impl AssociateGlobalAccelerationInstanceRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put(
                "GlobalAccelerationInstanceId",
                &self.global_acceleration_instance_id,
            )
            .put("BackendServerId", &self.backend_server_id)
            .put("BackendServerRegionId", &self.backend_server_region_id)
            .put_opt("BackendServerType", self.backend_server_type.as_deref())
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(AssociateGlobalAccelerationInstanceRequest {
            region_id: r.required("RegionId")?,
            global_acceleration_instance_id: r.required("GlobalAccelerationInstanceId")?,
            backend_server_id: r.required("BackendServerId")?,
            backend_server_region_id: r.required("BackendServerRegionId")?,
            backend_server_type: r.optional("BackendServerType")?,
        })
    }
}

/// UnassociateGlobalAccelerationInstance: unbind the backend (there is only one, so no
/// backend id is given).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct UnassociateGlobalAccelerationInstanceRequest {
    pub region_id: String,
    pub global_acceleration_instance_id: String,
    /// Newer docs: `RemoteEcsInstance` | `RemoteSlbInstance` | `RemoteEniInstance`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
}

impl UnassociateGlobalAccelerationInstanceRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put(
                "GlobalAccelerationInstanceId",
                &self.global_acceleration_instance_id,
            )
            .put_opt("InstanceType", self.instance_type.as_deref())
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(UnassociateGlobalAccelerationInstanceRequest {
            region_id: r.required("RegionId")?,
            global_acceleration_instance_id: r.required("GlobalAccelerationInstanceId")?,
            instance_type: r.optional("InstanceType")?,
        })
    }
}

/// DescribeGlobalAccelerationInstances.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeGlobalAccelerationInstancesRequest {
    pub region_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub global_acceleration_instance_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `Exclusive` (default) | `Sharing`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bandwidth_type: Option<String>,
    /// `china-mainland` | `north-america` | `asia-pacific` | `europe`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_location: Option<String>,
    /// Backend server filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_reservation_data: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeGlobalAccelerationInstancesRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_opt(
                "GlobalAccelerationInstanceId",
                self.global_acceleration_instance_id.as_deref(),
            )
            .put_opt("IpAddress", self.ip_address.as_deref())
            .put_opt("Name", self.name.as_deref())
            .put_opt("Status", self.status.as_deref())
            .put_opt("BandwidthType", self.bandwidth_type.as_deref())
            .put_opt("ServiceLocation", self.service_location.as_deref())
            .put_opt("ServerId", self.server_id.as_deref())
            .put_opt_bool("IncludeReservationData", self.include_reservation_data)
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeGlobalAccelerationInstancesRequest {
            region_id: r.required("RegionId")?,
            global_acceleration_instance_id: r.optional("GlobalAccelerationInstanceId")?,
            ip_address: r.optional("IpAddress")?,
            name: r.optional("Name")?,
            status: r.optional("Status")?,
            bandwidth_type: r.optional("BandwidthType")?,
            service_location: r.optional("ServiceLocation")?,
            server_id: r.optional("ServerId")?,
            include_reservation_data: r.optional_bool("IncludeReservationData")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged(
                "PageSize",
                1,
                DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE.max_size,
            )?,
        })
    }
}

/// DescribeNatGateways. `NatGatewayId` takes one id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNatGatewaysRequest {
    pub region_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nat_gateway_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Creating` | `Available` | `Modifying` | `Deleting` | `Converting`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `internet` | `intranet`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zone_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=50, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeNatGatewaysRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_opt("NatGatewayId", self.nat_gateway_id.as_deref())
            .put_opt("VpcId", self.vpc_id.as_deref())
            .put_opt("Name", self.name.as_deref())
            .put_opt("Status", self.status.as_deref())
            .put_opt("NetworkType", self.network_type.as_deref())
            .put_opt("ZoneId", self.zone_id.as_deref())
            .put_opt_bool("DryRun", self.dry_run)
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeNatGatewaysRequest {
            region_id: r.required("RegionId")?,
            nat_gateway_id: r.optional("NatGatewayId")?,
            vpc_id: r.optional("VpcId")?,
            name: r.optional("Name")?,
            status: r.optional("Status")?,
            network_type: r.optional("NetworkType")?,
            zone_id: r.optional("ZoneId")?,
            dry_run: r.optional_bool("DryRun")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged("PageSize", 1, DESCRIBE_VPC_RESOURCES_PAGE.max_size)?,
        })
    }
}

/// DescribeHaVips: `Filter.N.Key` (one of [`HA_VIP_FILTER_KEYS`]) with
/// `Filter.N.Value.M`; values of one key are ORed, keys are ANDed.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeHaVipsRequest {
    pub region_id: String,
    /// `Filter.N.Key` / `Filter.N.Value.M` (N, M ≤ 5).
    #[serde(rename = "Filter", skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<KeyValues>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=50, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeHaVipsRequest {
    /// A request for the HaVips with these ids (at most [`HA_VIP_FILTER_VALUES_MAX`]).
    pub fn by_ids(region_id: &str, ids: &[String]) -> Self {
        DescribeHaVipsRequest {
            region_id: region_id.to_string(),
            filters: vec![KeyValues {
                key: "HaVipId".to_string(),
                values: ids.to_vec(),
            }],
            ..Default::default()
        }
    }

    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_key_values_list("Filter", "Value", &self.filters)
            .put_opt("ResourceGroupId", self.resource_group_id.as_deref())
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeHaVipsRequest {
            region_id: r.required("RegionId")?,
            filters: r.key_values_list(
                "Filter",
                "Value",
                HA_VIP_FILTERS_MAX,
                HA_VIP_FILTER_VALUES_MAX,
            )?,
            resource_group_id: r.optional("ResourceGroupId")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged("PageSize", 1, DESCRIBE_VPC_RESOURCES_PAGE.max_size)?,
        })
    }
}

/// DescribeVpcs. `IsDefault` filters on the default VPC when given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeVpcsRequest {
    pub region_id: String,
    /// `VpcId`, comma-separated on the wire (≤ 20).
    #[serde(rename = "VpcId", skip_serializing_if = "Vec::is_empty")]
    pub vpc_ids: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_default: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<u32>,
    /// 1..=50, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<u32>,
}

impl DescribeVpcsRequest {
    pub fn to_params(&self) -> Vec<(String, String)> {
        ParamWriter::new()
            .put("RegionId", &self.region_id)
            .put_comma_list("VpcId", &self.vpc_ids)
            .put_opt("VpcName", self.vpc_name.as_deref())
            .put_opt_bool("IsDefault", self.is_default)
            .put_opt_bool("DryRun", self.dry_run)
            .put_opt_display("PageNumber", self.page_number)
            .put_opt_display("PageSize", self.page_size)
            .finish()
    }

    pub fn from_params(params: &[(String, String)]) -> Result<Self, ParamError> {
        let r = ParamReader::new(params);
        Ok(DescribeVpcsRequest {
            region_id: r.required("RegionId")?,
            vpc_ids: r.comma_list("VpcId", VPC_IDS_MAX)?,
            vpc_name: r.optional("VpcName")?,
            is_default: r.optional_bool("IsDefault")?,
            dry_run: r.optional_bool("DryRun")?,
            page_number: r.optional_ranged("PageNumber", 1, u32::MAX)?,
            page_size: r.optional_ranged("PageSize", 1, DESCRIBE_VPC_RESOURCES_PAGE.max_size)?,
        })
    }
}

// ------------------------------------------------------------------------------------
// Responses
// ------------------------------------------------------------------------------------

/// A response that carries only `RequestId` (the four VPC write APIs).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct RequestIdResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
}

pub type AssociateEipAddressResponse = RequestIdResponse;
pub type UnassociateEipAddressResponse = RequestIdResponse;
pub type AssociateGlobalAccelerationInstanceResponse = RequestIdResponse;
pub type UnassociateGlobalAccelerationInstanceResponse = RequestIdResponse;

/// `{LockReason: "financial"}` inside `OperationLocks.LockReason[]`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct LockReason {
    #[serde(deserialize_with = "lenient")]
    pub lock_reason: String,
}

wrapped_list!(
    /// `OperationLocks: {"LockReason": [...]}`.
    OperationLocks,
    "LockReason",
    LockReason
);

/// A tag `{Key, Value}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Tag {
    #[serde(deserialize_with = "lenient")]
    pub key: String,
    #[serde(deserialize_with = "lenient")]
    pub value: String,
}

wrapped_list!(
    /// `Tags: {"Tag": [...]}`.
    Tags,
    "Tag",
    Tag
);
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
    /// See [`eip_status`].
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
    /// See [`ga_status`].
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

/// One element of `NatGateways.NatGateway[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatGateway {
    #[serde(deserialize_with = "lenient")]
    pub nat_gateway_id: String,
    #[serde(deserialize_with = "lenient")]
    pub name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    /// `Creating` | `Available` | `Modifying` | `Deleting` | `Converting`.
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    /// `Normal` | `FinancialLocked` | `SecurityLocked`.
    #[serde(deserialize_with = "lenient")]
    pub business_status: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    /// `internet` | `intranet`.
    #[serde(deserialize_with = "lenient")]
    pub network_type: String,
    /// `Enhanced`.
    #[serde(deserialize_with = "lenient")]
    pub nat_type: String,
    #[serde(deserialize_with = "lenient")]
    pub spec: String,
    #[serde(deserialize_with = "lenient")]
    pub instance_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub internet_charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub expired_time: String,
    #[serde(deserialize_with = "lenient")]
    pub deletion_protection: bool,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: NatTags,
}

/// A `{TagKey, TagValue}` tag of a NAT gateway.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct NatTag {
    #[serde(deserialize_with = "lenient")]
    pub tag_key: String,
    #[serde(deserialize_with = "lenient")]
    pub tag_value: String,
}

wrapped_list!(
    /// A NAT gateway's `Tags: {"Tag": [...]}`.
    NatTags,
    "Tag",
    NatTag
);
wrapped_list!(
    /// `NatGateways: {"NatGateway": [...]}`.
    NatGateways,
    "NatGateway",
    NatGateway
);

/// DescribeNatGateways response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeNatGatewaysResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub nat_gateways: NatGateways,
}

wrapped_list!(
    /// `AssociatedInstances: {"associatedInstance": [...]}` (lower-case `a` on the wire).
    AssociatedInstances,
    "associatedInstance",
    String
);
wrapped_list!(
    /// `AssociatedEipAddresses: {"associatedEipAddresse": [...]}` (sic).
    AssociatedEipAddresses,
    "associatedEipAddresse",
    String
);

/// One element of `HaVips.HaVip[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct HaVip {
    #[serde(deserialize_with = "lenient")]
    pub ha_vip_id: String,
    #[serde(deserialize_with = "lenient")]
    pub ip_address: String,
    /// `Creating` | `Available` | `InUse` | `Deleting`; an EIP binds only in `Available` or
    /// `InUse` (`IncorrectHaVipStatus`).
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(rename = "VSwitchId", deserialize_with = "lenient")]
    pub v_switch_id: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    #[serde(deserialize_with = "lenient")]
    pub name: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    /// `EcsInstance` | `NetworkInterface`.
    #[serde(deserialize_with = "lenient")]
    pub associated_instance_type: String,
    #[serde(deserialize_with = "lenient")]
    pub master_instance_id: String,
    #[serde(deserialize_with = "nullable")]
    pub associated_instances: AssociatedInstances,
    #[serde(deserialize_with = "nullable")]
    pub associated_eip_addresses: AssociatedEipAddresses,
    #[serde(deserialize_with = "lenient")]
    pub create_time: String,
    #[serde(deserialize_with = "lenient")]
    pub charge_type: String,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(deserialize_with = "nullable")]
    pub tags: Tags,
}

wrapped_list!(
    /// `HaVips: {"HaVip": [...]}`.
    HaVips,
    "HaVip",
    HaVip
);

/// DescribeHaVips response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeHaVipsResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub ha_vips: HaVips,
}

wrapped_list!(
    /// `VSwitchIds: {"VSwitchId": [...]}`.
    VSwitchIds,
    "VSwitchId",
    String
);
wrapped_list!(
    /// `NatGatewayIds: {"NatGatewayIds": [...]}` (the inner key repeats the outer one).
    NatGatewayIds,
    "NatGatewayIds",
    String
);
wrapped_list!(
    /// `RouterTableIds: {"RouterTableIds": [...]}`.
    RouterTableIds,
    "RouterTableIds",
    String
);

/// One element of `Vpcs.Vpc[]`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Vpc {
    #[serde(deserialize_with = "lenient")]
    pub vpc_id: String,
    #[serde(deserialize_with = "lenient")]
    pub vpc_name: String,
    /// `Pending` | `Available`.
    #[serde(deserialize_with = "lenient")]
    pub status: String,
    /// The region's default VPC (an EIP cannot be bound there: `OperationDenied`).
    #[serde(deserialize_with = "lenient")]
    pub is_default: bool,
    #[serde(deserialize_with = "lenient")]
    pub cidr_block: String,
    #[serde(deserialize_with = "lenient")]
    pub region_id: String,
    #[serde(rename = "VRouterId", deserialize_with = "lenient")]
    pub v_router_id: String,
    #[serde(deserialize_with = "lenient")]
    pub description: String,
    #[serde(deserialize_with = "lenient")]
    pub creation_time: String,
    #[serde(deserialize_with = "lenient")]
    pub resource_group_id: String,
    #[serde(rename = "VSwitchIds", deserialize_with = "nullable")]
    pub v_switch_ids: VSwitchIds,
    #[serde(deserialize_with = "nullable")]
    pub nat_gateway_ids: NatGatewayIds,
    #[serde(deserialize_with = "nullable")]
    pub router_table_ids: RouterTableIds,
    #[serde(deserialize_with = "nullable")]
    pub tags: Tags,
}

wrapped_list!(
    /// `Vpcs: {"Vpc": [...]}`.
    Vpcs,
    "Vpc",
    Vpc
);

/// DescribeVpcs response.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct DescribeVpcsResponse {
    #[serde(deserialize_with = "lenient")]
    pub request_id: String,
    #[serde(deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_number: u64,
    #[serde(deserialize_with = "lenient")]
    pub page_size: u64,
    #[serde(deserialize_with = "nullable")]
    pub vpcs: Vpcs,
}

wire_response!(
    RequestIdResponse,
    DescribeEipAddressesResponse,
    DescribeGlobalAccelerationInstancesResponse,
    DescribeNatGatewaysResponse,
    DescribeHaVipsResponse,
    DescribeVpcsResponse,
);

// ------------------------------------------------------------------------------------
// Metadata and pagination
// ------------------------------------------------------------------------------------

params_action!(AssociateEipAddressRequest => AssociateEipAddressResponse,
    Cloud::Alibaba, "AssociateEipAddress", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(DescribeEipAddressesRequest => DescribeEipAddressesResponse,
    Cloud::Alibaba, "DescribeEipAddresses", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(UnassociateEipAddressRequest => UnassociateEipAddressResponse,
    Cloud::Alibaba, "UnassociateEipAddress", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(AssociateGlobalAccelerationInstanceRequest => AssociateGlobalAccelerationInstanceResponse,
    Cloud::Alibaba, "AssociateGlobalAccelerationInstance", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(DescribeGlobalAccelerationInstancesRequest => DescribeGlobalAccelerationInstancesResponse,
    Cloud::Alibaba, "DescribeGlobalAccelerationInstances", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(UnassociateGlobalAccelerationInstanceRequest => UnassociateGlobalAccelerationInstanceResponse,
    Cloud::Alibaba, "UnassociateGlobalAccelerationInstance", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(DescribeNatGatewaysRequest => DescribeNatGatewaysResponse,
    Cloud::Alibaba, "DescribeNatGateways", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(DescribeHaVipsRequest => DescribeHaVipsResponse,
    Cloud::Alibaba, "DescribeHaVips", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);
params_action!(DescribeVpcsRequest => DescribeVpcsResponse,
    Cloud::Alibaba, "DescribeVpcs", ALIBABA_VPC_VERSION, "vpc", HttpMethod::Post);

page_number_paginated!(
    DescribeEipAddressesRequest,
    EipAddress,
    DESCRIBE_EIP_ADDRESSES_PAGE,
    eip_addresses
);
page_number_paginated!(
    DescribeNatGatewaysRequest,
    NatGateway,
    DESCRIBE_VPC_RESOURCES_PAGE,
    nat_gateways
);
page_number_paginated!(
    DescribeHaVipsRequest,
    HaVip,
    DESCRIBE_VPC_RESOURCES_PAGE,
    ha_vips
);
page_number_paginated!(DescribeVpcsRequest, Vpc, DESCRIBE_VPC_RESOURCES_PAGE, vpcs);
page_number_paginated!(
    DescribeGlobalAccelerationInstancesRequest,
    GlobalAccelerationInstance,
    DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE,
    global_acceleration_instances
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::params::owned_params;
    use crate::api::Paginated;
    use crate::api::{ApiAction, RequestPayload, ResponseError};
    use serde_json::{json, Value};

    fn round_trip<T>(req: &T)
    where
        T: ApiAction + PartialEq + Serialize + serde::de::DeserializeOwned,
    {
        let payload = req.encode();
        assert!(matches!(payload, RequestPayload::Params(_)));
        assert_eq!(&T::decode(&payload).unwrap(), req, "params round trip");
        let json = serde_json::to_string(req).unwrap();
        assert_eq!(
            &serde_json::from_str::<T>(&json).unwrap(),
            req,
            "JSON round trip"
        );
    }

    fn full_associate() -> AssociateEipAddressRequest {
        AssociateEipAddressRequest {
            region_id: "cn-hangzhou".into(),
            allocation_id: "eip-2zeerraiwb7ujxxxxxxxx".into(),
            instance_id: "i-2zebb08phyczxxxxxxxx".into(),
            instance_type: Some("NetworkInterface".into()),
            instance_region_id: Some("cn-hangzhou".into()),
            private_ip_address: Some("192.168.0.4".into()),
            mode: Some("MULTI_BINDED".into()),
            vpc_id: Some("vpc-1".into()),
            client_token: Some("TF-AssociateEipAddress-1".into()),
            dry_run: Some(false),
        }
    }

    #[test]
    fn associate_eip_params_match_doc_example() {
        // Doc example: Action=AssociateEipAddress&AllocationId=eip-2zeerraiwb7ujxxxxxxxx
        // &InstanceId=i-2zebb08phyczxxxxxxxx (+ RegionId, required).
        let req = AssociateEipAddressRequest {
            region_id: "cn-hangzhou".into(),
            allocation_id: "eip-2zeerraiwb7ujxxxxxxxx".into(),
            instance_id: "i-2zebb08phyczxxxxxxxx".into(),
            ..Default::default()
        };
        assert_eq!(
            req.to_params(),
            owned_params(&[
                ("RegionId", "cn-hangzhou"),
                ("AllocationId", "eip-2zeerraiwb7ujxxxxxxxx"),
                ("InstanceId", "i-2zebb08phyczxxxxxxxx"),
            ])
        );
        round_trip(&req);
        round_trip(&full_associate());
        let p = full_associate().to_params();
        assert!(p.contains(&("DryRun".into(), "false".into())));
        assert!(p.contains(&("Mode".into(), "MULTI_BINDED".into())));
    }

    #[test]
    fn associate_eip_missing_params() {
        let p = owned_params(&[("RegionId", "cn-hangzhou"), ("InstanceId", "i-1")]);
        assert_eq!(
            AssociateEipAddressRequest::from_params(&p),
            Err(ParamError::Missing {
                name: "AllocationId".into()
            })
        );
        let p = owned_params(&[
            ("RegionId", "cn-hangzhou"),
            ("AllocationId", "eip-1"),
            ("InstanceId", "i-1"),
            ("DryRun", "perhaps"),
        ]);
        assert!(matches!(
            AssociateEipAddressRequest::from_params(&p),
            Err(ParamError::Malformed { ref name, .. }) if name == "DryRun"
        ));
    }

    #[test]
    fn common_parameters_are_ignored() {
        let p = owned_params(&[
            ("Action", "UnassociateEipAddress"),
            ("Version", "2016-04-28"),
            ("Format", "JSON"),
            ("SignatureType", ""),
            ("RegionId", "cn-hangzhou"),
            ("AllocationId", "eip-1"),
            ("Force", "True"),
        ]);
        let req = UnassociateEipAddressRequest::from_params(&p).unwrap();
        assert_eq!(req.force, Some(true));
        assert_eq!(req.instance_id, None);
    }

    #[test]
    fn unassociate_eip_round_trip() {
        round_trip(&UnassociateEipAddressRequest {
            region_id: "cn-hangzhou".into(),
            allocation_id: "eip-1".into(),
            instance_id: Some("ngw-1".into()),
            instance_type: Some("Nat".into()),
            private_ip_address: None,
            force: Some(true),
            client_token: Some("tok".into()),
        });
    }

    #[test]
    fn describe_eip_round_trip_and_flattening() {
        let req = DescribeEipAddressesRequest {
            region_id: "cn-hangzhou".into(),
            allocation_ids: vec!["eip-1".into(), "eip-2".into()],
            eip_addresses: vec!["47.1.1.1".into()],
            status: Some("InUse".into()),
            isp: Some("BGP".into()),
            tags: vec![KeyValue::new("env", "prod")],
            filters: vec![
                KeyValue::new("CreationStartTime", "2024-01-01T00:00Z"),
                KeyValue::new("CreationEndTime", "2024-02-01T00:00Z"),
            ],
            include_reservation_data: Some(true),
            page_number: Some(2),
            page_size: Some(100),
            ..Default::default()
        };
        let p = req.to_params();
        assert!(p.contains(&("AllocationId".into(), "eip-1,eip-2".into())));
        assert!(p.contains(&("ISP".into(), "BGP".into())));
        assert!(p.contains(&("Tag.1.Key".into(), "env".into())));
        assert!(p.contains(&("Filter.2.Value".into(), "2024-02-01T00:00Z".into())));
        round_trip(&req);
        round_trip(&DescribeEipAddressesRequest {
            region_id: "cn-beijing".into(),
            ..Default::default()
        });
    }

    #[test]
    fn describe_eip_rejects_bad_paging_and_lists() {
        let base = [("RegionId", "cn-hangzhou")];
        let with = |extra: &[(&str, &str)]| {
            let mut p = owned_params(&base);
            p.extend(owned_params(extra));
            DescribeEipAddressesRequest::from_params(&p)
        };
        assert!(matches!(
            with(&[("PageSize", "10.5")]),
            Err(ParamError::Malformed { ref name, .. }) if name == "PageSize"
        ));
        assert!(matches!(
            with(&[("PageSize", "101")]),
            Err(ParamError::OutOfRange { max: 100, .. })
        ));
        assert!(matches!(
            with(&[("PageNumber", "0")]),
            Err(ParamError::OutOfRange { ref name, .. }) if name == "PageNumber"
        ));
        let ids: Vec<String> = (0..51).map(|i| format!("eip-{i}")).collect();
        let joined = ids.join(",");
        assert_eq!(
            with(&[("AllocationId", joined.as_str())]),
            Err(ParamError::TooMany {
                name: "AllocationId".into(),
                max: 50,
                got: 51
            })
        );
        assert!(matches!(
            with(&[("Filter.3.Key", "CreationStartTime")]),
            Err(ParamError::TooMany { max: 2, .. })
        ));
        assert_eq!(
            with(&[("Tag.1.Value", "prod")]),
            Err(ParamError::Missing {
                name: "Tag.1.Key".into()
            })
        );
    }

    #[test]
    fn ga_requests_round_trip_and_match_seed_example() {
        // Seed example: BackendServerId=i-saf23****, BackendServerRegionId=cn-shanghai,
        // GlobalAccelerationInstanceId=ga-lsajj32****, RegionId=cn-hangzhou.
        let p = owned_params(&[
            ("Action", "AssociateGlobalAccelerationInstance"),
            ("BackendServerId", "i-saf23****"),
            ("BackendServerRegionId", "cn-shanghai"),
            ("GlobalAccelerationInstanceId", "ga-lsajj32****"),
            ("RegionId", "cn-hangzhou"),
        ]);
        let req = AssociateGlobalAccelerationInstanceRequest::from_params(&p).unwrap();
        assert_eq!(req.backend_server_id, "i-saf23****");
        assert_eq!(req.backend_server_region_id, "cn-shanghai");
        assert_eq!(req.backend_server_type, None);
        round_trip(&req);
        round_trip(&AssociateGlobalAccelerationInstanceRequest {
            backend_server_type: Some("SlbInstance".into()),
            ..req.clone()
        });
        let missing = owned_params(&[
            ("BackendServerId", "i-1"),
            ("GlobalAccelerationInstanceId", "ga-1"),
            ("RegionId", "cn-hangzhou"),
        ]);
        assert_eq!(
            AssociateGlobalAccelerationInstanceRequest::from_params(&missing),
            Err(ParamError::Missing {
                name: "BackendServerRegionId".into()
            })
        );
        round_trip(&UnassociateGlobalAccelerationInstanceRequest {
            region_id: "cn-hangzhou".into(),
            global_acceleration_instance_id: "ga-1".into(),
            instance_type: Some("RemoteEcsInstance".into()),
        });
        round_trip(&DescribeGlobalAccelerationInstancesRequest {
            region_id: "cn-hangzhou".into(),
            global_acceleration_instance_id: Some("ga-1".into()),
            bandwidth_type: Some("Exclusive".into()),
            service_location: Some("china-mainland".into()),
            server_id: Some("i-1".into()),
            include_reservation_data: Some(false),
            page_number: Some(1),
            page_size: Some(50),
            ..Default::default()
        });
        let p = owned_params(&[("RegionId", "cn-hangzhou"), ("PageSize", "51")]);
        assert!(matches!(
            DescribeGlobalAccelerationInstancesRequest::from_params(&p),
            Err(ParamError::OutOfRange { max: 50, .. })
        ));
    }

    #[test]
    fn write_responses_parse_seed_examples() {
        // AssociateEipAddress seed JSON example.
        let body = br#"{"RequestId":"0ED8D006-F706-4D23-88ED-E11ED28DCAC0"}"#;
        let r = AssociateEipAddressRequest::decode_response(200, body).unwrap();
        assert_eq!(r.request_id, "0ED8D006-F706-4D23-88ED-E11ED28DCAC0");
        // AssociateGlobalAccelerationInstance seed JSON example.
        let body = br#"{"RequestId":"DDF2CC38-76C7-4000-909D-B2088158AEDA"}"#;
        let r = AssociateGlobalAccelerationInstanceRequest::decode_response(200, body).unwrap();
        assert_eq!(r.request_id, "DDF2CC38-76C7-4000-909D-B2088158AEDA");
        let out = AssociateEipAddressRequest::encode_response(&r, "cn-hangzhou");
        assert_eq!(
            out,
            json!({"RequestId": "DDF2CC38-76C7-4000-909D-B2088158AEDA"})
        );
    }

    #[test]
    fn error_answers_become_cloud_errors() {
        let body = br#"{"RequestId":"r","HostId":"vpc.aliyuncs.com","Code":"InvalidAssociation.Duplicated","Message":"Specified instance already is associated."}"#;
        match AssociateEipAddressRequest::decode_response(400, body) {
            Err(ResponseError::Cloud(parts)) => {
                assert_eq!(parts.code, "InvalidAssociation.Duplicated")
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    fn describe_eip_body() -> Value {
        json!({
            "RequestId": "4EC47282-1B74-4534-BD0E-403F3EE64CAF",
            "TotalCount": 1,
            "PageNumber": 1,
            "PageSize": 10,
            "EipAddresses": {
                "EipAddress": [{
                    "AllocationId": "eip-2zeerraiwb7ujsxdc****",
                    "IpAddress": "47.94.xx.xx",
                    "Status": "InUse",
                    "InstanceId": "i-2zebb08phyczzawe****",
                    "InstanceType": "EcsInstance",
                    "InstanceRegionId": "cn-beijing",
                    "RegionId": "cn-beijing",
                    "Bandwidth": "5",
                    "ChargeType": "PostPaid",
                    "InternetChargeType": "PayByTraffic",
                    "BusinessStatus": "Normal",
                    "OperationLocks": {"LockReason": []},
                    "Descritpion": "misspelt",
                    "Description": "spelt",
                    "ISP": "BGP",
                    "HDMonitorStatus": "OFF",
                    "DeletionProtection": false,
                    "SecondLimited": true,
                    "ServiceManaged": 0,
                    "Mode": "NAT",
                    "PrivateIpAddress": "",
                    "Tags": {"Tag": [{"Key": "env", "Value": "prod"}]},
                    "SecurityProtectionTypes": {"SecurityProtectionType": ["AntiDDoS_Enhanced"]},
                    "AvailableRegions": {"AvailableRegion": ["cn-beijing"]}
                }]
            }
        })
    }

    #[test]
    fn describe_eip_response_parses_real_shape() {
        let body = serde_json::to_vec(&describe_eip_body()).unwrap();
        let r = DescribeEipAddressesRequest::decode_response(200, &body).unwrap();
        assert_eq!(r.total_count, 1);
        let eip = &r.eip_addresses.items[0];
        assert_eq!(eip.allocation_id, "eip-2zeerraiwb7ujsxdc****");
        assert_eq!(eip.status, eip_status::IN_USE);
        assert_eq!(eip.bandwidth, "5");
        assert_eq!(eip.isp, "BGP");
        assert_eq!(eip.descritpion, "misspelt");
        assert_eq!(eip.hd_monitor_status, "OFF");
        assert!(eip.second_limited);
        assert_eq!(eip.tags.items[0].value, "prod");
        assert_eq!(
            eip.security_protection_types.items,
            vec!["AntiDDoS_Enhanced".to_string()]
        );
        // Serialise faithfully: wrappers kept, Bandwidth a string, counters numbers.
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(out["TotalCount"], json!(1));
        assert_eq!(
            out["EipAddresses"]["EipAddress"][0]["Bandwidth"],
            json!("5")
        );
        assert_eq!(out["EipAddresses"]["EipAddress"][0]["ISP"], json!("BGP"));
        assert!(out["EipAddresses"]["EipAddress"][0]["OperationLocks"]["LockReason"].is_array());
        let again: DescribeEipAddressesResponse = serde_json::from_value(out).unwrap();
        assert_eq!(again, r);
    }

    #[test]
    fn describe_eip_response_tolerates_doc_quirks() {
        // The doc example: EipAddress as a single object, numbers as strings or numbers,
        // Bandwidth as a number, fields missing.
        let body = br#"{
            "RequestId": "r",
            "TotalCount": "3",
            "PageNumber": "1",
            "PageSize": 10,
            "EipAddresses": {"EipAddress": {"AllocationId": "eip-1", "Bandwidth": 5, "Unknown": 1}}
        }"#;
        let r = DescribeEipAddressesRequest::decode_response(200, body).unwrap();
        assert_eq!(r.total_count, 3);
        assert_eq!(r.eip_addresses.items.len(), 1);
        assert_eq!(r.eip_addresses.items[0].bandwidth, "5");
        assert_eq!(r.eip_addresses.items[0].status, "");
        // Empty answer.
        let body = br#"{"RequestId":"r","TotalCount":0,"PageNumber":1,"PageSize":10,"EipAddresses":{"EipAddress":[]}}"#;
        let r = DescribeEipAddressesRequest::decode_response(200, body).unwrap();
        assert!(r.eip_addresses.items.is_empty());
        let body = br#"{"RequestId":"r"}"#;
        let r = DescribeEipAddressesRequest::decode_response(200, body).unwrap();
        assert!(r.eip_addresses.items.is_empty());
        // A list field of the wrong kind is malformed, not silently empty.
        let body = br#"{"RequestId":"r","TotalCount":[1]}"#;
        assert!(matches!(
            DescribeEipAddressesRequest::decode_response(200, body),
            Err(ResponseError::Malformed { .. })
        ));
    }

    #[test]
    fn describe_ga_response_nested_lists() {
        let body = json!({
            "RequestId": "r",
            "TotalCount": 1,
            "PageNumber": 1,
            "PageSize": 10,
            "GlobalAccelerationInstances": {
                "GlobalAccelerationInstance": [{
                    "GlobalAccelerationInstanceId": "ga-lsajj32****",
                    "Status": "InUse",
                    "IpAddress": "47.1.2.3",
                    "RegionId": "cn-hangzhou",
                    "ServiceLocation": "china-mainland",
                    "BandwidthType": "Exclusive",
                    "Bandwidth": "10",
                    "OperationLocks": {"LockReason": [{"LockReason": "financial"}]},
                    "PublicIpAddresses": {"PublicIpAddress": [{"AllocationId": "eip-1", "IpAddress": "47.1.2.3"}]},
                    "BackendServers": {"BackendServer": [{
                        "ServerId": "i-saf23****",
                        "ServerIpAddress": "10.0.0.1",
                        "ServerType": "EcsInstance",
                        "RegionId": "cn-shanghai"
                    }]}
                }]
            }
        });
        let raw = serde_json::to_vec(&body).unwrap();
        let r = DescribeGlobalAccelerationInstancesRequest::decode_response(200, &raw).unwrap();
        let ga = &r.global_acceleration_instances.items[0];
        assert_eq!(ga.backend_servers.items[0].server_id, "i-saf23****");
        assert_eq!(ga.backend_servers.items[0].region_id, "cn-shanghai");
        assert_eq!(ga.operation_locks.items[0].lock_reason, "financial");
        assert_eq!(ga.public_ip_addresses.items[0].allocation_id, "eip-1");
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(
            out["GlobalAccelerationInstances"]["GlobalAccelerationInstance"][0]["BackendServers"]
                ["BackendServer"][0]["ServerType"],
            json!("EcsInstance")
        );
    }

    #[test]
    fn eip_pagination() {
        let req = DescribeEipAddressesRequest {
            region_id: "cn-hangzhou".into(),
            ..Default::default()
        }
        .with_max_page_size();
        assert_eq!(req.page_size, Some(100));
        let page = |n: u64, count: usize| DescribeEipAddressesResponse {
            total_count: 150,
            page_number: n,
            page_size: 100,
            eip_addresses: vec![EipAddress::default(); count].into(),
            ..Default::default()
        };
        let next = req.next_page(&page(1, 100)).unwrap();
        assert_eq!(next.page_number, Some(2));
        assert_eq!(next.page_size, Some(100));
        assert!(next.next_page(&page(2, 50)).is_none());
        assert_eq!(DescribeEipAddressesRequest::items(&page(2, 50)).len(), 50);
    }

    #[test]
    fn target_reads_round_trip_and_parse() {
        round_trip(&DescribeNatGatewaysRequest {
            region_id: "cn-hangzhou".into(),
            nat_gateway_id: Some("ngw-1".into()),
            page_size: Some(50),
            ..Default::default()
        });
        let havips =
            DescribeHaVipsRequest::by_ids("cn-hangzhou", &["havip-1".into(), "havip-2".into()]);
        let p = havips.to_params();
        assert!(p.contains(&("Filter.1.Key".into(), "HaVipId".into())));
        assert!(p.contains(&("Filter.1.Value.2".into(), "havip-2".into())));
        round_trip(&havips);
        let six: Vec<String> = (0..6).map(|i| format!("havip-{i}")).collect();
        assert!(matches!(
            DescribeHaVipsRequest::from_params(
                &DescribeHaVipsRequest::by_ids("cn-hangzhou", &six).to_params()
            ),
            Err(ParamError::TooMany { max: 5, .. })
        ));
        round_trip(&DescribeVpcsRequest {
            region_id: "cn-hangzhou".into(),
            vpc_ids: vec!["vpc-1".into(), "vpc-2".into()],
            is_default: Some(true),
            ..Default::default()
        });
        let body = json!({
            "RequestId": "r", "TotalCount": 1, "PageNumber": 1, "PageSize": 10,
            "HaVips": {"HaVip": [{
                "HaVipId": "havip-1", "Status": "InUse", "IpAddress": "10.0.0.9", "VSwitchId": "vsw-1",
                "AssociatedInstances": {"associatedInstance": ["i-1"]},
                "AssociatedEipAddresses": {"associatedEipAddresse": ["47.1.1.1"]},
                "Tags": {"Tag": [{"Key": "k", "Value": "v"}]}
            }]}
        });
        let r = DescribeHaVipsRequest::decode_response(200, &serde_json::to_vec(&body).unwrap())
            .unwrap();
        assert_eq!(
            r.ha_vips.items[0].associated_instances.items,
            vec!["i-1".to_string()]
        );
        let out = serde_json::to_value(&r).unwrap();
        assert_eq!(
            out["HaVips"]["HaVip"][0]["AssociatedInstances"]["associatedInstance"][0],
            json!("i-1")
        );
        let body = json!({
            "RequestId": "r", "TotalCount": 1,
            "Vpcs": {"Vpc": [{"VpcId": "vpc-1", "IsDefault": true, "Status": "Available",
                "VSwitchIds": {"VSwitchId": ["vsw-1"]}, "NatGatewayIds": {"NatGatewayIds": ["ngw-1"]}}]}
        });
        let r =
            DescribeVpcsRequest::decode_response(200, &serde_json::to_vec(&body).unwrap()).unwrap();
        assert!(r.vpcs.items[0].is_default);
        assert_eq!(
            r.vpcs.items[0].nat_gateway_ids.items,
            vec!["ngw-1".to_string()]
        );
        let body = json!({
            "RequestId": "r", "TotalCount": 1,
            "NatGateways": {"NatGateway": [{"NatGatewayId": "ngw-1", "Status": "Available", "VpcId": "vpc-1"}]}
        });
        let r =
            DescribeNatGatewaysRequest::decode_response(200, &serde_json::to_vec(&body).unwrap())
                .unwrap();
        assert_eq!(r.nat_gateways.items[0].status, "Available");
    }

    #[test]
    fn ga_pagination_uses_default_size() {
        let req = DescribeGlobalAccelerationInstancesRequest {
            region_id: "cn-hangzhou".into(),
            ..Default::default()
        };
        let resp = DescribeGlobalAccelerationInstancesResponse {
            total_count: 11,
            global_acceleration_instances: vec![GlobalAccelerationInstance::default(); 10].into(),
            ..Default::default()
        };
        assert_eq!(req.next_page(&resp).unwrap().page_number, Some(2));
    }
}
