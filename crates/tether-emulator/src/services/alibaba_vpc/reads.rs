//! The Alibaba VPC reads of what an EIP binds to: DescribeNatGateways, DescribeHaVips and
//! DescribeVpcs (the VPCs are those the region's resources name, plus its `default_vpcs`).

use super::*;
use tether_wire::api::alibaba_vpc::{eip_instance_type, vpc_status};

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
        .region_items(region, |r| &r.nat_gateways)
        .iter()
        .map(|n| nat_view(region, n))
        .filter(|v| {
            passes!(req, v {
                equal: nat_gateway_id, vpc_id, name, status, network_type;
                unsupported: zone_id;
            })
        })
        .collect();
    Ok(call.numbered_answer(&req, &all))
}

fn havip_view(inv: &CloudInventory, region: &str, h: &HaVip) -> WireHaVip {
    let eips: Vec<String> = inv
        .all_eips()
        .filter(|(_, e)| {
            e.binding.as_ref().is_some_and(|b| {
                b.instance_type == eip_instance_type::HA_VIP && b.instance_id == h.id
            })
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
        associated_instance_type: reported_member_type(h),
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
        .region_items(region, |r| &r.havips)
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
        .collect();
    Ok(call.numbered_answer(&req, &all))
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
                    status: vpc_status::AVAILABLE.into(),
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
            passes!(req, v {
                listed: vpc_ids => v.vpc_id;
                unsupported: vpc_name;
            }) && req.is_default.is_none_or(|d| d == v.is_default)
        })
        .collect();
    Ok(call.numbered_answer(&req, &all))
}
