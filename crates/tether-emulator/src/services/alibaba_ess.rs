//! Alibaba Cloud Auto Scaling (ESS) 2014-08-28: AttachInstances, DetachInstances,
//! DescribeScalingInstances, DescribeScalingActivities, DescribeScalingGroups,
//! DescribeScalingConfigurations.
//!
//! Attach and detach start a scaling activity that stays `InProgress` for the configured
//! delay (the group refuses other activities meanwhile with `ScalingActivityInProgress`),
//! then ends `Successful`, `Warning` (some instances were ignored through
//! `IgnoreInvalidInstance`) or `Failed` (an instance vanished meanwhile, or fault injection;
//! the activity's changes are rolled back). Attached instances show `CreationType=Attached`
//! and are `Pending` until the activity ends.

use std::collections::BTreeSet;

use tether_wire::api::alibaba_ess::{
    AttachInstancesRequest, DescribeScalingActivitiesRequest, DescribeScalingActivitiesResponse,
    DescribeScalingConfigurationsRequest, DescribeScalingConfigurationsResponse,
    DescribeScalingGroupsRequest, DescribeScalingGroupsResponse, DescribeScalingInstancesRequest,
    DescribeScalingInstancesResponse, DetachInstancesRequest, ScalingActivity as WireActivity,
    ScalingActivityResponse, ScalingConfiguration as WireConfiguration, ScalingGroup as WireGroup,
    ScalingInstance, DESCRIBE_SCALING_ACTIVITIES_PAGE, DESCRIBE_SCALING_CONFIGURATIONS_PAGE,
    DESCRIBE_SCALING_GROUPS_PAGE, DESCRIBE_SCALING_INSTANCES_PAGE,
};
use tether_wire::cloud::Cloud;
use tether_wire::constraints::alibaba_ess as err;
use tether_wire::constraints::ess_attachment;

use super::{Route, Service};
use crate::answer::Failure;
use crate::call::{page, Call, Outcome};
use crate::clock::{iso, Utc};
use crate::state::{
    status, CloudInventory, Inventory, ScalingActivity, ScalingConfiguration, ScalingGroup,
    ScalingMember, World,
};

const CLOUD: Cloud = Cloud::Alibaba;
const CREATED_AT: &str = "2024-01-01T00:00Z";

/// The actions Alibaba Auto Scaling answers, and its transitions (scaling activities).
pub const SERVICE: Service = Service {
    routes: &[
        Route::write::<AttachInstancesRequest>(attach),
        Route::write::<DetachInstancesRequest>(detach),
        Route::read::<DescribeScalingInstancesRequest>(describe_instances),
        Route::read::<DescribeScalingActivitiesRequest>(describe_activities),
        Route::read::<DescribeScalingGroupsRequest>(describe_groups),
        Route::read::<DescribeScalingConfigurationsRequest>(describe_configurations),
    ],
    settle: &[settle],
};

fn settle(inv: &mut Inventory, now_ms: u64) -> bool {
    settle_activities(&mut inv.alibaba, now_ms)
}

fn invalid(message: impl Into<String>) -> Failure {
    Failure::with_message(err::INVALID_PARAMETER, message)
}

fn check_unique(ids: &[String]) -> Result<(), Failure> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(invalid(format!(
                "The specified parameter InstanceId.N contains {id} more than once."
            )));
        }
    }
    Ok(())
}

fn check_token(token: Option<&String>) -> Result<(), Failure> {
    match token {
        Some(t) if !crate::idempotency::token_is_valid(t) => {
            Err(invalid("The specified ClientToken is malformed."))
        }
        _ => Ok(()),
    }
}

/// The group (with its region) a request names.
fn locate_group(
    inv: &CloudInventory,
    region: Option<&str>,
    id: &str,
) -> Result<(String, ScalingGroup), Failure> {
    let found = match region {
        Some(r) => inv
            .region(r)
            .and_then(|reg| reg.scaling_groups.iter().find(|g| g.id == id))
            .map(|g| (r.to_string(), g.clone())),
        None => inv.find_group(id).map(|(r, g)| (r.to_string(), g.clone())),
    };
    found.ok_or_else(|| err::INVALID_SCALING_GROUP_ID_NOT_FOUND.into())
}

fn activity_running(inv: &CloudInventory, group_id: &str) -> bool {
    inv.scaling_activities
        .iter()
        .any(|a| a.group_id == group_id && a.status_code == "InProgress")
}

