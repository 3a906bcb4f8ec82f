//! Volcengine VPC 2020-04-01: AssociateHaVip, DescribeHaVips, DisassociateHaVip,
//! DescribeNetworkInterfaces.
//!
//! A member being added (or removed) is listed in `AssociatedInstanceIds` only once the
//! configured delay has passed (the HaVip has no `Associating` state; clients poll the
//! member list). Meanwhile it already counts for every limit.

use serde_json::Value;
use tether_wire::api::volcengine_vpc::{eni as eni_words, ha_vip_instance_type};
use tether_wire::api::volcengine_vpc::{
    AssociateHaVipRequest, DescribeHaVipsRequest, DescribeNetworkInterfacesRequest,
    DisassociateHaVipRequest, HaVip as WireHaVip, HaVipBindingResult, NetworkInterfaceSet,
    PrivateIpSet, DESCRIBE_HA_VIPS_PAGE, DESCRIBE_HA_VIPS_TOKEN_PAGE,
    DESCRIBE_NETWORK_INTERFACES_PAGE, DESCRIBE_NETWORK_INTERFACES_TOKEN_PAGE,
};
use tether_wire::api::{ApiAction, PageLimits};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::havip_attachment;
use tether_wire::constraints::volcengine_vpc as err;

use super::filters::passes;
use super::views::{eni_type, private_ip_sets};
use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{mac_of, page_of, page_request, Call, DualPaging, Outcome, PageOf};
use crate::idempotency::check_token_syntax;
use crate::state::{
    derived_havip_status, reported_member_type, status, CloudInventory, HaVip, Inventory,
    NetworkInterface, PendingMember, World,
};

const CLOUD: Cloud = Cloud::Volcengine;
/// How many HaVips one instance or ENI may join.
pub const HAVIPS_PER_INSTANCE: usize = havip_attachment::HAVIPS_PER_INSTANCE.max;
use crate::clock::CREATED_VOLCENGINE as CREATED_AT;
/// The account every emulated Volcengine resource belongs to.
const ACCOUNT_ID: &str = "2100000000";
/// The project every emulated Volcengine resource is in.
pub(crate) const PROJECT_NAME: &str = "default";

/// The actions Volcengine VPC answers, and its transitions (HaVip members).
pub const SERVICE: Service = Service {
    routes: &[
        Route::write::<AssociateHaVipRequest>(associate),
        Route::read::<DescribeHaVipsRequest>(describe),
        Route::write::<DisassociateHaVipRequest>(disassociate),
        Route::read::<DescribeNetworkInterfacesRequest>(describe_network_interfaces),
    ],
    settle: &[settle],
};

fn settle(inv: &mut Inventory, now_ms: u64) -> bool {
    settle_havips(&mut inv.volcengine, now_ms)
}

/// Settles the HaVip member changes that are due: an added member joins when its instance
/// or ENI still exists, a removed one leaves.
fn settle_havips(cloud: &mut CloudInventory, now_ms: u64) -> bool {
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

/// Emulator-side code for an ENI in a transitional status (documented on the Volcengine
/// AssociateHaVip page, absent from `tether_wire::constraints`).
fn eni_invalid_status() -> Failure {
    err::INVALID_ENI_INVALID_STATUS.into()
}

/// Members after the pending changes.
fn effective_members(h: &HaVip) -> Vec<String> {
    let mut members = h.members.clone();
    for p in &h.pending_members {
        if p.add {
            if !members.contains(&p.instance_id) {
                members.push(p.instance_id.clone());
            }
        } else {
            members.retain(|m| m != &p.instance_id);
        }
    }
    members
}

fn effective_type(h: &HaVip) -> Option<String> {
    if effective_members(h).is_empty() {
        return None;
    }
    h.pending_members
        .iter()
        .rev()
        .find(|p| p.add)
        .map(|p| p.instance_type.clone())
        .or_else(|| h.member_type.clone())
}

fn instance_type_of(req_type: Option<&String>) -> Result<String, Failure> {
    let t = req_type
        .cloned()
        .unwrap_or_else(|| ha_vip_instance_type::ECS_INSTANCE.to_string());
    if havip_attachment::INSTANCE_TYPES.allows(&t) {
        Ok(t)
    } else {
        Err(havip_attachment::INSTANCE_TYPES.error.into())
    }
}

fn find_havip<'a>(inv: &'a CloudInventory, region: &str, id: &str) -> Result<&'a HaVip, Failure> {
    inv.region(region)
        .and_then(|r| r.havips.iter().find(|h| h.id == id))
        .ok_or_else(|| err::INVALID_HAVIP_NOT_FOUND.into())
}

