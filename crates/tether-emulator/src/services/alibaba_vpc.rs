//! Alibaba Cloud VPC 2016-04-28: AssociateEipAddress, DescribeEipAddresses,
//! UnassociateEipAddress, AssociateGlobalAccelerationInstance,
//! DescribeGlobalAccelerationInstances, UnassociateGlobalAccelerationInstance, and the reads
//! of what an EIP binds to: DescribeNatGateways, DescribeHaVips, DescribeVpcs (the VPCs are
//! those the region's resources name, plus its `default_vpcs`).
//!
//! EIPs go `Available → Associating → InUse` and `InUse → Unassociating → Available`; GA
//! instances `Available → Associating → InUse` and back, one backend each. Every error of
//! the seeds is produced from `tether_wire::constraints::alibaba_vpc`.

use tether_wire::api::alibaba_vpc::{
    AssociateEipAddressRequest, AssociateGlobalAccelerationInstanceRequest, BackendServer,
    DescribeEipAddressesRequest, DescribeEipAddressesResponse,
    DescribeGlobalAccelerationInstancesRequest, DescribeGlobalAccelerationInstancesResponse,
    EipAddress, GlobalAccelerationInstance, LockReason, PublicIpAddress, RequestIdResponse,
    UnassociateEipAddressRequest, UnassociateGlobalAccelerationInstanceRequest,
    DESCRIBE_EIP_ADDRESSES_PAGE, DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE,
};
use tether_wire::api::alibaba_vpc::{
    DescribeHaVipsRequest, DescribeHaVipsResponse, DescribeNatGatewaysRequest,
    DescribeNatGatewaysResponse, DescribeVpcsRequest, DescribeVpcsResponse, HaVip as WireHaVip,
    NatGateway as WireNat, Vpc, DESCRIBE_VPC_RESOURCES_PAGE, HA_VIP_FILTER_KEYS,
};
use tether_wire::api::Paginated;
use tether_wire::cloud::Cloud;
use tether_wire::constraints::alibaba_vpc as err;
use tether_wire::constraints::eip_association::{ALIBABA_INSTANCE_TYPES, ALIBABA_MODES};
use tether_wire::constraints::ga_backend;

use super::alibaba_ecs::dry_run;
use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{is_ipv4, page, Call, Outcome};
use crate::state::{
    derived_ga_status, derived_havip_status, status, CloudInventory, Eip, EipBinding, GaBackend,
    GaInstance, HaVip, Inventory, NatGateway, Pending, PendingKind, Region, World,
};

const CLOUD: Cloud = Cloud::Alibaba;
const CREATED_AT: &str = "2024-01-01T00:00:00Z";

/// The actions Alibaba VPC answers, and its transitions (EIPs, GA backends).
pub const SERVICE: Service = Service {
    routes: &[
        Route::write::<AssociateEipAddressRequest>(associate_eip),
        Route::read::<DescribeEipAddressesRequest>(describe_eips),
        Route::write::<UnassociateEipAddressRequest>(unassociate_eip),
        Route::write::<AssociateGlobalAccelerationInstanceRequest>(associate_ga),
        Route::read::<DescribeGlobalAccelerationInstancesRequest>(describe_ga),
        Route::write::<UnassociateGlobalAccelerationInstanceRequest>(unassociate_ga),
        Route::read::<DescribeNatGatewaysRequest>(describe_nat_gateways),
        Route::read::<DescribeHaVipsRequest>(describe_havips),
        Route::read::<DescribeVpcsRequest>(describe_vpcs),
    ],
    settle: &[settle_eips, settle_ga],
};

fn settle_eips(inv: &mut Inventory, now_ms: u64) -> bool {
    crate::state::settle_eips(inv, CLOUD, now_ms)
}

fn settle_ga(inv: &mut Inventory, now_ms: u64) -> bool {
    crate::state::settle_ga(&mut inv.alibaba, now_ms)
}

fn missing(name: &str) -> Failure {
    Failure::new(
        400,
        "MissingParameter",
        format!(
            "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
        ),
    )
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::with_message(err::INVALID_PARAMETER, message)
}

