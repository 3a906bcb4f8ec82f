//! Loading and checking the fixtures file (format documented in the crate's README.md; the
//! types are those of `state.rs`).
//!
//! Parsing rejects unknown keys and wrong types with the JSON path of the offending value
//! (`alibaba.regions.cn-hangzhou.eips[2].statuss: unknown field ...`). Validation then fills
//! in defaults (free/bound statuses, running instances, `Active` groups, ...) and checks
//! every value and cross-reference, again naming the field path.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use tether_wire::cloud::Cloud;

use crate::call::is_ipv4;
use crate::state::{
    binding_target_exists, status, CloudInventory, Inventory, NetworkInterface, Region,
    ScalingConfiguration, ScalingGroup,
};

/// The example fixtures shipped with tether (`examples/emulator/fixtures.json`), used when
/// the emulator is started without `--fixtures`.
pub const EXAMPLE: &str = include_str!("../../../examples/emulator/fixtures.json");

/// Why fixtures were refused.
#[derive(Debug, thiserror::Error)]
pub enum FixtureError {
    #[error("cannot read fixtures file {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("invalid fixtures: {path}: {message}")]
    Invalid { path: String, message: String },
}

fn invalid(path: impl Into<String>, message: impl Into<String>) -> FixtureError {
    FixtureError::Invalid {
        path: path.into(),
        message: message.into(),
    }
}

/// Reads, parses and validates a fixtures file.
pub fn load_file(path: &Path) -> Result<Inventory, FixtureError> {
    let text = std::fs::read_to_string(path).map_err(|source| FixtureError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&text)
}

/// The built-in example fixtures.
pub fn example() -> Result<Inventory, FixtureError> {
    parse(EXAMPLE)
}

/// Parses and validates fixtures text.
pub fn parse(text: &str) -> Result<Inventory, FixtureError> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let mut inv: Inventory = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path.is_empty() || path == "." {
            "(top level)".to_string()
        } else {
            path
        };
        invalid(path, e.into_inner().to_string())
    })?;
    validate(&mut inv)?;
    Ok(inv)
}

fn one_of(path: &str, value: &str, allowed: &[&str]) -> Result<(), FixtureError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(invalid(
            path,
            format!("{value:?} is not one of {}", allowed.join(", ")),
        ))
    }
}

fn ipv4(path: &str, value: &str) -> Result<(), FixtureError> {
    if is_ipv4(value) {
        Ok(())
    } else {
        Err(invalid(path, format!("{value:?} is not an IPv4 address")))
    }
}

fn non_empty(path: &str, value: &str) -> Result<(), FixtureError> {
    if value.trim().is_empty() {
        Err(invalid(path, "must not be empty"))
    } else {
        Ok(())
    }
}

fn default_to(field: &mut String, value: &str) {
    if field.is_empty() {
        *field = value.to_string();
    }
}

/// Checks and completes a whole inventory.
pub fn validate(inv: &mut Inventory) -> Result<(), FixtureError> {
    for cloud in Cloud::ALL {
        let name = cloud.name();
        let c = inv.cloud_mut(cloud);
        if !c.scaling_activities.is_empty() {
            return Err(invalid(
                format!("{name}.scaling_activities"),
                "is state only and cannot be declared in fixtures",
            ));
        }
        if !c.tasks.is_empty() {
            return Err(invalid(
                format!("{name}.tasks"),
                "is state only and cannot be declared in fixtures",
            ));
        }
        check_unique_ids(name, c)?;
        let names: Vec<String> = c.regions.keys().cloned().collect();
        for region in &names {
            let path = format!("{name}.regions.{region}");
            if region.is_empty()
                || !region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(invalid(
                    path,
                    "a region name is lower-case letters, digits and '-'",
                ));
            }
            normalize_region(cloud, &path, region, c)?;
        }
        for region in &names {
            let path = format!("{name}.regions.{region}");
            check_references(cloud, &path, region, c)?;
        }
        check_groups_disjoint(name, c)?;
    }
    Ok(())
}

