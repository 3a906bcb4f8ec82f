//! Tencent Cloud VPC 2017-03-12 (API 3.0): AssociateAddress, DescribeAddresses,
//! DisassociateAddress, DescribeTaskResult, DescribeNetworkInterfaces.
//!
//! Writes return a `TaskId` (a string); the EIP goes `UNBIND → BINDING → BIND` (or
//! `BIND_ENI` on an ENI attached to no instance) and `BIND → UNBINDING → UNBIND`, and
//! DescribeTaskResult reports `RUNNING` then `SUCCESS`, or `FAILED` when the binding fails
//! asynchronously (the target vanished meanwhile, or fault injection). Every error is HTTP
//! 200 with `Response.Error`.
//!
//! This module owns the service's registration, the EIP actions and tasks; the ENI read
//! lives in `enis`.

mod enis;

use tether_wire::api::tencent_cvm::instance_state;
use tether_wire::api::tencent_vpc::{address_instance_type, address_status, task_result};
use tether_wire::api::tencent_vpc::{
    Address, AddressTaskResponse, AssociateAddressRequest, DescribeAddressesRequest,
    DescribeNetworkInterfacesRequest, DescribeTaskResultRequest, DescribeTaskResultResponse,
    DisassociateAddressRequest, Filter, NetworkInterface as WireEni, NetworkInterfaceAttachment,
    PrivateIpAddressSpecification,
};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::tencent_vpc as err;

use enis::describe_network_interfaces;

use super::tencent_listing::listing_answer;
use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{is_ipv4, mac_of, Call, Outcome};
use crate::clock::CREATED_SECONDS;
use crate::state::{
    status, CloudInventory, Eip, EipBinding, Inventory, NetworkInterface, Pending, PendingKind,
    Task, World,
};

const CLOUD: Cloud = Cloud::Tencent;

/// The actions Tencent VPC answers, and its transitions (EIPs, their tasks).
pub const SERVICE: Service = Service {
    routes: &[
        Route::write::<AssociateAddressRequest>(associate),
        Route::read::<DescribeAddressesRequest>(describe),
        Route::write::<DisassociateAddressRequest>(disassociate),
        Route::read::<DescribeTaskResultRequest>(describe_task),
        Route::read::<DescribeNetworkInterfacesRequest>(describe_network_interfaces),
    ],
    settle: &[settle_eips, fail_orphaned_tasks],
};

fn settle_eips(inv: &mut Inventory, now_ms: u64) -> bool {
    super::eip_transitions::settle(inv, CLOUD, now_ms)
}

/// Fails the Tencent tasks whose address lost its transition (deleted out of band).
pub fn fail_orphaned_tasks(inv: &mut Inventory, now_ms: u64) -> bool {
    let mut changed = false;
    for task in &mut inv.tencent.tasks {
        if task.result == task_result::RUNNING && task.settle_at_ms <= now_ms {
            task.result = task_result::FAILED.to_string();
            changed = true;
        }
    }
    changed
}

fn tc(code: &str, message: impl Into<String>) -> Failure {
    Failure::new(200, code, message)
}

fn mutex() -> Failure {
    err::OPERATION_DENIED_MUTEX_TASK_RUNNING.into()
}

/// The code of an EIP whose status does not allow the operation, in the generation the
/// fixtures choose (`compat.tencent_legacy_error_codes`).
fn status_not_permit(world: &World) -> tether_wire::constraints::ApiError {
    if world.inventory.compat.tencent_legacy_error_codes {
        err::INVALID_ADDRESS_ID_STATUS_NOT_PERMIT
    } else {
        err::UNSUPPORTED_OPERATION_ADDRESS_STATUS_NOT_PERMIT
    }
}

/// The code of an EIP in arrears, in the generation the fixtures choose.
fn in_arrears(world: &World) -> tether_wire::constraints::ApiError {
    if world.inventory.compat.tencent_legacy_error_codes {
        err::INVALID_ADDRESS_ID_STATE_IN_ARREARS
    } else {
        err::OPERATION_DENIED_ADDRESS_IN_ARREARS
    }
}