/// The group checks shared by attach and detach.
fn check_group(inv: &CloudInventory, group: &ScalingGroup) -> Result<(), Failure> {
    if !group.ess_authorized {
        return Err(err::FORBIDDEN_UNAUTHORIZED.into());
    }
    if group.lifecycle_state != ess_attachment::ACTIVE_STATE {
        return Err(err::INCORRECT_SCALING_GROUP_STATUS.into());
    }
    if activity_running(inv, &group.id) {
        return Err(err::SCALING_ACTIVITY_IN_PROGRESS.into());
    }
    Ok(())
}

fn check_load_balancers(
    inv: &CloudInventory,
    group: &ScalingGroup,
    full: bool,
) -> Result<(), Failure> {
    let group_vpc = !group.vswitch_ids.is_empty();
    for lb in &group.load_balancer_ids {
        let Some((_, slb)) = inv.find_slb(lb) else {
            return Err(err::INCORRECT_LOAD_BALANCER_STATUS.into());
        };
        if slb.status != "active" {
            return Err(err::INCORRECT_LOAD_BALANCER_STATUS.into());
        }
        if !full {
            continue;
        }
        if !slb.health_check {
            return Err(err::INCORRECT_LOAD_BALANCER_HEALTH_CHECK.into());
        }
        if (slb.network_type == "vpc") != group_vpc {
            return Err(err::INVALID_LOAD_BALANCER_ID_INCORRECT_INSTANCE_NETWORK_TYPE.into());
        }
        if group_vpc && slb.vpc_id != group.vpc_id {
            return Err(err::INVALID_LOAD_BALANCER_ID_VPC_MISMATCH.into());
        }
    }
    Ok(())
}

fn check_attachable(
    inv: &CloudInventory,
    group_region: &str,
    group: &ScalingGroup,
    id: &str,
) -> Result<(), Failure> {
    let Some((region, inst)) = inv.find_instance(id) else {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_NOT_FOUND, id));
    };
    if region != group_region {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_REGION_MISMATCH, id));
    }
    if inst.status != status::running(CLOUD) {
        return Err(Failure::about(err::INCORRECT_INSTANCE_STATUS, id));
    }
    let group_vpc = !group.vswitch_ids.is_empty();
    if (inst.network_type == "vpc") != group_vpc {
        return Err(Failure::about(
            err::INVALID_INSTANCE_ID_NETWORK_TYPE_MISMATCH,
            id,
        ));
    }
    if group_vpc && !group.vpc_id.is_empty() && inst.vpc_id != group.vpc_id {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_VPC_MISMATCH, id));
    }
    let types = group.active_instance_types();
    if !types.is_empty() && !inst.instance_type.is_empty() && !types.contains(&inst.instance_type) {
        return Err(Failure::about(
            err::INVALID_INSTANCE_ID_INSTANCE_TYPE_MISMATCH,
            id,
        ));
    }
    if inv.group_of_instance(id).is_some() {
        return Err(Failure::about(err::INVALID_INSTANCE_ID_IN_USE, id));
    }
    Ok(())
}

/// What a new scaling activity works on.
struct ActivitySpec<'a> {
    region: &'a str,
    group_id: &'a str,
    kind: &'a str,
    instances: Vec<String>,
    ignored: Vec<String>,
    decrease_desired: bool,
}

fn new_activity(world: &mut World, call: &Call, spec: ActivitySpec<'_>) -> String {
    let ActivitySpec {
        region,
        group_id,
        kind,
        instances,
        ignored,
        decrease_desired,
    } = spec;
    let id = world.next_activity_id();
    let delay = world.faults.delay_ms(call.action.action);
    let fail = world.faults.draw_async_failure(call.action.action);
    let n = instances.len();
    let (cause, description) = if kind == "attach" {
        (
            format!(
                "At {}, instances were added to the scaling group.",
                iso(call.now_ms)
            ),
            format!("Add \"{n}\" ECS instance(s)"),
        )
    } else {
        (
            format!(
                "At {}, instances were detached from the scaling group.",
                iso(call.now_ms)
            ),
            format!("Remove \"{n}\" ECS instance(s)"),
        )
    };
    world
        .inventory
        .alibaba
        .scaling_activities
        .push(ScalingActivity {
            id: id.clone(),
            group_id: group_id.to_string(),
            region: region.to_string(),
            kind: kind.to_string(),
            status_code: "InProgress".into(),
            status_message: String::new(),
            cause,
            description,
            start_ms: call.now_ms,
            settle_at_ms: call.now_ms + delay,
            end_ms: None,
            instances,
            ignored,
            fail,
            decrease_desired,
            ..Default::default()
        });
    id
}

