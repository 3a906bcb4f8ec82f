//! The emulated inventory and every association, as one serde model.
//!
//! The same types describe the fixtures file (see `fixtures.rs`; fields marked "state only"
//! must be absent there), the answer of `GET /_emulator/state` and the `--state` file.
//! Everything is kept per cloud and per region, in declaration order (which is the order the
//! Describe APIs list things in).
//!
//! Asynchronous work (an EIP `Associating`, a Tencent task `RUNNING`, a scaling activity
//! `InProgress`, a HaVip member being added) is stored as a deadline in wall-clock
//! milliseconds; `services::advance` settles everything whose deadline has passed and is
//! called before every request is served, so no background timer is needed and a persisted
//! state settles correctly after a restart.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tether_wire::cloud::Cloud;

use crate::faults::FaultState;
use crate::idempotency::IdempotencyEntry;

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_true(b: &bool) -> bool {
    *b
}

fn yes() -> bool {
    true
}

fn default_bandwidth() -> u32 {
    5
}

fn default_ga_bandwidth() -> u32 {
    10
}

fn default_network_type() -> String {
    "vpc".to_string()
}

fn default_weight() -> u32 {
    50
}

fn default_security_ip_quota() -> u32 {
    1000
}

/// The whole inventory (also the fixtures file format).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    /// Free text for humans (JSON has no comments).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(default)]
    pub alibaba: CloudInventory,
    #[serde(default)]
    pub tencent: CloudInventory,
    #[serde(default)]
    pub volcengine: CloudInventory,
    /// Which generation of the clouds' APIs the emulator answers like (both occur live).
    #[serde(default, skip_serializing_if = "Compat::is_default")]
    pub compat: Compat,
}

/// Fixture switches between API behaviours that both occur on the real clouds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Compat {
    /// Tencent answers with the older API 3.0 codes (`InvalidAddressIdStatus.NotPermit`,
    /// `InvalidAddressIdState.InArrears`) instead of the current ones
    /// (`UnsupportedOperation.AddressStatusNotPermit`, `OperationDenied.AddressInArrears`).
    pub tencent_legacy_error_codes: bool,
    /// Alibaba still serves the legacy AssociateGlobalAccelerationInstance to this account
    /// (default); `false` answers it as the current cloud does for accounts without it:
    /// HTTP 404 `InvalidAction.NotFound`.
    pub alibaba_legacy_ga_api: bool,
}

impl Default for Compat {
    fn default() -> Self {
        Compat {
            tencent_legacy_error_codes: false,
            alibaba_legacy_ga_api: true,
        }
    }
}

impl Compat {
    fn is_default(&self) -> bool {
        *self == Compat::default()
    }
}

/// One cloud account: its regions plus (state only) its asynchronous records.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloudInventory {
    #[serde(default)]
    pub regions: BTreeMap<String, Region>,
    /// State only (Alibaba ESS): every scaling activity started through the API.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scaling_activities: Vec<ScalingActivity>,
    /// State only (Tencent): every asynchronous task (DescribeTaskResult).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

/// Everything one region holds.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub eips: Vec<Eip>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<Instance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_interfaces: Vec<NetworkInterface>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slb_instances: Vec<SlbInstance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nat_gateways: Vec<NatGateway>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub havips: Vec<HaVip>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ga_instances: Vec<GaInstance>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scaling_groups: Vec<ScalingGroup>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub db_instances: Vec<DbInstance>,
    /// VPC ids that are the account's default VPC in this region (Alibaba: an EIP cannot be
    /// associated with an instance there, `OperationDenied`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub default_vpcs: Vec<String>,
}

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

