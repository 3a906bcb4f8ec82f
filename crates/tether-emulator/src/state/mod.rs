//! The emulated inventory and every association, as one serde model.
//!
//! The same types describe the fixtures file (see `fixtures`; fields marked "state only"
//! must be absent there), the answer of `GET /_emulator/state` and the `--state` file.
//! Everything is kept per cloud and per region, in declaration order (which is the order the
//! Describe APIs list things in). This module owns the tree (inventory, clouds, regions,
//! the world the handlers work on, what is persisted) and the lookups across it; the
//! entities live in `network` and `scaling`.
//!
//! Asynchronous work (an EIP `Associating`, a Tencent task `RUNNING`, a scaling activity
//! `InProgress`, a HaVip member being added) is stored as a deadline in wall-clock
//! milliseconds; each service registers how its own work settles (`services::advance` runs
//! them before every request is served), so no background timer is needed and a persisted
//! state settles correctly after a restart.

mod network;
mod scaling;

pub use network::*;
pub use scaling::*;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tether_wire::api::alibaba_ecs::network_type;
use tether_wire::api::alibaba_vpc::eip_instance_type;
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
    network_type::VPC.to_string()
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

    /// The region of `id`, a resource of the kind an EIP binding or a GA backend names
    /// (`SlbInstance`, `Nat`, `NetworkInterface`, `HaVip`; any other kind is an instance).
    pub fn region_of_target(&self, kind: &str, id: &str) -> Option<&str> {
        match kind {
            eip_instance_type::SLB_INSTANCE => self.find_slb(id).map(|(r, _)| r),
            eip_instance_type::NAT => self.find_nat(id).map(|(r, _)| r),
            eip_instance_type::NETWORK_INTERFACE => self.find_eni(id).map(|(r, _)| r),
            eip_instance_type::HA_VIP => self.find_havip(id).map(|(r, _)| r),
            _ => self.find_instance(id).map(|(r, _)| r),
        }
    }

    /// What region `name` holds of one kind (`kind` picks it, e.g. `|r| &r.eips`): nothing
    /// when the cloud has no such region.
    pub fn region_items<'a, T>(
        &'a self,
        name: &str,
        kind: impl FnOnce(&'a Region) -> &'a [T],
    ) -> &'a [T] {
        self.region(name).map_or(&[], kind)
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

    /// The ENIs attached to `instance_id` in `region`, primary first (as the clouds list an
    /// instance's ENIs).
    pub fn enis_of_instance(&self, region: &str, instance_id: &str) -> Vec<&NetworkInterface> {
        let mut enis: Vec<&NetworkInterface> = self
            .region_items(region, |r| &r.network_interfaces)
            .iter()
            .filter(|e| e.instance_id.as_deref() == Some(instance_id))
            .collect();
        enis.sort_by_key(|e| !e.primary);
        enis
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
    use tether_wire::api::alibaba_vpc::eip_status;
    use tether_wire::api::tencent_vpc::address_status;
    use tether_wire::api::{alibaba_ecs, tencent_cvm, volcengine_ecs};
    use tether_wire::cloud::Cloud;

    /// The words the inventory keeps an ENI's status in, whatever its cloud: the ones
    /// Alibaba ECS and Volcengine VPC answer (`Available`, `InUse`, ...). The Tencent view
    /// maps them to its own `State`.
    pub use tether_wire::api::volcengine_vpc::eni;

    /// The running status of an instance.
    pub fn running(cloud: Cloud) -> &'static str {
        match cloud {
            Cloud::Alibaba => alibaba_ecs::instance_status::RUNNING,
            Cloud::Tencent => tencent_cvm::instance_state::RUNNING,
            Cloud::Volcengine => volcengine_ecs::instance_status::RUNNING,
        }
    }

    /// The words one cloud uses for the statuses of an EIP.
    struct EipStatuses {
        free: &'static str,
        bound: &'static str,
        associating: &'static str,
        unassociating: &'static str,
    }

    const TENCENT_EIP: EipStatuses = EipStatuses {
        free: address_status::UNBIND,
        bound: address_status::BIND,
        associating: address_status::BINDING,
        unassociating: address_status::UNBINDING,
    };

    /// Alibaba and Volcengine.
    const PASCAL_EIP: EipStatuses = EipStatuses {
        free: eip_status::AVAILABLE,
        bound: eip_status::IN_USE,
        associating: eip_status::ASSOCIATING,
        unassociating: eip_status::UNASSOCIATING,
    };

    fn eip_statuses(cloud: Cloud) -> &'static EipStatuses {
        match cloud {
            Cloud::Tencent => &TENCENT_EIP,
            Cloud::Alibaba | Cloud::Volcengine => &PASCAL_EIP,
        }
    }

    /// The free status of an EIP.
    pub fn eip_free(cloud: Cloud) -> &'static str {
        eip_statuses(cloud).free
    }

    /// The bound status of an EIP.
    pub fn eip_bound(cloud: Cloud) -> &'static str {
        eip_statuses(cloud).bound
    }

    /// The status of an EIP being associated.
    pub fn eip_associating(cloud: Cloud) -> &'static str {
        eip_statuses(cloud).associating
    }

    /// The status of an EIP being unassociated.
    pub fn eip_unassociating(cloud: Cloud) -> &'static str {
        eip_statuses(cloud).unassociating
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
            b.instance_type == eip_instance_type::IP_ADDRESS
                || cloud.region_of_target(&b.instance_type, &b.instance_id) == Some(target_region)
        }
    }
}