fn check_unique_ids(cloud: &str, c: &CloudInventory) -> Result<(), FixtureError> {
    macro_rules! unique {
        ($field:ident) => {{
            let mut seen = BTreeSet::new();
            for (rname, r) in &c.regions {
                for (i, e) in r.$field.iter().enumerate() {
                    let path = format!("{cloud}.regions.{rname}.{}[{i}].id", stringify!($field));
                    non_empty(&path, &e.id)?;
                    if !seen.insert(e.id.clone()) {
                        return Err(invalid(
                            path,
                            format!("duplicate id {:?} (ids are unique per cloud)", e.id),
                        ));
                    }
                }
            }
        }};
    }
    unique!(eips);
    unique!(instances);
    unique!(network_interfaces);
    unique!(slb_instances);
    unique!(nat_gateways);
    unique!(havips);
    unique!(ga_instances);
    unique!(scaling_groups);
    unique!(db_instances);
    Ok(())
}

fn unsupported(cloud: Cloud, path: &str, r: &Region) -> Result<(), FixtureError> {
    let present = |field: &str, empty: bool| -> Result<(), FixtureError> {
        if empty {
            Ok(())
        } else {
            Err(invalid(
                format!("{path}.{field}"),
                format!("not emulated for {}", cloud.name()),
            ))
        }
    };
    match cloud {
        Cloud::Alibaba => Ok(()),
        Cloud::Tencent => {
            present("slb_instances", r.slb_instances.is_empty())?;
            present("nat_gateways", r.nat_gateways.is_empty())?;
            present("havips", r.havips.is_empty())?;
            present("ga_instances", r.ga_instances.is_empty())?;
            present("scaling_groups", r.scaling_groups.is_empty())?;
            present("db_instances", r.db_instances.is_empty())?;
            present("default_vpcs", r.default_vpcs.is_empty())
        }
        Cloud::Volcengine => {
            present("eips", r.eips.is_empty())?;
            present("slb_instances", r.slb_instances.is_empty())?;
            present("nat_gateways", r.nat_gateways.is_empty())?;
            present("ga_instances", r.ga_instances.is_empty())?;
            present("scaling_groups", r.scaling_groups.is_empty())?;
            present("db_instances", r.db_instances.is_empty())?;
            present("default_vpcs", r.default_vpcs.is_empty())
        }
    }
}

const ALIBABA_INSTANCE_STATUSES: &[&str] =
    &["Running", "Stopped", "Starting", "Stopping", "Pending"];
const TENCENT_INSTANCE_STATUSES: &[&str] = &[
    "PENDING",
    "LAUNCH_FAILED",
    "RUNNING",
    "STOPPED",
    "STARTING",
    "STOPPING",
    "REBOOTING",
    "SHUTDOWN",
    "TERMINATING",
];
const VOLCENGINE_INSTANCE_STATUSES: &[&str] = &[
    "CREATING",
    "RUNNING",
    "STOPPING",
    "STOPPED",
    "REBOOTING",
    "STARTING",
    "REBUILDING",
    "RESIZING",
    "ERROR",
    "DELETING",
];
const ALIBABA_EIP_STATUSES: &[&str] = &[
    "Available",
    "InUse",
    "Associating",
    "Unassociating",
    "Releasing",
];
const TENCENT_EIP_STATUSES: &[&str] = &[
    "UNBIND",
    "BIND",
    "BIND_ENI",
    "BINDING",
    "UNBINDING",
    "CREATING",
    "OFFLINING",
];

