//! Alibaba global acceleration instances (legacy VPC API): Associate-, Unassociate- and
//! DescribeGlobalAccelerationInstances, and the settling of their backend transitions.

use super::*;
use tether_wire::api::alibaba_ecs::network_type as ecs_network_type;
use tether_wire::api::alibaba_slb::network_type as slb_network_type;
use tether_wire::api::alibaba_vpc::{ga_server_type, ga_status, ga_unassociate_instance_type};

/// Regions served by a GA service location.
fn service_regions_allow(ga: &GaInstance, region: &str) -> bool {
    if !ga.service_regions.is_empty() {
        return ga.service_regions.iter().any(|r| r == region);
    }
    tether_wire::constraints::ga_backend::service_area(region)
        == Ok(Some(ga.service_location.as_str()))
}

fn ga_display_status(ga: &GaInstance) -> String {
    match &ga.pending {
        Some(p) if p.kind == PendingKind::Associate => ga_status::ASSOCIATING.into(),
        Some(_) => ga_status::UNASSOCIATING.into(),
        None => derived_ga_status(ga),
    }
}

fn find_ga_in<'a>(
    world: &'a mut World,
    region: &str,
    id: &str,
) -> Result<&'a mut GaInstance, Failure> {
    world
        .inventory
        .alibaba
        .region_mut(region)
        .and_then(|r| r.ga_instances.iter_mut().find(|g| g.id == id))
        .ok_or_else(|| err::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND.into())
}

/// AssociateGlobalAccelerationInstance.
pub fn associate_ga(world: &mut World, call: &Call) -> Outcome {
    if !world.inventory.compat.alibaba_legacy_ga_api {
        // The legacy API is gone for this account: the gateway does not know the action.
        return Err(tether_wire::constraints::alibaba_vpc::INVALID_ACTION_NOT_FOUND.into());
    }
    let req: AssociateGlobalAccelerationInstanceRequest = call.decode()?;
    let server_type = req
        .backend_server_type
        .clone()
        .unwrap_or_else(|| ga_server_type::ECS_INSTANCE.to_string());
    if !ga_backend::BACKEND_SERVER_TYPES.allows(&server_type) {
        return Err(ga_backend::BACKEND_SERVER_TYPES.error.into());
    }
    if req.backend_server_region_id == req.region_id {
        return Err(ga_backend::REGION_MUST_DIFFER.into());
    }
    let inv = &world.inventory.alibaba;
    let ga = inv
        .region(&req.region_id)
        .and_then(|r| {
            r.ga_instances
                .iter()
                .find(|g| g.id == req.global_acceleration_instance_id)
        })
        .ok_or_else(|| Failure::from(err::INVALID_GLOBAL_ACCELERATION_INSTANCE_ID_NOT_FOUND))?;
    if ga.pending.is_some() {
        return Err(err::TASK_CONFLICT_ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE.into());
    }
    let st = derived_ga_status(ga);
    if st != ga_status::AVAILABLE && st != ga_status::IN_USE {
        return Err(err::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS.into());
    }
    if ga.bandwidth_type != ga_backend::EXCLUSIVE_BANDWIDTH_TYPE {
        return Err(Failure::with_message(
            err::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS,
            "Current GlobalAccelerationInstance status does not support this operation: only Exclusive (dedicated bandwidth) instances accept a backend server.",
        ));
    }
    if ga.backend.is_some() {
        return Err(ga_backend::BACKENDS_PER_INSTANCE.error.into());
    }
    let (found_region, classic) = if server_type == ga_server_type::SLB_INSTANCE {
        inv.find_slb(&req.backend_server_id)
            .map(|(r, s)| (r, s.network_type != slb_network_type::VPC))
    } else {
        // Another account's instance is not found (the backend must be the caller's), as
        // DescribeInstances does not list it either.
        inv.find_instance(&req.backend_server_id)
            .filter(|(_, i)| !i.foreign_owner)
            .map(|(r, i)| (r, i.network_type != ecs_network_type::VPC))
    }
    .filter(|(r, _)| *r == req.backend_server_region_id)
    .ok_or_else(|| Failure::from(err::INVALID_BACKEND_SERVER_ID_NOT_FOUND))?;
    let _ = found_region;
    if classic {
        return Err(err::INVALID_BACKEND_SERVER_ID_NOT_IN_VPC.into());
    }
    if !service_regions_allow(ga, &req.backend_server_region_id) {
        return Err(invalid(format!(
            "The specified BackendServerRegionId {} is not in the service location {} of the GlobalAccelerationInstance.",
            req.backend_server_region_id, ga.service_location
        )));
    }
    let delay = world.faults.delay_ms(call.action.action);
    let fail = world.faults.draw_async_failure(call.action.action);
    let ga = find_ga_in(world, &req.region_id, &req.global_acceleration_instance_id)?;
    ga.backend = Some(GaBackend {
        server_id: req.backend_server_id.clone(),
        server_type,
        region_id: req.backend_server_region_id.clone(),
    });
    ga.pending = Some(transition(PendingKind::Associate, call, delay, fail));
    Ok(accepted::<AssociateGlobalAccelerationInstanceRequest>(call))
}

