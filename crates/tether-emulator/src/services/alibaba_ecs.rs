//! Alibaba Cloud ECS 2014-05-26: DescribeInstances and DescribeNetworkInterfaces, answered
//! from the inventory's instances and ENIs of the request's region.
//!
//! - An instance of another account (`foreign_owner`) is absent, as from the real API.
//! - An instance lists every ENI the inventory attaches to it (primary first); one without
//!   a declared primary ENI lists only its secondary ones, while its primary private IP is
//!   in `VpcAttributes.PrivateIpAddress` (classic instances: `InnerIpAddress`).
//! - `EipAddress` is the EIP bound (or being bound) to the instance, `PublicIpAddress` its
//!   plain public IP.
//! - Both APIs page with PageNumber/PageSize or NextToken/MaxResults (MaxResults clamped
//!   into 10..=100 / 10..=500 as the cloud does); `DryRun=true` answers `DryRunOperation`.
//! - Filters the inventory has no data for (security groups) match nothing.

use tether_wire::api::alibaba_ecs::{eni as eni_words, network_type};
use tether_wire::api::alibaba_ecs::{
    AssociatedPublicIp, DescribeInstancesRequest, DescribeNetworkInterfacesRequest, EniAttachment,
    EniPrivateIpSet, Instance as WireInstance, InstanceEipAddress, InstanceNetworkInterface,
    InstancePrivateIpSet, NetworkInterfaceSet, VpcAttributes,
};
use tether_wire::api::alibaba_vpc::eip_instance_type;
use tether_wire::api::Paginated;

use super::filters::passes;
use super::views::{eni_type, name_or_id, private_ip_sets};
use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{mac_of, page_of, page_request, Call, DualPaging, Outcome, PageOf};
use crate::state::{CloudInventory, Instance, NetworkInterface, World};

use crate::clock::CREATED_MINUTES as CREATED_AT;

/// The reads Alibaba ECS answers.
pub const SERVICE: Service = Service {
    routes: &[
        Route::read::<DescribeInstancesRequest>(describe_instances),
        Route::read::<DescribeNetworkInterfacesRequest>(describe_network_interfaces),
    ],
    settle: &[],
};

/// `DryRun=true`: the request is valid and nothing happens (`DryRunOperation`, 400).
pub(crate) fn dry_run(requested: Option<bool>) -> Result<(), Failure> {
    if requested == Some(true) {
        Err(Failure::new(
            400,
            "DryRunOperation",
            "Request validation has been passed with DryRun flag set.",
        ))
    } else {
        Ok(())
    }
}

/// `MaxResults` as the ECS APIs read it: clamped into `10..=max` (10 when absent), never
/// refused.
fn clamped(max: u32) -> impl FnOnce(Option<u32>) -> u32 {
    move |given| given.unwrap_or(10).clamp(10, max)
}

/// The page of `all` a request asks for, its `MaxResults` clamped into
/// `10..=limits.max_size` (see [`clamped`]).
fn clamped_page<T: Clone, R: DualPaging + Paginated>(
    all: &[T],
    req: &R,
) -> Result<PageOf<T>, Failure> {
    let limits = R::PAGE_LIMITS;
    page_of(
        all,
        page_request(req, limits.default_size, clamped(limits.max_size)),
    )
}

fn instance_view(inv: &CloudInventory, region: &str, inst: &Instance) -> WireInstance {
    let vpc = inst.network_type == network_type::VPC;
    let private: Vec<String> = Some(inst.private_ip.clone())
        .filter(|ip| !ip.is_empty())
        .into_iter()
        .collect();
    let eip = inv
        .eip_bound_to(|b| {
            b.instance_type == eip_instance_type::ECS_INSTANCE && b.instance_id == inst.id
        })
        .map(|e| InstanceEipAddress {
            allocation_id: e.id.clone(),
            ip_address: e.ip.clone(),
            bandwidth: i64::from(e.bandwidth),
            internet_charge_type: "PayByTraffic".into(),
            is_support_unassociate: true,
        })
        .unwrap_or_default();
    let network_interfaces: Vec<InstanceNetworkInterface> = inv
        .enis_of_instance(region, &inst.id)
        .into_iter()
        .map(|e| InstanceNetworkInterface {
            network_interface_id: e.id.clone(),
            eni_type: eni_type(e, eni_words::PRIMARY, eni_words::SECONDARY),
            mac_address: mac_of(&e.id),
            primary_ip_address: e.private_ips.first().cloned().unwrap_or_default(),
            private_ip_sets: private_ip_sets(e, |ip, primary| InstancePrivateIpSet {
                private_ip_address: ip.to_string(),
                primary,
            })
            .into(),
        })
        .collect();
    WireInstance {
        instance_id: inst.id.clone(),
        instance_name: inst.name.clone(),
        host_name: name_or_id(&inst.name, &inst.id),
        status: inst.status.clone(),
        instance_type: inst.instance_type.clone(),
        instance_type_family: inst
            .instance_type
            .rsplit_once('.')
            .map(|(family, _)| family.to_string())
            .unwrap_or_default(),
        instance_network_type: inst.network_type.clone(),
        region_id: region.to_string(),
        zone_id: inst.zone.clone(),
        vpc_attributes: if vpc {
            VpcAttributes {
                vpc_id: inst.vpc_id.clone(),
                v_switch_id: inst.subnet_id.clone(),
                private_ip_address: private.clone().into(),
                nat_ip_address: String::new(),
            }
        } else {
            VpcAttributes::default()
        },
        inner_ip_address: if vpc { Vec::new() } else { private }.into(),
        public_ip_address: inst.public_ip.iter().cloned().collect::<Vec<_>>().into(),
        eip_address: eip,
        network_interfaces: network_interfaces.into(),
        instance_charge_type: "PostPaid".into(),
        internet_charge_type: "PayByTraffic".into(),
        creation_time: CREATED_AT.into(),
        start_time: CREATED_AT.into(),
        stopped_mode: "Not-applicable".into(),
        ..Default::default()
    }
}