fn normalize_region(
    cloud: Cloud,
    path: &str,
    region: &str,
    c: &mut CloudInventory,
) -> Result<(), FixtureError> {
    let eni_ids: BTreeSet<String> = c
        .regions
        .values()
        .flat_map(|r| r.network_interfaces.iter().map(|e| e.id.clone()))
        .collect();
    let Some(r) = c.regions.get_mut(region) else {
        return Ok(());
    };
    unsupported(cloud, path, r)?;
    for (i, inst) in r.instances.iter_mut().enumerate() {
        let p = format!("{path}.instances[{i}]");
        default_to(&mut inst.status, status::running(cloud));
        let allowed = match cloud {
            Cloud::Alibaba => ALIBABA_INSTANCE_STATUSES,
            Cloud::Tencent => TENCENT_INSTANCE_STATUSES,
            Cloud::Volcengine => VOLCENGINE_INSTANCE_STATUSES,
        };
        one_of(&format!("{p}.status"), &inst.status, allowed)?;
        one_of(
            &format!("{p}.network_type"),
            &inst.network_type,
            if cloud == Cloud::Alibaba {
                &["vpc", "classic"]
            } else {
                &["vpc"]
            },
        )?;
        if inst.network_type == "vpc" {
            non_empty(&format!("{p}.vpc_id"), &inst.vpc_id)?;
            non_empty(&format!("{p}.subnet_id"), &inst.subnet_id)?;
        } else if !inst.vpc_id.is_empty() {
            return Err(invalid(
                format!("{p}.vpc_id"),
                "a classic-network instance has no VPC",
            ));
        }
        if !inst.private_ip.is_empty() {
            ipv4(&format!("{p}.private_ip"), &inst.private_ip)?;
        }
        if let Some(ip) = &inst.public_ip {
            ipv4(&format!("{p}.public_ip"), ip)?;
        }
        if inst.zone.is_empty() {
            inst.zone = format!("{region}-a");
        }
    }
    if cloud == Cloud::Volcengine {
        add_implied_primary_enis(path, r, &eni_ids)?;
    }
    let instances = r.instances.clone();
    for (i, eni) in r.network_interfaces.iter_mut().enumerate() {
        let p = format!("{path}.network_interfaces[{i}]");
        if eni.private_ips.is_empty() {
            return Err(invalid(
                format!("{p}.private_ips"),
                "needs at least one address",
            ));
        }
        for (j, ip) in eni.private_ips.iter().enumerate() {
            ipv4(&format!("{p}.private_ips[{j}]"), ip)?;
        }
        if let Some(owner) = &eni.instance_id {
            let Some(inst) = instances.iter().find(|x| x.id == *owner) else {
                return Err(invalid(
                    format!("{p}.instance_id"),
                    format!("no instance {owner:?} in region {region}"),
                ));
            };
            if eni.vpc_id.is_empty() {
                eni.vpc_id = inst.vpc_id.clone();
            }
            if eni.subnet_id.is_empty() {
                eni.subnet_id = inst.subnet_id.clone();
            }
            if eni.primary && (eni.subnet_id != inst.subnet_id || eni.vpc_id != inst.vpc_id) {
                return Err(invalid(
                    format!("{p}.subnet_id"),
                    format!(
                        "a primary network interface is in its instance's VPC and subnet ({}, {})",
                        inst.vpc_id, inst.subnet_id
                    ),
                ));
            }
        } else if eni.primary {
            return Err(invalid(
                format!("{p}.primary"),
                "a primary network interface must name its instance_id",
            ));
        }
        default_to(
            &mut eni.status,
            if eni.instance_id.is_some() {
                "InUse"
            } else {
                "Available"
            },
        );
        one_of(
            &format!("{p}.status"),
            &eni.status,
            &[
                "Available",
                "InUse",
                "Attaching",
                "Detaching",
                "Creating",
                "Deleting",
            ],
        )?;
        non_empty(&format!("{p}.subnet_id"), &eni.subnet_id)?;
    }
    for (i, slb) in r.slb_instances.iter_mut().enumerate() {
        let p = format!("{path}.slb_instances[{i}]");
        default_to(&mut slb.status, "active");
        one_of(
            &format!("{p}.status"),
            &slb.status,
            &["active", "inactive", "locked"],
        )?;
        one_of(
            &format!("{p}.network_type"),
            &slb.network_type,
            &["vpc", "classic"],
        )?;
        if slb.network_type == "vpc" {
            non_empty(&format!("{p}.vpc_id"), &slb.vpc_id)?;
        }
        if !slb.address.is_empty() {
            ipv4(&format!("{p}.address"), &slb.address)?;
        }
    }
    for (i, nat) in r.nat_gateways.iter_mut().enumerate() {
        let p = format!("{path}.nat_gateways[{i}]");
        default_to(&mut nat.status, "Available");
        one_of(
            &format!("{p}.status"),
            &nat.status,
            &["Available", "Creating", "Modifying", "Deleting"],
        )?;
        non_empty(&format!("{p}.vpc_id"), &nat.vpc_id)?;
    }
    for (i, db) in r.db_instances.iter_mut().enumerate() {
        let p = format!("{path}.db_instances[{i}]");
        default_to(&mut db.status, "Running");
        one_of(
            &format!("{p}.status"),
            &db.status,
            &["Running", "Creating", "Rebooting", "Locked", "Deleting"],
        )?;
        if db.security_ips_used > db.security_ip_quota {
            return Err(invalid(
                format!("{p}.security_ips_used"),
                "exceeds security_ip_quota",
            ));
        }
    }
    for (i, h) in r.havips.iter_mut().enumerate() {
        let p = format!("{path}.havips[{i}]");
        ipv4(&format!("{p}.ip"), &h.ip)?;
        non_empty(&format!("{p}.subnet_id"), &h.subnet_id)?;
        if !h.pending_members.is_empty() {
            return Err(invalid(
                format!("{p}.pending_members"),
                "is state only and cannot be declared in fixtures",
            ));
        }
        if let Some(t) = &h.member_type {
            one_of(
                &format!("{p}.member_type"),
                t,
                &["EcsInstance", "NetworkInterface"],
            )?;
        } else if !h.members.is_empty() {
            return Err(invalid(
                format!("{p}.member_type"),
                "is required when members are given",
            ));
        }
        if h.members.len() > 10 {
            return Err(invalid(
                format!("{p}.members"),
                "a HaVip holds at most 10 members",
            ));
        }
        default_to(
            &mut h.status,
            if h.members.is_empty() {
                "Available"
            } else {
                "InUse"
            },
        );
        one_of(
            &format!("{p}.status"),
            &h.status,
            &["Available", "InUse", "Creating", "Deleting"],
        )?;
    }
    for (i, g) in r.ga_instances.iter_mut().enumerate() {
        let p = format!("{path}.ga_instances[{i}]");
        ipv4(&format!("{p}.ip"), &g.ip)?;
        default_to(&mut g.bandwidth_type, "Exclusive");
        one_of(
            &format!("{p}.bandwidth_type"),
            &g.bandwidth_type,
            &["Exclusive", "Sharing"],
        )?;
        default_to(&mut g.service_location, "china-mainland");
        one_of(
            &format!("{p}.service_location"),
            &g.service_location,
            &["china-mainland", "asia-pacific", "north-america", "europe"],
        )?;
        if g.pending.is_some() {
            return Err(invalid(
                format!("{p}.pending"),
                "is state only and cannot be declared in fixtures",
            ));
        }
        if let Some(b) = g.backend.as_mut() {
            default_to(&mut b.server_type, "EcsInstance");
            one_of(
                &format!("{p}.backend.server_type"),
                &b.server_type,
                &["EcsInstance", "SlbInstance"],
            )?;
            if b.region_id == region {
                return Err(invalid(
                    format!("{p}.backend.region_id"),
                    "must differ from the GA instance's region",
                ));
            }
            if g.bandwidth_type != "Exclusive" {
                return Err(invalid(
                    format!("{p}.backend"),
                    "only Exclusive instances have a backend",
                ));
            }
        }
        if !g.eip_ids.is_empty() && g.bandwidth_type != "Sharing" {
            return Err(invalid(
                format!("{p}.eip_ids"),
                "only Sharing instances hold EIPs",
            ));
        }
        default_to(
            &mut g.status,
            if g.backend.is_some() {
                "InUse"
            } else {
                "Available"
            },
        );
        one_of(
            &format!("{p}.status"),
            &g.status,
            &["Available", "InUse", "Locked", "Creating", "Releasing"],
        )?;
    }
    for (i, g) in r.scaling_groups.iter_mut().enumerate() {
        let p = format!("{path}.scaling_groups[{i}]");
        default_to(&mut g.lifecycle_state, "Active");
        one_of(
            &format!("{p}.lifecycle_state"),
            &g.lifecycle_state,
            &["Active", "Inactive", "Deleting"],
        )?;
        if g.min_size > g.max_size {
            return Err(invalid(format!("{p}.min_size"), "exceeds max_size"));
        }
        if let Some(d) = g.desired_capacity {
            if d < g.min_size || d > g.max_size {
                return Err(invalid(
                    format!("{p}.desired_capacity"),
                    "must lie between min_size and max_size",
                ));
            }
        }
        if !g.vswitch_ids.is_empty() {
            non_empty(&format!("{p}.vpc_id"), &g.vpc_id)?;
        }
        normalize_configurations(&p, g)?;
        if g.members.len() > g.max_size as usize {
            return Err(invalid(
                format!("{p}.members"),
                "more members than max_size",
            ));
        }
        for (j, m) in g.members.iter_mut().enumerate() {
            let mp = format!("{p}.members[{j}]");
            default_to(&mut m.creation_type, "AutoCreated");
            one_of(
                &format!("{mp}.creation_type"),
                &m.creation_type,
                &["AutoCreated", "Attached", "Managed"],
            )?;
            default_to(&mut m.lifecycle_state, "InService");
            one_of(
                &format!("{mp}.lifecycle_state"),
                &m.lifecycle_state,
                &["InService", "Standby", "Protected", "Stopped"],
            )?;
            default_to(&mut m.health_status, "Healthy");
            one_of(
                &format!("{mp}.health_status"),
                &m.health_status,
                &["Healthy", "Unhealthy"],
            )?;
            if m.load_balancer_weight > 100 {
                return Err(invalid(
                    format!("{mp}.load_balancer_weight"),
                    "must lie between 0 and 100",
                ));
            }
            if !m.activity_id.is_empty() || m.joined_at_ms != 0 {
                return Err(invalid(mp, "activity_id and joined_at_ms are state only"));
            }
        }
    }
    for (i, e) in r.eips.iter_mut().enumerate() {
        let p = format!("{path}.eips[{i}]");
        ipv4(&format!("{p}.ip"), &e.ip)?;
        if e.pending.is_some() {
            return Err(invalid(
                format!("{p}.pending"),
                "is state only and cannot be declared in fixtures",
            ));
        }
        if let Some(b) = e.binding.as_mut() {
            match cloud {
                Cloud::Tencent => {
                    if b.network_interface_id.is_some() {
                        default_to(&mut b.instance_type, "ENI");
                    } else {
                        default_to(&mut b.instance_type, "CVM");
                        non_empty(&format!("{p}.binding.instance_id"), &b.instance_id)?;
                    }
                    one_of(
                        &format!("{p}.binding.instance_type"),
                        &b.instance_type,
                        &["CVM", "ENI"],
                    )?;
                }
                _ => {
                    default_to(&mut b.instance_type, "EcsInstance");
                    one_of(
                        &format!("{p}.binding.instance_type"),
                        &b.instance_type,
                        &[
                            "EcsInstance",
                            "SlbInstance",
                            "Nat",
                            "NetworkInterface",
                            "HaVip",
                            "IpAddress",
                        ],
                    )?;
                    non_empty(&format!("{p}.binding.instance_id"), &b.instance_id)?;
                    if b.mode.is_none() {
                        b.mode = Some("NAT".into());
                    }
                }
            }
            if let Some(ip) = &b.private_ip_address {
                ipv4(&format!("{p}.binding.private_ip_address"), ip)?;
            }
        }
        let bound = e.binding.is_some();
        default_to(
            &mut e.status,
            if bound {
                status::eip_bound(cloud)
            } else {
                status::eip_free(cloud)
            },
        );
        let allowed = if cloud == Cloud::Tencent {
            TENCENT_EIP_STATUSES
        } else {
            ALIBABA_EIP_STATUSES
        };
        one_of(&format!("{p}.status"), &e.status, allowed)?;
        let bound_status = e.status == status::eip_bound(cloud) || e.status == "BIND_ENI";
        if bound != bound_status {
            return Err(invalid(
                format!("{p}.status"),
                if bound {
                    format!("{:?} contradicts the binding", e.status)
                } else {
                    format!("{:?} needs a binding", e.status)
                },
            ));
        }
    }
    Ok(())
}