/// UnassociateGlobalAccelerationInstance.
pub fn unassociate_ga(world: &mut World, call: &Call) -> Outcome {
    let req: UnassociateGlobalAccelerationInstanceRequest = call.decode()?;
    if let Some(t) = &req.instance_type {
        if !ga_unassociate_instance_type::ALL.contains(&t.as_str()) {
            return Err(invalid(format!(
                "The specified InstanceType {t} is not valid."
            )));
        }
    }
    let delay = world.faults.delay_ms(call.action.action);
    let ga = find_ga_in(world, &req.region_id, &req.global_acceleration_instance_id)?;
    if ga.pending.is_some() {
        return Err(err::TASK_CONFLICT_ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE.into());
    }
    let st = derived_ga_status(ga);
    if st != ga_status::IN_USE || ga.backend.is_none() {
        return Err(Failure::with_message(
            err::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS,
            "Current GlobalAccelerationInstance status does not support this operation: it has no backend server.",
        ));
    }
    ga.pending = Some(transition(PendingKind::Unassociate, call, delay, false));
    Ok(accepted::<UnassociateGlobalAccelerationInstanceRequest>(
        call,
    ))
}

fn ga_view(inv: &CloudInventory, region: &str, g: &GaInstance) -> GlobalAccelerationInstance {
    let backends: Vec<BackendServer> = g
        .backend
        .iter()
        .map(|b| {
            let ip = if b.server_type == ga_server_type::SLB_INSTANCE {
                inv.find_slb(&b.server_id)
                    .map(|(_, s)| s.address.clone())
                    .unwrap_or_default()
            } else {
                inv.find_instance(&b.server_id)
                    .map(|(_, i)| i.private_ip.clone())
                    .unwrap_or_default()
            };
            BackendServer {
                server_id: b.server_id.clone(),
                server_ip_address: ip,
                server_type: b.server_type.clone(),
                region_id: b.region_id.clone(),
            }
        })
        .collect();
    let public: Vec<PublicIpAddress> = if g.eip_ids.is_empty() {
        vec![PublicIpAddress {
            allocation_id: String::new(),
            ip_address: g.ip.clone(),
        }]
    } else {
        g.eip_ids
            .iter()
            .map(|id| PublicIpAddress {
                allocation_id: id.clone(),
                ip_address: inv
                    .find_eip(id)
                    .map(|(_, e)| e.ip.clone())
                    .unwrap_or_default(),
            })
            .collect()
    };
    GlobalAccelerationInstance {
        global_acceleration_instance_id: g.id.clone(),
        status: ga_display_status(g),
        ip_address: g.ip.clone(),
        region_id: region.to_string(),
        service_location: g.service_location.clone(),
        acceleration_location: g.service_location.clone(),
        bandwidth_type: g.bandwidth_type.clone(),
        bandwidth: g.bandwidth.to_string(),
        charge_type: "PrePaid".into(),
        internet_charge_type: "PayByBandwidth".into(),
        creation_time: CREATED_AT.into(),
        expired_time: "2099-01-01T00:00:00Z".into(),
        name: g.name.clone(),
        has_reservation_data: "false".into(),
        public_ip_addresses: public.into(),
        backend_servers: backends.into(),
        ..Default::default()
    }
}

/// DescribeGlobalAccelerationInstances.
pub fn describe_ga(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeGlobalAccelerationInstancesRequest = call.decode()?;
    let inv = &world.inventory.alibaba;
    let region = req.region_id.as_str();
    let all: Vec<GlobalAccelerationInstance> = inv
        .region_items(region, |r| &r.ga_instances)
        .iter()
        .map(|g| ga_view(inv, region, g))
        .filter(|v| {
            // Besides the declared filters: the status filter ignores case; a server filter
            // matches the instances that have that backend server.
            passes!(req, v {
                equal: global_acceleration_instance_id, ip_address, name;
                equal: bandwidth_type, service_location;
            }) && req
                .status
                .as_ref()
                .is_none_or(|s| s.eq_ignore_ascii_case(&v.status))
                && req
                    .server_id
                    .as_ref()
                    .is_none_or(|s| v.backend_servers.items.iter().any(|b| b.server_id == *s))
        })
        .collect();
    Ok(call.numbered_answer(&req, &all))
}

/// Settles the GA backend transitions that are due: an association whose server vanished
/// (or was marked to fail) ends without a backend.
pub(super) fn settle(cloud: &mut CloudInventory, now_ms: u64) -> bool {
    let mut outcomes: Vec<(String, bool)> = Vec::new();
    for region in cloud.regions.values() {
        for ga in &region.ga_instances {
            let Some(p) = ga.pending.as_ref().filter(|p| p.is_due(now_ms)) else {
                continue;
            };
            // `ok` matters only for an association: the step below drops the backend after
            // any unassociation.
            let ok = p.succeeds(|| {
                ga.backend.as_ref().is_some_and(|b| {
                    cloud.region_of_target(&b.server_type, &b.server_id)
                        == Some(b.region_id.as_str())
                })
            });
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
