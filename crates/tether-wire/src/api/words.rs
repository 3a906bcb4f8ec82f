//! The status and type words the clouds answer (and take), each spelled once, grouped by
//! how they are written. The per-API modules (`alibaba_vpc::eip_status`,
//! `volcengine_vpc::eni`, `tencent_vpc::address_status`, …) re-export the words their
//! field takes, and the rules of [`crate::constraints`] name them from there.

/// Words written in PascalCase (Alibaba, Volcengine VPC).
pub mod pascal {
    pub const ACTIVE: &str = "Active";
    pub const ASSOCIATING: &str = "Associating";
    pub const ATTACHED: &str = "Attached";
    pub const ATTACHING: &str = "Attaching";
    pub const AUTO_CREATED: &str = "AutoCreated";
    pub const AVAILABLE: &str = "Available";
    pub const CREATING: &str = "Creating";
    pub const DELETING: &str = "Deleting";
    pub const DETACHING: &str = "Detaching";
    pub const ECS_INSTANCE: &str = "EcsInstance";
    pub const EXCLUSIVE: &str = "Exclusive";
    pub const FAILED: &str = "Failed";
    pub const HA_VIP: &str = "HaVip";
    pub const HEALTHY: &str = "Healthy";
    pub const INACTIVE: &str = "Inactive";
    pub const IN_PROGRESS: &str = "InProgress";
    /// A scaling instance serving in its group.
    pub const IN_SERVICE: &str = "InService";
    pub const IN_USE: &str = "InUse";
    pub const IP_ADDRESS: &str = "IpAddress";
    /// Locked for an overdue payment or a security reason (GA, RDS).
    pub const LOCKED: &str = "Locked";
    pub const MANAGED: &str = "Managed";
    pub const MODIFYING: &str = "Modifying";
    pub const NAT: &str = "Nat";
    pub const NETWORK_INTERFACE: &str = "NetworkInterface";
    pub const PENDING: &str = "Pending";
    pub const PRIMARY: &str = "Primary";
    /// A scaling instance that scale-in leaves alone.
    pub const PROTECTED: &str = "Protected";
    pub const REBOOTING: &str = "Rebooting";
    pub const REJECTED: &str = "Rejected";
    pub const RELEASING: &str = "Releasing";
    /// A backend UnassociateGlobalAccelerationInstance detaches (newer docs).
    pub const REMOTE_ECS_INSTANCE: &str = "RemoteEcsInstance";
    /// A backend UnassociateGlobalAccelerationInstance detaches (newer docs).
    pub const REMOTE_ENI_INSTANCE: &str = "RemoteEniInstance";
    /// A backend UnassociateGlobalAccelerationInstance detaches (newer docs).
    pub const REMOTE_SLB_INSTANCE: &str = "RemoteSlbInstance";
    /// A scaling instance being removed from its group.
    pub const REMOVING: &str = "Removing";
    pub const RUNNING: &str = "Running";
    pub const SECONDARY: &str = "Secondary";
    /// A GA instance billed from a shared bandwidth, holding EIPs (beside `Exclusive`).
    pub const SHARING: &str = "Sharing";
    pub const SLB_INSTANCE: &str = "SlbInstance";
    /// A scaling instance kept in its group but out of service.
    pub const STANDBY: &str = "Standby";
    pub const STARTING: &str = "Starting";
    pub const STOPPED: &str = "Stopped";
    pub const STOPPING: &str = "Stopping";
    pub const SUCCESSFUL: &str = "Successful";
    pub const UNASSOCIATING: &str = "Unassociating";
    pub const UNHEALTHY: &str = "Unhealthy";
    /// Partially successful (a scaling activity's `StatusCode`).
    pub const WARNING: &str = "Warning";
}

/// Words written in UPPER_CASE (Tencent, Volcengine ECS).
pub mod upper {
    pub const ATTACHING: &str = "ATTACHING";
    pub const AVAILABLE: &str = "AVAILABLE";
    pub const BIND: &str = "BIND";
    /// An Alibaba EIP `Mode` (NetworkInterface only).
    pub const BINDED: &str = "BINDED";
    /// An EIP bound to a dangling ENI.
    pub const BIND_ENI: &str = "BIND_ENI";
    pub const BINDING: &str = "BINDING";
    pub const CREATING: &str = "CREATING";
    /// A Tencent address bound to a CVM instance (`InstanceType`).
    pub const CVM: &str = "CVM";
    pub const DELETING: &str = "DELETING";
    pub const DETACHING: &str = "DETACHING";
    /// A Tencent address bound to an ENI (`InstanceType`).
    pub const ENI: &str = "ENI";
    pub const ERROR: &str = "ERROR";
    pub const FAILED: &str = "FAILED";
    pub const LAUNCH_FAILED: &str = "LAUNCH_FAILED";
    /// An Alibaba EIP `Mode` (NetworkInterface only).
    pub const MULTI_BINDED: &str = "MULTI_BINDED";
    /// The default Alibaba EIP `Mode`.
    pub const NAT: &str = "NAT";
    pub const OFFLINING: &str = "OFFLINING";
    pub const PENDING: &str = "PENDING";
    pub const REBOOTING: &str = "REBOOTING";
    pub const REBUILDING: &str = "REBUILDING";
    pub const RESIZING: &str = "RESIZING";
    pub const RUNNING: &str = "RUNNING";
    pub const SHUTDOWN: &str = "SHUTDOWN";
    pub const STARTING: &str = "STARTING";
    pub const STOPPED: &str = "STOPPED";
    pub const STOPPING: &str = "STOPPING";
    pub const SUCCESS: &str = "SUCCESS";
    pub const TERMINATING: &str = "TERMINATING";
    pub const UNBIND: &str = "UNBIND";
    pub const UNBINDING: &str = "UNBINDING";
}

/// Words written in lower case (Alibaba SLB statuses, network types and GA service locations,
/// Volcengine ENI types).
pub mod lower {
    pub const ACTIVE: &str = "active";
    /// A GA service location.
    pub const ASIA_PACIFIC: &str = "asia-pacific";
    /// A GA service location.
    pub const CHINA_MAINLAND: &str = "china-mainland";
    pub const CLASSIC: &str = "classic";
    /// A GA service location.
    pub const EUROPE: &str = "europe";
    pub const INACTIVE: &str = "inactive";
    pub const LOCKED: &str = "locked";
    /// A GA service location.
    pub const NORTH_AMERICA: &str = "north-america";
    pub const PRIMARY: &str = "primary";
    pub const SECONDARY: &str = "secondary";
    pub const VPC: &str = "vpc";
}