/// An Alibaba Auto Scaling group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingGroup {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub min_size: u32,
    pub max_size: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_capacity: Option<u32>,
    /// `Active` (default), `Inactive`, `Deleting`.
    #[serde(default)]
    pub lifecycle_state: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub vpc_id: String,
    /// Empty: a classic-network group.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub vswitch_ids: Vec<String>,
    /// Shorthand for one active scaling configuration launching this instance type
    /// (`InstanceTypeMismatch`); turned into `scaling_configurations` when the fixtures
    /// load. Give either this or `scaling_configurations`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// The group's scaling configurations; at most one is `Active` (its instance types are
    /// the only ones AttachInstances accepts). None: the group compares no instance type.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scaling_configurations: Vec<ScalingConfiguration>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub load_balancer_ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub db_instance_ids: Vec<String>,
    /// `false`: Auto Scaling was not authorised (`Forbidden.Unauthorized`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub ess_authorized: bool,
    /// How many instances the group's security group can hold
    /// (`QuotaExceeded.SecurityGroupInstance`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_group_capacity: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<ScalingMember>,
}

/// A scaling configuration of a group (DescribeScalingConfigurations).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingConfiguration {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The instance types it launches (the first is `InstanceType`).
    pub instance_types: Vec<String>,
    /// `Active` (default for a group's only configuration) or `Inactive`.
    #[serde(default)]
    pub lifecycle_state: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub security_group_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image_id: String,
}

impl ScalingGroup {
    /// The active scaling configuration, if any.
    pub fn active_configuration(&self) -> Option<&ScalingConfiguration> {
        self.scaling_configurations
            .iter()
            .find(|c| c.lifecycle_state == "Active")
    }

    /// The instance types AttachInstances accepts: those of the active configuration (or of
    /// the `instance_type` shorthand in a state saved before configurations existed). Empty:
    /// any type.
    pub fn active_instance_types(&self) -> Vec<String> {
        match self.active_configuration() {
            Some(c) => c.instance_types.clone(),
            None => self.instance_type.iter().cloned().collect(),
        }
    }
}

/// An instance in a scaling group.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingMember {
    pub instance_id: String,
    /// `AutoCreated` (default), `Attached`, `Managed`.
    #[serde(default)]
    pub creation_type: String,
    /// `InService` (default), `Pending`, `Removing`, `Standby`, `Protected`, ...
    #[serde(default)]
    pub lifecycle_state: String,
    /// `Healthy` (default) or `Unhealthy`.
    #[serde(default)]
    pub health_status: String,
    #[serde(default = "default_weight")]
    pub load_balancer_weight: u32,
    #[serde(default, skip_serializing_if = "is_false")]
    pub entrusted: bool,
    /// State only: the activity that attached it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub activity_id: String,
    /// State only: when it joined (ms).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub joined_at_ms: u64,
}

fn is_zero(v: &u64) -> bool {
    *v == 0
}

/// An Alibaba RDS instance on a scaling group's whitelist.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DbInstance {
    pub id: String,
    /// `Running` (default).
    #[serde(default)]
    pub status: String,
    #[serde(default = "default_security_ip_quota")]
    pub security_ip_quota: u32,
    #[serde(default)]
    pub security_ips_used: u32,
}

/// An ESS scaling activity (state only).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScalingActivity {
    pub id: String,
    pub group_id: String,
    pub region: String,
    /// `attach` or `detach`.
    pub kind: String,
    /// `InProgress`, `Successful`, `Warning`, `Failed`, `Rejected`.
    pub status_code: String,
    #[serde(default)]
    pub status_message: String,
    #[serde(default)]
    pub cause: String,
    #[serde(default)]
    pub description: String,
    pub start_ms: u64,
    pub settle_at_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_ms: Option<u64>,
    /// Instances the activity works on.
    #[serde(default)]
    pub instances: Vec<String>,
    /// Instances skipped by `IgnoreInvalidInstance` (the activity ends `Warning`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignored: Vec<String>,
    /// Ends `Failed` (fault injection).
    #[serde(default, skip_serializing_if = "is_false")]
    pub fail: bool,
    /// Detach: lower the desired capacity.
    #[serde(default, skip_serializing_if = "is_false")]
    pub decrease_desired: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error_code: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub error_message: String,
    /// Group capacity when the activity ended.
    #[serde(default)]
    pub total_capacity: u32,
    #[serde(default)]
    pub attached_capacity: u32,
    #[serde(default)]
    pub auto_created_capacity: u32,
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