/// AttachInstances.
pub fn attach(world: &mut World, call: &Call) -> Outcome {
    let req: AttachInstancesRequest = call.decode()?;
    check_unique(&req.instance_ids)?;
    check_token(req.client_token.as_ref())?;
    if req.load_balancer_weights.len() > req.instance_ids.len() {
        return Err(invalid(
            "The number of LoadBalancerWeight.N exceeds the number of InstanceId.N.",
        ));
    }
    let range = ess_attachment::LOAD_BALANCER_WEIGHT;
    for (i, w) in req.load_balancer_weights.iter().enumerate() {
        if !range.allows(i64::from(*w)) {
            return Err(invalid(format!(
                "The specified parameter LoadBalancerWeight.{} ({w}) is not between {} and {}.",
                i + 1,
                range.min,
                range.max
            )));
        }
    }
    let inv = &world.inventory.alibaba;
    let (region, group) = locate_group(inv, req.region_id.as_deref(), &req.scaling_group_id)?;
    check_group(inv, &group)?;
    let ignore = req.ignore_invalid_instance == Some(true);
    let mut valid: Vec<(String, u32)> = Vec::new();
    let mut ignored = Vec::new();
    for (i, id) in req.instance_ids.iter().enumerate() {
        match check_attachable(inv, &region, &group, id) {
            Ok(()) => valid.push((id.clone(), req.weight_of(i))),
            Err(_) if ignore => ignored.push(id.clone()),
            Err(f) => return Err(f),
        }
    }
    let total = group.members.len();
    if total + valid.len() > group.max_size as usize {
        return Err(ess_attachment::MAX_SIZE.into());
    }
    if let Some(cap) = group.security_group_capacity {
        if total + valid.len() > cap as usize {
            return Err(err::QUOTA_EXCEEDED_SECURITY_GROUP_INSTANCE.into());
        }
    }
    check_load_balancers(inv, &group, true)?;
    for db in &group.db_instance_ids {
        let Some((_, d)) = inv.find_db(db) else {
            return Err(Failure::about(err::INCORRECT_DB_INSTANCE_STATUS, db));
        };
        if d.status != "Running" {
            return Err(Failure::about(err::INCORRECT_DB_INSTANCE_STATUS, db));
        }
        if d.security_ips_used as usize + valid.len() > d.security_ip_quota as usize {
            return Err(Failure::about(
                err::QUOTA_EXCEEDED_DB_INSTANCE_SECURITY_IP,
                db,
            ));
        }
    }
    let ids: Vec<String> = valid.iter().map(|(id, _)| id.clone()).collect();
    let activity = new_activity(
        world,
        call,
        ActivitySpec {
            region: &region,
            group_id: &group.id,
            kind: "attach",
            instances: ids,
            ignored,
            decrease_desired: false,
        },
    );
    let n = u32::try_from(valid.len()).unwrap_or(u32::MAX);
    let inv = &mut world.inventory.alibaba;
    for db in &group.db_instance_ids {
        if let Some(d) = inv.find_db_mut(db) {
            d.security_ips_used += n;
        }
    }
    if let Some(g) = inv.find_group_mut(&group.id) {
        for (id, weight) in valid {
            g.members.push(ScalingMember {
                instance_id: id,
                creation_type: "Attached".into(),
                lifecycle_state: "Pending".into(),
                health_status: "Healthy".into(),
                load_balancer_weight: weight,
                entrusted: req.entrusted == Some(true),
                activity_id: activity.clone(),
                joined_at_ms: call.now_ms,
            });
        }
        if let Some(d) = g.desired_capacity.as_mut() {
            *d = (*d + n).min(g.max_size);
        }
    }
    Ok(
        call.encode::<AttachInstancesRequest>(&ScalingActivityResponse {
            request_id: call.request_id.clone(),
            scaling_activity_id: activity,
        }),
    )
}