/// The page of `all` a request asks for: `PageSize` defaults to `numbered.default_size`,
/// `MaxResults` to `token.default_size`.
fn requested_page<T: Clone, R: DualPaging>(
    all: &[T],
    req: &R,
    numbered: PageLimits,
    token: PageLimits,
) -> Result<PageOf<T>, Failure> {
    page_of(
        all,
        page_request(req, numbered.default_size, |m| {
            m.unwrap_or(token.default_size)
        }),
    )
}

/// AssociateHaVip and DisassociateHaVip, which take the same parameters.
trait MemberChangeRequest: ApiAction<Response = HaVipBindingResult> {
    fn ha_vip_id(&self) -> &str;
    fn instance_type(&self) -> Option<&String>;
    fn client_token(&self) -> Option<&str>;
}

macro_rules! member_change_request {
    ($($req:ty),*) => {$(
        impl MemberChangeRequest for $req {
            fn ha_vip_id(&self) -> &str {
                &self.ha_vip_id
            }
            fn instance_type(&self) -> Option<&String> {
                self.instance_type.as_ref()
            }
            fn client_token(&self) -> Option<&str> {
                self.client_token.as_deref()
            }
        }
    )*};
}

member_change_request!(AssociateHaVipRequest, DisassociateHaVipRequest);

/// The call's HaVip member change, decoded and put through the checks both HaVip writes
/// start with, in order: the member type (`EcsInstance` when absent), the client token's
/// syntax, and the HaVip in the call's region. Returns the request, the member type and
/// the HaVip.
fn checked_member_change<'a, R: MemberChangeRequest>(
    inv: &'a CloudInventory,
    call: &Call,
) -> Result<(R, String, &'a HaVip), Failure> {
    let req: R = call.decode()?;
    let itype = instance_type_of(req.instance_type())?;
    check_token_syntax(req.client_token(), || {
        err::INVALID_PARAMETER_CLIENT_TOKEN_MALFORMED.into()
    })?;
    let h = find_havip(inv, &call.region, req.ha_vip_id())?;
    Ok((req, itype, h))
}

/// Queues the addition (`add`) or removal of member `instance_id` on HaVip `havip_id`, due
/// once the action's configured delay has passed.
fn queue_member_change(
    world: &mut World,
    call: &Call,
    havip_id: &str,
    instance_id: &str,
    instance_type: String,
    add: bool,
) -> Result<(), Failure> {
    let delay = world.faults.delay_ms(call.action.action);
    let h = world
        .inventory
        .volcengine
        .find_havip_mut(havip_id)
        .ok_or_else(|| Failure::from(err::INVALID_HAVIP_NOT_FOUND))?;
    h.pending_members.push(PendingMember {
        instance_id: instance_id.to_string(),
        instance_type,
        add,
        settle_at_ms: call.now_ms + delay,
    });
    Ok(())
}

/// The answer of an AssociateHaVip or DisassociateHaVip that was accepted.
fn binding_answer<R: MemberChangeRequest>(call: &Call) -> Value {
    call.encode::<R>(&HaVipBindingResult {
        request_id: call.request_id.clone(),
        async_task_id: None,
    })
}