/// Id counters (persisted so ids never repeat across restarts).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counters {
    pub next_task_id: u64,
    pub next_activity: u64,
}

impl Default for Counters {
    fn default() -> Self {
        Counters {
            next_task_id: 1_000_001,
            next_activity: 1,
        }
    }
}

/// What `--state` persists and `GET /_emulator/state` shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersistedState {
    pub version: u32,
    pub inventory: Inventory,
    #[serde(default)]
    pub counters: Counters,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub idempotency: Vec<IdempotencyEntry>,
}

/// Version written into `PersistedState::version`.
pub const STATE_VERSION: u32 = 1;

/// The mutable world the API handlers work on.
#[derive(Debug, Clone)]
pub struct World {
    pub inventory: Inventory,
    pub counters: Counters,
    pub idempotency: Vec<IdempotencyEntry>,
    pub faults: FaultState,
}

impl World {
    pub fn new(inventory: Inventory, faults: FaultState) -> World {
        World {
            inventory,
            counters: Counters::default(),
            idempotency: Vec::new(),
            faults,
        }
    }

    pub fn from_persisted(state: PersistedState, faults: FaultState) -> World {
        World {
            inventory: state.inventory,
            counters: state.counters,
            idempotency: state.idempotency,
            faults,
        }
    }

    pub fn persisted(&self) -> PersistedState {
        PersistedState {
            version: STATE_VERSION,
            inventory: self.inventory.clone(),
            counters: self.counters.clone(),
            idempotency: self.idempotency.clone(),
        }
    }

    pub fn next_task_id(&mut self) -> u64 {
        let id = self.counters.next_task_id;
        self.counters.next_task_id += 1;
        id
    }

    pub fn next_activity_id(&mut self) -> String {
        let n = self.counters.next_activity;
        self.counters.next_activity += 1;
        format!("asa-emu{n:012}")
    }
}

/// Fails the Tencent tasks whose address lost its transition (deleted out of band).
pub fn fail_orphaned_tasks(inv: &mut Inventory, now_ms: u64) -> bool {
    let mut changed = false;
    for task in &mut inv.tencent.tasks {
        if task.result == "RUNNING" && task.settle_at_ms <= now_ms {
            task.result = "FAILED".to_string();
            changed = true;
        }
    }
    changed
}

impl Inventory {
    pub fn cloud(&self, cloud: Cloud) -> &CloudInventory {
        match cloud {
            Cloud::Alibaba => &self.alibaba,
            Cloud::Tencent => &self.tencent,
            Cloud::Volcengine => &self.volcengine,
        }
    }

    pub fn cloud_mut(&mut self, cloud: Cloud) -> &mut CloudInventory {
        match cloud {
            Cloud::Alibaba => &mut self.alibaba,
            Cloud::Tencent => &mut self.tencent,
            Cloud::Volcengine => &mut self.volcengine,
        }
    }
}

/// The region an entity was found in, with the entity.
pub type Located<'a, T> = (&'a str, &'a T);

macro_rules! finder {
    ($find:ident, $find_mut:ident, $field:ident, $ty:ty) => {
        /// Finds by id in any region of this cloud.
        pub fn $find(&self, id: &str) -> Option<Located<'_, $ty>> {
            self.regions.iter().find_map(|(name, region)| {
                region
                    .$field
                    .iter()
                    .find(|e| e.id == id)
                    .map(|e| (name.as_str(), e))
            })
        }

        /// Finds by id in any region of this cloud, mutably.
        pub fn $find_mut(&mut self, id: &str) -> Option<&mut $ty> {
            self.regions
                .values_mut()
                .find_map(|region| region.$field.iter_mut().find(|e| e.id == id))
        }
    };
}

