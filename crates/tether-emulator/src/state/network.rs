//! The network side of a region: EIPs with their bindings and transitions, instances, ENIs,
//! SLB instances, NAT gateways, HaVips, GA instances, and the Tencent tasks of EIP writes;
//! with the statuses GA instances and HaVips derive from their backends and members, and the
//! member type a HaVip reports.

use super::*;
use tether_wire::api::alibaba_vpc::{ga_status, ha_vip_status};

/// An elastic IP (Alibaba `AllocationId`, Tencent `AddressId`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eip {
    pub id: String,
    pub ip: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Alibaba `Available|InUse|Associating|Unassociating|Releasing`; Tencent
    /// `UNBIND|BIND|BIND_ENI|BINDING|UNBINDING|CREATING|OFFLINING`. Default: the free status,
    /// or the bound one when `binding` is set.
    #[serde(default)]
    pub status: String,
    #[serde(default = "default_bandwidth")]
    pub bandwidth: u32,
    /// Tencent `IsBlocked`; Alibaba: a `security` operation lock.
    #[serde(default, skip_serializing_if = "is_false")]
    pub blocked: bool,
    /// Tencent `IsArrears`; Alibaba: `BusinessStatus=FinancialLocked`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub arrears: bool,
    /// Alibaba: the EIP belongs to another account (`Forbbiden`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub foreign_owner: bool,
    /// What the EIP is bound to (or being bound to / unbound from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding: Option<EipBinding>,
    /// State only: the transition under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

/// The target of an EIP.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EipBinding {
    /// Alibaba: the associated instance id (ECS, SLB, NAT, ENI, HaVip); Tencent: the CVM
    /// instance (for an ENI binding, the ENI's instance, or empty).
    #[serde(default)]
    pub instance_id: String,
    /// Alibaba `EcsInstance|SlbInstance|Nat|NetworkInterface|HaVip|IpAddress`; Tencent `CVM`
    /// or `ENI` (default `EcsInstance` / `CVM`).
    #[serde(default)]
    pub instance_type: String,
    /// Tencent: the ENI of an ENI binding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_interface_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    /// Alibaba: the instance's region when it differs (shared-bandwidth GA).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_region_id: Option<String>,
    /// Alibaba `NAT|MULTI_BINDED|BINDED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Alibaba `IpAddress` bindings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
}

/// Direction of a transition.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PendingKind {
    Associate,
    Unassociate,
}

/// An asynchronous transition of an EIP or a GA instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pending {
    pub kind: PendingKind,
    pub settle_at_ms: u64,
    /// The transition ends in failure (fault injection) instead of success.
    #[serde(default, skip_serializing_if = "is_false")]
    pub fail: bool,
    /// Tencent: the task that reports this transition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<u64>,
}

impl Pending {
    /// Whether the transition is due to settle at `now_ms`.
    pub fn is_due(&self, now_ms: u64) -> bool {
        self.settle_at_ms <= now_ms
    }

    /// Whether the transition ends in success when it settles: never when it was marked to
    /// fail; an association also needs its target to be there still (`target_exists`,
    /// asked only for an association).
    pub fn succeeds(&self, target_exists: impl FnOnce() -> bool) -> bool {
        match self.kind {
            PendingKind::Associate => !self.fail && target_exists(),
            PendingKind::Unassociate => !self.fail,
        }
    }
}

/// An ECS / CVM instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// Alibaba `Running|Stopped|Starting|Stopping|Pending`; Tencent and Volcengine upper
    /// case (`RUNNING`, `STOPPED`, ...). Default: running.
    #[serde(default)]
    pub status: String,
    /// `vpc` (default) or `classic`.
    #[serde(default = "default_network_type")]
    pub network_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vpc_id: String,
    /// VSwitch (Alibaba) or subnet (Tencent, Volcengine); `vswitch_id` is accepted too.
    #[serde(
        default,
        alias = "vswitch_id",
        skip_serializing_if = "String::is_empty"
    )]
    pub subnet_id: String,
    /// Primary private IPv4 address.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub private_ip: String,
    /// A plain (non-elastic) public IP. Alibaba refuses an EIP then
    /// (`BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP`); Tencent releases it when an EIP binds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<String>,
    /// Instance type (`ecs.g6.large`), compared with a scaling group's `instance_type`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub instance_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// Alibaba: the instance belongs to another account (`BIND_INSTANCE_OWENER_ERROR`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub foreign_owner: bool,
}

/// An elastic network interface.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkInterface {
    pub id: String,
    /// The instance it is attached to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vpc_id: String,
    #[serde(
        default,
        alias = "vswitch_id",
        skip_serializing_if = "String::is_empty"
    )]
    pub subnet_id: String,
    /// Private IPv4 addresses; the first is the primary one.
    #[serde(default)]
    pub private_ips: Vec<String>,
    /// The instance's primary ENI.
    #[serde(default, skip_serializing_if = "is_false")]
    pub primary: bool,
    /// Managed by a cloud service (Volcengine refuses it on a HaVip).
    #[serde(default, skip_serializing_if = "is_false")]
    pub service_managed: bool,
    /// `InUse` when attached, `Available` otherwise (default); anything else (`Creating`,
    /// `Deleting`, ...) refuses associations.
    #[serde(default)]
    pub status: String,
}

