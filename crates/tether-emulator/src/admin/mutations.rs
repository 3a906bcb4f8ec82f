//! The out-of-band changes of `POST /_emulator/mutate`: what each [`Mutation`] is and how
//! [`apply`] makes it, releasing what was bound to a deleted thing as the clouds do.

use super::*;
use crate::state::{Eip, GaInstance, HaVip, ScalingGroup};
use tether_wire::api::alibaba_ess::{self, group_state, health_status, instance_lifecycle_state};
use tether_wire::api::alibaba_vpc::{eip_instance_type, ga_server_type};
use tether_wire::api::tencent_vpc::{address_instance_type, task_result};
use tether_wire::api::volcengine_vpc::ha_vip_instance_type;

/// What `delete` removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Eip,
    Instance,
    NetworkInterface,
    Slb,
    Nat,
    Havip,
    Ga,
    ScalingGroup,
    DbInstance,
}

/// One out-of-band change.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Mutation {
    /// Unbind an EIP at once (any transition under way is abandoned).
    UnbindEip { cloud: Cloud, id: String },
    /// Remove the backend of an Alibaba GA instance.
    UnbindGa { id: String },
    /// Remove a member of a Volcengine HaVip.
    RemoveHavipMember {
        havip_id: String,
        instance_id: String,
    },
    /// Take an instance out of an Alibaba scaling group.
    DetachScalingInstance {
        group_id: String,
        instance_id: String,
    },
    /// Delete something, releasing what was bound to it.
    Delete {
        cloud: Cloud,
        kind: Kind,
        id: String,
    },
    /// Change an EIP's status or flags.
    SetEip {
        cloud: Cloud,
        id: String,
        #[serde(default)]
        status: Option<String>,
        #[serde(default)]
        blocked: Option<bool>,
        #[serde(default)]
        arrears: Option<bool>,
    },
    /// Change an instance's status.
    SetInstance {
        cloud: Cloud,
        id: String,
        status: String,
    },
    /// Change an Alibaba scaling group.
    SetGroup {
        id: String,
        #[serde(default)]
        min_size: Option<u32>,
        #[serde(default)]
        max_size: Option<u32>,
        #[serde(default)]
        desired_capacity: Option<u32>,
        #[serde(default)]
        lifecycle_state: Option<String>,
    },
    /// Change a HaVip (Volcengine, or Alibaba with `cloud`).
    SetHavip {
        #[serde(default)]
        cloud: Option<Cloud>,
        id: String,
        #[serde(default)]
        status: Option<String>,
        #[serde(default)]
        supports_binding: Option<bool>,
    },
    /// Change an Alibaba GA instance.
    SetGa {
        id: String,
        #[serde(default)]
        status: Option<String>,
        #[serde(default)]
        bandwidth_type: Option<String>,
    },
    /// Bind an EIP at once, as someone using the console would (replacing any binding).
    BindEip {
        cloud: Cloud,
        id: String,
        instance_id: String,
        /// Alibaba `EcsInstance` (default) …; Tencent `CVM` (default) or `ENI`.
        #[serde(default)]
        instance_type: Option<String>,
        /// Tencent: bind to this ENI's `private_ip_address`.
        #[serde(default)]
        network_interface_id: Option<String>,
        #[serde(default)]
        private_ip_address: Option<String>,
    },
    /// Give an Alibaba GA instance a backend at once (replacing any backend).
    BindGa {
        id: String,
        server_id: String,
        region_id: String,
        /// `EcsInstance` (default) or `SlbInstance`.
        #[serde(default)]
        server_type: Option<String>,
    },
    /// Add a member to a Volcengine HaVip at once.
    AddHavipMember {
        havip_id: String,
        instance_id: String,
        /// `EcsInstance` (default) or `NetworkInterface`.
        #[serde(default)]
        instance_type: Option<String>,
    },
    /// Put an instance into an Alibaba scaling group at once.
    AttachScalingInstance {
        group_id: String,
        instance_id: String,
        /// `Attached` (default), `AutoCreated` or `Managed`.
        #[serde(default)]
        creation_type: Option<String>,
    },
    /// Finish every asynchronous transition now.
    Settle,
}

impl Kind {
    /// What the mutations' errors call one thing of this kind.
    fn noun(self) -> &'static str {
        match self {
            Kind::Eip => "EIP",
            Kind::Instance => "instance",
            Kind::NetworkInterface => "network interface",
            Kind::Slb => "SLB instance",
            Kind::Nat => "NAT gateway",
            Kind::Havip => "HaVip",
            Kind::Ga => "GA instance",
            Kind::ScalingGroup => "scaling group",
            Kind::DbInstance => "DB instance",
        }
    }
}