/// DescribeInstances.
pub fn describe_instances(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeInstancesRequest = call.decode()?;
    dry_run(req.dry_run)?;
    let inv = &world.inventory.alibaba;
    let region = req.region_id.as_str();
    let within = |list: &Option<Vec<String>>, values: &[&str]| {
        list.as_ref()
            .is_none_or(|l| values.iter().any(|v| l.iter().any(|x| x == v)))
    };
    let all: Vec<WireInstance> = inv
        .region_items(region, |r| &r.instances)
        .iter()
        // Asked by ID (the provider's checks), only those are viewed: a view looks
        // up the instance's EIP and ENIs across the region.
        .filter(|i| !i.foreign_owner && within(&req.instance_ids, &[i.id.as_str()]))
        .map(|i| instance_view(inv, region, i))
        .filter(|v| {
            passes!(req, v {
                equal: vpc_id => v.vpc_attributes.vpc_id;
                equal: v_switch_id => v.vpc_attributes.v_switch_id;
                equal: zone_id, instance_network_type, status, instance_type, instance_name;
                unsupported: security_group_id;
            }) && within(&req.private_ip_addresses, &v.private_ips())
                && within(
                    &req.public_ip_addresses,
                    &v.public_ip_address
                        .items
                        .iter()
                        .map(String::as_str)
                        .collect::<Vec<_>>(),
                )
                && within(&req.eip_addresses, &[v.eip_address.ip_address.as_str()])
        })
        .collect();
    let page = clamped_page(&all, &req)?;
    Ok(call.dual_answer::<DescribeInstancesRequest>(all.len(), page))
}

fn eni_view(inv: &CloudInventory, region: &str, e: &NetworkInterface) -> NetworkInterfaceSet {
    let public_ip_of = |ip: &str| {
        inv.eip_bound_to(|b| {
            b.instance_type == eip_instance_type::NETWORK_INTERFACE
                && b.instance_id == e.id
                && b.private_ip_address.as_deref() == Some(ip)
        })
        .map(|eip| AssociatedPublicIp {
            public_ip_address: eip.ip.clone(),
            allocation_id: eip.id.clone(),
        })
        .unwrap_or_default()
    };
    let primary_ip = e.private_ips.first().cloned().unwrap_or_default();
    NetworkInterfaceSet {
        network_interface_id: e.id.clone(),
        status: e.status.clone(),
        eni_type: eni_type(e, eni_words::PRIMARY, eni_words::SECONDARY),
        instance_id: e.instance_id.clone().unwrap_or_default(),
        vpc_id: e.vpc_id.clone(),
        v_switch_id: e.subnet_id.clone(),
        zone_id: inv.zone_of_eni(region, e),
        associated_public_ip: public_ip_of(&primary_ip),
        private_ip_address: primary_ip,
        private_ip_sets: private_ip_sets(e, |ip, primary| EniPrivateIpSet {
            private_ip_address: ip.to_string(),
            primary,
            associated_public_ip: public_ip_of(ip),
        })
        .into(),
        mac_address: mac_of(&e.id),
        service_managed: e.service_managed,
        attachment: e
            .instance_id
            .as_ref()
            .map(|i| EniAttachment {
                instance_id: i.clone(),
                device_index: i64::from(!e.primary),
            })
            .unwrap_or_default(),
        creation_time: CREATED_AT.into(),
        ..Default::default()
    }
}

/// DescribeNetworkInterfaces.
pub fn describe_network_interfaces(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeNetworkInterfacesRequest = call.decode()?;
    let inv = &world.inventory.alibaba;
    let region = req.region_id.as_str();
    let all: Vec<NetworkInterfaceSet> = inv
        .region_items(region, |r| &r.network_interfaces)
        .iter()
        .map(|e| eni_view(inv, region, e))
        .filter(|v| {
            passes!(req, v {
                listed: network_interface_ids => v.network_interface_id;
                equal: instance_id, vpc_id, v_switch_id, eni_type, status, network_interface_name;
                equal: primary_ip_address => v.private_ip_address;
                any_listed: private_ip_addresses => v.private_ips();
                unsupported: security_group_id;
            }) && req.service_managed.is_none_or(|x| x == v.service_managed)
        })
        .collect();
    let page = clamped_page(&all, &req)?;
    Ok(call.dual_answer::<DescribeNetworkInterfacesRequest>(all.len(), page))
}
