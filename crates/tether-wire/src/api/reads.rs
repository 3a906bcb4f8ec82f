//! Which read-only Describe API tells, before a write, that a documented constraint of the
//! write would fail — every documented error code of the five write APIs (the lists
//! `ASSOCIATE_EIP_ADDRESS`, `ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE`, `ATTACH_INSTANCES`,
//! `ASSOCIATE_HAVIP` and `ASSOCIATE_ADDRESS` of [`crate::constraints`]), as data
//! ([`CONSTRAINT_READS`]) and as this table. "absent" means the Describe of that ID in that
//! region answers nothing (the APIs omit unknown IDs).
//!
//! **Alibaba AssociateEipAddress** (VPC; the EIP's region)
//!
//! | code | situation | read API → fields |
//! |---|---|---|
//! | `InvalidAllocationId.NotFound` | no such EIP | VPC DescribeEipAddresses: absent |
//! | `IncorrectEipStatus` | EIP not `Available` | VPC DescribeEipAddresses → `Status` |
//! | `Forbbiden` | EIP of another account | none: another account's EIP is absent from DescribeEipAddresses (reported as not found) |
//! | `InvalidInstanId.NotFound` | no such ECS instance | ECS DescribeInstances: absent |
//! | `InvalidParameter.Mismatch` | instance in another region than the EIP | ECS DescribeInstances in the EIP's region: absent (`RegionId`) |
//! | `OperationDenied` (not in VPC) | classic ECS / SLB | ECS DescribeInstances → `InstanceNetworkType`; SLB DescribeLoadBalancers → `NetworkType` |
//! | `OperationDenied` (default VPC) | instance in the default VPC | ECS DescribeInstances → `VpcAttributes.VpcId`, then VPC DescribeVpcs → `IsDefault` |
//! | `IncorrectInstanceStatus` | ECS not `Running`, SLB not `active`, NAT not `Available`, ENI not `InUse`/`Available` | ECS DescribeInstances → `Status`; SLB DescribeLoadBalancers → `LoadBalancerStatus`; VPC DescribeNatGateways → `Status`; ECS DescribeNetworkInterfaces → `Status` |
//! | `BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP` | ECS has a plain public IP | ECS DescribeInstances → `PublicIpAddress.IpAddress[]` |
//! | `InvalidAssociation.Duplicated` | target already holds an EIP or is a GA backend | VPC DescribeEipAddresses (`AssociatedInstanceId`) → `InstanceId`; ECS DescribeInstances → `EipAddress.AllocationId`; VPC DescribeGlobalAccelerationInstances (`ServerId`) |
//! | `InvalidParameter` | `PrivateIpAddress` not an IP of the instance / ENI | ECS DescribeInstances → `VpcAttributes.PrivateIpAddress.IpAddress[]`, `NetworkInterfaces.NetworkInterface[].PrivateIpSets.PrivateIpSet[].PrivateIpAddress`; ECS DescribeNetworkInterfaces → `PrivateIpSets.PrivateIpSet[].PrivateIpAddress` (syntax and `Mode` are static) |
//! | `InvalidBindingStatus` | `Mode` other than NAT on a primary ENI | ECS DescribeNetworkInterfaces → `Type` (`Primary`) |
//! | `IncorrectHaVipStatus` | HaVip not `Available`/`InUse` | VPC DescribeHaVips (`Filter HaVipId`) → `Status` |
//! | `InvalidParams.NotFound` | no such SLB / NAT / ENI / HaVip | SLB DescribeLoadBalancers, VPC DescribeNatGateways, ECS DescribeNetworkInterfaces, VPC DescribeHaVips: absent |
//! | `BIND_INSTANCE_OWENER_ERROR` | instance of another account | none: absent from DescribeInstances (reported as not found) |
//! | `InvalidInstanceType.ValueNotSupported` | bad `InstanceType` | static |
//!
//! **Alibaba AssociateGlobalAccelerationInstance** (VPC; the backend in
//! `BackendServerRegionId`, read with the region-parameterised client calls)
//!
//! | code | situation | read API → fields |
//! |---|---|---|
//! | `InvalidGlobalAccelerationInstanceId.NotFound` | no such GA instance | VPC DescribeGlobalAccelerationInstances: absent |
//! | `IncorrectGlobalAccelerationInstanceIdStatus` | GA busy or locked | VPC DescribeGlobalAccelerationInstances → `Status` |
//! | `InvalidAssociation.Duplicated` | GA already has a backend | VPC DescribeGlobalAccelerationInstances → `BackendServers.BackendServer[]` |
//! | `InvalidBackendServerId.NotFound` | backend absent from its region | ECS DescribeInstances / SLB DescribeLoadBalancers in `BackendServerRegionId`: absent |
//! | `InvalidBackendServerId.NotInVPC` | classic backend | ECS DescribeInstances → `InstanceNetworkType`; SLB DescribeLoadBalancers → `NetworkType` (in the backend's region) |
//! | `InvalidBackendServerRegionId.EqualRegionId`, `InvalidBackendServerType.NotFound`, `InvalidParameter` | parameters | static |
//! | `TaskConflict.AssociateGlobalAccelerationInstance` | another operation running | transient (retried) |
//!
//! **Alibaba AttachInstances** (ESS; the group's region)
//!
//! | code | situation | read API → fields |
//! |---|---|---|
//! | `InvalidScalingGroupId.NotFound`, `IncorrectScalingGroupStatus`, `IncorrectCapacity.MaxSize` | group missing, not `Active`, too full | ESS DescribeScalingGroups → `LifecycleState`, `MaxSize`, `TotalCapacity` |
//! | `InvalidInstanceId.InUse` | instance in another group | ESS DescribeScalingInstances (`InstanceId.N`) |
//! | `InvalidInstanceId.NotFound`, `InvalidInstanceId.RegionMismatch` | instance missing / in another region | ECS DescribeInstances in the group's region: absent |
//! | `IncorrectInstanceStatus` | instance not `Running` | ECS DescribeInstances → `Status` |
//! | `InvalidInstanceId.NetworkTypeMismatch` | classic instance into a VPC group or the reverse | ECS DescribeInstances → `InstanceNetworkType`; ESS DescribeScalingGroups → `VSwitchIds.VSwitchId[]` (empty: classic group) |
//! | `InvalidInstanceId.VPCMismatch` | instance in another VPC | ECS DescribeInstances → `VpcAttributes.VpcId`; ESS DescribeScalingGroups → `VpcId` |
//! | `InvalidInstanceId.InstanceTypeMismatch` | type not in the active configuration | ECS DescribeInstances → `InstanceType`; ESS DescribeScalingGroups → `ActiveScalingConfigurationId`; ESS DescribeScalingConfigurations → `InstanceType`, `InstanceTypes.InstanceType[]` |
//! | `IncorrectLoadBalancerStatus` | a group SLB not `active` | ESS DescribeScalingGroups → `LoadBalancerIds.LoadBalancerId[]`; SLB DescribeLoadBalancers → `LoadBalancerStatus` |
//! | `InvalidLoadBalancerId.IncorrectInstanceNetworkType`, `InvalidLoadBalancerId.VPCMismatch` | group SLB in another network / VPC | SLB DescribeLoadBalancers → `NetworkType`, `VpcId`; ESS DescribeScalingGroups → `VSwitchIds`, `VpcId` |
//! | `ScalingActivityInProgress` | activity running | transient (retried) |
//! | `IncorrectLoadBalancerHealthCheck` | SLB listener without health check | not read: needs the per-listener SLB `DescribeLoadBalancer*ListenerAttribute` APIs (`HealthCheck`) |
//! | `IncorrectDBInstanceStatus`, `QuotaExceeded.DBInstanceSecurityIP` | group RDS not running / whitelist full | not read: needs RDS `DescribeDBInstances` (`DBInstanceStatus`) and `DescribeDBInstanceIPArrayList` |
//! | `QuotaExceeded.SecurityGroupInstance` | security group full | not read: the capacity is an account quota, no Describe returns it |
//! | `Forbidden.Unauthorized` | ESS not authorised | none: a RAM authorisation, no Describe returns it |
//!
//! **Volcengine AssociateHaVip** (VPC)
//!
//! | code | situation | read API → fields |
//! |---|---|---|
//! | `InvalidHaVip.NotFound`, `InvalidHaVip.InvalidStatus`, `InvalidHaVip.NotSupport` | HaVip missing / not bindable | VPC DescribeHaVips → `Status` |
//! | `LimitExceeded.InstancesPerHaVip`, `Forbidden` (mixed types), `Forbidden` (instance already on the HaVip), `LimitExceeded.HaVipsPerInstance` | membership | VPC DescribeHaVips → `AssociatedInstanceIds[]`, `AssociatedInstanceType` |
//! | `InvalidInstance.NotFound` | no such ECS instance (or an ENI given as one) | ECS DescribeInstances: absent |
//! | `InvalidInstance.InvalidStatus` | instance not `RUNNING` / ENI not `InUse`/`Available` | ECS DescribeInstances → `Status`; VPC DescribeNetworkInterfaces → `Status` |
//! | `InvalidInstance.HaVipMismatch` | member in another subnet | VPC DescribeHaVips → `SubnetId`; ECS DescribeInstances → `NetworkInterfaces[Type=primary].SubnetId`; VPC DescribeNetworkInterfaces → `SubnetId` |
//! | `InvalidEniId.NotFound` | no such ENI | VPC DescribeNetworkInterfaces: absent |
//! | `Forbidden` (service-managed ENI) | | VPC DescribeNetworkInterfaces → `ServiceManaged` |
//! | `Forbidden` (ENI not attached to ECS) | detached ENI | VPC DescribeNetworkInterfaces → `DeviceId` (empty) |
//! | `Forbidden` (two ENIs of one instance) | | VPC DescribeHaVips → `AssociatedInstanceIds[]`; VPC DescribeNetworkInterfaces → `DeviceId` of each |
//! | `InvalidInstanceType.Malformed`, `InvalidParameter.ClientTokenMalformed` | parameters | static |
//! | `IdempotentParameterMismatch`, `IdempotentProcessing` | client token reuse | none: tether sends a fresh token per write call, kept across its retries; `IdempotentProcessing` is retried |
//!
//! **Tencent AssociateAddress** (VPC)
//!
//! | code | situation | read API → fields |
//! |---|---|---|
//! | `InvalidAddressId.NotFound`, `.Blocked`, `InvalidAddressIdState.InArrears`, `InvalidAddressIdStatus.NotPermit` | EIP missing / blocked / in arrears / not `UNBIND` | VPC DescribeAddresses → `AddressStatus`, `IsBlocked`, `IsArrears` |
//! | `InvalidInstanceId.AlreadyBindEip`, `InvalidPrivateIpAddress.AlreadyBindEip` | target holds an EIP | VPC DescribeAddresses (`instance-id`, `private-ip-address` filters); VPC DescribeNetworkInterfaces → `PrivateIpAddressSet[].AddressId` |
//! | `InvalidInstanceId.NotFound` | no such CVM | CVM DescribeInstances: absent |
//! | `InvalidInstance.NotSupported` | CVM state refuses EIPs | CVM DescribeInstances → `InstanceState` (`RUNNING`/`STOPPED` accepted) |
//! | `InvalidNetworkInterfaceId.NotFound` | ENI missing, or `PrivateIpAddress` not on it | VPC DescribeNetworkInterfaces: absent, or → `PrivateIpAddressSet[].PrivateIpAddress` |
//! | `InvalidParameterConflict`, `MissingParameter`, `MissingResourceId` | parameters | static |