impl CloudInventory {
    finder!(find_eip, find_eip_mut, eips, Eip);
    finder!(find_instance, find_instance_mut, instances, Instance);
    finder!(find_eni, find_eni_mut, network_interfaces, NetworkInterface);
    finder!(find_slb, find_slb_mut, slb_instances, SlbInstance);
    finder!(find_nat, find_nat_mut, nat_gateways, NatGateway);
    finder!(find_havip, find_havip_mut, havips, HaVip);
    finder!(find_ga, find_ga_mut, ga_instances, GaInstance);
    finder!(find_group, find_group_mut, scaling_groups, ScalingGroup);
    finder!(find_db, find_db_mut, db_instances, DbInstance);

    pub fn region(&self, name: &str) -> Option<&Region> {
        self.regions.get(name)
    }

    pub fn region_mut(&mut self, name: &str) -> Option<&mut Region> {
        self.regions.get_mut(name)
    }

    /// All EIPs of the cloud with their region.
    pub fn all_eips(&self) -> impl Iterator<Item = Located<'_, Eip>> {
        self.regions
            .iter()
            .flat_map(|(name, r)| r.eips.iter().map(move |e| (name.as_str(), e)))
    }

    /// The scaling group holding `instance_id`, if any.
    pub fn group_of_instance(&self, instance_id: &str) -> Option<Located<'_, ScalingGroup>> {
        self.regions.iter().find_map(|(name, r)| {
            r.scaling_groups
                .iter()
                .find(|g| g.members.iter().any(|m| m.instance_id == instance_id))
                .map(|g| (name.as_str(), g))
        })
    }

    /// The zone of an ENI: its instance's, else the region's first (`<region>-a`).
    pub fn zone_of_eni(&self, region: &str, e: &NetworkInterface) -> String {
        e.instance_id
            .as_deref()
            .and_then(|i| self.find_instance(i))
            .map(|(_, inst)| inst.zone.clone())
            .unwrap_or_else(|| format!("{region}-a"))
    }

    /// The EIP bound (or being bound) to this binding target, if any.
    pub fn eip_bound_to(&self, matches: impl Fn(&EipBinding) -> bool) -> Option<&Eip> {
        self.all_eips()
            .map(|(_, e)| e)
            .find(|e| e.binding.as_ref().is_some_and(&matches))
    }

    pub fn task_mut(&mut self, id: u64) -> Option<&mut Task> {
        self.tasks.iter_mut().find(|t| t.id == id)
    }
}

/// Status words per cloud.
pub mod status {
    use tether_wire::cloud::Cloud;

    /// The running status of an instance.
    pub fn running(cloud: Cloud) -> &'static str {
        match cloud {
            Cloud::Alibaba => "Running",
            Cloud::Tencent | Cloud::Volcengine => "RUNNING",
        }
    }

    /// The free status of an EIP.
    pub fn eip_free(cloud: Cloud) -> &'static str {
        match cloud {
            Cloud::Tencent => "UNBIND",
            Cloud::Alibaba | Cloud::Volcengine => "Available",
        }
    }

    /// The bound status of an EIP.
    pub fn eip_bound(cloud: Cloud) -> &'static str {
        match cloud {
            Cloud::Tencent => "BIND",
            Cloud::Alibaba | Cloud::Volcengine => "InUse",
        }
    }

    /// The status of an EIP being associated.
    pub fn eip_associating(cloud: Cloud) -> &'static str {
        match cloud {
            Cloud::Tencent => "BINDING",
            Cloud::Alibaba | Cloud::Volcengine => "Associating",
        }
    }

    /// The status of an EIP being unassociated.
    pub fn eip_unassociating(cloud: Cloud) -> &'static str {
        match cloud {
            Cloud::Tencent => "UNBINDING",
            Cloud::Alibaba | Cloud::Volcengine => "Unassociating",
        }
    }
}