/// Whether some EIP of the cloud is bound (or being bound) to this target.
fn eip_holds(inv: &CloudInventory, instance_type: &str, id: &str, ip: Option<&str>) -> bool {
    inv.all_eips().any(|(_, e)| {
        e.binding.as_ref().is_some_and(|b| {
            b.instance_type == instance_type
                && b.instance_id == id
                && ip.is_none_or(|ip| b.private_ip_address.as_deref() == Some(ip))
        })
    })
}

/// Whether the server is the backend of some GA instance.
fn ga_holds(inv: &CloudInventory, server_id: &str) -> bool {
    inv.regions.values().any(|r| {
        r.ga_instances
            .iter()
            .any(|g| g.backend.as_ref().is_some_and(|b| b.server_id == server_id))
    })
}

fn region_mismatch(found: &str, wanted: &str) -> Result<(), Failure> {
    if found == wanted {
        Ok(())
    } else {
        Err(err::INVALID_PARAMETER_MISMATCH.into())
    }
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
        "EcsInstance" => {
            let Some((r, inst)) = inv.find_instance(id) else {
                return Err(err::INVALID_INSTANCE_ID_NOT_FOUND.into());
            };
            region_mismatch(r, target_region)?;
            if inst.foreign_owner {
                return Err(err::BIND_INSTANCE_OWENER_ERROR.into());
            }
            if inst.network_type != "vpc" {
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
            if eip_holds(inv, "EcsInstance", id, None) || ga_holds(inv, id) {
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
        "SlbInstance" => {
            let Some((r, slb)) = inv.find_slb(id) else {
                return Err(err::INVALID_PARAMS_NOT_FOUND.into());
            };
            region_mismatch(r, target_region)?;
            if slb.network_type != "vpc" {
                return Err(err::OPERATION_DENIED_NOT_IN_VPC.into());
            }
            if slb.status != "active" {
                return Err(err::INCORRECT_INSTANCE_STATUS.into());
            }
            if eip_holds(inv, "SlbInstance", id, None) || ga_holds(inv, id) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            Ok((None, Some(slb.vpc_id.clone())))
        }
        "Nat" => {
            let Some((r, nat)) = inv.find_nat(id) else {
                return Err(err::INVALID_PARAMS_NOT_FOUND.into());
            };
            region_mismatch(r, target_region)?;
            if nat.status != "Available" {
                return Err(err::INCORRECT_INSTANCE_STATUS.into());
            }
            Ok((None, Some(nat.vpc_id.clone())))
        }
        "NetworkInterface" => {
            let Some((r, eni)) = inv.find_eni(id) else {
                return Err(err::INVALID_PARAMS_NOT_FOUND.into());
            };
            region_mismatch(r, target_region)?;
            if eni.status != "InUse" && eni.status != "Available" {
                return Err(err::INCORRECT_INSTANCE_STATUS.into());
            }
            let mode = req.mode.as_deref().unwrap_or("NAT");
            if mode != "NAT" && eni.primary {
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
            if eip_holds(inv, "NetworkInterface", id, Some(&ip)) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            Ok((Some(ip), Some(eni.vpc_id.clone())))
        }
        "HaVip" => {
            let Some((r, havip)) = inv.find_havip(id) else {
                return Err(err::INVALID_PARAMS_NOT_FOUND.into());
            };
            region_mismatch(r, target_region)?;
            let st = crate::state::derived_havip_status(havip);
            if st != "Available" && st != "InUse" {
                return Err(err::INCORRECT_HAVIP_STATUS.into());
            }
            if eip_holds(inv, "HaVip", id, None) {
                return Err(err::INVALID_ASSOCIATION_DUPLICATED.into());
            }
            Ok((Some(havip.ip.clone()), Some(havip.vpc_id.clone())))
        }
        // IpAddress
        _ => {
            let vpc = req.vpc_id.clone().ok_or_else(|| missing("VpcId"))?;
            let ip = req
                .private_ip_address
                .clone()
                .ok_or_else(|| missing("PrivateIpAddress"))?;
            if eip_holds(inv, "IpAddress", id, Some(&ip)) {
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
        .unwrap_or_else(|| "EcsInstance".to_string());
    if !ALIBABA_INSTANCE_TYPES.allows(&instance_type) {
        return Err(ALIBABA_INSTANCE_TYPES.error.into());
    }
    if let Some(mode) = &req.mode {
        if !ALIBABA_MODES.allows(mode) {
            return Err(invalid(format!("The specified Mode {mode} is not valid.")));
        }
        if instance_type != "NetworkInterface" {
            return Err(invalid(
                "Mode can only be specified when InstanceType is NetworkInterface.",
            ));
        }
    }
    if let Some(ip) = &req.private_ip_address {
        if !is_ipv4(ip) {
            return Err(invalid(format!(
                "The specified PrivateIpAddress {ip} is not a valid IPv4 address."
            )));
        }
    }
    if let Some(token) = &req.client_token {
        if !crate::idempotency::token_is_valid(token) {
            return Err(invalid("The specified ClientToken is malformed."));
        }
    }
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
            r.ga_instances
                .iter()
                .any(|g| g.bandwidth_type == "Sharing" && g.eip_ids.contains(&eip.id))
        });
        if !shared {
            return Err(err::INVALID_PARAMETER_MISMATCH.into());
        }
    }
    let (ip, vpc) = check_target(inv, &req, &instance_type, &target_region)?;
    if req.dry_run == Some(true) {
        return Err(Failure::new(
            400,
            "DryRunOperation",
            "Request validation has been passed with DryRun flag set.",
        ));
    }
    let delay = world.faults.delay_ms(call.action.action);
    let fail = world.faults.draw_async_failure(call.action.action);
    let eip = world
        .inventory
        .alibaba
        .region_mut(region)
        .and_then(|r| r.eips.iter_mut().find(|e| e.id == req.allocation_id))
        .ok_or_else(|| Failure::from(err::INVALID_ALLOCATION_ID_NOT_FOUND))?;
    eip.binding = Some(EipBinding {
        instance_id: req.instance_id.clone(),
        instance_type: instance_type.clone(),
        network_interface_id: None,
        private_ip_address: ip,
        instance_region_id: req.instance_region_id.clone(),
        mode: Some(req.mode.clone().unwrap_or_else(|| "NAT".to_string())),
        vpc_id: vpc,
    });
    eip.status = status::eip_associating(CLOUD).to_string();
    eip.pending = Some(Pending {
        kind: PendingKind::Associate,
        settle_at_ms: call.now_ms + delay,
        fail,
        task_id: None,
    });
    Ok(
        call.encode::<AssociateEipAddressRequest>(&RequestIdResponse {
            request_id: call.request_id.clone(),
        }),
    )
}

/// UnassociateEipAddress.
pub fn unassociate_eip(world: &mut World, call: &Call) -> Outcome {
    let req: UnassociateEipAddressRequest = call.decode()?;
    if let Some(t) = &req.instance_type {
        if !ALIBABA_INSTANCE_TYPES.allows(t) {
            return Err(ALIBABA_INSTANCE_TYPES.error.into());
        }
    }
    if let Some(ip) = &req.private_ip_address {
        if !is_ipv4(ip) {
            return Err(invalid(format!(
                "The specified PrivateIpAddress {ip} is not a valid IPv4 address."
            )));
        }
    }
    if let Some(token) = &req.client_token {
        if !crate::idempotency::token_is_valid(token) {
            return Err(invalid("The specified ClientToken is malformed."));
        }
    }
    let region = req.region_id.as_str();
    let delay = world.faults.delay_ms(call.action.action);
    let eip = world
        .inventory
        .alibaba
        .region_mut(region)
        .and_then(|r| r.eips.iter_mut().find(|e| e.id == req.allocation_id))
        .ok_or_else(|| Failure::from(err::INVALID_ALLOCATION_ID_NOT_FOUND))?;
    if eip.foreign_owner {
        return Err(err::FORBBIDEN.into());
    }
    if eip.pending.is_some() || eip.status != status::eip_bound(CLOUD) {
        return Err(err::INCORRECT_EIP_STATUS.into());
    }
    let Some(binding) = &eip.binding else {
        return Err(err::INCORRECT_EIP_STATUS.into());
    };
    let matches = req
        .instance_id
        .as_ref()
        .is_none_or(|id| *id == binding.instance_id)
        && req
            .instance_type
            .as_ref()
            .is_none_or(|t| *t == binding.instance_type)
        && req
            .private_ip_address
            .as_ref()
            .is_none_or(|ip| binding.private_ip_address.as_ref() == Some(ip));
    if !matches {
        return Err(err::INVALID_BINDING_STATUS.into());
    }
    eip.status = status::eip_unassociating(CLOUD).to_string();
    eip.pending = Some(Pending {
        kind: PendingKind::Unassociate,
        settle_at_ms: call.now_ms + delay,
        fail: false,
        task_id: None,
    });
    Ok(
        call.encode::<UnassociateEipAddressRequest>(&RequestIdResponse {
            request_id: call.request_id.clone(),
        }),
    )
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
    let all: Vec<EipAddress> = inv
        .region(region)
        .map(|r| {
            r.eips
                .iter()
                .map(|e| eip_view(inv, region, e))
                .filter(|v| {
                    (req.allocation_ids.is_empty() || req.allocation_ids.contains(&v.allocation_id))
                        && (req.eip_addresses.is_empty()
                            || req.eip_addresses.contains(&v.ip_address))
                        && req.status.as_ref().is_none_or(|s| *s == v.status)
                        && req
                            .associated_instance_type
                            .as_ref()
                            .is_none_or(|t| *t == v.instance_type)
                        && req
                            .associated_instance_id
                            .as_ref()
                            .is_none_or(|i| *i == v.instance_id)
                        && req.isp.as_ref().is_none_or(|i| *i == v.isp)
                        && req.charge_type.as_ref().is_none_or(|c| *c == v.charge_type)
                        && req.lock_reason.as_ref().is_none_or(|l| {
                            v.operation_locks.items.iter().any(|x| x.lock_reason == *l)
                        })
                        && req.tags.is_empty()
                        && req
                            .segment_instance_id
                            .as_ref()
                            .is_none_or(|s| s.is_empty())
                })
                .collect()
        })
        .unwrap_or_default();
    let (items, page_number, page_size) = page(
        &all,
        req.page_number,
        req.page_size,
        DescribeEipAddressesRequest::PAGE_LIMITS.default_size,
    );
    debug_assert_eq!(
        DescribeEipAddressesRequest::PAGE_LIMITS,
        DESCRIBE_EIP_ADDRESSES_PAGE
    );
    let resp = DescribeEipAddressesResponse {
        request_id: call.request_id.clone(),
        total_count: all.len() as u64,
        page_number,
        page_size,
        eip_addresses: items.into(),
    };
    Ok(call.encode::<DescribeEipAddressesRequest>(&resp))
}

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
        Some(p) if p.kind == PendingKind::Associate => "Associating".into(),
        Some(_) => "Unassociating".into(),
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
        .unwrap_or_else(|| "EcsInstance".to_string());
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
    if st != "Available" && st != "InUse" {
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
    let (found_region, classic) = if server_type == "SlbInstance" {
        inv.find_slb(&req.backend_server_id)
            .map(|(r, s)| (r, s.network_type != "vpc"))
    } else {
        // Another account's instance is not found (the backend must be the caller's), as
        // DescribeInstances does not list it either.
        inv.find_instance(&req.backend_server_id)
            .filter(|(_, i)| !i.foreign_owner)
            .map(|(r, i)| (r, i.network_type != "vpc"))
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
    let now = call.now_ms;
    let ga = find_ga_in(world, &req.region_id, &req.global_acceleration_instance_id)?;
    ga.backend = Some(GaBackend {
        server_id: req.backend_server_id.clone(),
        server_type,
        region_id: req.backend_server_region_id.clone(),
    });
    ga.pending = Some(Pending {
        kind: PendingKind::Associate,
        settle_at_ms: now + delay,
        fail,
        task_id: None,
    });
    Ok(
        call.encode::<AssociateGlobalAccelerationInstanceRequest>(&RequestIdResponse {
            request_id: call.request_id.clone(),
        }),
    )
}

/// UnassociateGlobalAccelerationInstance.
pub fn unassociate_ga(world: &mut World, call: &Call) -> Outcome {
    let req: UnassociateGlobalAccelerationInstanceRequest = call.decode()?;
    if let Some(t) = &req.instance_type {
        if ![
            "RemoteEcsInstance",
            "RemoteSlbInstance",
            "RemoteEniInstance",
        ]
        .contains(&t.as_str())
        {
            return Err(invalid(format!(
                "The specified InstanceType {t} is not valid."
            )));
        }
    }
    let delay = world.faults.delay_ms(call.action.action);
    let now = call.now_ms;
    let ga = find_ga_in(world, &req.region_id, &req.global_acceleration_instance_id)?;
    if ga.pending.is_some() {
        return Err(err::TASK_CONFLICT_ASSOCIATE_GLOBAL_ACCELERATION_INSTANCE.into());
    }
    let st = derived_ga_status(ga);
    if st != "InUse" || ga.backend.is_none() {
        return Err(Failure::with_message(
            err::INCORRECT_GLOBAL_ACCELERATION_INSTANCE_ID_STATUS,
            "Current GlobalAccelerationInstance status does not support this operation: it has no backend server.",
        ));
    }
    ga.pending = Some(Pending {
        kind: PendingKind::Unassociate,
        settle_at_ms: now + delay,
        fail: false,
        task_id: None,
    });
    Ok(
        call.encode::<UnassociateGlobalAccelerationInstanceRequest>(&RequestIdResponse {
            request_id: call.request_id.clone(),
        }),
    )
}

fn ga_view(inv: &CloudInventory, region: &str, g: &GaInstance) -> GlobalAccelerationInstance {
    let backends: Vec<BackendServer> = g
        .backend
        .iter()
        .map(|b| {
            let ip = if b.server_type == "SlbInstance" {
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
        .region(region)
        .map(|r| {
            r.ga_instances
                .iter()
                .map(|g| ga_view(inv, region, g))
                .filter(|v| {
                    req.global_acceleration_instance_id
                        .as_ref()
                        .is_none_or(|id| *id == v.global_acceleration_instance_id)
                        && req.ip_address.as_ref().is_none_or(|ip| *ip == v.ip_address)
                        && req.name.as_ref().is_none_or(|n| *n == v.name)
                        && req
                            .status
                            .as_ref()
                            .is_none_or(|s| s.eq_ignore_ascii_case(&v.status))
                        && req
                            .bandwidth_type
                            .as_ref()
                            .is_none_or(|b| *b == v.bandwidth_type)
                        && req
                            .service_location
                            .as_ref()
                            .is_none_or(|s| *s == v.service_location)
                        && req.server_id.as_ref().is_none_or(|s| {
                            v.backend_servers.items.iter().any(|b| b.server_id == *s)
                        })
                })
                .collect()
        })
        .unwrap_or_default();
    let (items, page_number, page_size) = page(
        &all,
        req.page_number,
        req.page_size,
        DESCRIBE_GLOBAL_ACCELERATION_INSTANCES_PAGE.default_size,
    );
    let resp = DescribeGlobalAccelerationInstancesResponse {
        request_id: call.request_id.clone(),
        total_count: all.len() as u64,
        page_number,
        page_size,
        global_acceleration_instances: items.into(),
    };
    Ok(call.encode::<DescribeGlobalAccelerationInstancesRequest>(&resp))
}

/// One page of `all` (the three reads page alike): items, total, page number and size.
fn listing<T: Clone>(
    all: Vec<T>,
    page_number: Option<u32>,
    page_size: Option<u32>,
) -> (Vec<T>, u64, u64, u64) {
    let (items, number, size) = page(
        &all,
        page_number,
        page_size,
        DESCRIBE_VPC_RESOURCES_PAGE.default_size,
    );
    (items, all.len() as u64, number, size)
}

fn nat_view(region: &str, n: &NatGateway) -> WireNat {
    WireNat {
        nat_gateway_id: n.id.clone(),
        name: n.name.clone(),
        status: n.status.clone(),
        business_status: "Normal".into(),
        vpc_id: n.vpc_id.clone(),
        region_id: region.to_string(),
        network_type: "internet".into(),
        nat_type: "Enhanced".into(),
        spec: "Small".into(),
        instance_charge_type: "PostPaid".into(),
        internet_charge_type: "PayByLcu".into(),
        creation_time: CREATED_AT.into(),
        ..Default::default()
    }
}

/// DescribeNatGateways. A zone filter matches nothing (gateways have no zone here).
pub fn describe_nat_gateways(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeNatGatewaysRequest = call.decode()?;
    dry_run(req.dry_run)?;
    let region = req.region_id.as_str();
    let all: Vec<WireNat> = world
        .inventory
        .alibaba
        .region(region)
        .map(|r| {
            r.nat_gateways
                .iter()
                .map(|n| nat_view(region, n))
                .filter(|v| {
                    req.nat_gateway_id
                        .as_ref()
                        .is_none_or(|x| *x == v.nat_gateway_id)
                        && req.vpc_id.as_ref().is_none_or(|x| *x == v.vpc_id)
                        && req.name.as_ref().is_none_or(|x| *x == v.name)
                        && req.status.as_ref().is_none_or(|x| *x == v.status)
                        && req
                            .network_type
                            .as_ref()
                            .is_none_or(|x| *x == v.network_type)
                        && req.zone_id.is_none()
                })
                .collect()
        })
        .unwrap_or_default();
    let (items, total_count, page_number, page_size) = listing(all, req.page_number, req.page_size);
    Ok(
        call.encode::<DescribeNatGatewaysRequest>(&DescribeNatGatewaysResponse {
            request_id: call.request_id.clone(),
            total_count,
            page_number,
            page_size,
            nat_gateways: items.into(),
        }),
    )
}

fn havip_view(inv: &CloudInventory, region: &str, h: &HaVip) -> WireHaVip {
    let eips: Vec<String> = inv
        .all_eips()
        .filter(|(_, e)| {
            e.binding
                .as_ref()
                .is_some_and(|b| b.instance_type == "HaVip" && b.instance_id == h.id)
        })
        .map(|(_, e)| e.ip.clone())
        .collect();
    WireHaVip {
        ha_vip_id: h.id.clone(),
        ip_address: h.ip.clone(),
        status: derived_havip_status(h),
        vpc_id: h.vpc_id.clone(),
        v_switch_id: h.subnet_id.clone(),
        region_id: region.to_string(),
        name: h.name.clone(),
        associated_instance_type: if h.members.is_empty() {
            String::new()
        } else {
            h.member_type.clone().unwrap_or_default()
        },
        master_instance_id: h.members.first().cloned().unwrap_or_default(),
        associated_instances: h.members.clone().into(),
        associated_eip_addresses: eips.into(),
        create_time: CREATED_AT.into(),
        charge_type: "Free".into(),
        ..Default::default()
    }
}

/// DescribeHaVips: `Filter.N.Key` among `VpcId`, `VSwitchId`, `Status`, `HaVipId`,
/// `HaVipAddress` (another key is `InvalidParameter`); values of one key are ORed.
pub fn describe_havips(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeHaVipsRequest = call.decode()?;
    if let Some(f) = req
        .filters
        .iter()
        .find(|f| !HA_VIP_FILTER_KEYS.contains(&f.key.as_str()))
    {
        return Err(invalid(format!(
            "The specified Filter.N.Key {} is not valid.",
            f.key
        )));
    }
    let inv = &world.inventory.alibaba;
    let region = req.region_id.as_str();
    let all: Vec<WireHaVip> = inv
        .region(region)
        .map(|r| {
            r.havips
                .iter()
                .map(|h| havip_view(inv, region, h))
                .filter(|v| {
                    req.filters.iter().all(|f| {
                        let field = match f.key.as_str() {
                            "VpcId" => &v.vpc_id,
                            "VSwitchId" => &v.v_switch_id,
                            "Status" => &v.status,
                            "HaVipAddress" => &v.ip_address,
                            _ => &v.ha_vip_id,
                        };
                        f.values.iter().any(|x| x == field)
                    }) && req.resource_group_id.is_none()
                })
                .collect()
        })
        .unwrap_or_default();
    let (items, total_count, page_number, page_size) = listing(all, req.page_number, req.page_size);
    Ok(
        call.encode::<DescribeHaVipsRequest>(&DescribeHaVipsResponse {
            request_id: call.request_id.clone(),
            total_count,
            page_number,
            page_size,
            ha_vips: items.into(),
        }),
    )
}

/// The VPCs of a region: its default VPCs, then every VPC its resources name (in the
/// order they first appear), each with the vSwitches and NAT gateways seen in it.
fn vpcs_of(region_name: &str, r: &Region) -> Vec<Vpc> {
    let mut vpcs: Vec<Vpc> = Vec::new();
    let mut note = |vpc_id: &str, vswitch: &str| {
        if vpc_id.is_empty() {
            return;
        }
        let index = match vpcs.iter().position(|v| v.vpc_id == vpc_id) {
            Some(i) => i,
            None => {
                vpcs.push(Vpc {
                    vpc_id: vpc_id.to_string(),
                    status: "Available".into(),
                    is_default: r.default_vpcs.iter().any(|d| d == vpc_id),
                    region_id: region_name.to_string(),
                    v_router_id: format!("vrt-{}", vpc_id.trim_start_matches("vpc-")),
                    creation_time: CREATED_AT.into(),
                    ..Default::default()
                });
                vpcs.len() - 1
            }
        };
        let switches = &mut vpcs[index].v_switch_ids.items;
        if !vswitch.is_empty() && !switches.iter().any(|s| s == vswitch) {
            switches.push(vswitch.to_string());
        }
    };
    for d in &r.default_vpcs {
        note(d, "");
    }
    for i in &r.instances {
        note(&i.vpc_id, &i.subnet_id);
    }
    for e in &r.network_interfaces {
        note(&e.vpc_id, &e.subnet_id);
    }
    for s in &r.slb_instances {
        note(&s.vpc_id, "");
    }
    for h in &r.havips {
        note(&h.vpc_id, &h.subnet_id);
    }
    for g in &r.scaling_groups {
        for v in &g.vswitch_ids {
            note(&g.vpc_id, v);
        }
        note(&g.vpc_id, "");
    }
    for n in &r.nat_gateways {
        note(&n.vpc_id, "");
    }
    for v in &mut vpcs {
        v.nat_gateway_ids = r
            .nat_gateways
            .iter()
            .filter(|n| n.vpc_id == v.vpc_id)
            .map(|n| n.id.clone())
            .collect::<Vec<_>>()
            .into();
    }
    vpcs
}

/// DescribeVpcs. A VPC name filter matches nothing (VPCs have no name here).
pub fn describe_vpcs(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeVpcsRequest = call.decode()?;
    dry_run(req.dry_run)?;
    let all: Vec<Vpc> = world
        .inventory
        .alibaba
        .region(&req.region_id)
        .map(|r| vpcs_of(&req.region_id, r))
        .unwrap_or_default()
        .into_iter()
        .filter(|v| {
            (req.vpc_ids.is_empty() || req.vpc_ids.contains(&v.vpc_id))
                && req.is_default.is_none_or(|d| d == v.is_default)
                && req.vpc_name.is_none()
        })
        .collect();
    let (items, total_count, page_number, page_size) = listing(all, req.page_number, req.page_size);
    Ok(call.encode::<DescribeVpcsRequest>(&DescribeVpcsResponse {
        request_id: call.request_id.clone(),
        total_count,
        page_number,
        page_size,
        vpcs: items.into(),
    }))
}
