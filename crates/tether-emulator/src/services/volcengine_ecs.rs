//! Volcengine ECS 2020-04-01: DescribeInstances, answered from the inventory's instances
//! and their ENIs (every VPC instance has a primary ENI, declared or implied by the
//! fixtures, which carries the instance's subnet). Paging is NextToken/MaxResults only.

use tether_wire::api::volcengine_ecs::{
    DescribeInstancesRequest, DescribeInstancesResult, Instance as WireInstance,
    InstanceNetworkInterface, DESCRIBE_INSTANCES_PAGE,
};

use tether_wire::api::volcengine_ecs::network_interface_type;

use super::filters::passes;
use super::views::{eni_type, name_or_id};
use super::{Route, Service};
use crate::call::{mac_of, token_page, Call, Outcome};
use crate::state::{CloudInventory, Instance, World};

use crate::clock::CREATED_VOLCENGINE as CREATED_AT;

/// The read Volcengine ECS answers.
pub const SERVICE: Service = Service {
    routes: &[Route::read::<DescribeInstancesRequest>(describe_instances)],
    settle: &[],
};

fn instance_view(inv: &CloudInventory, region: &str, inst: &Instance) -> WireInstance {
    let enis: Vec<InstanceNetworkInterface> = inv
        .enis_of_instance(region, &inst.id)
        .into_iter()
        .map(|e| InstanceNetworkInterface {
            network_interface_id: e.id.clone(),
            eni_type: eni_type(
                e,
                network_interface_type::PRIMARY,
                network_interface_type::SECONDARY,
            ),
            primary_ip_address: e.private_ips.first().cloned().unwrap_or_default(),
            subnet_id: e.subnet_id.clone(),
            vpc_id: e.vpc_id.clone(),
            mac_address: mac_of(&e.id),
            security_group_ids: Vec::new(),
        })
        .collect();
    WireInstance {
        instance_id: inst.id.clone(),
        instance_name: inst.name.clone(),
        description: String::new(),
        host_name: name_or_id(&inst.name, &inst.id),
        status: inst.status.clone(),
        instance_type_id: inst.instance_type.clone(),
        vpc_id: inst.vpc_id.clone(),
        zone_id: inst.zone.clone(),
        network_interfaces: enis,
        os_type: "Linux".into(),
        instance_charge_type: "PostPaid".into(),
        project_name: super::volcengine_vpc::PROJECT_NAME.into(),
        created_at: CREATED_AT.into(),
        updated_at: CREATED_AT.into(),
        ..Default::default()
    }
}

/// DescribeInstances. Tag filters match nothing (the inventory has no tags).
pub fn describe_instances(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeInstancesRequest = call.decode()?;
    let inv = &world.inventory.volcengine;
    let all: Vec<WireInstance> = inv
        .region_items(&call.region, |r| &r.instances)
        .iter()
        .filter(|i| !i.foreign_owner)
        .map(|i| instance_view(inv, &call.region, i))
        .filter(|v| {
            // Besides the declared filters: a name filter matches the names that contain it;
            // a primary IP filter, an instance one of whose ENIs has that primary IP.
            passes!(req, v {
                listed: instance_ids => v.instance_id;
                equal: vpc_id, zone_id, status, instance_charge_type, project_name;
                unsupported: tag_filters;
            }) && req
                .instance_name
                .as_ref()
                .is_none_or(|n| v.instance_name.contains(n.as_str()))
                && req.primary_ip_address.as_ref().is_none_or(|ip| {
                    v.network_interfaces
                        .iter()
                        .any(|n| n.primary_ip_address == *ip)
                })
        })
        .collect();
    let (items, next_token) = token_page(
        &all,
        req.next_token.as_deref(),
        req.max_results
            .unwrap_or(DESCRIBE_INSTANCES_PAGE.default_size),
    )?;
    Ok(
        call.encode::<DescribeInstancesRequest>(&DescribeInstancesResult {
            request_id: call.request_id.clone(),
            instances: items,
            total_count: all.len() as u64,
            next_token,
        }),
    )
}