/// Whether the target of an EIP binding still exists (checked when a transition settles).
pub fn binding_target_exists(
    cloud: &CloudInventory,
    cloud_kind: Cloud,
    region: &str,
    b: &EipBinding,
) -> bool {
    match cloud_kind {
        Cloud::Tencent => {
            if let Some(eni) = &b.network_interface_id {
                return cloud.find_eni(eni).is_some_and(|(r, _)| r == region);
            }
            cloud
                .find_instance(&b.instance_id)
                .is_some_and(|(r, _)| r == region)
        }
        Cloud::Alibaba | Cloud::Volcengine => {
            let target_region = b.instance_region_id.as_deref().unwrap_or(region);
            let in_region = |r: &str| r == target_region;
            match b.instance_type.as_str() {
                "SlbInstance" => cloud
                    .find_slb(&b.instance_id)
                    .is_some_and(|(r, _)| in_region(r)),
                "Nat" => cloud
                    .find_nat(&b.instance_id)
                    .is_some_and(|(r, _)| in_region(r)),
                "NetworkInterface" => cloud
                    .find_eni(&b.instance_id)
                    .is_some_and(|(r, _)| in_region(r)),
                "HaVip" => cloud
                    .find_havip(&b.instance_id)
                    .is_some_and(|(r, _)| in_region(r)),
                "IpAddress" => true,
                _ => cloud
                    .find_instance(&b.instance_id)
                    .is_some_and(|(r, _)| in_region(r)),
            }
        }
    }
}

