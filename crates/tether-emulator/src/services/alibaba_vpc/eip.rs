//! Alibaba EIPs: AssociateEipAddress (every target kind and its checks),
//! UnassociateEipAddress and DescribeEipAddresses; the `Associating`/`Unassociating`
//! transitions settle in `services::eip_transitions`.

use super::*;
use crate::state::Located;
use tether_wire::api::alibaba_ecs::network_type as ecs_network_type;
use tether_wire::api::alibaba_slb::{load_balancer_status, network_type as slb_network_type};
use tether_wire::api::alibaba_vpc::{
    eip_instance_type, eip_mode, ha_vip_status, nat_gateway_status,
};
use tether_wire::constraints::eip_association;

/// The EIP `id` of `region`, to change (`InvalidAllocationId.NotFound` when missing).
fn find_eip_in<'a>(world: &'a mut World, region: &str, id: &str) -> Result<&'a mut Eip, Failure> {
    world
        .inventory
        .alibaba
        .region_mut(region)
        .and_then(|r| r.eips.iter_mut().find(|e| e.id == id))
        .ok_or_else(|| err::INVALID_ALLOCATION_ID_NOT_FOUND.into())
}

/// The target a finder found, refused with `InvalidParams.NotFound` when missing and with
/// `InvalidParameter.Mismatch` when it is not in `target_region`.
fn target_in_region<'a, T>(
    found: Option<Located<'a, T>>,
    target_region: &str,
) -> Result<&'a T, Failure> {
    let Some((region, target)) = found else {
        return Err(err::INVALID_PARAMS_NOT_FOUND.into());
    };
    region_mismatch(region, target_region)?;
    Ok(target)
}