/// The mutation's error for the `kind` `id` that `cloud`'s inventory does not hold.
fn not_found_in(cloud: Cloud, kind: Kind, id: &str) -> String {
    format!(
        "no {} {id:?} in the {} inventory",
        kind.noun(),
        cloud.name()
    )
}

/// The EIP `id` of `cloud`, or the mutation's not-found error.
fn existing_eip<'a>(inv: &'a mut Inventory, cloud: Cloud, id: &str) -> Result<&'a mut Eip, String> {
    inv.cloud_mut(cloud)
        .find_eip_mut(id)
        .ok_or_else(|| not_found_in(cloud, Kind::Eip, id))
}

/// The Alibaba GA instance `id`, or the mutation's not-found error.
fn existing_ga<'a>(inv: &'a mut Inventory, id: &str) -> Result<&'a mut GaInstance, String> {
    inv.alibaba
        .find_ga_mut(id)
        .ok_or_else(|| not_found_in(Cloud::Alibaba, Kind::Ga, id))
}

/// The HaVip `id` of `cloud`, or the mutation's not-found error.
fn existing_havip<'a>(
    inv: &'a mut Inventory,
    cloud: Cloud,
    id: &str,
) -> Result<&'a mut HaVip, String> {
    inv.cloud_mut(cloud)
        .find_havip_mut(id)
        .ok_or_else(|| not_found_in(cloud, Kind::Havip, id))
}

/// The Alibaba scaling group `id`, or the mutation's not-found error.
fn existing_group<'a>(inv: &'a mut Inventory, id: &str) -> Result<&'a mut ScalingGroup, String> {
    inv.alibaba
        .find_group_mut(id)
        .ok_or_else(|| not_found_in(Cloud::Alibaba, Kind::ScalingGroup, id))
}

/// Replaces `field` with `value` when a value is given.
fn set_if_given<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}

/// Drops `member` from a HaVip (its member type goes with its last member) and derives
/// its status again.
fn drop_havip_member(h: &mut HaVip, member: &str) {
    h.members.retain(|m| m != member);
    if h.members.is_empty() {
        h.member_type = None;
    }
    h.status = derived_havip_status(h);
}

/// Releases every settled EIP binding whose target matches.
fn release_eips(
    c: &mut CloudInventory,
    cloud: Cloud,
    matches: impl Fn(&crate::state::EipBinding) -> bool,
) {
    for r in c.regions.values_mut() {
        for e in &mut r.eips {
            if e.pending.is_none() && e.binding.as_ref().is_some_and(&matches) {
                e.binding = None;
                e.status = status::eip_free(cloud).to_string();
            }
        }
    }
}

fn release_ga(c: &mut CloudInventory, server_id: &str) {
    for r in c.regions.values_mut() {
        for g in &mut r.ga_instances {
            if g.pending.is_none() && g.backend.as_ref().is_some_and(|b| b.server_id == server_id) {
                g.backend = None;
                g.status = derived_ga_status(g);
            }
        }
    }
}

fn release_havip_member(c: &mut CloudInventory, member: &str) {
    for r in c.regions.values_mut() {
        for h in &mut r.havips {
            if h.members.iter().any(|m| m == member) {
                drop_havip_member(h, member);
            }
        }
    }
}

