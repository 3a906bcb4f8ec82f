//! Tencent Cloud CVM 2017-03-12 (API 3.0): DescribeInstances, answered from the inventory's
//! instances: `InstanceState`, the VPC and subnet, the private IP, and as public IPs the
//! plain public IP and the EIP bound to the instance's primary IP. Errors are HTTP 200 with
//! `Response.Error`: `InvalidParameterCombination` (ids and filters together),
//! `InvalidFilter` (unknown filter name), `InvalidFilterValue.LimitExceeded` (more than 5
//! values).

use tether_wire::api::tencent_cvm::{
    DescribeInstancesRequest, Instance as WireInstance, Placement, VirtualPrivateCloud,
    FILTER_NAMES, FILTER_VALUES_MAX,
};

use super::tencent_listing::listing_answer;
use super::tencent_vpc::check_filter_names;
use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{Call, Outcome};
use crate::clock::CREATED_SECONDS;
use crate::state::{CloudInventory, Instance, World};

/// The read Tencent CVM answers.
pub const SERVICE: Service = Service {
    routes: &[Route::read::<DescribeInstancesRequest>(describe_instances)],
    settle: &[],
};

fn instance_view(inv: &CloudInventory, inst: &Instance) -> WireInstance {
    // The EIP bound to the instance (directly, or to its primary ENI's primary IP).
    let eip = inv
        .eip_bound_to(|b| {
            b.instance_id == inst.id
                && b.private_ip_address.as_deref() == Some(inst.private_ip.as_str())
        })
        .map(|e| e.ip.clone());
    let public: Vec<String> = inst.public_ip.iter().cloned().chain(eip).collect();
    WireInstance {
        placement: Placement {
            zone: inst.zone.clone(),
            project_id: 0,
            host_id: None,
        },
        instance_id: inst.id.clone(),
        instance_type: inst.instance_type.clone(),
        restrict_state: "NORMAL".into(),
        instance_name: inst.name.clone(),
        instance_charge_type: "POSTPAID_BY_HOUR".into(),
        private_ip_addresses: vec![inst.private_ip.clone()],
        public_ip_addresses: (!public.is_empty()).then_some(public),
        virtual_private_cloud: VirtualPrivateCloud {
            vpc_id: inst.vpc_id.clone(),
            subnet_id: inst.subnet_id.clone(),
            as_vpc_gateway: false,
            private_ip_addresses: None,
            ipv6_address_count: None,
        },
        created_time: CREATED_SECONDS.into(),
        instance_state: inst.status.clone(),
        stop_charging_mode: "NOT_APPLICABLE".into(),
        uuid: format!("uuid-{}", inst.id),
        ..Default::default()
    }
}

fn filter_matches(name: &str, values: &[String], v: &WireInstance) -> bool {
    let has = |x: &str| values.iter().any(|want| want == x);
    match name {
        "zone" => has(&v.placement.zone),
        "project-id" => has(&v.placement.project_id.to_string()),
        "vpc-id" => has(&v.virtual_private_cloud.vpc_id),
        "subnet-id" => has(&v.virtual_private_cloud.subnet_id),
        "instance-id" => has(&v.instance_id),
        "uuid" => has(&v.uuid),
        "instance-name" => has(&v.instance_name),
        "instance-charge-type" => has(&v.instance_charge_type),
        "instance-state" => has(&v.instance_state),
        "private-ip-address" => v.private_ip_addresses.iter().any(|ip| has(ip)),
        "public-ip-address" => v.public_ip_addresses.iter().flatten().any(|ip| has(ip)),
        // Hosts, clusters, security groups, IPv6, tags and creation times are not in the
        // inventory.
        _ => false,
    }
}

/// DescribeInstances.
pub fn describe_instances(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeInstancesRequest = call.decode()?;
    if !req.instance_ids.is_empty() && !req.filters.is_empty() {
        return Err(Failure::new(
            200,
            "InvalidParameterCombination",
            "InstanceIds and Filters cannot be specified together.",
        ));
    }
    check_filter_names(&req.filters, FILTER_NAMES, "InvalidFilter")?;
    if let Some(f) = req
        .filters
        .iter()
        .find(|f| f.values.len() > FILTER_VALUES_MAX)
    {
        return Err(Failure::new(
            200,
            "InvalidFilterValue.LimitExceeded",
            format!(
                "The filter {} has {} values; at most {FILTER_VALUES_MAX} are allowed.",
                f.name,
                f.values.len()
            ),
        ));
    }
    let inv = &world.inventory.tencent;
    let instances = inv
        .region_items(&call.region, |r| &r.instances)
        .iter()
        .filter(|i| !i.foreign_owner)
        .map(|i| instance_view(inv, i))
        .collect::<Vec<_>>();
    Ok(listing_answer(
        call,
        &req,
        instances,
        |v| &v.instance_id,
        filter_matches,
    ))
}