/// DetachInstances.
pub fn detach(world: &mut World, call: &Call) -> Outcome {
    let req: DetachInstancesRequest = call.decode()?;
    check_unique(&req.instance_ids)?;
    check_token(req.client_token.as_ref())?;
    if let Some(opt) = &req.detach_option {
        if opt != "both" {
            return Err(invalid(format!(
                "The specified parameter DetachOption ({opt}) is not valid; the only value is both."
            )));
        }
    }
    let inv = &world.inventory.alibaba;
    let (region, group) = locate_group(inv, req.region_id.as_deref(), &req.scaling_group_id)?;
    check_group(inv, &group)?;
    let ignore = req.ignore_invalid_instance == Some(true);
    let mut valid = Vec::new();
    let mut ignored = Vec::new();
    for id in &req.instance_ids {
        let member = group.members.iter().find(|m| m.instance_id == *id);
        let outcome = match member {
            None if inv.find_instance(id).is_none() => {
                Err(Failure::about(err::INVALID_INSTANCE_ID_NOT_FOUND, id))
            }
            None => Err(Failure::with_message(
                err::INVALID_INSTANCE_ID_NOT_FOUND,
                format!("Instance \"{id}\" does not exist in the specified scaling group."),
            )),
            Some(m) if m.lifecycle_state != "InService" && m.lifecycle_state != "Standby" => {
                Err(Failure::about(err::INCORRECT_INSTANCE_STATUS, id))
            }
            Some(_) => Ok(()),
        };
        match outcome {
            Ok(()) => valid.push(id.clone()),
            Err(_) if ignore => ignored.push(id.clone()),
            Err(f) => return Err(f),
        }
    }
    if group.members.len().saturating_sub(valid.len()) < group.min_size as usize {
        return Err(err::INCORRECT_CAPACITY_MIN_SIZE.into());
    }
    check_load_balancers(inv, &group, false)?;
    for db in &group.db_instance_ids {
        if inv.find_db(db).is_none_or(|(_, d)| d.status != "Running") {
            return Err(Failure::about(err::INCORRECT_DB_INSTANCE_STATUS, db));
        }
    }
    let decrease = req.decrease_desired_capacity != Some(false);
    let activity = new_activity(
        world,
        call,
        ActivitySpec {
            region: &region,
            group_id: &group.id,
            kind: "detach",
            instances: valid.clone(),
            ignored,
            decrease_desired: decrease,
        },
    );
    if let Some(g) = world.inventory.alibaba.find_group_mut(&group.id) {
        for m in &mut g.members {
            if valid.contains(&m.instance_id) {
                m.lifecycle_state = "Removing".into();
                m.activity_id = activity.clone();
            }
        }
        if decrease {
            let n = u32::try_from(valid.len()).unwrap_or(u32::MAX);
            if let Some(d) = g.desired_capacity.as_mut() {
                *d = d.saturating_sub(n).max(g.min_size);
            }
        }
    }
    Ok(
        call.encode::<DetachInstancesRequest>(&ScalingActivityResponse {
            request_id: call.request_id.clone(),
            scaling_activity_id: activity,
        }),
    )
}