pub(super) fn delete(
    inv: &mut Inventory,
    cloud: Cloud,
    kind: Kind,
    id: &str,
) -> Result<(), String> {
    let c = inv.cloud_mut(cloud);
    macro_rules! remove {
        ($field:ident) => {{
            let mut found = false;
            for r in c.regions.values_mut() {
                let before = r.$field.len();
                r.$field.retain(|e| e.id != id);
                found |= r.$field.len() != before;
            }
            if !found {
                return Err(not_found_in(cloud, kind, id));
            }
        }};
    }
    match kind {
        Kind::Eip => {
            remove!(eips);
            for r in c.regions.values_mut() {
                for g in &mut r.ga_instances {
                    g.eip_ids.retain(|e| e != id);
                }
            }
        }
        Kind::Instance => {
            remove!(instances);
            let primary: Vec<String> = c
                .regions
                .values()
                .flat_map(|r| r.network_interfaces.iter())
                .filter(|e| e.primary && e.instance_id.as_deref() == Some(id))
                .map(|e| e.id.clone())
                .collect();
            for r in c.regions.values_mut() {
                r.network_interfaces.retain(|e| !primary.contains(&e.id));
                for e in &mut r.network_interfaces {
                    if e.instance_id.as_deref() == Some(id) {
                        e.instance_id = None;
                        e.status = status::eni::AVAILABLE.into();
                    }
                }
                for g in &mut r.scaling_groups {
                    g.members.retain(|m| {
                        m.instance_id != id
                            || m.lifecycle_state == instance_lifecycle_state::PENDING
                            || m.lifecycle_state == instance_lifecycle_state::REMOVING
                    });
                }
            }
            release_eips(c, cloud, |b| {
                (b.instance_id == id
                    && (b.network_interface_id.is_none() || cloud == Cloud::Tencent))
                    || b.network_interface_id
                        .as_ref()
                        .is_some_and(|eni| primary.contains(eni))
            });
            release_ga(c, id);
            release_havip_member(c, id);
            for eni in &primary {
                release_havip_member(c, eni);
            }
        }
        Kind::NetworkInterface => {
            remove!(network_interfaces);
            release_eips(c, cloud, |b| {
                b.network_interface_id.as_deref() == Some(id)
                    || (b.instance_type == eip_instance_type::NETWORK_INTERFACE
                        && b.instance_id == id)
            });
            release_havip_member(c, id);
        }
        Kind::Slb => {
            remove!(slb_instances);
            release_eips(c, cloud, |b| {
                b.instance_type == eip_instance_type::SLB_INSTANCE && b.instance_id == id
            });
            release_ga(c, id);
        }
        Kind::Nat => {
            remove!(nat_gateways);
            release_eips(c, cloud, |b| {
                b.instance_type == eip_instance_type::NAT && b.instance_id == id
            });
        }
        Kind::Havip => {
            remove!(havips);
            release_eips(c, cloud, |b| {
                b.instance_type == eip_instance_type::HA_VIP && b.instance_id == id
            });
        }
        Kind::Ga => remove!(ga_instances),
        Kind::ScalingGroup => remove!(scaling_groups),
        Kind::DbInstance => remove!(db_instances),
    }
    Ok(())
}

