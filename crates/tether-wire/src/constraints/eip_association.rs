//! Rules of `tether_eip_association`.

use super::{alibaba_vpc, tencent_vpc, AllowedValues, ApiError};
use crate::api::alibaba_vpc::eip_instance_type::{
    ECS_INSTANCE, HA_VIP, IP_ADDRESS, NAT, NETWORK_INTERFACE, SLB_INSTANCE,
};
use crate::api::alibaba_vpc::eip_mode::{BINDED, MULTI_BINDED, NAT as NAT_MODE};
use crate::api::alibaba_vpc::eip_status;
use crate::api::alibaba_vpc::ga_bandwidth_type::SHARING;
use crate::api::tencent_vpc::address_status;

/// Alibaba AssociateEipAddress `InstanceType`.
pub const ALIBABA_INSTANCE_TYPES: AllowedValues = AllowedValues {
    values: &[
        ECS_INSTANCE,
        SLB_INSTANCE,
        NAT,
        NETWORK_INTERFACE,
        HA_VIP,
        IP_ADDRESS,
    ],
    default: Some(ECS_INSTANCE),
    error: alibaba_vpc::INVALID_INSTANCE_TYPE_VALUE_NOT_SUPPORTED,
};
/// Alibaba AssociateEipAddress `Mode` (only with InstanceType NetworkInterface).
pub const ALIBABA_MODES: AllowedValues = AllowedValues {
    values: &[NAT_MODE, MULTI_BINDED, BINDED],
    default: Some(NAT_MODE),
    error: alibaba_vpc::INVALID_PARAMETER,
};
/// The instance type `mode` applies to.
pub const ALIBABA_MODE_INSTANCE_TYPE: &str = NETWORK_INTERFACE;
/// The instance type AssociateEipAddress binds only with a `VpcId` (the VPC of the IP
/// address), which `tether_eip_association` does not take: a binding of this type can be
/// imported, read and unbound, not made.
pub const ALIBABA_NEEDS_VPC_ID: &str = IP_ADDRESS;
/// Only an EIP added to a global acceleration instance of this bandwidth type binds to an
/// instance in another region (`InstanceRegionId`); any other is refused with
/// `InvalidParameter.Mismatch`.
pub const ALIBABA_CROSS_REGION_GA_BANDWIDTH: &str = SHARING;
/// EIP statuses from which AssociateEipAddress succeeds.
pub const ALIBABA_BINDABLE_STATUS: &str = eip_status::AVAILABLE;
/// Tencent AddressStatus from which AssociateAddress succeeds.
pub const TENCENT_BINDABLE_STATUS: &str = address_status::UNBIND;
/// A private IP must be a dotted-quad IPv4 address.
pub const PRIVATE_IP_SYNTAX_ERROR_ALIBABA: ApiError = alibaba_vpc::INVALID_PARAMETER;
pub const PRIVATE_IP_SYNTAX_ERROR_TENCENT: ApiError = tencent_vpc::INVALID_PARAMETER_VALUE;