/// AssociateHaVip.
pub fn associate(world: &mut World, call: &Call) -> Outcome {
    let inv = &world.inventory.volcengine;
    let (req, itype, h) = checked_member_change::<AssociateHaVipRequest>(inv, call)?;
    let region = call.region.as_str();
    let st = derived_havip_status(h);
    if !havip_attachment::ASSOCIABLE_STATUSES.contains(&st.as_str()) {
        return Err(err::INVALID_HAVIP_INVALID_STATUS.into());
    }
    if !h.supports_binding {
        return Err(err::INVALID_HAVIP_NOT_SUPPORT.into());
    }
    let in_region = |r: &str| r == region;
    let (subnet, owner_instance) = if itype == ha_vip_instance_type::ECS_INSTANCE {
        let Some((_, inst)) = inv
            .find_instance(&req.instance_id)
            .filter(|(r, _)| in_region(r))
        else {
            return Err(err::INVALID_INSTANCE_NOT_FOUND.into());
        };
        if inst.status != status::running(CLOUD) {
            return Err(err::INVALID_INSTANCE_INVALID_STATUS.into());
        }
        (inst.subnet_id.clone(), Some(inst.id.clone()))
    } else {
        let Some((_, eni)) = inv.find_eni(&req.instance_id).filter(|(r, _)| in_region(r)) else {
            return Err(err::INVALID_ENI_ID_NOT_FOUND.into());
        };
        if eni.service_managed {
            return Err(err::FORBIDDEN_SERVICE_MANAGED_ENI.into());
        }
        let Some(owner) = eni.instance_id.clone() else {
            return Err(err::FORBIDDEN_ENI_NOT_ATTACHED_TO_ECS.into());
        };
        if !havip_attachment::ASSOCIABLE_ENI_STATUSES.contains(&eni.status.as_str()) {
            return Err(eni_invalid_status());
        }
        (eni.subnet_id.clone(), Some(owner))
    };
    if subnet != h.subnet_id {
        return Err(err::INVALID_INSTANCE_HAVIP_MISMATCH.into());
    }
    let members = effective_members(h);
    if members.contains(&req.instance_id) {
        return Err(err::FORBIDDEN_INSTANCE_HAS_HAVIP.into());
    }
    if effective_type(h).is_some_and(|t| t != itype) {
        return Err(havip_attachment::MIXED_MEMBER_TYPES.into());
    }
    if itype == ha_vip_instance_type::NETWORK_INTERFACE {
        let same_instance = members.iter().any(|m| {
            inv.find_eni(m)
                .is_some_and(|(_, e)| e.instance_id.is_some() && e.instance_id == owner_instance)
        });
        if same_instance {
            return Err(err::FORBIDDEN_TWO_ENIS_OF_ONE_INSTANCE.into());
        }
    }
    if !havip_attachment::MEMBERS_PER_HAVIP.allows(members.len() + 1) {
        return Err(havip_attachment::MEMBERS_PER_HAVIP.error.into());
    }
    let joined = inv
        .regions
        .values()
        .flat_map(|r| r.havips.iter())
        .filter(|x| effective_members(x).contains(&req.instance_id))
        .count();
    if joined >= HAVIPS_PER_INSTANCE {
        return Err(err::LIMIT_EXCEEDED_HAVIPS_PER_INSTANCE.into());
    }
    queue_member_change(world, call, &req.ha_vip_id, &req.instance_id, itype, true)?;
    Ok(binding_answer::<AssociateHaVipRequest>(call))
}

/// DisassociateHaVip.
pub fn disassociate(world: &mut World, call: &Call) -> Outcome {
    let inv = &world.inventory.volcengine;
    let (req, itype, h) = checked_member_change::<DisassociateHaVipRequest>(inv, call)?;
    if itype == ha_vip_instance_type::ECS_INSTANCE {
        if inv.find_instance(&req.instance_id).is_none() {
            return Err(err::INVALID_INSTANCE_NOT_FOUND.into());
        }
    } else if inv.find_eni(&req.instance_id).is_none() {
        return Err(err::INVALID_ENI_ID_NOT_FOUND.into());
    }
    if h.pending_members
        .iter()
        .any(|p| p.instance_id == req.instance_id)
    {
        return Err(Failure::with_message(
            err::INVALID_HAVIP_INVALID_STATUS,
            "The specified HaVip is not in the correct status for the request: the instance is being associated or disassociated.",
        ));
    }
    if !h.members.contains(&req.instance_id) {
        return Err(Failure::with_message(
            err::INVALID_HAVIP_INVALID_STATUS,
            "The specified HaVip is not in the correct status for the request: the instance is not associated with it.",
        ));
    }
    if h.member_type.as_deref().is_some_and(|t| t != itype) {
        return Err(err::INVALID_INSTANCE_TYPE_MALFORMED.into());
    }
    queue_member_change(world, call, &req.ha_vip_id, &req.instance_id, itype, false)?;
    Ok(binding_answer::<DisassociateHaVipRequest>(call))
}