/// Checks the target of an association; returns `(private ip, vpc id)` to record.
fn check_target(
    inv: &CloudInventory,
    req: &AssociateEipAddressRequest,
    instance_type: &str,
    target_region: &str,
) -> Result<(Option<String>, Option<String>), Failure> {
    let id = req.instance_id.as_str();
    match instance_type {
        eip_instance_type::ECS_INSTANCE => {
            let Some((r, inst)) = inv.find_instance(id) else {
                return Err(err::INVALID_INSTANCE_ID_NOT_FOUND.into());
            };
            region_mismatch(r, target_region)?;
            if inst.foreign_owner {
                return Err(err::BIND_INSTANCE_OWENER_ERROR.into());
            }
            if inst.network_type != ecs_network_type::VPC {
                return Err(err::OPERATION_DENIED_NOT_IN_VPC.into());
            }
            if inv
                .region(r)
                .is_some_and(|reg| reg.default_vpcs.contains(&inst.vpc_id))
            {
                return Err(err::OPERATION_DENIED_DEFAULT_VPC.into());
            }
            if inst.status != status::running(CLOUD) {
                return Err(err::INCORRECT_INSTANCE_STATUS.into());
            }
            if inst.public_ip.is_some() {
                return Err(err::BIND_INSTANCE_HAVE_PORTMAP_OR_BIND_EIP.into());
            }
            if eip_holds(inv, eip_instance_type::ECS_INSTANCE, id, None) || ga_holds(inv, id) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            if let Some(ip) = &req.private_ip_address {
                let on_instance = *ip == inst.private_ip
                    || inv.regions.values().any(|reg| {
                        reg.network_interfaces.iter().any(|e| {
                            e.instance_id.as_deref() == Some(id) && e.private_ips.contains(ip)
                        })
                    });
                if !on_instance {
                    return Err(invalid(format!(
                        "The specified PrivateIpAddress {ip} does not belong to instance {id}."
                    )));
                }
            }
            Ok((
                Some(
                    req.private_ip_address
                        .clone()
                        .unwrap_or_else(|| inst.private_ip.clone()),
                ),
                Some(inst.vpc_id.clone()),
            ))
        }
        eip_instance_type::SLB_INSTANCE => {
            let slb = target_in_region(inv.find_slb(id), target_region)?;
            if slb.network_type != slb_network_type::VPC {
                return Err(err::OPERATION_DENIED_NOT_IN_VPC.into());
            }
            if slb.status != load_balancer_status::ACTIVE {
                return Err(err::INCORRECT_INSTANCE_STATUS.into());
            }
            if eip_holds(inv, eip_instance_type::SLB_INSTANCE, id, None) || ga_holds(inv, id) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            Ok((None, Some(slb.vpc_id.clone())))
        }
        eip_instance_type::NAT => {
            let nat = target_in_region(inv.find_nat(id), target_region)?;
            if nat.status != nat_gateway_status::AVAILABLE {
                return Err(err::INCORRECT_INSTANCE_STATUS.into());
            }
            Ok((None, Some(nat.vpc_id.clone())))
        }
        eip_instance_type::NETWORK_INTERFACE => {
            let eni = target_in_region(inv.find_eni(id), target_region)?;
            if eni.status != status::eni::IN_USE && eni.status != status::eni::AVAILABLE {
                return Err(err::INCORRECT_INSTANCE_STATUS.into());
            }
            let mode = req.mode.as_deref().unwrap_or(eip_mode::NAT);
            if mode != eip_mode::NAT && eni.primary {
                return Err(err::INVALID_BINDING_STATUS.into());
            }
            let ip = match &req.private_ip_address {
                Some(ip) if !eni.private_ips.contains(ip) => {
                    return Err(invalid(format!(
                        "The specified PrivateIpAddress {ip} does not belong to network interface {id}."
                    )))
                }
                Some(ip) => ip.clone(),
                None => eni.private_ips.first().cloned().unwrap_or_default(),
            };
            if eip_holds(inv, eip_instance_type::NETWORK_INTERFACE, id, Some(&ip)) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            Ok((Some(ip), Some(eni.vpc_id.clone())))
        }
        eip_instance_type::HA_VIP => {
            let havip = target_in_region(inv.find_havip(id), target_region)?;
            let st = crate::state::derived_havip_status(havip);
            if st != ha_vip_status::AVAILABLE && st != ha_vip_status::IN_USE {
                return Err(err::INCORRECT_HAVIP_STATUS.into());
            }
            if eip_holds(inv, eip_instance_type::HA_VIP, id, None) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            Ok((Some(havip.ip.clone()), Some(havip.vpc_id.clone())))
        }
        // IpAddress
        _ => {
            let vpc = req
                .vpc_id
                .clone()
                .ok_or_else(|| Failure::missing_parameter(CLOUD, "VpcId"))?;
            let ip = req
                .private_ip_address
                .clone()
                .ok_or_else(|| Failure::missing_parameter(CLOUD, "PrivateIpAddress"))?;
            if eip_holds(inv, eip_instance_type::IP_ADDRESS, id, Some(&ip)) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            Ok((Some(ip), Some(vpc)))
        }
    }
}