/// The private IP an EIP binding occupies: `(owner, ip)`, where an instance binding and a
/// binding to the primary IP of the instance's primary ENI are the same owner.
fn binding_key(inv: &CloudInventory, b: &EipBinding) -> (String, String) {
    if let Some(eni_id) = &b.network_interface_id {
        let ip = b.private_ip_address.clone().unwrap_or_default();
        if let Some((_, eni)) = inv.find_eni(eni_id) {
            if let Some(inst_id) = &eni.instance_id {
                let primary_ip = inv
                    .find_instance(inst_id)
                    .map(|(_, i)| i.private_ip.clone())
                    .unwrap_or_default();
                if eni.primary && ip == primary_ip {
                    return (format!("instance:{inst_id}"), ip);
                }
            }
        }
        return (format!("eni:{eni_id}"), ip);
    }
    let ip = b.private_ip_address.clone().unwrap_or_else(|| {
        inv.find_instance(&b.instance_id)
            .map(|(_, i)| i.private_ip.clone())
            .unwrap_or_default()
    });
    (format!("instance:{}", b.instance_id), ip)
}

fn key_taken(inv: &CloudInventory, key: &(String, String)) -> bool {
    inv.all_eips().any(|(_, e)| {
        e.binding
            .as_ref()
            .is_some_and(|b| binding_key(inv, b) == *key)
    })
}

fn new_task(world: &mut World, address_id: &str, settle_at_ms: u64) -> u64 {
    let id = world.next_task_id();
    world.inventory.tencent.tasks.push(Task {
        id,
        result: task_result::RUNNING.into(),
        address_id: address_id.to_string(),
        settle_at_ms,
    });
    id
}

fn eip_in<'a>(world: &'a mut World, region: &str, id: &str) -> Option<&'a mut Eip> {
    world
        .inventory
        .tencent
        .region_mut(region)
        .and_then(|r| r.eips.iter_mut().find(|e| e.id == id))
}

/// The EIP `id` of `region`, refused when it does not exist or is blocked (the first
/// checks of both writes).
fn find_unblocked_eip<'a>(
    inv: &'a CloudInventory,
    region: &str,
    id: &str,
) -> Result<&'a Eip, Failure> {
    let Some(eip) = inv
        .region(region)
        .and_then(|r| r.eips.iter().find(|e| e.id == id))
    else {
        return Err(err::INVALID_ADDRESS_ID_NOT_FOUND.into());
    };
    if eip.blocked {
        return Err(err::INVALID_ADDRESS_ID_BLOCKED.into());
    }
    Ok(eip)
}