/// The id of the primary ENI a Volcengine instance gets when the fixtures declare none:
/// `eni-<instance id without its i- prefix>-primary` (`i-bjapp001` → `eni-bjapp001-primary`).
pub fn implied_primary_eni_id(instance_id: &str) -> String {
    format!(
        "eni-{}-primary",
        instance_id.strip_prefix("i-").unwrap_or(instance_id)
    )
}

/// Volcengine creates every VPC instance with a primary ENI (DescribeInstances lists it,
/// and it carries the instance's subnet): one is added for each instance with a private IP
/// whose primary ENI the fixtures do not declare.
fn add_implied_primary_enis(
    path: &str,
    r: &mut Region,
    taken: &BTreeSet<String>,
) -> Result<(), FixtureError> {
    for (i, inst) in r.instances.iter().enumerate() {
        let declared = r
            .network_interfaces
            .iter()
            .any(|e| e.primary && e.instance_id.as_deref() == Some(inst.id.as_str()));
        if declared || inst.network_type != "vpc" || inst.private_ip.is_empty() {
            continue;
        }
        let id = implied_primary_eni_id(&inst.id);
        if taken.contains(&id) {
            return Err(invalid(
                format!("{path}.instances[{i}].id"),
                format!(
                    "its implied primary network interface {id:?} is taken; declare the primary network interface of {:?}",
                    inst.id
                ),
            ));
        }
        r.network_interfaces.push(NetworkInterface {
            id,
            instance_id: Some(inst.id.clone()),
            vpc_id: inst.vpc_id.clone(),
            subnet_id: inst.subnet_id.clone(),
            private_ips: vec![inst.private_ip.clone()],
            primary: true,
            ..Default::default()
        });
    }
    Ok(())
}