/// An Alibaba SLB (CLB) instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SlbInstance {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// `active` (default), `inactive`, `locked`.
    #[serde(default)]
    pub status: String,
    #[serde(default = "default_network_type")]
    pub network_type: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vpc_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub address: String,
    /// Health check enabled (ESS needs it).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub health_check: bool,
}

/// An Alibaba NAT gateway.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NatGateway {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vpc_id: String,
    /// `Available` (default).
    #[serde(default)]
    pub status: String,
}

/// A high-availability virtual IP (Volcengine `AssociateHaVip`; Alibaba EIP target).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HaVip {
    pub id: String,
    pub ip: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vpc_id: String,
    #[serde(default, alias = "vswitch_id")]
    pub subnet_id: String,
    /// `Available`/`InUse` (derived from the members when given as either) or a fixed
    /// status such as `Creating`/`Deleting`.
    #[serde(default)]
    pub status: String,
    /// `false`: the HaVip refuses associations (`InvalidHaVip.NotSupport`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub supports_binding: bool,
    /// Associated ECS instance or ENI ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<String>,
    /// `EcsInstance` or `NetworkInterface` (required with members).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_type: Option<String>,
    /// State only: members being added or removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_members: Vec<PendingMember>,
}

/// A HaVip member change under way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PendingMember {
    pub instance_id: String,
    pub instance_type: String,
    /// `true` = being added, `false` = being removed.
    pub add: bool,
    pub settle_at_ms: u64,
}

/// An Alibaba global acceleration instance (legacy VPC API).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GaInstance {
    pub id: String,
    pub ip: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// `Exclusive` (default) or `Sharing`.
    #[serde(default)]
    pub bandwidth_type: String,
    /// `china-mainland` (default), `asia-pacific`, `north-america`, `europe`.
    #[serde(default)]
    pub service_location: String,
    /// Backend regions allowed; default derived from `service_location`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_regions: Vec<String>,
    /// `Available`/`InUse` (derived) or a fixed status such as `Locked`.
    #[serde(default)]
    pub status: String,
    #[serde(default = "default_ga_bandwidth")]
    pub bandwidth: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<GaBackend>,
    /// Sharing instances: ids of the EIPs added to it (they may be bound across regions).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eip_ids: Vec<String>,
    /// State only: the transition under way.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<Pending>,
}

/// The backend of a GA instance.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GaBackend {
    pub server_id: String,
    /// `EcsInstance` (default) or `SlbInstance`.
    #[serde(default)]
    pub server_type: String,
    pub region_id: String,
}

/// A Tencent asynchronous task (state only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: u64,
    /// `RUNNING`, `SUCCESS`, `FAILED`.
    pub result: String,
    pub address_id: String,
    pub settle_at_ms: u64,
}

/// `InUse` with a backend, `Available` without (unless a fixed status was declared).
pub fn derived_ga_status(ga: &GaInstance) -> String {
    match ga.status.as_str() {
        ""
        | ga_status::AVAILABLE
        | ga_status::IN_USE
        | ga_status::ASSOCIATING
        | ga_status::UNASSOCIATING => {
            if ga.backend.is_some() {
                ga_status::IN_USE.to_string()
            } else {
                ga_status::AVAILABLE.to_string()
            }
        }
        other => other.to_string(),
    }
}

/// The member type a HaVip reports: its `member_type` while it has members, else empty.
pub fn reported_member_type(h: &HaVip) -> String {
    if h.members.is_empty() {
        String::new()
    } else {
        h.member_type.clone().unwrap_or_default()
    }
}

/// `InUse` with members, `Available` without (unless a fixed status was declared).
pub fn derived_havip_status(h: &HaVip) -> String {
    match h.status.as_str() {
        "" | ha_vip_status::AVAILABLE | ha_vip_status::IN_USE => {
            if h.members.is_empty() {
                ha_vip_status::AVAILABLE.to_string()
            } else {
                ha_vip_status::IN_USE.to_string()
            }
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(kind: PendingKind, fail: bool) -> Pending {
        Pending {
            kind,
            settle_at_ms: 100,
            fail,
            task_id: None,
        }
    }

    #[test]
    fn a_transition_is_due_from_its_deadline() {
        let p = pending(PendingKind::Associate, false);
        assert!(!p.is_due(99));
        assert!(p.is_due(100));
    }

    #[test]
    fn only_an_association_asks_for_its_target() {
        let associate = pending(PendingKind::Associate, false);
        assert!(associate.succeeds(|| true));
        assert!(!associate.succeeds(|| false));
        assert!(!pending(PendingKind::Associate, true).succeeds(|| true));
        let unassociate = pending(PendingKind::Unassociate, false);
        assert!(unassociate.succeeds(|| panic!("an unassociation has no target to check")));
        assert!(!pending(PendingKind::Unassociate, true).succeeds(|| true));
    }
}
