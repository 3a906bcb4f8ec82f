//! Alibaba Cloud SLB (CLB) 2014-05-15: DescribeLoadBalancers, answered from the inventory's
//! SLB instances of the request's region (`LoadBalancerStatus`, `NetworkType`, `VpcId`,
//! `Address`; an address in a private range is `intranet`, any other `internet`). Filters
//! the inventory has no data for (backend servers, vSwitches, resource groups) match
//! nothing.

use std::net::Ipv4Addr;

use tether_wire::api::alibaba_slb::{DescribeLoadBalancersRequest, LoadBalancer};

use super::filters::passes;
use super::{Route, Service};
use crate::call::{Call, Outcome};
use crate::clock::{CREATED_MINUTES, RESOURCES_CREATED_MS};
use crate::state::{SlbInstance, World};

/// The read Alibaba SLB answers.
pub const SERVICE: Service = Service {
    routes: &[Route::read::<DescribeLoadBalancersRequest>(
        describe_load_balancers,
    )],
    settle: &[],
};

fn address_type(address: &str) -> &'static str {
    match address.parse::<Ipv4Addr>() {
        Ok(ip) if !ip.is_private() => "internet",
        _ => "intranet",
    }
}

fn view(region: &str, slb: &SlbInstance) -> LoadBalancer {
    LoadBalancer {
        load_balancer_id: slb.id.clone(),
        load_balancer_name: slb.name.clone(),
        load_balancer_status: slb.status.clone(),
        address: slb.address.clone(),
        address_type: address_type(&slb.address).into(),
        address_ip_version: "ipv4".into(),
        network_type: slb.network_type.clone(),
        vpc_id: slb.vpc_id.clone(),
        region_id: region.to_string(),
        region_id_alias: region.to_string(),
        master_zone_id: format!("{region}-a"),
        slave_zone_id: format!("{region}-b"),
        load_balancer_spec: "slb.s1.small".into(),
        internet_charge_type: "paybytraffic".into(),
        pay_type: "PayOnDemand".into(),
        instance_charge_type: "PayBySpec".into(),
        create_time: CREATED_MINUTES.into(),
        create_time_stamp: RESOURCES_CREATED_MS as i64,
        delete_protection: "off".into(),
        modification_protection_status: "NonProtection".into(),
        ..Default::default()
    }
}

/// DescribeLoadBalancers.
pub fn describe_load_balancers(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeLoadBalancersRequest = call.decode()?;
    let region = req.region_id.as_str();
    let all: Vec<LoadBalancer> = world
        .inventory
        .alibaba
        .region_items(region, |r| &r.slb_instances)
        .iter()
        .map(|s| view(region, s))
        .filter(|v| {
            // Besides the declared filters: the name filter lists names separated by commas.
            passes!(req, v {
                listed: load_balancer_ids => v.load_balancer_id;
                equal: network_type, vpc_id, address, address_type, load_balancer_status;
                unsupported: v_switch_id, server_id, resource_group_id;
            }) && req
                .load_balancer_name
                .as_ref()
                .is_none_or(|x| x.split(',').any(|n| n == v.load_balancer_name))
        })
        .collect();
    Ok(call.numbered_answer(&req, &all))
}
