//! The ESS reads of groups and their parts: DescribeScalingInstances, DescribeScalingGroups
//! and DescribeScalingConfigurations.

use super::*;

fn member_view(inv: &CloudInventory, group: &ScalingGroup, m: &ScalingMember) -> ScalingInstance {
    let inst = inv.find_instance(&m.instance_id).map(|(_, i)| i);
    let joined = Utc::from_ms(m.joined_at_ms);
    ScalingInstance {
        instance_id: m.instance_id.clone(),
        scaling_group_id: group.id.clone(),
        lifecycle_state: m.lifecycle_state.clone(),
        health_status: m.health_status.clone(),
        creation_type: m.creation_type.clone(),
        entrusted: m.entrusted,
        load_balancer_weight: Some(i64::from(m.load_balancer_weight)),
        scaling_configuration_id: match group.active_configuration() {
            Some(c) if m.creation_type == creation_type::AUTO_CREATED => c.id.clone(),
            _ => String::new(),
        },
        creation_time: if m.joined_at_ms == 0 {
            CREATED_AT.into()
        } else {
            joined.iso_minutes()
        },
        created_time: if m.joined_at_ms == 0 {
            CREATED_SECONDS.into()
        } else {
            joined.iso_seconds()
        },
        zone_id: inst.map(|i| i.zone.clone()).unwrap_or_default(),
        warmup_state: "NoNeedWarmup".into(),
        weighted_capacity: Some(1),
        spot_strategy: "NoSpot".into(),
        instance_type: inst.map(|i| i.instance_type.clone()).unwrap_or_default(),
        private_ip_address: inst.map(|i| i.private_ip.clone()).unwrap_or_default(),
        scaling_activity_id: m.activity_id.clone(),
        ..Default::default()
    }
}

/// DescribeScalingInstances.
pub fn describe_instances(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeScalingInstancesRequest = call.decode()?;
    let inv = &world.inventory.alibaba;
    let all: Vec<ScalingInstance> = inv
        .region_items(&req.region_id, |r| &r.scaling_groups)
        .iter()
        .filter(|g| unset_or_equal(&req.scaling_group_id, &g.id))
        .flat_map(|g| g.members.iter().map(move |m| (g, m)))
        .map(|(g, m)| member_view(inv, g, m))
        .filter(|v| {
            passes!(req, v {
                equal: creation_type, lifecycle_state, health_status;
                listed: instance_ids => v.instance_id;
                equal: scaling_activity_id, scaling_configuration_id;
            })
        })
        .collect();
    Ok(call.numbered_answer(&req, &all))
}

pub(super) fn count(g: &ScalingGroup, state: &str) -> i64 {
    i64::try_from(
        g.members
            .iter()
            .filter(|m| m.lifecycle_state == state)
            .count(),
    )
    .unwrap_or(0)
}

fn group_view(region: &str, g: &ScalingGroup) -> WireGroup {
    let total = i64::try_from(g.members.len()).unwrap_or(0);
    WireGroup {
        scaling_group_id: g.id.clone(),
        scaling_group_name: g.name.clone(),
        lifecycle_state: g.lifecycle_state.clone(),
        min_size: i64::from(g.min_size),
        max_size: i64::from(g.max_size),
        desired_capacity: g.desired_capacity.map(i64::from),
        enable_desired_capacity: g.desired_capacity.is_some(),
        total_capacity: total,
        active_capacity: count(g, instance_lifecycle_state::IN_SERVICE),
        pending_capacity: count(g, instance_lifecycle_state::PENDING),
        removing_capacity: count(g, instance_lifecycle_state::REMOVING),
        standby_capacity: count(g, instance_lifecycle_state::STANDBY),
        protected_capacity: count(g, instance_lifecycle_state::PROTECTED),
        stopped_capacity: count(g, instance_lifecycle_state::STOPPED),
        total_instance_count: total,
        active_scaling_configuration_id: g
            .active_configuration()
            .map(|c| c.id.clone())
            .unwrap_or_default(),
        v_switch_id: g.vswitch_ids.first().cloned().unwrap_or_default(),
        v_switch_ids: g.vswitch_ids.clone().into(),
        vpc_id: g.vpc_id.clone(),
        region_id: region.to_string(),
        load_balancer_ids: g.load_balancer_ids.clone().into(),
        db_instance_ids: g.db_instance_ids.clone().into(),
        removal_policies: vec![
            "OldestScalingConfiguration".to_string(),
            "OldestInstance".to_string(),
        ]
        .into(),
        default_cooldown: 300,
        multi_az_policy: "PRIORITY".into(),
        health_check_type: "ECS".into(),
        scaling_policy: "recycle".into(),
        group_type: "ECS".into(),
        creation_time: CREATED_AT.into(),
        modification_time: CREATED_AT.into(),
        ..Default::default()
    }
}

/// DescribeScalingGroups.
pub fn describe_groups(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeScalingGroupsRequest = call.decode()?;
    let region = req.region_id.as_str();
    let all: Vec<WireGroup> = world
        .inventory
        .alibaba
        .region_items(region, |r| &r.scaling_groups)
        .iter()
        .filter(|g| {
            // Besides the declared filters: every group is of type `ECS`.
            passes!(req, g {
                listed: scaling_group_ids => g.id;
                equal: scaling_group_name => g.name;
                listed: scaling_group_names => g.name;
            }) && req.group_type.as_ref().is_none_or(|t| t == "ECS")
        })
        .map(|g| group_view(region, g))
        .collect();
    Ok(call.numbered_answer(&req, &all))
}

fn configuration_view(g: &ScalingGroup, c: &ScalingConfiguration) -> WireConfiguration {
    WireConfiguration {
        scaling_configuration_id: c.id.clone(),
        scaling_configuration_name: name_or_id(&c.name, &c.id),
        scaling_group_id: g.id.clone(),
        lifecycle_state: c.lifecycle_state.clone(),
        instance_type: c.instance_types.first().cloned().unwrap_or_default(),
        instance_types: c.instance_types.clone().into(),
        image_id: c.image_id.clone(),
        security_group_id: c.security_group_id.clone(),
        io_optimized: "optimized".into(),
        internet_charge_type: "PayByTraffic".into(),
        system_disk_category: "cloud_essd".into(),
        system_disk_size: 40,
        load_balancer_weight: 50,
        creation_time: CREATED_AT.into(),
        ..Default::default()
    }
}

/// DescribeScalingConfigurations (the configurations of the region's groups, in order).
pub fn describe_configurations(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeScalingConfigurationsRequest = call.decode()?;
    let all: Vec<WireConfiguration> = world
        .inventory
        .alibaba
        .region_items(&req.region_id, |r| &r.scaling_groups)
        .iter()
        .filter(|g| unset_or_equal(&req.scaling_group_id, &g.id))
        .flat_map(|g| g.scaling_configurations.iter().map(move |c| (g, c)))
        .filter(|(_, c)| {
            passes!(req, c {
                listed: scaling_configuration_ids => c.id;
                listed: scaling_configuration_names => c.name;
            })
        })
        .map(|(g, c)| configuration_view(g, c))
        .collect();
    Ok(call.numbered_answer(&req, &all))
}
