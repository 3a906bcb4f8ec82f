//! ESS AttachInstances and DetachInstances: each checked request starts one scaling activity
//! over the instances it names.

use super::*;
use serde_json::Value;
use tether_wire::api::ApiAction;

use crate::state::DbInstance;

/// What a new scaling activity works on.
struct ActivitySpec<'a> {
    region: &'a str,
    group_id: &'a str,
    kind: &'a str,
    instances: Vec<String>,
    ignored: Vec<String>,
    decrease_desired: bool,
}

/// The database instance `id` a group names, refused (`IncorrectDBInstanceStatus`) when it
/// is missing or not running.
fn running_db<'a>(inv: &'a CloudInventory, id: &str) -> Result<&'a DbInstance, Failure> {
    inv.find_db(id)
        .map(|(_, d)| d)
        .filter(|d| d.status == db_instance_status::RUNNING)
        .ok_or_else(|| Failure::about(err::INCORRECT_DB_INSTANCE_STATUS, id))
}

/// The instances a request names, sorted by `check` (given each one's position and id):
/// those it accepts, as it maps them, and those it refuses when `IgnoreInvalidInstance` is
/// true; otherwise the first refusal refuses the request.
fn sort_instances<T>(
    ids: &[String],
    ignore_invalid: Option<bool>,
    mut check: impl FnMut(usize, &String) -> Result<T, Failure>,
) -> Result<(Vec<T>, Vec<String>), Failure> {
    let mut accepted = Vec::new();
    let mut ignored = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match check(i, id) {
            Ok(value) => accepted.push(value),
            Err(_) if ignore_invalid == Some(true) => ignored.push(id.clone()),
            Err(f) => return Err(f),
        }
    }
    Ok((accepted, ignored))
}

/// The answer of an accepted AttachInstances or DetachInstances: the activity it started.
fn activity_answer<R: ApiAction<Response = ScalingActivityResponse>>(
    call: &Call,
    activity: String,
) -> Value {
    call.encode::<R>(&ScalingActivityResponse {
        request_id: call.request_id.clone(),
        scaling_activity_id: activity,
    })
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
            status_code: activity_status::IN_PROGRESS.into(),
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
    let (valid, ignored) =
        sort_instances(&req.instance_ids, req.ignore_invalid_instance, |i, id| {
            check_attachable(inv, &region, &group, id).map(|()| (id.clone(), req.weight_of(i)))
        })?;
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
        let d = running_db(inv, db)?;
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
                creation_type: creation_type::ATTACHED.into(),
                lifecycle_state: instance_lifecycle_state::PENDING.into(),
                health_status: health_status::HEALTHY.into(),
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
    Ok(activity_answer::<AttachInstancesRequest>(call, activity))
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
    let (valid, ignored) =
        sort_instances(&req.instance_ids, req.ignore_invalid_instance, |_, id| {
            let member = group.members.iter().find(|m| m.instance_id == *id);
            match member {
                None if inv.find_instance(id).is_none() => {
                    Err(Failure::about(err::INVALID_INSTANCE_ID_NOT_FOUND, id))
                }
                None => Err(Failure::with_message(
                    err::INVALID_INSTANCE_ID_NOT_FOUND,
                    format!("Instance \"{id}\" does not exist in the specified scaling group."),
                )),
                Some(m)
                    if m.lifecycle_state != instance_lifecycle_state::IN_SERVICE
                        && m.lifecycle_state != instance_lifecycle_state::STANDBY =>
                {
                    Err(Failure::about(err::INCORRECT_INSTANCE_STATUS, id))
                }
                Some(_) => Ok(id.clone()),
            }
        })?;
    if group.members.len().saturating_sub(valid.len()) < group.min_size as usize {
        return Err(err::INCORRECT_CAPACITY_MIN_SIZE.into());
    }
    check_load_balancers(inv, &group, false)?;
    for db in &group.db_instance_ids {
        running_db(inv, db)?;
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
                m.lifecycle_state = instance_lifecycle_state::REMOVING.into();
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
    Ok(activity_answer::<DetachInstancesRequest>(call, activity))
}