use crate::constraints::{
    alibaba_ess as ess, alibaba_vpc as vpc, tencent_vpc as tc, volcengine_vpc as volc, ApiError,
};

/// Where a plan-time check gets what it needs to predict an error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// These Describe calls (`(action, fields)` of the same cloud).
    Reads(&'static [(&'static str, &'static str)]),
    /// The configuration alone.
    Static,
    /// A passing condition the client retries.
    Transient,
    /// No read-only API tells it (the reason).
    NotReadable(&'static str),
}

/// One documented error of a write API and where its data comes from.
#[derive(Clone, Copy, Debug)]
pub struct ConstraintRead {
    /// The write API.
    pub write: &'static str,
    pub error: ApiError,
    pub source: Source,
}

const fn read(write: &'static str, error: ApiError, source: Source) -> ConstraintRead {
    ConstraintRead {
        write,
        error,
        source,
    }
}

use Source::{NotReadable, Reads, Static, Transient};

const EIP: &str = "AssociateEipAddress";
const GA: &str = "AssociateGlobalAccelerationInstance";
const ESS: &str = "AttachInstances";
const HAVIP: &str = "AssociateHaVip";
const TC: &str = "AssociateAddress";

/// Whether an Alibaba ECS instance or SLB instance is in the classic network (not in a VPC).
const CLASSIC_NETWORK: Source = Reads(&[
    ("DescribeInstances", "InstanceNetworkType"),
    ("DescribeLoadBalancers", "NetworkType"),
]);

/// Every documented error of the five write APIs, with its source.
pub const CONSTRAINT_READS: &[ConstraintRead] = &[
    // Alibaba AssociateEipAddress.
    read(EIP, vpc::INVALID_ALLOCATION_ID_NOT_FOUND, Reads(&[("DescribeEipAddresses", "absent")])),
    read(EIP, vpc::INCORRECT_EIP_STATUS, Reads(&[("DescribeEipAddresses", "Status")])),
    read(EIP, vpc::FORBBIDEN, NotReadable("another account's EIP is absent from DescribeEipAddresses")),
    read(EIP, vpc::INVALID_INSTANCE_ID_NOT_FOUND, Reads(&[("DescribeInstances", "absent")])),
    read(EIP, vpc::INVALID_PARAMETER_MISMATCH, Reads(&[("DescribeInstances", "absent from the EIP's region")])),
    read(EIP, vpc::OPERATION_DENIED_NOT_IN_VPC, CLASSIC_NETWORK),
    read(EIP, vpc::OPERATION_DENIED_DEFAULT_VPC, Reads(&[
        ("DescribeInstances", "VpcAttributes.VpcId"),
        ("DescribeVpcs", "IsDefault"),
    ])),
    read(EIP, vpc::INCORRECT_INSTANCE_STATUS, Reads(&[
        ("DescribeInstances", "Status"),
        ("DescribeLoadBalancers", "LoadBalancerStatus"),
        ("DescribeNatGateways", "Status"),
        ("DescribeNetworkInterfaces", "Status"),
    ])),
    read(EIP, vpc::BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP, Reads(&[("DescribeInstances", "PublicIpAddress.IpAddress[]")])),
    read(EIP, vpc::INVALID_ASSOCIATION_DUPLICATED, Reads(&[
        ("DescribeEipAddresses", "InstanceId"),
        ("DescribeInstances", "EipAddress.AllocationId"),
        ("DescribeGlobalAccelerationInstances", "BackendServers.BackendServer[].ServerId"),
    ])),
    read(EIP, vpc::INVALID_PARAMETER, Reads(&[
        ("DescribeInstances", "VpcAttributes.PrivateIpAddress.IpAddress[], NetworkInterfaces.NetworkInterface[].PrivateIpSets.PrivateIpSet[].PrivateIpAddress"),
        ("DescribeNetworkInterfaces", "PrivateIpSets.PrivateIpSet[].PrivateIpAddress"),
    ])),
    read(EIP, vpc::INVALID_BINDING_STATUS, Reads(&[("DescribeNetworkInterfaces", "Type")])),
    read(EIP, vpc::INCORRECT_HAVIP_STATUS, Reads(&[("DescribeHaVips", "Status")])),
    read(EIP, vpc::INVALID_PARAMS_NOT_FOUND, Reads(&[
        ("DescribeLoadBalancers", "absent"),
        ("DescribeNatGateways", "absent"),
        ("DescribeNetworkInterfaces", "absent"),
        ("DescribeHaVips", "absent"),
    ])),
    read(EIP, vpc::BIND_INSTANCE_OWENER_ERROR, NotReadable("another account's instance is absent from DescribeInstances")),
    read(EIP, vpc::INVALID_INSTANCE_TYPE_VALUE_NOT_SUPPORTED, Static),
    // Alibaba AssociateGlobalAccelerationInstance.
    read(GA, vpc::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND, Reads(&[("DescribeGlobalAccelerationInstances", "absent")])),
    read(GA, vpc::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS, Reads(&[("DescribeGlobalAccelerationInstances", "Status")])),
    read(GA, vpc::INVALID_ASSOCIATION_DUPLICATED, Reads(&[("DescribeGlobalAccelerationInstances", "BackendServers.BackendServer[]")])),
    read(GA, vpc::INVALID_BACKEND_SERVER_ID_NOT_FOUND, Reads(&[
        ("DescribeInstances", "absent from BackendServerRegionId"),
        ("DescribeLoadBalancers", "absent from BackendServerRegionId"),
    ])),
    read(GA, vpc::INVALID_BACKEND_SERVER_ID_NOT_IN_VPC, CLASSIC_NETWORK),
    read(GA, vpc::INVALID_BACKEND_SERVER_REGION_ID_EQUAL_REGION_ID, Static),
    read(GA, vpc::INVALID_BACKEND_SERVER_TYPE_NOT_FOUND, Static),
    read(GA, vpc::INVALID_PARAMETER, Static),
    read(GA, vpc::TASK_CONFLICT_ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE, Transient),
    // Alibaba AttachInstances.
    read(ESS, ess::INVALID_SCALING_GROUP_ID_NOT_FOUND, Reads(&[("DescribeScalingGroups", "absent")])),
    read(ESS, ess::INCORRECT_SCALING_GROUP_STATUS, Reads(&[("DescribeScalingGroups", "LifecycleState")])),
    read(ESS, ess::INCORRECT_CAPACITY_MAX_SIZE, Reads(&[("DescribeScalingGroups", "MaxSize, TotalCapacity")])),
    read(ESS, ess::INVALID_INSTANCE_ID_IN_USE, Reads(&[("DescribeScalingInstances", "present")])),
    read(ESS, ess::INVALID_INSTANCE_ID_NOT_FOUND, Reads(&[("DescribeInstances", "absent")])),
    read(ESS, ess::INVALID_INSTANCE_ID_REGION_MISMATCH, Reads(&[("DescribeInstances", "absent from the group's region")])),
    read(ESS, ess::INCORRECT_INSTANCE_STATUS, Reads(&[("DescribeInstances", "Status")])),
    read(ESS, ess::INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH, Reads(&[
        ("DescribeInstances", "InstanceNetworkType"),
        ("DescribeScalingGroups", "VSwitchIds.VSwitchId[]"),
    ])),
    read(ESS, ess::INVALID_INSTANCE_ID_VPC_MISMATCH, Reads(&[
        ("DescribeInstances", "VpcAttributes.VpcId"),
        ("DescribeScalingGroups", "VpcId"),
    ])),
    read(ESS, ess::INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH, Reads(&[
        ("DescribeInstances", "InstanceType"),
        ("DescribeScalingGroups", "ActiveScalingConfigurationId"),
        ("DescribeScalingConfigurations", "InstanceType, InstanceTypes.InstanceType[]"),
    ])),
    read(ESS, ess::INCORRECT_LOAD_BALANCER_STATUS, Reads(&[
        ("DescribeScalingGroups", "LoadBalancerIds.LoadBalancerId[]"),
        ("DescribeLoadBalancers", "LoadBalancerStatus"),
    ])),
    read(ESS, ess::INVALID_LOAD_BALANCER_ID_INCORRECT_INSTANCE_NETWORK_TYPE, Reads(&[
        ("DescribeLoadBalancers", "NetworkType"),
        ("DescribeScalingGroups", "VSwitchIds.VSwitchId[]"),
    ])),
    read(ESS, ess::INVALID_LOAD_BALANCER_ID_VPC_MISMATCH, Reads(&[
        ("DescribeLoadBalancers", "VpcId"),
        ("DescribeScalingGroups", "VpcId"),
    ])),
    read(ESS, ess::SCALING_ACTIVITY_IN_PROGRESS, Transient),
    read(ESS, ess::INCORRECT_LOAD_BALANCER_HEALTH_CHECK, NotReadable("needs the per-listener SLB DescribeLoadBalancer*ListenerAttribute APIs")),
    read(ESS, ess::INCORRECT_DB_INSTANCE_STATUS, NotReadable("needs RDS DescribeDBInstances")),
    read(ESS, ess::QUOTA_EXCEEDED_DB_INSTANCE_SECURITY_IP, NotReadable("needs RDS DescribeDBInstanceIPArrayList and the whitelist quota")),
    read(ESS, ess::QUOTA_EXCEEDED_SECURITY_GROUP_INSTANCE, NotReadable("an account quota no Describe returns")),
    read(ESS, ess::FORBIDDEN_UNAUTHORIZED, NotReadable("a RAM authorisation no Describe returns")),
    // Volcengine AssociateHaVip.
    read(HAVIP, volc::INVALID_HAVIP_NOT_FOUND, Reads(&[("DescribeHaVips", "absent")])),
    read(HAVIP, volc::INVALID_HAVIP_INVALID_STATUS, Reads(&[("DescribeHaVips", "Status")])),
    read(HAVIP, volc::INVALID_HAVIP_NOT_SUPPORT, Reads(&[("DescribeHaVips", "Status")])),
    read(HAVIP, volc::LIMIT_EXCEEDED_INSTANCES_PER_HAVIP, Reads(&[("DescribeHaVips", "AssociatedInstanceIds[]")])),
    read(HAVIP, volc::LIMIT_EXCEEDED_HAVIPS_PER_INSTANCE, Reads(&[("DescribeHaVips", "AssociatedInstanceIds[]")])),
    read(HAVIP, volc::FORBIDDEN_MULTIPLE_INSTANCE_TYPES, Reads(&[("DescribeHaVips", "AssociatedInstanceType")])),
    read(HAVIP, volc::FORBIDDEN_INSTANCE_HAS_HAVIP, Reads(&[("DescribeHaVips", "AssociatedInstanceIds[]")])),
    read(HAVIP, volc::INVALID_INSTANCE_NOT_FOUND, Reads(&[("DescribeInstances", "absent")])),
    read(HAVIP, volc::INVALID_INSTANCE_INVALID_STATUS, Reads(&[
        ("DescribeInstances", "Status"),
        ("DescribeNetworkInterfaces", "Status"),
    ])),
    read(HAVIP, volc::INVALID_INSTANCE_HAVIP_MISMATCH, Reads(&[
        ("DescribeHaVips", "SubnetId"),
        ("DescribeInstances", "NetworkInterfaces[Type=primary].SubnetId"),
        ("DescribeNetworkInterfaces", "SubnetId"),
    ])),
    read(HAVIP, volc::INVALID_ENI_ID_NOT_FOUND, Reads(&[("DescribeNetworkInterfaces", "absent")])),
    read(HAVIP, volc::FORBIDDEN_SERVICE_MANAGED_ENI, Reads(&[("DescribeNetworkInterfaces", "ServiceManaged")])),
    read(HAVIP, volc::FORBIDDEN_ENI_NOT_ATTACHED_TO_ECS, Reads(&[("DescribeNetworkInterfaces", "DeviceId")])),
    read(HAVIP, volc::FORBIDDEN_TWO_ENIS_OF_ONE_INSTANCE, Reads(&[
        ("DescribeHaVips", "AssociatedInstanceIds[]"),
        ("DescribeNetworkInterfaces", "DeviceId"),
    ])),
    read(HAVIP, volc::INVALID_INSTANCE_TYPE_MALFORMED, Static),
    read(HAVIP, volc::INVALID_PARAMETER_CLIENT_TOKEN_MALFORMED, Static),
    read(HAVIP, volc::IDEMPOTENT_PARAMETER_MISMATCH, NotReadable("client-token reuse; tether sends a fresh token per write call")),
    read(HAVIP, volc::IDEMPOTENT_PROCESSING, Transient),
    // Tencent AssociateAddress.
    read(TC, tc::INVALID_ADDRESS_ID_NOT_FOUND, Reads(&[("DescribeAddresses", "absent")])),
    read(TC, tc::INVALID_ADDRESS_ID_BLOCKED, Reads(&[("DescribeAddresses", "IsBlocked")])),
    read(TC, tc::INVALID_ADDRESS_ID_STATE_IN_ARREARS, Reads(&[("DescribeAddresses", "IsArrears")])),
    read(TC, tc::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT, Reads(&[("DescribeAddresses", "AddressStatus")])),
    read(TC, tc::INVALID_INSTANCE_ID_ALREADY_BIND_EIP, Reads(&[("DescribeAddresses", "InstanceId")])),
    read(TC, tc::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP, Reads(&[
        ("DescribeAddresses", "NetworkInterfaceId, PrivateAddressIp"),
        ("DescribeNetworkInterfaces", "PrivateIpAddressSet[].AddressId"),
    ])),
    read(TC, tc::INVALID_INSTANCE_ID_NOT_FOUND, Reads(&[("DescribeInstances", "absent")])),
    read(TC, tc::INVALID_INSTANCE_NOT_SUPPORTED, Reads(&[("DescribeInstances", "InstanceState")])),
    read(TC, tc::INVALID_NETWORK_INTERFACE_ID_NOT_FOUND, Reads(&[("DescribeNetworkInterfaces", "absent, PrivateIpAddressSet[].PrivateIpAddress")])),
    read(TC, tc::INVALID_PARAMETER_CONFLICT, Static),
    read(TC, tc::MISSING_PARAMETER, Static),
    read(TC, tc::MISSING_RESOURCE_ID, Static),
];

/// The sources of `error` of the write API `write`.
pub fn source_of(write: &str, error: &ApiError) -> Option<Source> {
    CONSTRAINT_READS
        .iter()
        .find(|c| c.write == write && c.error == *error)
        .map(|c| c.source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::find_action;
    use crate::constraints::{alibaba_ess, alibaba_vpc, tencent_vpc, volcengine_vpc};

    #[test]
    fn every_documented_error_has_a_source() {
        let lists: [(&str, &[ApiError]); 5] = [
            (EIP, alibaba_vpc::ASSOCIATE_EIP_ADDRESS),
            (GA, alibaba_vpc::ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE),
            (ESS, alibaba_ess::ATTACH_INSTANCES),
            (HAVIP, volcengine_vpc::ASSOCIATE_HAVIP),
            (TC, tencent_vpc::ASSOCIATE_ADDRESS),
        ];
        let mut documented = 0;
        for (write, errors) in lists {
            for e in errors {
                documented += 1;
                assert!(
                    source_of(write, e).is_some(),
                    "{write} {} ({}) has no entry",
                    e.code,
                    e.message
                );
            }
        }
        assert_eq!(
            documented,
            CONSTRAINT_READS.len(),
            "no entry beyond the seeds"
        );
    }

    #[test]
    fn every_read_is_an_api_of_the_same_cloud() {
        for c in CONSTRAINT_READS {
            let write = find_action(c.error.cloud, c.write).expect("the write is an API");
            assert!(!write.action.starts_with("Describe"));
            if let Source::Reads(reads) = c.source {
                assert!(!reads.is_empty());
                for (action, fields) in reads {
                    assert!(
                        find_action(c.error.cloud, action).is_some(),
                        "{} reads {action}, which is not an API of tether",
                        c.error.code
                    );
                    assert!(!fields.is_empty());
                }
            }
        }
    }
}