/// Turns the `instance_type` shorthand into one active configuration `asc-<group id>` and
/// checks declared configurations (instance types given, at most one `Active`; the only
/// configuration of a group is `Active` by default, others `Inactive`).
fn normalize_configurations(path: &str, g: &mut ScalingGroup) -> Result<(), FixtureError> {
    if let Some(t) = g.instance_type.take() {
        if !g.scaling_configurations.is_empty() {
            return Err(invalid(
                format!("{path}.instance_type"),
                "give either instance_type or scaling_configurations",
            ));
        }
        non_empty(&format!("{path}.instance_type"), &t)?;
        g.scaling_configurations.push(ScalingConfiguration {
            id: format!("asc-{}", g.id),
            instance_types: vec![t],
            lifecycle_state: "Active".into(),
            ..Default::default()
        });
    }
    let only = g.scaling_configurations.len() == 1;
    for (k, c) in g.scaling_configurations.iter_mut().enumerate() {
        let cp = format!("{path}.scaling_configurations[{k}]");
        non_empty(&format!("{cp}.id"), &c.id)?;
        if c.instance_types.is_empty() {
            return Err(invalid(
                format!("{cp}.instance_types"),
                "needs at least one instance type",
            ));
        }
        for (j, t) in c.instance_types.iter().enumerate() {
            non_empty(&format!("{cp}.instance_types[{j}]"), t)?;
        }
        default_to(
            &mut c.lifecycle_state,
            if only { "Active" } else { "Inactive" },
        );
        one_of(
            &format!("{cp}.lifecycle_state"),
            &c.lifecycle_state,
            &["Active", "Inactive"],
        )?;
    }
    let active = g
        .scaling_configurations
        .iter()
        .filter(|c| c.lifecycle_state == "Active")
        .count();
    if active > 1 {
        return Err(invalid(
            format!("{path}.scaling_configurations"),
            "at most one configuration of a group is Active",
        ));
    }
    Ok(())
}