/// AssociateEipAddress.
pub fn associate_eip(world: &mut World, call: &Call) -> Outcome {
    let req: AssociateEipAddressRequest = call.decode()?;
    let instance_type = req
        .instance_type
        .clone()
        .unwrap_or_else(|| eip_instance_type::ECS_INSTANCE.to_string());
    if !ALIBABA_INSTANCE_TYPES.allows(&instance_type) {
        return Err(ALIBABA_INSTANCE_TYPES.error.into());
    }
    if let Some(mode) = &req.mode {
        if !ALIBABA_MODES.allows(mode) {
            return Err(invalid(format!("The specified Mode {mode} is not valid.")));
        }
        if instance_type != eip_instance_type::NETWORK_INTERFACE {
            return Err(invalid(
                "Mode can only be specified when InstanceType is NetworkInterface.",
            ));
        }
    }
    check_private_ip(req.private_ip_address.as_deref())?;
    check_client_token(req.client_token.as_deref())?;
    let inv = &world.inventory.alibaba;
    let region = req.region_id.as_str();
    let Some(eip) = inv
        .region(region)
        .and_then(|r| r.eips.iter().find(|e| e.id == req.allocation_id))
    else {
        return Err(err::INVALID_ALLOCATION_ID_NOT_FOUND.into());
    };
    if eip.foreign_owner {
        return Err(err::FORBBIDEN.into());
    }
    if eip.pending.is_some()
        || eip.status != status::eip_free(CLOUD)
        || eip.binding.is_some()
        || eip.blocked
        || eip.arrears
    {
        return Err(err::INCORRECT_EIP_STATUS.into());
    }
    let target_region = req
        .instance_region_id
        .clone()
        .unwrap_or_else(|| region.to_string());
    if target_region != region {
        // Only an EIP added to a shared-bandwidth GA instance binds across regions.
        let shared = inv.region(region).is_some_and(|r| {
            r.ga_instances.iter().any(|g| {
                g.bandwidth_type == eip_association::ALIBABA_CROSS_REGION_GA_BANDWIDTH
                    && g.eip_ids.contains(&eip.id)
            })
        });
        if !shared {
            return Err(err::INVALID_PARAMETER_MISMATCH.into());
        }
    }
    let (ip, vpc) = check_target(inv, &req, &instance_type, &target_region)?;
    dry_run(req.dry_run)?;
    let delay = world.faults.delay_ms(call.action.action);
    let fail = world.faults.draw_async_failure(call.action.action);
    let eip = find_eip_in(world, region, &req.allocation_id)?;
    eip.binding = Some(EipBinding {
        instance_id: req.instance_id.clone(),
        instance_type: instance_type.clone(),
        network_interface_id: None,
        private_ip_address: ip,
        instance_region_id: req.instance_region_id.clone(),
        mode: Some(
            req.mode
                .clone()
                .unwrap_or_else(|| eip_mode::NAT.to_string()),
        ),
        vpc_id: vpc,
    });
    eip.status = status::eip_associating(CLOUD).to_string();
    eip.pending = Some(transition(PendingKind::Associate, call, delay, fail));
    Ok(accepted::<AssociateEipAddressRequest>(call))
}

/// UnassociateEipAddress.
pub fn unassociate_eip(world: &mut World, call: &Call) -> Outcome {
    let req: UnassociateEipAddressRequest = call.decode()?;
    if let Some(t) = &req.instance_type {
        if !ALIBABA_INSTANCE_TYPES.allows(t) {
            return Err(ALIBABA_INSTANCE_TYPES.error.into());
        }
    }
    check_private_ip(req.private_ip_address.as_deref())?;
    check_client_token(req.client_token.as_deref())?;
    let region = req.region_id.as_str();
    let delay = world.faults.delay_ms(call.action.action);
    let eip = find_eip_in(world, region, &req.allocation_id)?;
    if eip.foreign_owner {
        return Err(err::FORBBIDEN.into());
    }
    if eip.pending.is_some() || eip.status != status::eip_bound(CLOUD) {
        return Err(err::INCORRECT_EIP_STATUS.into());
    }
    let Some(binding) = &eip.binding else {
        return Err(err::INCORRECT_EIP_STATUS.into());
    };
    let matches = unset_or_equal(&req.instance_id, &binding.instance_id)
        && unset_or_equal(&req.instance_type, &binding.instance_type)
        && req
            .private_ip_address
            .as_ref()
            .is_none_or(|ip| binding.private_ip_address.as_ref() == Some(ip));
    if !matches {
        return Err(err::INVALID_BINDING_STATUS.into());
    }
    eip.status = status::eip_unassociating(CLOUD).to_string();
    eip.pending = Some(transition(PendingKind::Unassociate, call, delay, false));
    Ok(accepted::<UnassociateEipAddressRequest>(call))
}