fn havip_view(h: &HaVip) -> WireHaVip {
    WireHaVip {
        ha_vip_id: h.id.clone(),
        ha_vip_name: h.name.clone(),
        description: String::new(),
        ip_address: h.ip.clone(),
        status: derived_havip_status(h),
        vpc_id: h.vpc_id.clone(),
        subnet_id: h.subnet_id.clone(),
        account_id: ACCOUNT_ID.into(),
        project_name: PROJECT_NAME.into(),
        created_at: CREATED_AT.into(),
        updated_at: CREATED_AT.into(),
        master_instance_id: String::new(),
        associated_eip_id: String::new(),
        associated_eip_address: String::new(),
        associated_instance_type: reported_member_type(h),
        associated_instance_ids: h.members.clone(),
        tags: Vec::new(),
    }
}

/// DescribeHaVips (PageNumber/PageSize, or NextToken/MaxResults).
pub fn describe(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeHaVipsRequest = call.decode()?;
    let all: Vec<WireHaVip> = world
        .inventory
        .volcengine
        .region_items(&call.region, |r| &r.havips)
        .iter()
        .map(havip_view)
        .filter(|v| {
            passes!(req, v {
                listed: ha_vip_ids => v.ha_vip_id;
                equal: ha_vip_name, ip_address, vpc_id, subnet_id, status, project_name;
                unsupported: tag_filters;
            })
        })
        .collect();
    let page = requested_page(
        &all,
        &req,
        DESCRIBE_HA_VIPS_PAGE,
        DESCRIBE_HA_VIPS_TOKEN_PAGE,
    )?;
    Ok(call.dual_answer::<DescribeHaVipsRequest>(all.len(), page))
}

fn eni_view(inv: &CloudInventory, region: &str, e: &NetworkInterface) -> NetworkInterfaceSet {
    NetworkInterfaceSet {
        network_interface_id: e.id.clone(),
        network_interface_name: e.id.clone(),
        description: String::new(),
        status: e.status.clone(),
        eni_type: eni_type(e, eni_words::PRIMARY, eni_words::SECONDARY),
        vpc_id: e.vpc_id.clone(),
        vpc_name: String::new(),
        subnet_id: e.subnet_id.clone(),
        zone_id: inv.zone_of_eni(region, e),
        // Empty for a detached or a service-managed ENI.
        device_id: if e.service_managed {
            String::new()
        } else {
            e.instance_id.clone().unwrap_or_default()
        },
        primary_ip_address: e.private_ips.first().cloned().unwrap_or_default(),
        private_ip_sets: private_ip_sets(e, |ip, primary| PrivateIpSet {
            private_ip_address: ip.to_string(),
            primary,
            associated_elastic_ip: None,
        })
        .into(),
        associated_elastic_ip: None,
        service_managed: e.service_managed,
        mac_address: mac_of(&e.id),
        security_group_ids: Vec::new(),
        port_security_enabled: true,
        account_id: ACCOUNT_ID.into(),
        project_name: PROJECT_NAME.into(),
        created_at: CREATED_AT.into(),
        updated_at: CREATED_AT.into(),
        tags: Vec::new(),
    }
}

/// DescribeNetworkInterfaces (PageNumber/PageSize, or NextToken/MaxResults). Filters the
/// emulator has no data for (security group, tags) match nothing.
pub fn describe_network_interfaces(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeNetworkInterfacesRequest = call.decode()?;
    let inv = &world.inventory.volcengine;
    let all: Vec<NetworkInterfaceSet> = inv
        .region_items(&call.region, |r| &r.network_interfaces)
        .iter()
        .filter(|e| {
            req.instance_id
                .as_ref()
                .is_none_or(|i| e.instance_id.as_ref() == Some(i))
        })
        .map(|e| eni_view(inv, &call.region, e))
        .filter(|v| {
            passes!(req, v {
                listed: network_interface_ids => v.network_interface_id;
                equal: vpc_id, subnet_id, zone_id;
                equal: eni_type, status, network_interface_name, project_name;
                listed: primary_ip_addresses => v.primary_ip_address;
                any_listed: private_ip_addresses => v.private_ips();
                unsupported: security_group_id, tag_filters;
            })
        })
        .collect();
    let page = requested_page(
        &all,
        &req,
        DESCRIBE_NETWORK_INTERFACES_PAGE,
        DESCRIBE_NETWORK_INTERFACES_TOKEN_PAGE,
    )?;
    Ok(call.dual_answer::<DescribeNetworkInterfacesRequest>(all.len(), page))
}