fn check_references(
    cloud: Cloud,
    path: &str,
    region: &str,
    c: &mut CloudInventory,
) -> Result<(), FixtureError> {
    let snapshot = c.clone();
    let Some(r) = c.regions.get_mut(region) else {
        return Ok(());
    };
    let mut targets = BTreeSet::new();
    for (i, e) in r.eips.iter_mut().enumerate() {
        let Some(b) = e.binding.as_mut() else {
            continue;
        };
        let p = format!("{path}.eips[{i}].binding");
        if !binding_target_exists(&snapshot, cloud, region, b) {
            return Err(invalid(
                format!("{p}.instance_id"),
                format!(
                    "no {} {:?} in region {}",
                    b.instance_type,
                    b.network_interface_id
                        .clone()
                        .unwrap_or_else(|| b.instance_id.clone()),
                    b.instance_region_id.as_deref().unwrap_or(region)
                ),
            ));
        }
        if cloud == Cloud::Tencent {
            if let Some(eni_id) = &b.network_interface_id {
                let eni = snapshot.find_eni(eni_id).map(|(_, e)| e);
                let ip = b
                    .private_ip_address
                    .clone()
                    .or_else(|| eni.and_then(|e| e.private_ips.first().cloned()))
                    .unwrap_or_default();
                if !eni.is_some_and(|e| e.private_ips.contains(&ip)) {
                    return Err(invalid(
                        format!("{p}.private_ip_address"),
                        format!("{ip:?} is not an address of {eni_id}"),
                    ));
                }
                if b.instance_id.is_empty() {
                    b.instance_id = eni.and_then(|e| e.instance_id.clone()).unwrap_or_default();
                }
                b.private_ip_address = Some(ip);
            } else if b.private_ip_address.is_none() {
                b.private_ip_address = snapshot
                    .find_instance(&b.instance_id)
                    .map(|(_, i)| i.private_ip.clone());
            }
        } else if b.private_ip_address.is_none() && b.instance_type == "EcsInstance" {
            b.private_ip_address = snapshot
                .find_instance(&b.instance_id)
                .map(|(_, i)| i.private_ip.clone());
        }
        let key = (
            b.instance_type.clone(),
            b.network_interface_id
                .clone()
                .unwrap_or_else(|| b.instance_id.clone()),
            if b.instance_type == "Nat" {
                e.id.clone()
            } else {
                b.private_ip_address.clone().unwrap_or_default()
            },
        );
        if !targets.insert(key) {
            return Err(invalid(
                format!("{p}.instance_id"),
                "this target already holds another EIP",
            ));
        }
    }
    for (i, h) in r.havips.iter().enumerate() {
        for (j, m) in h.members.iter().enumerate() {
            let found = if h.member_type.as_deref() == Some("NetworkInterface") {
                snapshot.find_eni(m).map(|(reg, _)| reg)
            } else {
                snapshot.find_instance(m).map(|(reg, _)| reg)
            };
            if found != Some(region) {
                return Err(invalid(
                    format!("{path}.havips[{i}].members[{j}]"),
                    format!("no {m:?} in region {region}"),
                ));
            }
        }
    }
    for (i, g) in r.ga_instances.iter().enumerate() {
        if let Some(b) = &g.backend {
            let found = if b.server_type == "SlbInstance" {
                snapshot.find_slb(&b.server_id).map(|(reg, _)| reg)
            } else {
                snapshot.find_instance(&b.server_id).map(|(reg, _)| reg)
            };
            if found != Some(b.region_id.as_str()) {
                return Err(invalid(
                    format!("{path}.ga_instances[{i}].backend.server_id"),
                    format!(
                        "no {} {:?} in region {}",
                        b.server_type, b.server_id, b.region_id
                    ),
                ));
            }
        }
        for (j, id) in g.eip_ids.iter().enumerate() {
            if snapshot.find_eip(id).map(|(reg, _)| reg) != Some(region) {
                return Err(invalid(
                    format!("{path}.ga_instances[{i}].eip_ids[{j}]"),
                    format!("no EIP {id:?} in region {region}"),
                ));
            }
        }
    }
    for (i, g) in r.scaling_groups.iter().enumerate() {
        let p = format!("{path}.scaling_groups[{i}]");
        for (j, m) in g.members.iter().enumerate() {
            if snapshot.find_instance(&m.instance_id).map(|(reg, _)| reg) != Some(region) {
                return Err(invalid(
                    format!("{p}.members[{j}].instance_id"),
                    format!("no instance {:?} in region {region}", m.instance_id),
                ));
            }
        }
        for (j, lb) in g.load_balancer_ids.iter().enumerate() {
            if snapshot.find_slb(lb).map(|(reg, _)| reg) != Some(region) {
                return Err(invalid(
                    format!("{p}.load_balancer_ids[{j}]"),
                    format!("no SLB instance {lb:?} in region {region}"),
                ));
            }
        }
        for (j, db) in g.db_instance_ids.iter().enumerate() {
            if snapshot.find_db(db).map(|(reg, _)| reg) != Some(region) {
                return Err(invalid(
                    format!("{p}.db_instance_ids[{j}]"),
                    format!("no DB instance {db:?} in region {region}"),
                ));
            }
        }
    }
    Ok(())
}