/// Settles every scaling activity whose deadline has passed.
pub fn settle_activities(cloud: &mut CloudInventory, now_ms: u64) -> bool {
    if !cloud
        .scaling_activities
        .iter()
        .any(|a| a.status_code == "InProgress" && a.settle_at_ms <= now_ms)
    {
        return false;
    }
    let mut activities = std::mem::take(&mut cloud.scaling_activities);
    for a in activities
        .iter_mut()
        .filter(|a| a.status_code == "InProgress" && a.settle_at_ms <= now_ms)
    {
        let vanished: Vec<String> = a
            .instances
            .iter()
            .filter(|id| cloud.find_instance(id).is_none())
            .cloned()
            .collect();
        let group_exists = cloud.find_group(&a.group_id).is_some();
        let failed = a.fail || !vanished.is_empty() || !group_exists;
        if let Some(g) = cloud.find_group_mut(&a.group_id) {
            let n = u32::try_from(a.instances.len()).unwrap_or(u32::MAX);
            if a.kind == "attach" {
                if failed {
                    g.members.retain(|m| m.activity_id != a.id);
                    if let Some(d) = g.desired_capacity.as_mut() {
                        *d = d.saturating_sub(n).max(g.min_size);
                    }
                } else {
                    for m in g.members.iter_mut().filter(|m| m.activity_id == a.id) {
                        m.lifecycle_state = "InService".into();
                    }
                }
            } else if failed {
                for m in g.members.iter_mut().filter(|m| m.activity_id == a.id) {
                    m.lifecycle_state = "InService".into();
                }
                if a.decrease_desired {
                    if let Some(d) = g.desired_capacity.as_mut() {
                        *d = (*d + n).min(g.max_size);
                    }
                }
            } else {
                g.members
                    .retain(|m| !(m.activity_id == a.id && m.lifecycle_state == "Removing"));
            }
            a.total_capacity = u32::try_from(g.members.len()).unwrap_or(u32::MAX);
            a.attached_capacity = u32::try_from(
                g.members
                    .iter()
                    .filter(|m| m.creation_type == "Attached")
                    .count(),
            )
            .unwrap_or(u32::MAX);
            a.auto_created_capacity = u32::try_from(
                g.members
                    .iter()
                    .filter(|m| m.creation_type == "AutoCreated")
                    .count(),
            )
            .unwrap_or(u32::MAX);
        }
        a.end_ms = Some(a.settle_at_ms.max(a.start_ms));
        if failed {
            a.status_code = "Failed".into();
            if !vanished.is_empty() {
                a.error_code = "InvalidInstanceId.NotFound".into();
                a.error_message = format!(
                    "Instance \"{}\" does not exist any more.",
                    vanished.join(",")
                );
            } else {
                a.error_code = "InternalError".into();
                a.error_message = "The scaling activity failed (injected fault).".into();
            }
            a.status_message = a.error_message.clone();
        } else if !a.ignored.is_empty() {
            a.status_code = "Warning".into();
            a.status_message = format!(
                "The following instances were ignored because they are invalid: {}.",
                a.ignored.join(",")
            );
        } else {
            a.status_code = "Successful".into();
            a.status_message = "\"1\" activity completed.".into();
        }
    }
    cloud.scaling_activities = activities;
    true
}

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
            Some(c) if m.creation_type == "AutoCreated" => c.id.clone(),
            _ => String::new(),
        },
        creation_time: if m.joined_at_ms == 0 {
            CREATED_AT.into()
        } else {
            joined.iso_minutes()
        },
        created_time: if m.joined_at_ms == 0 {
            "2024-01-01T00:00:00Z".into()
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
        .region(&req.region_id)
        .map(|r| {
            r.scaling_groups
                .iter()
                .filter(|g| req.scaling_group_id.as_ref().is_none_or(|id| *id == g.id))
                .flat_map(|g| g.members.iter().map(move |m| (g, m)))
                .map(|(g, m)| member_view(inv, g, m))
                .filter(|v| {
                    req.creation_type
                        .as_ref()
                        .is_none_or(|c| *c == v.creation_type)
                        && req
                            .lifecycle_state
                            .as_ref()
                            .is_none_or(|s| *s == v.lifecycle_state)
                        && req
                            .health_status
                            .as_ref()
                            .is_none_or(|h| *h == v.health_status)
                        && (req.instance_ids.is_empty()
                            || req.instance_ids.contains(&v.instance_id))
                        && req
                            .scaling_activity_id
                            .as_ref()
                            .is_none_or(|a| *a == v.scaling_activity_id)
                        && req
                            .scaling_configuration_id
                            .as_ref()
                            .is_none_or(|c| *c == v.scaling_configuration_id)
                })
                .collect()
        })
        .unwrap_or_default();
    let (items, page_number, page_size) = page(
        &all,
        req.page_number,
        req.page_size,
        DESCRIBE_SCALING_INSTANCES_PAGE.default_size,
    );
    Ok(
        call.encode::<DescribeScalingInstancesRequest>(&DescribeScalingInstancesResponse {
            request_id: call.request_id.clone(),
            total_count: all.len() as u64,
            total_spot_count: 0,
            page_number,
            page_size,
            scaling_instances: items.into(),
        }),
    )
}

fn activity_view(a: &ScalingActivity, now_ms: u64) -> WireActivity {
    let progress = if a.status_code == "InProgress" {
        let span = a.settle_at_ms.saturating_sub(a.start_ms).max(1);
        let done = now_ms.saturating_sub(a.start_ms).min(span);
        i64::try_from(done * 99 / span).unwrap_or(0)
    } else {
        100
    };
    WireActivity {
        scaling_activity_id: a.id.clone(),
        scaling_group_id: a.group_id.clone(),
        status_code: a.status_code.clone(),
        status_message: a.status_message.clone(),
        progress,
        cause: a.cause.clone(),
        description: a.description.clone(),
        start_time: Utc::from_ms(a.start_ms).iso_minutes(),
        end_time: a
            .end_ms
            .map(|ms| Utc::from_ms(ms).iso_minutes())
            .unwrap_or_default(),
        total_capacity: a.total_capacity.to_string(),
        attached_capacity: a.attached_capacity.to_string(),
        auto_created_capacity: a.auto_created_capacity.to_string(),
        scaling_instance_number: i64::try_from(a.instances.len()).unwrap_or(0),
        error_code: a.error_code.clone(),
        error_message: a.error_message.clone(),
        trigger_source_type: "APIs".into(),
        ..Default::default()
    }
}