pub fn settle_eips(inv: &mut Inventory, cloud_kind: Cloud, now_ms: u64) -> bool {
    let cloud = inv.cloud(cloud_kind);
    // Decide outcomes with shared borrows, then apply.
    let mut outcomes: Vec<(String, String, bool)> = Vec::new();
    for (region, eip) in cloud.all_eips() {
        let Some(p) = &eip.pending else { continue };
        if p.settle_at_ms > now_ms {
            continue;
        }
        let ok = match p.kind {
            PendingKind::Associate => {
                !p.fail
                    && eip
                        .binding
                        .as_ref()
                        .is_some_and(|b| binding_target_exists(cloud, cloud_kind, region, b))
            }
            PendingKind::Unassociate => !p.fail,
        };
        outcomes.push((region.to_string(), eip.id.clone(), ok));
    }
    if outcomes.is_empty() {
        return false;
    }
    let cloud = inv.cloud_mut(cloud_kind);
    for (region, id, ok) in outcomes {
        let mut task_result: Option<(u64, &'static str)> = None;
        let dangling_eni = |cloud: &CloudInventory, b: &EipBinding| {
            b.network_interface_id
                .as_ref()
                .and_then(|eni| cloud.find_eni(eni))
                .is_some_and(|(_, e)| e.instance_id.is_none())
        };
        let bind_eni_status = {
            let eip = cloud.find_eip(&id).map(|(_, e)| e);
            eip.and_then(|e| e.binding.as_ref())
                .is_some_and(|b| dangling_eni(cloud, b))
        };
        let Some(r) = cloud.region_mut(&region) else {
            continue;
        };
        let Some(eip) = r.eips.iter_mut().find(|e| e.id == id) else {
            continue;
        };
        let Some(p) = eip.pending.take() else {
            continue;
        };
        match (p.kind, ok) {
            (PendingKind::Associate, true) => {
                eip.status = if cloud_kind == Cloud::Tencent && bind_eni_status {
                    "BIND_ENI".to_string()
                } else {
                    status::eip_bound(cloud_kind).to_string()
                };
            }
            (PendingKind::Associate, false) => {
                eip.binding = None;
                eip.status = status::eip_free(cloud_kind).to_string();
            }
            (PendingKind::Unassociate, true) => {
                eip.binding = None;
                eip.status = status::eip_free(cloud_kind).to_string();
            }
            (PendingKind::Unassociate, false) => {
                eip.status = status::eip_bound(cloud_kind).to_string();
            }
        }
        if let Some(task) = p.task_id {
            task_result = Some((task, if ok { "SUCCESS" } else { "FAILED" }));
        }
        if let Some((task, result)) = task_result {
            if let Some(t) = cloud.task_mut(task) {
                t.result = result.to_string();
            }
        }
    }
    true
}

pub fn settle_ga(cloud: &mut CloudInventory, now_ms: u64) -> bool {
    let mut outcomes: Vec<(String, bool)> = Vec::new();
    for region in cloud.regions.values() {
        for ga in &region.ga_instances {
            let Some(p) = &ga.pending else { continue };
            if p.settle_at_ms > now_ms {
                continue;
            }
            let ok = match p.kind {
                PendingKind::Associate => {
                    !p.fail
                        && ga.backend.as_ref().is_some_and(|b| {
                            let found = if b.server_type == "SlbInstance" {
                                cloud.find_slb(&b.server_id).map(|(r, _)| r)
                            } else {
                                cloud.find_instance(&b.server_id).map(|(r, _)| r)
                            };
                            found == Some(b.region_id.as_str())
                        })
                }
                PendingKind::Unassociate => true,
            };
            outcomes.push((ga.id.clone(), ok));
        }
    }
    if outcomes.is_empty() {
        return false;
    }
    for (id, ok) in outcomes {
        let Some(ga) = cloud.find_ga_mut(&id) else {
            continue;
        };
        let Some(p) = ga.pending.take() else { continue };
        if p.kind == PendingKind::Unassociate || !ok {
            ga.backend = None;
        }
        ga.status = derived_ga_status(ga);
    }
    true
}

/// `InUse` with a backend, `Available` without (unless a fixed status was declared).
pub fn derived_ga_status(ga: &GaInstance) -> String {
    match ga.status.as_str() {
        "" | "Available" | "InUse" | "Associating" | "Unassociating" => {
            if ga.backend.is_some() {
                "InUse".to_string()
            } else {
                "Available".to_string()
            }
        }
        other => other.to_string(),
    }
}

/// `InUse` with members, `Available` without (unless a fixed status was declared).
pub fn derived_havip_status(h: &HaVip) -> String {
    match h.status.as_str() {
        "" | "Available" | "InUse" => {
            if h.members.is_empty() {
                "Available".to_string()
            } else {
                "InUse".to_string()
            }
        }
        other => other.to_string(),
    }
}

pub fn settle_havips(cloud: &mut CloudInventory, now_ms: u64) -> bool {
    let mut changed = false;
    let snapshot_instances: Vec<String> = cloud
        .regions
        .values()
        .flat_map(|r| {
            r.instances
                .iter()
                .map(|i| i.id.clone())
                .chain(r.network_interfaces.iter().map(|e| e.id.clone()))
        })
        .collect();
    for region in cloud.regions.values_mut() {
        for h in &mut region.havips {
            if h.pending_members.iter().all(|p| p.settle_at_ms > now_ms) {
                continue;
            }
            let (due, later): (Vec<PendingMember>, Vec<PendingMember>) = h
                .pending_members
                .drain(..)
                .partition(|p| p.settle_at_ms <= now_ms);
            h.pending_members = later;
            for p in due {
                if p.add {
                    if snapshot_instances.contains(&p.instance_id)
                        && !h.members.contains(&p.instance_id)
                    {
                        h.members.push(p.instance_id.clone());
                        h.member_type = Some(p.instance_type.clone());
                    }
                } else {
                    h.members.retain(|m| m != &p.instance_id);
                }
            }
            if h.members.is_empty() && h.pending_members.iter().all(|p| !p.add) {
                h.member_type = None;
            }
            h.status = derived_havip_status(h);
            changed = true;
        }
    }
    changed
}