/// AssociateAddress.
pub fn associate(world: &mut World, call: &Call) -> Outcome {
    let req: AssociateAddressRequest = call.decode()?;
    let has_instance = req.instance_id.is_some();
    let has_eni = req.network_interface_id.is_some();
    let has_ip = req.private_ip_address.is_some();
    if has_instance && (has_eni || has_ip) {
        return Err(err::INVALID_PARAMETER_CONFLICT.into());
    }
    if has_eni != has_ip {
        return Err(err::MISSING_PARAMETER.into());
    }
    if !has_instance && !has_eni {
        return Err(err::MISSING_RESOURCE_ID.into());
    }
    if let Some(ip) = &req.private_ip_address {
        if !is_ipv4(ip) {
            return Err(Failure::with_message(
                err::INVALID_PARAMETER_VALUE,
                format!("The PrivateIpAddress {ip} is not a valid IPv4 address."),
            ));
        }
    }
    let region = call.region.clone();
    let inv = &world.inventory.tencent;
    let eip = find_unblocked_eip(inv, &region, &req.address_id)?;
    if eip.arrears {
        return Err(in_arrears(world).into());
    }
    if eip.pending.is_some() {
        return Err(mutex());
    }
    if eip.status != status::eip_free(CLOUD) || eip.binding.is_some() {
        return Err(status_not_permit(world).into());
    }
    let mut release_public_ip_of: Option<String> = None;
    let binding = if let Some(inst_id) = &req.instance_id {
        let Some(inst) = inv
            .region(&region)
            .and_then(|r| r.instances.iter().find(|i| i.id == *inst_id))
        else {
            return Err(err::INVALID_INSTANCE_ID_NOT_FOUND.into());
        };
        if inst.status != instance_state::RUNNING && inst.status != instance_state::STOPPED {
            return Err(err::INVALID_INSTANCE_NOT_SUPPORTED.into());
        }
        let primary_eni = inv.region(&region).and_then(|r| {
            r.network_interfaces
                .iter()
                .find(|e| e.primary && e.instance_id.as_deref() == Some(inst_id))
                .map(|e| e.id.clone())
        });
        let b = EipBinding {
            instance_id: inst_id.clone(),
            instance_type: address_instance_type::CVM.into(),
            network_interface_id: primary_eni,
            private_ip_address: Some(inst.private_ip.clone()),
            ..Default::default()
        };
        if key_taken(inv, &binding_key(inv, &b)) {
            return Err(err::INVALID_INSTANCE_ID_ALREADY_BIND_EIP.into());
        }
        if inst.public_ip.is_some() {
            release_public_ip_of = Some(inst_id.clone());
        }
        b
    } else {
        let eni_id = req.network_interface_id.clone().unwrap_or_default();
        let ip = req.private_ip_address.clone().unwrap_or_default();
        let Some(eni) = inv
            .region(&region)
            .and_then(|r| r.network_interfaces.iter().find(|e| e.id == eni_id))
        else {
            return Err(err::INVALID_NETWORK_INTERFACE_ID_NOT_FOUND.into());
        };
        if !eni.private_ips.contains(&ip) {
            return Err(err::INVALID_NETWORK_INTERFACE_ID_NOT_FOUND.into());
        }
        if let Some(inst) = eni
            .instance_id
            .as_ref()
            .and_then(|i| inv.find_instance(i).map(|(_, x)| x))
        {
            if inst.status != instance_state::RUNNING && inst.status != instance_state::STOPPED {
                return Err(err::INVALID_INSTANCE_NOT_SUPPORTED.into());
            }
        }
        let b = EipBinding {
            instance_id: eni.instance_id.clone().unwrap_or_default(),
            instance_type: address_instance_type::ENI.into(),
            network_interface_id: Some(eni_id),
            private_ip_address: Some(ip),
            ..Default::default()
        };
        if key_taken(inv, &binding_key(inv, &b)) {
            return Err(err::INVALID_PRIVATE_IP_ADDRESS_ALREADY_BIND_EIP.into());
        }
        b
    };
    let delay = world.faults.delay_ms(call.action.action);
    let fail = world.faults.draw_async_failure(call.action.action);
    let settle = call.now_ms + delay;
    let task = new_task(world, &req.address_id, settle);
    if let Some(inst_id) = release_public_ip_of {
        if let Some(inst) = world.inventory.tencent.find_instance_mut(&inst_id) {
            inst.public_ip = None;
        }
    }
    let eip = eip_in(world, &region, &req.address_id)
        .ok_or_else(|| Failure::from(err::INVALID_ADDRESS_ID_NOT_FOUND))?;
    eip.binding = Some(binding);
    eip.status = status::eip_associating(CLOUD).to_string();
    eip.pending = Some(Pending {
        kind: PendingKind::Associate,
        settle_at_ms: settle,
        fail,
        task_id: Some(task),
    });
    Ok(
        call.encode::<AssociateAddressRequest>(&AddressTaskResponse {
            task_id: task.to_string(),
            request_id: call.request_id.clone(),
        }),
    )
}