/// Applies one mutation.
pub fn apply(world: &mut World, m: Mutation) -> Result<(), String> {
    let inv = &mut world.inventory;
    match m {
        Mutation::UnbindEip { cloud, id } => {
            let e = existing_eip(inv, cloud, &id)?;
            let task = e.pending.take().and_then(|p| p.task_id);
            e.binding = None;
            e.status = status::eip_free(cloud).to_string();
            if let Some(t) = task.and_then(|t| inv.cloud_mut(cloud).task_mut(t)) {
                t.result = task_result::FAILED.into();
            }
            if cloud == Cloud::Alibaba {
                crate::idempotency::forget_resource_for_any_key(
                    &mut world.idempotency,
                    &format!("alibaba-eip:{id}"),
                );
            }
        }
        Mutation::UnbindGa { id } => {
            let g = existing_ga(inv, &id)?;
            g.pending = None;
            g.backend = None;
            g.status = derived_ga_status(g);
        }
        Mutation::RemoveHavipMember {
            havip_id,
            instance_id,
        } => {
            let h = existing_havip(inv, Cloud::Volcengine, &havip_id)?;
            if !h.members.contains(&instance_id) {
                return Err(format!("{instance_id:?} is not a member of {havip_id:?}"));
            }
            drop_havip_member(h, &instance_id);
            crate::idempotency::forget_resource_for_any_key(
                &mut world.idempotency,
                &format!("havip:{havip_id}:{instance_id}"),
            );
        }
        Mutation::DetachScalingInstance {
            group_id,
            instance_id,
        } => {
            let g = existing_group(inv, &group_id)?;
            let before = g.members.len();
            g.members.retain(|m| m.instance_id != instance_id);
            if g.members.len() == before {
                return Err(format!("{instance_id:?} is not in {group_id:?}"));
            }
        }
        Mutation::Delete { cloud, kind, id } => delete(inv, cloud, kind, &id)?,
        Mutation::SetEip {
            cloud,
            id,
            status,
            blocked,
            arrears,
        } => {
            let e = existing_eip(inv, cloud, &id)?;
            set_if_given(&mut e.status, status);
            set_if_given(&mut e.blocked, blocked);
            set_if_given(&mut e.arrears, arrears);
        }
        Mutation::SetInstance { cloud, id, status } => {
            let i = inv
                .cloud_mut(cloud)
                .find_instance_mut(&id)
                .ok_or_else(|| not_found_in(cloud, Kind::Instance, &id))?;
            i.status = status;
        }
        Mutation::SetGroup {
            id,
            min_size,
            max_size,
            desired_capacity,
            lifecycle_state,
        } => {
            let g = existing_group(inv, &id)?;
            let min = min_size.unwrap_or(g.min_size);
            let max = max_size.unwrap_or(g.max_size);
            if min > max {
                return Err(format!("min_size {min} exceeds max_size {max}"));
            }
            g.min_size = min;
            g.max_size = max;
            if let Some(d) = desired_capacity {
                g.desired_capacity = Some(d);
            }
            if let Some(s) = lifecycle_state {
                if !group_state::ALL.contains(&s.as_str()) {
                    return Err(format!(
                        "lifecycle_state {s:?} is not one of Active, Inactive, Deleting"
                    ));
                }
                g.lifecycle_state = s;
            }
        }
        Mutation::SetHavip {
            cloud,
            id,
            status,
            supports_binding,
        } => {
            let cloud = cloud.unwrap_or(Cloud::Volcengine);
            let h = existing_havip(inv, cloud, &id)?;
            set_if_given(&mut h.status, status);
            set_if_given(&mut h.supports_binding, supports_binding);
        }
        Mutation::SetGa {
            id,
            status,
            bandwidth_type,
        } => {
            let g = existing_ga(inv, &id)?;
            set_if_given(&mut g.status, status);
            set_if_given(&mut g.bandwidth_type, bandwidth_type);
        }
        Mutation::BindEip {
            cloud,
            id,
            instance_id,
            instance_type,
            network_interface_id,
            private_ip_address,
        } => {
            let e = existing_eip(inv, cloud, &id)?;
            let default_type = if cloud == Cloud::Tencent {
                if network_interface_id.is_some() {
                    address_instance_type::ENI
                } else {
                    address_instance_type::CVM
                }
            } else {
                eip_instance_type::ECS_INSTANCE
            };
            e.pending = None;
            e.binding = Some(crate::state::EipBinding {
                instance_id,
                instance_type: instance_type.unwrap_or_else(|| default_type.to_owned()),
                network_interface_id,
                private_ip_address,
                ..Default::default()
            });
            e.status = status::eip_bound(cloud).to_string();
        }
        Mutation::BindGa {
            id,
            server_id,
            region_id,
            server_type,
        } => {
            let g = existing_ga(inv, &id)?;
            g.pending = None;
            g.backend = Some(crate::state::GaBackend {
                server_id,
                server_type: server_type.unwrap_or_else(|| ga_server_type::ECS_INSTANCE.to_owned()),
                region_id,
            });
            g.status = derived_ga_status(g);
        }
        Mutation::AddHavipMember {
            havip_id,
            instance_id,
            instance_type,
        } => {
            let h = existing_havip(inv, Cloud::Volcengine, &havip_id)?;
            if h.members.contains(&instance_id) {
                return Err(format!(
                    "{instance_id:?} is already a member of {havip_id:?}"
                ));
            }
            h.members.push(instance_id);
            h.member_type = Some(
                instance_type.unwrap_or_else(|| ha_vip_instance_type::ECS_INSTANCE.to_owned()),
            );
            h.status = derived_havip_status(h);
        }
        Mutation::AttachScalingInstance {
            group_id,
            instance_id,
            creation_type,
        } => {
            let g = existing_group(inv, &group_id)?;
            if g.members.iter().any(|m| m.instance_id == instance_id) {
                return Err(format!("{instance_id:?} is already in {group_id:?}"));
            }
            g.members.push(crate::state::ScalingMember {
                instance_id,
                creation_type: creation_type
                    .unwrap_or_else(|| alibaba_ess::creation_type::ATTACHED.to_owned()),
                lifecycle_state: instance_lifecycle_state::IN_SERVICE.to_owned(),
                health_status: health_status::HEALTHY.to_owned(),
                load_balancer_weight: 50,
                ..Default::default()
            });
        }
        Mutation::Settle => {
            services::advance(world, u64::MAX);
            for e in &mut world.idempotency {
                e.settle_at_ms = 0;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_what_is_not_there_names_its_kind() {
        let cases = [
            (Kind::Eip, "EIP"),
            (Kind::Instance, "instance"),
            (Kind::NetworkInterface, "network interface"),
            (Kind::Slb, "SLB instance"),
            (Kind::Nat, "NAT gateway"),
            (Kind::Havip, "HaVip"),
            (Kind::Ga, "GA instance"),
            (Kind::ScalingGroup, "scaling group"),
            (Kind::DbInstance, "DB instance"),
        ];
        for (kind, noun) in cases {
            let mut inv = Inventory::default();
            assert_eq!(
                delete(&mut inv, Cloud::Alibaba, kind, "x"),
                Err(format!("no {noun} \"x\" in the alibaba inventory"))
            );
        }
    }
}