fn check_groups_disjoint(cloud: &str, c: &CloudInventory) -> Result<(), FixtureError> {
    let mut configurations = BTreeSet::new();
    for (rname, r) in &c.regions {
        for (i, g) in r.scaling_groups.iter().enumerate() {
            for (k, conf) in g.scaling_configurations.iter().enumerate() {
                if !configurations.insert(conf.id.clone()) {
                    return Err(invalid(
                        format!(
                            "{cloud}.regions.{rname}.scaling_groups[{i}].scaling_configurations[{k}].id"
                        ),
                        format!("duplicate id {:?} (ids are unique per cloud)", conf.id),
                    ));
                }
            }
        }
    }
    let mut seen = BTreeSet::new();
    for (rname, r) in &c.regions {
        for (i, g) in r.scaling_groups.iter().enumerate() {
            for (j, m) in g.members.iter().enumerate() {
                if !seen.insert(m.instance_id.clone()) {
                    return Err(invalid(
                        format!(
                            "{cloud}.regions.{rname}.scaling_groups[{i}].members[{j}].instance_id"
                        ),
                        format!("{:?} is already in another scaling group", m.instance_id),
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_fixtures_are_valid() {
        let inv = example().unwrap();
        assert!(inv.alibaba.regions.contains_key("cn-hangzhou"));
        assert!(inv.tencent.regions.contains_key("ap-guangzhou"));
        assert!(inv.volcengine.regions.contains_key("cn-beijing"));
    }

    #[test]
    fn scaling_configurations_from_the_shorthand_or_declared() {
        let inv = example().unwrap();
        let typed = inv.alibaba.find_group("asg-hztyped").unwrap().1;
        assert_eq!(typed.instance_type, None);
        let active = typed.active_configuration().unwrap();
        assert_eq!(active.id, "asc-asg-hztyped");
        assert_eq!(typed.active_instance_types(), active.instance_types);
        let group = |extra: &str| {
            parse(&format!(
                r#"{{"alibaba":{{"regions":{{"cn-hangzhou":{{"scaling_groups":[{{"id":"asg-1","min_size":0,"max_size":2{extra}}}]}}}}}}}}"#
            ))
        };
        let two = group(
            r#","scaling_configurations":[{"id":"asc-a","instance_types":["t1"]},{"id":"asc-b","instance_types":["t2","t3"],"lifecycle_state":"Active"}]"#,
        )
        .unwrap();
        let g = two.alibaba.find_group("asg-1").unwrap().1;
        assert_eq!(
            g.active_instance_types(),
            vec!["t2".to_string(), "t3".to_string()]
        );
        assert_eq!(g.scaling_configurations[0].lifecycle_state, "Inactive");
        let both = group(r#","instance_type":"t1","scaling_configurations":[{"id":"asc-a","instance_types":["t1"]}]"#)
            .unwrap_err()
            .to_string();
        assert!(both.contains("scaling_groups[0].instance_type"), "{both}");
        let two_active = group(
            r#","scaling_configurations":[{"id":"asc-a","instance_types":["t1"],"lifecycle_state":"Active"},{"id":"asc-b","instance_types":["t2"],"lifecycle_state":"Active"}]"#,
        )
        .unwrap_err()
        .to_string();
        assert!(two_active.contains("at most one"), "{two_active}");
        let untyped = group(r#","scaling_configurations":[{"id":"asc-a","instance_types":[]}]"#)
            .unwrap_err()
            .to_string();
        assert!(untyped.contains("instance_types"), "{untyped}");
    }

    #[test]
    fn volcengine_instances_get_a_primary_eni() {
        let inv = example().unwrap();
        let (_, eni) = inv.volcengine.find_eni("eni-bjapp001-primary").unwrap();
        assert!(eni.primary);
        assert_eq!(eni.instance_id.as_deref(), Some("i-bjapp001"));
        let inst = inv.volcengine.find_instance("i-bjapp001").unwrap().1;
        assert_eq!(eni.subnet_id, inst.subnet_id);
        assert_eq!(eni.private_ips, vec![inst.private_ip.clone()]);
        assert_eq!(eni.status, "InUse");
        // Other clouds keep exactly the ENIs they declare.
        assert!(inv.alibaba.find_eni("eni-hzapp002-primary").is_none());
        let taken = parse(
            r#"{"volcengine":{"regions":{"cn-beijing":{"instances":[{"id":"i-x","vpc_id":"v","subnet_id":"s","private_ip":"10.0.0.1"},{"id":"i-y","vpc_id":"v","subnet_id":"s","private_ip":"10.0.0.2"}],"network_interfaces":[{"id":"eni-x-primary","instance_id":"i-y","private_ips":["10.0.0.9"]}]}}}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(taken.contains("instances[0].id"), "{taken}");
        let elsewhere = parse(
            r#"{"volcengine":{"regions":{"cn-beijing":{"instances":[{"id":"i-x","vpc_id":"v","subnet_id":"s","private_ip":"10.0.0.1"}],"network_interfaces":[{"id":"eni-p","instance_id":"i-x","primary":true,"subnet_id":"other","private_ips":["10.0.0.1"]}]}}}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(
            elsewhere.contains("network_interfaces[0].subnet_id"),
            "{elsewhere}"
        );
    }

    #[test]
    fn unknown_keys_name_their_path() {
        let e = parse(r#"{"alibaba":{"regions":{"cn-hangzhou":{"eips":[{"id":"eip-1","ip":"1.2.3.4","statuss":"x"}]}}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("alibaba.regions.cn-hangzhou.eips[0]"), "{e}");
        assert!(e.contains("statuss"), "{e}");
    }
}