/// DisassociateAddress.
pub fn disassociate(world: &mut World, call: &Call) -> Outcome {
    let req: DisassociateAddressRequest = call.decode()?;
    let region = call.region.clone();
    let inv = &world.inventory.tencent;
    let eip = find_unblocked_eip(inv, &region, &req.address_id)?;
    if eip.pending.is_some() {
        return Err(mutex());
    }
    let bound = eip.status == address_status::BIND || eip.status == address_status::BIND_ENI;
    let Some(binding) = eip.binding.as_ref().filter(|_| bound) else {
        return Err(Failure::with_message(
            status_not_permit(world),
            "The EIP cannot be unbound in its current status; only an EIP in status BIND or BIND_ENI can be unbound.",
        ));
    };
    if req.reallocate_normal_public_ip == Some(true)
        && !binding_key(inv, binding).0.starts_with("instance:")
    {
        return Err(tc(
            "InvalidParameterValue.OnlySupportedForMasterNetworkCard",
            "ReallocateNormalPublicIp is only supported for the primary IP of the primary network interface.",
        ));
    }
    let delay = world.faults.delay_ms(call.action.action);
    let settle = call.now_ms + delay;
    let task = new_task(world, &req.address_id, settle);
    let eip = eip_in(world, &region, &req.address_id)
        .ok_or_else(|| Failure::from(err::INVALID_ADDRESS_ID_NOT_FOUND))?;
    eip.status = status::eip_unassociating(CLOUD).to_string();
    eip.pending = Some(Pending {
        kind: PendingKind::Unassociate,
        settle_at_ms: settle,
        fail: false,
        task_id: Some(task),
    });
    Ok(
        call.encode::<DisassociateAddressRequest>(&AddressTaskResponse {
            task_id: task.to_string(),
            request_id: call.request_id.clone(),
        }),
    )
}

const FILTER_NAMES: &[&str] = &[
    "address-id",
    "address-name",
    "address-ip",
    "address-status",
    "instance-id",
    "private-ip-address",
    "network-interface-id",
    "is-arrears",
    "instance-type",
    "address-type",
    "address-isp",
    "dedicated-cluster-id",
    "tag-key",
    "tag-value",
];

fn address_view(e: &Eip) -> Address {
    let b = e.binding.as_ref();
    Address {
        address_id: e.id.clone(),
        address_name: Some(e.name.clone()).filter(|n| !n.is_empty()),
        address_status: e.status.clone(),
        address_ip: e.ip.clone(),
        instance_id: b.map(|b| b.instance_id.clone()).filter(|i| !i.is_empty()),
        created_time: CREATED_SECONDS.into(),
        network_interface_id: b.and_then(|b| b.network_interface_id.clone()),
        private_address_ip: b.and_then(|b| b.private_ip_address.clone()),
        is_arrears: e.arrears,
        is_blocked: e.blocked,
        is_eip_direct_connection: false,
        address_type: "EIP".into(),
        cascade_release: false,
        internet_service_provider: Some("BGP".into()),
        local_bgp: false,
        bandwidth: Some(u64::from(e.bandwidth)),
        internet_charge_type: Some("TRAFFIC_POSTPAID_BY_HOUR".into()),
        instance_type: b.map(|b| b.instance_type.clone()),
        egress: Some("center_egress1".into()),
        renew_flag: Some("NOTIFY_AND_MANUAL_RENEW".into()),
        ..Default::default()
    }
}

/// Whether a stored address can match `filters`, judged by the ID filters its record
/// answers without a view (the view's `filter_matches` decides the others, and again these).
fn can_match(e: &Eip, filters: &[Filter]) -> bool {
    let binding = e.binding.as_ref();
    filters.iter().all(|f| match f.name.as_str() {
        "address-id" => f.values.contains(&e.id),
        "instance-id" => {
            binding.is_some_and(|b| !b.instance_id.is_empty() && f.values.contains(&b.instance_id))
        }
        "network-interface-id" => binding
            .and_then(|b| b.network_interface_id.as_ref())
            .is_some_and(|n| f.values.contains(n)),
        _ => true,
    })
}

fn filter_matches(name: &str, values: &[String], a: &Address) -> bool {
    let has = |v: &str| values.iter().any(|x| x == v);
    let opt = |v: &Option<String>| v.as_deref().is_some_and(has);
    match name {
        "address-id" => has(&a.address_id),
        "address-name" => opt(&a.address_name),
        "address-ip" => has(&a.address_ip),
        "address-status" => has(&a.address_status),
        "instance-id" => opt(&a.instance_id),
        "private-ip-address" => opt(&a.private_address_ip),
        "network-interface-id" => opt(&a.network_interface_id),
        "is-arrears" => values
            .iter()
            .any(|v| v.eq_ignore_ascii_case(if a.is_arrears { "true" } else { "false" })),
        "instance-type" => opt(&a.instance_type),
        "address-type" => has(&a.address_type),
        "address-isp" => opt(&a.internet_service_provider),
        _ => false,
    }
}

