//! ESS scaling activities: their settling (`InProgress` to `Successful`, `Warning` or
//! `Failed`, rolling back a failed activity's changes) and DescribeScalingActivities.

use super::*;

/// How many members of `g` joined it as `creation_type` (`Attached`, `AutoCreated`).
fn members_created_as(g: &ScalingGroup, creation_type: &str) -> u32 {
    let count = g
        .members
        .iter()
        .filter(|m| m.creation_type == creation_type)
        .count();
    u32::try_from(count).unwrap_or(u32::MAX)
}

/// Settles every scaling activity whose deadline has passed.
pub fn settle_activities(cloud: &mut CloudInventory, now_ms: u64) -> bool {
    if !cloud
        .scaling_activities
        .iter()
        .any(|a| a.status_code == activity_status::IN_PROGRESS && a.settle_at_ms <= now_ms)
    {
        return false;
    }
    let mut activities = std::mem::take(&mut cloud.scaling_activities);
    for a in activities
        .iter_mut()
        .filter(|a| a.status_code == activity_status::IN_PROGRESS && a.settle_at_ms <= now_ms)
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
                        m.lifecycle_state = instance_lifecycle_state::IN_SERVICE.into();
                    }
                }
            } else if failed {
                for m in g.members.iter_mut().filter(|m| m.activity_id == a.id) {
                    m.lifecycle_state = instance_lifecycle_state::IN_SERVICE.into();
                }
                if a.decrease_desired {
                    if let Some(d) = g.desired_capacity.as_mut() {
                        *d = (*d + n).min(g.max_size);
                    }
                }
            } else {
                g.members.retain(|m| {
                    !(m.activity_id == a.id
                        && m.lifecycle_state == instance_lifecycle_state::REMOVING)
                });
            }
            a.total_capacity = u32::try_from(g.members.len()).unwrap_or(u32::MAX);
            a.attached_capacity = members_created_as(g, creation_type::ATTACHED);
            a.auto_created_capacity = members_created_as(g, creation_type::AUTO_CREATED);
        }
        a.end_ms = Some(a.settle_at_ms.max(a.start_ms));
        if failed {
            a.status_code = activity_status::FAILED.into();
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
            a.status_code = activity_status::WARNING.into();
            a.status_message = format!(
                "The following instances were ignored because they are invalid: {}.",
                a.ignored.join(",")
            );
        } else {
            a.status_code = activity_status::SUCCESSFUL.into();
            a.status_message = "\"1\" activity completed.".into();
        }
    }
    cloud.scaling_activities = activities;
    true
}

fn activity_view(a: &ScalingActivity, now_ms: u64) -> WireActivity {
    let progress = if a.status_code == activity_status::IN_PROGRESS {
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
                && passes!(req, a {
                    equal: scaling_group_id => a.group_id;
                    listed: scaling_activity_ids => a.id;
                    equal: status_code;
                })
        })
        .map(|a| activity_view(a, call.now_ms))
        .collect();
    all.reverse();
    Ok(call.numbered_answer(&req, &all))
}