/// DescribeScalingActivities (newest first).
pub fn describe_activities(world: &mut World, call: &Call) -> Outcome {
    let req: DescribeScalingActivitiesRequest = call.decode()?;
    let mut all: Vec<WireActivity> = world
        .inventory
        .alibaba
        .scaling_activities
        .iter()
        .filter(|a| {
            a.region == req.region_id
                && req
                    .scaling_group_id
                    .as_ref()
                    .is_none_or(|g| *g == a.group_id)
                && (req.scaling_activity_ids.is_empty() || req.scaling_activity_ids.contains(&a.id))
                && req.status_code.as_ref().is_none_or(|s| *s == a.status_code)
        })
        .map(|a| activity_view(a, call.now_ms))
        .collect();
    all.reverse();
    let (items, page_number, page_size) = page(
        &all,
        req.page_number,
        req.page_size,
        DESCRIBE_SCALING_ACTIVITIES_PAGE.default_size,
    );
    Ok(
        call.encode::<DescribeScalingActivitiesRequest>(&DescribeScalingActivitiesResponse {
            request_id: call.request_id.clone(),
            total_count: all.len() as u64,
            page_number,
            page_size,
            scaling_activities: items.into(),
        }),
    )
}

fn count(g: &ScalingGroup, state: &str) -> i64 {
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
        active_capacity: count(g, "InService"),
        pending_capacity: count(g, "Pending"),
        removing_capacity: count(g, "Removing"),
        standby_capacity: count(g, "Standby"),
        protected_capacity: count(g, "Protected"),
        stopped_capacity: count(g, "Stopped"),
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
        .region(region)
        .map(|r| {
            r.scaling_groups
                .iter()
                .filter(|g| {
                    (req.scaling_group_ids.is_empty() || req.scaling_group_ids.contains(&g.id))
                        && req.scaling_group_name.as_ref().is_none_or(|n| *n == g.name)
                        && (req.scaling_group_names.is_empty()
                            || req.scaling_group_names.contains(&g.name))
                        && req.group_type.as_ref().is_none_or(|t| t == "ECS")
                })
                .map(|g| group_view(region, g))
                .collect()
        })
        .unwrap_or_default();
    let (items, page_number, page_size) = page(
        &all,
        req.page_number,
        req.page_size,
        DESCRIBE_SCALING_GROUPS_PAGE.default_size,
    );
    Ok(
        call.encode::<DescribeScalingGroupsRequest>(&DescribeScalingGroupsResponse {
            request_id: call.request_id.clone(),
            total_count: all.len() as u64,
            page_number,
            page_size,
            scaling_groups: items.into(),
        }),
    )
}

fn configuration_view(g: &ScalingGroup, c: &ScalingConfiguration) -> WireConfiguration {
    WireConfiguration {
        scaling_configuration_id: c.id.clone(),
        scaling_configuration_name: if c.name.is_empty() {
            c.id.clone()
        } else {
            c.name.clone()
        },
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
        .region(&req.region_id)
        .map(|r| {
            r.scaling_groups
                .iter()
                .filter(|g| req.scaling_group_id.as_ref().is_none_or(|id| *id == g.id))
                .flat_map(|g| g.scaling_configurations.iter().map(move |c| (g, c)))
                .filter(|(_, c)| {
                    (req.scaling_configuration_ids.is_empty()
                        || req.scaling_configuration_ids.contains(&c.id))
                        && (req.scaling_configuration_names.is_empty()
                            || req.scaling_configuration_names.contains(&c.name))
                })
                .map(|(g, c)| configuration_view(g, c))
                .collect()
        })
        .unwrap_or_default();
    let (items, page_number, page_size) = page(
        &all,
        req.page_number,
        req.page_size,
        DESCRIBE_SCALING_CONFIGURATIONS_PAGE.default_size,
    );
    Ok(call.encode::<DescribeScalingConfigurationsRequest>(
        &DescribeScalingConfigurationsResponse {
            request_id: call.request_id.clone(),
            total_count: all.len() as u64,
            page_number,
            page_size,
            scaling_configurations: items.into(),
        },
    ))
}