/// DescribeAddresses.
pub fn describe(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeAddressesRequest = call.decode()?;
    if !req.address_ids.is_empty() && req.filters.iter().any(|f| f.name == "address-id") {
        return Err(tc(
            "InvalidParameterConflict",
            "AddressIds and Filters.address-id cannot be specified together.",
        ));
    }
    check_filter_names(
        &req.filters,
        FILTER_NAMES,
        "InvalidParameter.FilterInvalidKey",
    )?;
    let addresses = world
        .inventory
        .tencent
        .region_items(&call.region, |r| &r.eips)
        // Asked by ID (the provider's refresh) or by a filter on an ID (its plan-time
        // checks), only the addresses that can match are viewed.
        .iter()
        .filter(|e| req.address_ids.is_empty() || req.address_ids.contains(&e.id))
        .filter(|e| can_match(e, &req.filters))
        .map(address_view)
        .collect::<Vec<_>>();
    Ok(listing_answer(
        call,
        &req,
        addresses,
        |a| &a.address_id,
        filter_matches,
    ))
}

/// DescribeTaskResult.
pub fn describe_task(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeTaskResultRequest = call.decode()?;
    let Some(task_id) = req.task_id else {
        return Err(tc(
            "ResourceNotFound",
            "The specified DealName does not exist.",
        ));
    };
    let Some(task) = world
        .inventory
        .tencent
        .tasks
        .iter()
        .find(|t| t.id == task_id)
    else {
        return Err(tc(
            "ResourceNotFound",
            format!("The specified TaskId {task_id} does not exist."),
        ));
    };
    Ok(
        call.encode::<DescribeTaskResultRequest>(&DescribeTaskResultResponse {
            task_id,
            result: task.result.clone(),
            request_id: call.request_id.clone(),
        }),
    )
}

/// Checks Tencent filter names: known (or `tag:<key>`), else `code`.
pub(crate) fn check_filter_names(
    filters: &[Filter],
    known: &[&str],
    code: &str,
) -> Result<(), Failure> {
    match filters
        .iter()
        .find(|f| !known.contains(&f.name.as_str()) && !f.name.starts_with("tag:"))
    {
        Some(f) => Err(tc(
            code,
            format!("The filter name {} is not valid.", f.name),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::EipBinding;

    fn eip(id: &str, binding: Option<EipBinding>) -> Eip {
        Eip {
            id: id.into(),
            ip: "203.0.113.1".into(),
            binding,
            ..Default::default()
        }
    }

    /// The record-level pre-filter never drops an address the view would match, and on ID
    /// filters decides exactly as the view does.
    #[test]
    fn the_pre_filter_agrees_with_the_view_on_id_filters() {
        let cvm = EipBinding {
            instance_id: "ins-1".into(),
            instance_type: "CVM".into(),
            ..Default::default()
        };
        let eni = EipBinding {
            instance_id: String::new(),
            instance_type: "ENI".into(),
            network_interface_id: Some("eni-1".into()),
            private_ip_address: Some("10.0.0.2".into()),
            ..Default::default()
        };
        let stored = [
            eip("eip-free", None),
            eip("eip-cvm", Some(cvm)),
            eip("eip-eni", Some(eni)),
        ];
        let filter = |name: &str, value: &str| Filter {
            name: name.into(),
            values: vec![value.into()],
        };
        let cases = [
            filter("address-id", "eip-cvm"),
            filter("address-id", "eip-none"),
            filter("instance-id", "ins-1"),
            filter("instance-id", ""),
            filter("network-interface-id", "eni-1"),
            filter("network-interface-id", "eni-2"),
            filter("address-status", "BIND"),
        ];
        for e in &stored {
            let view = address_view(e);
            for f in &cases {
                let by_view = filter_matches(&f.name, &f.values, &view);
                let by_record = can_match(e, std::slice::from_ref(f));
                assert!(by_record || !by_view, "{} dropped by {f:?}", e.id);
                if f.name != "address-status" {
                    assert_eq!(by_record, by_view, "{} on {f:?}", e.id);
                }
            }
        }
    }
}