fn eip_view(inv: &CloudInventory, region: &str, e: &Eip) -> EipAddress {
    let b = e.binding.as_ref();
    let mut locks = Vec::new();
    if e.arrears {
        locks.push(LockReason {
            lock_reason: "financial".into(),
        });
    }
    if e.blocked {
        locks.push(LockReason {
            lock_reason: "security".into(),
        });
    }
    let _ = inv;
    EipAddress {
        allocation_id: e.id.clone(),
        ip_address: e.ip.clone(),
        status: e.status.clone(),
        instance_id: b.map(|b| b.instance_id.clone()).unwrap_or_default(),
        instance_type: b.map(|b| b.instance_type.clone()).unwrap_or_default(),
        instance_region_id: b
            .map(|b| {
                b.instance_region_id
                    .clone()
                    .unwrap_or_else(|| region.to_string())
            })
            .unwrap_or_default(),
        mode: b.and_then(|b| b.mode.clone()).unwrap_or_default(),
        private_ip_address: b
            .and_then(|b| b.private_ip_address.clone())
            .unwrap_or_default(),
        vpc_id: b.and_then(|b| b.vpc_id.clone()).unwrap_or_default(),
        region_id: region.to_string(),
        bandwidth: e.bandwidth.to_string(),
        eip_bandwidth: e.bandwidth.to_string(),
        charge_type: "PostPaid".into(),
        internet_charge_type: "PayByTraffic".into(),
        business_status: if e.arrears {
            "FinancialLocked".into()
        } else {
            "Normal".into()
        },
        operation_locks: locks.into(),
        name: e.name.clone(),
        isp: "BGP".into(),
        netmode: "public".into(),
        allocation_time: CREATED_AT.into(),
        hd_monitor_status: "OFF".into(),
        has_reservation_data: "false".into(),
        ..Default::default()
    }
}

/// DescribeEipAddresses.
pub fn describe_eips(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeEipAddressesRequest = call.decode()?;
    let inv = &world.inventory.alibaba;
    let region = req.region_id.as_str();
    // The ID and status filters read the stored EIP; the others need its view. Without
    // those, only the page asked for is viewed (a refresh lists tens of thousands of EIPs
    // a page at a time).
    let candidates: Vec<&Eip> = inv
        .region_items(region, |r| &r.eips)
        .iter()
        .filter(|e| {
            passes!(req, e {
                listed: allocation_ids => e.id;
                equal: status;
            })
        })
        .collect();
    let view_filters = !req.eip_addresses.is_empty()
        || req.associated_instance_type.is_some()
        || req.associated_instance_id.is_some()
        || req.isp.is_some()
        || req.charge_type.is_some()
        || req.lock_reason.is_some()
        || !req.tags.is_empty()
        || req
            .segment_instance_id
            .as_ref()
            .is_some_and(|s| !s.is_empty());
    let matching: Vec<&Eip> = if view_filters {
        candidates
            .into_iter()
            .filter(|e| {
                let v = eip_view(inv, region, e);
                // Besides the declared filters: a lock reason filter matches an EIP locked for
                // that reason, and an empty segment instance filter is as good as none.
                passes!(req, v {
                    listed: eip_addresses => v.ip_address;
                    equal: associated_instance_type => v.instance_type;
                    equal: associated_instance_id => v.instance_id;
                    equal: isp, charge_type;
                    unsupported: tags;
                }) && req
                    .lock_reason
                    .as_ref()
                    .is_none_or(|l| v.operation_locks.items.iter().any(|x| x.lock_reason == *l))
                    && req
                        .segment_instance_id
                        .as_ref()
                        .is_none_or(|s| s.is_empty())
            })
            .collect()
    } else {
        candidates
    };
    let listing = requested_numbered_page(&matching, &req).map_items(|e| eip_view(inv, region, e));
    let answer = DescribeEipAddressesRequest::answer(call.request_id.clone(), listing);
    Ok(call.encode::<DescribeEipAddressesRequest>(&answer))
}
